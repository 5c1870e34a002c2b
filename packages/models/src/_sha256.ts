/**
 * Lower-case hex SHA-256 of `bytes`, with Web Crypto (`crypto.subtle`: browsers in a secure context, Node ≥ 20),
 * so the main entry needs no Node module. A checksum against damage, not a signature: whoever can edit the
 * weights can edit the manifest that holds it.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
  const view = new Uint8Array(digest)
  let hex = ''
  for (let i = 0; i < view.length; i++) hex += view[i].toString(16).padStart(2, '0')
  return hex
}

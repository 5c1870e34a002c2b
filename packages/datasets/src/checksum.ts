import { AedetectError } from '@aedetect/core'

/** Lower-case hex SHA-256 of `bytes`, computed with Web Crypto (`crypto.subtle`, in browsers and Node ≥ 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
  return hexOf(new Uint8Array(digest))
}

/** Hex string of bytes. */
export function hexOf(bytes: Uint8Array): string {
  let hex = ''
  for (let i = 0; i < bytes.length; i++) hex += bytes[i].toString(16).padStart(2, '0')
  return hex
}

/** The `E_CHECKSUM` error for `file`, naming both digests and what to do. */
export function checksumError(file: string, expected: string, got: string): AedetectError {
  return new AedetectError('E_CHECKSUM', `${file}: sha256 is ${got}; expected ${expected}. The file is damaged or a different version: copy it again from the original dataset folder.`)
}

/**
 * Resolves when the SHA-256 of `bytes` is `expected` (hex); otherwise rejects with `E_CHECKSUM` naming
 * `file` and both digests.
 */
export async function verifySha256(bytes: Uint8Array, expected: string, file: string): Promise<void> {
  const got = await sha256Hex(bytes)
  if (got !== expected.toLowerCase()) throw checksumError(file, expected, got)
}

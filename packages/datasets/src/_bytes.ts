import { AedetectError } from '@aedetect/core'
import { gunzipSync } from 'fflate'

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

/**
 * Gunzips `bytes` when they carry the gzip magic number, else returns them unchanged.
 * A truncated or damaged stream throws `E_CORRUPT` naming `source`.
 */
export function maybeGunzip(bytes: Uint8Array, source: string, where: string): Uint8Array {
  if (!isGzip(bytes)) return bytes
  try {
    return gunzipSync(bytes)
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new AedetectError('E_CORRUPT', `${where}: ${source} is not a complete gzip stream (${reason}; ${bytes.length} bytes read). The file is truncated or damaged: copy it again and check its SHA256SUMS entry.`, { cause })
  }
}

/** Decodes UTF-8 bytes (a leading BOM is dropped); strings pass through. */
export function toText(input: string | Uint8Array): string {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input)
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

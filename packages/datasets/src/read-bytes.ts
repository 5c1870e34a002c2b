import { AedetectError } from '@aedetect/core'

/** Anything the browser loaders accept as a file: a URL (string or `URL`), a `Blob`/`File`, or bytes. */
export type ByteSource = string | URL | Blob | ArrayBuffer | Uint8Array

/**
 * Reads a {@link ByteSource} into bytes: fetches a URL, reads a `Blob`/`File`, wraps an `ArrayBuffer`.
 * Throws `E_NOT_FOUND` when a fetch answers with an HTTP error, `E_IO` when it fails.
 */
export async function readBytes(source: ByteSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source
  if (source instanceof ArrayBuffer) return new Uint8Array(source)
  if (typeof Blob !== 'undefined' && source instanceof Blob) return new Uint8Array(await source.arrayBuffer())
  const url = String(source)
  let response: Response
  try {
    response = await fetch(url)
  } catch (cause) {
    throw new AedetectError('E_IO', `readBytes(): fetching ${url} failed (${cause instanceof Error ? cause.message : String(cause)}). Check the URL and that the page may fetch it (CORS).`, { cause })
  }
  if (!response.ok) {
    throw new AedetectError('E_NOT_FOUND', `readBytes(): ${url} answered HTTP ${response.status} ${response.statusText}. Check the URL.`)
  }
  return new Uint8Array(await response.arrayBuffer())
}

import { createHash, type Hash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { AedetectError } from '@aedetect/core'
import { syncFolder } from './_write-file'

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** Expected SHA-256 of the whole file, lower-case hex. */
  sha256: string
  /** Expected size in bytes: a shorter body is incomplete (its `.part` is kept), a longer one is wrong. */
  bytes: number
  /** Longest wait for the next byte (headers included), in milliseconds. */
  timeoutMs: number
  /** Called after every chunk written. */
  onProgress?: (receivedBytes: number, totalBytes: number) => void
  /** Cancels the download (`E_ABORTED`); the `.part` is kept for the next run. */
  signal?: AbortSignal
}

/** What {@link downloadFile} did. */
export interface DownloadedFile {
  /** Bytes in the final file. */
  bytes: number
  /** Bytes kept from an earlier `.part` (0 when the download started from the beginning). */
  resumedFromBytes: number
}

/**
 * Downloads `url` to `path` through `<path>.part`: resumes an existing `.part` with an HTTP Range
 * request (a `206` answer appends; any `200` answer starts over), checks size and SHA-256, fsyncs and
 * renames into place. The caller has checked that `path` does not exist. Throws `E_DOWNLOAD` (HTTP
 * status, broken connection, short body: the `.part` is kept), `E_TIMEOUT` (no byte for `timeoutMs`),
 * `E_ABORTED`, and `E_CHECKSUM` (the `.part` is deleted).
 */
export async function downloadFile(url: string, path: string, options: DownloadFileOptions): Promise<DownloadedFile> {
  const part = `${path}.part`
  let kept = existsSync(part) ? (await stat(part)).size : 0
  // A .part as long as the file or longer cannot be resumed: check it as it is, or start over.
  if (kept >= options.bytes) {
    if (kept === options.bytes && (await hashFile(part)).digest('hex') === options.sha256) return finish(part, path, options.bytes, kept)
    await rm(part, { force: true })
    kept = 0
  }
  const timer = new IdleTimer(options.timeoutMs, options.signal)
  const signal = timer.signal
  // identity: the body must be the file's bytes, and a Range of a gzip-encoded response would count encoded
  // bytes. fetch itself adds it to a request with a Range header, so it is set only on the others.
  const headers = { 'accept-encoding': 'identity' }
  let received = kept
  const failure = (cause: unknown): AedetectError => {
    if (timer.fired) {
      const arrived = received > 0 ? `${received} of ${options.bytes} bytes arrived; ${part} keeps them` : `0 of ${options.bytes} bytes arrived`
      return new AedetectError('E_TIMEOUT', `fetchDatasets(): ${url} sent nothing for ${options.timeoutMs} ms (${arrived}). Run again to resume, or raise the timeout with the timeoutMs option (--timeout-ms) on a slow connection.`, { cause })
    }
    if (options.signal?.aborted) {
      const arrived = received > 0 ? ` (${received} of ${options.bytes} bytes are kept in ${part}; the next run resumes them)` : ''
      return new AedetectError('E_ABORTED', `fetchDatasets(): aborted while downloading ${url}${arrived}.`, { cause })
    }
    const why = (cause as Error)?.cause instanceof Error ? `${(cause as Error).message}: ${((cause as Error).cause as Error).message}` : String((cause as Error)?.message ?? cause)
    const next = received > 0 ? `${part} keeps them: run again to resume.` : 'Check the network and the URL (the baseUrl option, --base-url), then run again.'
    return new AedetectError('E_DOWNLOAD', `fetchDatasets(): the download of ${url} broke off after ${received} of ${options.bytes} bytes (${why}). ${next}`, { cause })
  }
  let file: FileHandle | undefined
  try {
    timer.start()
    let response = await fetch(url, { signal, headers: kept > 0 ? { range: `bytes=${kept}-` } : headers })
    if (response.status === 416 && kept > 0) {
      // The server refuses the range (the .part does not belong to this file): start over.
      await response.body?.cancel()
      await rm(part, { force: true })
      received = kept = 0
      response = await fetch(url, { signal, headers })
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw statusError(url, response)
    }
    let resumed = response.status === 206 && contentRangeStart(response.headers.get('content-range')) === kept
    if (response.status === 206 && !resumed) {
      // A range other than the one asked for: take the whole file instead.
      await response.body?.cancel()
      response = await fetch(url, { signal, headers })
      resumed = false
      if (!response.ok) {
        await response.body?.cancel()
        throw statusError(url, response)
      }
    }
    if (!resumed) received = kept = 0
    const hash = resumed ? await hashFile(part) : createHash('sha256')
    file = await open(part, resumed ? 'a' : 'w')
    const reader = response.body?.getReader()
    while (reader !== undefined) {
      const { done, value: chunk } = await reader.read()
      if (done) break
      timer.start()
      await file.write(chunk)
      hash.update(chunk)
      received += chunk.byteLength
      options.onProgress?.(received, options.bytes)
      if (received > options.bytes) {
        await reader.cancel()
        break
      }
    }
    await file.sync()
    await file.close()
    file = undefined
    timer.stop()
    if (received < options.bytes) throw failure(new Error('the body ended early'))
    if (received > options.bytes) {
      await rm(part, { force: true })
      throw new AedetectError('E_CHECKSUM', `fetchDatasets(): ${url} sent more than the ${options.bytes} bytes of ${path}. The download was deleted; the server sends a different file: check the baseUrl option (--base-url) or the origin.`)
    }
    const got = hash.digest('hex')
    if (got !== options.sha256) {
      await rm(part, { force: true })
      throw new AedetectError('E_CHECKSUM', `fetchDatasets(): ${path} downloaded from ${url} has sha256 ${got}; expected ${options.sha256}. The download was deleted; the server sends a different file: check the baseUrl option (--base-url) or the origin.`)
    }
    return finish(part, path, received, kept)
  } catch (error) {
    throw error instanceof AedetectError ? error : failure(error)
  } finally {
    timer.dispose()
    await file?.close().catch(() => undefined)
  }
}

async function finish(part: string, path: string, bytes: number, kept: number): Promise<DownloadedFile> {
  // Never replace a file this run did not write (the caller checked, but another process may have been quicker).
  if (existsSync(path)) {
    throw new AedetectError('E_IO', `fetchDatasets(): ${path} appeared while it was being downloaded; it was left as it is and the download stays in ${path}.part. Delete one of them and run again.`)
  }
  await rename(part, path)
  await syncFolder(path)
  return { bytes, resumedFromBytes: kept }
}

function statusError(url: string, response: Response): AedetectError {
  return new AedetectError('E_DOWNLOAD', `fetchDatasets(): GET ${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; expected 200. Check the URL (with the baseUrl option / --base-url, the mirror must serve <dataset>/<file>) or try again later.`)
}

/** The first byte of a `Content-Range: bytes <first>-<last>/<size>` header, or -1. */
function contentRangeStart(header: string | null): number {
  const m = /^bytes (\d+)-/.exec(header ?? '')
  return m ? Number(m[1]) : -1
}

/** SHA-256 state after reading the file at `path`. */
async function hashFile(path: string): Promise<Hash> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash
}

/**
 * Aborts its signal when `start()` is not called again within `ms` (a stall times out, a slow download
 * does not) or when `outer` aborts. (AbortSignal.any needs Node 20.3; the package supports 20.0.)
 */
class IdleTimer {
  private readonly controller = new AbortController()
  private handle: ReturnType<typeof setTimeout> | undefined
  private readonly onOuterAbort = (): void => this.controller.abort(this.outer?.reason)
  fired = false
  readonly signal = this.controller.signal

  constructor(
    private readonly ms: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    if (outer?.aborted) this.onOuterAbort()
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true })
  }

  /** Stops the timer and forgets the outer signal (one listener per file would pile up on it otherwise). */
  dispose(): void {
    this.stop()
    this.outer?.removeEventListener('abort', this.onOuterAbort)
  }

  start(): void {
    this.stop()
    this.handle = setTimeout(() => {
      this.fired = true
      this.controller.abort(new Error(`no data for ${this.ms} ms`))
    }, this.ms)
  }

  stop(): void {
    if (this.handle !== undefined) clearTimeout(this.handle)
    this.handle = undefined
  }
}

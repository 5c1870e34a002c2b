// Test support (never exported from the package): an HTTP server on 127.0.0.1 that serves the files of a
// folder, honours Range requests unless told not to, and misbehaves on demand (closes early, stalls), so
// the downloader is tested without the internet.
import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize } from 'node:path'

/** How the server answers one path. */
export type Misbehaviour =
  /** Announce the full Content-Length, send the first half, then close the connection. */
  | 'truncate'
  /** Send the headers (and nothing else), keep the connection open. */
  | 'stall'
  /** Send the headers and the first half, then nothing, keeping the connection open. */
  | 'stall-midway'

/** One request the server saw. */
export interface SeenRequest {
  /** URL path, e.g. `/toy/a.bin`. */
  path: string
  /** The Range header, if any. */
  range: string | undefined
  /** The Accept-Encoding header, if any. */
  acceptEncoding: string | undefined
  /** HTTP status answered. */
  status: number
  /** Body bytes sent (or, for 'truncate', written before closing). */
  sentBytes: number
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string
  requests: SeenRequest[]
  /** Path → misbehaviour. */
  misbehave: Map<string, Misbehaviour>
  /** Answer Range requests with 206 (default true); false answers them with the whole file (200). */
  ranges: boolean
  close(): Promise<void>
}

/** Starts a server on 127.0.0.1 (port 0: any free port) serving `root`. */
export async function startLoopbackServer(root: string): Promise<LoopbackServer> {
  const requests: SeenRequest[] = []
  const misbehave = new Map<string, Misbehaviour>()
  const state = { ranges: true }
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
    const seen: SeenRequest = { path, range: req.headers.range, acceptEncoding: req.headers['accept-encoding'], status: 0, sentBytes: 0 }
    requests.push(seen)
    const file = join(root, normalize(path))
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      seen.status = 404
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    void answer(file, seen, res, misbehave.get(path), state.ranges)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    misbehave,
    get ranges() {
      return state.ranges
    },
    set ranges(value: boolean) {
      state.ranges = value
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

async function answer(file: string, seen: SeenRequest, res: ServerResponse, misbehaviour: Misbehaviour | undefined, ranges: boolean): Promise<void> {
  const bytes = await readFile(file)
  const m = /^bytes=(\d+)-$/.exec(seen.range ?? '')
  const start = ranges && m ? Number(m[1]) : 0
  if (start >= bytes.length && start > 0) {
    seen.status = 416
    res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end()
    return
  }
  const body = bytes.subarray(start)
  seen.status = start > 0 ? 206 : 200
  const headers: Record<string, string | number> = { 'content-length': body.length, 'accept-ranges': ranges ? 'bytes' : 'none', 'content-type': 'application/octet-stream' }
  if (start > 0) headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`
  res.writeHead(seen.status, headers)
  if (misbehaviour === 'stall') {
    res.flushHeaders()
    return
  }
  if (misbehaviour === 'stall-midway') {
    seen.sentBytes = Math.floor(body.length / 2)
    res.write(body.subarray(0, seen.sentBytes))
    return
  }
  if (misbehaviour === 'truncate') {
    const half = body.subarray(0, Math.floor(body.length / 2))
    seen.sentBytes = half.length
    res.write(half, () => setTimeout(() => res.destroy(), 20))
    return
  }
  seen.sentBytes = body.length
  res.end(body)
}

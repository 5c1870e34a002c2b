import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, normalize } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataDir, testWith } from '@aedetect/test-data'
import { aedetect, lastLine } from './_run-cli'

// End-to-end runs of the built binary (`pnpm build` first) against a node:http server on 127.0.0.1 that
// serves the shared data folder as a mirror (--base-url): nothing reaches the internet.

let server: Server
let baseUrl: string
const requested: string[] = []
let dir: string

beforeAll(async () => {
  const root = dataDir()
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
    requested.push(path)
    const file = join(root, normalize(path))
    if (!path.startsWith('/odds/') || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    void readFile(file).then((bytes) => res.writeHead(200, { 'content-length': bytes.length }).end(bytes))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  dir = await mkdtemp(join(tmpdir(), 'aedetect-cli-fetch-'))
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((done) => server.close(done))
  await rm(dir, { recursive: true, force: true })
})

describe('aedetect datasets fetch', () => {
  testWith(['odds'], 'fetches odds from a mirror (6 .mat downloaded, 6 CSVs made from them), then skips them, and `datasets` lists them', async () => {
    const dataDir = join(dir, 'data')
    const first = await aedetect(['datasets', 'fetch', 'odds', '--base-url', baseUrl, '--data-dir', dataDir])
    expect(first.code).toBe(0)
    // Expected: 12 files, 9,230,243 bytes (the shared ODDS README).
    expect(first.stdout).toBe(`fetched odds: 12 files, 9.2 MB into ${join(dataDir, 'odds')}\n`)
    expect(first.stderr).toBe('')
    expect(requested.filter((p) => p.endsWith('.mat'))).toHaveLength(6)
    requested.length = 0
    const again = await aedetect(['datasets', 'fetch', 'odds', '--base-url', baseUrl, '--data-dir', dataDir, '--json'])
    expect(again.code).toBe(0)
    expect(requested).toEqual([])
    const report = JSON.parse(again.stdout) as { dataDir: string; datasets: Array<{ name: string; files: Array<{ action: string }>; skippedBytes: number }> }
    expect(report.dataDir).toBe(dataDir)
    expect(report.datasets.map((d) => [d.name, d.files.filter((f) => f.action === 'skipped').length, d.skippedBytes])).toEqual([['odds', 12, 9_230_243]])
    const listing = await aedetect(['datasets', '--data-dir', dataDir, '--json'])
    const folders = (JSON.parse(listing.stdout) as { folders: Array<{ folder: string; checksums: { ok: boolean; files: number }; sources: Array<{ source: string }> }> }).folders
    expect(folders.map((f) => [f.folder, f.checksums.ok, f.checksums.files, f.sources.length])).toEqual([['odds', true, 12, 6]])
  })

  it('exits with code 3 naming the URL when the mirror answers 404', async () => {
    const run = await aedetect(['datasets', 'fetch', 'mnist', '--base-url', baseUrl, '--data-dir', join(dir, 'd404')])
    expect(run.code).toBe(3)
    expect(run.stdout).toBe('')
    expect(lastLine(run.stderr)).toBe(`aedetect: fetchDatasets(): GET ${baseUrl}/mnist/t10k-images-idx3-ubyte.gz answered 404 Not Found; expected 200. Check the URL (with the baseUrl option / --base-url, the mirror must serve <dataset>/<file>) or try again later.`)
  })

  it('exits with code 3 and leaves a present file with another checksum untouched', async () => {
    const path = join(dir, 'dwrong', 'odds', 'cardio.mat')
    await mkdir(join(dir, 'dwrong', 'odds'), { recursive: true })
    await writeFile(path, 'not a mat file')
    const run = await aedetect(['datasets', 'fetch', 'odds', '--base-url', baseUrl, '--data-dir', join(dir, 'dwrong')])
    expect(run.code).toBe(3)
    expect(lastLine(run.stderr)).toBe(`aedetect: fetchDatasets(): ${path} already exists with sha256 283d80bb555b30898841b640b997aebb12e9df31bad7630632a71ad8b897bb4f; expected 5e568b6a73711012c481fa6cc984ab9c68e9a4fa44d6aeb3b43efa381c3f695b. It was left untouched: delete it or fetch into another --data-dir (the dataDir option).`)
    expect(await readFile(path, 'utf8')).toBe('not a mat file')
  })

  it('refuses an unknown name (listing the valid ones), no name and a bad --timeout-ms with code 2', async () => {
    const unknown = await aedetect(['datasets', 'fetch', 'mnsit', '--data-dir', join(dir, 'dunknown')])
    expect([unknown.code, lastLine(unknown.stderr)]).toEqual([2, "aedetect: fetchDatasets(): unknown dataset 'mnsit'; expected one of ecg5000, mnist, fashion-mnist, nab, odds, smd, all."])
    expect(existsSync(join(dir, 'dunknown'))).toBe(false)
    const none = await aedetect(['datasets', 'fetch'])
    expect([none.code, none.stderr.split('\n')[0]]).toEqual([2, "error: missing required argument 'name'"])
    const timeout = await aedetect(['datasets', 'fetch', 'odds', '--timeout-ms', '0'])
    expect([timeout.code, timeout.stderr.split('\n')[0]]).toEqual([2, "error: option '--timeout-ms <ms>' argument '0' is invalid. expected a whole number of milliseconds > 0, got '0'."])
  })
})

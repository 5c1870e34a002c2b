import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fetchDatasets, type DatasetManifest, type FetchProgress } from '@aedetect/datasets/node'
import { caught } from '../_test-data'
import { startLoopbackServer, type LoopbackServer } from './_loopback-server'

// Every download goes to a node:http server on 127.0.0.1 serving a temp folder: no test reaches the internet.

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** `n` pseudo-random bytes (a fixed LCG), so the files are the same on every run. */
function bytesOf(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s >>> 24
  }
  return out
}

const big = bytesOf(200_000, 1)
const small = new TextEncoder().encode('timestamp,value\n2015-01-01 00:00:00,1\n')

let mirror: string
let server: LoopbackServer
let dataDir: string

/** A two-file dataset 'toy' served by the loopback server at `<baseUrl>/origin/…` (its "origin" URLs). */
function toyManifest(overrides: { bigSha256?: string } = {}): DatasetManifest[] {
  return [
    {
      name: 'toy',
      about: 'A test dataset.',
      files: [
        { path: 'big.bin', sha256: overrides.bigSha256 ?? sha256(big), bytes: big.length, source: { kind: 'url', url: `${server.baseUrl}/origin/big.bin` } },
        { path: 'data/small.csv', sha256: sha256(small), bytes: small.length, source: { kind: 'url', url: `${server.baseUrl}/origin/small.csv` } },
      ],
    },
    { name: 'other', about: 'Another one.', files: [{ path: 'x.csv', sha256: sha256(small), bytes: small.length, source: { kind: 'url', url: `${server.baseUrl}/origin/small.csv` } }] },
  ]
}

beforeAll(async () => {
  mirror = await mkdtemp(join(tmpdir(), 'aedetect-mirror-'))
  await mkdir(join(mirror, 'origin'))
  await writeFile(join(mirror, 'origin', 'big.bin'), big)
  await writeFile(join(mirror, 'origin', 'small.csv'), small)
  // The same files laid out as a data directory, for baseUrl.
  await mkdir(join(mirror, 'toy', 'data'), { recursive: true })
  await writeFile(join(mirror, 'toy', 'big.bin'), big)
  await writeFile(join(mirror, 'toy', 'data', 'small.csv'), small)
  await mkdir(join(mirror, 'other'))
  await writeFile(join(mirror, 'other', 'x.csv'), small)
  server = await startLoopbackServer(mirror)
})

afterAll(async () => {
  await server.close()
  await rm(mirror, { recursive: true, force: true })
})

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aedetect-fetch-'))
  server.requests.length = 0
  server.misbehave.clear()
  server.ranges = true
})

afterEach(async () => rm(dataDir, { recursive: true, force: true }))

describe('fetchDatasets against a loopback server', () => {
  it('downloads every file, checks it, leaves no .part and writes SHA256SUMS and README.md', async () => {
    const progress: FetchProgress[] = []
    const report = await fetchDatasets(['toy'], { dataDir, manifests: toyManifest(), onProgress: (p) => progress.push(p) })
    const folder = join(dataDir, 'toy')
    expect(report).toEqual({
      dataDir,
      datasets: [
        {
          name: 'toy',
          folder,
          files: [
            { file: 'big.bin', path: join(folder, 'big.bin'), action: 'downloaded', url: `${server.baseUrl}/origin/big.bin`, bytes: 200_000 },
            { file: 'data/small.csv', path: join(folder, 'data', 'small.csv'), action: 'downloaded', url: `${server.baseUrl}/origin/small.csv`, bytes: small.length },
          ],
          writtenBytes: 200_000 + small.length,
          skippedBytes: 0,
          wroteSha256Sums: true,
          wroteReadme: true,
        },
      ],
    })
    expect(sha256(await readFile(join(folder, 'big.bin')))).toBe(sha256(big))
    expect(server.requests.map((r) => [r.path, r.range, r.acceptEncoding])).toEqual([['/origin/big.bin', undefined, 'identity'], ['/origin/small.csv', undefined, 'identity']])
    expect(await readdir(folder)).toEqual(['README.md', 'SHA256SUMS', 'big.bin', 'data'])
    expect(await readFile(join(folder, 'SHA256SUMS'), 'utf8')).toBe(`${sha256(big)}  big.bin\n${sha256(small)}  data/small.csv\n`)
    expect(await readFile(join(folder, 'README.md'), 'utf8')).toContain(`| \`big.bin\` | 200000 | \`${sha256(big)}\` | ${server.baseUrl}/origin/big.bin |`)
    expect(progress.at(-1)).toEqual({ dataset: 'toy', file: 'data/small.csv', fileIndex: 2, fileCount: 2, receivedBytes: small.length, totalBytes: small.length })
    expect(progress.filter((p) => p.file === 'big.bin').at(-1)?.receivedBytes).toBe(200_000)
  })

  it('requests <baseUrl>/<dataset>/<path> from a mirror, and "all" fetches every dataset', async () => {
    const report = await fetchDatasets(['all'], { dataDir, baseUrl: `${server.baseUrl}/`, manifests: toyManifest() })
    expect(server.requests.map((r) => r.path)).toEqual(['/toy/big.bin', '/toy/data/small.csv', '/other/x.csv'])
    expect(report.datasets.map((d) => d.name)).toEqual(['toy', 'other'])
    expect(await readFile(join(dataDir, 'toy', 'README.md'), 'utf8')).toContain(`This copy was downloaded from the mirror ${server.baseUrl}/.`)
  })

  it('skips files already present with the right checksum, without a request', async () => {
    await fetchDatasets(['toy'], { dataDir, manifests: toyManifest() })
    server.requests.length = 0
    const report = await fetchDatasets(['toy'], { dataDir, manifests: toyManifest() })
    expect(server.requests).toEqual([])
    expect(report.datasets[0].files.map((f) => [f.action, f.url])).toEqual([['skipped', null], ['skipped', null]])
    expect([report.datasets[0].writtenBytes, report.datasets[0].skippedBytes]).toEqual([0, 200_000 + small.length])
    expect([report.datasets[0].wroteSha256Sums, report.datasets[0].wroteReadme]).toEqual([false, false])
  })

  it('leaves an existing file with another checksum untouched and downloads nothing', async () => {
    const path = join(dataDir, 'toy', 'data', 'small.csv')
    await mkdir(join(dataDir, 'toy', 'data'), { recursive: true })
    await writeFile(path, 'mine\n')
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, manifests: toyManifest() }))
    expect(error).toEqual({
      code: 'E_CHECKSUM',
      message: `fetchDatasets(): ${path} already exists with sha256 ${sha256(new TextEncoder().encode('mine\n'))}; expected ${sha256(small)}. It was left untouched: delete it or fetch into another --data-dir (the dataDir option).`,
    })
    expect(await readFile(path, 'utf8')).toBe('mine\n')
    expect(server.requests).toEqual([])
    expect(existsSync(join(dataDir, 'toy', 'big.bin'))).toBe(false)
  })

  it('keeps the existing SHA256SUMS and README.md of a folder', async () => {
    await mkdir(join(dataDir, 'toy'))
    await writeFile(join(dataDir, 'toy', 'SHA256SUMS'), 'theirs\n')
    await writeFile(join(dataDir, 'toy', 'README.md'), '# theirs\n')
    const report = await fetchDatasets(['toy'], { dataDir, manifests: toyManifest() })
    expect([report.datasets[0].wroteSha256Sums, report.datasets[0].wroteReadme]).toEqual([false, false])
    expect(await readFile(join(dataDir, 'toy', 'SHA256SUMS'), 'utf8')).toBe('theirs\n')
    expect(await readFile(join(dataDir, 'toy', 'README.md'), 'utf8')).toBe('# theirs\n')
  })

  it('a truncated response fails with E_DOWNLOAD, leaves no final file, and the next run resumes the .part', async () => {
    server.misbehave.set('/origin/big.bin', 'truncate')
    const url = `${server.baseUrl}/origin/big.bin`
    const path = join(dataDir, 'toy', 'big.bin')
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, manifests: toyManifest() }))
    expect(error).toEqual({ code: 'E_DOWNLOAD', message: `fetchDatasets(): the download of ${url} broke off after 100000 of 200000 bytes (terminated: other side closed). ${path}.part keeps them: run again to resume.` })
    expect(existsSync(path)).toBe(false)
    expect((await readFile(`${path}.part`)).length).toBe(100_000)
    server.misbehave.clear()
    server.requests.length = 0
    const report = await fetchDatasets(['toy'], { dataDir, manifests: toyManifest() })
    expect(server.requests[0]).toEqual({ path: '/origin/big.bin', range: 'bytes=100000-', acceptEncoding: 'identity', status: 206, sentBytes: 100_000 })
    expect(report.datasets[0].files[0]).toMatchObject({ action: 'resumed', bytes: 200_000 })
    expect(sha256(await readFile(path))).toBe(sha256(big))
    expect(existsSync(`${path}.part`)).toBe(false)
  })

  it('starts over when the server ignores the Range header (200 instead of 206)', async () => {
    const path = join(dataDir, 'toy', 'big.bin')
    await mkdir(join(dataDir, 'toy'))
    await writeFile(`${path}.part`, big.subarray(0, 50_000))
    server.ranges = false
    const report = await fetchDatasets(['toy'], { dataDir, manifests: toyManifest() })
    expect(server.requests[0]).toEqual({ path: '/origin/big.bin', range: 'bytes=50000-', acceptEncoding: 'identity', status: 200, sentBytes: 200_000 })
    expect(report.datasets[0].files[0]).toMatchObject({ action: 'downloaded', bytes: 200_000 })
    expect(sha256(await readFile(path))).toBe(sha256(big))
  })

  it('resumes a .part of the first half with a Range request for the rest only', async () => {
    const path = join(dataDir, 'toy', 'big.bin')
    await mkdir(join(dataDir, 'toy'))
    await writeFile(`${path}.part`, big.subarray(0, 100_000))
    const report = await fetchDatasets(['toy'], { dataDir, manifests: toyManifest() })
    expect(server.requests[0]).toEqual({ path: '/origin/big.bin', range: 'bytes=100000-', acceptEncoding: 'identity', status: 206, sentBytes: 100_000 })
    expect(report.datasets[0].files[0]).toMatchObject({ action: 'resumed', bytes: 200_000 })
    expect(sha256(await readFile(path))).toBe(sha256(big))
  })

  it('a wrong checksum fails with E_CHECKSUM and deletes only the .part it wrote', async () => {
    const wrong = '0'.repeat(64)
    const url = `${server.baseUrl}/origin/big.bin`
    const path = join(dataDir, 'toy', 'big.bin')
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, manifests: toyManifest({ bigSha256: wrong }) }))
    expect(error).toEqual({ code: 'E_CHECKSUM', message: `fetchDatasets(): ${path} downloaded from ${url} has sha256 ${sha256(big)}; expected ${wrong}. The download was deleted; the server sends a different file: check the baseUrl option (--base-url) or the origin.` })
    expect(await readdir(join(dataDir, 'toy'))).toEqual([])
  })

  it('a body longer than the manifest says fails with E_CHECKSUM and leaves nothing', async () => {
    const manifests = toyManifest()
    manifests[0].files[0].bytes = 150_000
    const url = `${server.baseUrl}/origin/big.bin`
    const path = join(dataDir, 'toy', 'big.bin')
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, manifests }))
    expect(error).toEqual({ code: 'E_CHECKSUM', message: `fetchDatasets(): ${url} sent more than the 150000 bytes of ${path}. The download was deleted; the server sends a different file: check the baseUrl option (--base-url) or the origin.` })
    expect(await readdir(join(dataDir, 'toy'))).toEqual([])
  })

  it('a 404 fails with E_DOWNLOAD naming the URL and the status', async () => {
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, baseUrl: `${server.baseUrl}/nowhere`, manifests: toyManifest() }))
    expect(error).toEqual({ code: 'E_DOWNLOAD', message: `fetchDatasets(): GET ${server.baseUrl}/nowhere/toy/big.bin answered 404 Not Found; expected 200. Check the URL (with the baseUrl option / --base-url, the mirror must serve <dataset>/<file>) or try again later.` })
    expect(await readdir(join(dataDir, 'toy'))).toEqual([])
  })

  it('a stalled connection fails with E_TIMEOUT after timeoutMs', async () => {
    server.misbehave.set('/origin/big.bin', 'stall')
    const url = `${server.baseUrl}/origin/big.bin`
    const path = join(dataDir, 'toy', 'big.bin')
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, timeoutMs: 200, manifests: toyManifest() }))
    expect(error).toEqual({ code: 'E_TIMEOUT', message: `fetchDatasets(): ${url} sent nothing for 200 ms (0 of 200000 bytes arrived). Run again to resume, or raise the timeout with the timeoutMs option (--timeout-ms) on a slow connection.` })
    expect(existsSync(path)).toBe(false)
  })

  it('a connection that stalls midway fails with E_TIMEOUT, keeps the .part, and the next run resumes it', async () => {
    server.misbehave.set('/origin/big.bin', 'stall-midway')
    const url = `${server.baseUrl}/origin/big.bin`
    const path = join(dataDir, 'toy', 'big.bin')
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, timeoutMs: 200, manifests: toyManifest() }))
    expect(error).toEqual({ code: 'E_TIMEOUT', message: `fetchDatasets(): ${url} sent nothing for 200 ms (100000 of 200000 bytes arrived; ${path}.part keeps them). Run again to resume, or raise the timeout with the timeoutMs option (--timeout-ms) on a slow connection.` })
    expect((await readFile(`${path}.part`)).length).toBe(100_000)
    server.misbehave.clear()
    server.requests.length = 0
    const report = await fetchDatasets(['toy'], { dataDir, manifests: toyManifest() })
    expect(server.requests[0]).toMatchObject({ range: 'bytes=100000-', status: 206 })
    expect(report.datasets[0].files[0]).toMatchObject({ action: 'resumed', bytes: 200_000 })
    expect(sha256(await readFile(path))).toBe(sha256(big))
  })

  it('a refused connection fails with E_DOWNLOAD saying what to check', async () => {
    const closed = await startLoopbackServer(mirror)
    const url = `${closed.baseUrl}/toy/big.bin`
    await closed.close()
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, baseUrl: closed.baseUrl, manifests: toyManifest() }))
    const port = new URL(closed.baseUrl).port
    expect(error).toEqual({ code: 'E_DOWNLOAD', message: `fetchDatasets(): the download of ${url} broke off after 0 of 200000 bytes (fetch failed: connect ECONNREFUSED 127.0.0.1:${port}). Check the network and the URL (the baseUrl option, --base-url), then run again.` })
  })

  it('an aborted signal stops the run with E_ABORTED', async () => {
    server.misbehave.set('/origin/big.bin', 'stall')
    const url = `${server.baseUrl}/origin/big.bin`
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const error = await caught(() => fetchDatasets(['toy'], { dataDir, signal: controller.signal, manifests: toyManifest() }))
    expect(error).toEqual({ code: 'E_ABORTED', message: `fetchDatasets(): aborted while downloading ${url}.` })
  })

  it('refuses unknown names, no names and a bad timeout before any request', async () => {
    expect(await caught(() => fetchDatasets(['toy', 'mnsit'], { dataDir, manifests: toyManifest() }))).toEqual({ code: 'E_OPTION', message: "fetchDatasets(): unknown dataset 'mnsit'; expected one of toy, other, all." })
    expect(await caught(() => fetchDatasets([], { dataDir }))).toEqual({ code: 'E_OPTION', message: 'fetchDatasets(): no dataset named; expected one or more of ecg5000, mnist, fashion-mnist, nab, odds, smd, all.' })
    expect(await caught(() => fetchDatasets(['toy'], { dataDir, timeoutMs: 0, manifests: toyManifest() }))).toEqual({ code: 'E_OPTION', message: 'fetchDatasets(): timeoutMs is 0; expected a number of milliseconds > 0 (default 30000).' })
    expect(server.requests).toEqual([])
  })

  it('refuses a manifest path that would leave the dataset folder', async () => {
    const manifests = toyManifest()
    manifests[0].files[1].path = '../outside.csv'
    expect(await caught(() => fetchDatasets(['toy'], { dataDir, manifests }))).toEqual({ code: 'E_OPTION', message: "fetchDatasets(): the manifest of 'toy' names the path '../outside.csv'; expected a relative path inside the dataset folder, without '..' or empty parts." })
    expect(server.requests).toEqual([])
  })
})

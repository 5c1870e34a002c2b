import { readdir, readFile, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { loadEcg5000 } from '@aedetect/datasets/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { removeFolder, runIn } from '../reliability/_reliability'
import { tempFolder } from '../reliability/_reliability'

// `aedetect score --workers N` (the built binary, cpu backend) against the one-thread path on the same files.
// Data: the 5,000 bundled ECG5000 beats as CSV (about 7 MB, so a bad row at 4,000 lies far beyond the first
// 256 kB the parent reads itself: a worker meets it); the detector is `aedetect train` on ECG5000, seed 3,
// 2 epochs (this file checks threads against one thread, not the detector's quality).
let dir: string
let lines: string[]

const score = (args: string[]) => runIn(dir, ['score', '--model', 'model', ...args])

beforeAll(async () => {
  dir = await tempFolder('aedetect-workers-')
  const ecg = await loadEcg5000()
  lines = Array.from({ length: 5000 }, (_, i) => Array.from(ecg.x.data.subarray(i * 140, (i + 1) * 140), (v) => v.toPrecision(7)).join(','))
  const header = ecg.featureNames.join(',')
  await writeFile(join(dir, 'beats.csv'), `${header}\n${lines.join('\n')}\n`)
  // No header, blank lines inside, CRLF line ends, no final line end.
  await writeFile(join(dir, 'bare.csv'), `${lines.slice(0, 2500).join('\r\n')}\r\n\r\n  \r\n${lines.slice(2500).join('\r\n')}`)
  await writeFile(join(dir, 'beats.csv.gz'), gzipSync(`${header}\n${lines.join('\n')}\n`))
  const bad = [header, ...lines]
  bad[4001] = bad[4001].replace(/^[^,]+/, 'oops') // file line 4002
  await writeFile(join(dir, 'bad-cell.csv'), `${bad.join('\n')}\n`)
  const ragged = [header, ...lines]
  ragged[3500] = ragged[3500].split(',').slice(0, 139).join(',') // file line 3501
  await writeFile(join(dir, 'ragged.csv'), `${ragged.join('\n')}\n`)
  const train = await runIn(dir, ['train', '--data', 'ecg5000', '--seed', '3', '--epochs', '2', '--out', 'model', '--json'])
  expect(train.code).toBe(0)
  const series = await runIn(dir, ['train', '--data', 'synthetic:series', '--window', '16', '--epochs', '1', '--out', 'series', '--json'])
  expect(series.code).toBe(0)
}, 300_000)

afterAll(async () => removeFolder(dir))

describe('score --workers', () => {
  test.each([['beats.csv'], ['bare.csv'], ['beats.csv.gz']])('%s: 2 workers write the bytes one thread writes', async (file) => {
    const one = await score(['--input', file, '--batch-size', '700'])
    const two = await score(['--input', file, '--batch-size', '700', '--workers', '2'])
    expect(one.code).toBe(0)
    expect(two.code).toBe(0)
    // Same backend, same chunks of 700 rows: the same float32 scores, so the same text (bit-identical).
    expect(two.stdout).toBe(one.stdout)
    expect(two.stdout.split('\n')).toHaveLength(5002) // header, 5,000 rows, final ''
    expect(two.stderr).toMatch(/^5000 rows scored, \d+ anomalous \(threshold [\d.e-]+\) on 2 worker threads\n$/)
  })

  test('--json gives the one-thread scores and labels', async () => {
    const one = JSON.parse((await score(['--input', 'beats.csv', '--json'])).stdout) as { scores: number[]; labels: number[]; anomalies: number }
    const two = JSON.parse((await score(['--input', 'beats.csv', '--json', '--workers', '2'])).stdout) as typeof one
    expect(two.scores).toEqual(one.scores)
    expect(two.labels).toEqual(one.labels)
    expect(two.anomalies).toBe(one.anomalies)
  })

  test.each([
    ['bad-cell.csv', "aedetect: streamCsv(): bad-cell.csv line 4002, column 1 ('t0') is 'oops', not a number. Fix the cell, or leave the column out with --features."],
    ['ragged.csv', undefined],
  ])('%s: a bad row met by a worker fails as with one thread, and --output is not written', async (file, expected) => {
    const one = await score(['--input', file, '--output', 'out.csv'])
    const two = await score(['--input', file, '--output', 'out.csv', '--workers', '2', '--batch-size', '1000'])
    expect(two.code).toBe(3)
    expect(two.code).toBe(one.code)
    expect(two.stderr).toBe(one.stderr)
    if (expected !== undefined) expect(two.stderr.trim()).toBe(expected)
    else expect(two.stderr).toMatch(/ragged\.csv line 3501/)
    // Atomic: no out.csv and no temporary beside it.
    expect((await readdir(dir)).filter((name) => name.startsWith('out.csv'))).toEqual([])
  })

  test('a worker count that is not a positive integer is refused, naming the flag', async () => {
    for (const value of ['0', '1.5', 'two']) {
      const run = await score(['--input', 'beats.csv', '--workers', value])
      expect(run.code).toBe(2)
      expect(run.stderr.trim()).toBe(`error: option '--workers <n>' argument '${value}' is invalid. expected a positive integer, got '${value}'.`)
    }
  })

  test('more workers than cores is allowed, with a warning', async () => {
    const cores = availableParallelism()
    const run = await score(['--input', 'beats.csv', '--workers', String(cores + 1), '--output', 'many.csv'])
    expect(run.code).toBe(0)
    expect(run.stderr.split('\n')[0]).toBe(`${cores + 1} worker threads on ${cores} cores: the threads share the cores, so expect no gain beyond ${cores}.`)
    expect(await readFile(join(dir, 'many.csv'), 'utf8')).toBe((await score(['--input', 'beats.csv'])).stdout)
  })

  test('a time-series detector and --follow refuse --workers above 1', async () => {
    await writeFile(join(dir, 'series.csv'), `value\n${Array.from({ length: 100 }, (_, i) => Math.sin(i / 5).toFixed(4)).join('\n')}\n`)
    const run = await runIn(dir, ['score', '--model', 'series', '--input', 'series.csv', '--workers', '2'])
    expect(run.code).toBe(2)
    expect(run.stderr.trim()).toBe('aedetect: score: --workers 2 works on detectors of single samples; series is a time-series detector, whose windows span any cut of the series into chunks. Drop --workers: the series is scored on one thread.')
    expect((await runIn(dir, ['score', '--model', 'series', '--input', 'series.csv', '--workers', '1'])).code).toBe(0)
    const follow = await runIn(dir, ['score', '--model', 'series', '--follow', '--workers', '2'])
    expect(follow.code).toBe(2)
    expect(follow.stderr.trim()).toBe('aedetect: score: --workers cannot be combined with --follow, which reads standard input and writes one CSV line per point on stdout. Drop --workers, or drop --follow to score a file.')
  })
})

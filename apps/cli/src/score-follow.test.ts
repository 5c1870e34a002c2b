// Issue 19: `aedetect score --follow` reads points from standard input and writes one line per point as soon as
// its score is final; the same scores as `aedetect score --input` on the file (1e-6). Runs the BUILT binary
// (`pnpm build` first) in a fresh temporary folder, on the cpu backend.
import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { dataDir, testWith } from '@aedetect/test-data'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { removeFolder, runIn, tempFolder } from './reliability/_reliability'
import { fileURLToPath } from 'node:url'

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js')
let dir: string
// 300 points of a sine with one spike at row 200; the detector is trained on synthetic:series, windows of 16.
const values = Array.from({ length: 300 }, (_, i) => (i === 200 ? 3 : 0.5 + 0.4 * Math.sin(i / 5)).toFixed(4))
const WINDOW = 16

interface Follow { code: number | null; stdout: string; stderr: string }

/** Starts `score --follow`; `feed` writes to its stdin (and may wait on its output), then the run is awaited. */
function follow(args: string[], feed: (child: ReturnType<typeof spawn>, output: () => string) => Promise<void>): Promise<Follow> {
  const child = spawn('node', [bin, 'score', '--follow', ...args], { cwd: dir, env: { ...process.env, AEDETECT_BACKEND: 'cpu', NO_COLOR: '1' } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
  return feed(child, () => stdout).then(async () => ({ code: await ended, stdout, stderr }))
}

const pipeAll = (text: string) => async (child: ReturnType<typeof spawn>) => {
  child.stdin?.end(text)
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

type Row = { row: number; score: number; anomaly: number; event: string }
const rowsOf = (csv: string): Row[] => csv.trim().split('\n').slice(1).map((line) => {
  const [row, score, anomaly, event] = line.split(',')
  return { row: Number(row), score: Number(score), anomaly: Number(anomaly), event }
})

// Stream and file agree: the same rows, scores within 1e-6 relative (float32 model outputs, a batch of one
// window against one of all), the same flags and event ids.
function expectSameRows(streamed: Row[], file: Row[]): void {
  expect(streamed.map((r) => r.row)).toEqual(file.map((r) => r.row))
  let worst = 0
  for (let i = 0; i < file.length; i++) worst = Math.max(worst, Math.abs(streamed[i].score - file[i].score) / Math.max(1e-12, Math.abs(file[i].score)))
  expect(worst).toBeLessThan(1e-6)
  expect(streamed.map((r) => `${r.anomaly}/${r.event}`)).toEqual(file.map((r) => `${r.anomaly}/${r.event}`))
}

beforeAll(async () => {
  dir = await tempFolder('aedetect-follow-')
  await writeFile(join(dir, 'series.csv'), `value\n${values.join('\n')}\n`)
  const run = await runIn(dir, ['train', '--data', 'synthetic:series', '--window', String(WINDOW), '--epochs', '1', '--out', 'model', '--json'])
  expect(run.code).toBe(0)
}, 120_000)

afterAll(async () => removeFolder(dir))

describe('score --follow', () => {
  test('piped a series, writes the rows `score --input` writes for the file, with events', async () => {
    const file = await runIn(dir, ['score', '--model', 'model', '--input', 'series.csv'])
    expect(file.code).toBe(0)
    const streamed = await follow(['--model', 'model'], pipeAll(`value\n${values.join('\n')}\n`))
    expect(streamed.code).toBe(0)
    expect(streamed.stdout.split('\n')[0]).toBe('row,score,anomaly,event')
    expectSameRows(rowsOf(streamed.stdout), rowsOf(file.stdout))
    // The spike at row 200 is flagged, inside an event numbered from 0.
    expect(rowsOf(file.stdout)[200]).toMatchObject({ anomaly: 1, event: '0' })
    expect(streamed.stderr.trim().split('\n').pop()).toMatch(/^300 points scored, \d+ anomalous in \d+ events?$/)
  }, 60_000)

  test('writes each point once its last window is complete, and Ctrl-C ends cleanly after flushing', async () => {
    const run = await follow(['--model', 'model'], async (child, output) => {
      child.stdin?.write(`${values.slice(0, 40).join('\n')}\n`)
      // Point i is final when point i + 15 arrives: 40 points give rows 0 … 24 at once.
      await until(() => output().trim().split('\n').length === 1 + 40 - WINDOW + 1, 'the first 25 rows')
      // The 41st line arrives in two pieces: nothing is scored from half a line.
      child.stdin?.write(values[40].slice(0, 3))
      await new Promise((r) => setTimeout(r, 200))
      expect(output().trim().split('\n').length).toBe(1 + 40 - WINDOW + 1)
      child.stdin?.write(`${values[40].slice(3)}\n`)
      await until(() => output().trim().split('\n').length === 1 + 41 - WINDOW + 1, 'row 25')
      child.kill('SIGINT')
    })
    expect(run.code).toBe(0)
    // All 41 points were flushed, the last 15 with the windows they had.
    expect(rowsOf(run.stdout).map((r) => r.row)).toEqual(Array.from({ length: 41 }, (_, i) => i))
    expect(run.stderr.trim().split('\n').pop()).toMatch(/^41 points scored, .* \(interrupted\)$/)
  }, 60_000)

  test('a malformed line stops the run with exit 3 after the points before it (default --on-bad-line stop)', async () => {
    const lines = [...values.slice(0, 30), '0.5,0.1', ...values.slice(30, 60)]
    const run = await follow(['--model', 'model'], pipeAll(`${lines.join('\n')}\n`))
    expect(run.code).toBe(3)
    expect(run.stderr.trim().split('\n').pop()).toBe('aedetect: stdin line 31: 2 columns; the detector expects 1 channel, 1 columns. Send one point per line, the channels in the training order.')
    expect(rowsOf(run.stdout).length).toBe(30)
  }, 60_000)

  test('--on-bad-line skip reports each bad line once, naming line and column, and goes on', async () => {
    const lines = ['value', ...values.slice(0, 30), 'abc', ...values.slice(30, 60), '1e999']
    const run = await follow(['--model', 'model', '--on-bad-line', 'skip'], pipeAll(`${lines.join('\n')}\n`))
    expect(run.code).toBe(0)
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('aedetect: stdin'))
    expect(errors).toEqual([
      "aedetect: stdin line 32, column 1: 'abc' is not a finite number. Impute missing values before sending them, or pass --on-bad-line skip to drop such lines.",
      "aedetect: stdin line 63, column 1: '1e999' is not a finite number. Impute missing values before sending them, or pass --on-bad-line skip to drop such lines.",
    ])
    expect(rowsOf(run.stdout).length).toBe(60)
    expect(run.stderr).toMatch(/60 points scored, .*2 malformed lines skipped/)
  }, 60_000)

  test('refused: fewer points than one window (exit 3), --input beside --follow (exit 2), a missing folder (exit 4), a detector of single samples (exit 2)', async () => {
    const short = await follow(['--model', 'model'], pipeAll('0.1\n0.2\n'))
    expect(short.code).toBe(3)
    expect(short.stderr.trim().split('\n').pop()).toBe('aedetect: stdin: the input ended after 2 points; the time-series detector in model has windows of 16. Send at least 16 points (one per line).')
    const both = await follow(['--model', 'model', '--input', 'series.csv'], pipeAll(''))
    expect(both.code).toBe(2)
    expect(both.stderr.trim().split('\n').pop()).toBe('aedetect: score: --input cannot be combined with --follow, which reads standard input and writes one CSV line per point on stdout. Drop --input, or drop --follow to score a file.')
    const missing = await follow(['--model', 'nowhere'], pipeAll('0.1\n'))
    expect(missing.code).toBe(4)
    expect(await runIn(dir, ['train', '--data', 'synthetic:table', '--epochs', '1', '--out', 'table-model'])).toMatchObject({ code: 0 })
    const samples = await follow(['--model', 'table-model'], pipeAll('0.1\n'))
    expect(samples.code).toBe(2)
    expect(samples.stderr.trim().split('\n').pop()).toBe('aedetect: score: --follow needs a time-series detector (a folder with window.json, from `aedetect train` on a series); table-model holds a detector of single samples. Score its rows with --input <file>.')
  }, 90_000)

  // NAB realTraffic/speed_7578 (1,127 points), trained with the CLI's NAB defaults for 2 epochs: the whole file
  // piped into --follow gives the scores of `score --input` on it.
  testWith(['nab'], 'a NAB series piped into --follow equals `score --input` on the file, whose flags are those `evaluate` counts', async () => {
    const nab = await readFile(join(dataDir(), 'nab', 'data', 'realTraffic', 'speed_7578.csv'), 'utf8')
    const series = `value\n${nab.trim().split('\n').slice(1).map((l) => l.split(',')[1]).join('\n')}\n`
    await writeFile(join(dir, 'nab.csv'), series)
    const trained = await runIn(dir, ['train', '--data', 'nab:speed_7578', '--epochs', '2', '--out', 'nab-model'], { AEDETECT_DATA_DIR: dataDir() })
    expect(trained.code).toBe(0)
    const file = await runIn(dir, ['score', '--model', 'nab-model', '--input', 'nab.csv'])
    expect(file.code).toBe(0)
    const streamed = await follow(['--model', 'nab-model'], pipeAll(series))
    expect(streamed.code).toBe(0)
    expect(rowsOf(streamed.stdout).length).toBe(1127)
    expectSameRows(rowsOf(streamed.stdout), rowsOf(file.stdout))
    // `evaluate` scores the same whole stream (NAB: the test part follows the training part) and counts its test
    // points: the rows score flags after the training part, and their events, are the ones evaluate counts.
    const evaluated = await runIn(dir, ['evaluate', '--model', 'nab-model', '--data', 'nab:speed_7578', '--json'], { AEDETECT_DATA_DIR: dataDir() })
    expect(evaluated.code).toBe(0)
    const record = JSON.parse(evaluated.stdout) as { split: { train: { points: number } }; confusionMatrix: { tp: number; fp: number }; events: number }
    const test = rowsOf(file.stdout).slice(record.split.train.points)
    expect(test.reduce((n, r) => n + r.anomaly, 0)).toBe(record.confusionMatrix.tp + record.confusionMatrix.fp)
    expect(new Set(test.filter((r) => r.event !== '').map((r) => r.event)).size).toBe(record.events)
  }, 180_000)
})

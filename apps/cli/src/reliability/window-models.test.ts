import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRun, removeFolder, runIn, tempFolder } from './_reliability'

// Issue #16, item 7: `score` with a time-series (window) detector scores the CSV's rows as time points
// through sliding windows and applies the point threshold `train` reported — not each row as one window
// sample with the windows' own threshold.

let dir: string
let trained: { threshold: { value: number; strategy: string }; alarm: { strategy: string }; window: { size: number } }
const points = 200
const series = `value\n${Array.from({ length: points }, (_, i) => (0.5 + 0.4 * Math.sin(i / 5)).toFixed(4)).join('\n')}\n`

beforeAll(async () => {
  dir = await tempFolder()
  await writeFile(join(dir, 'series.csv'), series)
  await writeFile(join(dir, 'two-channels.csv'), 'a,b\n1,2\n3,4\n')
  await writeFile(join(dir, 'short.csv'), 'value\n0.1\n0.2\n0.3\n')
  const run = await runIn(dir, ['train', '--data', 'synthetic:series', '--window', '16', '--epochs', '1', '--out', 'series-model', '--json'])
  expect(run.code).toBe(0)
  trained = JSON.parse(run.stdout)
})

afterAll(async () => removeFolder(dir))

describe('score with a window detector (item 7)', () => {
  test('one score per time point, flagged at the point threshold train reported', async () => {
    const run = await expectRun(dir, ['score', '--model', 'series-model', '--input', 'series.csv', '--json'], { code: 0 })
    const out = JSON.parse(run.stdout) as { rows: number; threshold: { value: number; strategy: string }; window: { size: number }; scores: number[]; labels: number[] }
    expect(out.rows).toBe(points)
    expect(out.scores.length).toBe(points)
    expect(out.threshold).toEqual(trained.threshold)
    expect(out.window.size).toBe(trained.window.size)
    // The labels come from the detector's alarm rule (rolling for the series default), which score names.
    expect((out as unknown as { alarm: { strategy: string } }).alarm.strategy).toBe(trained.alarm.strategy)
    expect(out.labels.every((v) => v === 0 || v === 1)).toBe(true)
  })

  test('the CSV output holds the same scores, and nothing else changes', async () => {
    await expectRun(dir, ['score', '--model', 'series-model', '--input', 'series.csv', '--output', 'scores.csv'], { code: 0, outputs: ['scores.csv'] })
    const lines = (await readFile(join(dir, 'scores.csv'), 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('row,score,anomaly,event')
    expect(lines.length).toBe(points + 1)
  })

  test.each([
    ['another channel count', 'two-channels.csv', 'aedetect: two-channels.csv: rows have 2 columns; the time-series detector in series-model was trained on 1 channel (one row per time point, one column per channel). Pass the same channels as at training (use --label to leave a label column out).'],
    ['fewer rows than one window', 'short.csv', "aedetect: scorePoints(): the series has 3 time steps; this detector's windows have 16. Pass at least 16 steps."],
  ])('%s is a data error (exit 3)', async (_name, file, line) => {
    const run = await expectRun(dir, ['score', '--model', 'series-model', '--input', file], { code: 3, line })
    expect(run.stdout).toBe('')
  })
})

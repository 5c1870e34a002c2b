import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRun, removeFolder, runIn, smallTable, tempFolder } from './_reliability'

// Issue #16, items 14 and 15: data without anomalies (or with too few) still trains, saves and reports what
// can be reported, says why ROC-AUC is absent and which threshold rule ran instead of the one asked for.

let dir: string
const table = smallTable()
const [header, ...rows] = table.trim().split('\n')
const normalRows = rows.filter((r) => r.endsWith(',0'))

beforeAll(async () => {
  dir = await tempFolder()
  await writeFile(join(dir, 'normal.csv'), `${[header, ...normalRows].join('\n')}\n`)
  // One anomaly: the stratified split puts it into the training part (threshold calibration only), so the
  // test split is normal-only while youden still runs.
  await writeFile(join(dir, 'one-anomaly.csv'), `${[header, ...normalRows, '9,9,9,1'].join('\n')}\n`)
  await writeFile(join(dir, 'all-anomalous.csv'), `${[header, ...rows.map((r) => r.replace(/,0$/, ',1'))].join('\n')}\n`)
  await writeFile(join(dir, 'text-labels.csv'), `${[header, ...normalRows.map((r) => r.replace(/,0$/, ',ok'))].join('\n')}\n`)
  await writeFile(join(dir, 't.csv'), table)
})

afterAll(async () => removeFolder(dir))

const absent = (n: number) => `the test split holds only normal samples (${n}), and ROC-AUC and average precision need both classes; label some anomalies in the data to get them.`

describe('training on normal-only data (item 14)', () => {
  let json: Record<string, unknown>

  beforeAll(async () => {
    const run = await runIn(dir, ['train', '--csv', 'normal.csv', '--label', 'label', '--epochs', '1', '--out', 'normal-model', '--json'])
    expect(run.code).toBe(0)
    json = JSON.parse(run.stdout) as Record<string, unknown>
  })

  test('saves the detector and reports without ROC-AUC, saying why', async () => {
    const run = await expectRun(dir, ['train', '--csv', 'normal.csv', '--label', 'label', '--epochs', '1', '--out', 'model'], { code: 0, outputs: ['model'] })
    expect((await readdir(join(dir, 'model'))).sort()).toEqual(['detector.json', 'experiment.json', 'model.json', 'weights.bin'])
    expect(run.stdout).toContain(`\n  ROC-AUC and average precision: not reported — ${absent(22)}\n`)
    expect(run.stdout).toMatch(/\n {2}confusion matrix \(anomaly = positive\): tp 0 {2}fp \d+ {2}tn \d+ {2}fn 0\n/)
    expect(run.stdout).toContain('\n  features driving the flagged samples: ')
    expect(run.stderr).toBe('')
  })

  test('--json writes null figures and the reason', () => {
    expect(json.rocAuc).toBeNull()
    expect(json.averagePrecision).toBeNull()
    expect(json.rocAucAbsent).toBe(absent(22))
    expect((json.split as { test: unknown }).test).toEqual({ rows: 22, normal: 22, anomalous: 0 })
    expect(json.modelDir).toBe('normal-model')
  })

  test('the saved detector scores', async () => {
    const run = await expectRun(dir, ['score', '--model', 'normal-model', '--input', 'normal.csv', '--label', 'label'], { code: 0 })
    expect(run.stdout.trim().split('\n').length).toBe(normalRows.length + 1)
  })

  test('one anomaly, in the training part: the test split is normal-only, ROC-AUC absent, youden ran', async () => {
    const run = await expectRun(dir, ['train', '--csv', 'one-anomaly.csv', '--label', 'label', '--epochs', '1', '--out', 'one-model'], { code: 0, outputs: ['one-model'] })
    expect(run.stdout).toMatch(/\n {2}threshold [\d.]+ \(youden, chosen without the test split\)\n/)
    expect(run.stdout).toContain(`ROC-AUC and average precision: not reported — ${absent(22)}`)
  })

  test('text labels with --normal: every row normal', async () => {
    const run = await expectRun(dir, ['train', '--csv', 'text-labels.csv', '--label', 'label', '--normal', 'ok', '--epochs', '1', '--out', 'text-model'], { code: 0, outputs: ['text-model'] })
    expect(run.stdout).toContain(absent(22))
  })

  test('evaluate on normal-only data says a ROC curve needs both classes (exit 3)', async () => {
    await expectRun(dir, ['evaluate', '--model', 'normal-model', '--csv', 'normal.csv', '--label', 'label'], { code: 3, line: 'aedetect: evaluateDetection(): the 22 labels hold only normal samples (label 0); a ROC curve needs both classes (scikit-learn raises here too). Evaluate on data with at least one anomaly and one normal sample.' })
  })

  test('all-anomalous data leaves nothing to train on: exit 2 naming the CLI flags, nothing saved', async () => {
    await expectRun(dir, ['train', '--csv', 'all-anomalous.csv', '--label', 'label', '--epochs', '1', '--out', 'never'], { code: 2, line: 'aedetect: trainValidationTestSplit(): no training rows remain (96 rows after the test part, 96 of them anomalous and dropped, 0 to validation). Lower --test-fraction or --validation-fraction, or pass more normal rows.' })
  })
})

describe('the threshold rule: asked, ran, and why (item 15)', () => {
  test('no anomaly to calibrate on: says it fell back from youden to percentile q=0.99, and why', async () => {
    const run = await expectRun(dir, ['train', '--csv', 'normal.csv', '--label', 'label', '--epochs', '1', '--out', 'model'], { code: 0, outputs: ['model'] })
    expect(run.stdout).toMatch(/\n {2}threshold [\d.]+ \(percentile q=0\.99 of the validation errors, chosen without the test split\); asked for youden, which needs anomalies in the calibration data, and the training part holds none\n/)
  })

  test('--json records the rule asked for, the one that ran and the reason', async () => {
    const run = await expectRun(dir, ['train', '--csv', 'normal.csv', '--label', 'label', '--epochs', '1', '--out', 'model', '--json'], { code: 0, outputs: ['model'] })
    const out = JSON.parse(run.stdout) as { threshold: { strategy: string; params: { q: number } }; thresholdRule: unknown }
    expect(out.threshold.strategy).toBe('percentile')
    expect(out.threshold.params.q).toBe(0.99)
    expect(out.thresholdRule).toEqual({ asked: 'youden', ran: 'percentile q=0.99 of the validation errors', reason: 'needs anomalies in the calibration data, and the training part holds none' })
  })

  test('with anomalies to calibrate on, youden runs and no fallback is reported', async () => {
    const run = await expectRun(dir, ['train', '--csv', 't.csv', '--label', 'label', '--epochs', '1', '--out', 'model', '--json'], { code: 0, outputs: ['model'] })
    const out = JSON.parse(run.stdout) as { rocAuc: number; thresholdRule: unknown; rocAucAbsent?: string }
    expect(out.thresholdRule).toEqual({ asked: 'youden', ran: 'youden', reason: null })
    expect(out.rocAuc).toBeGreaterThanOrEqual(0)
    expect(out.rocAucAbsent).toBeUndefined()
  })
})

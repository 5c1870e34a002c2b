import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { dataDir as sharedDataDir, describeWith, fixturePath } from '@aedetect/test-data'
import { aedetect, type Run } from './_run-cli'

// End-to-end runs of the built binary (`pnpm --filter @aedetect/cli build` first) on the shared real data:
// one ODDS table with a fixture split, one NAB series, one SMD machine, a CSV of the user's kind, and the
// HTML report rendered in headless Chromium. All on the cpu backend with few epochs.
const dataDir = sharedDataDir()
const splits = fixturePath('odds-novelty-splits.json')


let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedetect-sources-'))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

describeWith(['odds'], 'ODDS cardio with the fixture split (seed 0 of odds-novelty-splits.json)', () => {
  let train: Run
  let out: Record<string, any>
  beforeAll(async () => {
    train = await aedetect(['train', '--data', 'odds:cardio', '--data-dir', dataDir, '--split-file', splits, '--split-key', 'tables.cardio.0', '--epochs', '20', '--out', join(dir, 'cardio'), '--json'])
    out = JSON.parse(train.stdout)
  }, 300_000)

  it('trains on the normal rows of the fixture trainRows and reports on its testRows', () => {
    expect(train.code).toBe(0)
    // The fixture: 1,098 train rows (992 normal, 106 anomalous), 733 test rows (663 normal, 70 anomalous).
    expect(out.split.test).toEqual({ rows: 733, normal: 663, anomalous: 70 })
    expect(out.split.train.normal + out.split.validation.normal).toBe(992)
    expect(out.split.train.anomalous).toBe(0)
    expect(out.split.calibrationAnomalies).toBe(106)
    expect(out.dataKind).toBe('tabular')
    expect(out.architecture.kind).toBe('dense')
    // Measured 0.926 (seed 42, 20 epochs, cpu; 0.83 with an earlier build of the packages, hence the margin);
    // PyOD's AutoEncoder: 0.916 ± 0.025 over seeds 0-2 of these splits (peer-results.json).
    expect(out.rocAuc).toBeGreaterThan(0.75)
  })

  it('evaluate (flags from a --config file) reproduces the numbers and compares every threshold strategy', async () => {
    const config = join(dir, 'evaluate.json')
    await writeFile(config, JSON.stringify({ model: join(dir, 'cardio'), data: 'odds:cardio', 'data-dir': dataDir, splitFile: splits, 'split-key': 'tables.cardio.0', json: true }))
    const run = await aedetect(['evaluate', '--config', config])
    expect(run.code).toBe(0)
    const ev = JSON.parse(run.stdout)
    // Same detector, same rows: the same scores, so the same figures (float64 sums over identical float32 scores).
    expect(ev.rocAuc).toBeCloseTo(out.rocAuc, 12)
    expect(ev.confusionMatrix).toEqual(out.confusionMatrix)
    expect(ev.thresholds.map((r: { strategy: string }) => r.strategy)).toEqual(['meanStd', 'meanStd', 'percentile', 'percentile', 'max', 'iqr', 'mad', 'bestF1', 'youden', 'maxFpr'])
    const own = ev.thresholds.find((r: { strategy: string }) => r.strategy === out.threshold.strategy)
    // The detector's own strategy, re-chosen on the same calibration scores, lands on the same threshold (float32 scores).
    expect(own.threshold).toBeCloseTo(out.threshold.value, 6)
    for (const r of ev.thresholds) {
      expect(r.skipped).toBeNull()
      expect(r.f1).toBeGreaterThanOrEqual(0)
      expect(r.fpr).toBeLessThanOrEqual(1)
    }
  }, 120_000)
})

describeWith(['nab'], 'NAB artificialWithAnomaly/art_daily_jumpsdown', () => {
  let out: Record<string, any>
  let code: number
  beforeAll(async () => {
    const run = await aedetect(['train', '--data', 'nab:art_daily_jumpsdown', '--data-dir', dataDir, '--out', join(dir, 'nab'), '--json'])
    code = run.code
    out = JSON.parse(run.stdout)
  }, 300_000)

  it('trains a window detector on the probationary prefix and reports the TSB-AD metrics on the rest', () => {
    expect(code).toBe(0)
    // The fixture's protocol: prefix min(floor(0.15 · 4032), 750) = 604 rows; 403 labelled rows after it.
    expect(out.split.train.points).toBe(604)
    expect(out.split.test).toEqual({ points: 3428, normal: 3025, anomalous: 403 })
    // TSB-AD's find_length_rank gives 288 for this series (peer-results-ts.json).
    expect(out.slidingWindow).toBe(288)
    // Measured VUS-PR 0.8155, AUC-ROC 0.8585, 1 event (seed 42, the univariate default's 15 epochs, as users run it;
    // with --epochs 10 this series falls to VUS-PR 0.20 and no event: the default is fragile here, which the test
    // must not hide by picking the epochs); TSB-AD's AutoEncoder: VUS-PR 0.140, AUC-ROC 0.495.
    expect(out.timeSeries.vusPr).toBeGreaterThan(0.5)
    expect(out.timeSeries.aucRoc).toBeGreaterThan(0.7)
    expect(out.events).toBeGreaterThanOrEqual(1)
    expect(out.thresholds.find((r: { strategy: string }) => r.strategy === 'bestF1').skipped).toContain('needs labelled calibration scores')
  })

  it('explain names the events', async () => {
    const run = await aedetect(['explain', '--model', join(dir, 'nab'), '--data', 'nab:art_daily_jumpsdown', '--data-dir', dataDir, '--json'])
    expect(run.code).toBe(0)
    const ex = JSON.parse(run.stdout)
    expect(ex.events).toBe(out.events)
    expect(ex.explanations[0].variables[0]).toEqual({ feature: 'value', share: 1 })
  }, 120_000)
})

describeWith(['smd'], 'SMD machine-1-2 (1 epoch, windows of 8 points)', () => {
  it('reports TSB-AD metrics and agreement with the interpretation labels', async () => {
    const run = await aedetect(['train', '--data', 'smd:machine-1-2', '--data-dir', dataDir, '--epochs', '1', '--window', '8', '--out', join(dir, 'smd'), '--json'])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    expect(out.split.test).toEqual({ points: 23694, normal: 23152, anomalous: 542 })
    expect(out.split.channels).toBe(38)
    expect(out.window.size).toBe(8)
    expect(out.interpretation.segments).toBe(10)
    // Measured (5 epochs, auto window 30): AUC-ROC 0.967, VUS-PR 0.53, HitRate@100% 0.53, @150% 0.78;
    // TSB-AD's AutoEncoder: AUC-ROC 0.764, VUS-PR 0.209. Floors below the 1-epoch run's values.
    expect(out.timeSeries.aucRoc).toBeGreaterThan(0.85)
    expect(out.interpretation.hitRate150).toBeGreaterThan(0.4)
    expect(out.interpretation.hitRate150).toBeGreaterThanOrEqual(out.interpretation.hitRate100)
  }, 600_000)
})

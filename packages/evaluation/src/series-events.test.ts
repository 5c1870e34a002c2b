import type { Samples } from '@aedetect/core'
import { loadSmdMachine } from '@aedetect/datasets/node'
import { initBackend, registerFastKernels } from '@aedetect/models'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runSeriesExperiment, seriesDefaultsFor, type SeriesExperiment } from '@aedetect/evaluation'

// SMD machine-1-2 with the multivariate default (alarm rule included), subsampled to keep the file fast: train rows
// 0–2,999, test rows 4,000–8,999 (the interpretation segments inside it, shifted by 4,000). Default backend (wasm) with the fast kernels, as the CLI, seed 42.
const rowsOf = (x: Samples, start: number, end: number): Samples => ({ data: x.data.slice(start * x.shape[1], end * x.shape[1]), shape: [end - start, x.shape[1]] })
let experiment: SeriesExperiment
let segments: Array<{ start: number; end: number; dimensions: number[] }>

describeWith(['smd'], 'series events on SMD machine-1-2', () => {
  beforeAll(async () => {
    await initBackend()
    registerFastKernels()
    const smd = await loadSmdMachine({ dataDir: sharedDataDir(), machine: 'machine-1-2' })
    segments = smd.interpretation.filter((g) => g.start >= 4000 && g.end <= 9000).map((g) => ({ start: g.start - 4000, end: g.end - 4000, dimensions: g.dimensions }))
    experiment = await runSeriesExperiment(
      { name: 'SMD machine-1-2 (rows 4000–8999 of test)', train: rowsOf(smd.train, 0, 3000), test: rowsOf(smd.test, 4000, 9000), testLabels: smd.testLabels.slice(4000, 9000), featureNames: Array.from({ length: 38 }, (_, c) => `c${c}`), interpretation: segments },
      { baseline: false },
    )
  }, 180_000)

  afterAll(() => experiment?.detector.dispose())

  it('merges flagged points into events by the default alarm rule, with peak scores and top channels', () => {
    const rule = seriesDefaultsFor(38).alarm
    expect(rule).toMatchObject({ strategy: 'rollingMeanStd', minLength: 1, coolDown: 0 })
    expect(experiment.detector.state.alarm).toEqual(rule)
    const events = experiment.events
    expect(events.length).toBeGreaterThanOrEqual(2)
    for (const e of events) {
      expect(e.peakIndex).toBeGreaterThanOrEqual(e.start)
      expect(e.peakIndex).toBeLessThanOrEqual(e.end)
      expect(e.peak).toBe(Math.max(...experiment.testScores.subarray(e.start, e.end + 1)))
      expect(e.variables.length).toBe(3)
    }
    // Maximal runs: events never touch.
    for (let i = 1; i < events.length; i++) expect(events[i].start - events[i - 1].end).toBeGreaterThan(1)
    // The report counts the rule's flags: flagged points = the points inside events.
    expect(experiment.report.flagged).toBe(events.reduce((n, e) => n + e.end - e.start + 1, 0))
  })

  it("names a labelled cause among the top channels of the events that overlap the interpretation segments", () => {
    const overlapping = experiment.events.filter((e) => segments.some((g) => e.start < g.end && g.start <= e.end))
    const hits = overlapping.filter((e) => segments.some((g) => e.start < g.end && g.start <= e.end && e.variables.some((v) => g.dimensions.includes(Number(v.feature.slice(1))))))
    // Measured (wasm, seed 42): 4 events (points 182–211, 620–695, 1905–1959, 4492–4515; 185 flagged points); 2 overlap
    // the 3 interpretation segments and both name a labelled cause among their top 3 (c4/c7/c17, c28/c29/c17).
    expect(overlapping.length).toBeGreaterThan(0)
    expect(hits.length / overlapping.length).toBeGreaterThanOrEqual(0.5)
  })
})

// Issue 19: caches the training-part and test-part point scores of the CLI's default window detectors on the
// developer data (NAB's 45 scored series, SMD's developer machines; KIND=nab or smd for one), so threshold rules can be compared on the
// same scores without training again. `runSeriesExperiment` with no overrides, seed 42: what `aedetect train
// --data nab:<s>` / `smd:<m>` runs. Usage: node --import tsx src/scripts/cache-series-scores.ts <out.json>
import { writeFileSync } from 'node:fs'
import { listNabSeries, listSmdMachines, loadNabSeries, loadSmdMachine } from '@aedetect/datasets/node'
import { runSeriesExperiment, type LabelledSeries } from '@aedetect/evaluation'
import { initBackend, registerFastKernels } from '@aedetect/models'
import { sharedDir } from '../_shared'

interface CachedSeries {
  name: string
  kind: 'nab' | 'smd'
  slidingWindow: number
  fitMs: number
  train: number[]
  test: number[]
  labels: number[]
}

async function cache(data: LabelledSeries, kind: 'nab' | 'smd'): Promise<CachedSeries> {
  let train: Float64Array | null = null
  const experiment = await runSeriesExperiment(data, {
    testFollowsTrain: kind === 'nab',
    baseline: false,
    onFitted: async (detector) => {
      train = await detector.scorePoints(data.train)
    },
  })
  experiment.detector.dispose()
  const round = (a: ArrayLike<number>): number[] => Array.from(a, (v) => Number(v.toPrecision(9)))
  return { name: data.name, kind, slidingWindow: experiment.slidingWindow, fitMs: experiment.timingsMs.fit, train: round(train as unknown as Float64Array), test: round(experiment.testScores), labels: Array.from(data.testLabels) }
}

async function main(): Promise<void> {
  const out = process.argv[2]
  if (!out) throw new Error('usage: cache-series-scores.ts <out.json>')
  await initBackend()
  registerFastKernels()
  const dataDir = sharedDir('datasets')
  const series: CachedSeries[] = []
  const kinds = process.env.KIND?.split(',') ?? ['nab', 'smd']
  for (const info of kinds.includes('nab') ? listNabSeries({ dataDir }) : []) {
    const s = await loadNabSeries({ dataDir, name: info.key })
    const n = s.values.length
    const prefix = Math.min(Math.floor(0.15 * n), 750)
    if (!s.labels.subarray(prefix).includes(1)) continue
    series.push(await cache({ name: info.key, train: { data: s.values.slice(0, prefix), shape: [prefix, 1] }, test: { data: s.values.slice(prefix), shape: [n - prefix, 1] }, testLabels: s.labels.slice(prefix), featureNames: ['value'] }, 'nab'))
    process.stderr.write(`nab ${info.key} (${series.length})\n`)
  }
  for (const name of kinds.includes('smd') ? listSmdMachines({ dataDir }) : []) {
    const machine = await loadSmdMachine({ dataDir, machine: name })
    const started = performance.now()
    series.push(await cache({ ...machine, name }, 'smd'))
    process.stderr.write(`smd ${name}: ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
  }
  writeFileSync(out, JSON.stringify({ produced: new Date().toISOString(), series }))
}

await main()

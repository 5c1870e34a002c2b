// Issue 19: one label-free threshold rule per data kind (univariate NAB, multivariate SMD), chosen on the developer
// data from the scores cached by cache-series-scores.ts. Every rule sets its value (or its online state) on the
// training part's point scores only; the test labels only score the result. Prints, per kind, every rule with its
// mean standard F1 at the threshold, the ratio to the oracle F1 of the same scores (ratio of the means and mean of
// the per-series ratios), the same two ratios to the held oracle for rules with a hold (HOLD=…), event F1, affiliation F
// and the flagged fraction, best first.
// Usage: [HOLD=25,50] [RULES=name,…] [WHOLE=1] node --import tsx src/scripts/choose-series-threshold.ts <scores.json> [nab|smd]
import { readFileSync } from 'node:fs'
import { affiliationF, alarmEventFlags, alarmEvents, holdAlarms, createNonparametricThreshold, eventF1, findThreshold, normalMaxOf, pruneAlarmEvents, standardF1, type ThresholdOptions } from '@aedetect/metrics'

interface CachedSeries {
  name: string
  kind: 'nab' | 'smd'
  train: number[]
  test: number[]
  labels: number[]
}

type Flags = (train: Float64Array, test: Float64Array) => Uint8Array
interface Rule { name: string; flags: Flags; hold?: number }

const above = (test: Float64Array, value: number): Uint8Array => Uint8Array.from(test, (x) => (x >= value ? 1 : 0))
const valueOf = (options: ThresholdOptions) => (train: Float64Array): number => findThreshold(train, options).value

// A rule that cannot be set on a series (e.g. POT with no tail above its level on tied scores) flags nothing there
// and is counted in the table's 'failed' column.
let failures = 0
function fixed(name: string, value: (train: Float64Array) => number): Rule {
  return {
    name,
    flags: (train, test) => {
      try {
        return above(test, value(train))
      } catch {
        failures++
        return new Uint8Array(test.length)
      }
    },
  }
}

function rollingNonparametric(batch: number, history: number, errorBuffer: number): Rule {
  return {
    name: `rolling nonparametric batch ${batch} history ${history} buffer ${errorBuffer}`,
    flags: (train, test) => {
      const t = createNonparametricThreshold(train, { batch, history, errorBuffer })
      return Uint8Array.from(test, (x) => (t.push(x).alarm ? 1 : 0))
    },
  }
}

// mean + k std of the trailing `history` scores (calibration first, then the stream), refreshed every `batch` points.
function rollingMeanStd(batch: number, history: number, k: number): Rule {
  return {
    name: `rolling meanStd k ${k} batch ${batch} history ${history}`,
    flags: (train, test) => {
      const all = new Float64Array(train.length + test.length)
      all.set(train)
      all.set(test, train.length)
      const out = new Uint8Array(test.length)
      for (let b = 0; b < test.length; b += batch) {
        const end = train.length + b
        const value = findThreshold(all.subarray(Math.max(0, end - history), end), { strategy: 'meanStd', k }).value
        for (let i = b; i < Math.min(test.length, b + batch); i++) out[i] = test[i] >= value ? 1 : 0
      }
      return out
    },
  }
}

function withEvents(rule: Rule, minLength: number, coolDown: number): Rule {
  return { name: `${rule.name} + events(min ${minLength}, cool-down ${coolDown})`, flags: (train, test) => alarmEventFlags(alarmEvents(rule.flags(train, test), test, { minLength, coolDown }), test.length) }
}

// Causal hold (holdAlarms of @aedetect/metrics, what the detectors apply): a point is flagged when the rule flagged it
// or any of the `hold` points before it, so it can be applied as points arrive (unlike merging, which looks ahead).
function withHold(rule: Rule, hold: number): Rule {
  return { name: `${rule.name} + hold ${hold}`, hold, flags: (train, test) => holdAlarms(rule.flags(train, test), hold) }
}

// The oracle of the held flags, for fairness: the best standard F1 in hindsight over thresholds on the test scores
// with the same hold applied. Searched over ORACLE_GRID (default 400) quantiles of the test scores, so a lower bound of
// the exact held oracle; with hold 0 it is the plain oracle (every distinct score).
const grid = Number(process.env.ORACLE_GRID ?? 400)
function heldOracle(labels: Uint8Array, test: Float64Array, hold: number): number {
  const sorted = Float64Array.from(test).sort()
  let best = 0
  let previous = NaN
  for (let g = 0; g < grid; g++) {
    const value = sorted[Math.min(sorted.length - 1, Math.floor((g / grid) * sorted.length))]
    if (value === previous) continue
    previous = value
    const f = standardF1(labels, test, { predicted: holdAlarms(above(test, value), hold) }).f1
    if (f > best) best = f
  }
  return best
}

function withPruning(rule: Rule, p: number): Rule {
  return {
    name: `${rule.name} + pruning ${p}`,
    flags: (train, test) => {
      const flags = rule.flags(train, test)
      return alarmEventFlags(pruneAlarmEvents(alarmEvents(flags, test), normalMaxOf(flags, test), { p }), test.length)
    },
  }
}

const base: Rule[] = []
for (const k of [2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30]) base.push(fixed(`meanStd k ${k}`, valueOf({ strategy: 'meanStd', k })))
for (const k of [3, 6, 10, 20, 40]) base.push(fixed(`mad k ${k}`, valueOf({ strategy: 'mad', k })))
for (const k of [3, 6, 10]) base.push(fixed(`iqr k ${k}`, valueOf({ strategy: 'iqr', k })))
for (const q of [0.99, 0.995, 0.999]) base.push(fixed(`percentile ${q}`, valueOf({ strategy: 'percentile', q })))
for (const f of [1, 1.25, 1.5, 2, 3]) base.push(fixed(`max × ${f}`, (train) => f * findThreshold(train, { strategy: 'max' }).value))
for (const level of [0.98, 0.99]) for (const q of [1e-2, 1e-3, 1e-4, 1e-5, 1e-6]) base.push(fixed(`pot q ${q} level ${level}`, valueOf({ strategy: 'pot', q, level })))
for (const errorBuffer of [10, 100]) base.push(fixed(`nonparametric buffer ${errorBuffer}`, valueOf({ strategy: 'nonparametric', errorBuffer })))
for (const [k, q] of [[3, 1e-3], [5, 1e-3], [3, 1e-4], [5, 1e-4], [8, 1e-4]] as const) {
  base.push(fixed(`max(meanStd k ${k}, pot q ${q})`, (train) => Math.max(findThreshold(train, { strategy: 'meanStd', k }).value, findThreshold(train, { strategy: 'pot', q, level: 0.98 }).value)))
}
for (const k of [3, 5, 8]) base.push(fixed(`max(meanStd k ${k}, max)`, (train) => Math.max(findThreshold(train, { strategy: 'meanStd', k }).value, findThreshold(train, { strategy: 'max' }).value)))
base.push(rollingNonparametric(70, 2100, 10), rollingNonparametric(70, 2100, 100))
// The shipped defaults (seriesDefaultsFor: univariate k 2 over 4200, multivariate k 3 over 2100) and their neighbours.
for (const [history, k] of [[4200, 2], [4200, 2.5], [4200, 3], [2100, 2], [2100, 3]] as const) base.push(rollingMeanStd(70, history, k))
if (process.env.WIDE) {
  for (const batch of [35, 140]) for (const history of [700, 4200]) for (const errorBuffer of [10, 100]) base.push(rollingNonparametric(batch, history, errorBuffer))
  for (const history of [700, 2100, 4200]) for (const k of [1.5, 2, 2.5, 3, 4, 6]) base.push(rollingMeanStd(70, history, k))
}
const only = process.env.RULES?.split(',')
const rules: Rule[] = []
for (const rule of base) {
  rules.push(rule, withPruning(rule, 0.13), withEvents(rule, 3, 10), withEvents(rule, 1, 10), withEvents(rule, 5, 30))
  if (process.env.HOLD) for (const hold of process.env.HOLD.split(',').map(Number)) rules.push(withHold(rule, hold))
  if (process.env.WIDE) rules.push(withEvents(rule, 1, 100), withEvents(rule, 5, 100), withEvents(rule, 10, 200), withPruning(withEvents(rule, 5, 30), 0.13))
}

// WHOLE=1: the rule runs over the whole stream (training part, then test part) and the test part's flags are kept,
// as runSeriesExperiment with testFollowsTrain (the nab suite, `aedetect score` on the whole file) applies it; the
// training scores then pass through the rolling rule twice (calibration, then stream). Default: the test part only.
const whole = process.env.WHOLE === '1'
const cache = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { series: CachedSeries[] }
for (const kind of (process.argv[3] ? [process.argv[3]] : ['nab', 'smd']) as Array<'nab' | 'smd'>) {
  const series = cache.series.filter((s) => s.kind === kind).map((s) => ({ name: s.name, train: Float64Array.from(s.train), test: Float64Array.from(s.test), whole: Float64Array.from([...s.train, ...s.test]), labels: Uint8Array.from(s.labels) }))
  const oracle = series.map((s) => standardF1(s.labels, s.test).f1)
  const meanOracle = oracle.reduce((a, b) => a + b, 0) / oracle.length
  const heldOracles = new Map<number, number[]>()
  const oracleFor = (hold: number): number[] => {
    if (hold === 0) return oracle
    if (!heldOracles.has(hold)) heldOracles.set(hold, series.map((s) => Math.max(heldOracle(s.labels, s.test, hold), 0)))
    return heldOracles.get(hold) as number[]
  }
  const results: Array<{ name: string; f1: number; ratioOfMeans: number; meanRatio: number; heldRatioOfMeans: number; heldMeanRatio: number; event: number; aff: number; flagged: number; per: string; failed: number }> = []
  for (const rule of rules) {
    if (only && !only.some((o) => rule.name.includes(o))) continue
    failures = 0
    let f1 = 0, ratio = 0, heldRatio = 0, event = 0, aff = 0, flagged = 0
    const per: string[] = []
    const ownOracle = oracleFor(rule.hold ?? 0)
    const meanOwnOracle = ownOracle.reduce((a, b) => a + b, 0) / ownOracle.length
    series.forEach((s, i) => {
      const predicted = whole ? rule.flags(s.train, s.whole).slice(s.train.length) : rule.flags(s.train, s.test)
      const f = standardF1(s.labels, s.test, { predicted }).f1
      let count = 0
      for (let j = 0; j < predicted.length; j++) count += predicted[j]
      f1 += f
      ratio += oracle[i] > 0 ? f / oracle[i] : 0
      heldRatio += ownOracle[i] > 0 ? f / ownOracle[i] : 0
      event += eventF1(s.labels, predicted).f1
      aff += affiliationF(s.labels, predicted).f1 ?? 0
      flagged += count / predicted.length
      per.push(`${s.name.replace(/^.*\//, '')} ${f.toFixed(2)}/${oracle[i].toFixed(2)}`)
    })
    const n = series.length
    results.push({ name: rule.name, f1: f1 / n, ratioOfMeans: f1 / n / meanOracle, meanRatio: ratio / n, heldRatioOfMeans: f1 / n / meanOwnOracle, heldMeanRatio: heldRatio / n, event: event / n, aff: aff / n, flagged: flagged / n, per: per.join('; '), failed: failures })
  }
  results.sort((a, b) => b.meanRatio - a.meanRatio)
  console.log(`\n## ${kind.toUpperCase()} (${series.length} series), mean oracle standard F1 ${meanOracle.toFixed(3)}`)
  console.log('| rule | mean F1 at threshold | ratio of means | mean per-series ratio | ratio of means, held oracle | mean per-series ratio, held oracle | event F1 | affiliation F | mean flagged fraction | failed |')
  console.log('|---|---|---|---|---|---|---|---|---|---|')
  for (const r of results) console.log(`| ${r.name} | ${r.f1.toFixed(3)} | ${r.ratioOfMeans.toFixed(3)} | ${r.meanRatio.toFixed(3)} | ${r.heldRatioOfMeans.toFixed(3)} | ${r.heldMeanRatio.toFixed(3)} | ${r.event.toFixed(3)} | ${r.aff.toFixed(3)} | ${r.flagged.toFixed(3)} | ${r.failed} |`)
  for (const [hold, values] of heldOracles) console.log(`held oracle, hold ${hold}: mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)} (grid of ${grid} quantiles)`)
  if (process.env.PER_SERIES) for (const r of results.slice(0, 5)) console.error(`${kind} ${r.name}: ${r.per}`)
}

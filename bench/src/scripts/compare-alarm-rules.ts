// Issue 19: which label-free threshold rule should the window detectors use? Reads the point scores cached by
// cache-series-scores.ts (CLI defaults, developer NAB series and SMD machines), sets each rule on the training
// part's point scores only, and compares standard F1 at that threshold with the oracle F1 of the same scores,
// beside event F1 and affiliation F. Usage: node --import tsx src/scripts/compare-alarm-rules.ts <scores.json>
import { readFileSync } from 'node:fs'
import { affiliationF, alarmEventFlags, alarmEvents, createNonparametricThreshold, createSpot, eventF1, findThreshold, normalMaxOf, pruneAlarmEvents, standardF1, type ThresholdOptions } from '@aedetect/metrics'

interface CachedSeries {
  name: string
  kind: 'nab' | 'smd'
  train: number[]
  test: number[]
  labels: number[]
}

type Rule = { name: string; flags: (train: Float64Array, test: Float64Array) => Uint8Array }

function fixed(options: ThresholdOptions): Rule['flags'] {
  return (train, test) => {
    const value = findThreshold(train, options).value
    const out = new Uint8Array(test.length)
    for (let i = 0; i < test.length; i++) out[i] = test[i] >= value ? 1 : 0
    return out
  }
}

function streaming(q: number, level: number, depth?: number): Rule['flags'] {
  return (train, test) => {
    const spot = createSpot(train, { q, level, depth })
    const out = new Uint8Array(test.length)
    for (let i = 0; i < test.length; i++) out[i] = spot.push(test[i]).alarm ? 1 : 0
    return out
  }
}

// Telemanom's own use of its rule: online, on the stream itself (no labels): every batch of `batch` points is
// flagged with the ε found on the trailing `history` points (calibration scores first, then the stream so far).
function rolling(batch: number, history: number, errorBuffer: number): Rule['flags'] {
  return (train, test) => {
    const all = new Float64Array(train.length + test.length)
    all.set(train)
    all.set(test, train.length)
    const out = new Uint8Array(test.length)
    for (let b = 0; b < test.length; b += batch) {
      const end = train.length + b
      const value = findThreshold(all.subarray(Math.max(0, end - history), end), { strategy: 'nonparametric', errorBuffer }).value
      for (let i = b; i < Math.min(test.length, b + batch); i++) out[i] = test[i] >= value ? 1 : 0
    }
    return out
  }
}

// The library's streaming form of `rolling` (same numbers, ring buffer of `history` points).
function stream(batch: number, history: number, errorBuffer: number): Rule['flags'] {
  return (train, test) => {
    const t = createNonparametricThreshold(train, { batch, history, errorBuffer })
    return Uint8Array.from(test, (x) => (t.push(x).alarm ? 1 : 0))
  }
}

// Alarms as an alerting user gets them: flags merged within `coolDown`, alarms shorter than `minLength` dropped.
function asEvents(rule: Rule['flags'], minLength: number, coolDown: number): Rule['flags'] {
  return (train, test) => alarmEventFlags(alarmEvents(rule(train, test), test, { minLength, coolDown }), test.length)
}

// Telemanom's pruning (p = 0.13) of the alarms over the whole test part (pruneAlarmEvents of the library).
function pruned(rule: Rule['flags'], p: number): Rule['flags'] {
  return (train, test) => {
    const flags = rule(train, test)
    return alarmEventFlags(pruneAlarmEvents(alarmEvents(flags, test), normalMaxOf(flags, test), { p }), test.length)
  }
}

const RULES: Rule[] = [
  { name: 'pruned 0.13 stream nonparametric buffer=10', flags: pruned(stream(70, 2100, 10), 0.13) },
  { name: 'pruned 0.13 stream nonparametric buffer=100', flags: pruned(stream(70, 2100, 100), 0.13) },
  { name: 'pruned 0.13 meanStd k=3', flags: pruned(fixed({ strategy: 'meanStd', k: 3 }), 0.13) },
  { name: 'pruned 0.13 pot q=1e-3 level=0.98', flags: pruned(fixed({ strategy: 'pot', q: 1e-3, level: 0.98 }), 0.13) },
  { name: 'pruned 0.13 dspot d=20', flags: pruned(streaming(1e-3, 0.98, 20), 0.13) },
  { name: 'stream nonparametric (library) batch=70 history=2100 buffer=100', flags: stream(70, 2100, 100) },
  { name: 'stream nonparametric (library) batch=70 history=2100 buffer=10', flags: stream(70, 2100, 10) },
  { name: 'events(min 3, cool-down 10) of stream nonparametric', flags: asEvents(stream(70, 2100, 10), 3, 10) },
  { name: 'events(min 3, cool-down 10) of meanStd k=3', flags: asEvents(fixed({ strategy: 'meanStd', k: 3 }), 3, 10) },
  { name: 'meanStd k=2', flags: fixed({ strategy: 'meanStd', k: 2 }) },
  { name: 'meanStd k=5', flags: fixed({ strategy: 'meanStd', k: 5 }) },
  { name: 'percentile 0.95', flags: fixed({ strategy: 'percentile', q: 0.95 }) },
  { name: 'percentile 0.98', flags: fixed({ strategy: 'percentile', q: 0.98 }) },
  { name: 'rolling nonparametric batch=70 history=2100', flags: rolling(70, 2100, 10) },
  { name: 'rolling nonparametric batch=70 history=2100 buffer=100', flags: rolling(70, 2100, 100) },
  { name: 'rolling nonparametric batch=70 history=1000', flags: rolling(70, 1000, 10) },
  { name: 'rolling nonparametric batch=70 history=4200', flags: rolling(70, 4200, 10) },
  { name: 'rolling nonparametric batch=10 history=2100', flags: rolling(10, 2100, 10) },
  { name: 'meanStd k=3 (today)', flags: fixed({ strategy: 'meanStd', k: 3 }) },
  { name: 'percentile 0.99', flags: fixed({ strategy: 'percentile', q: 0.99 }) },
  { name: 'percentile 0.999', flags: fixed({ strategy: 'percentile', q: 0.999 }) },
  { name: 'max', flags: fixed({ strategy: 'max' }) },
  { name: 'pot q=1e-3 level=0.98', flags: fixed({ strategy: 'pot', q: 1e-3, level: 0.98 }) },
  { name: 'pot q=1e-4 level=0.99', flags: fixed({ strategy: 'pot', q: 1e-4, level: 0.99 }) },
  { name: 'pot q=1e-2 level=0.98', flags: fixed({ strategy: 'pot', q: 1e-2, level: 0.98 }) },
  { name: 'spot q=1e-3 level=0.98', flags: streaming(1e-3, 0.98) },
  { name: 'spot q=1e-4 level=0.99', flags: streaming(1e-4, 0.99) },
  { name: 'dspot q=1e-3 level=0.98 d=20', flags: streaming(1e-3, 0.98, 20) },
  { name: 'dspot q=1e-3 level=0.98 d=100', flags: streaming(1e-3, 0.98, 100) },
  { name: 'nonparametric (Telemanom defaults)', flags: fixed({ strategy: 'nonparametric' }) },
  { name: 'nonparametric buffer=10', flags: fixed({ strategy: 'nonparametric', errorBuffer: 10 }) },
]

const cache = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { series: CachedSeries[] }
const only = process.argv[3]?.split(',')
for (const kind of ['nab', 'smd'] as const) {
  const series = cache.series.filter((s) => s.kind === kind)
  const oracle = series.map((s) => standardF1(Uint8Array.from(s.labels), s.test).f1)
  const meanOracle = oracle.reduce((a, b) => a + b, 0) / oracle.length
  console.log(`\n## ${kind.toUpperCase()} (${series.length} series), mean oracle standard F1 ${meanOracle.toFixed(3)}`)
  console.log('| rule | mean F1 at threshold | ratio to oracle (of means) | mean per-series ratio | event F1 | affiliation F | mean flagged fraction | series flagging > 50 % | ms |')
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const rule of RULES) {
    if (only && !only.some((o) => rule.name.includes(o))) continue
    const started = performance.now()
    let f1 = 0
    let ratio = 0
    let event = 0
    let aff = 0
    let flagged = 0
    let most = 0
    const per: string[] = []
    series.forEach((s, k) => {
      const labels = Uint8Array.from(s.labels)
      const test = Float64Array.from(s.test)
      const predicted = rule.flags(Float64Array.from(s.train), test)
      const f = standardF1(labels, test, { predicted }).f1
      let count = 0
      for (let i = 0; i < predicted.length; i++) count += predicted[i]
      f1 += f
      ratio += oracle[k] > 0 ? f / oracle[k] : 0
      event += eventF1(labels, predicted).f1
      aff += affiliationF(labels, predicted).f1 ?? 0
      flagged += count / predicted.length
      if (count > predicted.length / 2) most++
      per.push(`${s.name}: ${f.toFixed(3)}/${oracle[k].toFixed(3)}`)
    })
    const n = series.length
    console.log(`| ${rule.name} | ${(f1 / n).toFixed(3)} | ${(f1 / n / meanOracle).toFixed(3)} | ${(ratio / n).toFixed(3)} | ${(event / n).toFixed(3)} | ${(aff / n).toFixed(3)} | ${(flagged / n).toFixed(3)} | ${most} | ${(performance.now() - started).toFixed(0)} |`)
    if (process.env.PER_SERIES) console.error(`${kind} ${rule.name}\n  ${per.join('\n  ')}`)
  }
}

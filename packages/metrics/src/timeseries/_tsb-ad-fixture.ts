// Test-only: the TSB-AD reference fixture shipped in fixtures/. Never imported by the package entry.
import { readFixture } from '@aedetect/test-data'

/** The nine values of TSB-AD's `get_metrics`. */
export interface TsbAdMetrics {
  'AUC-PR': number
  'AUC-ROC': number
  'VUS-PR': number
  'VUS-ROC': number
  'Standard-F1': number
  'PA-F1': number
  'Event-based-F1': number
  'R-based-F1': number
  'Affiliation-F': number
}

/** One case of `fixtures/tsb-ad-reference.json` (see the fixtures README). */
export interface TsbAdCase {
  name: string
  n: number
  anomalyRanges: Array<[number, number]>
  labels: number[]
  scores: number[]
  metrics: TsbAdMetrics
  details: {
    standardF1: { prCurveIndex: number; threshold: number; precision: number; recall: number }
    oracleThresholds: number[]
    paF1ByThreshold: number[]
    eventF1ByThreshold: number[]
    rF1ByThreshold: number[]
    affiliationFByThreshold: Array<number | null>
    affiliationPrecisionByThreshold: Array<number | null>
    affiliationRecallByThreshold: number[]
    firstBestIndex: Record<'PA-F1' | 'Event-based-F1' | 'R-based-F1' | 'Affiliation-F', number>
    vusThresholdIndices: number[]
    vusThresholds: number[]
    vus: Array<{ slidingWindow: number; vusRoc: number; vusPr: number; rangeAucRocPerWindow: number[]; rangeAucPrPerWindow: number[] }>
  }
  withPred: {
    predThreshold: number
    predictedCount: number
    predictedRanges: Array<[number, number]>
    metrics: TsbAdMetrics
  }
}

let cached: TsbAdCase[] | undefined

/** The five cases of `fixtures/tsb-ad-reference.json`, parsed once per test file. */
export function tsbAdCases(): TsbAdCase[] {
  cached ??= readFixture<{ cases: TsbAdCase[] }>('tsb-ad-reference.json').cases
  return cached
}

/** The labels of a case as a Uint8Array. */
export function caseLabels(c: TsbAdCase): Uint8Array {
  return Uint8Array.from(c.labels)
}

/** The given prediction of a case's `withPred`, rebuilt from its ranges. */
export function casePredicted(c: TsbAdCase): Uint8Array {
  const p = new Uint8Array(c.n)
  for (const [s, e] of c.withPred.predictedRanges) p.fill(1, s, e + 1)
  return p
}

/** Runs `fn`, which must throw, and returns the error's code and message for one `toEqual`. */
export function thrown(fn: () => unknown): { code: unknown; message: string } {
  try {
    fn()
  } catch (error) {
    return { code: (error as { code?: unknown }).code, message: (error as Error).message }
  }
  throw new Error('expected the call to throw')
}

/** The prediction `score > threshold` (TSB-AD's strict rule) as 0/1. */
export function predictAbove(scores: readonly number[], threshold: number): Uint8Array {
  const p = new Uint8Array(scores.length)
  for (let i = 0; i < scores.length; i++) p[i] = scores[i] > threshold ? 1 : 0
  return p
}

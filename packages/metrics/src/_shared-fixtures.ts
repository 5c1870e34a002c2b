// Test-only: loads the shared reference fixtures. Never imported by the package entry (it uses node:fs).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

/** The shared folder: `AEDETECT_SHARED_DIR`, else `../shared` beside the repository root. */
export function sharedDir(): string {
  return process.env.AEDETECT_SHARED_DIR ?? fileURLToPath(new URL('../../../../shared', import.meta.url))
}

export interface MetricsCase {
  name: string
  scores: number[]
  labels: number[]
  rocAuc: number
  averagePrecision: number
  rocCurve: { fpr: number[]; tpr: number[]; thresholds: number[] }
  prCurve: { precision: number[]; recall: number[]; thresholds: number[] }
  bestF1: { threshold: number; f1: number; precision: number; recall: number }
  atThresholds: Array<{
    threshold: number
    tp: number
    fp: number
    tn: number
    fn: number
    accuracy: number
    precision: number
    recall: number
    f1: number
    mcc: number
    balancedAccuracy: number
    classificationReport: Record<string, number | Record<string, number>>
  }>
  youden: { index: number; threshold: number; j: number; tpr: number; fpr: number; tp: number; fp: number; tn: number; fn: number }
  thresholdForMaxFpr: Array<{ maxFpr: number; index: number; threshold: number; fpr: number; tpr: number; tp: number; fp: number; tn: number; fn: number }>
}

export interface ThresholdFixture {
  trainErrors: number[]
  mean: number
  stdPopulation: number
  meanPlus1Std: number
  meanPlus3Std: number
  percentilesLinear: Record<string, number>
  iqrRule: { q1: number; q3: number; iqr: number; k: number; threshold: number; flaggedGe: number }
  madRule: { median: number; mad: number; k: number; threshold: number; flaggedGe: number }
  max: number
  contamination: { contamination: number; threshold: number; flaggedGe: number }
}

export interface SklearnReference {
  metrics: MetricsCase[]
  thresholds: ThresholdFixture
}

let cached: SklearnReference | undefined

/** `fixtures/sklearn-reference.json`, parsed once per test file. */
export function sklearnReference(): SklearnReference {
  cached ??= JSON.parse(readFileSync(join(sharedDir(), 'fixtures', 'sklearn-reference.json'), 'utf8')) as SklearnReference
  return cached
}

/** The `code` of the AedetectError that `f` throws, or 'none'. */
export function codeOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    return String((e as { code?: string }).code)
  }
  return 'none'
}

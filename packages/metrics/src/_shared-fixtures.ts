// Test-only: the reference fixtures shipped in the repository (fixtures/), typed. Never imported by the package
// entry (it reads files).
import { readFixture } from '@aedetect/test-data'

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
  cached ??= readFixture<SklearnReference>('sklearn-reference.json')
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

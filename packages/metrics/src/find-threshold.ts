import { AedetectError } from '@aedetect/core'
import type { Labels } from '@aedetect/core'
import { countClasses, expectBothClasses, toCheckedLabels, toScores64 } from './_validate'
import { medianSorted, meanStd, quantileSorted, sortedCopy } from './_order-statistics'
import { sweepDescending } from './_sweep'
import type { Threshold, ThresholdOptions } from './threshold'
import { checkPotOptions, initialisePot, potQuantile } from './_pot'
import { nonparametricThreshold } from './nonparametric-threshold'

const WHERE = 'findThreshold()'
const STRATEGIES = `'meanStd' | 'percentile' | 'contamination' | 'max' | 'iqr' | 'mad' | 'pot' | 'nonparametric' | 'bestF1' | 'youden' | 'maxFpr'`
const LABEL_FREE = `'meanStd', 'percentile', 'contamination', 'max', 'iqr', 'mad', 'pot', 'nonparametric'`
/** Scales the MAD to a std estimate for normally distributed data (1 / Φ⁻¹(3/4)). */
const MAD_CONSISTENCY = 1.4826

/**
 * Chooses an anomaly threshold from scores with one strategy; a sample is anomalous when
 * `score >= value`. Label-free strategies ('meanStd', 'percentile', 'contamination', 'max', 'iqr',
 * 'mad', 'pot', 'nonparametric') take errors of normal samples: better held-out normal validation errors than training errors,
 * which the model has seen and which are biased low. Labelled strategies ('bestF1', 'youden', 'maxFpr')
 * take labelled validation scores and `labels` (1 = anomaly); never the test split. Defaults:
 * meanStd k = 3 (population std), iqr k = 1.5, mad k = 3, pot q = 1e-3 and level = 0.98, nonparametric z from 2.5
 * to 12 by 0.5 with an error buffer of 100 and no smoothing. Percentiles use numpy's linear interpolation.
 * Scores are read as float64; O(n log n).
 * @throws `E_EMPTY`, `E_NOT_FINITE` (by index), `E_OPTION` (unknown strategy or an option out of range),
 * `E_LABELS`, `E_LENGTH_MISMATCH`, `E_NO_ANOMALY` ('bestF1' without any anomaly in `labels`),
 * `E_SINGLE_CLASS` ('youden' and 'maxFpr' need both classes).
 */
export function findThreshold(scores: ArrayLike<number>, options: ThresholdOptions): Threshold {
  return findThresholdAt(scores, options, WHERE)
}

/** {@link findThreshold} with the caller's name in error messages. */
export function findThresholdAt(scores: ArrayLike<number>, options: ThresholdOptions, where: string): Threshold {
  if (options === null || typeof options !== 'object') {
    throw new AedetectError('E_OPTION', `${where}: options must be an object with a strategy, one of ${STRATEGIES}; got ${String(options)}.`)
  }
  const s = toScores64(scores, where)
  switch (options.strategy) {
    case 'meanStd': {
      const k = factor(options.k, 3, 'meanStd', where)
      const { mean, std } = meanStd(s)
      return { value: mean + k * std, strategy: 'meanStd', params: { k, mean, std } }
    }
    case 'percentile': {
      const q = fraction(options.q, 'q', 'percentile', where, true)
      return { value: quantileSorted(sortedCopy(s), q), strategy: 'percentile', params: { q } }
    }
    case 'contamination': {
      const c = fraction(options.contamination, 'contamination', 'contamination', where, false)
      // numpy.percentile(scores, 100 * (1 - c)) divides by 100 again; 1 - c is that fraction.
      return { value: quantileSorted(sortedCopy(s), 1 - c), strategy: 'contamination', params: { contamination: c } }
    }
    case 'max': {
      let max = -Infinity
      for (let i = 0; i < s.length; i++) if (s[i] > max) max = s[i]
      return { value: max, strategy: 'max', params: {} }
    }
    case 'iqr': {
      const k = factor(options.k, 1.5, 'iqr', where)
      const sorted = sortedCopy(s)
      const q1 = quantileSorted(sorted, 0.25)
      const q3 = quantileSorted(sorted, 0.75)
      const iqr = q3 - q1
      return { value: q3 + k * iqr, strategy: 'iqr', params: { k, q1, q3, iqr } }
    }
    case 'mad': {
      const k = factor(options.k, 3, 'mad', where)
      const sorted = sortedCopy(s)
      const median = medianSorted(sorted)
      const deviations = new Float64Array(s.length)
      for (let i = 0; i < s.length; i++) deviations[i] = Math.abs(s[i] - median)
      const mad = medianSorted(deviations.sort())
      // Left to right as the reference: median + ((k * 1.4826) * mad).
      return { value: median + k * MAD_CONSISTENCY * mad, strategy: 'mad', params: { k, median, mad } }
    }
    case 'pot': {
      const q = options.q ?? 1e-3
      const level = options.level ?? 0.98
      checkPotOptions(q, level, where, 'pot')
      const state = initialisePot(s, level, where, 'level')
      const params = { q, level, initial: state.initial, gamma: state.fit.gamma, sigma: state.fit.sigma, peaks: state.peaks.length, n: state.n }
      return { value: potQuantile(state, q), strategy: 'pot', params }
    }
    case 'nonparametric': {
      const zMin = factor(options.zMin, 2.5, 'nonparametric', where, 'zMin')
      const zMax = factor(options.zMax, 12, 'nonparametric', where, 'zMax')
      const zStep = factor(options.zStep, 0.5, 'nonparametric', where, 'zStep')
      const errorBuffer = factor(options.errorBuffer, 100, 'nonparametric', where, 'errorBuffer')
      const smoothingSpan = factor(options.smoothingSpan, 0, 'nonparametric', where, 'smoothingSpan')
      if (!(zStep > 0) || !(zMax > zMin) || !Number.isInteger(errorBuffer) || errorBuffer < 1) {
        throw new AedetectError('E_OPTION', `${where}: strategy 'nonparametric' needs zStep > 0, zMax > zMin and an integer errorBuffer >= 1; got zMin ${zMin}, zMax ${zMax}, zStep ${zStep}, errorBuffer ${errorBuffer}.`)
      }
      const { value, params } = nonparametricThreshold(s, { zMin, zMax, zStep, errorBuffer, smoothingSpan })
      return { value, strategy: 'nonparametric', params }
    }
    case 'bestF1':
      return bestF1(s, toCheckedLabels(options.labels, where, s.length), where)
    case 'youden':
      return youden(s, toCheckedLabels(options.labels, where, s.length), where)
    case 'maxFpr':
      return maxFpr(s, toCheckedLabels(options.labels, where, s.length), fraction(options.maxFpr, 'maxFpr', 'maxFpr', where, true), where)
    default: {
      const got = (options as { strategy?: unknown }).strategy
      throw new AedetectError('E_OPTION', `${where}: strategy must be one of ${STRATEGIES}, got '${String(got)}'.`)
    }
  }
}

function bestF1(s: Float64Array, labels: Labels, where: string): Threshold {
  const { anomalies } = countClasses(labels)
  if (anomalies === 0) {
    throw new AedetectError('E_NO_ANOMALY', `${where}: strategy 'bestF1' needs at least one anomaly in labels, but all ${labels.length} labels are 0 (normal); any threshold would give F1 = 0. Pick a label-free strategy (${LABEL_FREE}) and pass errors of normal samples.`)
  }
  const sweep = sweepDescending(labels, s)
  // Walk the PR curve in scikit-learn's order (ascending thresholds) and keep the first maximum.
  let best = -1
  let bestF = -1
  let bestP = 0
  let bestR = 0
  for (let d = sweep.thresholds.length - 1; d >= 0; d--) {
    const tp = sweep.tps[d]
    const p = tp / (tp + sweep.fps[d])
    const r = tp / anomalies
    const f = p + r === 0 ? 0 : (2 * p * r) / (p + r)
    if (f > bestF) {
      bestF = f
      best = d
      bestP = p
      bestR = r
    }
  }
  return { value: sweep.thresholds[best], strategy: 'bestF1', params: { f1: bestF, precision: bestP, recall: bestR } }
}

function youden(s: Float64Array, labels: Labels, where: string): Threshold {
  const { anomalies, normals } = expectBothClasses(labels, where)
  const sweep = sweepDescending(labels, s)
  // The leading ROC point (+Infinity, fpr = tpr = 0, J = 0) comes first; the first maximum wins.
  let value = Infinity
  let bestJ = 0
  let bestTpr = 0
  let bestFpr = 0
  for (let d = 0; d < sweep.thresholds.length; d++) {
    const tpr = sweep.tps[d] / anomalies
    const fpr = sweep.fps[d] / normals
    const j = tpr - fpr
    if (j > bestJ) {
      bestJ = j
      value = sweep.thresholds[d]
      bestTpr = tpr
      bestFpr = fpr
    }
  }
  return { value, strategy: 'youden', params: { j: bestJ, tpr: bestTpr, fpr: bestFpr } }
}

function maxFpr(s: Float64Array, labels: Labels, target: number, where: string): Threshold {
  const { anomalies, normals } = expectBothClasses(labels, where)
  const sweep = sweepDescending(labels, s)
  // fpr never falls as the threshold falls: the last point within the target has the most recall.
  let value = Infinity
  let tpr = 0
  let fpr = 0
  for (let d = 0; d < sweep.thresholds.length; d++) {
    const f = sweep.fps[d] / normals
    if (f > target) break
    value = sweep.thresholds[d]
    tpr = sweep.tps[d] / anomalies
    fpr = f
  }
  return { value, strategy: 'maxFpr', params: { maxFpr: target, tpr, fpr } }
}

function factor(k: number | undefined, fallback: number, strategy: string, where: string, name = 'k'): number {
  if (k === undefined) return fallback
  if (typeof k !== 'number' || !Number.isFinite(k) || k < 0) {
    const what = name === 'k' ? 'a multiplier' : 'a number'
    throw new AedetectError('E_OPTION', `${where}: strategy '${strategy}' needs ${name} >= 0 (${what}, default ${fallback}), got ${String(k)}.`)
  }
  return k
}

function fraction(v: number, name: string, strategy: string, where: string, closed: boolean): number {
  const ok = typeof v === 'number' && (closed ? v >= 0 && v <= 1 : v > 0 && v < 1)
  if (!ok) {
    const range = closed ? '[0, 1]' : '(0, 1)'
    throw new AedetectError('E_OPTION', `${where}: strategy '${strategy}' needs ${name} in ${range} (a fraction, e.g. 0.05 — not a percent), got ${String(v)}.`)
  }
  return v
}

import { expectSampleShape, sampleSize, toSamples, type Samples } from '@aedetect/core'
import { featureErrors, predictLabels, topContributions } from '@aedetect/metrics'
import { applyScaler, invertScaler } from '@aedetect/preprocessing'
import { rememberReconstructor, type Reconstructor } from './_reconstructor'
import type { Detector, DetectorState } from './detector'
import { expectFiniteScores } from './_separability'

// Inputs are scaled and run one chunk of about 16 MB of values at a time, so memory stays flat for large
// inputs: only one scaled chunk (and the model's batch within it) is alive besides the caller's input.
const CHUNK_VALUES = 1 << 22
// Chunks longer than this are cut at a multiple of it: the largest default scoring batch (8,192 rows on wasm),
// so no chunk ends in a short, slower batch.
const CHUNK_ROW_MULTIPLE = 8192

/** Builds the detector object around a trained model (autoencoder or PCA) and its state. */
export function createDetector(model: Reconstructor, state: DetectorState): Detector {
  const checked = (input: Samples | number[][], where: string): Samples => {
    const x = toSamples(input, where)
    expectSampleShape(x, state.sampleShape, where, state.featureNames)
    return x
  }
  const scale = (x: Samples): Samples => (state.scaler ? applyScaler(state.scaler, x) : x)

  /** Runs `work` on each chunk of `x`, scaled. */
  const chunked = async <T>(x: Samples, work: (scaledChunk: Samples) => Promise<T>): Promise<T[]> => {
    const n = x.shape[0]
    const size = sampleSize(x)
    let chunkRows = Math.max(1, Math.floor(CHUNK_VALUES / size))
    if (chunkRows > CHUNK_ROW_MULTIPLE) chunkRows -= chunkRows % CHUNK_ROW_MULTIPLE
    const results: T[] = []
    for (let start = 0; start < n; start += chunkRows) {
      const end = Math.min(n, start + chunkRows)
      const chunk = { data: x.data.subarray(start * size, end * size), shape: [end - start, ...x.shape.slice(1)] }
      results.push(await work(scale(chunk)))
    }
    return results
  }

  const score = async (input: Samples | number[][]): Promise<Float32Array> => {
    const x = checked(input, 'score()')
    const scores = concatFloat32(await chunked(x, (scaled) => model.errors(scaled, state.scoreMetric, state.errorSmoothing)))
    // NaN >= threshold is false: unchecked, a NaN score would be labelled normal. +Infinity (an error past
    // float32) is flagged by any threshold, as it should be.
    expectFiniteScores(scores, 'score()', { allowInfinity: true })
    return scores
  }

  const detector: Detector = {
    state,
    threshold: state.threshold,
    score,
    async scoreFeatures(input) {
      const x = checked(input, 'scoreFeatures()')
      const metric = state.scoreMetric === 'mae' ? 'absolute' : 'squared'
      const parts = await chunked(x, async (scaled) => featureErrors(scaled, await model.reconstruct(scaled), { metric, smoothing: state.errorSmoothing }).data)
      return { data: concatFloat32(parts), shape: x.shape.slice() }
    },
    async predict(input, options = {}) {
      return predictLabels(await score(input), options.threshold ?? state.threshold.value)
    },
    async explain(input, options = {}) {
      const original = toSamples(input, 'explain()')
      expectSampleShape(original, state.sampleShape, 'explain()', state.featureNames)
      const rows = options.rows ? Uint32Array.from(options.rows as ArrayLike<number>) : undefined
      const recon = await detector.reconstruct(original)
      // Rank by the error in scaled units (what the score measures), report values in original units.
      const scaled = state.scaler ? applyScaler(state.scaler, original) : original
      const scaledRecon = state.scaler ? applyScaler(state.scaler, recon) : recon
      const ranked = topContributions(scaled, scaledRecon, { k: options.k ?? 5, featureNames: state.featureNames, rows, metric: state.scoreMetric === 'mae' ? 'absolute' : 'squared', smoothing: state.errorSmoothing })
      const size = sampleSize(original)
      const rowIndex = rows ?? Uint32Array.from({ length: original.shape[0] }, (_, i) => i)
      return ranked.map((contributions, i) => contributions.map((c) => ({
        ...c,
        input: original.data[rowIndex[i] * size + c.index],
        reconstruction: recon.data[rowIndex[i] * size + c.index],
      })))
    },
    async reconstruct(input) {
      const x = checked(input, 'reconstruct()')
      const parts = await chunked(x, async (scaled) => (await model.reconstruct(scaled)).data)
      const out = { data: concatFloat32(parts), shape: x.shape.slice() }
      return state.scaler ? invertScaler(state.scaler, out) : out
    },
    async encode(input) {
      return model.encode(scale(checked(input, 'encode()')))
    },
    withThreshold(threshold) {
      return createDetector(model, { ...state, threshold })
    },
    dispose() {
      model.dispose()
    },
  }
  return rememberReconstructor(detector, model)
}

function concatFloat32(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]
  let total = 0
  for (const p of parts) total += p.length
  const out = new Float32Array(total)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

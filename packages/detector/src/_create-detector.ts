import { expectSampleShape, sampleSize, toSamples, type Samples } from '@aedetect/core'
import { featureErrors, predictLabels, reconstructionErrors, topContributions } from '@aedetect/metrics'
import { applyScaler, invertScaler } from '@aedetect/preprocessing'
import { rememberReconstructor, type Reconstructor } from './_reconstructor'
import type { Detector, DetectorState } from './detector'

// Scoring runs in chunks so memory stays flat for large inputs: one chunk of inputs, reconstructions
// and errors is alive at a time.
const CHUNK_ROWS = 8192

/** Builds the detector object around a trained model (autoencoder or PCA) and its state. */
export function createDetector(model: Reconstructor, state: DetectorState): Detector {
  const prepare = (input: Samples | number[][], where: string): Samples => {
    const x = toSamples(input, where)
    expectSampleShape(x, state.sampleShape, where, state.featureNames)
    return state.scaler ? applyScaler(state.scaler, x) : x
  }

  const reconstructScaled = (scaled: Samples): Promise<Samples> => model.reconstruct(scaled)

  const chunked = async <T>(scaled: Samples, work: (chunk: Samples) => Promise<T>): Promise<T[]> => {
    const n = scaled.shape[0]
    const size = sampleSize(scaled)
    const results: T[] = []
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const end = Math.min(n, start + CHUNK_ROWS)
      const chunk = { data: scaled.data.subarray(start * size, end * size), shape: [end - start, ...scaled.shape.slice(1)] }
      results.push(await work(chunk))
    }
    return results
  }

  const score = async (input: Samples | number[][]): Promise<Float32Array> => {
    const scaled = prepare(input, 'score()')
    const parts = await chunked(scaled, async (chunk) => reconstructionErrors(chunk, await reconstructScaled(chunk), { metric: state.scoreMetric }))
    return concatFloat32(parts)
  }

  const detector: Detector = {
    state,
    threshold: state.threshold,
    score,
    async scoreFeatures(input) {
      const scaled = prepare(input, 'scoreFeatures()')
      const metric = state.scoreMetric === 'mae' ? 'absolute' : 'squared'
      const parts = await chunked(scaled, async (chunk) => featureErrors(chunk, await reconstructScaled(chunk), { metric }).data)
      return { data: concatFloat32(parts), shape: scaled.shape.slice() }
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
      const ranked = topContributions(scaled, scaledRecon, { k: options.k ?? 5, featureNames: state.featureNames, rows, metric: state.scoreMetric === 'mae' ? 'absolute' : 'squared' })
      const size = sampleSize(original)
      const rowIndex = rows ?? Uint32Array.from({ length: original.shape[0] }, (_, i) => i)
      return ranked.map((contributions, i) => contributions.map((c) => ({
        ...c,
        input: original.data[rowIndex[i] * size + c.index],
        reconstruction: recon.data[rowIndex[i] * size + c.index],
      })))
    },
    async reconstruct(input) {
      const scaled = prepare(input, 'reconstruct()')
      const parts = await chunked(scaled, async (chunk) => (await reconstructScaled(chunk)).data)
      const out = { data: concatFloat32(parts), shape: scaled.shape.slice() }
      return state.scaler ? invertScaler(state.scaler, out) : out
    },
    async encode(input) {
      const scaled = prepare(input, 'encode()')
      return model.encode(scaled)
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

import { AedetectError, type Samples } from '@aedetect/core'
import { fastWindowScorer } from './fast-window/_window-scorer'
import { scaledWindowScores } from './window-channel-errors'
import type { WindowDetector } from './window-detector'

/**
 * An online threshold rule fed one final point score at a time, in order (SPOT / DSPOT of `@aedetect/metrics`
 * have this shape). `alarm` says whether the point is anomalous; `threshold` is the value in force for it.
 */
export interface OnlineThreshold {
  push(score: number): { alarm: boolean; threshold: number }
}

/** Options of {@link createStreamScorer}. */
export interface StreamScorerOptions {
  /**
   * Online threshold rule; each final score is pushed to it in order and its `alarm` is the point's flag.
   * Default: the detector's own alarm rule in its online form (`windowDetector.onlineThreshold()`: a rolling rule
   * started from the training scores, as the series defaults save, then its causal hold), else
   * `score >= windowDetector.state.threshold.value`.
   */
  threshold?: OnlineThreshold
  /**
   * Complete windows collected before one model call. Default 1: every push that completes a window scores
   * it at once (lowest latency). Larger values trade latency (up to `batchWindows − 1` more points) for
   * throughput: one model call costs about the same for 1 or 64 windows. `flush()` scores what waits.
   * Only the tfjs path batches: the compiled path scores every window as it completes (a call costs nothing there).
   */
  batchWindows?: number
  /**
   * How windows are scored. `'auto'` (default): the compiled path when the detector allows it, else tfjs.
   * `'tfjs'`: always one tfjs model call per batch of windows (the reference).
   *
   * The compiled path reads the trained weights once and runs the forward pass of one window in a small
   * WebAssembly SIMD kernel (float64 sums rounded to float32 per layer, as tfjs stores layers; plain JS loops, ~5×
   * slower, where WebAssembly SIMD is missing or blocked by a CSP), then the window's error as `scorePoints`
   * computes it; a scaler with one parameter per channel scales each point once, on arrival, and the first
   * convolution's rows that lie inside a window are reused by the next windows. No tfjs op runs and
   * no tensor is made: on wasm one point per push ran ~9.5× (SMD default, 16 k points/s) and ~10× (NAB default)
   * faster than the tfjs path (bench/src/suites/streaming.ts). It covers autoencoders that are a chain of Conv1D ('same' or 'valid',
   * any stride), Conv2DTranspose and UpSampling2D on width-1 images ([k, 1] kernels, as the conv1d architecture
   * builds them), Cropping2D, Reshape, Flatten, Dropout (the identity when scoring) and Dense layers, with linear,
   * relu, sigmoid, tanh or elu activations — the window detector's conv1d and dense defaults — with any scaler,
   * 'mse' or 'mae', and `errorSmoothing` 0. Anything else (PCA, LSTM, variational, batch normalisation, error
   * smoothing, other activations) runs on tfjs; `StreamScorer.path` and `pathReason` say which path runs and why.
   * Scores agree with `scorePoints` within float32 rounding (measured ≤ 9.6e-7 relative on SMD machine-1-2)
   * either way.
   */
  path?: 'auto' | 'tfjs'
}

/** One point of a stream once its score is final. */
export interface StreamResult {
  /** 0-based index of the point in the stream (the order of `push`). */
  index: number
  /** Point score, as `WindowDetector.scorePoints` gives on the whole series; higher = more anomalous. */
  score: number
  /** 1 = anomaly (`score >= threshold`, or the online rule's alarm), 0 = normal. */
  anomaly: 0 | 1
  /** The threshold applied to this point. */
  threshold: number
  /** 0-based id of the event (maximal run of anomalous points) this point belongs to; null when normal. */
  event: number | null
}

/** A stream scorer; see {@link createStreamScorer}. */
export interface StreamScorer {
  /** Which path scores the windows: 'fast' (compiled forward pass, plain JS) or 'tfjs' (model calls); see `StreamScorerOptions.path`. */
  readonly path: 'fast' | 'tfjs'
  /** Why that path runs, e.g. "the lstm model has a layer or option the compiled pass does not cover". */
  readonly pathReason: string
  /**
   * Adds one point (a number for one channel, or `channels` values) or several (`number[][]`, or `Samples`
   * `[k, channels]`) and resolves with the points whose scores became final, in order. Calls are queued: each
   * waits for the one before. Throws 'E_FEATURE_COUNT' (another channel count), 'E_NOT_FINITE' (naming the
   * stream index and channel; nothing of that call is kept), 'E_UNSUPPORTED' after `flush` or `dispose`.
   */
  push(points: number | ArrayLike<number> | ArrayLike<ArrayLike<number>> | Samples): Promise<StreamResult[]>
  /**
   * Ends the stream: scores the windows still waiting and returns every remaining point (the last
   * `windowSize − 1`, covered by fewer windows, as `scorePoints` scores a series's end). Throws 'E_SHAPE' when
   * fewer than `windowSize` points were pushed. Later pushes throw 'E_UNSUPPORTED'.
   */
  flush(): Promise<StreamResult[]>
  /** Drops the buffers; the window detector stays the caller's to dispose. */
  dispose(): void
}

/**
 * Scores a series point by point as it arrives, with the same scores as `windowDetector.scorePoints` on the
 * whole series (within float32 rounding of the model on another batch size). Each window is scored once, when
 * its last point arrives; the windows completed by one push go to the model in one call. A point's score is final
 * when the last window covering it has been scored: with stride 1 that is `windowSize − 1` points after it
 * (plus up to `batchWindows − 1` with batching); `flush()` ends the stream. Memory is bounded: a ring of one
 * window of points, the scores of the windows still covering a pending point, and the pending points.
 * Scores: higher = more anomalous; a point is anomalous when `score >= threshold`. Works in Node and browsers.
 * Throws 'E_OPTION' for a `batchWindows` that is not a positive integer.
 */
export function createStreamScorer(windowDetector: WindowDetector, options: StreamScorerOptions = {}): StreamScorer {
  const { windowSize: size, stride } = windowDetector
  const { channels, reduce } = windowDetector.state
  const batchWindows = options.batchWindows ?? 1
  const online = options.threshold ?? windowDetector.onlineThreshold() ?? undefined
  if (!Number.isInteger(batchWindows) || batchWindows < 1) {
    throw new AedetectError('E_OPTION', `createStreamScorer(): batchWindows must be a positive integer number of windows, got ${String(batchWindows)}.`)
  }
  const choice = options.path ?? 'auto'
  if (choice !== 'auto' && choice !== 'tfjs') {
    throw new AedetectError('E_OPTION', `createStreamScorer(): path must be one of 'auto' | 'tfjs', got '${String(choice)}'.`)
  }
  const fast = choice === 'auto' ? fastWindowScorer(windowDetector) : 'path: \'tfjs\' was asked for'
  const path = typeof fast === 'string' ? 'tfjs' : 'fast'
  const pathReason = typeof fast === 'string' ? `tfjs path: ${fast}` : `compiled path (${fast.kernel === 'simd' ? 'WebAssembly SIMD' : 'JS loops: no WebAssembly SIMD here'}): every layer of the model is covered`
  const means = windowDetector.state.channelErrorMeans
  const fixed = windowDetector.state.threshold.value
  let ring: Float32Array | null = new Float32Array(size * channels) // point p at slot p % size
  let received = 0 // points pushed
  let scoredWindows = 0 // windows 0 … scoredWindows − 1 have scores
  let emitted = 0 // points 0 … emitted − 1 returned
  // Scores of windows windowBase … scoredWindows − 1 (the ones a pending point may still need).
  let windowScores: number[] = []
  let windowBase = 0
  // Windows whose last point arrived but that wait for the model (batching): their points are copied out.
  let waiting: Float32Array[] = []
  let event = -1
  let previousAnomalous = false
  let queue: Promise<unknown> = Promise.resolve()
  let closed = false

  const scoreOf = (k: number): number => windowScores[k - windowBase]
  // Window k covers points k·stride … k·stride + size − 1. For point i, `last` is the last window starting at
  // or before i; the covering ones are first … last when first ≤ last (else i lies in a gap, stride > size).
  const valueOf = (i: number, count: number): number => {
    const last = Math.min(Math.floor(i / stride), count - 1)
    const first = Math.max(0, Math.ceil((i - size + 1) / stride))
    if (first > last) return scoreOf(nearest(i, last + 1, count))
    if (reduce === 'max') {
      let max = -Infinity
      for (let k = first; k <= last; k++) max = Math.max(max, scoreOf(k))
      return max
    }
    let sum = 0 // float64 sum of float32 scores, as windowScoresToPoints
    for (let k = first; k <= last; k++) sum += scoreOf(k)
    return sum / (last - first + 1)
  }
  // Same rule as windowScoresToPoints' 'nearest': the smaller gap, the earlier window on a tie.
  const nearest = (i: number, next: number, count: number): number => {
    if (next >= count) return count - 1
    const before = i - ((next - 1) * stride + size - 1)
    const after = next * stride - i
    return after < before ? next : next - 1
  }
  // The window whose score makes point i final while the stream goes on.
  const neededWindow = (i: number): number => {
    const last = Math.floor(i / stride)
    if (last * stride + size - 1 >= i) return last
    const before = i - (last * stride + size - 1)
    const after = (last + 1) * stride - i
    return after < before ? last + 1 : last
  }
  const emit = (i: number, count: number): StreamResult => {
    const score = valueOf(i, count)
    let anomaly: 0 | 1
    let threshold = fixed
    if (online) {
      const decision = online.push(score)
      anomaly = decision.alarm ? 1 : 0
      threshold = decision.threshold
    } else anomaly = score >= fixed ? 1 : 0
    if (anomaly === 1 && !previousAnomalous) event++
    previousAnomalous = anomaly === 1
    return { index: i, score, anomaly, threshold, event: anomaly === 1 ? event : null }
  }
  const forget = (): void => {
    // Keep the windows that cover (or are nearest to) the first pending point.
    const keepFrom = Math.max(0, Math.min(scoredWindows, Math.ceil((emitted - size + 1) / stride) - 1))
    if (keepFrom - windowBase > 64) {
      windowScores = windowScores.slice(keepFrom - windowBase)
      windowBase = keepFrom
    }
  }
  const scoreWaiting = async (): Promise<void> => {
    if (waiting.length === 0) return
    const n = waiting.length
    const data = new Float32Array(n * size * channels)
    for (let w = 0; w < n; w++) data.set(waiting[w], w * size * channels)
    waiting = []
    const batch = { data, shape: [n, size, channels] }
    // As scorePoints: with channel error means, the scaled mean of the per-value errors, else the plain score.
    const scores = means ? scaledWindowScores(await windowDetector.detector.scoreFeatures(batch), means) : await windowDetector.detector.score(batch)
    for (let w = 0; w < n; w++) windowScores.push(scores[w])
    scoredWindows += n
  }
  const ready = (): StreamResult[] => {
    const out: StreamResult[] = []
    while (emitted < received && neededWindow(emitted) < scoredWindows) out.push(emit(emitted++, Number.POSITIVE_INFINITY))
    forget()
    return out
  }
  const add = async (x: Samples): Promise<StreamResult[]> => {
    const buffer = ring as Float32Array
    const k = x.shape[0]
    for (let r = 0; r < k; r++) {
      // The compiled path keeps its points prepared (scaled once, when the scaler allows it).
      if (typeof fast === 'string') buffer.set(x.data.subarray(r * channels, (r + 1) * channels), (received % size) * channels)
      else fast.prepare(x.data, r * channels, buffer, (received % size) * channels)
      received++
      const start = received - size
      if (start < 0 || start % stride !== 0) continue
      if (typeof fast === 'string') waiting.push(windowAt(buffer, start, new Float32Array(size * channels)))
      else scoreNow(fast.score(windowAt(buffer, start, window), start), start)
    }
    if (waiting.length >= batchWindows) await scoreWaiting()
    return ready()
  }
  const window = new Float32Array(size * channels) // the compiled path's window, reused
  const scoreNow = (score: number, start: number): void => {
    if (Number.isNaN(score)) {
      throw new AedetectError('E_NOT_FINITE', `push(): the window of points ${start} … ${start + size - 1} scores NaN (damaged weights, or values that overflow inside the model); such a score is never labelled normal. Check the detector's weights and the scale of the points.`)
    }
    windowScores.push(score)
    scoredWindows++
  }
  const windowAt = (buffer: Float32Array, start: number, w: Float32Array): Float32Array => {
    for (let s = 0; s < size; s++) w.set(buffer.subarray(((start + s) % size) * channels, ((start + s) % size + 1) * channels), s * channels)
    return w
  }
  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job)
    queue = run.catch(() => undefined)
    return run
  }
  const open = (where: string): void => {
    if (closed) throw new AedetectError('E_UNSUPPORTED', `${where}: this stream scorer was flushed or disposed. Create another with createStreamScorer().`)
  }

  return {
    path,
    pathReason,
    push(points) {
      return enqueue(async () => {
        open('push()')
        return add(toPoints(points, channels, received))
      })
    },
    flush() {
      return enqueue(async () => {
        open('flush()')
        closed = true
        if (received < size) {
          throw new AedetectError('E_SHAPE', `flush(): the stream has ${received} points; this detector's windows have ${size}. Push at least ${size} points before flush().`)
        }
        await scoreWaiting()
        const out = ready()
        while (emitted < received) out.push(emit(emitted++, scoredWindows))
        return out
      })
    },
    dispose() {
      closed = true
      ring = null
      windowScores = []
      waiting = []
    },
  }
}

// One point or several, as Samples [k, channels], checked: channel count and finite values (stream indices).
function toPoints(points: number | ArrayLike<number> | ArrayLike<ArrayLike<number>> | Samples, channels: number, offset: number): Samples {
  let x: Samples
  if (typeof points === 'number') x = { data: Float32Array.of(points), shape: [1, 1] }
  else if ('data' in points && 'shape' in points) x = points
  else if (points.length > 0 && typeof points[0] !== 'number') {
    const rows = points as ArrayLike<ArrayLike<number>>
    const data = new Float32Array(rows.length * channels)
    for (let r = 0; r < rows.length; r++) {
      if (rows[r].length !== channels) throw featureCount(rows[r].length, channels, offset + r)
      for (let c = 0; c < channels; c++) data[r * channels + c] = rows[r][c]
    }
    x = { data, shape: [rows.length, channels] }
  } else x = { data: Float32Array.from(points as ArrayLike<number>), shape: [1, (points as ArrayLike<number>).length] }
  const width = x.shape.length === 1 ? 1 : x.shape.slice(1).reduce((a, b) => a * b, 1)
  if (width !== channels) throw featureCount(width, channels, offset)
  if (x.data.length !== x.shape[0] * width) {
    throw new AedetectError('E_SHAPE', `push(): the points have shape [${x.shape.join(', ')}] but ${x.data.length} values; expected ${x.shape[0] * width}. Pass Samples whose data holds shape[0] × ${channels} values.`)
  }
  for (let i = 0; i < x.data.length; i++) {
    if (!Number.isFinite(x.data[i])) {
      throw new AedetectError('E_NOT_FINITE', `push(): point ${offset + Math.floor(i / channels)}, channel ${i % channels} is ${x.data[i]}; every value must be a finite number. Impute missing values before pushing them.`)
    }
  }
  return x
}

function featureCount(got: number, channels: number, index: number): AedetectError {
  return new AedetectError('E_FEATURE_COUNT', `push(): point ${index} has ${got} values; this detector was fitted on ${channels} channels. Pass the same variables in the same order as at fit time.`)
}

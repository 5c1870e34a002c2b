import { AedetectError, createRandom, DEFAULT_SEED, type Labels, type Random } from '@aedetect/core'

/** Kinds of injected anomaly. */
export type SyntheticAnomalyKind = 'spike' | 'levelShift' | 'frequencyChange' | 'noiseBurst' | 'flatline'

/** One injected anomaly: its kind and the rows it covers, `[start, start + length)`. */
export interface SyntheticAnomaly {
  kind: SyntheticAnomalyKind
  /** First affected index (0-based). */
  start: number
  /** Number of affected indices. */
  length: number
}

/** Options of {@link syntheticSeries}. */
export interface SyntheticSeriesOptions {
  /** Number of points. Default 2000. */
  length?: number
  /** Period of the base sine wave, in points. Default 50. */
  period?: number
  /** Standard deviation of the Gaussian noise added everywhere (the sine's amplitude is 1). Default 0.05. */
  noise?: number
  /** The anomalies: an explicit list, or `{ count }` to place that many of random kinds at random, non-overlapping positions. Default `{ count: 5 }`. */
  anomalies?: SyntheticAnomaly[] | { count: number }
  /** Seed of every random choice. Default {@link DEFAULT_SEED}. */
  seed?: number
}

/** A synthetic series with its ground truth. */
export interface SyntheticSeries {
  values: Float32Array
  /** 1 = anomaly: the points covered by an injected anomaly. */
  labels: Labels
  /** The injected anomalies, sorted by start. */
  anomalies: SyntheticAnomaly[]
}

const KINDS: SyntheticAnomalyKind[] = ['spike', 'levelShift', 'frequencyChange', 'noiseBurst', 'flatline']

function placeAnomalies(count: number, length: number, period: number, random: Random): SyntheticAnomaly[] {
  const placed: SyntheticAnomaly[] = []
  // Keep the first two periods clean, so a model always has a normal stretch to learn from.
  const first = Math.min(length - 1, 2 * period)
  for (let attempt = 0; placed.length < count && attempt < count * 200; attempt++) {
    const kind = KINDS[random.nextInt(KINDS.length)]
    const size = kind === 'spike' ? 1 + random.nextInt(3) : Math.max(2, Math.round(period * (0.5 + random.next())))
    if (first + size >= length) continue
    const start = first + random.nextInt(length - first - size)
    // A gap of one period between anomalies keeps each one's ground truth unambiguous.
    if (placed.some((a) => start < a.start + a.length + period && a.start < start + size + period)) continue
    placed.push({ kind, start, length: size })
  }
  if (placed.length < count) {
    throw new AedetectError('E_OPTION', `syntheticSeries(): could place only ${placed.length} of ${count} anomalies in ${length} points with period ${period}. Lengthen the series or ask for fewer anomalies.`)
  }
  return placed.sort((a, b) => a.start - b.start)
}

/**
 * A seeded periodic series (sine of the given period, amplitude 1, plus Gaussian noise) with injected
 * anomalies of known kind and position: `spike` (a jump of 4–6 in one to three points), `levelShift`
 * (an offset of ±2–3), `frequencyChange` (the sine at 2–3× the frequency), `noiseBurst` (noise of std
 * 0.5–1), `flatline` (the value held constant). Labels: 1 = anomaly. Same options and seed → same series.
 * Throws `E_OPTION` for an anomaly outside the series or options out of range.
 */
export function syntheticSeries(options: SyntheticSeriesOptions = {}): SyntheticSeries {
  const length = options.length ?? 2000
  const period = options.period ?? 50
  const noise = options.noise ?? 0.05
  if (!Number.isInteger(length) || length < 2 || !(period >= 2) || !(noise >= 0)) {
    throw new AedetectError('E_OPTION', `syntheticSeries(): length ${length}, period ${period}, noise ${noise}; expected an integer length ≥ 2, period ≥ 2 and noise ≥ 0.`)
  }
  const random = createRandom(options.seed ?? DEFAULT_SEED)
  const spec = options.anomalies ?? { count: 5 }
  const anomalies = Array.isArray(spec) ? spec.map((a) => ({ ...a })).sort((a, b) => a.start - b.start) : placeAnomalies(spec.count, length, period, random)
  for (const a of anomalies) {
    if (!KINDS.includes(a.kind) || !Number.isInteger(a.start) || !Number.isInteger(a.length) || a.start < 0 || a.length < 1 || a.start + a.length > length) {
      throw new AedetectError('E_OPTION', `syntheticSeries(): anomaly { kind: '${a.kind}', start: ${a.start}, length: ${a.length} } does not fit a series of ${length} points; kind must be one of ${KINDS.join(' | ')} and 0 ≤ start < start + length ≤ ${length}.`)
    }
  }
  const values = new Float32Array(length)
  const omega = (2 * Math.PI) / period
  for (let t = 0; t < length; t++) values[t] = Math.sin(omega * t) + noise * random.nextNormal()
  const labels = new Uint8Array(length)
  for (const a of anomalies) {
    const end = a.start + a.length
    const sign = random.next() < 0.5 ? -1 : 1
    if (a.kind === 'spike') {
      const height = sign * (4 + 2 * random.next())
      for (let t = a.start; t < end; t++) values[t] += height
    } else if (a.kind === 'levelShift') {
      const offset = sign * (2 + random.next())
      for (let t = a.start; t < end; t++) values[t] += offset
    } else if (a.kind === 'frequencyChange') {
      const factor = 2 + random.next()
      // Continue from the phase reached at `start`, so the change is in frequency, not a jump.
      for (let t = a.start; t < end; t++) values[t] = Math.sin(omega * a.start + factor * omega * (t - a.start)) + noise * random.nextNormal()
    } else if (a.kind === 'noiseBurst') {
      const std = 0.5 + 0.5 * random.next()
      for (let t = a.start; t < end; t++) values[t] += std * random.nextNormal()
    } else {
      const held = a.start > 0 ? values[a.start - 1] : values[0]
      for (let t = a.start; t < end; t++) values[t] = held
    }
    labels.fill(1, a.start, end)
  }
  return { values, labels, anomalies }
}

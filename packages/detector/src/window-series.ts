// Series checks shared by the window detector's functions.
import { AedetectError, assertFinite, toSamples, type Samples } from '@aedetect/core'

/**
 * A series as `Samples [t, channels]`: a Float32Array of t values becomes `[t, 1]` (no copy). Throws
 * 'E_EMPTY' for no time step, 'E_SHAPE' for another shape, 'E_NOT_FINITE' naming the first NaN/±Infinity.
 */
export function asSeries(series: Samples | Float32Array, where: string): Samples {
  if (series instanceof Float32Array) {
    if (series.length === 0) throw new AedetectError('E_EMPTY', `${where}: the series is empty. Pass at least one time step.`)
    const x = { data: series, shape: [series.length, 1] }
    assertFinite(x, where)
    return x
  }
  const x = toSamples(series, where)
  if (x.shape.length !== 2) {
    throw new AedetectError('E_SHAPE', `${where}: the series has shape [${x.shape.join(', ')}]; expected [t, channels] (one row per time step), or a Float32Array of t values for one channel.`)
  }
  return x
}

/** Throws 'E_FEATURE_COUNT' when the series does not have the channels the detector was fitted on. */
export function checkChannels(x: Samples, channels: number, where: string): void {
  if (x.shape[1] !== channels) {
    throw new AedetectError('E_FEATURE_COUNT', `${where}: the series has ${x.shape[1]} channels per time step; this detector was fitted on ${channels}. Pass the same variables in the same order as at fit time.`)
  }
}

import { fitWindowDetector } from '@aedetect/detector'
import { fitRobust, slidingWindows } from '@aedetect/preprocessing'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { fitWindowScaler } from './window-scaler'

// Two channels over 200 steps: a ramp 0 … 199 and a constant 5 with one spike of 1000 at step 100.
const t = 200
const data = new Float32Array(t * 2)
for (let i = 0; i < t; i++) {
  data[i * 2] = i
  data[i * 2 + 1] = i === 100 ? 1000 : 5
}
const series = { data, shape: [t, 2] }

describe('window scaler choice', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('fits the robust scaler with quantiles and clipping on the training windows, as fitRobust does', () => {
    const windows = slidingWindows(series, { size: 4 })
    const scaler = fitWindowScaler(windows, { kind: 'robust', per: 'channel', quantileRange: [0.05, 0.95], clipTo: 10 }, 'here')
    // Expected: fitRobust on the same windows (its own tests check it against scikit-learn's RobustScaler).
    expect(scaler).toEqual(fitRobust(windows, { per: 'channel', quantileRange: [0.05, 0.95], clipTo: 10 }))
    // The ramp: the 5–95 % range of its 788 window values (each step once per window covering it), 177. The spike
    // channel is constant between its 5 % and 95 % quantiles: scale 1 (scikit-learn's zero rule), so the spike
    // scales to 995 and is clipped to 10.
    expect(scaler?.kind === 'robust' ? Array.from(scaler.scale) : []).toEqual([177, 1])
    expect(fitWindowScaler(windows, { kind: 'robust', per: 'channel' }, 'here')).toBeNull()
  })

  it('records that scaler in the fitted detector and refuses quantiles on another kind', async () => {
    const before = tf.memory().numTensors
    const detector = await fitWindowDetector(series, { windowSize: 4, architecture: { kind: 'dense', hiddenUnits: [4, 2, 4] }, training: { epochs: 1 }, scaler: { kind: 'robust', per: 'channel', quantileRange: [0.05, 0.95], clipTo: 10 } })
    try {
      const scaler = detector.detector.state.scaler
      expect(scaler).toMatchObject({ kind: 'robust', per: 'channel', quantileRange: [0.05, 0.95], clipTo: 10 })
    } finally {
      detector.dispose()
    }
    expect(tf.memory().numTensors).toBe(before)
    await expect(fitWindowDetector(series, { windowSize: 4, scaler: { kind: 'minmax', per: 'channel', clipTo: 10 } })).rejects.toMatchObject({
      code: 'E_OPTION',
      message: "fitWindowDetector(): scaler has quantileRange or clipTo, which only the robust scaler takes; got kind 'minmax'. Use { kind: 'robust', per: 'channel', quantileRange: [0.05, 0.95], clipTo: 10 }, or drop those fields.",
    })
  })
})

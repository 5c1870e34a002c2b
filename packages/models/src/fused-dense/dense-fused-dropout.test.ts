import * as tf from '@tensorflow/tfjs'
import { expect, test } from 'vitest'
import { SeededDropout } from '../_seeded-dropout'
import { applyDropout, dropoutGradient } from './dense-fused-dropout'

// Three layers with the same seed advance in lockstep: one gives the forward values, one the gradient
// (tfjs autodiff), one the masks (nextMask) for the fused functions; all are bit-identical on cpu.
test('fused dropout equals the SeededDropout layer bit for bit over three calls (cpu, rate 0.3)', async () => {
  await tf.setBackend('cpu')
  const shape = [16, 24]
  const n = 16 * 24
  const x = tf.randomNormal(shape, 0, 1, 'float32', 3)
  const dy = tf.randomNormal(shape, 0, 1, 'float32', 4)
  const [forward, backward, masks] = [0, 1, 2].map(() => new SeededDropout({ rate: 0.3, seed: 11 }))
  const before = tf.memory().numTensors
  const seen = new Set<string>()
  for (let call = 0; call < 3; call++) {
    const mask = masks.nextMask(shape)
    const kept = mask.reduce((a, b) => a + b, 0) / n
    expect(kept).toBeGreaterThan(0.6)
    expect(kept).toBeLessThan(0.8)
    seen.add(mask.join(''))

    const y = forward.apply(x, { training: true }) as tf.Tensor
    const out = new Float32Array(n)
    applyDropout(x.dataSync() as Float32Array, mask, 0.3, out, n)
    expect(Array.from(out)).toEqual(Array.from(y.dataSync()))
    y.dispose()

    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(backward.apply(t, { training: true }) as tf.Tensor, dy)))(x)
    const gradient = Float32Array.from(dy.dataSync())
    dropoutGradient(gradient, mask, 0.3, n)
    expect(Array.from(gradient)).toEqual(Array.from(g.dataSync()))
    g.dispose()
  }
  // A fresh mask per call, and no tensor left behind by nextMask.
  expect(seen.size).toBe(3)
  expect(tf.memory().numTensors).toBe(before)
  x.dispose()
  dy.dispose()
})

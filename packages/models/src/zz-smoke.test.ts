import * as tf from '@tensorflow/tfjs'
import { test } from 'vitest'
import { ecgRows } from './_test-data'
test('smoke', async () => {
  await tf.setBackend('cpu')
  const x = ecgRows(292)
  const xs = tf.tensor(x.data, x.shape)
  for (const mode of ['lw', 'inside', 'lw0']) {
    const input = tf.input({ shape: [140] })
    let y = input as tf.SymbolicTensor
    const seeds = [1, 2, 3, 4, 5, 6]
    const units = [32, 16, 8, 16, 32]
    let code: tf.SymbolicTensor | undefined
    units.forEach((u, i) => { y = tf.layers.dense({ units: u, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seeds[i] }) }).apply(y) as tf.SymbolicTensor; if (i === 2) code = y })
    y = tf.layers.dense({ units: 140, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }) }).apply(y) as tf.SymbolicTensor
    const opt = tf.train.adam(1e-3)
    let m
    let ys: any = xs
    if (mode === 'xx') { m = tf.model({ inputs: input, outputs: y }); m.compile({ optimizer: opt, loss: 'meanSquaredError' }) }
    else {
      m = tf.model({ inputs: input, outputs: [y, code!] })
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.mul(mode === 'inside' ? 1e-12 : 1, tf.sum(tf.abs(b), -1))
      m.compile({ optimizer: opt, loss: ['meanSquaredError', f] as any, lossWeights: mode === 'lw' ? [1, 1e-12] : mode === 'lw0' ? [1, 0] : undefined })
      ys = [xs, tf.zeros([292, 8])]
    }
    const h = await m.fit(xs, ys, { epochs: 10, batchSize: 32, shuffle: false })
    console.log('M', mode, h.history.loss.at(-1), Object.keys(h.history))
  }
})

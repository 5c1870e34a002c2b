// Which models the fused dense runner takes: plain dense stacks, with or without (seeded) dropout, built or
// loaded, any sample shape; not models with batch normalisation or a sparsity penalty (their training graph
// has more than dense and dropout layers, or a second output).
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { DenseConfig } from '../autoencoder-config'
import { internalsOf } from '../autoencoder'
import { buildAutoencoder } from '../build-autoencoder'
import { deserializeAutoencoder, serializeAutoencoder } from '../serialize-autoencoder'
import { useBackend } from '../_test-backend'
import { denseStack, readDenseWeights, writeDenseWeights } from './dense-fused-parameters'

const shapesOf = (config: DenseConfig, sampleShape: number[]): string[] | undefined => {
  const ae = buildAutoencoder(config, { sampleShape, seed: 1 })
  const stack = denseStack(internalsOf(ae).training)
  ae.dispose()
  return stack?.layers.map((l) => `${l.inputs}→${l.units} ${l.activation}${l.dropout ? ` dropout ${l.dropout}` : ''}`)
}

describe('denseStack', () => {
  it('finds the layers of plain stacks, flattened image samples included, and nothing else', async () => {
    await useBackend('cpu')
    const before = tf.memory().numTensors
    expect(shapesOf({ kind: 'dense' }, [140])).toEqual(['140→32 relu', '32→16 relu', '16→8 relu', '8→16 relu', '16→32 relu', '32→140 sigmoid'])
    expect(shapesOf({ kind: 'dense', hiddenUnits: [64, 8, 64], activation: 'swish', outputActivation: 'linear' }, [28, 28, 1])).toEqual(['784→64 swish', '64→8 swish', '8→64 swish', '64→784 linear'])
    // Dropout after every hidden layer but the code (16→8).
    expect(shapesOf({ kind: 'dense', dropout: 0.1 }, [140])).toEqual(['140→32 relu dropout 0.1', '32→16 relu dropout 0.1', '16→8 relu', '8→16 relu dropout 0.1', '16→32 relu dropout 0.1', '32→140 sigmoid'])
    expect(shapesOf({ kind: 'dense', batchNorm: true }, [140])).toBeUndefined()
    expect(shapesOf({ kind: 'dense', sparsity: { kind: 'l1', weight: 1e-3 } }, [140])).toBeUndefined()
    expect(shapesOf({ kind: 'dense', sparsity: { kind: 'kl', target: 0.05, weight: 0.1 } }, [140])).toBeUndefined()
    expect(tf.memory().numTensors).toBe(before)
  })

  it('finds them in a loaded model, and weights written to the stack are what the model saves', async () => {
    await useBackend('cpu')
    const before = tf.memory().numTensors
    const built = buildAutoencoder({ kind: 'dense', hiddenUnits: [6, 3, 6], dropout: 0.25 }, { sampleShape: [4, 3], seed: 2 })
    const loaded = await deserializeAutoencoder(await serializeAutoencoder(built))
    const stack = denseStack(internalsOf(loaded).training)
    if (stack === undefined) throw new Error('expected a plain dense stack')
    expect(stack.layers.map((l) => [l.inputs, l.units, l.dropout ?? 0])).toEqual([[12, 6, 0.25], [6, 3, 0], [3, 6, 0.25], [6, 12, 0]])
    const weights = readDenseWeights(stack)
    weights[1].kernel[4] = 0.25
    weights[3].bias[11] = -0.5
    writeDenseWeights(stack, weights)
    const saved = internalsOf(loaded).storage.getWeights().map((w) => w.dataSync())
    // Layer order kernel, bias per dense layer: index 2 is the second kernel, 7 the last bias.
    expect(saved[2][4]).toBe(0.25)
    expect(saved[7][11]).toBe(-0.5)
    built.dispose()
    loaded.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})

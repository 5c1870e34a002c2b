// The wasm Conv2D / FusedConv2D fast paths for one output channel (SIMD rows at stride 1 over a multiple of 4
// channels, else depthwise convolution + channel sum),
// against the float64 reference of _conv-reference.ts plus bias, through each activation it handles.
import * as tf from '@tensorflow/tfjs'
import type { NamedAttrMap } from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { referenceConv2D, worstRelativeError } from './_conv-reference'
import { convGeometry } from './_conv-geometry'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

interface Case {
  name: string
  kernel: 'Conv2D' | 'FusedConv2D'
  xShape: [number, number, number, number]
  filterShape: [number, number, number, number]
  strides: [number, number]
  pad: 'same' | 'valid' | number[][]
  dilations: [number, number]
  activation: 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu'
  bias: boolean
}

const CASES: Case[] = [
  { name: 'reconstruction layer 3x3 same, 16 -> 1, bias, sigmoid', kernel: 'FusedConv2D', xShape: [3, 9, 8, 16], filterShape: [3, 3, 16, 1], strides: [1, 1], pad: 'same', dilations: [1, 1], activation: 'sigmoid', bias: true },
  { name: 'conv1d k3 same, 32 -> 1, no bias (plain Conv2D)', kernel: 'Conv2D', xShape: [2, 1, 30, 32], filterShape: [1, 3, 32, 1], strides: [1, 1], pad: 'same', dilations: [1, 1], activation: 'linear', bias: false },
  { name: '3x3 stride 2 valid, 4 -> 1, relu', kernel: 'FusedConv2D', xShape: [2, 9, 10, 4], filterShape: [3, 3, 4, 1], strides: [2, 2], pad: 'valid', dilations: [1, 1], activation: 'relu', bias: true },
  { name: '2x2 explicit pad, 5 -> 1, leakyrelu', kernel: 'FusedConv2D', xShape: [2, 6, 7, 5], filterShape: [2, 2, 5, 1], strides: [1, 1], pad: [[0, 0], [1, 0], [2, 1], [0, 0]], dilations: [1, 1], activation: 'leakyrelu', bias: true },
  { name: '3x3 dilation 2 same, 3 -> 1, elu', kernel: 'FusedConv2D', xShape: [2, 9, 9, 3], filterShape: [3, 3, 3, 1], strides: [1, 1], pad: 'same', dilations: [2, 2], activation: 'elu', bias: true },
  { name: '5x5 same, 2 -> 1, relu6, no bias', kernel: 'FusedConv2D', xShape: [2, 7, 7, 2], filterShape: [5, 5, 2, 1], strides: [1, 1], pad: 'same', dilations: [1, 1], activation: 'relu6', bias: false },
  { name: 'SIMD rows: 2x3 explicit pad, 4 -> 1, pad below past the filter', kernel: 'Conv2D', xShape: [2, 6, 7, 4], filterShape: [2, 3, 4, 1], strides: [1, 1], pad: [[0, 0], [1, 3], [0, 2], [0, 0]], dilations: [1, 1], activation: 'linear', bias: false },
  { name: 'SIMD rows: 3x3 valid, 20 -> 1, sigmoid', kernel: 'FusedConv2D', xShape: [2, 7, 9, 20], filterShape: [3, 3, 20, 1], strides: [1, 1], pad: 'valid', dilations: [1, 1], activation: 'sigmoid', bias: true },
  { name: 'conv1d k7 (SIMD rows), 8 -> 1', kernel: 'Conv2D', xShape: [2, 1, 30, 8], filterShape: [1, 7, 8, 1], strides: [1, 1], pad: 'same', dilations: [1, 1], activation: 'linear', bias: false },
]

const LEAKY_ALPHA = 0.3
const ACTIVATIONS: Record<Case['activation'], (v: number) => number> = {
  linear: (v) => v,
  relu: (v) => Math.max(0, v),
  relu6: (v) => Math.min(6, Math.max(0, v)),
  elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  leakyrelu: (v) => (v > 0 ? v : LEAKY_ALPHA * v),
}

// As conv2d-gradients.test.ts: float32 rounding of sums of tens of terms is ~1e-7 of the sum of |terms|;
// every activation here changes a value by at most as much as its input changes, so 1e-5 still holds, and
// any wrong index (an error of order 1 in these units) fails it.
const TOLERANCE = 1e-5

afterAll(() => {
  unregisterKernels()
})

describe('wasm one-output-channel convolution', () => {
  it.each(CASES.map((c, k) => [c.name, c, k] as const))('equals conv + bias + activation in float64, no leak: %s', async (_, c, k) => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: c.dilations, activation: c.activation, leakyreluAlpha: LEAKY_ALPHA } as unknown as NamedAttrMap
    const g = convGeometry(c.xShape, c.filterShape, attrs)
    const xValues = seededValues(g.n * g.h * g.w * g.cIn, 10 * k)
    const filterValues = seededValues(g.fh * g.fw * g.cIn, 10 * k + 1)
    const biasValue = c.bias ? seededValues(1, 10 * k + 2)[0] : 0
    const tensorsBefore = tf.memory().numTensors
    const dataBefore = tf.engine().backend.numDataIds()
    const x = tf.tensor4d(xValues, c.xShape)
    const filter = tf.tensor4d(filterValues, c.filterShape)
    const bias = c.bias ? tf.tensor1d([biasValue]) : undefined
    const inputs: tf.NamedTensorMap = bias === undefined ? { x, filter } : { x, filter, bias }
    const y = tf.engine().runKernel(c.kernel, inputs, attrs) as tf.Tensor
    expect(y.shape).toEqual([g.n, g.ho, g.wo, 1])
    const got = y.dataSync() as Float32Array
    tf.dispose([x, filter, y, ...(bias === undefined ? [] : [bias])])
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore)

    const conv = referenceConv2D(xValues, filterValues, g)
    const activation = c.kernel === 'Conv2D' ? ACTIVATIONS.linear : ACTIVATIONS[c.activation]
    const values = new Float64Array(conv.values.length)
    const sumAbs = new Float64Array(conv.values.length)
    for (let p = 0; p < values.length; p++) {
      values[p] = activation(conv.values[p] + biasValue)
      sumAbs[p] = conv.sumAbs[p] + Math.abs(biasValue)
    }
    expect(worstRelativeError(got, { values, sumAbs })).toBeLessThan(TOLERANCE)
  })
})

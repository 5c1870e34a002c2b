// The fast Conv2DBackpropFilter / Conv2DBackpropInput kernels on cpu and wasm (and cpu's Conv2D forward), against a float64 reference
// written from the definition (_conv-reference.ts), over a table of shapes, strides, paddings, filter
// sizes, channels and batch sizes. The reference itself is first checked against tfjs's stock cpu kernels,
// so it means what tfjs means by 'same', 'valid' and explicit pads.
import * as tf from '@tensorflow/tfjs'
import type { NamedAttrMap } from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { referenceBackpropFilter, referenceBackpropInput, referenceConv2D, worstRelativeError } from './_conv-reference'
import { convGeometry } from './_conv-geometry'
import { seededValues, useBackend } from '../_test-backend'
import { registerKernels, unregisterKernels } from '../register-kernels'

interface Case {
  name: string
  xShape: [number, number, number, number]
  filterShape: [number, number, number, number]
  strides: [number, number]
  pad: 'same' | 'valid' | number[][]
}

// 1-D cases are 2-D with height 1, as tfjs-layers' Conv1D runs them.
const CASES: Case[] = [
  { name: 'conv1d k7 stride 2 same, 1 -> 4 channels', xShape: [3, 1, 20, 1], filterShape: [1, 7, 1, 4], strides: [1, 2], pad: 'same' },
  { name: 'conv1d k5 stride 1 valid, 3 -> 2 channels', xShape: [2, 1, 17, 3], filterShape: [1, 5, 3, 2], strides: [1, 1], pad: 'valid' },
  { name: '3x3 stride 2 same, odd/even sizes', xShape: [2, 9, 8, 2], filterShape: [3, 3, 2, 3], strides: [2, 2], pad: 'same' },
  { name: '3x3 stride 2 valid, last row/column unused', xShape: [3, 8, 8, 3], filterShape: [3, 3, 3, 2], strides: [2, 2], pad: 'valid' },
  { name: '2x2 stride 1 same (asymmetric pad)', xShape: [2, 6, 5, 4], filterShape: [2, 2, 4, 5], strides: [1, 1], pad: 'same' },
  { name: '3x3 stride 3 same', xShape: [2, 10, 10, 2], filterShape: [3, 3, 2, 2], strides: [3, 3], pad: 'same' },
  { name: '3x2 strides [1, 2] same', xShape: [2, 5, 9, 3], filterShape: [3, 2, 3, 4], strides: [1, 2], pad: 'same' },
  { name: '3x3 stride 2 explicit pad', xShape: [2, 7, 6, 2], filterShape: [3, 3, 2, 3], strides: [2, 2], pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
  { name: '1x1 stride 1 valid, batch 5', xShape: [5, 4, 4, 6], filterShape: [1, 1, 6, 3], strides: [1, 1], pad: 'valid' },
  { name: '3x3 stride 1 same, 8 -> 1 channels (a last decoder layer)', xShape: [3, 7, 6, 8], filterShape: [3, 3, 8, 1], strides: [1, 1], pad: 'same' },
  { name: '2x3 stride 1 explicit pad, 5 -> 2 channels', xShape: [2, 6, 7, 5], filterShape: [2, 3, 5, 2], strides: [1, 1], pad: [[0, 0], [1, 1], [0, 2], [0, 0]] },
  // wasm: a widening stride-1 layer takes "dy as input" (wasm-conv2d-backprop-filter.ts), unless dy would need
  // a negative frame (pad below larger than the filter); the input gradient runs one sub-pixel phase per
  // stride step (wasm-conv2d-backprop-input.ts), also with steps that no filter tap reaches.
  // wasm: one output channel at stride 1 makes dy, shifted per filter column, the filter; 16*16*4 = 1024
  // pixels adds its zero row; pads larger than the filter below/right make dy larger than x.
  { name: '3x3 stride 1 same, 2 -> 1 channels, h*w*n = 1024', xShape: [4, 16, 16, 2], filterShape: [3, 3, 2, 1], strides: [1, 1], pad: 'same' },
  { name: 'conv1d k7 stride 1 valid, 6 -> 1 channels', xShape: [3, 1, 19, 6], filterShape: [1, 7, 6, 1], strides: [1, 1], pad: 'valid' },
  { name: '2x3 stride 1 explicit pad, 5 -> 1 channels, dy larger than x', xShape: [2, 6, 7, 5], filterShape: [2, 3, 5, 1], strides: [1, 1], pad: [[0, 0], [1, 2], [0, 2], [0, 0]] },
  // wasm: one output channel at stride 1 over a multiple of 4 channels runs the SIMD rows (_wasm-one-channel.ts).
  { name: '3x3 stride 1 same, 16 -> 1 channels (the Conv2D AE reconstruction)', xShape: [3, 12, 11, 16], filterShape: [3, 3, 16, 1], strides: [1, 1], pad: 'same' },
  { name: 'conv1d k7 stride 1 same, 32 -> 1 channels', xShape: [2, 1, 23, 32], filterShape: [1, 7, 32, 1], strides: [1, 1], pad: 'same' },
  { name: '2x3 stride 1 explicit pad past the filter, 4 -> 1 channels', xShape: [2, 6, 7, 4], filterShape: [2, 3, 4, 1], strides: [1, 1], pad: [[0, 0], [1, 3], [0, 2], [0, 0]] },
  { name: '3x3 stride 1 valid, 12 -> 1 channels', xShape: [2, 8, 9, 12], filterShape: [3, 3, 12, 1], strides: [1, 1], pad: 'valid' },
  { name: '3x2 stride 1 explicit pad, 2 -> 6 channels (widening)', xShape: [2, 6, 7, 2], filterShape: [3, 2, 2, 6], strides: [1, 1], pad: [[0, 0], [2, 0], [1, 1], [0, 0]] },
  { name: '2x2 stride 1, pad below larger than the filter, 2 -> 4 channels', xShape: [2, 5, 5, 2], filterShape: [2, 2, 2, 4], strides: [1, 1], pad: [[0, 0], [0, 3], [0, 0], [0, 0]] },
  { name: '3x3 strides [2, 1] same', xShape: [2, 9, 6, 3], filterShape: [3, 3, 3, 4], strides: [2, 1], pad: 'same' },
  { name: '2x2 stride 3 valid (steps without a tap)', xShape: [2, 8, 8, 3], filterShape: [2, 2, 3, 2], strides: [3, 3], pad: 'valid' },
  // wasm: narrow layers with a multiple of 4 output channels (or input channels, for the input gradient) run the
  // SIMD row loops (_wasm-conv-rows.ts; the input gradient by sub-pixel phases written in place).
  { name: '3x3 stride 2 same, 1 -> 16 channels (the Conv2D AE first layer)', xShape: [3, 12, 11, 1], filterShape: [3, 3, 1, 16], strides: [2, 2], pad: 'same' },
  { name: '3x3 stride 2 same, 16 -> 8 channels (a transposed layer 8 -> 16 backwards)', xShape: [2, 14, 13, 16], filterShape: [3, 3, 16, 8], strides: [2, 2], pad: 'same' },
  { name: '3x3 stride 1 same, 8 -> 12 channels', xShape: [2, 7, 6, 8], filterShape: [3, 3, 8, 12], strides: [1, 1], pad: 'same' },
  { name: '2x2 stride 3 valid, 4 -> 4 channels (steps without a tap)', xShape: [2, 8, 8, 4], filterShape: [2, 2, 4, 4], strides: [3, 3], pad: 'valid' },
  { name: '3x2 strides [2, 1] explicit pad, 12 -> 4 channels', xShape: [2, 9, 7, 12], filterShape: [3, 2, 12, 4], strides: [2, 1], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  // The cpu kernels take direct loops below 4 output channels (_conv-narrow.ts: the cases above with 1-3)
  // and otherwise work in blocks of output pixels (blockRows in _im2col.ts): 112 rows for 144 taps, so
  // 390 pixels make 3 full blocks and a partial one, and blocks start mid-image.
  { name: '3x3 stride 1 same, 16 -> 4 channels, several pixel blocks', xShape: [2, 15, 13, 16], filterShape: [3, 3, 16, 4], strides: [1, 1], pad: 'same' },
]

// Float32 rounding of a sum of K terms is at most about K * 6e-8 of the sum of |terms| and mostly cancels.
// Measured worst over this table plus two full-size layers (50k-term sums): 9e-8 on cpu (float64 sums),
// 2.5e-7 on wasm (XNNPACK, float32). 1e-5 leaves a 40x margin and fails on any wrong index (an error of
// order 1 in these units).
const TOLERANCE = 1e-5

function attrsOf(c: Case, extra: NamedAttrMap): NamedAttrMap {
  return { strides: c.strides, pad: c.pad as NamedAttrMap['pad'], dataFormat: 'NHWC', dimRoundingMode: undefined as unknown as string, ...extra }
}

interface Run {
  filterGrad: Float32Array
  inputGrad: Float32Array
  leakedTensors: number
  leakedData: number
}

function runKernels(c: Case, seed: number): Run {
  const g = convGeometry(c.xShape, c.filterShape, attrsOf(c, {}))
  const tensorsBefore = tf.memory().numTensors
  const dataBefore = tf.engine().backend.numDataIds()
  const x = tf.tensor4d(seededValues(g.n * g.h * g.w * g.cIn, seed), c.xShape)
  const dy = tf.tensor4d(seededValues(g.n * g.ho * g.wo * g.cOut, seed + 1), [g.n, g.ho, g.wo, g.cOut])
  const filter = tf.tensor4d(seededValues(g.fh * g.fw * g.cIn * g.cOut, seed + 2), c.filterShape)
  const dW = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrsOf(c, { filterShape: c.filterShape })) as tf.Tensor
  const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrsOf(c, { inputShape: c.xShape })) as tf.Tensor
  expect(dW.shape).toEqual(c.filterShape)
  expect(dx.shape).toEqual(c.xShape)
  const run = { filterGrad: dW.dataSync() as Float32Array, inputGrad: dx.dataSync() as Float32Array }
  tf.dispose([x, dy, filter, dW, dx])
  return { ...run, leakedTensors: tf.memory().numTensors - tensorsBefore, leakedData: tf.engine().backend.numDataIds() - dataBefore }
}

function references(c: Case, seed: number) {
  const g = convGeometry(c.xShape, c.filterShape, attrsOf(c, {}))
  const x = seededValues(g.n * g.h * g.w * g.cIn, seed)
  const dy = seededValues(g.n * g.ho * g.wo * g.cOut, seed + 1)
  const filter = seededValues(g.fh * g.fw * g.cIn * g.cOut, seed + 2)
  return { filter: referenceBackpropFilter(x, dy, g), input: referenceBackpropInput(dy, filter, g) }
}

// Forward convolutions, where tfjs allows dilation (its gradients do not: tf.grad of a dilated conv2d throws
// before any kernel runs, so the backprop kernels never see one).
const FORWARD_CASES: Array<Case & { dilations: [number, number] }> = [
  ...CASES.map((c) => ({ ...c, dilations: [1, 1] as [number, number] })),
  { name: '3x3 dilation 2 same', xShape: [2, 9, 9, 2], filterShape: [3, 3, 2, 3], strides: [1, 1], pad: 'same', dilations: [2, 2] },
  { name: 'conv1d k3 dilation 3 valid', xShape: [3, 1, 16, 2], filterShape: [1, 3, 2, 4], strides: [1, 1], pad: 'valid', dilations: [1, 3] },
]

function runForward(c: Case & { dilations: [number, number] }, seed: number): { y: Float32Array; leaked: number; reference: ReturnType<typeof referenceConv2D> } {
  const attrs = attrsOf(c, { dilations: c.dilations })
  const g = convGeometry(c.xShape, c.filterShape, attrs)
  const xValues = seededValues(g.n * g.h * g.w * g.cIn, seed)
  const filterValues = seededValues(g.fh * g.fw * g.cIn * g.cOut, seed + 2)
  const before = tf.memory().numTensors
  const x = tf.tensor4d(xValues, c.xShape)
  const filter = tf.tensor4d(filterValues, c.filterShape)
  const y = tf.engine().runKernel('Conv2D', { x, filter }, attrs) as tf.Tensor
  expect(y.shape).toEqual([g.n, g.ho, g.wo, g.cOut])
  const values = y.dataSync() as Float32Array
  tf.dispose([x, filter, y])
  return { y: values, leaked: tf.memory().numTensors - before, reference: referenceConv2D(xValues, filterValues, g) }
}

describe.each(['cpu', 'wasm'] as const)('fast Conv2D forward on %s', (backend) => {
  it.each(FORWARD_CASES.map((c, k) => [c.name, c, k] as const))('equals the float64 reference, which equals stock: %s', async (_, c, k) => {
    await useBackend(backend)
    unregisterKernels()
    const stock = runForward(c, 100 * k)
    expect(worstRelativeError(stock.y, stock.reference)).toBeLessThan(TOLERANCE)
    registerKernels({ backends: [backend] })
    const fast = runForward(c, 100 * k)
    expect(worstRelativeError(fast.y, fast.reference)).toBeLessThan(TOLERANCE)
    expect(fast.leaked).toBe(0)
  })
})

// FusedConv2D (what tf.layers' conv2d layers run forward) with a per-channel bias and each activation the
// fast kernel handles. Reference: the float64 convolution plus bias, through the activation; relu and sigmoid
// change a value by at most as much as their input changes, so the convolution's tolerance carries over.
const ACTIVATIONS: Array<(v: number) => number> = [(v) => v, (v) => Math.max(0, v), (v) => 1 / (1 + Math.exp(-v))]
const ACTIVATION_NAMES = ['linear', 'relu', 'sigmoid'] as const

describe.each(['cpu', 'wasm'] as const)('fast FusedConv2D on %s', (backend) => {
  it.each(FORWARD_CASES.map((c, k) => [c.name, c, k] as const))('equals conv + bias + activation in float64, and the stock kernel: %s', async (_, c, k) => {
    await useBackend(backend)
    const activation = ACTIVATION_NAMES[k % 3]
    const attrs = attrsOf(c, { dilations: c.dilations, activation })
    const g = convGeometry(c.xShape, c.filterShape, attrs)
    const xValues = seededValues(g.n * g.h * g.w * g.cIn, 100 * k)
    const filterValues = seededValues(g.fh * g.fw * g.cIn * g.cOut, 100 * k + 2)
    const biasValues = seededValues(g.cOut, 100 * k + 3)
    const run = (): Float32Array => {
      const x = tf.tensor4d(xValues, c.xShape)
      const filter = tf.tensor4d(filterValues, c.filterShape)
      const bias = tf.tensor1d(biasValues)
      const y = tf.engine().runKernel('FusedConv2D', { x, filter, bias }, attrs) as tf.Tensor
      expect(y.shape).toEqual([g.n, g.ho, g.wo, g.cOut])
      const values = y.dataSync() as Float32Array
      tf.dispose([x, filter, bias, y])
      return values
    }
    unregisterKernels()
    const stock = run()
    registerKernels({ backends: [backend] })
    const before = tf.memory().numTensors
    const fast = run()
    expect(tf.memory().numTensors).toBe(before)
    const conv = referenceConv2D(xValues, filterValues, g)
    const act = ACTIVATIONS[k % 3]
    const values = new Float64Array(conv.values.length)
    const sumAbs = new Float64Array(conv.values.length)
    for (let p = 0; p < values.length; p++) {
      values[p] = act(conv.values[p] + biasValues[p % g.cOut])
      sumAbs[p] = conv.sumAbs[p] + Math.abs(biasValues[p % g.cOut])
    }
    expect(worstRelativeError(fast, { values, sumAbs })).toBeLessThan(TOLERANCE)
    expect(worstRelativeError(stock, { values, sumAbs })).toBeLessThan(TOLERANCE)
  })
})

afterAll(() => {
  unregisterKernels()
})

describe('the float64 reference', () => {
  it.each(CASES.map((c, k) => [c.name, c, k] as const))('equals tfjs stock cpu kernels: %s', async (_, c, k) => {
    await useBackend('cpu')
    unregisterKernels()
    const run = runKernels(c, 100 * k)
    const ref = references(c, 100 * k)
    expect(worstRelativeError(run.filterGrad, ref.filter)).toBeLessThan(TOLERANCE)
    expect(worstRelativeError(run.inputGrad, ref.input)).toBeLessThan(TOLERANCE)
  })
})

describe.each(['cpu', 'wasm'] as const)('fast convolution gradients on %s', (backend) => {
  it.each(CASES.map((c, k) => [c.name, c, k] as const))('equal the float64 reference, no leak: %s', async (_, c, k) => {
    await useBackend(backend)
    const report = registerKernels({ backends: [backend] })
    expect(report.registered.map((r) => r.kernel)).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput']))
    const run = runKernels(c, 100 * k)
    const ref = references(c, 100 * k)
    expect(worstRelativeError(run.filterGrad, ref.filter)).toBeLessThan(TOLERANCE)
    expect(worstRelativeError(run.inputGrad, ref.input)).toBeLessThan(TOLERANCE)
    expect(run.leakedTensors).toBe(0)
    expect(run.leakedData).toBe(0)
  })
})

describe('wasm Conv2DBackpropFilter on channels-first data', () => {
  it('throws E_UNSUPPORTED, as every wasm convolution does', async () => {
    await useBackend('wasm')
    registerKernels({ backends: ['wasm'] })
    const x = tf.zeros([1, 2, 4, 4])
    const dy = tf.zeros([1, 3, 4, 4])
    const run = () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] })
    expect(run).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }))
    expect(run).toThrowErrorMatchingInlineSnapshot(`[AedetectError: wasm Conv2DBackpropFilter: dataFormat 'NCHW' is not supported (like every wasm convolution). Use channels-last data ('NHWC', tf.layers' default dataFormat 'channelsLast').]`)
    tf.dispose([x, dy])
  })
})

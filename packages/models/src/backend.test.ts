import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, test } from 'vitest'
import { buildAutoencoder, initBackend, trainAutoencoder, trainingBackendFor } from '@aedetect/models'

describe('initBackend (this machine: tfjs-node not installed, wasm installed)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu')
  })

  test("'auto' falls back from tfjs-node to wasm with SIMD, says why once, and is idempotent", async () => {
    const warnings: string[] = []
    const report = await initBackend({ onWarning: (m) => warnings.push(m) })
    expect(report.name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
    expect(report.simd).toBe(true)
    expect(report.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['tensorflow', false],
      ['wasm', true],
    ])
    expect(report.attempts[0].reason).toMatch(/@tensorflow\/tfjs-node/)
    expect(warnings).toEqual([`Running TensorFlow.js on the 'wasm' backend; not available: tensorflow (${report.attempts[0].reason}).`])
    expect(await initBackend({ onWarning: (m) => warnings.push(m) })).toBe(report)
    expect(warnings).toHaveLength(1)
  })

  test('a forced backend that cannot start is E_BACKEND naming the package to install', async () => {
    const auto = await initBackend()
    const reason = auto.attempts[0].reason
    await expect(initBackend({ backend: 'tensorflow' })).rejects.toMatchObject({
      code: 'E_BACKEND',
      message: `initBackend(): the 'tensorflow' backend could not start: ${reason}. Install @tensorflow/tfjs-node (a peer dependency of @aedetect/models) or pass backend: 'auto'.`,
    })
    await expect(initBackend({ backend: 'webgpu' as 'cpu' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: initBackend(): backend must be one of 'auto' | 'tensorflow' | 'wasm' | 'cpu', got 'webgpu'.]`,
    )
  })

  test('training a conv model on stock wasm is E_BACKEND naming the missing kernel and the fix', async () => {
    await initBackend({ backend: 'wasm' })
    const before = tf.memory().numTensors
    const ae = buildAutoencoder({ kind: 'conv2d', filters: [2] }, { sampleShape: [4, 4, 1] })
    const x = { data: new Float32Array(2 * 16).fill(0.5), shape: [2, 4, 4, 1] }
    await expect(trainAutoencoder(ae, x, { epochs: 1 })).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: trainAutoencoder(): the 'wasm' backend has no 'Conv2DBackpropFilter' kernel, which training a 'conv2d' autoencoder needs. Call registerFastKernels() first, or train on the backend trainingBackendFor() names.]`)
    ae.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test("a forced 'cpu' switches the backend and reports one attempt", async () => {
    const report = await initBackend({ backend: 'cpu' })
    expect(report).toEqual({ name: 'cpu', attempts: [{ name: 'cpu', ok: true }] })
    expect(tf.getBackend()).toBe('cpu')
  })

  test('convolutional models train on cpu when the backend is wasm without the fast kernels', () => {
    expect(trainingBackendFor({ kind: 'conv2d' }, 'wasm')).toEqual({
      name: 'cpu',
      reason: "the wasm backend of tfjs 4.22 has no Conv2DBackpropFilter kernel, which training a 'conv2d' autoencoder needs; training on cpu (slower) and scoring on wasm",
    })
    expect(trainingBackendFor({ kind: 'conv1d' }, 'wasm', { fastKernels: true })).toEqual({ name: 'wasm' })
    expect(trainingBackendFor({ kind: 'dense' }, 'wasm')).toEqual({ name: 'wasm' })
    expect(trainingBackendFor({ kind: 'lstm' }, 'cpu')).toEqual({ name: 'cpu' })
  })
})

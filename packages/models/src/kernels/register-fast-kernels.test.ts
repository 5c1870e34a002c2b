// Registration is explicit, idempotent, process-wide and reversible; this file loads the wasm backend
// only halfway through, to see registerFastKernels() report it as skipped first.
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { useBackend } from './_test-backend'
import { hasFastKernels, registerFastKernels, unregisterFastKernels } from './register-fast-kernels'

afterAll(() => {
  unregisterFastKernels()
})

const CPU_KERNELS = [
  { backend: 'cpu', kernel: 'ResizeNearestNeighborGrad', replaces: true },
  { backend: 'cpu', kernel: 'Conv2D', replaces: true },
  { backend: 'cpu', kernel: 'Conv2DBackpropFilter', replaces: true },
  { backend: 'cpu', kernel: 'Conv2DBackpropInput', replaces: true },
  { backend: 'cpu', kernel: 'FusedConv2D', replaces: true },
  { backend: 'cpu', kernel: 'Add', replaces: true },
  { backend: 'cpu', kernel: 'Sum', replaces: true },
]
const WASM_KERNELS = [
  { backend: 'wasm', kernel: 'Conv2DBackpropFilter', replaces: false },
  { backend: 'wasm', kernel: 'Conv2DBackpropInput', replaces: true },
  { backend: 'wasm', kernel: 'Conv2D', replaces: true },
  { backend: 'wasm', kernel: 'FusedConv2D', replaces: true },
  { backend: 'wasm', kernel: 'Add', replaces: true },
  { backend: 'wasm', kernel: 'Sum', replaces: true },
  { backend: 'wasm', kernel: 'ResizeNearestNeighborGrad', replaces: true },
  { backend: 'wasm', kernel: 'BatchMatMul', replaces: true },
]

describe('registerFastKernels', () => {
  let stockCpuConv: ReturnType<typeof tf.getKernel>
  it('does nothing on import, skips a backend whose package is not loaded, and is idempotent', async () => {
    await useBackend('cpu')
    const stockGrad = tf.getKernel('ResizeNearestNeighborGrad', 'cpu')
    stockCpuConv = tf.getKernel('Conv2D', 'cpu')
    expect(hasFastKernels('cpu')).toBe(false)
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined()

    const first = registerFastKernels()
    expect(first).toEqual({
      registered: CPU_KERNELS,
      skipped: [{ backend: 'wasm', reason: "the tfjs 'wasm' backend is not loaded: import '@tensorflow/tfjs-backend-wasm' before calling registerFastKernels()" }],
    })
    expect(hasFastKernels('cpu')).toBe(true)
    expect(hasFastKernels('wasm')).toBe(false)
    expect(tf.getKernel('ResizeNearestNeighborGrad', 'cpu')).not.toBe(stockGrad)

    const installed = tf.getKernel('ResizeNearestNeighborGrad', 'cpu')
    expect(registerFastKernels()).toEqual(first)
    expect(tf.getKernel('ResizeNearestNeighborGrad', 'cpu')).toBe(installed)
  })

  it('registers on wasm once its package is loaded; unregisterFastKernels() restores the stock kernels', async () => {
    await useBackend('wasm')
    const stockMatMul = tf.getKernel('BatchMatMul', 'wasm')
    expect(registerFastKernels({ backends: ['wasm'] })).toEqual({ registered: WASM_KERNELS, skipped: [] })
    expect(registerFastKernels()).toEqual({ registered: [...CPU_KERNELS, ...WASM_KERNELS], skipped: [] })
    expect(hasFastKernels('wasm')).toBe(true)
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(stockMatMul)

    unregisterFastKernels({ backends: ['wasm'] })
    expect(hasFastKernels('wasm')).toBe(false)
    expect(hasFastKernels('cpu')).toBe(true)
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stockMatMul)
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined()

    unregisterFastKernels()
    expect(hasFastKernels('cpu')).toBe(false)
    expect(tf.getKernel('Conv2D', 'cpu')).toBe(stockCpuConv)
  })

  it('rejects a backend it has no kernels for', () => {
    expect(() => registerFastKernels({ backends: ['webgl' as 'cpu'] })).toThrow(expect.objectContaining({ code: 'E_OPTION' }))
    expect(() => registerFastKernels({ backends: ['webgl' as 'cpu'] })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: registerFastKernels(): backends must hold only 'cpu' | 'wasm', got 'webgl'. Fast kernels exist for those two backends; other backends keep their stock kernels.]`)
  })
})

// Registration is explicit, idempotent, process-wide and reversible; this file loads the wasm backend
// only halfway through, to see registerKernels() report it as skipped first.
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { useBackend } from './_test-backend'
import { hasKernels, registerKernels, unregisterKernels } from './register-kernels'

afterAll(() => {
  unregisterKernels()
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
  { backend: 'wasm', kernel: 'GatherV2', replaces: true },
  { backend: 'wasm', kernel: 'Identity', replaces: true },
  { backend: 'wasm', kernel: 'Cast', replaces: true },
]

describe('registerKernels', () => {
  let stockCpuConv: ReturnType<typeof tf.getKernel>
  it('does nothing on import, skips a backend whose package is not loaded, and is idempotent', async () => {
    await useBackend('cpu')
    const stockGrad = tf.getKernel('ResizeNearestNeighborGrad', 'cpu')
    stockCpuConv = tf.getKernel('Conv2D', 'cpu')
    expect(hasKernels('cpu')).toBe(false)
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined()

    const first = registerKernels()
    expect(first).toEqual({
      registered: CPU_KERNELS,
      skipped: [{ backend: 'wasm', reason: "the tfjs 'wasm' backend is not loaded: import '@tensorflow/tfjs-backend-wasm' before calling registerKernels()" }],
    })
    expect(hasKernels('cpu')).toBe(true)
    expect(hasKernels('wasm')).toBe(false)
    expect(tf.getKernel('ResizeNearestNeighborGrad', 'cpu')).not.toBe(stockGrad)

    const installed = tf.getKernel('ResizeNearestNeighborGrad', 'cpu')
    expect(registerKernels()).toEqual(first)
    expect(tf.getKernel('ResizeNearestNeighborGrad', 'cpu')).toBe(installed)
  })

  it('registers on wasm once its package is loaded; unregisterKernels() restores the stock kernels', async () => {
    await useBackend('wasm')
    const stockMatMul = tf.getKernel('BatchMatMul', 'wasm')
    expect(registerKernels({ backends: ['wasm'] })).toEqual({ registered: WASM_KERNELS, skipped: [] })
    expect(registerKernels()).toEqual({ registered: [...CPU_KERNELS, ...WASM_KERNELS], skipped: [] })
    expect(hasKernels('wasm')).toBe(true)
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(stockMatMul)

    unregisterKernels({ backends: ['wasm'] })
    expect(hasKernels('wasm')).toBe(false)
    expect(hasKernels('cpu')).toBe(true)
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stockMatMul)
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined()

    unregisterKernels()
    expect(hasKernels('cpu')).toBe(false)
    expect(tf.getKernel('Conv2D', 'cpu')).toBe(stockCpuConv)
  })

  it('rejects a backend it has no kernels for', () => {
    expect(() => registerKernels({ backends: ['webgl' as 'cpu'] })).toThrow(expect.objectContaining({ code: 'E_OPTION' }))
    expect(() => registerKernels({ backends: ['webgl' as 'cpu'] })).toThrowErrorMatchingInlineSnapshot(`[AedetectError: registerKernels(): backends must hold only 'cpu' | 'wasm', got 'webgl'. Fast kernels exist for those two backends; other backends keep their stock kernels.]`)
  })
})

import { describe, expect, it } from 'vitest'
import { simdDenseScorer, type DenseScorer, type RowErrorMetric, type ScorerActivation, type ScorerLayer } from './simd-dense-scorer'
import { simdF32FusedMatmul } from '../matmul/simd-f32-matmul'
import { simdDensePasses } from '../elementwise/simd-dense-passes'
import { seededValues } from '../_test-backend'

function stack(sizes: number[], activations: ScorerActivation[], seed: number): ScorerLayer[] {
  return activations.map((activation, i) => {
    const [inputs, units] = [sizes[i], sizes[i + 1]]
    const scale = 1 / Math.sqrt(inputs)
    return { inputs, units, activation, kernel: seededValues(inputs * units, seed + i).map((w) => w * 2 * scale), bias: seededValues(units, seed + 50 + i).map((b) => b * 0.1) }
  })
}

// The separate kernels the scorer fuses, layer by layer with copies (columns a multiple of 4).
function separateForward(layers: ScorerLayer[], x: Float32Array, rows: number): Float32Array {
  const mm = simdF32FusedMatmul()
  const passes = simdDensePasses()
  if (mm === undefined || passes === undefined) throw new Error('WebAssembly SIMD is missing')
  let a = x
  for (const l of layers) {
    const z = new Float32Array(rows * l.units)
    const y = new Float32Array(rows * l.units)
    const b = mm.prepare(l.kernel, l.inputs, l.units)
    mm.multiply(a, rows, b, z)
    mm.release(b)
    if (l.activation === 'sigmoid') passes.biasSigmoid(z, l.bias, y, rows, l.units)
    else passes.biasActivation(z, l.bias, y, rows, l.units, l.activation === 'relu')
    a = y
  }
  mm.dispose()
  return a
}

// The JS sums of @aedetect/models' reconstruction-errors.ts: four float64 partial sums, the tail into the first.
function jsErrors(x: Float32Array, y: Float32Array, rows: number, size: number, metric: RowErrorMetric): Float32Array {
  const out = new Float32Array(rows)
  for (let r = 0; r < rows; r++) {
    const s = [0, 0, 0, 0]
    let j = 0
    const term = (i: number): number => (metric === 'mae' ? Math.abs(y[i] - x[i]) : (y[i] - x[i]) * (y[i] - x[i]))
    for (; j + 4 <= size; j += 4) for (let q = 0; q < 4; q++) s[q] += term(r * size + j + q)
    for (; j < size; j++) s[0] += term(r * size + j)
    const sum = s[0] + s[1] + (s[2] + s[3])
    out[r] = metric === 'rmse' ? Math.sqrt(sum / size) : sum / size
  }
  return out
}

// A float64 forward pass (sums in float64, activations in float64) for shapes the separate kernels cannot take.
function float64Forward(layers: ScorerLayer[], x: Float32Array, rows: number): Float64Array {
  let a = Float64Array.from(x)
  for (const l of layers) {
    const y = new Float64Array(rows * l.units)
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < l.units; c++) {
        let s = l.bias[c]
        for (let i = 0; i < l.inputs; i++) s += a[r * l.inputs + i] * l.kernel[i * l.units + c]
        y[r * l.units + c] = l.activation === 'relu' ? Math.max(0, s) : l.activation === 'sigmoid' ? 1 / (1 + Math.exp(-s)) : s
      }
    }
    a = y
  }
  return a
}

/** A scorer of `maxRows` after one forward pass over `rows` samples of `x`, and the outputs it read back. */
function forwardOf(layers: ScorerLayer[], x: Float32Array, rows: number, maxRows: number): { scorer: DenseScorer; outputs: Float32Array } {
  const scorer = simdDenseScorer(layers, maxRows)
  if (scorer === undefined) throw new Error('WebAssembly SIMD is missing')
  scorer.forward(x, rows)
  const outputs = new Float32Array(rows * layers[layers.length - 1].units)
  scorer.readOutputs(outputs, 0)
  return { scorer, outputs }
}

const ECG = [140, 32, 16, 8, 16, 32, 140]
const RELU_SIGMOID: ScorerActivation[] = ['relu', 'relu', 'relu', 'relu', 'relu', 'sigmoid']

describe('simdDenseScorer', () => {
  it.each([
    [1, 'mse'],
    [7, 'mae'],
    [512, 'mse'],
    [509, 'rmse'],
  ] as const)("on the ECG shapes (%i rows, %s): the separate kernels' reconstructions and the JS sums' errors, bit for bit", (rows, metric) => {
    const layers = stack(ECG, RELU_SIGMOID, 3)
    const x = seededValues(rows * 140, rows).map((v) => (v + 1) / 2)
    const { scorer, outputs } = forwardOf(layers, x, rows, 512)
    const expected = separateForward(layers, x, rows)
    let mismatches = 0
    for (let i = 0; i < outputs.length; i++) if (outputs[i] !== expected[i]) mismatches++
    expect(mismatches).toBe(0)
    const errors = new Float32Array(rows + 2).fill(-1)
    scorer.errors(metric, errors, 2)
    expect(Array.from(errors.subarray(2, rows + 2))).toEqual(Array.from(jsErrors(x, expected, rows, 140, metric).subarray(0, rows)))
    expect(errors[0]).toBe(-1)
    scorer.dispose()
  })

  it('pads shapes that are not multiples of the blocks (141-30-7-30-141, linear and sigmoid) within float32 rounding of float64', () => {
    const sizes = [141, 30, 7, 30, 141]
    const layers = stack(sizes, ['linear', 'relu', 'sigmoid', 'sigmoid'], 9)
    const rows = 13
    const x = seededValues(rows * 141, 5)
    const { scorer, outputs } = forwardOf(layers, x, rows, 16)
    const exact = float64Forward(layers, x, rows)
    let worst = 0
    for (let i = 0; i < outputs.length; i++) worst = Math.max(worst, Math.abs(outputs[i] - exact[i]))
    expect(worst).toBeLessThan(1e-5)
    const errors = new Float32Array(rows)
    scorer.errors('mae', errors, 0)
    expect(Array.from(errors)).toEqual(Array.from(jsErrors(x, outputs, rows, 141, 'mae')))
    scorer.dispose()
  })

  it('a reused memory gives the same numbers; a second scorer while one is live gets its own', () => {
    const layers = stack(ECG, RELU_SIGMOID, 4)
    const x = seededValues(64 * 140, 8)
    const run = (): Float32Array => {
      const s = simdDenseScorer(layers, 64)
      if (s === undefined) throw new Error('WebAssembly SIMD is missing')
      s.forward(x, 64)
      const out = new Float32Array(64)
      s.errors('mse', out, 0)
      s.dispose()
      return out
    }
    const first = run()
    expect(Array.from(run())).toEqual(Array.from(first))
    const other = simdDenseScorer(stack([140, 8, 140], ['relu', 'sigmoid'], 1), 8)
    expect(Array.from(run())).toEqual(Array.from(first))
    other?.dispose()
  })

  it('says what is wrong with bad shapes and refuses activations it has no pass for', () => {
    const layers = stack([10, 4, 10], ['relu', 'sigmoid'], 2)
    expect(() => simdDenseScorer([layers[0], { ...layers[1], inputs: 5 }], 4)).toThrow(/layer 1 takes 5 inputs but layer 0 has 4 units/)
    expect(() => simdDenseScorer(layers, 0)).toThrow(/maxRows/)
    expect(simdDenseScorer([layers[0], { ...layers[1], activation: 'tanh' as ScorerActivation }], 4)).toBeUndefined()
    const scorer = simdDenseScorer(layers, 4)
    expect(() => scorer?.forward(new Float32Array(50), 5)).toThrow(/5 rows, at most 4/)
    expect(() => simdDenseScorer([layers[0]], 4)?.errors('mse', new Float32Array(4), 0)).toThrow(/10 inputs to 4 outputs/)
    scorer?.dispose()
  })
})

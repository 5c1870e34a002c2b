// The value passes of the fused conv1d runner in float32 WebAssembly SIMD, over the buffers of a window-product
// memory (simd-window-gemm.ts: the module imports that memory, so nothing is copied): bias + ReLU (or bias
// alone) from the products' pre-activation rows into the next op's input rows, and the output gradient with the
// bias gradient. As JS loops they were ~15 % of the runner's time (issue 22).
//
// Bits: the float32 operations the JS loops round to, so the same bits: z + bias, (v + |v|) · 0.5, dy times
// 0 or 1; the bias gradient sums every channel in float64 in the JS loop's order (sample, then step).
import { I32, OP } from '../matmul/_wasm-bytes'
import { at, compiledOnce, countDown, get, i32, load, loop, moduleBytes, OPS, S, set, simd, splat, store, type Code, type Fn } from '../elementwise/_simd-code'

/** Rows of one pass: `samples` × `rows` rows of `cols` floats; each buffer's rows `rowStride` and its samples `sampleStride` floats apart. */
export interface SeqRows {
  samples: number
  rows: number
  /** A multiple of 4. */
  cols: number
}

/** A buffer of a pass: where its first row starts and how its rows step, in floats of the memory. */
export interface SeqOperand {
  off: number
  sampleStride: number
  rowStride: number
}

/** The passes over one window-product memory. */
export interface SeqPasses {
  /** z ← z + bias (per row), dest ← relu ? (z + |z|) · 0.5 : z. `bias` is `cols` floats at offset `bias`. */
  biasActivation(z: SeqOperand, dest: SeqOperand, bias: number, shape: SeqRows, relu: boolean): void
  /**
   * d ← dy · (relu ? (z > 0 ? 1 : 0) : 1); `sums` (2 · cols floats at a multiple of 2, read as float64) ← Σ d per
   * channel over every row, in float64.
   */
  outputGradient(z: SeqOperand, dy: SeqOperand, d: SeqOperand, sums: number, shape: SeqRows, relu: boolean): void
}

// Three nested loops: samples, rows, then the row's vectors; `operands` lists each buffer's (pointer, sample
// stride, row stride, row pointer) locals; `body` addresses through the row pointers and offset `o`.
function rowsOf(samples: number, rows: number, cols4: number, counters: [number, number, number, number], operands: Array<[number, number, number, number]>, body: Code): Code {
  const [sample, row, o, end] = counters
  const startRows = operands.flatMap(([base, , , rowPtr]) => [...get(base), ...set(rowPtr)])
  const nextRow = operands.flatMap(([, , rowStride, rowPtr]) => [...get(rowPtr), ...get(rowStride), OP.i32Add, ...set(rowPtr)])
  const nextSample = operands.flatMap(([base, sampleStride]) => [...get(base), ...get(sampleStride), OP.i32Add, ...set(base)])
  return countDown(samples, sample, [...startRows, ...countDown(rows, row, [...loop(cols4, o, end, body), ...nextRow]), ...nextSample])
}

// biasAct(z, zS, zR, dest, dS, dR, bias, samples, rows, cols4, relu). Locals: 11-14 counters, 15-16 row pointers; v128 17 v, 18 half.
function biasActivation(): Fn {
  const [Z, ZS, ZR, D, DS, DR, BIAS, SAMPLES, ROWS, COLS4, RELU] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  const [SAMPLE, ROW, O, END, ZP, DP, V, HALF] = [11, 12, 13, 14, 15, 16, 17, 18]
  const value = [...load(at(ZP, O)), ...load(at(BIAS, O)), ...simd(S.f32x4Add), ...set(V), ...store(at(ZP, O), get(V))]
  const relu = store(at(DP, O), [...get(V), ...get(V), ...simd(S.f32x4Abs), ...simd(S.f32x4Add), ...get(HALF), ...simd(S.f32x4Mul)])
  const body = [...value, ...get(RELU), OPS.if, 0x40, ...relu, OPS.else, ...store(at(DP, O), get(V)), OP.end]
  const loops = rowsOf(SAMPLES, ROWS, COLS4, [SAMPLE, ROW, O, END], [[Z, ZS, ZR, ZP], [D, DS, DR, DP]], body)
  return { params: Array(11).fill(I32), i32Locals: 6, v128Locals: 2, code: [...splat(0.5), ...set(HALF), ...loops] }
}

// outGrad(z, zS, zR, dy, yS, yR, d, dS, dR, sums, samples, rows, cols4, relu).
// Locals: 14-17 counters, 18-20 row pointers, 21 sums address; v128 22 g, 23 one.
function outputGradient(): Fn {
  const [Z, ZS, ZR, DY, YS, YR, D, DS, DR, SUMS, SAMPLES, ROWS, COLS4, RELU] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
  const [SAMPLE, ROW, O, END, ZP, YP, DP, SP, G, ONE] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23]
  // g = dy · (relu ? (z > 0) & 1 : 1)
  const slope = [...load(at(ZP, O)), ...splat(0), ...simd(S.f32x4Gt), ...get(ONE), ...simd(S.v128And)]
  const g = [...load(at(YP, O)), ...get(RELU), OPS.if, 0x7b /* v128 result */, ...slope, OPS.else, ...get(ONE), OP.end, ...simd(S.f32x4Mul), ...set(G)]
  // sums[c..c+1] += promote(g[0..1]); sums[c+2..c+3] += promote(g[2..3]): float64 pairs at SUMS + 2·o.
  const pair = (offset: number, lanes: Code): Code => {
    const address = [...get(SP), ...(offset ? [...i32(offset), OP.i32Add] : [])]
    return store(address, [...load(address), ...lanes, ...simd(S.f64x2PromoteLowF32x4), ...simd(S.f64x2Add)])
  }
  const high = [...get(G), ...get(G), ...simd(S.i8x16Shuffle), 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]
  const sums = [...get(O), ...i32(1), OPS.i32Shl, ...get(SUMS), OP.i32Add, ...set(SP), ...pair(0, get(G)), ...pair(16, high)]
  const body = [...g, ...store(at(DP, O), get(G)), ...sums]
  const loops = rowsOf(SAMPLES, ROWS, COLS4, [SAMPLE, ROW, O, END], [[Z, ZS, ZR, ZP], [DY, YS, YR, YP], [D, DS, DR, DP]], body)
  return { params: Array(14).fill(I32), i32Locals: 8, v128Locals: 2, code: [...splat(1), ...set(ONE), ...loops] }
}

/** The module's bytes: the two passes over an imported memory `env.memory`. */
export function simdSeqPassesModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    [
      ['biasAct', biasActivation],
      ['outGrad', outputGradient],
    ],
    { importMemory: true },
  )
}

interface Exports {
  biasAct: (...args: number[]) => void
  outGrad: (...args: number[]) => void
}

const compile = compiledOnce(simdSeqPassesModuleBytes)

const bytes = (o: SeqOperand): number[] => [4 * o.off, 4 * o.sampleStride, 4 * o.rowStride]

function checkShape(shape: SeqRows, what: string): void {
  if (shape.cols % 4 !== 0) throw new RangeError(`seq passes: ${what} over ${shape.cols} columns, not a multiple of 4; use the JS pass.`)
}

/** The passes over `memory` (a window-product memory), or `undefined` where WebAssembly SIMD cannot compile. */
export function simdSeqPasses(memory: WebAssembly.Memory): SeqPasses | undefined {
  const module = compile()
  if (module === null) return undefined
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports
  return {
    biasActivation(z, dest, bias, shape, relu) {
      checkShape(shape, 'biasActivation')
      wasm.biasAct(...bytes(z), ...bytes(dest), 4 * bias, shape.samples, shape.rows, shape.cols / 4, relu ? 1 : 0)
    },
    outputGradient(z, dy, d, sums, shape, relu) {
      checkShape(shape, 'outputGradient')
      if (sums % 2 !== 0) throw new RangeError(`seq passes: outputGradient's sums at float ${sums}, not 8-byte aligned`)
      new Float64Array(memory.buffer, 4 * sums, shape.cols).fill(0)
      wasm.outGrad(...bytes(z), ...bytes(dy), ...bytes(d), 4 * sums, shape.samples, shape.rows, shape.cols / 4, relu ? 1 : 0)
    },
  }
}

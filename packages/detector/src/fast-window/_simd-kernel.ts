// The one WebAssembly SIMD kernel of the compiled window pass (issue 19, live scoring): a block of dot products
// out[q] = bias[q] + Σ_j x[j] · w[q·n + j], four rows of w at a time, two float64 lanes per instruction. Scalar
// JS tops out near 1.5-2 GMAC/s (each Float32Array load is checked and converted one at a time), which left one
// SMD window at ~190 µs. The sums are float64 (float32 products are exact there) and rounded once to float32
// (values are kept as float64 in memory, so no load converts: ~1.5× faster than promoting float32 loads):
// with four float32 lanes the SMD scores drifted 1.3e-6 from scorePoints (their errors are small differences of
// reconstructions, so the rounding of the layers shows); in float64 they stay within tfjs's own rounding. The module is
// assembled here from its opcodes (~400 bytes, nothing to ship) and compiled once on first use; where
// WebAssembly or its SIMD is missing or blocked (a CSP without 'wasm-unsafe-eval'), the JS pass runs instead.

const OP = { loop: 0x03, end: 0x0b, brIf: 0x0d, localGet: 0x20, localSet: 0x21, localTee: 0x22, f64Load: 0x2b, f64Store: 0x39, i32Const: 0x41, i32Ne: 0x47, i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32ShrU: 0x76, f64Add: 0xa0, f64Max: 0xa5, f32DemoteF64: 0xb6, f64PromoteF32: 0xbb, simd: 0xfd } as const
const SIMD = { v128Load: 0x00, v128Const: 0x0c, f64x2ExtractLane: 0x21, f64x2Add: 0xf0, f64x2Mul: 0xf2 } as const
const VOID = 0x40
const I32 = 0x7f
const F64 = 0x7c
const V128 = 0x7b

function uleb(value: number): number[] {
  const out: number[] = []
  let v = value >>> 0
  do {
    let byte = v & 0x7f
    v >>>= 7
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}

function sleb(value: number): number[] {
  const out: number[] = []
  let v = value | 0
  for (;;) {
    const byte = v & 0x7f
    v >>= 7
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) return [...out, byte]
    out.push(byte | 0x80)
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))]
}

// Parameters (byte addresses, counts), then i32 scratch, then v128: acc[row · 2 + half] (float64 pairs: values
// 0-1 and 2-3 of each step of 4), and x as two float64 pairs.
const [X, W, BIAS, OUT, ROWS4, N4, FLOOR] = [0, 1, 2, 3, 4, 5, 6]
const [PW, PX, CNT, G] = [7, 8, 9, 10]
const I32_SCRATCH = 4
const ACC = 11
const XV = ACC + 8
const V128_LOCALS = 10

/**
 * The body of `rows(x, w, bias, out, rows4, n4, floor)`: rows4 (a multiple of 4, ≥ 4) dot products of length n4
 * (a multiple of 4, ≥ 4) between x and the rows of w, plus bias, rounded to float32, at least `floor`
 * (0: relu fused; −Infinity: none), stored to out. All
 * arrays float64 (holding float32 values: the products are exact, and no load needs a conversion).
 */
function rowsBody(): number[] {
  const get = (i: number): number[] => [OP.localGet, ...uleb(i)]
  const set = (i: number): number[] => [OP.localSet, ...uleb(i)]
  const i32 = (v: number): number[] => [OP.i32Const, ...sleb(v)]
  const simd = (op: number): number[] => [OP.simd, ...uleb(op)]
  const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)]
  const code: number[] = []
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p)
  }
  const add = (local: number, bytes: number): void => emit(get(local), i32(bytes), [OP.i32Add], set(local))
  // g = rows4 / 4 (blocks left); pw = w. w is interleaved (see interleaveRows): one pointer walks all four rows.
  emit(get(ROWS4), i32(2), [OP.i32ShrU], set(G), get(W), set(PW))
  emit([OP.loop, VOID])
  {
    for (let j = 0; j < 8; j++) emit(simd(SIMD.v128Const), new Array<number>(16).fill(0), set(ACC + j))
    emit(get(X), set(PX), get(N4), i32(2), [OP.i32ShrU], set(CNT))
    emit([OP.loop, VOID])
    {
      const pair = (pointer: number, offset: number): number[] => [...get(pointer), ...simd(SIMD.v128Load), ...memarg(3, offset)]
      emit(pair(PX, 0), set(XV), pair(PX, 16), set(XV + 1))
      for (let r = 0; r < 4; r++) {
        for (let half = 0; half < 2; half++) emit(get(ACC + r * 2 + half), get(XV + half), pair(PW, r * 32 + half * 16), simd(SIMD.f64x2Mul), simd(SIMD.f64x2Add), set(ACC + r * 2 + half))
      }
      add(PX, 32)
      add(PW, 128)
      emit(get(CNT), i32(1), [OP.i32Sub], [OP.localTee, ...uleb(CNT)], i32(0), [OP.i32Ne], [OP.brIf, 0])
    }
    emit([OP.end])
    // out[r] = float32(bias[r] + ((a0 + a1) + (b0 + b1))) over the two pair sums a, b of row r, in float64,
    // stored as float64 (a float32 value: tfjs keeps every layer's output in float32).
    for (let r = 0; r < 4; r++) {
      const lane = (j: number, l: number): number[] => [...get(ACC + r * 2 + j), ...simd(SIMD.f64x2ExtractLane), l]
      emit(get(OUT), get(BIAS), [OP.f64Load], memarg(3, r * 8))
      emit(lane(0, 0), lane(0, 1), [OP.f64Add], lane(1, 0), lane(1, 1), [OP.f64Add], [OP.f64Add], [OP.f64Add], [OP.f32DemoteF64], [OP.f64PromoteF32], get(FLOOR), [OP.f64Max])
      emit([OP.f64Store], memarg(3, r * 8))
    }
    add(OUT, 32)
    add(BIAS, 32)
    // pw now points at the next block.
    emit(get(G), i32(1), [OP.i32Sub], [OP.localTee, ...uleb(G)], i32(0), [OP.i32Ne], [OP.brIf, 0])
  }
  emit([OP.end])
  emit([OP.end])
  const locals = [2, ...uleb(I32_SCRATCH), I32, ...uleb(V128_LOCALS), V128]
  return [...uleb(locals.length + code.length), ...locals, ...code]
}

/** The module's bytes: one memory (exported as `memory`) and the function `rows`. */
export function rowsModuleBytes(): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 7, I32, I32, I32, I32, I32, I32, F64, 0])
  const functions = section(3, [1, 0])
  const memory = section(5, [1, 0, 1])
  const exports = section(7, [2, ...name('rows'), 0, 0, ...name('memory'), 2, 0])
  const code = section(10, [1, ...rowsBody()])
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...functions, ...memory, ...exports, ...code])
}

/**
 * A matrix [rows4][n4] (row-major) in the kernel's layout: per block of 4 rows, per step of 4 columns, the 4 rows'
 * 4 values one after the other (16 values), so the kernel reads every weight of a block through one pointer.
 */
export function interleaveRows(matrix: Float32Array, rows4: number, n4: number): Float64Array {
  const out = new Float64Array(matrix.length)
  const steps = n4 / 4
  for (let b = 0; b < rows4 / 4; b++) {
    for (let step = 0; step < steps; step++) {
      for (let r = 0; r < 4; r++) {
        for (let v = 0; v < 4; v++) out[((b * steps + step) * 4 + r) * 4 + v] = matrix[(b * 4 + r) * n4 + step * 4 + v]
      }
    }
  }
  return out
}

/** An instance of the kernel with its own memory. */
export interface RowsKernel {
  memory: WebAssembly.Memory
  /** out[q] = max(float32(bias[q] + Σ_j x[j]·w[q][j]), floor) for q < rows4, w laid out by interleaveRows; float64 arrays at byte addresses; rows4 and n4 multiples of 4, ≥ 4. */
  rows: (x: number, w: number, bias: number, out: number, rows4: number, n4: number, floor: number) => void
}

// Compiled once per process on first use; null once compiling failed (no SIMD, or WebAssembly blocked).
let compiled: WebAssembly.Module | null | undefined

/** A fresh kernel instance whose memory holds at least `bytes`, or null where the kernel cannot run. */
export function rowsKernel(bytes: number): RowsKernel | null {
  if (compiled === undefined) {
    try {
      const code = rowsModuleBytes()
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(code) ? new WebAssembly.Module(code) : null
    } catch {
      compiled = null
    }
  }
  if (compiled === null) return null
  const exports = new WebAssembly.Instance(compiled, {}).exports
  const memory = exports.memory as WebAssembly.Memory
  const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536
  if (pages > 0) memory.grow(pages)
  return { memory, rows: exports.rows as RowsKernel['rows'] }
}

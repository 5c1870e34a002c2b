// Adam in float32 WebAssembly SIMD for the fused trainers: four weights per instruction, the moments kept in the
// module's memory between steps, the weights and gradients copied in and the weights copied out. In the ECG5000
// main job's fit (23,388 weights, 4,650 steps) the JS loop took ~1.1 s of ~7.5 s (issue 22).
//
// Arithmetic: tf.train.adam's update in float32, each operation rounded as WebAssembly rounds it:
//   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  w ← w − (s·m) / (√(v·c) + ε)
// with s = lr / (1 − β1^t) and c = 1 / (1 − β2^t) rounded to float32. {@link jsAdamUpdate} computes the same
// operations with Math.fround (a float64 +, −, ×, ÷ or √ of float32 operands rounded to float32 is the float32
// operation's result), so the fallback gives the same bits where SIMD cannot compile.
//
// Subnormals: WebAssembly has no flush-to-zero, and an x86 core takes ~100 cycles for each float32 operation
// that reads or yields a subnormal. Gradients of 1e-20 (common: units a sigmoid saturates) square to one, and
// the kernel ran at 14.5 ns a weight instead of 1.0. So gradients below 2^-56 in magnitude count as zero, and
// moments below 2^-100 are stored as zero: neither moves a weight by more than ~1e-14 (ε = 1e-7 bounds the
// step's denominator from below), and every product of the update then stays normal.
import { I32, OP, V128, VOID, name, section, sleb, uleb } from '../matmul/_wasm-bytes'

export const ADAM_BETA1 = Math.fround(0.9)
export const ADAM_BETA2 = Math.fround(0.999)
// tfjs's backend epsilon for float32.
export const ADAM_EPSILON = Math.fround(1e-7)
const ONE_MINUS_BETA1 = Math.fround(1 - ADAM_BETA1)
const ONE_MINUS_BETA2 = Math.fround(1 - ADAM_BETA2)
const TINY_GRADIENT = 2 ** -56
const TINY_MOMENT = 2 ** -100

const F32 = 0x7d
const OPS = { block: 0x02, i32Eqz: 0x45, f32Const: 0x43, i32Shl: 0x74 } as const
const S = { v128Load: 0x00, v128Store: 0x0b, v128AndNot: 0x4f, f32x4Lt: 0x43, f32x4Abs: 0xe0, f32x4Splat: 0x13, f32x4Sqrt: 0xe3, f32x4Add: 0xe4, f32x4Sub: 0xe5, f32x4Mul: 0xe6, f32x4Div: 0xe7 } as const

// Parameters w, g, m, v (byte addresses), n4 (groups of four), s, c; then i32 i, end; then v128 locals.
const [W, G, M, V, N4, SCALE, INV] = [0, 1, 2, 3, 4, 5, 6]
const [I, END] = [7, 8]
const [B1, OB1, B2, OB2, SV, CV, EV, GV, MV, VV, TG, TM] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]

function f32Bytes(value: number): number[] {
  return Array.from(new Uint8Array(Float32Array.of(value).buffer))
}

function adamBody(): number[] {
  const get = (i: number): number[] => [OP.localGet, ...uleb(i)]
  const set = (i: number): number[] => [OP.localSet, ...uleb(i)]
  const simd = (op: number): number[] => [OP.simd, ...uleb(op)]
  const mem = [4, 0] // align 2^4, offset 0
  const addr = (base: number): number[] => [...get(base), ...get(I), OP.i32Add]
  const splat = (value: number): number[] => [OPS.f32Const, ...f32Bytes(value), ...simd(S.f32x4Splat)]
  const code: number[] = []
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p)
  }
  emit(splat(ADAM_BETA1), set(B1), splat(ONE_MINUS_BETA1), set(OB1), splat(ADAM_BETA2), set(B2), splat(ONE_MINUS_BETA2), set(OB2))
  emit(splat(TINY_GRADIENT), set(TG), splat(TINY_MOMENT), set(TM))
  emit(splat(ADAM_EPSILON), set(EV), get(SCALE), simd(S.f32x4Splat), set(SV), get(INV), simd(S.f32x4Splat), set(CV))
  // end = n4 << 4 (bytes); i = 0; nothing to do when n4 = 0.
  emit(get(N4), [OP.i32Const, ...sleb(4)], [OPS.i32Shl], set(END), [OP.i32Const, 0], set(I))
  emit([OPS.block, VOID], get(N4), [OPS.i32Eqz], [OP.brIf, 0], [OP.loop, VOID])
  // x with the lanes where |x| < t zeroed (x & ~(|x| < t): a NaN stays NaN, as in the JS twin).
  const flush = (x: number, t: number): number[] => [...get(x), ...get(x), ...simd(S.f32x4Abs), ...get(t), ...simd(S.f32x4Lt), ...simd(S.v128AndNot), ...set(x)]
  // g (tiny ones zero); m = β1·m + (1 − β1)·g and v = β2·v + (1 − β2)·g·g, tiny ones zero, stored.
  emit(addr(G), simd(S.v128Load), mem, set(GV), flush(GV, TG))
  emit(get(B1), addr(M), simd(S.v128Load), mem, simd(S.f32x4Mul), get(OB1), get(GV), simd(S.f32x4Mul), simd(S.f32x4Add), set(MV), flush(MV, TM))
  emit(addr(M), get(MV), simd(S.v128Store), mem)
  emit(get(B2), addr(V), simd(S.v128Load), mem, simd(S.f32x4Mul), get(OB2), get(GV), simd(S.f32x4Mul), get(GV), simd(S.f32x4Mul), simd(S.f32x4Add), set(VV), flush(VV, TM))
  emit(addr(V), get(VV), simd(S.v128Store), mem)
  // w = w − (s·m) / (√(v·c) + ε), stored.
  emit(addr(W), addr(W), simd(S.v128Load), mem, get(SV), get(MV), simd(S.f32x4Mul), get(VV), get(CV), simd(S.f32x4Mul), simd(S.f32x4Sqrt), get(EV), simd(S.f32x4Add), simd(S.f32x4Div), simd(S.f32x4Sub), simd(S.v128Store), mem)
  // i += 16, again while i < end.
  emit(get(I), [OP.i32Const, 16], [OP.i32Add], [OP.localTee, ...uleb(I)], get(END), [OP.i32LtU], [OP.brIf, 0])
  emit([OP.end], [OP.end], [OP.end])
  const locals = [2, 2, I32, 12, V128]
  return [...uleb(locals.length + code.length), ...locals, ...code]
}

/** The module's bytes: one memory (exported as `memory`) and `adam(w, g, m, v, n4, s, c)`. */
export function simdAdamModuleBytes(): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 7, I32, I32, I32, I32, I32, F32, F32, 0])
  const functions = section(3, [1, 0])
  const memory = section(5, [1, 0, 1])
  const exports = section(7, [2, ...name('adam'), 0, 0, ...name('memory'), 2, 0])
  const code = section(10, [1, ...adamBody()])
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...functions, ...memory, ...exports, ...code])
}

/** The same update in JS, operation for operation (the reference of the tests and the fallback without SIMD). */
export function jsAdamUpdate(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, scale: number, inverseC2: number): void {
  const f = Math.fround
  const s = f(scale)
  const c = f(inverseC2)
  const flush = (x: number, t: number): number => (Math.abs(x) < t ? 0 : x)
  for (let i = 0; i < w.length; i++) {
    const gi = flush(g[i], TINY_GRADIENT)
    const mi = (m[i] = flush(f(f(ADAM_BETA1 * m[i]) + f(ONE_MINUS_BETA1 * gi)), TINY_MOMENT))
    const vi = (v[i] = flush(f(f(ADAM_BETA2 * v[i]) + f(f(ONE_MINUS_BETA2 * gi) * gi)), TINY_MOMENT))
    w[i] = f(w[i] - f(f(s * mi) / f(f(Math.sqrt(f(vi * c))) + ADAM_EPSILON)))
  }
}

let compiled: WebAssembly.Module | null | undefined

function compile(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = simdAdamModuleBytes()
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null
    } catch {
      compiled = null // no SIMD, or WebAssembly blocked by a CSP without 'wasm-unsafe-eval'
    }
  }
  return compiled
}

/** Adam over named Float32Array weights, the moments and the β powers held by the optimiser. */
export interface AdamUpdater<K extends string> {
  /** One step of tf.train.adam(learningRate) with every array of `grads` applied to `params` in place. */
  step(params: Record<K, Float32Array>, grads: Record<K, Float32Array>): void
  /** 'simd' when the WebAssembly kernel runs, 'js' for the fallback. */
  readonly path: 'simd' | 'js'
}

/**
 * tf.train.adam(learningRate) (β1 0.9, β2 0.999, ε 1e-7) over Float32Arrays: the SIMD kernel where WebAssembly
 * SIMD compiles, else the JS loop; both give the same bits. The β powers are kept in float32 as tfjs keeps them in
 * scalar variables. The first step fixes the keys and sizes (the moments' layout); a later step with other keys or
 * sizes throws.
 */
export function createAdamUpdater<K extends string>(learningRate: number): AdamUpdater<K> {
  let accBeta1 = ADAM_BETA1
  let accBeta2 = ADAM_BETA2
  // This step's lr / (1 − β1^t) and 1 / (1 − β2^t); then the powers move on.
  const factors = (): [number, number] => {
    const out: [number, number] = [learningRate / Math.fround(1 - accBeta1), 1 / Math.fround(1 - accBeta2)]
    accBeta1 = Math.fround(accBeta1 * ADAM_BETA1)
    accBeta2 = Math.fround(accBeta2 * ADAM_BETA2)
    return out
  }
  const module = compile()
  if (module === null) {
    const moments = new Map<K, { m: Float32Array; v: Float32Array }>()
    return {
      path: 'js',
      step(params, grads) {
        const [scale, inverseC2] = factors()
        for (const key of Object.keys(params) as K[]) {
          let mv = moments.get(key)
          if (mv === undefined) moments.set(key, (mv = { m: new Float32Array(params[key].length), v: new Float32Array(params[key].length) }))
          jsAdamUpdate(params[key], grads[key], mv.m, mv.v, scale, inverseC2)
        }
      },
    }
  }
  const instance = new WebAssembly.Instance(module, {}).exports as { memory: WebAssembly.Memory; adam: (w: number, g: number, m: number, v: number, n4: number, s: number, c: number) => void }
  let layout: { keys: K[]; offsets: number[]; lengths: number[]; total: number; w: Float32Array; g: Float32Array } | undefined
  return {
    path: 'simd',
    step(params, grads) {
      const keys = Object.keys(params) as K[]
      if (layout === undefined) {
        // Each array starts on a 16-byte boundary; the padding lanes hold zeros and stay zero (g = 0 moves nothing).
        const offsets: number[] = []
        let total = 0
        for (const key of keys) {
          offsets.push(total)
          total += Math.ceil(params[key].length / 4) * 4
        }
        const pages = Math.ceil((4 * total * 4) / 65536) - instance.memory.buffer.byteLength / 65536
        if (pages > 0) instance.memory.grow(pages)
        // The memory never grows again, so the views taken after growing stay valid.
        const w = new Float32Array(instance.memory.buffer, 0, total)
        const g = new Float32Array(instance.memory.buffer, 4 * total, total)
        layout = { keys, offsets, lengths: keys.map((k) => params[k].length), total, w, g }
      }
      const { offsets, lengths, total, w, g } = layout
      if (keys.length !== layout.keys.length || keys.some((k, i) => k !== layout?.keys[i] || params[k].length !== lengths[i])) {
        throw new Error('createAdamUpdater: step() was given other weight arrays than its first step; create one updater per model.')
      }
      keys.forEach((key, i) => {
        w.set(params[key], offsets[i])
        g.set(grads[key], offsets[i])
      })
      const [scale, inverseC2] = factors()
      instance.adam(0, 4 * total, 8 * total, 12 * total, total / 4, scale, inverseC2)
      keys.forEach((key, i) => params[key].set(w.subarray(offsets[i], offsets[i] + lengths[i])))
    },
  }
}

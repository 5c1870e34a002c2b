// A stride-1 convolution to ONE output channel (an autoencoder's reconstruction layer, [n, h, w, c] * [fh, fw,
// c, 1]) and both its gradients as float32 WebAssembly SIMD loops over rows of a zero-padded image, in any memory
// the module imports (the wasm backend's heap: no copy in or out of it). Per output row of an image, in bytes:
//   fwd:  out[t] = Σ_a Σ_v x[t·ldx + a·ldr + 16v] · w[(a·k4 + v)·16]           (4 lanes, then their sum)
//   grad: out[(a·k4 + v)·16] += Σ_t x[t·ldx + a·ldr + 16v] · d[4t]             (the filter gradient)
//   bwd:  out[t·c4·16 + 16v] = Σ_a Σ_q d[4t + a·ldr + 4q] · w[((fh−1−a)·fw + fw−1−q)·c4·16 + 16v]
// where a tap row's fw pixels of c channels are k4 = fw·c / 4 contiguous vectors, so one output is fh runs of
// contiguous vectors. Each loop keeps four independent f32x4 sums (four outputs of fwd, four vectors of grad
// and bwd) so the adds do not wait on each other. XNNPACK pads one output channel to eight and the gradients
// ran as reshaped convolutions: on the Conv2D AE's 16 → 1 layer at batch 64 they took 3.3 ms (forward),
// 7.3 ms (filter gradient) and 2.1 ms (input gradient) a call.
import { I32, OP } from '../matmul/_wasm-bytes'
import { compiledOnce, countDown, get, i32, moduleBytes, perMemory, S, set, simd, type Code, type Fn } from '../elementwise/_simd-code'

const F32_ADD = 0x92
const F32_STORE = 0x38
const EXTRACT_LANE = 0x1f
const LOAD32_SPLAT = 0x09

const add = (a: number, b: Code): Code => [...get(a), ...b, OP.i32Add, ...set(a)]
const sub = (a: number, b: Code): Code => [...get(a), ...b, OP.i32Sub, ...set(a)]
const zero = (v: number): Code => [...i32(0), ...simd(S.i32x4Splat), ...set(v)]
const vload = (address: Code, offset = 0): Code => [...address, ...simd(S.v128Load), 4, offset]
const vstore = (address: Code, offset: number, value: Code): Code => [...address, ...value, ...simd(S.v128Store), 4, offset]
// acc += x · y
const mac = (acc: number, x: Code, y: Code): Code => [...get(acc), ...x, ...y, ...simd(S.f32x4Mul), ...simd(S.f32x4Add), ...set(acc)]
const lane = (v: number, l: number): Code => [...get(v), ...simd(EXTRACT_LANE), l]
const hsum = (v: number): Code => [...lane(v, 0), ...lane(v, 1), F32_ADD, ...lane(v, 2), ...lane(v, 3), F32_ADD, F32_ADD]

// fwd(x, ldx, w, out, m, fh, ldr, k4). i32 locals 8-17, v128 18-22.
function fwd(): Fn {
  const [X, LDX, W, OUT, M, FH, LDR, K4] = [0, 1, 2, 3, 4, 5, 6, 7]
  const [COUNT, T, PW, ROW, P, LDX2, LDX3, TAPS, VECS, PX] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
  const [ACC, WV] = [18, 22]
  // `rows` outputs (4 or 1) from x at PX into OUT.
  const block = (rows: number): Code => {
    const strides = [[], [...get(LDX)], [...get(LDX2)], [...get(LDX3)]]
    const taps = [
      ...get(W), ...set(PW), ...get(PX), ...set(ROW),
      ...countDown(FH, TAPS, [
        ...get(ROW), ...set(P),
        ...countDown(K4, VECS, [
          ...vload(get(PW)), ...set(WV),
          ...Array.from({ length: rows }, (_, r) => mac(ACC + r, vload([...get(P), ...(r === 0 ? [] : [...strides[r], OP.i32Add])]), get(WV))).flat(),
          ...add(P, i32(16)), ...add(PW, i32(16)),
        ]),
        ...add(ROW, get(LDR)),
      ]),
    ]
    const stores = Array.from({ length: rows }, (_, r) => [...get(OUT), ...hsum(ACC + r), F32_STORE, 2, 4 * r]).flat()
    return [
      ...Array.from({ length: rows }, (_, r) => zero(ACC + r)).flat(),
      ...taps, ...stores,
      ...add(OUT, i32(4 * rows)), ...add(PX, rows === 1 ? get(LDX) : [...get(LDX), ...i32(2), 0x74 /* i32.shl */]),
    ]
  }
  const code = [
    ...get(LDX), ...get(LDX), OP.i32Add, ...set(LDX2), ...get(LDX2), ...get(LDX), OP.i32Add, ...set(LDX3),
    ...get(X), ...set(PX),
    ...get(M), ...i32(2), 0x76 /* i32.shr_u */, ...set(COUNT), ...countDown(COUNT, T, block(4)),
    ...get(M), ...i32(3), 0x71 /* i32.and */, ...set(COUNT), ...countDown(COUNT, T, block(1)),
  ]
  return { params: Array(8).fill(I32), i32Locals: 10, v128Locals: 5, code }
}

// grad(x, ldx, d, out, m, fh, ldr, k4). i32 locals 8-16, v128 17-21.
function grad(): Fn {
  const [X, LDX, D, OUT, M, FH, LDR, K4] = [0, 1, 2, 3, 4, 5, 6, 7]
  const [PA, PO, PG, G, TAPS, P, PD, T, N] = [8, 9, 10, 11, 12, 13, 14, 15, 16]
  const [ACC, SPLAT] = [17, 21]
  // One group of `vectors` (4 or 1) sums over every t, starting from the output.
  const group = (vectors: number): Code => [
    ...Array.from({ length: vectors }, (_, v) => [...vload([...get(PO), ...get(PG), OP.i32Add], 16 * v), ...set(ACC + v)]).flat(),
    ...get(PA), ...get(PG), OP.i32Add, ...set(P), ...get(D), ...set(PD),
    ...countDown(M, T, [
      ...get(PD), ...simd(LOAD32_SPLAT), 2, 0, ...set(SPLAT),
      ...Array.from({ length: vectors }, (_, v) => mac(ACC + v, vload(get(P), 16 * v), get(SPLAT))).flat(),
      ...add(P, get(LDX)), ...add(PD, i32(4)),
    ]),
    ...Array.from({ length: vectors }, (_, v) => vstore([...get(PO), ...get(PG), OP.i32Add], 16 * v, get(ACC + v))).flat(),
    ...add(PG, i32(16 * vectors)),
  ]
  const code = [
    ...get(X), ...set(PA), ...get(OUT), ...set(PO),
    ...countDown(FH, TAPS, [
      ...i32(0), ...set(PG),
      ...get(K4), ...i32(2), 0x76, ...set(N), ...countDown(N, G, group(4)),
      ...get(K4), ...i32(3), 0x71, ...set(N), ...countDown(N, G, group(1)),
      ...add(PA, get(LDR)), ...add(PO, [...get(K4), ...i32(4), 0x74]),
    ]),
  ]
  return { params: Array(8).fill(I32), i32Locals: 9, v128Locals: 5, code }
}

// bwd(d, w, out, m, fh, ldr, fw, c4). i32 locals 8-20, v128 21-25.
function bwd(): Fn {
  const [D, W, OUT, M, FH, LDR, FW, C4] = [0, 1, 2, 3, 4, 5, 6, 7]
  const [PG, N, G, PD, PO, T, PW, ROW, P, TAPS, COLS, LAST, STEP] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
  const [ACC, SPLAT] = [21, 25]
  // One group of `vectors` (4 or 1) of every output row, the filter read from its last tap backwards.
  const group = (vectors: number): Code => [
    ...get(D), ...set(PD), ...get(OUT), ...get(PG), OP.i32Add, ...set(PO),
    ...countDown(M, T, [
      ...Array.from({ length: vectors }, (_, v) => zero(ACC + v)).flat(),
      ...get(LAST), ...get(PG), OP.i32Add, ...set(PW), ...get(PD), ...set(ROW),
      ...countDown(FH, TAPS, [
        ...get(ROW), ...set(P),
        ...countDown(FW, COLS, [
          ...get(P), ...simd(LOAD32_SPLAT), 2, 0, ...set(SPLAT),
          ...Array.from({ length: vectors }, (_, v) => mac(ACC + v, vload(get(PW), 16 * v), get(SPLAT))).flat(),
          ...add(P, i32(4)), ...sub(PW, get(STEP)),
        ]),
        ...add(ROW, get(LDR)),
      ]),
      ...Array.from({ length: vectors }, (_, v) => vstore(get(PO), 16 * v, get(ACC + v))).flat(),
      ...add(PO, get(STEP)), ...add(PD, i32(4)),
    ]),
    ...add(PG, i32(16 * vectors)),
  ]
  const code = [
    // step = c4·16 bytes (one tap, one output pixel); last = w + (fh·fw − 1)·step.
    ...get(C4), ...i32(4), 0x74, ...set(STEP),
    ...get(W), ...get(FH), ...get(FW), OP.i32Mul, ...i32(1), OP.i32Sub, ...get(STEP), OP.i32Mul, OP.i32Add, ...set(LAST),
    ...i32(0), ...set(PG),
    ...get(C4), ...i32(2), 0x76, ...set(N), ...countDown(N, G, group(4)),
    ...get(C4), ...i32(3), 0x71, ...set(N), ...countDown(N, G, group(1)),
  ]
  return { params: Array(8).fill(I32), i32Locals: 13, v128Locals: 5, code }
}

/** The module's bytes: `fwd`, `grad` and `bwd` over an imported memory `env.memory`. */
export function simdOneChannelConvModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    [
      ['fwd', fwd],
      ['grad', grad],
      ['bwd', bwd],
    ],
    { importMemory: true },
  )
}

/** Row loops of a one-output-channel convolution; offsets and strides in floats of the memory. */
export interface OneChannelConv {
  /** out[t] = Σ_{a < fh} Σ_{u < k} x[t·ldx + a·ldr + u] · w[a·k + u] for t < m (k = fw · channels, a multiple of 4). */
  forward(p: { x: number; ldx: number; w: number; out: number; m: number; fh: number; ldr: number; k: number }): void
  /** out[a·k + u] += Σ_{t < m} x[t·ldx + a·ldr + u] · d[t] for a < fh, u < k. */
  filterGradient(p: { x: number; ldx: number; d: number; out: number; m: number; fh: number; ldr: number; k: number }): void
  /** out[t·c + ci] = Σ_{a < fh} Σ_{q < fw} d[t + a·ldr + q] · w[((fh−1−a)·fw + fw−1−q)·c + ci] for t < m, ci < c (a multiple of 4). */
  inputGradient(p: { d: number; w: number; out: number; m: number; fh: number; ldr: number; fw: number; c: number }): void
}

interface Exports {
  fwd: (...args: number[]) => void
  grad: (...args: number[]) => void
  bwd: (...args: number[]) => void
}

function multipleOf4(value: number, what: string): void {
  if (value % 4 !== 0 || value < 4) throw new RangeError(`one-channel conv: ${what} ${value} must be a positive multiple of 4.`)
}

/**
 * The loops over `memory`, or `undefined` where WebAssembly SIMD cannot compile or the memory cannot be
 * imported (a shared memory: the multi-threaded wasm backend). One instance per memory, kept.
 */
export const oneChannelConv: (memory: WebAssembly.Memory) => OneChannelConv | undefined = perMemory(
  compiledOnce(simdOneChannelConvModuleBytes),
  (wasm: Exports): OneChannelConv => ({
    forward(p) {
      multipleOf4(p.k, 'k')
      if (p.m > 0) wasm.fwd(4 * p.x, 4 * p.ldx, 4 * p.w, 4 * p.out, p.m, p.fh, 4 * p.ldr, p.k / 4)
    },
    filterGradient(p) {
      multipleOf4(p.k, 'k')
      if (p.m > 0) wasm.grad(4 * p.x, 4 * p.ldx, 4 * p.d, 4 * p.out, p.m, p.fh, 4 * p.ldr, p.k / 4)
    },
    inputGradient(p) {
      multipleOf4(p.c, 'c')
      if (p.m > 0) wasm.bwd(4 * p.d, 4 * p.w, 4 * p.out, p.m, p.fh, 4 * p.ldr, p.fw, p.c / 4)
    },
  }),
)

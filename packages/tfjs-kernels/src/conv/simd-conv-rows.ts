// Convolutions to a multiple of 4 output channels as float32 WebAssembly SIMD loops over rows of a zero-padded
// image, in any memory the module imports (the wasm backend's heap). Per output row of an image, in bytes:
//   rows:   out[t·ldo + 16v] = Σ_a Σ_u x[t·ldx + a·ldr + 4u] · w[(a·k + u)·ldw + 16v]       (a convolution)
//   filter: out[(a·k + u)·ldw + 16v] += Σ_t x[t·ldx + a·ldr + 4u] · d[t·ldd + 16v]         (its filter gradient)
// where a tap row's fw pixels of c channels are k = fw·c contiguous floats. `rows` works in blocks of 4 outputs ×
// 8 channels (each input value splatted, eight f32x4 sums), `filter` in blocks of 4 filter rows × 8 channels
// (four consecutive x values, each lane splatted). XNNPACK runs these layers of the Conv2D AE at 1.6–16
// GFLOP/s (its filter-gradient compositions and the transposed convolutions' sub-pixel phases waste most of
// their lanes on 1- and 8-channel operands); see KERNELS.md for the layers measured.
import { I32, OP } from '../matmul/_wasm-bytes'
import { compiledOnce, countDown, get, i32, moduleBytes, perMemory, S, set, simd, type Code, type Fn } from '../elementwise/_simd-code'

const LOAD32_SPLAT = 0x09
const SHL = 0x74
const SHR_U = 0x76
const AND = 0x71

const add = (a: number, b: Code): Code => [...get(a), ...b, OP.i32Add, ...set(a)]
const sum = (a: Code, b: Code): Code => [...a, ...b, OP.i32Add]
const zero = (v: number): Code => [...i32(0), ...simd(S.i32x4Splat), ...set(v)]
const vload = (address: Code, offset = 0): Code => [...address, ...simd(S.v128Load), 4, offset]
const vstore = (address: Code, offset: number, value: Code): Code => [...address, ...value, ...simd(S.v128Store), 4, offset]
const mac = (acc: number, x: Code, y: Code): Code => [...get(acc), ...x, ...y, ...simd(S.f32x4Mul), ...simd(S.f32x4Add), ...set(acc)]
const laneSplat = (lane: number): Code => [...simd(S.i8x16Shuffle), ...Array.from({ length: 16 }, (_, i) => lane * 4 + (i % 4))]
// r · stride from locals holding stride, 2·stride, 3·stride (r = 0 adds nothing).
const times = (r: number, multiples: [number, number, number]): Code => (r === 0 ? [] : [...get(multiples[r - 1]), OP.i32Add])

// rows(x, ldx, w, ldw, out, ldo, m, fh, ldr, k, n4). i32 locals 11-27, v128 28-41.
function rows(): Fn {
  const [X, LDX, W, LDW, OUT, LDO, M, FH, LDR, K, N4] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  const [LDX2, LDX3, LDO2, LDO3, G, COUNT, T, PX, PO, PW, ROW, P, TAPS, U, GROUPS, PG, WROW] = Array.from({ length: 17 }, (_, i) => 11 + i)
  const ACC = 28 // acc[r·2 + v]
  const [W0, W1, XS] = [36, 37, 38]
  const block = (r4: number, v2: number): Code => {
    const accs = (f: (r: number, v: number) => Code): Code => Array.from({ length: r4 }, (_, r) => Array.from({ length: v2 }, (_, v) => f(r, v)).flat()).flat()
    return [
      ...accs((r, v) => zero(ACC + r * 2 + v)),
      ...get(PG), ...set(PW), ...get(PX), ...set(ROW),
      ...countDown(FH, TAPS, [
        ...get(ROW), ...set(P),
        ...countDown(K, U, [
          ...Array.from({ length: v2 }, (_, v) => [...vload(get(PW), 16 * v), ...set(W0 + v)]).flat(),
          ...Array.from({ length: r4 }, (_, r) => [
            ...get(P), ...times(r, [LDX, LDX2, LDX3]), ...simd(LOAD32_SPLAT), 2, 0, ...set(XS),
            ...Array.from({ length: v2 }, (_, v) => mac(ACC + r * 2 + v, get(XS), get(W0 + v))).flat(),
          ]).flat(),
          ...add(P, i32(4)), ...add(PW, get(LDW)),
        ]),
        ...add(ROW, get(LDR)),
      ]),
      ...accs((r, v) => vstore([...get(PO), ...times(r, [LDO, LDO2, LDO3])], 16 * v, get(ACC + r * 2 + v))),
      ...add(PO, r4 === 4 ? [...get(LDO), ...i32(2), SHL] : get(LDO)), ...add(PX, r4 === 4 ? [...get(LDX), ...i32(2), SHL] : get(LDX)),
    ]
  }
  // One group of v2 (2 or 1) vectors of columns over every output.
  const group = (v2: number): Code => [
    ...get(X), ...set(PX), ...get(OUT), ...get(G), OP.i32Add, ...set(PO), ...get(W), ...get(G), OP.i32Add, ...set(PG),
    ...get(M), ...i32(2), SHR_U, ...set(COUNT), ...countDown(COUNT, T, block(4, v2)),
    ...get(M), ...i32(3), AND, ...set(COUNT), ...countDown(COUNT, T, block(1, v2)),
    ...add(G, i32(16 * v2)),
  ]
  const code = [
    ...sum(get(LDX), get(LDX)), ...set(LDX2), ...sum(get(LDX2), get(LDX)), ...set(LDX3),
    ...sum(get(LDO), get(LDO)), ...set(LDO2), ...sum(get(LDO2), get(LDO)), ...set(LDO3),
    ...i32(0), ...set(G),
    ...get(N4), ...i32(1), SHR_U, ...set(GROUPS), ...countDown(GROUPS, WROW, group(2)),
    ...get(N4), ...i32(1), AND, ...set(GROUPS), ...countDown(GROUPS, WROW, group(1)),
  ]
  return { params: Array(11).fill(I32), i32Locals: 17, v128Locals: 14, code }
}

// filter(x, ldx, d, ldd, out, ldw, m, fh, ldr, k, n4). i32 locals 11-27, v128 28-39.
function filter(): Fn {
  const [X, LDX, D, LDD, OUT, LDW, M, FH, LDR, K, N4] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  // Loop counts and counters (taps, blocks of filter rows, column groups, outputs), then pointers.
  const [LDW2, LDW3, TAPS, BLOCKS, UB, GROUPS, GC, TC, PA, POA, P, PO, G, XP, DP] = Array.from({ length: 15 }, (_, i) => 11 + i)
  const ACC = 28 // acc[r·2 + v]
  const [D0, XV, XS] = [36, 38, 39]
  // Filter rows u..u+r4−1 (PO their first output row, P their first x value) × the v2 vectors of columns at G.
  const block = (r4: number, v2: number): Code => {
    const accs = (f: (r: number, v: number) => Code): Code => Array.from({ length: r4 }, (_, r) => Array.from({ length: v2 }, (_, v) => f(r, v)).flat()).flat()
    const out = (r: number): Code => [...get(PO), ...times(r, [LDW, LDW2, LDW3]), ...get(G), OP.i32Add]
    const macs = (r: number): Code => Array.from({ length: v2 }, (_, v) => mac(ACC + r * 2 + v, get(XS), get(D0 + v))).flat()
    // Four consecutive x values, each lane splatted in turn; or one value splatted.
    const products = r4 === 4
      ? [...vload(get(XP)), ...set(XV), ...Array.from({ length: 4 }, (_, r) => [...get(XV), ...get(XV), ...laneSplat(r), ...set(XS), ...macs(r)]).flat()]
      : [...get(XP), ...simd(LOAD32_SPLAT), 2, 0, ...set(XS), ...macs(0)]
    return [
      ...accs((r, v) => [...vload(out(r), 16 * v), ...set(ACC + r * 2 + v)]),
      ...get(P), ...set(XP), ...get(D), ...get(G), OP.i32Add, ...set(DP),
      ...countDown(M, TC, [
        ...Array.from({ length: v2 }, (_, v) => [...vload(get(DP), 16 * v), ...set(D0 + v)]).flat(),
        ...products,
        ...add(XP, get(LDX)), ...add(DP, get(LDD)),
      ]),
      ...accs((r, v) => vstore(out(r), 16 * v, get(ACC + r * 2 + v))),
    ]
  }
  // Every column group for filter rows u..u+r4−1, then on to the next rows.
  const rowsBlock = (r4: number): Code => [
    ...i32(0), ...set(G),
    ...get(N4), ...i32(1), SHR_U, ...set(GROUPS), ...countDown(GROUPS, GC, [...block(r4, 2), ...add(G, i32(32))]),
    ...get(N4), ...i32(1), AND, ...set(GROUPS), ...countDown(GROUPS, GC, [...block(r4, 1), ...add(G, i32(16))]),
    ...add(P, i32(4 * r4)), ...add(PO, r4 === 4 ? [...get(LDW), ...i32(2), SHL] : get(LDW)),
  ]
  const code = [
    ...sum(get(LDW), get(LDW)), ...set(LDW2), ...sum(get(LDW2), get(LDW)), ...set(LDW3),
    ...get(X), ...set(PA), ...get(OUT), ...set(POA),
    ...countDown(FH, TAPS, [
      ...get(PA), ...set(P), ...get(POA), ...set(PO),
      ...get(K), ...i32(2), SHR_U, ...set(BLOCKS), ...countDown(BLOCKS, UB, rowsBlock(4)),
      ...get(K), ...i32(3), AND, ...set(BLOCKS), ...countDown(BLOCKS, UB, rowsBlock(1)),
      ...add(PA, get(LDR)), ...add(POA, [...get(K), ...get(LDW), OP.i32Mul]),
    ]),
  ]
  return { params: Array(11).fill(I32), i32Locals: 17, v128Locals: 12, code }
}

/** The module's bytes: `rows` and `filter` over an imported memory `env.memory`. */
export function simdConvRowsModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    [
      ['rows', rows],
      ['filter', filter],
    ],
    { importMemory: true },
  )
}

/** Row loops of a convolution to n channels (a multiple of 4); offsets and strides in floats of the memory. */
export interface ConvRows {
  /** out[t·ldo + j] = Σ_{a < fh} Σ_{u < k} x[t·ldx + a·ldr + u] · w[(a·k + u)·ldw + j] for t < m, j < n. */
  rows(p: { x: number; ldx: number; w: number; ldw: number; out: number; ldo: number; m: number; fh: number; ldr: number; k: number; n: number }): void
  /** out[(a·k + u)·ldw + j] += Σ_{t < m} x[t·ldx + a·ldr + u] · d[t·ldd + j] for a < fh, u < k, j < n. */
  filter(p: { x: number; ldx: number; d: number; ldd: number; out: number; ldw: number; m: number; fh: number; ldr: number; k: number; n: number }): void
}

interface Exports {
  rows: (...args: number[]) => void
  filter: (...args: number[]) => void
}

function checkColumns(n: number): void {
  if (n % 4 !== 0 || n < 4) throw new RangeError(`conv rows: n ${n} must be a positive multiple of 4.`)
}

/**
 * The loops over `memory`, or `undefined` where WebAssembly SIMD cannot compile or the memory cannot be
 * imported (a shared memory: the multi-threaded wasm backend). One instance per memory, kept.
 */
export const convRows: (memory: WebAssembly.Memory) => ConvRows | undefined = perMemory(
  compiledOnce(simdConvRowsModuleBytes),
  (wasm: Exports): ConvRows => ({
    rows(p) {
      checkColumns(p.n)
      if (p.m > 0 && p.k > 0) wasm.rows(4 * p.x, 4 * p.ldx, 4 * p.w, 4 * p.ldw, 4 * p.out, 4 * p.ldo, p.m, p.fh, 4 * p.ldr, p.k, p.n / 4)
    },
    filter(p) {
      checkColumns(p.n)
      if (p.m > 0 && p.k > 0) wasm.filter(4 * p.x, 4 * p.ldx, 4 * p.d, 4 * p.ldd, 4 * p.out, 4 * p.ldw, p.m, p.fh, 4 * p.ldr, p.k, p.n / 4)
    },
  }),
)

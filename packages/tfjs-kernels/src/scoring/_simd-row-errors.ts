// Per-row reconstruction errors in WebAssembly SIMD, float64 like the JS sums they replace (reconstruction-errors.ts
// of @aedetect/models): each row's squared (or absolute) differences summed in four float64 partial sums s0…s3
// over values 4j…4j + 3, the last size % 4 values into s0, then (s0 + s1) + (s2 + s3) ÷ size (√ for rmse), stored
// as float32. The same operations in the same order as the JS loop, so the same bits; as JS loops they ran at
// ~1.4 ns a value, ~15 % of fused wasm scoring (issue 22).
import { I32, OP, VOID, uleb } from '../matmul/_wasm-bytes'
import { OPS, at, countDown, get, i32, loop, set, simd, tee, type Code, type Fn } from '../elementwise/_simd-code'

const SIMD = { v128Const: 0x0c, load64Zero: 0x5d, f64x2ExtractLane: 0x21, f64x2PromoteLowF32x4: 0x5f, f64x2Abs: 0xec, f64x2Add: 0xf0, f64x2Sub: 0xf1, f64x2Mul: 0xf2 } as const
const SCALAR = { br: 0x0c, select: 0x1b, i32GeU: 0x4f, i32Shl: 0x74, i32ShrU: 0x76, f32Load: 0x2a, f32Store: 0x38, f64Abs: 0x99, f64Sqrt: 0x9f, f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Div: 0xa3, f32DemoteF64: 0xb6, f64ConvertI32U: 0xb8, f64PromoteF32: 0xbb } as const

/** Which error a row-errors function sums. */
export type RowErrorKind = 'squared' | 'absolute'

/**
 * `squaredErrors(y, yStride, x, out, rows, size, root)` or `absoluteErrors(y, yStride, x, out, rows, size, root)`:
 * out[r] = mean over j < size of (y[r, j] − x[r, j])² (or |…|), its square root when root ≠ 0. y rows are
 * `yStride` bytes apart, x rows `size` values (packed); byte addresses; float32 in, float32 out.
 */
export function rowErrorsFn(kind: RowErrorKind): Fn {
  const [Y, Y_STRIDE, X, OUT, ROWS, SIZE, ROOT] = [0, 1, 2, 3, 4, 5, 6]
  const [ROW, O, END, SIZE4, SIZE_BYTES, J] = [7, 8, 9, 10, 11, 12]
  const [A01, A23, D] = [13, 14, 15]
  const [S0, DS, M] = [16, 17, 18]
  const v = (op: number): Code => simd(op)
  // Two float32 values at address + offset promoted to an f64x2.
  const pair = (address: Code, offset: number): Code => [...address, ...v(SIMD.load64Zero), 3, ...uleb(offset), ...v(SIMD.f64x2PromoteLowF32x4)]
  const term = kind === 'squared' ? [...tee(D), ...get(D), ...v(SIMD.f64x2Mul)] : v(SIMD.f64x2Abs)
  // acc += term(y − x) over the two values at offset (0: s0, s1; 8: s2, s3).
  const half = (acc: number, offset: number): Code => [...get(acc), ...pair(at(Y, O), offset), ...pair(at(X, O), offset), ...v(SIMD.f64x2Sub), ...term, ...v(SIMD.f64x2Add), ...set(acc)]
  const zero = [...v(SIMD.v128Const), ...new Array<number>(16).fill(0)]
  // The last size % 4 values into s0: for (j = end; j < sizeBytes; j += 4) s0 += term(y[j] − x[j]).
  const f32At = (base: number): Code => [...get(base), ...get(J), OP.i32Add, SCALAR.f32Load, 2, 0, SCALAR.f64PromoteF32]
  const difference = [...f32At(Y), ...f32At(X), SCALAR.f64Sub]
  const scalarTerm = kind === 'squared' ? [...difference, ...tee(DS), ...get(DS), SCALAR.f64Mul] : [...difference, SCALAR.f64Abs]
  const tail = [
    ...get(END), ...set(J),
    OPS.block, VOID, OP.loop, VOID,
    ...get(J), ...get(SIZE_BYTES), SCALAR.i32GeU, OP.brIf, 1,
    ...get(S0), ...scalarTerm, SCALAR.f64Add, ...set(S0),
    ...get(J), ...i32(4), OP.i32Add, ...set(J), SCALAR.br, 0,
    OP.end, OP.end,
  ]
  const lane = (acc: number, index: number): Code => [...get(acc), ...v(SIMD.f64x2ExtractLane), index]
  // ((s0 + s1) + (s2 + s3)) / size, then root ? √m : m (select: no branch).
  const mean = [...get(S0), ...lane(A01, 1), SCALAR.f64Add, ...lane(A23, 0), ...lane(A23, 1), SCALAR.f64Add, SCALAR.f64Add, ...get(SIZE), SCALAR.f64ConvertI32U, SCALAR.f64Div]
  const result = [...mean, ...tee(M), SCALAR.f64Sqrt, ...get(M), ...get(ROOT), SCALAR.select]
  const row = [
    ...zero, ...set(A01), ...zero, ...set(A23),
    ...loop(SIZE4, O, END, [...half(A01, 0), ...half(A23, 8)]),
    ...lane(A01, 0), ...set(S0),
    ...tail,
    ...get(OUT), ...result, SCALAR.f32DemoteF64, SCALAR.f32Store, 2, 0,
    ...get(OUT), ...i32(4), OP.i32Add, ...set(OUT),
    ...get(Y), ...get(Y_STRIDE), OP.i32Add, ...set(Y),
    ...get(X), ...get(SIZE_BYTES), OP.i32Add, ...set(X),
  ]
  const code = [...get(SIZE), ...i32(2), SCALAR.i32Shl, ...set(SIZE_BYTES), ...get(SIZE), ...i32(2), SCALAR.i32ShrU, ...set(SIZE4), ...countDown(ROWS, ROW, row)]
  return { params: [I32, I32, I32, I32, I32, I32, I32], i32Locals: 6, v128Locals: 3, f64Locals: 3, code }
}

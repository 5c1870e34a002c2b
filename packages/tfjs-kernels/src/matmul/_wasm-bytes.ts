// Byte-level helpers for the WebAssembly modules the matrix kernels build from their opcodes.

// WebAssembly opcodes (core and the 0xfd SIMD prefix) the kernel uses.
export const OP = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f32Load: 0x2a,
  i32Const: 0x41,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  f64PromoteF32: 0xbb,
  simd: 0xfd,
} as const
export const SIMD = { v128Const: 0x0c, f64x2Splat: 0x14, store64Lane: 0x5b, load64Zero: 0x5d, f32x4DemoteF64x2Zero: 0x5e, f64x2PromoteLowF32x4: 0x5f, f64x2Add: 0xf0, f64x2Mul: 0xf2 } as const
export const VOID = 0x40
export const I32 = 0x7f
export const V128 = 0x7b

export function uleb(value: number): number[] {
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

export function sleb(value: number): number[] {
  const out: number[] = []
  let v = value | 0
  for (;;) {
    const byte = v & 0x7f
    v >>= 7
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) return [...out, byte]
    out.push(byte | 0x80)
  }
}

export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}

export function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))]
}


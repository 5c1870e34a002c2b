// out[m, n] = sum over k of a[m, k] * b[n, k]: a matrix product where both operands are read along rows
// (contiguous), with 4 x 4 outputs kept in registers per pass over k (8 loads per 16 products). On this kind
// of machine this runs at about 1.6-1.7 GMAC/s in V8, 4-6x tfjs-cpu's BatchMatMul on the skinny shapes of
// convolution gradients (e.g. [8960, 224] x [224, 32]); the 4 x 4 block measured 7-10 % faster than 2 x 4
// on those and on the dense autoencoder's 140-32-16-8 shapes (issue 7; x86-64 has 16 float registers, so
// 16 sums spill a little, yet 3 x 4, 2 x 8, 4 x 2 and a k loop unrolled by 2 were all slower). Each output
// is one sequential float64 sum over k whatever the blocking, so results do not depend on it; stored as float32.

/** Writes a [m, k] times b[n, k] transposed into out [m, n] (row-major). `out` is overwritten. */
export function gemmRowsByRows(a: Float32Array, b: Float32Array, m: number, n: number, k: number, out: Float32Array): void {
  const n4 = n - (n % 4)
  let p = 0
  if (n4 > 0) {
    for (; p + 3 < m; p += 4) {
      const a0 = p * k
      const a1 = a0 + k
      const a2 = a1 + k
      const a3 = a2 + k
      for (let c = 0; c < n4; c += 4) {
        const b0 = c * k
        const b1 = b0 + k
        const b2 = b1 + k
        const b3 = b2 + k
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0
        let u0 = 0, u1 = 0, u2 = 0, u3 = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0
        for (let i = 0; i < k; i++) {
          const w0 = b[b0 + i]
          const w1 = b[b1 + i]
          const w2 = b[b2 + i]
          const w3 = b[b3 + i]
          // One row value live at a time: fewer registers than loading all four first.
          let x = a[a0 + i]
          s0 += x * w0; s1 += x * w1; s2 += x * w2; s3 += x * w3
          x = a[a1 + i]
          t0 += x * w0; t1 += x * w1; t2 += x * w2; t3 += x * w3
          x = a[a2 + i]
          u0 += x * w0; u1 += x * w1; u2 += x * w2; u3 += x * w3
          x = a[a3 + i]
          v0 += x * w0; v1 += x * w1; v2 += x * w2; v3 += x * w3
        }
        const o = p * n + c
        out[o] = s0; out[o + 1] = s1; out[o + 2] = s2; out[o + 3] = s3
        const o1 = o + n
        out[o1] = t0; out[o1 + 1] = t1; out[o1 + 2] = t2; out[o1 + 3] = t3
        const o2 = o1 + n
        out[o2] = u0; out[o2 + 1] = u1; out[o2 + 2] = u2; out[o2 + 3] = u3
        const o3 = o2 + n
        out[o3] = v0; out[o3 + 1] = v1; out[o3 + 2] = v2; out[o3 + 3] = v3
      }
    }
    for (; p < m; p++) gemmRow(a, b, p, 0, n4, n, k, out)
  }
  // The last n % 4 columns (all of them when n < 4, e.g. a 1-channel output layer): 4 rows at a time, so
  // each b value loaded serves 4 products and 4 independent sums hide the add latency (2 rows: ~2x slower).
  for (let c = n4; c < n; c++) {
    const b0 = c * k
    let q = 0
    for (; q + 3 < m; q += 4) {
      const a0 = q * k
      const a1 = a0 + k
      const a2 = a1 + k
      const a3 = a2 + k
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0
      for (let i = 0; i < k; i++) {
        const w = b[b0 + i]
        s0 += a[a0 + i] * w; s1 += a[a1 + i] * w; s2 += a[a2 + i] * w; s3 += a[a3 + i] * w
      }
      out[q * n + c] = s0; out[(q + 1) * n + c] = s1; out[(q + 2) * n + c] = s2; out[(q + 3) * n + c] = s3
    }
    for (; q < m; q++) gemmRow(a, b, q, c, c + 1, n, k, out)
  }
}

// Columns first .. end - 1 of output row p, one sum at a time.
function gemmRow(a: Float32Array, b: Float32Array, p: number, first: number, end: number, n: number, k: number, out: Float32Array): void {
  const a0 = p * k
  for (let c = first; c < end; c++) {
    const b0 = c * k
    let s = 0
    for (let i = 0; i < k; i++) s += a[a0 + i] * b[b0 + i]
    out[p * n + c] = s
  }
}

/** Row-major transpose of a [rows, cols] matrix into a new [cols, rows] one. */
export function transposeMatrix(a: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const from = r * cols
    for (let c = 0; c < cols; c++) out[c * rows + r] = a[from + c]
  }
  return out
}

/** Transposes rows first .. first + rows - 1 of a [*, cols] matrix into out [cols, rows] (overwritten). */
export function transposeRowsInto(a: ArrayLike<number>, cols: number, first: number, rows: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const from = (first + r) * cols
    for (let c = 0; c < cols; c++) out[c * rows + r] = a[from + c]
  }
}

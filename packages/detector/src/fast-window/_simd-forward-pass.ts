// The compiled window pass on the WebAssembly SIMD kernel (_simd-kernel.ts): every buffer lives in the
// kernel's memory (float64 holding float32 values) as rows padded to a multiple of 4 values, with zero rows above and below as far as the next
// convolution reaches, so each output row of a convolution (forward or transposed) is one call of the kernel
// over a contiguous run of input rows — no clipping of taps at the edges, the padding rows add exact zeros.
// Weights are re-laid once: forward kernels [k, cin, cout] as [cout][k · cin4]; transposed kernels as one matrix
// per output-row residue modulo the stride (the taps that reach rows of that residue, in input-row order).
// Activations, reshapes, upsampling and cropping are JS loops over precomputed indices (a few hundred values).
import { ACTIVATIONS, type LayerChain, type LayerSpec } from './_layer-chain'
import type { ForwardPass } from './_forward-pass'
import { interleaveRows, rowsKernel } from './_simd-kernel'

const ceil4 = (n: number): number => Math.ceil(n / 4) * 4

interface Buffer {
  rows: number
  width: number
  /** Row stride: width rounded up to 4. */
  stride: number
  top: number
  bottom: number
  /** Float index of the first padding row in memory. */
  offset: number
}

/** Float index of value (r, c) of a buffer. */
const at = (b: Buffer, r: number, c: number): number => b.offset + (b.top + r) * b.stride + c

/** The SIMD forward pass of a layer chain, or null where WebAssembly SIMD cannot run or a layer does not fit. */
export function simdForwardPass(chain: LayerChain): ForwardPass | null {
  const buffers: Buffer[] = [{ rows: chain.steps, width: chain.channels, stride: ceil4(chain.channels), top: 0, bottom: 0, offset: 0 }]
  // A reshape that keeps rows and width ([L, C] ↔ [L, 1, C], the conv1d decoder's image views) shares its buffer.
  const aliases = chain.layers.map((l) => l.kind === 'reshape' && l.outLength === l.inLength && l.outWidth === l.inWidth)
  chain.layers.forEach((l, i) => buffers.push(aliases[i] ? buffers[i] : { rows: l.outLength, width: l.outWidth, stride: ceil4(l.outWidth), top: 0, bottom: 0, offset: 0 }))
  // Padding rows each convolution reads outside its input, and the matrices it needs.
  const matrices: Array<Array<{ data: Float32Array; taps: number }>> = []
  for (let i = 0; i < chain.layers.length; i++) {
    const spec = chain.layers[i]
    const input = buffers[i]
    if (spec.kind === 'dense') {
      if (input.rows !== 1) return null
      matrices.push([denseMatrix(spec, input.stride)])
      continue
    }
    if (spec.kind !== 'conv') {
      matrices.push([])
      continue
    }
    const reach = spec.transposed ? transposedReach(spec) : { min: -spec.pad, max: (spec.outLength - 1) * spec.stride - spec.pad + spec.k - 1 }
    if (reach === null) return null
    input.top = Math.max(input.top, -reach.min)
    input.bottom = Math.max(input.bottom, reach.max - (input.rows - 1))
    matrices.push(spec.transposed ? transposedMatrices(spec, input.stride) : [forwardMatrix(spec, input.stride)])
  }
  // Memory: buffers, then each layer's matrices and bias (padded to the output stride), then nothing else.
  let floats = 0
  for (const b of new Set(buffers)) {
    b.offset = floats
    floats += (b.top + b.rows + b.bottom) * b.stride
  }
  const weightOffsets: number[][] = []
  const biasOffsets: number[] = []
  chain.layers.forEach((spec, i) => {
    weightOffsets.push(matrices[i].map((m) => {
      const offset = floats
      floats += m.data.length
      return offset
    }))
    biasOffsets.push(floats)
    floats += spec.kind === 'conv' || spec.kind === 'dense' ? buffers[i + 1].stride : 0
  })
  // Rows of a first forward convolution (linear or relu) whose taps lie wholly inside the window depend only on
  // the points they read: keyed by the stream index of their first point, they are kept for the next windows of a
  // stream (at stride 1, 7 of the SMD default's 8 first-layer rows; ~20 % of its products).
  const head = chain.layers[0]
  const cached = head?.kind === 'conv' && !head.transposed && (head.activation === 'relu' || head.activation === 'linear')
  const slots = chain.steps
  const cacheOffset = floats
  if (cached) floats += slots * buffers[1].stride
  const kernel = rowsKernel(floats * 8)
  if (kernel === null) return null
  const mem = new Float64Array(kernel.memory.buffer)
  const rows = kernel.rows
  chain.layers.forEach((spec, i) => {
    matrices[i].forEach((m, j) => mem.set(interleaveRows(m.data, buffers[i + 1].stride, m.data.length / buffers[i + 1].stride), weightOffsets[i][j]))
    if (spec.kind === 'conv' || spec.kind === 'dense') mem.set(spec.bias, biasOffsets[i])
  })

  type Run = () => void
  let streamStart = -1 // the stream index of the window's first point, or −1: no reuse
  const keys = new Float64Array(slots).fill(-1)
  const runs: Run[] = chain.layers.map((spec, i): Run => {
    const input = buffers[i]
    const output = buffers[i + 1]
    if (spec.kind === 'conv' || spec.kind === 'dense') {
      const calls = kernelCalls(spec, input, output, weightOffsets[i], matrices[i])
      const bias = biasOffsets[i] * 8
      const rows4 = output.stride
      // relu is fused into the kernel (a floor of 0); other activations are a JS loop after it.
      const floor = spec.activation === 'relu' ? 0 : Number.NEGATIVE_INFINITY
      const activate = activation(spec.activation, output, mem)
      if (i === 0 && cached && spec.kind === 'conv') {
        const stride = output.stride
        const inside = Array.from({ length: output.rows }, (_, o) => o * spec.stride - spec.pad >= 0 && o * spec.stride - spec.pad + spec.k <= input.rows)
        return () => {
          for (let o = 0, c = 0; o < output.rows; o++, c += 4) {
            if (streamStart < 0 || !inside[o]) {
              rows(calls[c], calls[c + 1], bias, calls[c + 2], rows4, calls[c + 3], floor)
              continue
            }
            const key = streamStart + o * spec.stride - spec.pad
            const slot = key % slots
            const row = cacheOffset + slot * stride
            if (keys[slot] !== key) {
              rows(calls[c], calls[c + 1], bias, row * 8, rows4, calls[c + 3], floor)
              keys[slot] = key
            }
            mem.copyWithin(calls[c + 2] / 8, row, row + stride)
          }
        }
      }
      return () => {
        for (let c = 0; c < calls.length; c += 4) rows(calls[c], calls[c + 1], bias, calls[c + 2], rows4, calls[c + 3], floor)
        activate()
      }
    }
    if (aliases[i]) return () => {}
    const map = copyMap(spec, input, output)
    return () => {
      for (let j = 0; j < map.length; j += 2) mem[map[j + 1]] = mem[map[j]]
    }
  })
  // Window in, reconstruction out: real values only (padding stays zero), by index (a subarray per row of a
  // one-channel window cost more than the layers of the NAB dense stack).
  const size = chain.steps * chain.channels
  const into = new Int32Array(size)
  const from = new Int32Array(size)
  for (let r = 0, j = 0; r < chain.steps; r++) {
    for (let c = 0; c < chain.channels; c++, j++) {
      into[j] = at(buffers[0], r, c)
      from[j] = at(buffers[buffers.length - 1], r, c)
    }
  }
  return {
    size,
    kernel: 'simd',
    run(window, out, start) {
      streamStart = start ?? -1
      for (let j = 0; j < size; j++) mem[into[j]] = window[j]
      for (const run of runs) run()
      for (let j = 0; j < size; j++) out[j] = mem[from[j]]
    },
  }
}

type Matrix = { data: Float32Array; taps: number }
type Conv = Extract<LayerSpec, { kind: 'conv' }>

// Transposed convolution: output row o takes the taps t ≡ (o + pad) mod stride, input rows base − m for
// t = res + m·stride, base = (o + pad − res) / stride. The input rows it reaches, or null when some residue has
// no tap (kernel shorter than the stride: those rows are bias only, left to the JS pass).
function transposedReach(spec: Conv): { min: number; max: number } | null {
  let min = Infinity
  let max = -Infinity
  for (let o = 0; o < spec.outLength; o++) {
    const res = (o + spec.pad) % spec.stride
    const taps = tapsOf(spec, res)
    if (taps === 0) return null
    const base = (o + spec.pad - res) / spec.stride
    min = Math.min(min, base - taps + 1)
    max = Math.max(max, base)
  }
  return { min, max }
}

const tapsOf = (spec: Conv, res: number): number => (res >= spec.k ? 0 : Math.floor((spec.k - 1 - res) / spec.stride) + 1)

// Forward kernel [k, cin, cout] → [cout4][k · cin4]: row q holds tap t's weights at t · cin4, zeros in the padding.
function forwardMatrix(spec: Conv, inStride: number): Matrix {
  const { k, inWidth: cin, outWidth: cout, kernel } = spec
  const n = k * inStride
  const data = new Float32Array(ceil4(cout) * n)
  for (let q = 0; q < cout; q++) for (let t = 0; t < k; t++) for (let p = 0; p < cin; p++) data[q * n + t * inStride + p] = kernel[(t * cin + p) * cout + q]
  return { data, taps: k }
}

// Transposed kernel [k, 1, cout, cin] → one matrix per residue: [cout4][taps · cin4], block m′ for input row
// base − taps + 1 + m′, i.e. tap res + (taps − 1 − m′)·stride.
function transposedMatrices(spec: Conv, inStride: number): Matrix[] {
  const { k, stride, inWidth: cin, outWidth: cout, kernel } = spec
  const out: Matrix[] = []
  for (let res = 0; res < stride; res++) {
    const taps = tapsOf(spec, res)
    const n = taps * inStride
    const data = new Float32Array(ceil4(cout) * Math.max(n, 4))
    for (let m = 0; m < taps; m++) {
      const t = res + (taps - 1 - m) * stride
      if (t >= k) continue
      for (let p = 0; p < cout; p++) for (let q = 0; q < cin; q++) data[p * n + m * inStride + q] = kernel[(t * cout + p) * cin + q]
    }
    out.push({ data, taps })
  }
  return out
}

function denseMatrix(spec: Extract<LayerSpec, { kind: 'dense' }>, inStride: number): Matrix {
  const values = spec.inLength * spec.inWidth
  const units = spec.outWidth
  const data = new Float32Array(ceil4(units) * inStride)
  for (let q = 0; q < units; q++) for (let p = 0; p < values; p++) data[q * inStride + p] = spec.kernel[p * units + q]
  return { data, taps: 1 }
}

// [x byte address, w byte address, out byte address, n4] for each output row.
function kernelCalls(spec: Extract<LayerSpec, { kind: 'conv' | 'dense' }>, input: Buffer, output: Buffer, offsets: number[], matrices: Matrix[]): Int32Array {
  const calls = new Int32Array(output.rows * 4)
  for (let o = 0; o < output.rows; o++) {
    let row: number
    let m: number
    if (spec.kind === 'dense') {
      row = 0
      m = 0
    } else if (spec.transposed) {
      const res = (o + spec.pad) % spec.stride
      row = (o + spec.pad - res) / spec.stride - matrices[res].taps + 1
      m = res
    } else {
      row = o * spec.stride - spec.pad
      m = 0
    }
    calls.set([at(input, row, 0) * 8, offsets[m] * 8, at(output, o, 0) * 8, matrices[m].taps * input.stride], o * 4)
  }
  return calls
}

function activation(name: keyof typeof ACTIVATIONS, output: Buffer, mem: Float64Array): () => void {
  if (name === 'linear' || name === 'relu') return () => {}
  const indices = new Int32Array(output.rows * output.width)
  for (let r = 0, j = 0; r < output.rows; r++) for (let c = 0; c < output.width; c++, j++) indices[j] = at(output, r, c)
  const act = ACTIVATIONS[name]
  return () => {
    for (let j = 0; j < indices.length; j++) mem[indices[j]] = Math.fround(act(mem[indices[j]]))
  }
}

// [source, target] float indices of a reshape, upsampling or crop (real values only).
function copyMap(spec: Extract<LayerSpec, { kind: 'reshape' | 'upsample' | 'crop' }>, input: Buffer, output: Buffer): Int32Array {
  const map = new Int32Array(output.rows * output.width * 2)
  let j = 0
  for (let r = 0; r < output.rows; r++) {
    for (let c = 0; c < output.width; c++) {
      let source: number
      if (spec.kind === 'reshape') {
        const e = r * output.width + c
        source = at(input, Math.floor(e / input.width), e % input.width)
      } else if (spec.kind === 'upsample') source = at(input, Math.floor(r / spec.factor), c)
      else source = at(input, r + spec.top, c)
      map[j++] = source
      map[j++] = at(output, r, c)
    }
  }
  return map
}

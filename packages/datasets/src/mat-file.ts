import { AedetectError } from '@aedetect/core'
import { unzlibSync } from 'fflate'

/** One numeric variable of a MAT-file. */
export interface MatVariable {
  name: string
  /** MATLAB class: `'double'`, `'single'`, `'int8'` … `'uint64'`, or `'logical'`. */
  className: string
  /** Sizes as MATLAB reports them, e.g. `[1831, 21]`. */
  dims: number[]
  /** The values as float64, **row-major** (last dimension fastest): MATLAB's column-major order is transposed on read. */
  data: Float64Array
}

/** A parsed MATLAB level-5 MAT-file. */
export interface MatFile {
  /** The 116-byte descriptive text, e.g. `'MATLAB 5.0 MAT-file, Platform: …'`. */
  header: string
  /** The numeric, real variables by name. */
  variables: Record<string, MatVariable>
  /** Variables not read (cell, struct, char, sparse, complex, …) with the reason. */
  skipped: Array<{ name: string; reason: string }>
}

const CLASS_NAMES: Record<number, string> = { 6: 'double', 7: 'single', 8: 'int8', 9: 'uint8', 10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64' }
const OTHER_CLASSES: Record<number, string> = { 1: 'cell', 2: 'struct', 3: 'object', 4: 'char', 5: 'sparse', 16: 'function', 17: 'opaque' }
const TYPED: Record<number, { new (buffer: ArrayBuffer): ArrayLike<number> }> = {
  1: Int8Array, 2: Uint8Array, 3: Int16Array, 4: Uint16Array, 5: Int32Array, 6: Uint32Array, 7: Float32Array, 9: Float64Array,
}
const MI_MATRIX = 14
const MI_COMPRESSED = 15
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]

interface Tag {
  type: number
  bytes: number
  dataOffset: number
  next: number
}

class Reader {
  constructor(
    readonly view: DataView,
    readonly little: boolean,
    readonly source: string,
  ) {}

  corrupt(what: string): AedetectError {
    return new AedetectError('E_CORRUPT', `parseMat(): ${this.source} is damaged (${what}). Copy the file again, or export it again from MATLAB or scipy.`)
  }

  tag(pos: number, end: number): Tag {
    if (pos + 8 > end) throw this.corrupt(`a data element at byte ${pos} runs past the end`)
    const first = this.view.getUint32(pos, this.little)
    if (first >>> 16 !== 0) {
      // Small data element: type and size share the first 4 bytes, the data the next 4.
      return { type: first & 0xffff, bytes: first >>> 16, dataOffset: pos + 4, next: pos + 8 }
    }
    const bytes = this.view.getUint32(pos + 4, this.little)
    const padded = first === MI_COMPRESSED ? bytes : Math.ceil(bytes / 8) * 8
    if (pos + 8 + bytes > end) throw this.corrupt(`a data element at byte ${pos} declares ${bytes} bytes, past the end`)
    return { type: first, bytes, dataOffset: pos + 8, next: pos + 8 + padded }
  }

  numbers(tag: Tag): Float64Array {
    const { view, little } = this
    const sizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 }
    const size = sizes[tag.type]
    if (size === undefined) throw this.corrupt(`numeric data of element type ${tag.type}`)
    const n = Math.floor(tag.bytes / size)
    const at = tag.dataOffset
    const Typed = TYPED[tag.type]
    if (little && Typed) {
      // Little-endian data on a little-endian machine (every platform JS runs on): copy to an aligned buffer and view it.
      const copy = new Uint8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + n * size))
      return Float64Array.from(new Typed(copy.buffer as ArrayBuffer))
    }
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const p = at + i * size
      switch (tag.type) {
        case 1: out[i] = view.getInt8(p); break
        case 2: out[i] = view.getUint8(p); break
        case 3: out[i] = view.getInt16(p, little); break
        case 4: out[i] = view.getUint16(p, little); break
        case 5: out[i] = view.getInt32(p, little); break
        case 6: out[i] = view.getUint32(p, little); break
        case 7: out[i] = view.getFloat32(p, little); break
        case 9: out[i] = view.getFloat64(p, little); break
        case 12: out[i] = Number(view.getBigInt64(p, little)); break
        default: out[i] = Number(view.getBigUint64(p, little))
      }
    }
    return out
  }

  text(tag: Tag): string {
    let s = ''
    for (let i = 0; i < tag.bytes; i++) s += String.fromCharCode(this.view.getUint8(tag.dataOffset + i))
    return s
  }
}

/** Reorders MATLAB's column-major values into row-major order for `dims`. */
function toRowMajor(values: Float64Array, dims: number[]): Float64Array {
  if (dims.length < 2 || dims.filter((d) => d > 1).length < 2) return values
  const out = new Float64Array(values.length)
  const rank = dims.length
  const rowStrides = new Array<number>(rank)
  rowStrides[rank - 1] = 1
  for (let d = rank - 2; d >= 0; d--) rowStrides[d] = rowStrides[d + 1] * dims[d + 1]
  const index = new Array<number>(rank).fill(0)
  let target = 0
  for (let i = 0; i < values.length; i++) {
    out[target] = values[i]
    // Advance the column-major multi-index (first dimension fastest) and its row-major offset.
    for (let d = 0; d < rank; d++) {
      index[d]++
      target += rowStrides[d]
      if (index[d] < dims[d]) break
      target -= rowStrides[d] * dims[d]
      index[d] = 0
    }
  }
  return out
}

function readElements(reader: Reader, start: number, end: number, file: MatFile): void {
  let pos = start
  while (pos + 8 <= end) {
    const tag = reader.tag(pos, end)
    if (tag.type === MI_COMPRESSED) {
      let inflated: Uint8Array
      try {
        inflated = unzlibSync(new Uint8Array(reader.view.buffer, reader.view.byteOffset + tag.dataOffset, tag.bytes))
      } catch (cause) {
        throw reader.corrupt(`a compressed variable at byte ${pos} does not inflate: ${cause instanceof Error ? cause.message : String(cause)}`)
      }
      const inner = new Reader(new DataView(inflated.buffer, inflated.byteOffset, inflated.byteLength), reader.little, reader.source)
      readElements(inner, 0, inflated.byteLength, file)
    } else if (tag.type === MI_MATRIX) {
      readMatrix(reader, tag, file)
    }
    pos = tag.next
  }
}

function readMatrix(reader: Reader, matrix: Tag, file: MatFile): void {
  const end = matrix.dataOffset + matrix.bytes
  if (matrix.bytes === 0) return
  const flagsTag = reader.tag(matrix.dataOffset, end)
  const flags = reader.view.getUint32(flagsTag.dataOffset, reader.little)
  const classCode = flags & 0xff
  const dimsTag = reader.tag(flagsTag.next, end)
  const dims = Array.from(reader.numbers(dimsTag))
  const nameTag = reader.tag(dimsTag.next, end)
  const name = reader.text(nameTag)
  const logical = (flags & 0x200) !== 0
  if ((flags & 0x800) !== 0) {
    file.skipped.push({ name, reason: 'complex values' })
    return
  }
  const className = CLASS_NAMES[classCode]
  if (className === undefined) {
    file.skipped.push({ name, reason: `class ${OTHER_CLASSES[classCode] ?? classCode} is not numeric` })
    return
  }
  const count = dims.reduce((a, b) => a * b, 1)
  const values = count === 0 ? new Float64Array(0) : reader.numbers(reader.tag(nameTag.next, end))
  if (values.length !== count) {
    throw reader.corrupt(`variable '${name}' of size [${dims.join(', ')}] holds ${values.length} values instead of ${count}`)
  }
  file.variables[name] = { name, className: logical ? 'logical' : className, dims, data: toRowMajor(values, dims) }
}

/**
 * Reads a MATLAB level-5 MAT-file (the `-v6`/`-v7` formats, either byte order, zlib-compressed
 * `miCOMPRESSED` variables included). Numeric real matrices of any storage type (double, single, int8 …
 * uint64, logical) become float64, transposed from MATLAB's column-major order to row-major.
 * Throws `E_UNSUPPORTED` for a v7.3 file (HDF5), `E_FORMAT` for a file that is not a MAT-file,
 * `E_CORRUPT` for a truncated or damaged one.
 */
export function parseMat(bytes: Uint8Array, options: { source?: string } = {}): MatFile {
  const source = options.source ?? 'input'
  let header = ''
  for (let i = 0; i < Math.min(116, bytes.length); i++) header += String.fromCharCode(bytes[i])
  header = header.replace(/[\0 ]+$/, '')
  const hdf5 = bytes.length >= 520 && HDF5_SIGNATURE.every((b, i) => bytes[512 + i] === b)
  if (hdf5 || header.startsWith('MATLAB 7.3')) {
    throw new AedetectError('E_UNSUPPORTED', `parseMat(): ${source} is a MATLAB v7.3 MAT-file (HDF5 inside), which this reader does not read. Save it again as v7 (MATLAB: save(file, 'X', 'y', '-v7'); Python: scipy.io.savemat), or use the CSV version (loadOdds with format: 'csv').`)
  }
  if (bytes.length < 128 || !header.startsWith('MATLAB')) {
    throw new AedetectError('E_FORMAT', `parseMat(): ${source} does not start with a MATLAB 5.0 MAT-file header (it starts '${header.slice(0, 24).replace(/[^\x20-\x7e]/g, ' ')}'). Pass a .mat file saved by MATLAB, Octave or scipy.`)
  }
  const endian = String.fromCharCode(bytes[126], bytes[127])
  if (endian !== 'IM' && endian !== 'MI') {
    throw new AedetectError('E_FORMAT', `parseMat(): ${source} has endian indicator '${endian}' at byte 126; expected 'IM' or 'MI'. Pass a MATLAB level-5 MAT-file.`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const reader = new Reader(view, endian === 'IM', source)
  const file: MatFile = { header, variables: {}, skipped: [] }
  readElements(reader, 128, bytes.byteLength, file)
  return file
}

import { AedetectError } from '@aedetect/core'
import { maybeGunzip } from './_bytes'

/** An IDX array (the MNIST file format): its dimensions and its unsigned bytes, row-major. */
export interface IdxArray {
  /** Sizes, outermost first, e.g. `[10000, 28, 28]`. */
  dims: number[]
  /** The values (type code 0x08: unsigned bytes). */
  data: Uint8Array
  /** The 32-bit magic number read, e.g. `0x00000803`. */
  magic: number
}

/** Options of {@link parseIdx}. */
export interface IdxOptions {
  /** Number of dimensions the file must have (3 for images, 1 for labels). Default: any. */
  dimensions?: number
  /** File name for error messages. Default: `'input'`. */
  source?: string
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`

/**
 * Parses an IDX file (gzip-compressed or not): a big-endian magic number `0x000008NN` (unsigned bytes,
 * NN dimensions), NN big-endian uint32 sizes, then the data. Throws `E_FORMAT` for a wrong magic number
 * (naming the one expected and the one read), `E_UNSUPPORTED` for element types other than unsigned
 * bytes, `E_CORRUPT` for a truncated file or gzip stream.
 */
export function parseIdx(bytes: Uint8Array, options: IdxOptions = {}): IdxArray {
  const source = options.source ?? 'input'
  const raw = maybeGunzip(bytes, source, 'parseIdx()')
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  const got = raw.length >= 4 ? view.getUint32(0, false) : -1
  const wantedDims = options.dimensions
  const expected = wantedDims === undefined ? '0x000008NN (unsigned bytes, NN dimensions)' : `${hex(0x800 + wantedDims)} (unsigned bytes, ${wantedDims} dimension${wantedDims === 1 ? '' : 's'})`
  const what = wantedDims === 3 ? 'an images file (…-images-idx3-ubyte.gz)' : wantedDims === 1 ? 'a labels file (…-labels-idx1-ubyte.gz)' : 'an IDX file'
  if (got < 0 || raw[0] !== 0 || raw[1] !== 0 || (wantedDims !== undefined && got !== 0x800 + wantedDims) || raw[3] === 0) {
    const read = got < 0 ? `only ${raw.length} bytes` : `magic number ${hex(got)}`
    throw new AedetectError('E_FORMAT', `parseIdx(): ${source} has ${read}; expected ${expected}. Pass ${what}.`)
  }
  if (raw[2] !== 0x08) {
    throw new AedetectError('E_UNSUPPORTED', `parseIdx(): ${source} holds IDX element type 0x${raw[2].toString(16).padStart(2, '0')}; only 0x08 (unsigned bytes, as in MNIST) is read. Convert the file to unsigned bytes.`)
  }
  const ndims = raw[3]
  const headerBytes = 4 + 4 * ndims
  if (raw.length < headerBytes) {
    throw new AedetectError('E_CORRUPT', `parseIdx(): ${source} ends inside its header (${raw.length} bytes, header needs ${headerBytes}). The file is truncated: copy it again.`)
  }
  const dims: number[] = []
  let size = 1
  for (let d = 0; d < ndims; d++) {
    const n = view.getUint32(4 + 4 * d, false)
    dims.push(n)
    size *= n
  }
  if (raw.length !== headerBytes + size) {
    throw new AedetectError('E_CORRUPT', `parseIdx(): ${source} holds ${raw.length - headerBytes} data bytes; its header [${dims.join(', ')}] needs ${size}. The file is truncated or damaged: copy it again.`)
  }
  return { dims, data: raw.subarray(headerBytes), magic: got }
}

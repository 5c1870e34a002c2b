import { AedetectError } from '@aedetect/core'
import { version as libraryVersion } from '../package.json'

/**
 * The one-file container shared by detectorToFile and windowDetectorToFile: a JSON object whose `format` and
 * `formatVersion` come first (so a truncated file still names its format), the text files as strings and each
 * binary file as base64 with its byte length (so a damaged weights string is caught before any model is built).
 */
export interface SingleFileFormat {
  /** The container's format id, e.g. 'aedetect-detector-file'. */
  format: string
  formatVersion: number
  /** The function that writes this format, for messages ('detectorToFile()'). */
  writer: string
  /** The function that reads this format, for messages ('detectorFromFile()'). */
  reader: string
}

interface BinaryEntry { base64: string; byteLength: number }

interface Container {
  format: string
  formatVersion: number
  libraryVersion: string
  files: Record<string, string | BinaryEntry>
}

/** The contents of a single file: text files as strings, binary files as bytes. */
export type PackedFiles = Record<string, string | Uint8Array>

// btoa takes a binary string; build it in slices, as one String.fromCharCode(...bytes) overflows the stack.
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Packs files into the container's JSON text (`undefined` entries are left out). */
export function packFiles(files: Record<string, string | Uint8Array | undefined>, format: SingleFileFormat): string {
  const packed: Container['files'] = {}
  for (const [name, content] of Object.entries(files)) {
    if (content === undefined) continue
    packed[name] = typeof content === 'string' ? content : { base64: toBase64(content), byteLength: content.byteLength }
  }
  const container: Container = { format: format.format, formatVersion: format.formatVersion, libraryVersion, files: packed }
  return JSON.stringify(container)
}

/** Reads the file's text: a string as is, bytes and Blobs (a browser File) as UTF-8. */
export async function readFileText(file: string | Uint8Array | Blob, name: string, format: SingleFileFormat): Promise<string> {
  if (typeof file === 'string') return file
  let bytes: Uint8Array
  if (file instanceof Uint8Array) bytes = file
  else if (typeof Blob !== 'undefined' && file instanceof Blob) bytes = new Uint8Array(await file.arrayBuffer())
  else throw new AedetectError('E_OPTION', `${format.reader}: expected the file as a string, a Uint8Array or a Blob (a File), got ${describeValue(file)}.`)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw new AedetectError('E_FORMAT', `${name} is not UTF-8 text, so it is not a file written by ${format.writer}. Choose a file saved with ${format.writer}.`, { cause })
  }
}

/**
 * Unpacks the container's text. Checks, before any model is built: the text parses and names `format`
 * ('E_FORMAT' when it is another kind of file, 'E_CORRUPT' when it is this format but cut short),
 * `formatVersion` ('E_FORMAT_VERSION'), and each binary file's base64 and byte length ('E_CORRUPT').
 * `others` maps a sibling format to the sentence that says how to load it, the fix in 'E_FORMAT'.
 */
export function unpackFiles(text: string, name: string, format: SingleFileFormat, others: Record<string, string>): PackedFiles {
  if (text.trim().length === 0) {
    throw new AedetectError('E_CORRUPT', `${name} is empty. Choose a file saved with ${format.writer}.`)
  }
  let container: Partial<Container>
  try {
    container = JSON.parse(text) as Partial<Container>
  } catch (cause) {
    // The writer puts `format` first: a file that opens with it but does not parse was cut short or edited.
    if (text.trimStart().startsWith(`{"format":${JSON.stringify(format.format)}`)) {
      throw new AedetectError('E_CORRUPT', `${name} opens as an ${format.format} but is not valid JSON: it is truncated or damaged. Save the detector again with ${format.writer}.`, { cause })
    }
    throw new AedetectError('E_FORMAT', `${name} is not JSON, so it is not a file written by ${format.writer}. Choose a file saved with ${format.writer}.`, { cause })
  }
  const got = container !== null && typeof container === 'object' ? container.format : undefined
  if (got !== format.format) {
    const sibling = typeof got === 'string' ? others[got] : undefined
    const fix = sibling ?? `Choose a file saved with ${format.writer}.`
    throw new AedetectError('E_FORMAT', `${name} has format ${JSON.stringify(got)}; expected "${format.format}". ${fix}`)
  }
  if (container.formatVersion !== format.formatVersion) {
    throw new AedetectError('E_FORMAT_VERSION', `${name} has format version ${String(container.formatVersion)} (written by aedetect ${String(container.libraryVersion)}); this aedetect (${libraryVersion}) reads version ${format.formatVersion}. Load it with the version that saved it, or save the detector again with this version.`)
  }
  if (!container.files || typeof container.files !== 'object') {
    throw new AedetectError('E_CORRUPT', `${name} lacks the field 'files'. Save the detector again with ${format.writer}.`)
  }
  const files: PackedFiles = {}
  for (const [file, entry] of Object.entries(container.files)) {
    if (typeof entry === 'string') {
      files[file] = entry
      continue
    }
    files[file] = decodeBinary(entry, `${name}/${file}`, format)
  }
  return files
}

function decodeBinary(entry: unknown, where: string, format: SingleFileFormat): Uint8Array {
  const { base64, byteLength } = (entry ?? {}) as Partial<BinaryEntry>
  if (typeof base64 !== 'string' || typeof byteLength !== 'number') {
    throw new AedetectError('E_CORRUPT', `${where} is neither text nor { base64, byteLength }. Save the detector again with ${format.writer}.`)
  }
  let bytes: Uint8Array
  try {
    bytes = fromBase64(base64)
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `${where} is not valid base64 (${(cause as Error).message}); the file is damaged. Save the detector again with ${format.writer}.`, { cause })
  }
  if (bytes.byteLength !== byteLength) {
    throw new AedetectError('E_CORRUPT', `${where} holds ${bytes.byteLength} bytes; the file says ${byteLength}. The file is truncated or damaged: save the detector again with ${format.writer}.`)
  }
  return bytes
}

/**
 * Checks that each expected file is present ('text', 'bytes') or absent-or-present ('text?', 'bytes?') with
 * the right kind, so the inner loaders get what they expect: 'E_CORRUPT' otherwise.
 */
export function expectFileKinds(files: PackedFiles, kinds: Record<string, 'text' | 'text?' | 'bytes' | 'bytes?'>, name: string, format: SingleFileFormat): void {
  for (const [file, kind] of Object.entries(kinds)) {
    const content = files[file]
    if (content === undefined && kind.endsWith('?')) continue
    const ok = kind.startsWith('text') ? typeof content === 'string' : content instanceof Uint8Array
    if (!ok) {
      const got = content === undefined ? 'is missing' : `is ${typeof content === 'string' ? 'text' : 'bytes'}`
      throw new AedetectError('E_CORRUPT', `${name}/${file} ${got}; expected ${kind.startsWith('text') ? 'text' : 'bytes (base64)'}. Save the detector again with ${format.writer}.`)
    }
  }
}

/** The name of a browser `File` (or Node 20's `File`), if `file` is one. */
export function fileName(file: unknown): string | undefined {
  const name = (file as { name?: unknown } | null)?.name
  return typeof Blob !== 'undefined' && file instanceof Blob && typeof name === 'string' && name.length > 0 ? name : undefined
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object'
  return typeof value
}

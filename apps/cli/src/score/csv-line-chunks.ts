import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'

/** A run of whole lines of a CSV file. */
export interface LineChunk {
  /** The lines' bytes, each ending with '\n' (the file's last line may not). */
  bytes: Buffer
  /** 1-based file line of the first of them. */
  firstLine: number
  /** Lines holding more than spaces, tabs and '\r': the rows the CSV reader will see. */
  rows: number
}

const NEWLINE = 10

// A line the CSV reader skips (empty, or only spaces, tabs and '\r').
function isBlank(buffer: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buffer[i]
    if (b !== 32 && b !== 9 && b !== 13) return false
  }
  return true
}

/** Whether the file starts with the gzip magic bytes. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(2)
    const { bytesRead } = await handle.read(head, 0, 2, 0)
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
  } finally {
    await handle.close()
  }
}

/**
 * Cuts a CSV file (plain or gzip) into runs of whole lines holding `rowsPerChunk` rows each (the last fewer),
 * after skipping its first `skipLines` lines, without parsing it: the parent of the scoring workers only finds
 * line ends, the workers parse. Memory: one chunk and one read buffer. A quoted cell holding a line break would
 * be cut in two: numeric CSVs have none.
 */
export async function* csvLineChunks(path: string, options: { rowsPerChunk: number; skipLines: number }): AsyncGenerator<LineChunk> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 })
  const input: AsyncIterable<Buffer> = (await isGzipFile(path)) ? file.pipe(createGunzip()) : file
  let parts: Buffer[] = []
  let rows = 0
  let line = 1 // file line at the current position
  let chunkFirstLine = options.skipLines + 1
  let lineHasContent = false // the line in progress has a byte other than blanks (across buffers)
  try {
    for await (const buffer of input) {
      let from = 0 // start of this buffer's part of the current chunk
      let lineStart = 0
      let pos = 0
      while (pos < buffer.length) {
        const end = buffer.indexOf(NEWLINE, pos)
        const stop = end < 0 ? buffer.length : end
        if (!lineHasContent && !isBlank(buffer, lineStart, stop)) lineHasContent = true
        if (end < 0) break
        // A whole line ends at `end`.
        if (line <= options.skipLines) {
          from = end + 1
          chunkFirstLine = line + 1
        } else if (lineHasContent) rows++
        line++
        lineHasContent = false
        pos = end + 1
        lineStart = pos
        if (rows === options.rowsPerChunk) {
          parts.push(buffer.subarray(from, pos))
          yield { bytes: Buffer.concat(parts), firstLine: chunkFirstLine, rows }
          parts = []
          rows = 0
          from = pos
          chunkFirstLine = line
        }
      }
      if (from < buffer.length && line > options.skipLines) parts.push(buffer.subarray(from))
    }
    if (lineHasContent && line > options.skipLines) rows++
    if (rows > 0) yield { bytes: Buffer.concat(parts), firstLine: chunkFirstLine, rows }
  } finally {
    file.destroy()
  }
}

/** The first line that holds more than blanks — the CSV's first record — and its 1-based number; undefined for a blank file. */
export async function firstRecord(path: string): Promise<{ line: number; text: string } | undefined> {
  const file = createReadStream(path, { highWaterMark: 1 << 16 })
  const input: AsyncIterable<Buffer> = (await isGzipFile(path)) ? file.pipe(createGunzip()) : file
  let line = 1
  let pending: Buffer[] = []
  try {
    for await (const buffer of input) {
      let pos = 0
      while (pos < buffer.length) {
        const end = buffer.indexOf(NEWLINE, pos)
        pending.push(buffer.subarray(pos, end < 0 ? buffer.length : end))
        if (end < 0) break
        const text = Buffer.concat(pending)
        if (!isBlank(text, 0, text.length)) return { line, text: text.toString('utf8') }
        pending = []
        line++
        pos = end + 1
      }
    }
    const text = Buffer.concat(pending)
    return isBlank(text, 0, text.length) ? undefined : { line, text: text.toString('utf8') }
  } finally {
    file.destroy()
  }
}

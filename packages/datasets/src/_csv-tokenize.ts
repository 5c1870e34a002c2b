// A small RFC 4180 tokenizer: parseCsv and readCsv run it on whole strings, streamCsv on chunks (partial mode). csv-parse's browser build
// carries a 120 kB Buffer polyfill; numeric tables need only quotes, CRLF and exact line numbers.

/** `'whitespace'` splits on runs of spaces and tabs (the UCR text format). */
export type CsvDelimiter = ',' | ';' | '\t' | '|' | 'whitespace'

const CANDIDATES: CsvDelimiter[] = [',', '\t', ';', '|']

/** Picks the delimiter from the first non-empty line: the candidate seen most often outside quotes. */
export function detectDelimiter(sample: string): CsvDelimiter {
  let start = 0
  let line = ''
  while (start < sample.length) {
    let end = sample.indexOf('\n', start)
    if (end < 0) end = sample.length
    line = sample.slice(start, end).replace(/\r$/, '')
    if (line.trim() !== '') break
    start = end + 1
  }
  let best: CsvDelimiter | undefined
  let bestCount = 0
  for (const candidate of CANDIDATES) {
    let count = 0
    let quoted = false
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]
      if (ch === '"') quoted = !quoted
      else if (!quoted && ch === candidate) count++
    }
    if (count > bestCount) {
      best = candidate
      bestCount = count
    }
  }
  if (best) return best
  return /\S[ \t]+\S/.test(line) ? 'whitespace' : ','
}

/** Where {@link tokenizeCsv} stopped: the text from `consumed` on is an unfinished record (partial mode). */
export interface TokenizedUpTo {
  /** Characters of `text` whose records were all delivered. */
  consumed: number
  /** Line breaks within those characters: the 1-based line of the next record is `firstLine + lines`. */
  lines: number
  /**
   * The 1-based line of a quote that the text's end leaves open (not in partial mode): the record holding it is
   * not delivered, and the caller should refuse the input rather than read the rest of the file as one cell.
   */
  unclosedQuoteLine?: number
}

/**
 * Calls `onRecord(cells, line)` for every non-blank record of `text`; `line` is the 1-based line on which
 * the record starts, as an editor shows it (`firstLine` for the text's first line). Returning `false` stops
 * early. With `partial`, `text` is a piece of a longer stream: a last record that the text's end cuts (no line
 * break after it, or a quoted field still open, or a CR that may be half of a CRLF) is not delivered, and the
 * result says where it starts, so the caller prepends it to the next piece.
 */
export function tokenizeCsv(text: string, delimiter: CsvDelimiter, onRecord: (cells: string[], line: number) => boolean | void, options: { partial?: boolean; firstLine?: number } = {}): TokenizedUpTo {
  const n = text.length
  const partial = options.partial === true
  const firstLine = options.firstLine ?? 1
  let pos = 0
  let line = firstLine
  const upTo = (at: number, atLine: number): TokenizedUpTo => ({ consumed: at, lines: atLine - firstLine })
  if (delimiter === 'whitespace') {
    while (pos < n) {
      let end = text.indexOf('\n', pos)
      if (end < 0) {
        if (partial) return upTo(pos, line)
        end = n
      }
      const content = text.slice(pos, end).trim()
      if (content !== '' && onRecord(content.split(/[ \t]+/), line) === false) return upTo(end, line)
      pos = end + 1
      line++
    }
    return upTo(n, line)
  }
  const delimCode = delimiter.charCodeAt(0)
  while (pos < n) {
    const startLine = line
    const recordStart = pos
    const cells: string[] = []
    let cellStart = pos
    let done = false
    while (!done) {
      if (pos < n && text.charCodeAt(pos) === 34 /* " */) {
        // Quoted field: "" is a literal quote; newlines inside count as lines.
        let value = ''
        const quoteLine = line
        pos++
        let chunkStart = pos
        while (pos < n) {
          const c = text.charCodeAt(pos)
          if (c === 34) {
            if (text.charCodeAt(pos + 1) === 34) {
              value += text.slice(chunkStart, pos + 1)
              pos += 2
              chunkStart = pos
              continue
            }
            break
          }
          if (c === 10) line++
          pos++
        }
        if (pos >= n) return partial ? upTo(recordStart, startLine) : { ...upTo(recordStart, startLine), unclosedQuoteLine: quoteLine }
        value += text.slice(chunkStart, pos)
        pos++
        // Anything between the closing quote and the delimiter is kept, as csv-parse's relax_quotes does not.
        let tail = pos
        while (tail < n && text.charCodeAt(tail) !== delimCode && text.charCodeAt(tail) !== 10 && text.charCodeAt(tail) !== 13) tail++
        cells.push(value + text.slice(pos, tail))
        pos = tail
      } else {
        while (pos < n) {
          const c = text.charCodeAt(pos)
          if (c === delimCode || c === 10 || c === 13) break
          pos++
        }
        cells.push(text.slice(cellStart, pos))
      }
      if (pos >= n) {
        // The text's end cut this record (or a quoted field): in a piece of a stream it continues in the next.
        if (partial) return upTo(recordStart, startLine)
        done = true
      } else {
        const c = text.charCodeAt(pos)
        if (c === delimCode) {
          pos++
          cellStart = pos
        } else {
          if (c === 13 && pos + 1 === n && partial) return upTo(recordStart, startLine)
          if (c === 13 && text.charCodeAt(pos + 1) === 10) pos++
          pos++
          line++
          done = true
        }
      }
    }
    const blank = cells.length === 1 && cells[0].trim() === ''
    if (!blank && onRecord(cells, startLine) === false) return upTo(pos, line)
  }
  return upTo(n, line)
}

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readCsv, streamCsv, type CsvBatch } from '@aedetect/datasets/node'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'
import { caught, mismatches, readmeNumber, readmeRows } from './_test-data'

const dir = mkdtempSync(join(tmpdir(), 'aedetect-csv-'))

async function collect(path: string, options: Parameters<typeof streamCsv>[1]): Promise<CsvBatch[]> {
  const batches: CsvBatch[] = []
  for await (const batch of streamCsv(path, options)) batches.push(batch)
  return batches
}

describeWith(['odds'], 'readCsv and streamCsv on a real file (ODDS cardio.csv)', () => {
  const path = join(sharedDataDir(), 'odds', 'cardio.csv')

  it('reads 1,831 × 21 with 176 outliers (9.61 %), as the ODDS README states', async () => {
    const table = await readCsv(path, { label: 'label' })
    const [row] = readmeRows('odds', /^cardio$/)
    expect(table.x.shape).toEqual([readmeNumber(row[1]), readmeNumber(row[2])])
    expect((table.labels ?? new Uint8Array(0)).reduce((a, b) => a + b, 0)).toBe(readmeNumber(row[3]))
    expect(table.featureNames.slice(0, 2)).toEqual(['f0', 'f1'])
    expect(table.source).toBe(path)
  })

  it('streams the same rows and labels in batches of 500, numbering rows and lines', async () => {
    const whole = await readCsv(path, { label: 'label' })
    const batches = await collect(path, { label: 'label', batchSize: 500 })
    expect(batches.map((b) => b.x.shape[0])).toEqual([500, 500, 500, 331])
    expect(batches.map((b) => b.rowOffset)).toEqual([0, 500, 1000, 1500])
    // Line 1 is the header, so row r sits on line r + 2.
    expect(batches.map((b) => [b.firstLine, b.lastLine])).toEqual([[2, 501], [502, 1001], [1002, 1501], [1502, 1832]])
    const data = new Float32Array(whole.x.data.length)
    const labels = new Uint8Array(whole.rowCount)
    for (const b of batches) {
      data.set(b.x.data, b.rowOffset * 21)
      labels.set(b.labels ?? [], b.rowOffset)
    }
    expect(mismatches(data, whole.x.data)).toBe(0)
    expect(mismatches(labels, whole.labels ?? [])).toBe(0)
  })
})

describe('files the user writes', () => {
  it('reads and streams gzip files and whitespace-separated UCR text', async () => {
    const text = '   1.0e+00   2.0e+00\n   3.0e+00   4.0e+00\n   5.0e+00   6.0e+00\n'
    writeFileSync(join(dir, 'ucr.txt.gz'), gzipSync(text))
    const table = await readCsv(join(dir, 'ucr.txt.gz'), { label: 0, normal: '1' })
    expect(Array.from(table.x.data)).toEqual([2, 4, 6])
    expect(Array.from(table.labels ?? [])).toEqual([0, 1, 1])
    const batches = await collect(join(dir, 'ucr.txt.gz'), { label: 0, normal: '1', batchSize: 2 })
    expect(batches.map((b) => Array.from(b.x.data))).toEqual([[2, 4], [6]])
    expect(batches.map((b) => Array.from(b.labels ?? []))).toEqual([[0, 1], [1]])
  })

  it('streams a file of many 256 kB chunks exactly as readCsv reads it: CRLF, quoted cells with line breaks, multibyte names', async () => {
    // ~570 kB, three 256 kB chunks: their ends fall inside quoted cells, between CR and LF and inside the two-byte 'é' of every row.
    const lines = ['"é,a","b\r\nsecond line",label']
    for (let i = 0; i < 24_000; i++) {
      const quoted = i % 7 === 0 ? `"${(i / 3).toFixed(4)}"` : (i / 3).toFixed(4)
      lines.push(`${quoted},${(-i * 1e-3).toFixed(6)}${i % 11 === 0 ? ' ' : ''},${i % 13 === 0 ? 'é' : 'n'}`)
    }
    const file = join(dir, 'chunks.csv')
    writeFileSync(file, lines.join('\r\n') + '\r\n')
    const table = await readCsv(file, { label: 'label', normal: 'n' })
    const batches = await collect(file, { label: 'label', normal: 'n', batchSize: 5000 })
    expect(batches.map((b) => b.x.shape[0])).toEqual([5000, 5000, 5000, 5000, 4000])
    expect(batches[0].featureNames).toEqual(['é,a', 'b\r\nsecond line'])
    const streamed = batches.flatMap((b) => Array.from(b.x.data))
    expect(streamed).toEqual(Array.from(table.x.data))
    expect(batches.flatMap((b) => Array.from(b.labels ?? []))).toEqual(Array.from(table.labels ?? []))
    // The header spans lines 1-2, so data row r is on line r + 3; 1,847 rows are labelled anomalous ('é').
    expect([batches[1].firstLine, batches[4].lastLine]).toEqual([5003, 24_002])
    expect(streamed.length).toBe(48_000)
    expect(Array.from(table.labels ?? []).filter((l) => l === 1).length).toBe(1847)
  })

  it('refuses a quote that is never closed, naming its line, in readCsv and streamCsv alike', async () => {
    const file = join(dir, 'open-quote.csv')
    writeFileSync(file, 'a,b\n1,2\n3,"4\n5,6\n')
    const message = `line 3: a quoted cell opened on this line is never closed. Check the quoting of that line.`
    expect(await caught(() => readCsv(file))).toMatchObject({ code: 'E_PARSE', message: `readCsv(): ${file} ${message}` })
    expect(await caught(() => collect(file, {}))).toMatchObject({ code: 'E_PARSE', message: `streamCsv(): ${file} ${message}` })
  })

  it('drops rows with missing cells while streaming and reports them per batch', async () => {
    writeFileSync(join(dir, 'gaps.csv'), 'a,b\n1,2\n,3\n4,5\n6,\n7,8\n')
    const batches = await collect(join(dir, 'gaps.csv'), { missing: 'drop', batchSize: 2 })
    expect(batches.map((b) => Array.from(b.x.data))).toEqual([[1, 2, 4, 5], [7, 8]])
    expect(batches.map((b) => b.droppedRows)).toEqual([1, 1])
  })

  it('stops when its signal is aborted (E_ABORTED)', async () => {
    const controller = new AbortController()
    controller.abort()
    const path = join(dir, 'aborted.csv')
    writeFileSync(path, 'a,b\n1,2\n3,4\n')
    expect(await caught(() => collect(path, { signal: controller.signal }))).toEqual({ code: 'E_ABORTED', message: `streamCsv(): reading ${path} was aborted after row 0.` })
  })

  it('names the file and line of a ragged row, the same way when streaming', async () => {
    const path = join(dir, 'ragged.csv')
    writeFileSync(path, 'a,b,c\n1,2,3\n4,5,6\n7,8\n')
    const expected = { code: 'E_RAGGED', message: `readCsv(): ${path} line 4 has 2 columns; expected 3 (as on line 1). Give every row the same number of fields.` }
    expect(await caught(() => readCsv(path))).toEqual(expected)
    expect(await caught(() => collect(path, {}))).toEqual({ ...expected, message: expected.message.replace('readCsv()', 'streamCsv()') })
  })

  it('names a missing file, an empty file, and refuses impute-mean when streaming', async () => {
    const missing = join(dir, 'nope.csv')
    expect(await caught(() => readCsv(missing))).toEqual({ code: 'E_NOT_FOUND', message: `readCsv(): ${missing} does not exist. Check the path (relative paths start at ${process.cwd()}).` })
    expect(await caught(() => collect(missing, {}))).toEqual({ code: 'E_NOT_FOUND', message: `streamCsv(): ${missing} does not exist. Check the path (relative paths start at ${process.cwd()}).` })
    writeFileSync(join(dir, 'empty.csv'), '\n\n')
    expect(await caught(() => readCsv(join(dir, 'empty.csv')))).toEqual({ code: 'E_EMPTY', message: `readCsv(): ${join(dir, 'empty.csv')} holds no data rows. Pass a CSV with at least one row of numbers.` })
    expect(await caught(() => collect(join(dir, 'empty.csv'), {}))).toEqual({ code: 'E_EMPTY', message: `streamCsv(): ${join(dir, 'empty.csv')} holds no data rows. Pass a CSV with at least one row of numbers.` })
    expect(await caught(() => collect(join(dir, 'gaps.csv'), { missing: 'impute-mean' }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "streamCsv(): missing: 'impute-mean' needs every row before the first batch; a stream cannot give that. Use missing: 'drop', or readCsv() for files that fit in memory.",
      }
    `)
  })
})

describe('readCsv and streamCsv: values beyond float32, folders, truncated gzip (issue #16)', () => {
  it('refuses a finite value beyond float32 with the file, line and column, not as -Infinity', async () => {
    const path = join(dir, 'huge.csv')
    writeFileSync(path, 'a,b\n1,2\n3,1e300\n')
    const expected = { code: 'E_NOT_FINITE', message: `readCsv(): ${path} line 3, column 2 ('b') is '1e300', beyond the float32 range (±3.4e38) that samples are stored in. Rescale the column, or leave it out with the features option.` }
    expect(await caught(() => readCsv(path))).toEqual(expected)
    expect(await caught(() => collect(path, {}))).toEqual({ ...expected, message: expected.message.replace('readCsv()', 'streamCsv()') })
  })

  it('reads the largest float32 and refuses the next power of ten', async () => {
    const path = join(dir, 'edge.csv')
    writeFileSync(path, 'a\n3.4028234663852886e38\n-3.4e38\n')
    const table = await readCsv(path)
    // Expected: Math.fround(3.4028234663852886e38) is the largest finite float32 itself.
    expect(Array.from(table.x.data)).toEqual([Math.fround(3.4028234663852886e38), Math.fround(-3.4e38)])
    writeFileSync(path, 'a\n1\n-1e39\n')
    expect((await caught(() => readCsv(path))).code).toBe('E_NOT_FINITE')
  })

  it('says a folder is a folder (E_IO), not a permissions problem', async () => {
    expect(await caught(() => readCsv(dir))).toEqual({ code: 'E_IO', message: `readCsv(): ${dir} is a folder, not a CSV file. Pass the path of a file.` })
    expect(await caught(() => collect(dir, {}))).toEqual({ code: 'E_IO', message: `streamCsv(): ${dir} is a folder, not a CSV file. Pass the path of a file.` })
  })

  it('streamCsv names a truncated gzip file (E_PARSE) instead of a bare zlib error', async () => {
    const path = join(dir, 'cut.csv.gz')
    writeFileSync(path, gzipSync('a,b\n1,2\n3,4\n').subarray(0, 14))
    expect(await caught(() => collect(path, {}))).toEqual({ code: 'E_PARSE', message: `streamCsv(): ${path} is not a complete gzip file (unexpected end of file). Pass an uncompressed CSV, or a .gz file that gunzip reads.` })
  })
})

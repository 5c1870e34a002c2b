import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { zlibSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ODDS_NAMES, parseMat } from '@aedetect/datasets'
import { loadOdds } from '@aedetect/datasets/node'
import { dataDir as sharedDataDir, describeWith, testWith } from '@aedetect/test-data'
import { caught, mismatches, readmeNumber, readmeRows, thrown } from './_test-data'

describeWith(['odds'], 'loadOdds', () => {
  it.each(ODDS_NAMES)('%s: .mat and .csv give the same table, with n, d and outliers of the README', async (name) => {
    const mat = await loadOdds({ dataDir: sharedDataDir(), name, format: 'mat' })
    const csv = await loadOdds({ dataDir: sharedDataDir(), name, format: 'csv' })
    const [row] = readmeRows('odds', new RegExp(`^${name}$`))
    // Expected: the README's "Shapes and outlier ratios" table (n, d, outliers, outlier %).
    expect(mat.x.shape).toEqual([readmeNumber(row[1]), readmeNumber(row[2])])
    const outliers = mat.labels.reduce((a, b) => a + b, 0)
    expect(outliers).toBe(readmeNumber(row[3]))
    expect((100 * outliers) / mat.x.shape[0]).toBeCloseTo(readmeNumber(row[4]), 2)
    // The README: "the CSVs were read back and equal the .mat contents exactly".
    expect(mismatches(mat.x.data, csv.x.data)).toBe(0)
    expect(mismatches(mat.labels, csv.labels)).toBe(0)
    expect(mat.featureNames).toEqual(csv.featureNames)
  })
})

/** A level-5 MAT-file holding one int16 matrix `name` with the given dims and column-major values. */
function tinyMat(name: string, dims: number[], columnMajor: number[], options: { compressed?: boolean; bigEndian?: boolean } = {}): Uint8Array {
  const little = !options.bigEndian
  const pad8 = (n: number) => Math.ceil(n / 8) * 8
  const nameBytes = pad8(name.length)
  const dataBytes = pad8(columnMajor.length * 2)
  const body = 16 + 8 + pad8(dims.length * 4) + 8 + nameBytes + 8 + dataBytes
  const matrix = new Uint8Array(8 + body)
  const v = new DataView(matrix.buffer)
  let p = 0
  const tag = (type: number, bytes: number) => {
    v.setUint32(p, type, little)
    v.setUint32(p + 4, bytes, little)
    p += 8
  }
  tag(14, body)
  tag(6, 8)
  v.setUint32(p, 10, little) // class int16
  p += 8
  tag(5, dims.length * 4)
  dims.forEach((d, i) => v.setInt32(p + 4 * i, d, little))
  p += pad8(dims.length * 4)
  tag(1, name.length)
  for (let i = 0; i < name.length; i++) matrix[p + i] = name.charCodeAt(i)
  p += nameBytes
  tag(3, columnMajor.length * 2)
  columnMajor.forEach((x, i) => v.setInt16(p + 2 * i, x, little))
  const header = new Uint8Array(128).fill(32)
  const text = 'MATLAB 5.0 MAT-file, written by a test'
  for (let i = 0; i < text.length; i++) header[i] = text.charCodeAt(i)
  new DataView(header.buffer).setUint16(124, 0x0100, little)
  header[126] = little ? 73 : 77 // 'I' / 'M'
  header[127] = little ? 77 : 73
  let element = matrix
  if (options.compressed) {
    const packed = zlibSync(matrix)
    element = new Uint8Array(8 + packed.length)
    const ev = new DataView(element.buffer)
    ev.setUint32(0, 15, little)
    ev.setUint32(4, packed.length, little)
    element.set(packed, 8)
  }
  const file = new Uint8Array(128 + element.length)
  file.set(header)
  file.set(element, 128)
  return file
}

describe('parseMat', () => {
  it('transposes column-major storage to row-major, in either byte order, compressed or not', () => {
    // MATLAB [1 2 3; 4 5 6] is stored column by column: 1 4 2 5 3 6.
    for (const options of [{}, { compressed: true }, { bigEndian: true }]) {
      const mat = parseMat(tinyMat('A', [2, 3], [1, 4, 2, 5, 3, 6], options))
      expect(mat.variables.A).toEqual({ name: 'A', className: 'int16', dims: [2, 3], data: Float64Array.from([1, 2, 3, 4, 5, 6]) })
    }
    // A 2 × 2 × 2 array: element (i, j, k) holds 100i + 10j + k; row-major order puts k fastest.
    const values: number[] = []
    for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) values.push(100 * i + 10 * j + k)
    expect(Array.from(parseMat(tinyMat('B', [2, 2, 2], values)).variables.B.data)).toEqual([0, 1, 10, 11, 100, 101, 110, 111])
  })

  testWith(['odds'], 'reads the storage types of the ODDS files (shuttle: X as int16, y as uint8)', () => {
    const mat = parseMat(readFileSync(join(sharedDataDir(), 'odds', 'shuttle.mat')))
    expect(mat.header.startsWith('MATLAB 5.0 MAT-file')).toBe(true)
    expect(Object.keys(mat.variables).sort()).toEqual(['X', 'y'])
    expect(mat.variables.X.dims).toEqual([49097, 9])
    expect(mat.variables.y.dims).toEqual([49097, 1])
  })

  it('refuses a v7.3 (HDF5) file and says what to do (E_UNSUPPORTED)', async () => {
    const file = new Uint8Array(1024)
    const text = 'MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Nov 30 2026 HDF5 schema 1.00 .'
    for (let i = 0; i < text.length; i++) file[i] = text.charCodeAt(i)
    file.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512)
    expect(thrown(() => parseMat(file, { source: 'big.mat' }))).toMatchInlineSnapshot(`
      {
        "code": "E_UNSUPPORTED",
        "message": "parseMat(): big.mat is a MATLAB v7.3 MAT-file (HDF5 inside), which this reader does not read. Save it again as v7 (MATLAB: save(file, 'X', 'y', '-v7'); Python: scipy.io.savemat), or use the CSV version (loadOdds with format: 'csv').",
      }
    `)
  })

  testWith(['odds'], 'rejects a file that is not a MAT-file (E_FORMAT) and a truncated one (E_CORRUPT)', async () => {
    expect(thrown(() => parseMat(new TextEncoder().encode('f0,f1,label\n1,2,0\n'.repeat(10)), { source: 'cardio.csv' }))).toMatchInlineSnapshot(`
      {
        "code": "E_FORMAT",
        "message": "parseMat(): cardio.csv does not start with a MATLAB 5.0 MAT-file header (it starts 'f0,f1,label 1,2,0 f0,f1,'). Pass a .mat file saved by MATLAB, Octave or scipy.",
      }
    `)
    const cardio = readFileSync(join(sharedDataDir(), 'odds', 'cardio.mat'))
    expect(thrown(() => parseMat(cardio.subarray(0, 30000), { source: 'cardio.mat' }))).toMatchInlineSnapshot(`
      {
        "code": "E_CORRUPT",
        "message": "parseMat(): cardio.mat is damaged (a data element at byte 128 declares 68093 bytes, past the end). Copy the file again, or export it again from MATLAB or scipy.",
      }
    `)
    expect(await caught(() => loadOdds({ dataDir: sharedDataDir(), name: 'kddcup' }))).toEqual({
      code: 'E_NOT_FOUND',
      message: `loadOdds(): ${join(sharedDataDir(), 'odds', 'kddcup.mat')} does not exist. Put the odds files in ${join(sharedDataDir(), 'odds')} as laid out in the @aedetect/datasets README (section "Data directory").`,
    })
  })
})

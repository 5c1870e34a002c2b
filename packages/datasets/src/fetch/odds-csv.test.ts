import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ODDS_NAMES } from '@aedetect/datasets'
import { oddsCsvFromMat } from '@aedetect/datasets/node'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'
import { thrown } from '../_test-data'
import { pythonRepr } from './odds-csv'

describe('pythonRepr', () => {
  it('writes floats as Python 3 repr() does', () => {
    // Expected: python3 -c 'print(repr(v))' for each value (Debian python3 3.11).
    const cases: Array<[number, string]> = [
      [1e-5, '1e-05'], [1.5e-5, '1.5e-05'], [0.0001, '0.0001'], [0.00012345, '0.00012345'], [50, '50.0'], [123.456, '123.456'],
      [1e16, '1e+16'], [1.2345e16, '1.2345e+16'], [9999999999999998, '9999999999999998.0'], [1e15, '1000000000000000.0'],
      [-0.5, '-0.5'], [-3e-7, '-3e-07'], [0.1 + 0.2, '0.30000000000000004'], [1e100, '1e+100'], [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'], [-12, '-12.0'], [0, '0.0'], [-0, '-0.0'],
    ]
    expect(cases.map(([v]) => pythonRepr(v))).toEqual(cases.map(([, text]) => text))
  })
})

describeWith(['odds'], 'oddsCsvFromMat on the shared tables', () => {
  it.each(ODDS_NAMES)('%s: rebuilds the shared CSV byte for byte from the .mat file', (name) => {
    const folder = join(sharedDataDir(), 'odds')
    const csv = oddsCsvFromMat(new Uint8Array(readFileSync(join(folder, `${name}.mat`))))
    const expected = readFileSync(join(folder, 'SHA256SUMS'), 'utf8').split('\n').find((line) => line.endsWith(`  ${name}.csv`))?.slice(0, 64)
    expect(createHash('sha256').update(csv).digest('hex')).toBe(expected)
  })
})

describe('oddsCsvFromMat', () => {
  it('refuses a file that is not a MAT-file', () => {
    expect(thrown(() => oddsCsvFromMat(new TextEncoder().encode('f0,label\n1,0\n'), { source: 'x.mat' }))).toEqual({
      code: 'E_FORMAT',
      message: "parseMat(): x.mat does not start with a MATLAB 5.0 MAT-file header (it starts 'f0,label 1,0 '). Pass a .mat file saved by MATLAB, Octave or scipy.",
    })
  })
})

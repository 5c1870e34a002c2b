import { parseOdds } from '../odds'
import { parseMat } from '../mat-file'

/**
 * The CSV version of an ODDS `.mat` file, byte for byte as the shared data folder stores it: header
 * `f0,…,f{d-1},label`, one line per row of `X` in file order, each value as Python's `repr` of the float64
 * (`50.0`, `1e-05`, `0.123`), then the label `0` or `1` (1 = outlier), `\n` after every line. It is what
 * `scipy.io.loadmat` + `repr` wrote, so `fetchDatasets` can rebuild the CSVs and check them against their
 * SHA-256. Throws the {@link parseOdds} errors for a file that is not an ODDS table.
 */
export function oddsCsvFromMat(bytes: Uint8Array, options: { source?: string } = {}): Uint8Array {
  // parseOdds checks X, y and the 0/1 labels; its float32 copy is too coarse for the text, so read X again as float64.
  const table = parseOdds(bytes, { format: 'mat', source: options.source })
  const x = parseMat(bytes, { source: options.source }).variables.X.data
  const [n, d] = table.x.shape
  const lines: string[] = [`${table.featureNames.join(',')},label`]
  const row: string[] = new Array<string>(d + 1)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = pythonRepr(x[i * d + j])
    row[d] = String(table.labels[i])
    lines.push(row.join(','))
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`)
}

/**
 * Python's `repr(float)`: the shortest digits that read back to the same double (JavaScript finds the
 * same digits, `toExponential()`), in fixed notation for decimal exponents -4 … 15 with at least one
 * digit after the point, else as `d.ddde±XX`.
 */
export function pythonRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const [mantissa, exponentText] = x.toExponential().split('e')
  const exponent = Number(exponentText)
  const sign = mantissa.startsWith('-') ? '-' : ''
  const digits = mantissa.replace('-', '').replace('.', '')
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : ''
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`
}

// The packages' messages name their own options (`missing: 'drop'`, `testFraction`, `windowSize`); the
// CLI user can only act on flags. Each rule rewrites one library hint into the flag that fixes it, or
// into what the user can do when the CLI has no such flag. Ordered: longer phrases first.
const RULES: Array<[RegExp, string]> = [
  [/Set missing: 'drop' to skip such rows or missing: 'impute-mean' to fill them with the column mean\./g, 'Pass --missing drop to skip such rows or --missing impute-mean to fill them with the column mean, fix the cell, or leave the column out with --features.'],
  [/Fill in the label, or set missing: 'drop' to skip such rows\./g, 'Fill in the label, or pass --missing drop to skip such rows.'],
  [/missing: 'impute-mean' needs every row before the first batch; a stream cannot give that\. Use missing: 'drop', or readCsv\(\) for files that fit in memory\./g, "--missing impute-mean needs every row before the first batch, and this command streams the file. Use --missing drop."],
  [/\bmissing is '([^']*)'; expected one of 'error' \| 'drop' \| 'impute-mean'\./g, "--missing $1: expected one of error | drop | impute-mean."],
  [/Set normal to the value that means normal \(e\.g\. normal: '([^']*)'\) to map the others to anomalies\./g, "Pass --normal '$1' (the value that means normal) to map the others to anomalies."],
  [/without the normal option/g, 'without --normal'],
  [/leave (it|the column) out with the features option/g, 'leave $1 out with --features'],
  [/Leave it out with the features option/g, 'Leave it out with --features'],
  [/Lower testFraction or validationFraction/g, 'Lower --test-fraction or --validation-fraction'],
  [/another validationFraction in \(0, 1\), or validation samples\./g, 'or another --validation-fraction in (0, 1).'],
  [/\bvalidationFraction (\d[\d.e-]*) of/g, '--validation-fraction $1 of'],
  [/fitPca\(\): components is (\d+); expected an integer from 1 to (\d+)/g, 'fitPca(): --code-size $1 asks for $1 PCA components; expected 1 to $2'],
  [/Change testFraction or pass more rows\./g, 'Change --test-fraction or pass more rows.'],
  [/\btestFraction (\d)/g, '--test-fraction $1'],
  [/a smaller windowSize or trainingStride\./g, 'a smaller --window.'],
  [/Pass windowSize ≤ (\d+), or 'auto'\./g, 'Pass --window ≤ $1, or leave --window out.'],
  [/or a numeric windowSize\./g, 'or --window N.'],
  [/\bwindowSize is (\d+) but the training series has/g, '--window $1 is longer than the training series, which has'],
  [/\bwindowSize is (\d+)/g, '--window $1'],
]

// `aedetect score` streams its CSV (streamCsv) and has no --missing: there, say what the user can do instead.
const STREAM_RULES: Array<[RegExp, string]> = [
  [/Set missing: 'drop' to skip such rows or missing: 'impute-mean' to fill them with the column mean\./g, 'Fix the cell, remove the row, or leave the column out with --features.'],
  [/Fill in the label, or set missing: 'drop' to skip such rows\./g, 'Fill in the label, or remove the row.'],
]

/** A library error message with its option hints rewritten as the CLI flags that fix them. */
export function cliHints(message: string): string {
  let out = message
  if (out.startsWith('streamCsv()')) for (const [pattern, replacement] of STREAM_RULES) out = out.replace(pattern, replacement)
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement)
  return out
}

import { describe, expect, test } from 'vitest'
import { cliHints } from './cli-hints'

// The library messages below are copied from the packages' throw sites (datasets/_csv-rows.ts,
// preprocessing's split, detector's window detector); the CLI must name its own flags instead.
describe('cliHints rewrites library option names into CLI flags (issue #16, item 16)', () => {
  test.each([
    ["x line 2, column 2 ('b') is 'NaN'; every feature must be a finite number. Set missing: 'drop' to skip such rows or missing: 'impute-mean' to fill them with the column mean.", "x line 2, column 2 ('b') is 'NaN'; every feature must be a finite number. Pass --missing drop to skip such rows or --missing impute-mean to fill them with the column mean, fix the cell, or leave the column out with --features."],
    ["x line 2, label column 4 ('label') is empty. Fill in the label, or set missing: 'drop' to skip such rows.", "x line 2, label column 4 ('label') is empty. Fill in the label, or pass --missing drop to skip such rows."],
    ["streamCsv(): x.csv: missing: 'impute-mean' needs every row before the first batch; a stream cannot give that. Use missing: 'drop', or readCsv() for files that fit in memory.", 'streamCsv(): x.csv: --missing impute-mean needs every row before the first batch, and this command streams the file. Use --missing drop.'],
    ["x is '2'; without the normal option labels must be 0 (normal) or 1 (anomaly). Set normal to the value that means normal (e.g. normal: '2') to map the others to anomalies.", "x is '2'; without --normal labels must be 0 (normal) or 1 (anomaly). Pass --normal '2' (the value that means normal) to map the others to anomalies."],
    ["x is 'oops', not a number. Fix the cell, or leave the column out with the features option.", "x is 'oops', not a number. Fix the cell, or leave the column out with --features."],
    ['split(): testFraction 0.01 of 20 rows gives 20 training and 0 test rows; both parts need at least one row. Change testFraction or pass more rows.', 'split(): --test-fraction 0.01 of 20 rows gives 20 training and 0 test rows; both parts need at least one row. Change --test-fraction or pass more rows.'],
    ['trainValidationTestSplit(): no training rows remain (…). Lower testFraction or validationFraction, or pass more normal rows.', 'trainValidationTestSplit(): no training rows remain (…). Lower --test-fraction or --validation-fraction, or pass more normal rows.'],
    ["fitWindowDetector(): windowSize is 2000 but the training series has 1000 time steps. Pass windowSize ≤ 1000, or 'auto'.", 'fitWindowDetector(): --window 2000 is longer than the training series, which has 1000 time steps. Pass --window ≤ 1000, or leave --window out.'],
    ['f(): the training series of 50 steps gives 3 windows of 40 steps at trainingStride 1; at least 10 are needed. Pass a longer series, a smaller windowSize or trainingStride.', 'f(): the training series of 50 steps gives 3 windows of 40 steps at trainingStride 1; at least 10 are needed. Pass a longer series, a smaller --window.'],
    ['fitPca(): components is 9; expected an integer from 1 to 8 (the smaller of 300 samples and 8 features).', 'fitPca(): --code-size 9 asks for 9 PCA components; expected 1 to 8 (the smaller of 300 samples and 8 features).'],
    ['fitDetector(): validationFraction 0.003 of 20 normal samples leaves 0 for validation and 20 for training; both need at least one. Pass more samples, another validationFraction in (0, 1), or validation samples.', 'fitDetector(): --validation-fraction 0.003 of 20 normal samples leaves 0 for validation and 20 for training; both need at least one. Pass more samples, or another --validation-fraction in (0, 1).'],
    ["f(): windowSize 'auto' needs at least 64 (…). Pass a longer series or a numeric windowSize.", "f(): windowSize 'auto' needs at least 64 (…). Pass a longer series or --window N."],
  ])('%s', (library, cli) => {
    expect(cliHints(library)).toBe(cli)
  })

  test('a streamed CSV (aedetect score, which has no --missing) is told to fix the cell instead', () => {
    const library = "streamCsv(): x line 2, column 2 ('b') is 'NaN'; every feature must be a finite number. Set missing: 'drop' to skip such rows or missing: 'impute-mean' to fill them with the column mean."
    expect(cliHints(library)).toBe("streamCsv(): x line 2, column 2 ('b') is 'NaN'; every feature must be a finite number. Fix the cell, remove the row, or leave the column out with --features.")
  })

  test('leaves a message without library option names alone', () => {
    const message = 'loadDetector(): m is not a folder. Pass the folder written by \'aedetect train\' or saveDetector().'
    expect(cliHints(message)).toBe(message)
  })
})

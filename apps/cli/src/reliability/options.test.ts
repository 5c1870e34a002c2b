import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRun, lastLine, removeFolder, runIn, smallTable, tempFolder } from './_reliability'

// Issue #16, item 16, and the option conventions that already held: every bad option, combination or
// config value exits 2 (usage) before any work with one line naming the option (and the config file).

let dir: string
const csv = ['--csv', 't.csv', '--label', 'label']

beforeAll(async () => {
  dir = await tempFolder()
  await writeFile(join(dir, 't.csv'), smallTable())
  const configs: Record<string, string> = {
    'zero-epochs.json': '{ "epochs": 0 }',
    'word-epochs.json': '{ "epochs": "abc" }',
    'bad-backend.json': '{ "backend": "gpu" }',
    'flag-string.json': '{ "json": "yes" }',
    'unknown-key.json': '{ "epoch": 1 }',
    'array.json': '[1]',
    'object-value.json': '{ "epochs": { "n": 1 } }',
    'bad-json.json': '{ "epochs": 1, }',
  }
  for (const [name, text] of Object.entries(configs)) await writeFile(join(dir, name), text)
  const train = await runIn(dir, ['train', ...csv, '--epochs', '1', '--out', 'model'])
  expect(train.code).toBe(0)
})

afterAll(async () => removeFolder(dir))

describe('conflicting or stray options are refused (item 16)', () => {
  test.each([
    ['--data with --csv', ['train', '--data', 'ecg5000', ...csv], 'aedetect: --data ecg5000 and --csv t.csv both name the data; pass one of them.'],
    ['--data with --csv on evaluate', ['evaluate', '--model', 'model', '--data', 'synthetic:table', ...csv], 'aedetect: --data synthetic:table and --csv t.csv both name the data; pass one of them.'],
    ['--input with --csv on explain', ['explain', '--model', 'model', '--input', 't.csv', ...csv], 'aedetect: --input t.csv and --csv t.csv both name the data; pass one of them.'],
    ['--features without --csv', ['train', '--features', 'a,b'], 'aedetect: --features a,b applies to a CSV file only; pass it with --csv FILE --label COLUMN, or leave it out.'],
    ['--normal without --csv', ['train', '--normal', '0'], 'aedetect: --normal 0 applies to a CSV file only; pass it with --csv FILE --label COLUMN, or leave it out.'],
    ['--window on a table', ['train', ...csv, '--epochs', '1', '--window', '10', '--out', 'm2'], 'aedetect: --window 10: CSV t.csv is a table, not a time series; --window applies only to series (nab:, smd:, synthetic:series). Leave --window out.'],
    ['--window longer than the series (a CLI flag in the hint)', ['train', '--data', 'synthetic:series', '--window', '2000', '--epochs', '1', '--out', 'm2'], 'aedetect: fitWindowDetector(): --window 2000 is longer than the training series, which has 1000 time steps. Pass --window ≤ 1000, or leave --window out.'],
    ['an unknown --data source', ['train', '--data', 'nope:x'], 'aedetect: --data nope:x: unknown source \'nope\'; expected one of ecg5000 | mnist:<class> | fashion-mnist:<class> | nab:<series> | odds:<table> | smd:<machine> | synthetic:table | synthetic:series, or --csv FILE --label COLUMN.'],
    ['--data without its argument', ['train', '--data', 'odds'], 'aedetect: --data odds: name the table after the colon, e.g. --data odds:cardio.'],
    ['an unknown synthetic kind', ['train', '--data', 'synthetic:foo'], "aedetect: --data synthetic:foo: unknown synthetic kind 'foo'; expected synthetic:table or synthetic:series."],
    ['a bad mnist class', ['train', '--data', 'mnist:12'], "aedetect: --data mnist:12: the normal class is '12'; expected an integer 0-9."],
    ['--csv without --label', ['train', '--csv', 't.csv'], 'aedetect: --csv t.csv: name the label column with --label COLUMN (and its normal value with --normal VALUE); training and evaluation need labels.'],
  ])('%s', async (_name, args, line) => {
    const run = await expectRun(dir, args, { code: 2, line })
    expect(run.stdout).toBe('')
  })
})

describe('option values are checked by the parser, before any work (item 16)', () => {
  test.each([
    ['--epochs 0', ['train', ...csv, '--epochs', '0'], "error: option '--epochs <n>' argument '0' is invalid. expected a positive integer, got '0'."],
    ['--epochs -1', ['train', ...csv, '--epochs=-1'], "error: option '--epochs <n>' argument '-1' is invalid. expected a positive integer, got '-1'."],
    ['--epochs 1.5', ['train', ...csv, '--epochs', '1.5'], "error: option '--epochs <n>' argument '1.5' is invalid. expected a positive integer, got '1.5'."],
    ['--epochs abc', ['train', ...csv, '--epochs', 'abc'], "error: option '--epochs <n>' argument 'abc' is invalid. expected a positive integer, got 'abc'."],
    ['--batch-size 0', ['train', ...csv, '--batch-size', '0'], "error: option '--batch-size <n>' argument '0' is invalid. expected a positive integer, got '0'."],
    ['--window 0', ['train', '--data', 'synthetic:series', '--window', '0'], "error: option '--window <n>' argument '0' is invalid. expected a positive integer, got '0'."],
    ['score --batch-size 0', ['score', '--model', 'model', '--input', 't.csv', '--batch-size', '0'], "error: option '--batch-size <n>' argument '0' is invalid. expected a positive integer, got '0'."],
    ['--test-fraction 1', ['train', ...csv, '--test-fraction', '1'], "error: option '--test-fraction <f>' argument '1' is invalid. expected a fraction between 0 and 1 (exclusive), got '1'."],
    ['--validation-fraction 0', ['train', ...csv, '--validation-fraction', '0'], "error: option '--validation-fraction <f>' argument '0' is invalid. expected a fraction between 0 and 1 (exclusive), got '0'."],
    ['--backend gpu', ['train', ...csv, '--backend', 'gpu'], "error: option '--backend <name>' argument 'gpu' is invalid. Allowed choices are auto, tensorflow, wasm, cpu."],
    ['--architecture foo', ['train', ...csv, '--architecture', 'foo'], "error: option '--architecture <kind>' argument 'foo' is invalid. Allowed choices are pca, dense, sparse, conv1d, conv2d, lstm, variational."],
    ['--preset foo', ['train', '--preset', 'foo'], "error: option '--preset <name>' argument 'foo' is invalid. Allowed choices are tf-tutorial, keras-denoise, keras-dense-64, stacked-52, lstm-ae, sparse, vae."],
    ['a missing required option', ['score', '--input', 't.csv'], "error: required option '--model <dir>' not specified"],
    ['an unknown command', ['frobnicate'], "error: unknown command 'frobnicate'"],
  ])('%s', async (_name, args, first) => {
    const run = await expectRun(dir, args, { code: 2 })
    expect(run.stderr.split('\n')[0]).toBe(first)
    expect(run.stdout).toBe('')
  })

  test('an unknown option suggests the right one', async () => {
    const run = await expectRun(dir, ['train', '--epoch', '3'], { code: 2, line: '(Did you mean --epochs?)' })
    expect(run.stderr.split('\n')[0]).toBe("error: unknown option '--epoch'")
  })
})

describe('a bad config value names the config file and the key (item 16)', () => {
  test.each([
    ['epochs 0', 'zero-epochs.json', "aedetect: --config zero-epochs.json: key 'epochs' is 0; expected a positive integer, got '0'.", 2],
    ['epochs "abc"', 'word-epochs.json', "aedetect: --config word-epochs.json: key 'epochs' is \"abc\"; expected a positive integer, got 'abc'.", 2],
    ['a backend not among the choices', 'bad-backend.json', "aedetect: --config bad-backend.json: key 'backend' is \"gpu\"; expected one of auto, tensorflow, wasm, cpu.", 2],
    ['a flag given a string', 'flag-string.json', "aedetect: --config flag-string.json: key 'json' is a flag; expected true or false, got \"yes\".", 2],
    ['an object value', 'object-value.json', "aedetect: --config object-value.json: key 'epochs' takes a value; expected a string, a number or a list of them, got {\"n\":1}.", 2],
    ['an unknown key', 'unknown-key.json', "aedetect: --config unknown-key.json: unknown key 'epoch' for 'aedetect train'; expected one of preset, seed, out, top-k, data, csv, label, normal, features, missing, shape, data-dir, split, split-file, split-key, test-fraction, architecture, code-size, units, sparsity, threshold, k, q, contamination, max-fpr, noise, loss, score-metric, learning-rate, scaler, smoothing, epochs, batch-size, validation-fraction, window, samples, backend, json, verbose.", 2],
    ['an array', 'array.json', 'aedetect: --config array.json: the file holds an array; expected a JSON object whose keys are long option names, e.g. { "epochs": 50 }.', 2],
    ['invalid JSON', 'bad-json.json', 'aedetect: bad-json.json: line 1, column 16: invalid JSON (Expected double-quoted property name). Keys are long option names, e.g. { "epochs": 50 }.', 3],
    ['a missing file', 'missing.json', 'aedetect: --config missing.json: cannot read the file (ENOENT). Pass a JSON file whose keys are long option names, e.g. { "epochs": 50 }.', 3],
  ])('%s', async (_name, file, line, code) => {
    await expectRun(dir, ['train', '--config', file], { code, line })
  })
})

describe('labels and help (item 16)', () => {
  test('--normal matching no row says so (exit 3) and trains nothing', async () => {
    await expectRun(dir, ['train', ...csv, '--normal', 'ok', '--epochs', '1', '--out', 'm2'], { code: 3, line: "aedetect: --normal ok: no row of t.csv has that value in the label column 'label', so every row would be an anomaly. Pass the value that means normal in that column (compared as a number when both parse as numbers, else as text)." })
  })

  test.each([[[]], [['train']], [['score']], [['evaluate']], [['report']]])('--help %j lists the exit codes', async (command) => {
    const run = await expectRun(dir, [...command, '--help'], { code: 0 })
    expect(run.stdout).toContain(`
Exit codes:
  0  success
  1  unexpected error (a bug: rerun with --verbose and report it)
  2  usage error: unknown command or option, bad option value, conflicting options, an output path that would destroy data
  3  data error: missing, malformed or mismatched input, unreadable or unwritable file (the message names file, line and column)
  4  model error: missing, foreign, corrupted or incompatible detector folder; backend unavailable`)
  })

  test('--version prints the version on stdout', async () => {
    const run = await expectRun(dir, ['--version'], { code: 0 })
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    expect(lastLine(run.stderr)).toBe('')
  })
})

import { Option, type Command, type OptionValues } from '@commander-js/extra-typings'
import { BACKEND_CHOICES, type BackendChoice } from './backend'
import { DATA_SOURCES, MISSING_CHOICES, type DataOptions } from './data-source'
import { SPLIT_CHOICES } from './split-file'
import { parseFraction } from './parse-options'

// Type aliases, not interfaces: commander's OptionValues needs the implicit index signature only aliases get.

/** What {@link withCommonOptions} adds to a command's parsed options. */
export type CommonOptionValues = {
  backend?: BackendChoice
  json?: true
  config?: string
  verbose?: true
}

/** What {@link withDataOptions} adds to a command's parsed options: the data options, then the split's. */
export type DataOptionValues = Pick<DataOptions, 'data' | 'csv' | 'label' | 'normal' | 'features' | 'dataDir' | 'missing' | 'shape'> & {
  split?: (typeof SPLIT_CHOICES)[number]
  splitFile?: string
  splitKey?: string
  testFraction: number
}

// The return types are written out: inferred, each chained option nests one more commander generic
// (`Resolve<CombineOptions<…>>`), and with `declaration` on tsc spent minutes serialising them (TS7056).
// commander's Command is invariant in its options type, so the nested form is not assignable to the flat
// intersection although they hold the same members: hence the casts. cli.test.ts parses every option.

/** The options every command shares: backend, JSON output, stack traces, config file. */
export function withCommonOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>): Command<Args, Opts & CommonOptionValues> {
  return command
    .addOption(new Option('--backend <name>', 'tfjs backend (default: $AEDETECT_BACKEND or auto)').choices(BACKEND_CHOICES))
    .option('--json', 'print one JSON object on stdout (progress stays on stderr)')
    .option('--config <file>', 'JSON file of options: keys are long option names, e.g. { "epochs": 50 }; flags on the command line win')
    .option('--verbose', 'print stack traces of errors') as unknown as Command<Args, Opts & CommonOptionValues>
}

/** The options naming labelled data and its split (train, evaluate, explain, report). */
export function withDataOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>): Command<Args, Opts & DataOptionValues> {
  return command
    .option('--data <source>', `dataset: ${DATA_SOURCES}`)
    .option('--csv <file>', 'a CSV file instead of --data (needs --label)')
    .option('--label <column>', 'CSV label column (name or 0-based index)')
    .option('--normal <value>', 'the label value meaning normal (default: the column holds 0 = normal / 1 = anomaly)')
    .option('--features <list>', 'CSV feature columns, comma separated (default: every column but the label)')
    .addOption(new Option('--missing <rule>', "CSV cells that are empty, NaN or infinite: 'error' refuses the file, 'drop' skips the row, 'impute-mean' fills the column's mean (default: error)").choices(MISSING_CHOICES))
    .option('--shape <dims>', 'read each row as a sequence STEPSxCHANNELS (e.g. 140x1) or an image HEIGHTxWIDTHxCHANNELS (e.g. 28x28x1); default: rows (ECG5000: a sequence [140, 1] with --architecture conv1d|lstm)')
    .option('--data-dir <dir>', 'data directory laid out as in the @aedetect/datasets README (default: $AEDETECT_DATA_DIR; ECG5000 is bundled)')
    .addOption(new Option('--split <name>', "'ucr': ECG5000's original UCR train (500 beats) and test (4,500) files, instead of a seeded split").choices(SPLIT_CHOICES))
    .option('--split-file <file>', 'JSON { "trainRows": [...], "testRows": [...] } of 0-based data rows, instead of a seeded split')
    .option('--split-key <path>', 'dotted path of the split object inside --split-file, e.g. tables.cardio.0')
    .option('--test-fraction <f>', 'share of rows in the seeded test split', parseFraction, 0.2) as unknown as Command<Args, Opts & DataOptionValues>
}

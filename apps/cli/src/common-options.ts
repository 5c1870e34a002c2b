import { Option, type Command, type OptionValues } from '@commander-js/extra-typings'
import { BACKEND_CHOICES, type BackendChoice } from './backend'
import { DATA_SOURCES, type DataOptions } from './data-source'
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
export type DataOptionValues = Pick<DataOptions, 'data' | 'csv' | 'label' | 'normal' | 'features' | 'dataDir'> & {
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
    .option('--data-dir <dir>', 'data directory laid out as in the @aedetect/datasets README (default: $AEDETECT_DATA_DIR; ECG5000 is bundled)')
    .option('--split-file <file>', 'JSON { "trainRows": [...], "testRows": [...] } of 0-based data rows, instead of a seeded split')
    .option('--split-key <path>', 'dotted path of the split object inside --split-file, e.g. tables.cardio.0')
    .option('--test-fraction <f>', 'share of rows in the seeded test split', parseFraction, 0.2) as unknown as Command<Args, Opts & DataOptionValues>
}

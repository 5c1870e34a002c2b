import type { Command } from '@commander-js/extra-typings'
import { transformCsvCommand } from './_transform-csv'

/**
 * `aedetect encode`: the latent code of each CSV row under a saved detector (the detector's scaler applied
 * first, as `score` does), one row of `code_0 … code_{k-1}` per input row, in input order: for plotting,
 * dimensionality reduction, or as features of a supervised model.
 */
export function encodeCommand(): Command {
  return transformCsvCommand({
    name: 'encode',
    description: 'Write the latent code of each row of a CSV file under a saved detector: one row of code_0 … code_{k-1} per input row.',
    outputHelp: 'header code_0,…, one row per input row',
    example: '  $ aedetect encode --model aedetect-model --input beats.csv --output codes.csv',
    run: (detector, x) => detector.encode(x),
    header: (_detector, width) => Array.from({ length: width }, (_, i) => `code_${i}`),
  })
}

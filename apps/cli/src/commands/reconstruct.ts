import type { Command } from '@commander-js/extra-typings'
import { transformCsvCommand } from './_transform-csv'

/**
 * `aedetect reconstruct`: each CSV row as the saved detector reconstructs it, in the original units (the
 * scaler undone), under the detector's feature names: for a denoising model, the denoised row.
 */
export function reconstructCommand(): Command {
  return transformCsvCommand({
    name: 'reconstruct',
    description: 'Write each row of a CSV file as a saved detector reconstructs it, in original units (for a denoising model: the denoised row).',
    outputHelp: 'header = the detector\'s feature names, one row per input row',
    example: '  $ aedetect reconstruct --model aedetect-model --input beats.csv --output reconstructed.csv',
    run: (detector, x) => detector.reconstruct(x),
    header: (detector, width) => (detector.state.featureNames.length === width ? detector.state.featureNames : Array.from({ length: width }, (_, i) => `f${i}`)),
  })
}

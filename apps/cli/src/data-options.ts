import { AedetectError } from '@aedetect/core'

/**
 * Checks the data options for combinations that would silently ignore one of them, before any work:
 * `--data` with `--csv`, and `--label`, `--normal`, `--features` or `--missing` without a CSV to apply them to.
 * Throws `E_OPTION` (usage) naming both options.
 */
export function checkDataOptions(opts: { data?: string; csv?: string; input?: string; label?: string; normal?: string; features?: string; missing?: string }): void {
  if (opts.data !== undefined && opts.csv !== undefined) {
    throw new AedetectError('E_OPTION', `--data ${opts.data} and --csv ${opts.csv} both name the data; pass one of them.`)
  }
  if (opts.input !== undefined && (opts.data !== undefined || opts.csv !== undefined)) {
    throw new AedetectError('E_OPTION', `--input ${opts.input} and ${opts.data !== undefined ? `--data ${opts.data}` : `--csv ${opts.csv}`} both name the data; pass one of them.`)
  }
  if (opts.csv === undefined && opts.input === undefined) {
    const stray = opts.features !== undefined ? `--features ${opts.features}` : opts.normal !== undefined ? `--normal ${opts.normal}` : opts.missing !== undefined ? `--missing ${opts.missing}` : undefined
    if (stray !== undefined) {
      throw new AedetectError('E_OPTION', `${stray} applies to a CSV file only; pass it with --csv FILE --label COLUMN, or leave it out.`)
    }
  }
}

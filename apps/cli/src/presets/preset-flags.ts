import { AedetectError } from '@aedetect/core'
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings'
import { parsePositiveInteger } from '../parse-options'

/**
 * The `train` flags a preset reads beyond {@link PresetContext}'s first fields: the CSV of `stacked-52`, where
 * `vae` writes its samples, and the budget (`--epochs` given on the command line, the hidden `--limit`).
 * Only flags the user passed are set: a preset's own recipe supplies every default.
 */
export interface PresetFlags {
  csv?: string
  label?: string
  normal?: string
  features?: string
  /** `--out` when given (not its default): the folder a preset writes its files to. */
  out?: string
  /** `--samples FILE`: the `vae` preset's CSV of samples from the prior. */
  samples?: string
  /** `--epochs` when given: replaces the recipe's epochs (the README's figures are for the recipe's own). */
  epochs?: number
  /** Hidden `--limit N`: at most N training (and N test) samples, for a quick run (tests, smoke checks). */
  limit?: number
}

/**
 * Adds the preset-only flags to the `train` command (`--samples`, the hidden `--limit`).
 * Call it on the command `trainCommand()` returns.
 */
export function withPresetOptions<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>): Command<Args, Opts & PresetOptionValues> {
  return command
    .addOption(new Option('--samples <file>', 'train --preset vae: a new CSV file for the samples drawn from the prior (default: samples.csv in --out)'))
    .addOption(new Option('--limit <n>', 'presets: at most n training and n test samples (a quick run, not the recipe)').argParser(parsePositiveInteger).hideHelp()) as unknown as Command<Args, Opts & PresetOptionValues>
}

/** What {@link withPresetOptions} adds to the parsed options (a type alias: commander needs its implicit index signature). */
export type PresetOptionValues = { samples?: string; limit?: number }

/** The preset flags of a parsed `train` command: only the values the user gave, not commander's defaults. */
export function presetFlagsOf(command: Pick<Command, 'opts' | 'getOptionValueSource'>): PresetFlags {
  const opts = command.opts() as Record<string, unknown>
  const given = (name: string): boolean => command.getOptionValueSource(name) !== undefined && command.getOptionValueSource(name) !== 'default'
  const text = (name: string): string | undefined => (given(name) && typeof opts[name] === 'string' ? (opts[name] as string) : undefined)
  return {
    csv: text('csv'),
    label: text('label'),
    normal: text('normal'),
    features: text('features'),
    out: text('out'),
    samples: text('samples'),
    epochs: given('epochs') ? (opts.epochs as number) : undefined,
    limit: given('limit') ? (opts.limit as number) : undefined,
  }
}

/**
 * Refuses, before any work, a flag the chosen preset (or plain `train`) would silently ignore: `--samples`
 * without `--preset vae`, the hidden `--limit` without a preset, `--csv` with a preset that brings its own data,
 * `--out` with a preset that writes no files, `--epochs` or `--limit` with `tf-tutorial` (whose figures are the tutorial's). Throws `E_OPTION` (usage) naming the flag.
 */
export function checkPresetFlags(flags: PresetFlags, preset: string | undefined): void {
  if (flags.samples !== undefined && preset !== 'vae') {
    throw new AedetectError('E_OPTION', `--samples ${flags.samples} applies to --preset vae only (where its samples from the prior go); leave it out${preset === undefined ? '' : ` with --preset ${preset}`}.`)
  }
  if (flags.limit !== undefined && preset === undefined) {
    throw new AedetectError('E_OPTION', `--limit ${flags.limit} applies to --preset runs only; leave it out, or pass --preset NAME.`)
  }
  if (preset === undefined) return
  if (preset === 'tf-tutorial' && (flags.epochs !== undefined || flags.limit !== undefined)) {
    throw new AedetectError('E_OPTION', `${flags.epochs !== undefined ? `--epochs ${flags.epochs}` : `--limit ${flags.limit}`}: --preset tf-tutorial reproduces the tutorial's own split and 20 epochs to compare with its figures; leave it out.`)
  }
  if (flags.csv !== undefined && preset !== 'stacked-52') {
    throw new AedetectError('E_OPTION', `--csv ${flags.csv}: --preset ${preset} brings its own data; a CSV goes with --preset stacked-52 or with train without --preset.`)
  }
  if (flags.out !== undefined && preset !== 'vae') {
    throw new AedetectError('E_OPTION', `--out ${flags.out}: --preset ${preset} saves no detector and writes no file; leave --out out (it applies to train without --preset and to --preset vae).`)
  }
}

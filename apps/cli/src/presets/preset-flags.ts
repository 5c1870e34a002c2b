import { Option, type Command } from '@commander-js/extra-typings'
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
export function withPresetOptions(command: Command): Command {
  return command
    .addOption(new Option('--samples <file>', 'train --preset vae: a new CSV file for the samples drawn from the prior (default: samples.csv in --out)'))
    .addOption(new Option('--limit <n>', 'presets: at most n training and n test samples (a quick run, not the recipe)').argParser(parsePositiveInteger).hideHelp())
}

/** The preset flags of a parsed `train` command: only the values the user gave, not commander's defaults. */
export function presetFlagsOf(command: Command): PresetFlags {
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

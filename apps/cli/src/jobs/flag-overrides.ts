import { AedetectError } from '@aedetect/core'
import { DEFAULT_ARCHITECTURES } from '@aedetect/detector'
import type { DetectorOverrides, SeriesOverrides } from '@aedetect/evaluation'
import type { Command } from '@commander-js/extra-typings'
import { architectureFor } from '../architecture'
import type { DataKind } from '../data-source'
import { explicitOption } from './explicit-option'

/** The `train` flags the experiment reads; undefined = the data kind's default. */
export interface TrainFlags {
  architecture?: string
  epochs?: number
  batchSize?: number
  validationFraction?: number
  window?: number
}

/** What the user's flags change in a sample experiment (flags left at commander's default change nothing). */
export function sampleOverridesFrom(command: Pick<Command, 'getOptionValueSource'>, flags: TrainFlags, kind: DataKind): DetectorOverrides {
  return {
    architecture: flags.architecture === undefined ? undefined : architectureFor(kind, flags.architecture),
    training: { epochs: explicitOption(command, 'epochs', flags.epochs), batchSize: explicitOption(command, 'batchSize', flags.batchSize) },
    validationFraction: explicitOption(command, 'validationFraction', flags.validationFraction),
  }
}

/** What the user's flags change in a series experiment; `--window` sets the window length. */
export function seriesOverridesFrom(command: Pick<Command, 'getOptionValueSource'>, flags: TrainFlags): SeriesOverrides {
  return {
    architecture: windowArchitecture(flags.architecture),
    training: { epochs: explicitOption(command, 'epochs', flags.epochs), batchSize: explicitOption(command, 'batchSize', flags.batchSize) },
    windowSize: flags.window,
  }
}

function windowArchitecture(choice: string | undefined): SeriesOverrides['architecture'] {
  if (choice === undefined) return undefined
  if (choice === 'dense') return { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] }
  if (choice === 'conv1d') return DEFAULT_ARCHITECTURES.sequence
  if (choice === 'lstm') return { kind: 'lstm', outputActivation: 'sigmoid' }
  throw new AedetectError('E_OPTION', `--architecture ${choice} does not fit time-series windows; use one of dense | conv1d | lstm.`)
}

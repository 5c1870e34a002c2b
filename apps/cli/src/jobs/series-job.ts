import { AedetectError } from '@aedetect/core'
import type { EpochProgress } from '@aedetect/models'
import type { LoadedSeries } from '../data-source'

/** The `train --json` record of a time-series run. */
export interface SeriesTrainingOutput {
  data: string
}

/** Trains a window detector on a time series (pending `fitWindowDetector` in @aedetect/detector). */
export async function runSeriesTraining(data: LoadedSeries, _options: { onEpochEnd?: (p: EpochProgress) => void; backend: string }): Promise<SeriesTrainingOutput> {
  throw new AedetectError('E_UNSUPPORTED', `--data: ${data.name} is a time series; this build cannot train on time series yet.`)
}

export function printSeriesSummary(_output: SeriesTrainingOutput): void {}

/** True when `dir` holds a time-series (window) detector. */
export async function isWindowModel(_dir: string): Promise<boolean> {
  return false
}

export async function evaluateSeries(dir: string, _options: object): Promise<object> {
  throw new AedetectError('E_UNSUPPORTED', `${dir}: time-series detectors cannot be evaluated by this build yet.`)
}

export async function explainSeries(dir: string, _options: object): Promise<object> {
  throw new AedetectError('E_UNSUPPORTED', `${dir}: time-series detectors cannot be explained by this build yet.`)
}

export async function seriesReportContent(dir: string, _options: object): Promise<never> {
  throw new AedetectError('E_UNSUPPORTED', `${dir}: time-series detectors cannot be reported by this build yet.`)
}

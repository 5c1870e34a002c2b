import type { SampleKind } from '@aedetect/evaluation'
import type { DataKind, LoadedData, LoadedSeries, LoadedTable } from '../data-source'

// The one place that knows the CLI's name for a time series (`DataKind`): renaming it is a change here only.
const SERIES: DataKind = 'series'

/** True when the loaded data is a time series (windows are cut from it), not single samples. */
export function isSeries(data: LoadedData): data is LoadedSeries {
  return data.kind === SERIES
}

/** The CLI data kind of single samples as the evaluation package names it (rows, fixed-length sequences, images). */
export function sampleKindOf(kind: DataKind | LoadedTable['kind']): SampleKind {
  return kind === 'image' ? 'image' : kind === 'tabular' ? 'tabular' : 'sequence'
}

/**
 * True when the series' test part continues its training part (NAB: one stream cut after its probationary
 * period), so the test points are scored with the training points before them as window context.
 */
export function testFollowsTrain(dataSpec: string | undefined): boolean {
  return dataSpec?.startsWith('nab:') ?? false
}

import { AedetectError, type Labels, type Samples } from '@aedetect/core'
import { maybeGunzip } from './_bytes'
import type { Ecg5000 } from './ecg5000'
import { ecgFeatureNames } from './ecg5000'
import { parseCsvAs } from './parse-csv'

/** The TensorFlow "Intro to autoencoders" ECG data (`ecg.csv`): 4,998 beats. */
export interface EcgTutorial {
  /** Beats, `[4998, 140]`. */
  x: Samples
  /** 1 = anomaly (the file's label 0.0), 0 = normal (its label 1.0). */
  labels: Labels
  /** `'t0'` … `'t139'`. */
  featureNames: string[]
  /** Where the rows came from. */
  source: string
}

/** Rows of `ecg.csv`: the UCR train rows then the test rows, without the last two test rows. */
export const ECG_TUTORIAL_ROWS = 4998

/**
 * Builds the TensorFlow tutorial's `ecg.csv` rows from the UCR data: rows 0 … 4,997 of ECG5000 (the UCR
 * train rows, then the test rows without the last two, both class 2). Row i equals row i of `ecg.csv`
 * (see the ECG5000 dataset README), so the tutorial preset runs on the bundled copy alone.
 * Labels: 1 = anomaly.
 */
export function ecgTutorialFromUcr(ecg: Ecg5000): EcgTutorial {
  const steps = ecg.x.shape[1]
  if (ecg.x.shape[0] < ECG_TUTORIAL_ROWS) {
    throw new AedetectError('E_SHAPE', `ecgTutorialFromUcr(): got ${ecg.x.shape[0]} beats; expected the 5,000 of ECG5000 (train rows then test rows). Pass the result of loadEcg5000() or parseEcg5000().`)
  }
  return {
    x: { data: ecg.x.data.slice(0, ECG_TUTORIAL_ROWS * steps), shape: [ECG_TUTORIAL_ROWS, steps] },
    labels: ecg.labels.slice(0, ECG_TUTORIAL_ROWS),
    featureNames: ecg.featureNames.slice(),
    source: `${ecg.source} (rows 0 … ${ECG_TUTORIAL_ROWS - 1}, as ecg.csv)`,
  }
}

/**
 * Parses the tutorial's `ecg.csv` (gzip or plain; 140 values then the label, `1.0` = normal) and turns
 * its label into anomaly labels (1 = anomaly). Throws `E_FEATURE_COUNT` when a row does not hold 141
 * fields, and the {@link parseCsv} errors otherwise.
 */
export function parseEcgTutorialCsv(input: Uint8Array | string, options: { source?: string } = {}): EcgTutorial {
  const source = options.source ?? 'ecg.csv'
  const bytes = typeof input === 'string' ? input : maybeGunzip(input, source, 'parseEcgTutorialCsv()')
  const table = parseCsvAs(bytes, { header: false, delimiter: ',', label: -1, normal: '1' }, 'parseEcgTutorialCsv()', source)
  if (table.x.shape[1] !== 140) {
    throw new AedetectError('E_FEATURE_COUNT', `parseEcgTutorialCsv(): ${source} has ${table.x.shape[1] + 1} columns; expected 141 (140 samples, then the label). Pass the TensorFlow tutorial's ecg.csv.`)
  }
  return { x: table.x, labels: table.labels as Labels, featureNames: ecgFeatureNames(), source }
}

import { selectSamples, type Samples } from '@aedetect/core'
import { loadEcg5000 } from '@aedetect/datasets/node'

/** ECG5000 on the UCR split: fit on the normal beats of the UCR train file, test on the whole UCR test file. */
export interface EcgUcrSplit {
  /** Normal beats of the UCR train file (292), `[n, 140]`. */
  train: Samples
  /** Beats of the UCR test file (4,500), `[n, 140]`. */
  test: Samples
  /** 1 = anomaly, one per test beat. */
  testLabels: Uint8Array
  featureNames: string[]
}

/** Takes `limit` rows spread evenly over `rows` (all of them without a limit), so a short run keeps the class mix. */
export function spread(rows: number[], limit: number | undefined): number[] {
  if (limit === undefined || limit >= rows.length) return rows
  return Array.from({ length: limit }, (_, i) => rows[Math.floor((i * rows.length) / limit)])
}

/** Loads ECG5000 (bundled) and cuts the UCR split; `limit` keeps at most that many training and test beats. */
export async function loadEcgUcr(options: { dataDir?: string; limit?: number }): Promise<EcgUcrSplit> {
  const ecg = await loadEcg5000({ dataDir: options.dataDir })
  const all = Array.from(ecg.ucrSplit.keys())
  const trainRows = spread(all.filter((i) => ecg.ucrSplit[i] === 0 && ecg.labels[i] === 0), options.limit)
  const testRows = spread(all.filter((i) => ecg.ucrSplit[i] === 1), options.limit)
  return {
    train: selectSamples(ecg.x, trainRows),
    test: selectSamples(ecg.x, testRows),
    testLabels: Uint8Array.from(testRows, (r) => ecg.labels[r]),
    featureNames: ecg.featureNames,
  }
}

/** The same samples viewed as sequences `[n, steps, 1]` (no copy). */
export function asSequences(x: Samples): Samples {
  return { data: x.data, shape: [x.shape[0], x.shape[1], 1] }
}

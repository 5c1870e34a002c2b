import { selectSamples, type Samples } from '@aedetect/core'
import { loadMnist } from '@aedetect/datasets/node'
import { spread } from './_ecg-ucr'

/** The class taken as normal: 0, T-shirt/top. */
export const NORMAL_CLASS = 0
const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']

/** Fashion-MNIST one-class: the train images of the normal class, and the whole test set labelled 1 = other class. */
export interface FashionOneClass {
  /** Train images of the normal class (6,000), `[n, 28, 28, 1]` in [0, 1]. */
  train: Samples
  /** The test images (10,000), `[n, 28, 28, 1]`. */
  test: Samples
  /** 1 = anomaly (another class), one per test image. */
  testLabels: Uint8Array
  normalClass: number
  className: string
  featureNames: string[]
}

/**
 * Loads Fashion-MNIST from the data directory (`fashion-mnist/` of `--data-dir` or `AEDETECT_DATA_DIR`; it does not
 * ship) and cuts the one-class split; `limit` keeps at most that many train and test images, spread evenly.
 */
export async function loadFashionOneClass(options: { dataDir?: string; limit?: number }): Promise<FashionOneClass> {
  const trainSet = await loadMnist({ dataDir: options.dataDir, kind: 'fashion-mnist', split: 'train' })
  const testSet = await loadMnist({ dataDir: options.dataDir, kind: 'fashion-mnist', split: 'test' })
  const trainRows = spread(Array.from(trainSet.labels.keys()).filter((i) => trainSet.labels[i] === NORMAL_CLASS), options.limit)
  const testRows = spread(Array.from(testSet.labels.keys()), options.limit)
  const featureNames: string[] = []
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) featureNames.push(`p${r}_${c}`)
  return {
    train: selectSamples(trainSet.images, trainRows),
    test: selectSamples(testSet.images, testRows),
    testLabels: Uint8Array.from(testRows, (r) => (testSet.labels[r] === NORMAL_CLASS ? 0 : 1)),
    normalClass: NORMAL_CLASS,
    className: CLASS_NAMES[NORMAL_CLASS],
    featureNames,
  }
}

/** Mean squared difference per value of two batches of the same shape, over the rows where `rows` is true (all without it). */
export function meanSquaredError(a: Samples, b: Samples, rows?: (i: number) => boolean): number {
  const n = a.shape[0]
  const size = a.data.length / Math.max(1, n)
  let sum = 0
  let count = 0
  for (let i = 0; i < n; i++) {
    if (rows !== undefined && !rows(i)) continue
    for (let k = i * size; k < (i + 1) * size; k++) {
      const d = a.data[k] - b.data[k]
      sum += d * d
    }
    count += size
  }
  return count === 0 ? Number.NaN : sum / count
}

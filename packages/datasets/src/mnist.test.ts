import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { beforeAll, expect, it } from 'vitest'
import { oneClass, parseIdx, parseMnist, type MnistDataset } from '@aedetect/datasets'
import { loadMnist } from '@aedetect/datasets/node'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'
import { readmeNumber, readmeRows, thrown } from './_test-data'

function counts(labels: Uint8Array): number[] {
  const c = new Array<number>(10).fill(0)
  for (const l of labels) c[l]++
  return c
}

// The t10k files only: the 60,000 training images are not loaded here (CI budget); the train labels are read alone.
let mnist: MnistDataset
let fashion: MnistDataset

describeWith(['mnist', 'fashion-mnist'], 'loadMnist', () => {
  beforeAll(async () => {
    mnist = await loadMnist({ dataDir: sharedDataDir(), kind: 'mnist', split: 'test' })
    fashion = await loadMnist({ dataDir: sharedDataDir(), kind: 'fashion-mnist', split: 'test' })
  })

  it('reads the 10,000 MNIST test images [n, 28, 28, 1] in [0, 1] with the README class counts', () => {
    expect(mnist.images.shape).toEqual([10000, 28, 28, 1])
    let min = Infinity
    let max = -Infinity
    for (const v of mnist.images.data) {
      if (v < min) min = v
      if (v > max) max = v
    }
    expect([min, max]).toEqual([0, 1])
    // Expected: the "test (t10k)" row of the MNIST README's class table.
    const [row] = readmeRows('mnist', /^test \(t10k\)$/)
    expect(counts(mnist.labels)).toEqual(row.slice(1, 11).map(readmeNumber))
  })

  it('reads the MNIST train labels: the README train counts (60,000)', () => {
    const labels = parseIdx(readFileSync(join(sharedDataDir(), 'mnist', 'train-labels-idx1-ubyte.gz')), { dimensions: 1 })
    const [row] = readmeRows('mnist', /^train$/)
    expect(labels.dims).toEqual([60000])
    expect(counts(labels.data)).toEqual(row.slice(1, 11).map(readmeNumber))
  })

  it('reads Fashion-MNIST test: 1,000 images per class', () => {
    expect(fashion.images.shape).toEqual([10000, 28, 28, 1])
    expect(counts(fashion.labels)).toEqual(new Array(10).fill(1000))
  })

  it('oneClass makes class c normal and the nine others anomalies (c = 0: 980 normal vs 9,020, as in the README)', () => {
    const set = oneClass(mnist, { normalClass: 0 })
    expect(set.labels.reduce((a, b) => a + b, 0)).toBe(9020)
    expect(set.x).toBe(mnist.images)
    expect(oneClass(fashion, { normalClass: 7 }).labels.reduce((a, b) => a + b, 0)).toBe(9000)
    expect(thrown(() => oneClass(mnist, { normalClass: 10 }))).toMatchInlineSnapshot(`
      {
        "code": "E_OPTION",
        "message": "oneClass(): no sample has class 10; the classes present are 0, 1, 2, 3, 4, 5, 6, 7, 8, 9. Choose normalClass among them.",
      }
    `)
  })
})

describeWith(['mnist'], 'IDX errors', () => {
  const labelsGz = readFileSync(join(sharedDataDir(), 'mnist', 't10k-labels-idx1-ubyte.gz'))

  it('names the magic number expected and the one read (E_FORMAT)', () => {
    // Images and labels swapped: the labels file has magic 0x00000801.
    expect(thrown(() => parseIdx(labelsGz, { dimensions: 3, source: 't10k-labels-idx1-ubyte.gz' }))).toMatchInlineSnapshot(`
      {
        "code": "E_FORMAT",
        "message": "parseIdx(): t10k-labels-idx1-ubyte.gz has magic number 0x00000801; expected 0x00000803 (unsigned bytes, 3 dimensions). Pass an images file (…-images-idx3-ubyte.gz).",
      }
    `)
    expect(thrown(() => parseMnist({ images: labelsGz, labels: labelsGz }, { imagesSource: 'swapped.gz' }))).toMatchInlineSnapshot(`
      {
        "code": "E_FORMAT",
        "message": "parseIdx(): swapped.gz has magic number 0x00000801; expected 0x00000803 (unsigned bytes, 3 dimensions). Pass an images file (…-images-idx3-ubyte.gz).",
      }
    `)
    expect(thrown(() => parseIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0])))).toMatchInlineSnapshot(`
      {
        "code": "E_FORMAT",
        "message": "parseIdx(): input has magic number 0x504b0304; expected 0x000008NN (unsigned bytes, NN dimensions). Pass an IDX file.",
      }
    `)
  })

  it('rejects a truncated gzip stream and a truncated IDX body (E_CORRUPT)', () => {
    expect(thrown(() => parseIdx(labelsGz.subarray(0, 2000), { source: 't10k-labels-idx1-ubyte.gz' }))).toMatchInlineSnapshot(`
      {
        "code": "E_CORRUPT",
        "message": "parseIdx(): t10k-labels-idx1-ubyte.gz is not a complete gzip stream (unexpected EOF; 2000 bytes read). The file is truncated or damaged: copy it again and check its SHA256SUMS entry.",
      }
    `)
    const raw = gunzipSync(labelsGz)
    expect(thrown(() => parseIdx(raw.subarray(0, 5000), { source: 't10k-labels-idx1-ubyte' }))).toMatchInlineSnapshot(`
      {
        "code": "E_CORRUPT",
        "message": "parseIdx(): t10k-labels-idx1-ubyte holds 4992 data bytes; its header [10000] needs 10000. The file is truncated or damaged: copy it again.",
      }
    `)
  })
})

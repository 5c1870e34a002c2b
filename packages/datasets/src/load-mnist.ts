import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { checkListedSum, layoutHint, readFileBytes } from './_node-files'
import { resolveDataDir } from './data-dir'
import { parseMnist, type MnistDataset } from './mnist'

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Data directory; default `AEDETECT_DATA_DIR`. Files are read from `<dataDir>/<kind>/`. */
  dataDir?: string
  /** Which data set. Default `'mnist'`. */
  kind?: 'mnist' | 'fashion-mnist'
  /** `'train'` (60,000 images) or `'test'` (the 10,000 t10k images). Default `'test'`. */
  split?: 'train' | 'test'
}

/**
 * Loads MNIST or Fashion-MNIST from the original gzip IDX files (`train-…` or `t10k-…`), checked
 * against the folder's SHA256SUMS: images `[n, 28, 28, 1]` in [0, 1] and their classes 0–9.
 * Throws `E_OPTION` for an unknown kind/split, `E_NOT_FOUND`, `E_CHECKSUM`, and the {@link parseIdx} errors.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistDataset> {
  const kind = options.kind ?? 'mnist'
  const split = options.split ?? 'test'
  if (kind !== 'mnist' && kind !== 'fashion-mnist') {
    throw new AedetectError('E_OPTION', `loadMnist(): kind is '${String(kind)}'; expected one of 'mnist' | 'fashion-mnist'.`)
  }
  if (split !== 'train' && split !== 'test') {
    throw new AedetectError('E_OPTION', `loadMnist(): split is '${String(split)}'; expected one of 'train' | 'test'.`)
  }
  const dataDir = resolveDataDir(options)
  const folder = join(dataDir, kind)
  const prefix = split === 'train' ? 'train' : 't10k'
  const read = async (name: string): Promise<Uint8Array> => {
    const bytes = await readFileBytes(join(folder, name), 'loadMnist()', layoutHint(kind, dataDir))
    await checkListedSum(folder, name, bytes)
    return bytes
  }
  const imagesName = `${prefix}-images-idx3-ubyte.gz`
  const labelsName = `${prefix}-labels-idx1-ubyte.gz`
  const [images, labels] = [await read(imagesName), await read(labelsName)]
  return parseMnist({ images, labels }, { imagesSource: join(folder, imagesName), labelsSource: join(folder, labelsName) })
}

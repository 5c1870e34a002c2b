import { AedetectError, type Samples } from '@aedetect/core'
import { parseIdx } from './idx'

/** MNIST or Fashion-MNIST images with their classes. */
export interface MnistDataset {
  /** Images `[n, 28, 28, 1]`, pixel / 255 in [0, 1] (0 = background). */
  images: Samples
  /** Class of each image: the digit 0–9 (MNIST) or the clothing class 0–9 (Fashion-MNIST). Not anomaly labels; see {@link oneClass}. */
  labels: Uint8Array
}

/**
 * Parses a pair of IDX files (gzip or plain): images (magic 0x00000803) and labels (magic 0x00000801).
 * Pixels are scaled to [0, 1]. Throws the {@link parseIdx} errors, and `E_LENGTH_MISMATCH` when the
 * files hold different counts.
 */
export function parseMnist(input: { images: Uint8Array; labels: Uint8Array }, options: { imagesSource?: string; labelsSource?: string } = {}): MnistDataset {
  const images = parseIdx(input.images, { dimensions: 3, source: options.imagesSource ?? 'images' })
  const labels = parseIdx(input.labels, { dimensions: 1, source: options.labelsSource ?? 'labels' })
  const [n, h, w] = images.dims
  if (labels.dims[0] !== n) {
    throw new AedetectError('E_LENGTH_MISMATCH', `parseMnist(): ${options.imagesSource ?? 'images'} holds ${n} images but ${options.labelsSource ?? 'labels'} holds ${labels.dims[0]} labels. Pass the images and labels of the same split.`)
  }
  const data = new Float32Array(images.data.length)
  for (let i = 0; i < data.length; i++) data[i] = images.data[i] / 255
  return { images: { data, shape: [n, h, w, 1] }, labels: labels.data.slice() }
}

/** A one-class anomaly-detection set: one class is normal, every other class an anomaly. */
export interface OneClassData {
  /** The samples, unchanged. */
  x: Samples
  /** 1 = anomaly (class ≠ `normalClass`), 0 = normal. */
  labels: Uint8Array
  /** The original classes. */
  classes: Uint8Array
  /** The class taken as normal. */
  normalClass: number
}

/**
 * Turns a classification set into the one-class protocol: `normalClass` is normal (label 0), the other
 * classes are anomalies (label 1). Throws `E_OPTION` when no sample has class `normalClass`.
 */
export function oneClass(dataset: MnistDataset, options: { normalClass: number }): OneClassData {
  const { normalClass } = options
  const labels = new Uint8Array(dataset.labels.length)
  let normal = 0
  for (let i = 0; i < labels.length; i++) {
    if (dataset.labels[i] === normalClass) normal++
    else labels[i] = 1
  }
  if (normal === 0) {
    throw new AedetectError('E_OPTION', `oneClass(): no sample has class ${normalClass}; the classes present are ${Array.from(new Set(dataset.labels)).sort((a, b) => a - b).join(', ')}. Choose normalClass among them.`)
  }
  return { x: dataset.images, labels, classes: dataset.labels, normalClass }
}

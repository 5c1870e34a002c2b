import { AedetectError } from '@aedetect/core'
import { oneClass, parseMnist } from '@aedetect/datasets'
import imagesUrl from '../data/fashion-mnist-subset/images-idx3-ubyte.gz?url'
import labelsUrl from '../data/fashion-mnist-subset/labels-idx1-ubyte.gz?url'
import type { LabelledData } from './run-demo'

/** The normal class of the shipped Fashion-MNIST subset: 1, trouser (data/fashion-mnist-subset/README.md). */
export const FASHION_NORMAL_CLASS = 1

// The sums of data/fashion-mnist-subset/README.md, of the gzip file and of its content: a server may send a .gz
// file with Content-Encoding: gzip (vite preview does), and fetch then hands over the content. Either is checked.
const SHA256 = {
  images: { gz: 'cc457c9479a0a62b9ab80674a45592923409b488d33062e9539cb6e0485948e7', raw: '81e61f5fc1c89a38cca3207767cc04588461815c4198c0de69cef46194c18bcf' },
  labels: { gz: 'c828df44fb3e47ac9ed78e7707230ad6af779942cce5e7d4641593866f681f4b', raw: '3404fed0df3ed591a44a68858fb0fb95dce5acbdb48adf1b179213ad3c041ef6' },
}

async function fetchGunzipped(url: string, name: string, sha256: { gz: string; raw: string }): Promise<Uint8Array> {
  const response = await fetch(new URL(url, document.baseURI))
  if (!response.ok) throw new AedetectError('E_IO', `${name}: the server answered ${response.status} ${response.statusText}. Serve the built demo's folder whole (dist/ with its assets).`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
  const expected = gzip ? sha256.gz : sha256.raw
  const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('')
  if (digest !== expected) throw new AedetectError('E_CHECKSUM', `${name}${gzip ? '' : ' (as served, decompressed)'}: SHA-256 ${digest}; expected ${expected}. The file was changed or cut short; rebuild the demo.`)
  if (!gzip) return bytes
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/**
 * The 600 Fashion-MNIST test images the demo ships (400 trousers, the normal class, and 200 of the nine other
 * classes; MIT licence, Zalando SE), as one-class data: images `[600, 28, 28, 1]` in [0, 1], 1 = not a trouser.
 */
export async function loadFashionSubset(): Promise<LabelledData> {
  const [images, labels] = await Promise.all([
    fetchGunzipped(imagesUrl, 'images-idx3-ubyte.gz', SHA256.images),
    fetchGunzipped(labelsUrl, 'labels-idx1-ubyte.gz', SHA256.labels),
  ])
  const set = oneClass(parseMnist({ images, labels }, { imagesSource: 'images-idx3-ubyte.gz', labelsSource: 'labels-idx1-ubyte.gz' }), { normalClass: FASHION_NORMAL_CLASS })
  const [, h, w] = set.x.shape
  const featureNames = Array.from({ length: h * w }, (_, i) => `r${Math.floor(i / w)}c${i % w}`)
  return { name: `Fashion-MNIST subset (bundled, ${set.x.shape[0]} test images 28 × 28, trouser normal)`, x: set.x, labels: set.labels, featureNames }
}

// Writes the Fashion-MNIST subset the demo ships (data/fashion-mnist-subset/): the first 400 trouser images
// (class 1, the normal class) and the first 200 images of the nine other classes, in the order of the original
// t10k (test) files, as the same gzip-compressed IDX files (images idx3, labels idx1 with the original classes).
// Run from apps/web: node scripts/make-fashion-mnist-subset.mjs [DATA_DIR]
// DATA_DIR holds fashion-mnist/ with the original files (default: $AEDETECT_DATA_DIR, else
// $AEDETECT_SHARED_DIR/datasets). Fashion-MNIST: MIT licence, Copyright © 2017 Zalando SE.
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'

const NORMAL_CLASS = 1
const NORMAL_COUNT = 400
const OTHER_COUNT = 200

const dataDir = process.argv[2] ?? process.env.AEDETECT_DATA_DIR ?? (process.env.AEDETECT_SHARED_DIR ? join(process.env.AEDETECT_SHARED_DIR, 'datasets') : undefined)
if (!dataDir) {
  console.error('Pass the datasets folder (holding fashion-mnist/) as the first argument, or set AEDETECT_DATA_DIR.')
  process.exit(2)
}
const source = join(resolve(dataDir), 'fashion-mnist')
const images = gunzipSync(readFileSync(join(source, 't10k-images-idx3-ubyte.gz')))
const labels = gunzipSync(readFileSync(join(source, 't10k-labels-idx1-ubyte.gz')))
if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049) throw new Error(`${source}: not IDX image / label files`)
const n = images.readUInt32BE(4)
const pixels = images.readUInt32BE(8) * images.readUInt32BE(12)

const picked = []
let normal = 0
let other = 0
for (let i = 0; i < n && (normal < NORMAL_COUNT || other < OTHER_COUNT); i++) {
  const cls = labels[8 + i]
  if (cls === NORMAL_CLASS && normal < NORMAL_COUNT) {
    picked.push(i)
    normal++
  } else if (cls !== NORMAL_CLASS && other < OTHER_COUNT) {
    picked.push(i)
    other++
  }
}

const outImages = Buffer.alloc(16 + picked.length * pixels)
images.copy(outImages, 0, 0, 16)
outImages.writeUInt32BE(picked.length, 4)
const outLabels = Buffer.alloc(8 + picked.length)
labels.copy(outLabels, 0, 0, 8)
outLabels.writeUInt32BE(picked.length, 4)
picked.forEach((i, k) => {
  images.copy(outImages, 16 + k * pixels, 16 + i * pixels, 16 + (i + 1) * pixels)
  outLabels[8 + k] = labels[8 + i]
})
const out = resolve('data/fashion-mnist-subset')
// mtime 0 in the gzip header: the same input gives the same bytes.
writeFileSync(join(out, 'images-idx3-ubyte.gz'), gzipSync(outImages, { level: 9 }))
writeFileSync(join(out, 'labels-idx1-ubyte.gz'), gzipSync(outLabels, { level: 9 }))
console.log(`${picked.length} images (${normal} of class ${NORMAL_CLASS}, ${other} others, t10k rows ${picked[0]}–${picked[picked.length - 1]}) written to ${out}`)

// The README's Images example, runnable: node scripts/README-examples/detector-images.mjs from packages/detector.
import { selectSamples } from '@aedetect/core'
import { loadMnist } from '@aedetect/datasets/node'
import { CONV2D_IMAGE_ARCHITECTURE, fitDetector, IMAGE_ERROR_SMOOTHING } from '@aedetect/detector'
import { rocAuc } from '@aedetect/metrics'
import { initBackend, registerFastKernels } from '@aedetect/models'

await initBackend() // tfjs-node if installed, else wasm, else cpu
registerFastKernels() // the Conv2D training kernels wasm lacks, and faster ones for cpu
const train = await loadMnist({ dataDir: '../shared/datasets', kind: 'fashion-mnist', split: 'train' })
const test = await loadMnist({ dataDir: '../shared/datasets', kind: 'fashion-mnist', split: 'test' })
const shirts = [...train.labels.keys()].filter((i) => train.labels[i] === 6)
const detector = await fitDetector(selectSamples(train.images, shirts), {
  architecture: CONV2D_IMAGE_ARCHITECTURE,
  scaler: { kind: 'none' },
  errorSmoothing: IMAGE_ERROR_SMOOTHING,
  training: { epochs: 20 },
})
console.log(rocAuc(Uint8Array.from(test.labels, (c) => (c === 6 ? 0 : 1)), await detector.score(test.images)))

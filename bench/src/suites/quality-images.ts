// One-class MNIST and Fashion-MNIST: train on the training images of one class, score the 10,000 test images
// (that class normal, the nine others anomalies); Conv2D, the image default (dense) and PCA (denoising Conv2D
// with AEDETECT_BENCH_DENOISING=1), each class reported, beside fixtures/peer-results.json. Every detector scores
// with IMAGE_ERROR_SMOOTHING (3 × 3); the plain per-pixel MSE of the same fit is reported beside it.
// Set AEDETECT_BENCH_CLASSES=0,1 to run fewer classes, AEDETECT_BENCH_SEEDS=0 for fewer seeds (PCA has none: it
// runs once), AEDETECT_BENCH_MODELS=image default (dense),pca to run only the named variants,
// AEDETECT_BENCH_DATASETS=mnist for one dataset.
import { oneClass } from '@aedetect/datasets'
import { loadMnist } from '@aedetect/datasets/node'
import { CONV2D_IMAGE_ARCHITECTURE, DEFAULT_ARCHITECTURES, fitDetector, IMAGE_ERROR_SMOOTHING, type DetectorOptions } from '@aedetect/detector'
import { reconstructionErrors, rocAuc } from '@aedetect/metrics'
import { initBackend, registerFastKernels } from '@aedetect/models'
import { selectSamples } from '@aedetect/core'
import type { BenchRow, BenchSuite } from '../harness'
import { datasetsDir, mean, readFixture } from '../_shared'

interface Peers { oneClassImages: { methods: Record<'mnist' | 'fashion-mnist', Record<'PCA' | 'ConvAE', Record<string, number>>> } }

const classes = (process.env.AEDETECT_BENCH_CLASSES ?? '0,1,2,3,4,5,6,7,8,9').split(',').map(Number)
const seeds = (process.env.AEDETECT_BENCH_SEEDS ?? '0,1,2').split(',').map(Number)
const onlyModels = process.env.AEDETECT_BENCH_MODELS?.split(',')
const datasets = (process.env.AEDETECT_BENCH_DATASETS ?? 'mnist,fashion-mnist').split(',') as Array<'mnist' | 'fashion-mnist'>
const EPOCHS = 10
// The Conv2D learns more slowly than the dense stack: 20 epochs instead of 10 lifted MNIST class 2 from 0.891 to
// 0.927 and class 8 from 0.878 to 0.890 (seed 0). The wall-times suite keeps the issue's 10-epoch Conv2D row.
const CONV_EPOCHS = 20
// Denoising doubles the suite's time (~1 min a fit on wasm), so it runs on request, for EPOCHS (10) only.
const denoising = process.env.AEDETECT_BENCH_DENOISING === '1'
const suite: BenchSuite = {
  name: 'quality-images',
  description: `One-class MNIST / Fashion-MNIST: train on one class's training images (${EPOCHS} epochs max, plain Conv2D ${CONV_EPOCHS}), score the full test set; Conv2D [16, 8] with a dense bridge 64 → 16-unit code (CONV2D_IMAGE_ARCHITECTURE)${denoising ? ', denoising Conv2D (gaussian σ 0.2)' : ''}, the image default (DEFAULT_ARCHITECTURES.image: dense 256-64-16-64-256), PCA (90 % variance), each scored with errorSmoothing ${IMAGE_ERROR_SMOOTHING} (3 × 3 box) and, from the same fit, with the plain per-pixel MSE${onlyModels ? ` (only: ${onlyModels.join(', ')})` : ''}; datasets ${datasets.join(', ')}; classes ${classes.join(',')}; seeds ${seeds.join(',')} (a class's ROC-AUC is the mean over seeds; PCA is deterministic and runs once).`,
  async run() {
    const backend = await initBackend({ backend: 'auto' })
    registerFastKernels()
    const peers = await readFixture<Peers>('peer-results.json')
    const rows: BenchRow[] = []
    for (const kind of datasets) {
      const train = await loadMnist({ dataDir: datasetsDir, kind, split: 'train' })
      const test = await loadMnist({ dataDir: datasetsDir, kind, split: 'test' })
      const allVariants: Array<{ key: string; options: DetectorOptions }> = [
        { key: 'conv2d', options: { architecture: CONV2D_IMAGE_ARCHITECTURE, scaler: { kind: 'none' }, training: { epochs: CONV_EPOCHS, batchSize: 64 } } },
        ...(denoising ? [{ key: 'denoising conv2d', options: { architecture: CONV2D_IMAGE_ARCHITECTURE, scaler: { kind: 'none' }, training: { epochs: EPOCHS, batchSize: 64, noise: { kind: 'gaussian', std: 0.2, clip: [0, 1] } } } as DetectorOptions }] : []),
        { key: 'image default (dense)', options: { architecture: DEFAULT_ARCHITECTURES.image, scaler: { kind: 'none' }, training: { epochs: EPOCHS, batchSize: 64 } } },
        { key: 'pca', options: { architecture: { kind: 'pca', components: { varianceFraction: 0.9 } }, scaler: { kind: 'none' } } },
      ]
      const variants = allVariants.filter((v) => !onlyModels || onlyModels.includes(v.key)).map((v) => ({ ...v, options: { ...v.options, errorSmoothing: IMAGE_ERROR_SMOOTHING } }))
      const aucs: Record<string, number[]> = {}
      // Per variant, per seed: the ROC-AUC of each class, so the note can give each seed's mean over classes.
      const bySeed: Record<string, number[][]> = {}
      for (const normalClass of classes) {
        const rowsOfClass = Array.from(train.labels.keys()).filter((i) => train.labels[i] === normalClass)
        const normal = selectSamples(train.images, rowsOfClass)
        const evaluation = oneClass(test, { normalClass })
        for (const variant of variants) {
          // The detector's own score (smoothed), and the plain MSE of the same reconstructions.
          const perSeed: Record<'smoothed' | 'plain', number[]> = { smoothed: [], plain: [] }
          let fitMs = 0
          for (const seed of variant.options.architecture?.kind === 'pca' ? [0] : seeds) {
            const started = performance.now()
            const detector = await fitDetector(normal, { ...variant.options, seed })
            fitMs += performance.now() - started
            perSeed.smoothed.push(rocAuc(evaluation.labels, await detector.score(evaluation.x)))
            perSeed.plain.push(rocAuc(evaluation.labels, reconstructionErrors(evaluation.x, await detector.reconstruct(evaluation.x))))
            detector.dispose()
            // One line per fit, so a long run shows its progress (and keeps its figures if it is cut short).
            process.stderr.write(`quality-images: ${kind} class ${normalClass} ${variant.key} seed ${seed} ROC-AUC ${perSeed.smoothed.at(-1)!.toFixed(4)} (plain MSE ${perSeed.plain.at(-1)!.toFixed(4)}; fit ${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
          }
          for (const [key, values] of [[variant.key, perSeed.smoothed], [`${variant.key}, plain MSE`, perSeed.plain]] as const) {
            values.forEach((a, i) => ((bySeed[key] ??= [])[i] ??= []).push(a))
            ;(aucs[key] ??= []).push(mean(values))
            const fits = `fit ${(fitMs / values.length / 1000).toFixed(1)} s${values.length > 1 ? ` a seed; seeds ${values.map((a) => a.toFixed(4)).join(' ')}` : ''}`
            rows.push({ name: `${kind} class ${normalClass} ${key} ROC-AUC`, value: mean(values), unit: '', reference: peers.oneClassImages.methods[kind].ConvAE[String(normalClass)], note: `${fits}; PCA peer ${peers.oneClassImages.methods[kind].PCA[String(normalClass)]}` })
          }
        }
      }
      const peerMean = mean(classes.map((c) => peers.oneClassImages.methods[kind].ConvAE[String(c)]))
      const target = kind === 'mnist' ? 0.96 : 0.91
      for (const [key, values] of Object.entries(aucs)) {
        const value = mean(values)
        const seedMeans = bySeed[key].length > 1 ? `; per seed ${bySeed[key].map((v) => mean(v).toFixed(4)).join(' ')}` : ''
        rows.push({ name: `${kind} mean ROC-AUC ${key}`, value, unit: '', reference: peerMean, ...(key === 'conv2d' || key === 'image default (dense)' ? { target: `>= ${target}`, met: value >= target } : {}), note: `reference: small PyTorch conv AE${seedMeans}` })
      }
    }
    rows.push({ name: 'backend', value: 0, unit: backend.name })
    return rows
  },
}
export default suite

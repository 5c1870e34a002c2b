import type { Samples } from '@aedetect/core'
import { reconstructionErrors } from '@aedetect/metrics'
import { encode, measureReconstructionErrors, reconstruct, type Autoencoder } from '@aedetect/models'
import type { Detector, DetectorState } from './detector'
import { pcaEncode, pcaReconstruct, type PcaModel } from './pca-model'

interface ReconstructorMethods {
  reconstruct(x: Samples): Promise<Samples>
  /** Per-sample errors of scaled samples: the scores. Fitting and scoring both use it, so thresholds match scores. */
  errors(x: Samples, metric: DetectorState['scoreMetric'], smoothing: number): Promise<Float32Array>
  encode(x: Samples): Promise<Samples>
  dispose(): void
}

/** What the detector needs of a model: reconstructions, errors and codes of scaled samples. */
export type Reconstructor =
  | ({ kind: 'autoencoder'; autoencoder: Autoencoder } & ReconstructorMethods)
  | ({ kind: 'pca'; pca: PcaModel } & ReconstructorMethods)

export function autoencoderReconstructor(autoencoder: Autoencoder): Reconstructor {
  return {
    kind: 'autoencoder',
    autoencoder,
    reconstruct: (x) => reconstruct(autoencoder, x, {}),
    // On the backend, batch by batch: only n errors are read back, not n reconstructions. Smoothing needs
    // the reconstructions' neighbourhoods, so it reads them back.
    errors: async (x, metric, smoothing) =>
      smoothing === 0 ? measureReconstructionErrors(autoencoder, x, { metric }) : reconstructionErrors(x, await reconstruct(autoencoder, x, {}), { metric, smoothing }),
    encode: (x) => encode(autoencoder, x, {}),
    dispose: () => autoencoder.dispose(),
  }
}

export function pcaReconstructor(pca: PcaModel): Reconstructor {
  return {
    kind: 'pca',
    pca,
    reconstruct: async (x) => pcaReconstruct(pca, x),
    errors: async (x, metric, smoothing) => reconstructionErrors(x, pcaReconstruct(pca, x), { metric, smoothing }),
    encode: async (x) => pcaEncode(pca, x),
    dispose: () => {},
  }
}

// The model stays out of the public Detector interface (it may hold tensors); persistence reaches it here.
const reconstructors = new WeakMap<Detector, Reconstructor>()

export function rememberReconstructor(detector: Detector, reconstructor: Reconstructor): Detector {
  reconstructors.set(detector, reconstructor)
  return detector
}

export function reconstructorOf(detector: Detector): Reconstructor {
  const found = reconstructors.get(detector)
  if (!found) throw new TypeError('expected a detector made by fitDetector() or loadDetector()')
  return found
}

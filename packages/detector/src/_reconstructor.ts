import type { Samples } from '@aedetect/core'
import { encode, reconstruct, type Autoencoder } from '@aedetect/models'
import type { Detector } from './detector'
import { pcaEncode, pcaReconstruct, type PcaModel } from './pca-model'

/** What the detector needs of a model: reconstructions and codes of scaled samples. */
export type Reconstructor =
  | { kind: 'autoencoder'; autoencoder: Autoencoder; reconstruct(x: Samples): Promise<Samples>; encode(x: Samples): Promise<Samples>; dispose(): void }
  | { kind: 'pca'; pca: PcaModel; reconstruct(x: Samples): Promise<Samples>; encode(x: Samples): Promise<Samples>; dispose(): void }

export function autoencoderReconstructor(autoencoder: Autoencoder): Reconstructor {
  return {
    kind: 'autoencoder',
    autoencoder,
    reconstruct: (x) => reconstruct(autoencoder, x, {}),
    encode: (x) => encode(autoencoder, x, {}),
    dispose: () => autoencoder.dispose(),
  }
}

export function pcaReconstructor(pca: PcaModel): Reconstructor {
  return {
    kind: 'pca',
    pca,
    reconstruct: async (x) => pcaReconstruct(pca, x),
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

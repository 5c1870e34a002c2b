import type { Autoencoder } from '@aedetect/models'
import type { Detector } from './detector'

// The autoencoder stays out of the public Detector interface (it holds tensors); persistence reaches it here.
const autoencoders = new WeakMap<Detector, Autoencoder>()

export function rememberAutoencoder(detector: Detector, autoencoder: Autoencoder): Detector {
  autoencoders.set(detector, autoencoder)
  return detector
}

export function autoencoderOf(detector: Detector): Autoencoder {
  const autoencoder = autoencoders.get(detector)
  if (!autoencoder) throw new Error('autoencoderOf(): not a detector made by fitDetector() or loadDetector()')
  return autoencoder
}

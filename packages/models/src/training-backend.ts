import type { AutoencoderConfig } from './autoencoder-config'
import type { BackendName } from './backend'
import { hasKernels } from '@aedetect/tfjs-kernels'

/** The backend to train a model on, and why it differs from the current one (when it does). */
export interface TrainingBackendChoice {
  name: BackendName
  /** Why training cannot use the current backend; absent when it can. */
  reason?: string
}

/** Options of {@link trainingBackendFor}. */
export interface TrainingBackendOptions {
  /** Whether the fast training kernels of `@aedetect/models` are registered on wasm. Default: `hasFastKernels('wasm')` (see `registerFastKernels`). */
  fastKernels?: boolean
}

/**
 * Picks the backend a model trains on. The wasm backend of tfjs 4.22 has no `Conv2DBackpropFilter`
 * kernel, so convolutional models (`'conv1d'`, `'conv2d'`) train on `'cpu'` there unless the fast
 * kernels are registered (`registerFastKernels()`); every other case keeps `current`. Scoring may stay on `current` either way.
 */
export function trainingBackendFor(config: AutoencoderConfig, current: BackendName, options: TrainingBackendOptions = {}): TrainingBackendChoice {
  const convolutional = config.kind === 'conv1d' || config.kind === 'conv2d'
  if (current === 'wasm' && convolutional && !(options.fastKernels ?? hasKernels('wasm'))) {
    return {
      name: 'cpu',
      reason: `the wasm backend of tfjs 4.22 has no Conv2DBackpropFilter kernel, which training a '${config.kind}' autoencoder needs; training on cpu (slower) and scoring on wasm`,
    }
  }
  return { name: current }
}

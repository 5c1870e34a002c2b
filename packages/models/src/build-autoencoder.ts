import type * as tf from '@tensorflow/tfjs'
import { AedetectError, DEFAULT_SEED } from '@aedetect/core'
import type { AutoencoderConfig } from './autoencoder-config'
import { assembleAutoencoder, type Autoencoder } from './autoencoder'
import { buildDense } from './_build-dense'
import { buildConv1d, buildConv2d } from './_build-conv'
import { buildLstm } from './_build-lstm'
import { buildVariational } from './_build-variational'
import { seedSource, type SeedSource } from './_seeds'

/** Options of {@link buildAutoencoder}. */
export interface BuildOptions {
  /** Shape of one sample without the batch axis: `[features]`, `[steps, channels]` or `[height, width, channels]`. */
  sampleShape: number[]
  /** Seed of the initial weights (each layer gets a seed derived from it). Default `DEFAULT_SEED` (42). */
  seed?: number
}

type Builder = (config: never, sampleShape: number[], seeds: SeedSource) => tf.LayersModel

const BUILDERS: Record<AutoencoderConfig['kind'], Builder> = {
  dense: buildDense,
  variational: buildVariational,
  conv1d: buildConv1d,
  lstm: buildLstm,
  conv2d: buildConv2d,
}

const RANKS: Record<AutoencoderConfig['kind'], string> = {
  dense: 'any',
  variational: '1',
  conv1d: '2',
  lstm: '2',
  conv2d: '3',
}

/**
 * Builds an untrained autoencoder of the given architecture for samples of `sampleShape`, with seeded
 * initial weights: the same config, shape and seed give bit-identical weights on a given backend.
 * Every default is documented on the config types ({@link AutoencoderConfig}).
 * @throws AedetectError `E_OPTION` for an unknown kind or an invalid option, `E_SHAPE` for a sample
 *   shape the architecture cannot take (dense: any; variational: `[features]`; conv1d and lstm:
 *   `[steps, channels]`; conv2d: `[height, width, channels]`).
 */
export function buildAutoencoder(config: AutoencoderConfig, options: BuildOptions): Autoencoder {
  const where = 'buildAutoencoder()'
  const builder = config && Object.hasOwn(BUILDERS, config.kind) ? BUILDERS[config.kind] : undefined
  if (!builder) {
    const kinds = Object.keys(RANKS).map((k) => `'${k}'`).join(' | ')
    throw new AedetectError('E_OPTION', `${where}: config.kind must be one of ${kinds}, got '${String(config?.kind)}'.`)
  }
  const { sampleShape } = options
  if (!Array.isArray(sampleShape) || sampleShape.length === 0 || !sampleShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new AedetectError('E_SHAPE', `${where}: sampleShape must be a non-empty list of positive integers, got ${JSON.stringify(sampleShape)}.`)
  }
  const rank = RANKS[config.kind]
  if (rank !== 'any' && sampleShape.length !== Number(rank)) {
    throw new AedetectError('E_SHAPE', `${where}: a '${config.kind}' autoencoder takes samples of rank ${rank}, got sampleShape [${sampleShape.join(', ')}].`)
  }
  const model = builder(config as never, sampleShape, seedSource(options.seed ?? DEFAULT_SEED))
  return assembleAutoencoder(model, config, sampleShape)
}

import { beforeAll, describe, expect, test } from 'vitest'
import { describeWith } from '@aedetect/test-data'
import { mnistImages14 } from './_test-data'
import { runArchitecture, type ArchitectureRun } from './_architecture-check'
import { buildAutoencoder } from './build-autoencoder'

// Data: the first 128 MNIST t10k images, 2×2-average-pooled to 14×14 (stock tfjs-cpu trains the
// 28×28 model at ~11 samples/s, too slow for a unit test), pixels in [0, 1].
describeWith(['mnist'], 'conv2d autoencoder (cpu, seed 1, 3 epochs, batch 16, learning rate 1e-2)', () => {
  let run: ArchitectureRun
  beforeAll(async () => {
    run = await runArchitecture({ kind: 'conv2d', filters: [8, 4] }, mnistImages14(128), { epochs: 3, batchSize: 16, learningRate: 1e-2, seed: 1 })
  })

  test('stride-2 convolutions 14 → 7 → 4, transposed convolutions 4 → 8 → 16, cropped back to 14', () => {
    const shapes = Object.fromEntries(run.summary.layers.map((l) => [l.name, l.outputShape]))
    expect(shapes.encoder_1).toEqual([null, 7, 7, 8])
    expect(shapes.code).toEqual([null, 4, 4, 4])
    expect(shapes.decoder_2).toEqual([null, 16, 16, 8])
    expect(shapes.crop).toEqual([null, 14, 14, 8])
    expect(shapes.reconstruction).toEqual([null, 14, 14, 1])
    expect(run.reconstruction.shape).toEqual([128, 14, 14, 1])
  })

  test('the loss falls by more than 1.8× in 3 epochs', () => {
    // Measured: 0.1897 → 0.0850 (2.2×).
    expect(run.history.loss[2]).toBeLessThan(run.history.loss[0] / 1.8)
  })

  test('serialize → deserialize reproduces the reconstructions bit for bit; no tensors leak', () => {
    expect(run.roundTripIdentical).toBe(true)
    expect(run.leakedTensors).toBe(0)
  })
})

describeWith(['mnist'], 'conv2d autoencoder with a dense code (cpu, seed 1, 3 epochs, batch 16, learning rate 1e-2)', () => {
  let run: ArchitectureRun
  beforeAll(async () => {
    run = await runArchitecture({ kind: 'conv2d', filters: [8, 4], codeUnits: 10 }, mnistImages14(128), { epochs: 3, batchSize: 16, learningRate: 1e-2, seed: 1 })
  })

  test('4 × 4 × 4 feature map → flatten → 10-unit code → dense 64 → reshape → transposed convolutions', () => {
    const shapes = Object.fromEntries(run.summary.layers.map((l) => [l.name, l.outputShape]))
    expect(shapes.encoder_2).toEqual([null, 4, 4, 4])
    expect(shapes.code).toEqual([null, 10])
    expect(shapes.decoder_dense).toEqual([null, 64])
    expect(shapes.decoder_reshape).toEqual([null, 4, 4, 4])
    expect(shapes.reconstruction).toEqual([null, 14, 14, 1])
    expect(run.code.shape).toEqual([128, 10])
  })

  test('the loss falls by more than 1.5× in 3 epochs', () => {
    expect(run.history.loss[2]).toBeLessThan(run.history.loss[0] / 1.5)
  })

  test('serialize → deserialize reproduces the reconstructions bit for bit; no tensors leak', () => {
    expect(run.roundTripIdentical).toBe(true)
    expect(run.leakedTensors).toBe(0)
  })
})

describe('conv2d autoencoder with a decoder narrower than its encoder', () => {
  test('encoder [8, 16], decoder [4, 2]: the code is reshaped to the decoder width; parameters add up', () => {
    const ae = buildAutoencoder({ kind: 'conv2d', filters: [8, 16], decoderFilters: [4, 2], codeUnits: 10 }, { sampleShape: [14, 14, 1], seed: 1 })
    const summary = ae.summary()
    const shapes = Object.fromEntries(summary.layers.map((l) => [l.name, l.outputShape]))
    expect(shapes.encoder_2).toEqual([null, 4, 4, 16])
    expect(shapes.decoder_dense).toEqual([null, 64])
    expect(shapes.decoder_reshape).toEqual([null, 4, 4, 4])
    expect(shapes.decoder_1).toEqual([null, 8, 8, 4])
    expect(shapes.decoder_2).toEqual([null, 16, 16, 2])
    // conv 1→8: 80, conv 8→16: 1,168, code 256→10: 2,570, dense 10→64: 704, transposed 4→4: 148,
    // transposed 4→2: 74, reconstruction 2→1: 19.
    expect(summary.parameters).toBe(80 + 1168 + 2570 + 704 + 148 + 74 + 19)
    ae.dispose()
  })

  test('one decoder entry per encoder convolution, or E_OPTION', () => {
    expect(() => buildAutoencoder({ kind: 'conv2d', filters: [8, 16], decoderFilters: [4] }, { sampleShape: [14, 14, 1], seed: 1 })).toThrow(
      expect.objectContaining({ code: 'E_OPTION', message: 'buildAutoencoder(): decoderFilters must have one entry per encoder convolution (2), got [4].' }),
    )
  })
})

describe('conv2d autoencoder with hidden dense layers around the code', () => {
  test('denseUnits [32]: map → 32 → code → 32 → map, mirrored; parameters add up', () => {
    const ae = buildAutoencoder({ kind: 'conv2d', filters: [8, 4], codeUnits: 6, denseUnits: [32] }, { sampleShape: [14, 14, 1], seed: 1 })
    const summary = ae.summary()
    const shapes = Object.fromEntries(summary.layers.map((l) => [l.name, l.outputShape]))
    expect(shapes.encoder_dense_1).toEqual([null, 32])
    expect(shapes.code).toEqual([null, 6])
    expect(shapes.decoder_dense_1).toEqual([null, 32])
    expect(shapes.decoder_dense).toEqual([null, 64])
    // conv 1→8: 80, conv 8→4: 292, dense 64→32: 2,080, code 32→6: 198, dense 6→32: 224, dense 32→64: 2,112,
    // transposed 4→4: 148, transposed 4→8: 296, reconstruction 8→1: 73.
    expect(summary.parameters).toBe(80 + 292 + 2080 + 198 + 224 + 2112 + 148 + 296 + 73)
    ae.dispose()
  })

  test('denseUnits without a dense code, or E_OPTION', () => {
    expect(() => buildAutoencoder({ kind: 'conv2d', filters: [8, 4], denseUnits: [32] }, { sampleShape: [14, 14, 1], seed: 1 })).toThrow(
      expect.objectContaining({ code: 'E_OPTION', message: 'buildAutoencoder(): denseUnits [32] needs a dense code: set codeUnits too.' }),
    )
  })
})

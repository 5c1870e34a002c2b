import * as tf from '@tensorflow/tfjs'
import { mkdtemp, readFile, readdir, rm, truncate, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Samples } from '@aedetect/core'
import {
  buildAutoencoder,
  deserializeAutoencoder,
  loadAutoencoderFromIndexedDb,
  reconstruct,
  saveAutoencoderToIndexedDb,
  serializeAutoencoder,
  trainAutoencoder,
  type Autoencoder,
} from '@aedetect/models'
import { loadAutoencoder, saveAutoencoder, writeFolderAtomic } from '@aedetect/models/node'
import { ecgRows } from './_test-data'

let root: string
let x: Samples
let ae: Autoencoder
let expected: Float32Array
let tensorsBefore = 0

const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))

describe('persistence (cpu, dense trained 3 epochs on 64 ECG5000 normal beats)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
    root = await mkdtemp(join(tmpdir(), 'aedetect-models-'))
    x = ecgRows(64)
    tensorsBefore = tf.memory().numTensors
    ae = buildAutoencoder({ kind: 'dense', dropout: 0.1, batchNorm: true }, { sampleShape: [140], seed: 3 })
    await trainAutoencoder(ae, x, { epochs: 3, batchSize: 16 })
    expected = (await reconstruct(ae, x)).data
  })

  afterAll(async () => {
    ae.dispose()
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    await rm(root, { recursive: true, force: true })
  })

  test('serialize → deserialize gives bit-identical reconstructions and no leaked tensors', async () => {
    const before = tf.memory().numTensors
    const serialized = await serializeAutoencoder(ae)
    // 10,484 dense weights + 4 × 4 batch-norm vectors of 32+16+16+32 units = 10,868 float32 values.
    expect(serialized.weights.byteLength).toBe(10868 * 4)
    expect(JSON.parse(serialized.modelJson).weightsManifest[0].paths).toEqual(['weights.bin'])
    const back = await deserializeAutoencoder(serialized)
    expect(same((await reconstruct(back, x)).data, expected)).toBe(true)
    back.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test('save → load from a folder gives bit-identical reconstructions; the loaded model trains on', async () => {
    const before = tf.memory().numTensors
    const dir = join(root, 'saved')
    await saveAutoencoder(ae, dir)
    expect((await readdir(dir)).sort()).toEqual(['autoencoder.json', 'model.json', 'weights.bin'])
    expect(JSON.parse(await readFile(join(dir, 'autoencoder.json'), 'utf8'))).toMatchObject({ format: 'aedetect-autoencoder', formatVersion: 1, sampleShape: [140] })
    const loaded = await loadAutoencoder(dir)
    expect(loaded.config).toEqual(ae.config)
    expect(same((await reconstruct(loaded, x)).data, expected)).toBe(true)
    const history = await trainAutoencoder(loaded, x, { epochs: 1, batchSize: 16 })
    expect(history.epochsRun).toBe(1)
    loaded.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test('a truncated weights file and a manifest path leaving the folder are E_CORRUPT', async () => {
    const dir = join(root, 'truncated')
    await saveAutoencoder(ae, dir)
    await truncate(join(dir, 'weights.bin'), 1000)
    await expect(loadAutoencoder(dir)).rejects.toMatchObject({
      code: 'E_CORRUPT',
      message: `loadAutoencoder(): ${dir}: the weights hold 1000 bytes; the manifest expects 43472. The weights file is truncated or belongs to another model: re-save the model.`,
    })
    const serialized = await serializeAutoencoder(ae)
    const json = JSON.parse(serialized.modelJson)
    json.weightsManifest[0].paths = ['../../etc/passwd']
    await expect(deserializeAutoencoder({ ...serialized, modelJson: JSON.stringify(json) })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: deserializeAutoencoder(): the weights manifest names '../../etc/passwd'; only plain file names inside the model folder are allowed. Re-save the model.]`,
    )
  })

  test('a missing folder, a missing file, a foreign folder and another format version are refused by name', async () => {
    const missing = join(root, 'nope')
    await expect(loadAutoencoder(missing)).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: `loadAutoencoder(): '${missing}' is not a folder. Pass a folder written by saveAutoencoder().` })
    const foreign = join(root, 'foreign')
    await mkdir(foreign)
    await writeFile(join(foreign, 'autoencoder.json'), JSON.stringify({ format: 'something-else', formatVersion: 1 }))
    await expect(loadAutoencoder(foreign)).rejects.toMatchObject({
      code: 'E_FORMAT',
      message: `loadAutoencoder(): '${join(foreign, 'autoencoder.json')}' has format 'something-else'; expected 'aedetect-autoencoder'. Pass a folder written by saveAutoencoder().`,
    })
    const empty = join(root, 'empty')
    await mkdir(empty)
    await expect(loadAutoencoder(empty)).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
      message: `loadAutoencoder(): '${join(empty, 'autoencoder.json')}' does not exist. Pass a folder written by saveAutoencoder().`,
    })
    const future = join(root, 'future')
    await saveAutoencoder(ae, future)
    await writeFile(join(future, 'autoencoder.json'), JSON.stringify({ format: 'aedetect-autoencoder', formatVersion: 2 }))
    await expect(loadAutoencoder(future)).rejects.toMatchObject({
      code: 'E_FORMAT_VERSION',
      message: `loadAutoencoder(): '${join(future, 'autoencoder.json')}' has formatVersion 2; this version of @aedetect/models reads 1. Re-save the model with a matching version of @aedetect/models.`,
    })
  })

  test('writeFolderAtomic replaces a folder only after a full write; a failed write leaves the old one intact', async () => {
    const dir = join(root, 'atomic')
    await writeFolderAtomic(dir, { 'a.txt': 'old', 'b.bin': new Uint8Array([1, 2]) })
    await writeFolderAtomic(dir, { 'a.txt': 'new' })
    expect(await readdir(dir)).toEqual(['a.txt'])
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('new')
    // A value writeFile cannot write fails half-way, after 'a.txt' was written to the temporary folder.
    const bad = { 'a.txt': 'newer', 'b.txt': 42 as unknown as string }
    await expect(writeFolderAtomic(dir, bad)).rejects.toMatchObject({ code: 'E_IO' })
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('new')
    expect((await readdir(root)).filter((name) => name.startsWith('.atomic'))).toEqual([])
    await expect(writeFolderAtomic(dir, { '../escape.txt': 'x' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[AedetectError: writeFolderAtomic(): '../escape.txt' is not a plain file name; use names without '/' or '..'.]`,
    )
  })
})

describe('IndexedDB persistence outside a browser', () => {
  test('says IndexedDB is unavailable and points to the Node functions', async () => {
    const dense = buildAutoencoder({ kind: 'dense', hiddenUnits: [4, 2, 4] }, { sampleShape: [6] })
    await expect(saveAutoencoderToIndexedDb(dense, 'ecg')).rejects.toThrowErrorMatchingInlineSnapshot(`[AedetectError: saveAutoencoderToIndexedDb(): IndexedDB is not available here (tf.io has no indexeddb:// handler outside a browser). In Node use saveAutoencoder/loadAutoencoder from '@aedetect/models/node'.]`)
    await expect(loadAutoencoderFromIndexedDb('ecg')).rejects.toMatchObject({ code: 'E_UNSUPPORTED' })
    dense.dispose()
  })
})

import { selectSamples, type Samples } from '@aedetect/core'
import { syntheticSeries } from '@aedetect/datasets'
import { loadEcg5000 } from '@aedetect/datasets/node'
import {
  detectorFromFile,
  detectorToFile,
  fitDetector,
  fitWindowDetector,
  windowDetectorFromFile,
  windowDetectorToFile,
  type Detector,
  type WindowDetector,
} from '@aedetect/detector'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { version } from '../package.json'


// ECG5000's UCR protocol, shortened: fit on the 292 normal beats of the TRAIN file, score every tenth TEST beat
// (450 of 4,500). Dense 64-32-16-32-64 (the web demo's), seed 7, 3 epochs, cpu: the file is about persistence.
let detector: Detector
let test: Samples
let scores: Float32Array
let text: string
// A seeded synthetic series of NAB speed_7578's length and period (1,127 points, period 34): fit on the first
// 169 points (the NAB bench's prefix for that series), seed 7, 3 epochs. The file is about persistence.
let nab: { values: Float32Array }
let windowDetector: WindowDetector
let pointScores: Float64Array
let tensorsBefore: number

interface FileRecord { format: string; formatVersion: number; libraryVersion: string; files: Record<string, string | { base64: string; byteLength: number }> }
const edit = (change: (record: FileRecord) => void): string => {
  const record = JSON.parse(text) as FileRecord
  change(record)
  return JSON.stringify(record)
}
const weightsOf = (record: FileRecord) => record.files['weights.bin'] as { base64: string; byteLength: number }

beforeAll(async () => {
  await tf.setBackend('cpu')
  const ecg = await loadEcg5000()
  const rows = Array.from(ecg.ucrSplit.keys())
  detector = await fitDetector(selectSamples(ecg.x, rows.filter((i) => ecg.ucrSplit[i] === 0 && ecg.labels[i] === 0)), { architecture: { kind: 'dense', hiddenUnits: [64, 32, 16, 32, 64] }, training: { epochs: 3, batchSize: 32 }, seed: 7, featureNames: ecg.featureNames })
  test = selectSamples(ecg.x, rows.filter((i) => ecg.ucrSplit[i] === 1).filter((_, k) => k % 10 === 0))
  scores = await detector.score(test)
  text = await detectorToFile(detector)
  nab = syntheticSeries({ length: 1127, period: 34, seed: 7 })
  windowDetector = await fitWindowDetector(nab.values.subarray(0, 169), { seed: 7, training: { epochs: 3 } })
  pointScores = await windowDetector.scorePoints(nab.values)
  tensorsBefore = tf.memory().numTensors
})

afterAll(() => {
  detector?.dispose()
  windowDetector?.dispose()
})

describe('detectorToFile', () => {
  it('writes one JSON text: format and version first, the three files, the weights in base64 with their length', () => {
    expect(text.startsWith('{"format":"aedetect-detector-file","formatVersion":1,')).toBe(true)
    const record = JSON.parse(text) as FileRecord
    expect([record.libraryVersion, Object.keys(record.files).sort()]).toEqual([version, ['detector.json', 'model.json', 'weights.bin']])
    // Dense 140-64-32-16-32-64-140 in float32: 23,388 weights · 4 bytes.
    expect(weightsOf(record).byteLength).toBe(23_388 * 4)
    expect(Buffer.from(weightsOf(record).base64, 'base64').byteLength).toBe(23_388 * 4)
  })
})

describe('detectorFromFile', () => {
  it('loads the text, its bytes and a File to the same scores, bit for bit (same backend)', async () => {
    const inputs = [text, new TextEncoder().encode(text), new File([text], 'ecg.aedetect.json', { type: 'application/json' })]
    for (const input of inputs) {
      const loaded = await detectorFromFile(input)
      // Same weights on the same backend: float32 scores equal exactly, and the threshold comes back as saved.
      expect(await loaded.score(test)).toEqual(scores)
      expect(loaded.threshold).toEqual(detector.threshold)
      loaded.dispose()
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore)
  })

  it('refuses a file of another kind, naming it and the fix', async () => {
    await expect(detectorFromFile('time,value\n1,2\n', { name: 'data.csv' })).rejects.toMatchObject({ code: 'E_FORMAT', message: 'data.csv is not JSON, so it is not a file written by detectorToFile(). Choose a file saved with detectorToFile().' })
    await expect(detectorFromFile(new File(['{"format":"notes"}'], 'notes.json'))).rejects.toMatchObject({ code: 'E_FORMAT', message: 'notes.json has format "notes"; expected "aedetect-detector-file". Choose a file saved with detectorToFile().' })
    await expect(detectorFromFile(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe))).rejects.toMatchObject({ code: 'E_FORMAT', message: 'detector file is not UTF-8 text, so it is not a file written by detectorToFile(). Choose a file saved with detectorToFile().' })
    await expect(detectorFromFile(await windowDetectorToFile(windowDetector), { name: 'nab.json' })).rejects.toMatchObject({ code: 'E_FORMAT', message: 'nab.json has format "aedetect-window-detector-file"; expected "aedetect-detector-file". It is a window detector: load it with windowDetectorFromFile().' })
    await expect(detectorFromFile(42 as unknown as string)).rejects.toMatchObject({ code: 'E_OPTION', message: 'detectorFromFile(): expected the file as a string, a Uint8Array or a Blob (a File), got number.' })
  })

  it('refuses another format version of the file and of its detector.json, naming both versions', async () => {
    const newer = edit((r) => { r.formatVersion = 2; r.libraryVersion = '9.0.0' })
    await expect(detectorFromFile(newer, { name: 'd.json' })).rejects.toMatchObject({ code: 'E_FORMAT_VERSION', message: `d.json has format version 2 (written by aedetect 9.0.0); this aedetect (${version}) reads version 1. Load it with the version that saved it, or save the detector again with this version.` })
    const inner = edit((r) => { r.files['detector.json'] = (r.files['detector.json'] as string).replace('"formatVersion": 1', '"formatVersion": 3') })
    await expect(detectorFromFile(inner, { name: 'd.json' })).rejects.toMatchObject({ code: 'E_FORMAT_VERSION', message: `d.json/detector.json has format version 3 (written by aedetect ${version}); this aedetect (${version}) reads versions 1 to 2. Retrain the detector with this version, or load it with the version that saved it.` })
  })

  it('refuses truncated or damaged content before building a model', async () => {
    await expect(detectorFromFile(text.slice(0, 5000), { name: 'cut.json' })).rejects.toMatchObject({ code: 'E_CORRUPT', message: 'cut.json opens as an aedetect-detector-file but is not valid JSON: it is truncated or damaged. Save the detector again with detectorToFile().' })
    await expect(detectorFromFile('', { name: 'empty.json' })).rejects.toMatchObject({ code: 'E_CORRUPT', message: 'empty.json is empty. Choose a file saved with detectorToFile().' })
    // 8 base64 characters fewer = 6 bytes fewer than the length written beside them.
    const shortened = edit((r) => { weightsOf(r).base64 = weightsOf(r).base64.slice(8) })
    await expect(detectorFromFile(shortened, { name: 'd.json' })).rejects.toMatchObject({ code: 'E_CORRUPT', message: 'd.json/weights.bin holds 93546 bytes; the file says 93552. The file is truncated or damaged: save the detector again with detectorToFile().' })
    const badBase64 = edit((r) => { weightsOf(r).base64 = `!${weightsOf(r).base64.slice(1)}` })
    await expect(detectorFromFile(badBase64, { name: 'd.json' })).rejects.toMatchObject({ code: 'E_CORRUPT', message: expect.stringMatching(/^d\.json\/weights\.bin is not valid base64 \(.+\); the file is damaged\. Save the detector again with detectorToFile\(\)\.$/) })
    // Consistent length, but not the model's: 1,000 floats where the manifest of model.json expects 23,388.
    const foreign = edit((r) => { r.files['weights.bin'] = { base64: Buffer.alloc(4000).toString('base64'), byteLength: 4000 } })
    await expect(detectorFromFile(foreign)).rejects.toMatchObject({ code: 'E_CORRUPT', message: 'detector file: the weights hold 4000 bytes; the manifest expects 93552. The weights file is truncated or belongs to another model: re-save the detector with saveDetector() or \'aedetect train\'.' })
    const missing = edit((r) => { delete r.files['detector.json'] })
    await expect(detectorFromFile(missing, { name: 'd.json' })).rejects.toMatchObject({ code: 'E_CORRUPT', message: 'd.json/detector.json is missing; expected text. Save the detector again with detectorToFile().' })
    // Nothing was built from any of these files.
    expect(tf.memory().numTensors).toBe(tensorsBefore)
  })
})

describe('windowDetectorToFile / windowDetectorFromFile', () => {
  it('round-trips a window detector to the same point scores, bit for bit', async () => {
    const file = await windowDetectorToFile(windowDetector)
    expect(Object.keys((JSON.parse(file) as FileRecord).files).sort()).toEqual(['detector.json', 'model.json', 'weights.bin', 'window.json'])
    const loaded = await windowDetectorFromFile(new File([file], 'nab.json'))
    expect(loaded.state).toEqual(windowDetector.state)
    expect(await loaded.scorePoints(nab.values)).toEqual(pointScores)
    loaded.dispose()
    expect(tf.memory().numTensors).toBe(tensorsBefore)
  })

  it('refuses a detector file, naming the reader to use', async () => {
    await expect(windowDetectorFromFile(text, { name: 'ecg.json' })).rejects.toMatchObject({ code: 'E_FORMAT', message: 'ecg.json has format "aedetect-detector-file"; expected "aedetect-window-detector-file". It is a detector of samples, not of a series: load it with detectorFromFile().' })
  })
})

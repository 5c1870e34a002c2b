import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Samples } from '@aedetect/core'
import { fitDetector, type Detector } from '@aedetect/detector'
import { loadDetector, saveDetector } from '@aedetect/detector/node'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rows } from './_test-rows'

// Synthetic tabular data: 96 rows × 6 features from a seeded LCG (values in [0, 1), feature j scaled by j + 1),
// a dense 6-4-2-4-6 autoencoder, seed 5, 2 epochs on cpu: this file is about the artifact, not the quality.
let root: string
let dir: string
let x: Samples
let detector: Detector
let scores: Float32Array
let tensorsBefore: number

const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))

/** The error's code and message with the temporary root replaced by `<root>`, so the whole message can be asserted. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    const e = error as { code: string; message: string; name: string }
    return { code: `${e.name}:${e.code}`, message: e.message.replaceAll(root, '<root>') }
  }
  throw new Error('expected a failure')
}

/** A fresh copy of the saved detector folder, edited by `change`. */
async function copyWith(name: string, change: (folder: string) => Promise<void>): Promise<string> {
  const folder = join(root, name)
  await mkdir(folder)
  for (const file of await readdir(dir)) await writeFile(join(folder, file), await readFile(join(dir, file)))
  await change(folder)
  return folder
}

async function editJson(folder: string, file: string, change: (json: Record<string, any>) => void): Promise<void> {
  const json = JSON.parse(await readFile(join(folder, file), 'utf8')) as Record<string, any>
  change(json)
  await writeFile(join(folder, file), JSON.stringify(json))
}

// The pid of a process that has exited: what a killed save leaves in its folder names.
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number
}

beforeAll(async () => {
  await tf.setBackend('cpu')
  tensorsBefore = tf.memory().numTensors
  root = await mkdtemp(join(tmpdir(), 'aedetect-folder-'))
  dir = join(root, 'model')
  x = rows(96, 6, 11)
  detector = await fitDetector(x, { architecture: { kind: 'dense', hiddenUnits: [4, 2, 4] }, seed: 5, training: { epochs: 2, batchSize: 32 } })
  scores = await detector.score(x)
  await saveDetector(detector, dir)
})

afterAll(async () => {
  detector.dispose()
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  await rm(root, { recursive: true, force: true })
})

describe('saveDetector / loadDetector: checksum (issue #16 item 5)', () => {
  it('records the SHA-256 of weights.bin in detector.json and round-trips bit for bit', async () => {
    const record = JSON.parse(await readFile(join(dir, 'detector.json'), 'utf8')) as { weightsSha256: string }
    const { createHash } = await import('node:crypto')
    expect(record.weightsSha256).toBe(createHash('sha256').update(await readFile(join(dir, 'weights.bin'))).digest('hex'))
    const loaded = await loadDetector(dir)
    expect(same(await loaded.score(x), scores)).toBe(true)
    loaded.dispose()
  })

  it('refuses weights of random bytes of the right length (E_CORRUPT naming the file, got and expected), leaving no tensor', async () => {
    const folder = await copyWith('random-weights', async (f) => {
      const size = (await readFile(join(f, 'weights.bin'))).byteLength
      const bytes = new Uint8Array(size)
      for (let i = 0; i < size; i++) bytes[i] = (i * 2654435761) >>> 24
      await writeFile(join(f, 'weights.bin'), bytes)
    })
    const before = tf.memory().numTensors
    const { code, message } = await failure(loadDetector(folder))
    expect(code).toBe('AedetectError:E_CORRUPT')
    expect(message).toMatch(/^<root>\/random-weights: weights\.bin has SHA-256 [0-9a-f]{64}; it was saved with [0-9a-f]{64}\. The weights file is damaged or from another save: re-save the detector with saveDetector\(\) or 'aedetect train'\.$/)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('still loads a detector saved before the checksum existed, and a NaN score is an error, never "normal"', async () => {
    // Weights of 0xff bytes are all NaN float32; without a checksum (an older save) they load, and scoring says so.
    const folder = await copyWith('nan-weights', async (f) => {
      await writeFile(join(f, 'weights.bin'), new Uint8Array((await readFile(join(f, 'weights.bin'))).byteLength).fill(0xff))
      await editJson(f, 'detector.json', (j) => { delete j.weightsSha256 })
    })
    const loaded = await loadDetector(folder)
    expect(await failure(loaded.predict(x))).toMatchInlineSnapshot(`
      {
        "code": "AedetectError:E_NOT_FINITE",
        "message": "score(): sample 0 scores NaN; a score that is not a number is neither normal nor anomalous. The detector's weights are damaged, or the sample's values overflow float32 inside the model: check row 0, or retrain the detector.",
      }
    `)
    loaded.dispose()
  })
})

describe('loadDetector checks the whole artifact before allocating (issue #16 items 9, 10, 11)', () => {
  const cases: Array<[string, (folder: string) => Promise<void>]> = [
    ['units-10m', (f) => editJson(f, 'model.json', (j) => { j.modelTopology.config.layers[1].config.units = 10_000_000 })],
    ['input-shape', (f) => editJson(f, 'model.json', (j) => { j.modelTopology.config.layers[0].config.batch_input_shape = [null, 7] })],
    // Found by the fuzz test: tfjs waited forever for a layer the graph names but never defines.
    ['graph-name', (f) => editJson(f, 'model.json', (j) => { j.modelTopology.config.layers[1].name = 867320345 })],
    ['graph-reference', (f) => editJson(f, 'model.json', (j) => { j.modelTopology.config.layers[1].inbound_nodes[0][0][0] = 'nowhere' })],
    ['foreign-layer', (f) => editJson(f, 'model.json', (j) => { j.modelTopology.config.layers[1].class_name = 'Conv3D' })],
    ['huge-manifest', (f) => editJson(f, 'model.json', (j) => { j.weightsManifest[0].weights[0].shape = [1e9, 1e9] })],
    ['feature-names', (f) => editJson(f, 'detector.json', (j) => { j.featureNames = ['a'] })],
    ['calibration-type', (f) => editJson(f, 'detector.json', (j) => { j.calibrationScores[3] = 'x' })],
    ['threshold-null', (f) => editJson(f, 'detector.json', (j) => { j.threshold.value = null })],
    ['scaler-version', (f) => editJson(f, 'detector.json', (j) => { j.scaler.formatVersion = 99 })],
    ['scaler-shape', (f) => editJson(f, 'detector.json', (j) => { j.sampleShape = [3, 2] })],
    ['checksum-type', (f) => editJson(f, 'detector.json', (j) => { j.weightsSha256 = 42 })],
    // Passes every check before the build, fails in it (no 'code_log_var' layer): what was built is disposed.
    ['kind-after-build', (f) => editJson(f, 'detector.json', (j) => { j.architecture.kind = 'variational' })],
  ]
  for (const [name, change] of cases) {
    it(`${name}: a documented error, no tensor left behind`, async () => {
      const folder = await copyWith(name, change)
      const before = tf.memory().numTensors
      const got = await failure(loadDetector(folder))
      expect(tf.memory().numTensors).toBe(before)
      expect(got).toMatchSnapshot()
    })
  }

  it('refuses a detector.json over 32 MiB before reading it (an extra 20M-element array)', async () => {
    const folder = await copyWith('huge-json', async (f) => {
      await writeFile(join(f, 'detector.json'), `{"format": "aedetect-detector", "formatVersion": 1, "extra": [${'0,'.repeat(17_000_000)}0]}`)
    })
    const rss = process.memoryUsage().rss
    expect(await failure(loadDetector(folder))).toMatchInlineSnapshot(`
      {
        "code": "AedetectError:E_CORRUPT",
        "message": "loadDetector(): '<root>/huge-json/detector.json' is 34000065 bytes; aedetect reads at most 33554432 bytes for detector.json, so this is not a file it wrote (or it was edited). A detector folder holds detector.json, model.json and weights.bin; re-save it with 'aedetect train' or saveDetector().",
      }
    `)
    // The refusal reads nothing: far less than the 34 MB file, let alone the 1.4 GB the parse took before.
    expect(process.memoryUsage().rss - rss).toBeLessThan(32 * 1024 * 1024)
  })

  it('refuses a symbolic link in the folder (never follows it outside)', async () => {
    const folder = await copyWith('linked', async (f) => {
      await rm(join(f, 'weights.bin'))
      await symlink('/etc/passwd', join(f, 'weights.bin'))
    })
    expect(await failure(loadDetector(folder))).toMatchInlineSnapshot(`
      {
        "code": "AedetectError:E_CORRUPT",
        "message": "loadDetector(): '<root>/linked/weights.bin' is a symbolic link; an aedetect folder holds regular files only, and links are never followed (they could point outside the folder). Replace the link with the file itself. A detector folder holds detector.json, model.json and weights.bin; re-save it with 'aedetect train' or saveDetector().",
      }
    `)
    const linkedJson = await copyWith('linked-json', async (f) => {
      await rename(join(f, 'detector.json'), join(f, 'real.json'))
      await symlink(join(f, 'real.json'), join(f, 'detector.json'))
    })
    expect(await failure(loadDetector(linkedJson))).toMatchInlineSnapshot(`
      {
        "code": "AedetectError:E_CORRUPT",
        "message": "loadDetector(): '<root>/linked-json/detector.json' is a symbolic link; an aedetect folder holds regular files only, and links are never followed (they could point outside the folder). Replace the link with the file itself. A detector folder holds detector.json, model.json and weights.bin; re-save it with 'aedetect train' or saveDetector().",
      }
    `)
  })
})

describe('interrupted saves are recovered by the next load or save (issue #16 item 3)', () => {
  it('a kill between the two renames: the next load rolls back to the previous detector and says so', async () => {
    const folder = await copyWith('half-swapped', async () => undefined)
    const pid = deadPid()
    await rename(folder, join(root, `.half-swapped.old-${pid}-${Date.now()}-1`))
    await copyWith(`.half-swapped.tmp-${pid}-${Date.now()}-2`, async () => undefined)
    const warnings: string[] = []
    const loaded = await loadDetector(folder, { onWarning: (m) => warnings.push(m.replaceAll(root, '<root>').replaceAll(String(pid), '<pid>').replace(/-\d{13}-/g, '-<ms>-')) })
    expect(same(await loaded.score(x), scores)).toBe(true)
    loaded.dispose()
    expect(warnings).toMatchInlineSnapshot(`
      [
        "loadDetector(): '<root>/half-swapped' was missing because a save was interrupted between its two renames; rolled back to the previous folder (renamed back from '.half-swapped.old-<pid>-<ms>-1').",
        "loadDetector(): removed 1 stale temporary folder of interrupted saves beside '<root>/half-swapped' (.half-swapped.tmp-<pid>-<ms>-2).",
      ]
    `)
    expect((await readdir(root)).filter((n) => n.startsWith('.half-swapped'))).toEqual([])
  })

  it('a save removes stale temporary folders of dead processes, and leaves a live process\'s alone', async () => {
    const folder = join(root, 'resaved')
    await saveDetector(detector, folder)
    const dead = `.resaved.tmp-${deadPid()}-${Date.now()}-1`
    const live = `.resaved.tmp-${process.ppid}-${Date.now()}-1`
    await mkdir(join(root, dead))
    await mkdir(join(root, live))
    await writeFile(join(root, 'resaved.tmp-1-2-3'), 'not ours: no leading dot')
    const warnings: string[] = []
    await saveDetector(detector, folder, { onWarning: (m) => warnings.push(m) })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toBe(`saveDetector(): removed 1 stale temporary folder of interrupted saves beside '${folder}' (${dead}).`)
    expect((await readdir(root)).filter((n) => n.includes('resaved')).sort()).toEqual([live, 'resaved', 'resaved.tmp-1-2-3'].sort())
    await rm(join(root, live), { recursive: true })
  })
})

describe('a detector that cannot separate anything is refused at fit time (issue #16 item 4)', () => {
  const options = { architecture: { kind: 'dense' as const, hiddenUnits: [2] }, seed: 1, training: { epochs: 1 } }

  it('constant features: E_DEGENERATE naming the cause', async () => {
    const before = tf.memory().numTensors
    const constant = { data: new Float32Array(40 * 3).fill(0.5), shape: [40, 3] }
    expect(await failure(fitDetector(constant, options))).toMatchInlineSnapshot(`
      {
        "code": "AedetectError:E_DEGENERATE",
        "message": "fitDetector(): all 4 held-out normal samples have the same reconstruction error (0.2497500777244568), so no threshold separates anything: every one of the 3 columns is constant across the 36 training rows after scaling (identical rows, or values too close together — near 1e-30 — or too far out — near 1e30 — for float32). The training data has zero variance: drop constant columns and duplicate rows, or rescale the values, and fit again.",
      }
    `)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('identical rows with values near 1e-30 and 1e30: E_DEGENERATE', async () => {
    const data = new Float32Array(40 * 2)
    for (let i = 0; i < 40; i++) {
      data[i * 2] = 1e-30
      data[i * 2 + 1] = 1e30
    }
    expect(await failure(fitDetector({ data, shape: [40, 2] }, options))).toMatchInlineSnapshot(`
      {
        "code": "AedetectError:E_DEGENERATE",
        "message": "fitDetector(): all 4 held-out normal samples have the same reconstruction error (0.2497500777244568), so no threshold separates anything: every one of the 2 columns is constant across the 36 training rows after scaling (identical rows, or values too close together — near 1e-30 — or too far out — near 1e30 — for float32). The training data has zero variance: drop constant columns and duplicate rows, or rescale the values, and fit again.",
      }
    `)
  })

  it('a +Infinity threshold is never saved (JSON would write null, read back as "flag everything")', async () => {
    const flagsNothing = detector.withThreshold({ value: Number.POSITIVE_INFINITY, strategy: 'youden', params: {} })
    expect(await failure(saveDetector(flagsNothing, join(root, 'infinite')))).toMatchInlineSnapshot(`
      {
        "code": "AedetectError:E_NOT_FINITE",
        "message": "detectorToFiles(): the detector's threshold is Infinity (strategy 'youden'); JSON cannot hold it, and a detector that flags nothing (or everything) is not worth saving. Choose a finite threshold with rethreshold() or withThreshold() before saving.",
      }
    `)
    expect((await readdir(root)).filter((n) => n.includes('infinite'))).toEqual([])
  })
})

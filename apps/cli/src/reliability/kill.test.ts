import { existsSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Samples } from '@aedetect/core'
import { loadDetector } from '@aedetect/detector/node'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leftovers, runAndKill, seededUniform } from './_kill-helpers'

// Issue #16, the kill test: `kill -9` at seeded random moments during `aedetect train --out SAME` over an existing
// detector (50 runs) and during `aedetect score --output SAME` (25 runs); runs the BUILT binary (`pnpm build`).
// Data: a synthetic CSV of 300 rows × 8 features (every tenth row 'bad', shifted by 5), 1 epoch, seeds 1 and 2
// alternating so that each run replaces the folder's detector with the other one; cpu backend.
let root: string
let trainCsv: string
let probe: Samples
let tensorsBefore: number
const reference: Record<number, Float32Array> = {}

function syntheticCsv(rows: number, seed: number, withLabel: boolean): { text: string; x: Samples } {
  const next = seededUniform(seed)
  const data = new Float32Array(rows * 8)
  const lines = [withLabel ? 'f0,f1,f2,f3,f4,f5,f6,f7,status' : 'f0,f1,f2,f3,f4,f5,f6,f7']
  for (let i = 0; i < rows; i++) {
    const bad = withLabel && i % 10 === 0
    const values: string[] = []
    for (let j = 0; j < 8; j++) {
      const v = ((next() - 0.5) * 4 + (bad ? 5 : 0)) * ((j + 1) / 4)
      values.push(v.toFixed(5))
      data[i * 8 + j] = Number(v.toFixed(5))
    }
    lines.push(withLabel ? `${values.join(',')},${bad ? 'bad' : 'ok'}` : values.join(','))
  }
  return { text: `${lines.join('\n')}\n`, x: { data, shape: [rows, 8] } }
}

const trainArgs = (out: string, seed: number): string[] => ['train', '--csv', trainCsv, '--label', 'status', '--normal', 'ok', '--epochs', '1', '--seed', String(seed), '--out', out]
const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))

async function scoresOf(dir: string, onWarning?: (m: string) => void): Promise<Float32Array> {
  const detector = await loadDetector(dir, { onWarning })
  try {
    return await detector.score(probe)
  } finally {
    detector.dispose()
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu')
  tensorsBefore = tf.memory().numTensors
  root = await mkdtemp(join(tmpdir(), 'aedetect-kill-'))
  trainCsv = join(root, 'train.csv')
  const table = syntheticCsv(300, 16, true)
  await writeFile(trainCsv, table.text)
  probe = { data: table.x.data.subarray(0, 64 * 8), shape: [64, 8] }
  // The two detectors every killed run leaves or makes, from complete runs (cpu training is bit-identical across processes).
  const runs = await Promise.all([1, 2].map((seed) => runAndKill(trainArgs(join(root, `reference-${seed}`), seed), { kind: 'time', afterMs: 120_000 })))
  for (const run of runs) expect(run.code).toBe(0)
  for (const seed of [1, 2]) reference[seed] = await scoresOf(join(root, `reference-${seed}`))
  expect(same(reference[1], reference[2])).toBe(false)
}, 180_000)

afterAll(async () => {
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  await rm(root, { recursive: true, force: true })
})

describe('kill -9 during aedetect train over an existing detector (50 runs)', () => {
  it('leaves the previous detector or the new one, bit-identical, loadable every time; nothing stale after the next run', async () => {
    const out = join(root, 'model')
    await cp(join(root, 'reference-1'), out, { recursive: true })
    let current = 1
    // A complete run takes about this long; half the kills fall anywhere in it (start-up, training, save).
    const full = await runAndKill(trainArgs(join(root, 'timing'), 2), { kind: 'time', afterMs: 120_000 })
    expect(full.code).toBe(0)
    const random = seededUniform(7)
    const tally = { killedLeavingNothing: 0, previous: 0, replaced: 0, finishedFirst: 0, oldLeft: 0, rolledBack: 0, cleaned: 0 }
    for (let i = 0; i < 50; i++) {
      const seed = current === 1 ? 2 : 1
      // The other half are triggered by the save's temporary folder appearing, then 0-6 ms: inside the writes,
      // the fsyncs and the two renames (a save of this detector takes a few ms).
      const at = i % 2 === 0
        ? { kind: 'time' as const, afterMs: random() * full.elapsedMs * 1.1 }
        : { kind: 'entry' as const, folder: root, prefix: '.model.tmp-', afterMs: random() * 6, timeoutMs: 60_000 }
      const run = await runAndKill(trainArgs(out, seed), at)
      if (!run.killed) tally.finishedFirst += 1
      const stale = await leftovers(root, 'model')
      const warnings: string[] = []
      const got = await scoresOf(out, (m) => warnings.push(m))
      if (warnings.some((w) => w.includes('rolled back'))) tally.rolledBack += 1
      if (warnings.some((w) => w.includes('removed'))) tally.cleaned += 1
      if (stale.length === 0 && run.killed) tally.killedLeavingNothing += 1
      if (stale.some((n) => n.startsWith('.model.old-'))) tally.oldLeft += 1
      // Bit-identical to the detector before this run, or to the one it was writing.
      const matches = same(got, reference[current]) ? current : same(got, reference[seed]) ? seed : 0
      expect(matches, `run ${i}: the folder scores like neither detector (kill at ${JSON.stringify(at)}; leftovers ${stale.join(', ')})`).not.toBe(0)
      if (matches === current) tally.previous += 1
      else tally.replaced += 1
      current = matches
      // The load above was the next run: it recovered and removed everything the killed save left.
      expect(await leftovers(root, 'model')).toEqual([])
    }
    // The next successful `train` leaves no temporary either, and its detector loads.
    const last = await runAndKill(trainArgs(out, current === 1 ? 2 : 1), { kind: 'time', afterMs: 120_000 })
    expect(last.code).toBe(0)
    expect(await leftovers(root, 'model')).toEqual([])
    expect(same(await scoresOf(out), reference[current === 1 ? 2 : 1])).toBe(true)
    // Every kind of moment was hit: some kills kept the previous detector, some runs replaced it.
    expect(tally.previous).toBeGreaterThan(0)
    expect(tally.replaced).toBeGreaterThan(0)
    expect(tally.cleaned).toBeGreaterThan(0)
    console.info(`kill test, train: 50 runs, ${JSON.stringify(tally)}, one full run ${full.elapsedMs.toFixed(0)} ms`)
  }, 240_000)
})

describe('kill -9 during aedetect score --output (25 runs)', () => {
  it('leaves the previous output whole, never a partial one; the orphaned temporaries are ours alone and are removed', async () => {
    const input = join(root, 'score.csv')
    await writeFile(input, syntheticCsv(60_000, 3, false).text)
    const output = join(root, 'scores.csv')
    const model = join(root, 'reference-1')
    const first = await runAndKill(['score', '--model', model, '--input', input, '--output', output], { kind: 'time', afterMs: 120_000 })
    expect(first.code).toBe(0)
    const expected = await readFile(output)
    const random = seededUniform(9)
    let orphans = 0
    let orphansNow = 0
    for (let i = 0; i < 25; i++) {
      const at = i % 2 === 0
        ? { kind: 'time' as const, afterMs: random() * first.elapsedMs * 1.1 }
        : { kind: 'entry' as const, folder: root, prefix: 'scores.csv.', afterMs: random() * 400, timeoutMs: 60_000 }
      const run = await runAndKill(['score', '--model', model, '--input', input, '--output', output], at)
      // The output is the previous complete file or the new complete one (the same bytes: same detector and input).
      expect(existsSync(output)).toBe(true)
      expect((await readFile(output)).equals(expected), `run ${i}: partial output after a kill at ${JSON.stringify(at)}`).toBe(true)
      const left = await leftovers(root, 'scores.csv')
      // A run that finished cleaned the orphans of the runs killed before it.
      if (!run.killed) expect(left).toEqual([])
      for (const name of left) expect(name).toMatch(/^scores\.csv\.\d+\.tmp$/)
      orphans += Math.max(0, left.length - orphansNow)
      orphansNow = left.length
    }
    // The next run removes what killed runs left (only files of its own pattern whose pid is dead), then writes.
    const last = await runAndKill(['score', '--model', model, '--input', input, '--output', output], { kind: 'time', afterMs: 120_000 })
    expect(last.code).toBe(0)
    expect(await leftovers(root, 'scores.csv')).toEqual([])
    expect((await readFile(output)).equals(expected)).toBe(true)
    expect(orphans).toBeGreaterThan(0)
    console.info(`kill test, score --output: 25 runs, ${orphans} orphaned temporaries removed, one full run ${first.elapsedMs.toFixed(0)} ms`)
  }, 180_000)
})

/**
 * A seeded pseudo-random generator: the same seed gives the same stream in Node and in every browser.
 * sfc32 (Chris Doty-Humphrey's Small Fast Counter) seeded through splitmix32; 32-bit integer arithmetic
 * only, so results do not depend on the JS engine.
 */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number
  /** Uniform integer in [0, n). */
  nextInt(n: number): number
  /** Standard normal deviate (Box–Muller). */
  nextNormal(): number
}

/** The seed used when a caller gives none. */
export const DEFAULT_SEED = 42

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/**
 * The first `count` 32-bit draws of the stream `createRandom(seed)` gives (its `next()` is a draw / 2^32), in
 * one loop over local state: for bulk draws on hot paths (a dropout mask per training batch), where calling
 * `next()` per value was ~9× slower (0.31 against 0.035 ms for 12,288 values). `into` (at least `count` long)
 * receives the draws instead of a new array, for callers that draw every batch (its first `count` values are
 * returned as a view).
 */
export function randomUint32s(count: number, seed: number = DEFAULT_SEED, into?: Uint32Array): Uint32Array {
  const init = splitmix32(Math.floor(seed))
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const out = into === undefined ? new Uint32Array(count) : into.subarray(0, count)
  if (out.length < count) throw new RangeError(`randomUint32s: 'into' holds ${into?.length ?? 0} values, fewer than the ${count} asked for.`)
  // The first 12 draws warm the state up, as createRandom does.
  for (let i = -12; i < count; i++) {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    if (i >= 0) out[i] = t
  }
  return out
}

/**
 * A keep-mask of `count` values: 1 where the draw of `randomUint32s(count, seed)` at that index is below
 * `probability` · 2^32, else 0 (so each value is 1 with that probability) — a dropout mask per training batch.
 * The generator's step is repeated here rather than called: one loop that draws, compares and writes ran 3.6×
 * faster than drawing into an array and comparing after (66 M values: 0.2 s against 0.75 s), and the fused
 * dense trainer draws a mask per layer and batch. `into` (at least `count` long) receives the mask.
 */
export function randomMask(count: number, probability: number, seed: number = DEFAULT_SEED, into?: Float32Array): Float32Array {
  const out = into === undefined ? new Float32Array(count) : into.subarray(0, count)
  if (out.length < count) throw new RangeError(`randomMask: 'into' holds ${into?.length ?? 0} values, fewer than the ${count} asked for.`)
  const threshold = probability * 4294967296
  const init = splitmix32(Math.floor(seed))
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  for (let i = -12; i < count; i++) {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    if (i >= 0) out[i] = t < threshold ? 1 : 0
  }
  return out
}

/** Creates a generator from an integer seed (default {@link DEFAULT_SEED}). */
export function createRandom(seed: number = DEFAULT_SEED): Random {
  const init = splitmix32(Math.floor(seed))
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) nextUint32()
  let spareNormal: number | null = null
  const next = (): number => nextUint32() / 4294967296
  return {
    next,
    nextInt(n: number): number {
      return Math.floor(next() * n)
    },
    nextNormal(): number {
      if (spareNormal !== null) {
        const value = spareNormal
        spareNormal = null
        return value
      }
      let u = next()
      while (u === 0) u = next()
      const v = next()
      const r = Math.sqrt(-2 * Math.log(u))
      spareNormal = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
  }
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, seed: number = DEFAULT_SEED): Uint32Array {
  const random = createRandom(seed)
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1)
    const tmp = order[i]
    order[i] = order[j]
    order[j] = tmp
  }
  return order
}

// Test-only: seeded rows for the artifact tests. A plain LCG, so the rows (and the thresholds and messages the
// snapshots hold) stay exactly as the tests were written against; column j spans [0, j + 1).
import type { Samples } from '@aedetect/core'

/** `n` rows of `features` values, seeded. */
export function rows(n: number, features: number, seed: number): Samples {
  const data = new Float32Array(n * features)
  let state = seed >>> 0
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    data[i] = (state / 2 ** 32) * ((i % features) + 1)
  }
  return { data, shape: [n, features] }
}

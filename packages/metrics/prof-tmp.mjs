import { createRandom } from '@aedetect/core'
import { searchOracleF1 } from '@aedetect/metrics'
const n = 1000000
const random = createRandom(11)
const labels = new Uint8Array(n)
for (let i = 0; i < n; i++) if (labels[i] === 0 && random.next() < 1 / 2000) labels.fill(1, i, Math.min(n, i + 5 + random.nextInt(196)))
const scores = Float64Array.from({ length: n }, (_, i) => Math.round((Math.abs(random.nextNormal()) + 2 * labels[i] * random.next()) * 1e4) / 1e4)
for (let r = 0; r < 2; r++) { const t = performance.now(); searchOracleF1(labels, scores); console.log(performance.now() - t) }
for (let r = 0; r < 3; r++) { let t = performance.now(); scores.slice().sort(); const s = performance.now() - t; t = performance.now(); searchOracleF1(labels, scores); console.log('ratio', ((performance.now() - t) / s).toFixed(2), s.toFixed(0)) }

import { createRandom } from '@aedetect/core'
import { initBackend, buildAutoencoder, trainAutoencoder, reconstruct } from '@aedetect/models'

// A small synthetic table: 8 features that follow one hidden factor, plus noise.
function table(n, seed, anomalous = false) {
  const random = createRandom(seed)
  const data = new Float32Array(n * 8)
  for (let i = 0; i < n; i++) {
    const t = random.next()
    for (let j = 0; j < 8; j++) {
      const value = 0.5 + 0.4 * Math.sin(t * Math.PI * 2 + j) + 0.02 * random.nextNormal()
      data[i * 8 + j] = anomalous && j % 2 === 0 ? 1 - value : value // anomalies break the pattern
    }
  }
  return { data, shape: [n, 8] }
}

const backend = await initBackend() // tfjs-node if installed, else wasm, else cpu
console.log(`backend: ${backend.name}`)

const ae = buildAutoencoder({ kind: 'dense', hiddenUnits: [16, 4, 16] }, { sampleShape: [8], seed: 1 })
const history = await trainAutoencoder(ae, table(1000, 1), { epochs: 30, batchSize: 32, validationFraction: 0.2, earlyStopping: {}, seed: 1 })
console.log(`epochs: ${history.epochsRun}, loss ${history.loss[0].toFixed(4)} → ${history.loss.at(-1).toFixed(4)}, best epoch ${history.bestEpoch}`)

// Score = mean squared reconstruction error per row; higher = more anomalous.
for (const [name, x] of [['normal', table(200, 2)], ['anomalous', table(200, 3, true)]]) {
  const y = await reconstruct(ae, x)
  let sum = 0
  for (let i = 0; i < x.data.length; i++) sum += (x.data[i] - y.data[i]) ** 2
  console.log(`${name} rows: mean error ${(sum / x.data.length).toFixed(4)}`)
}
ae.dispose()

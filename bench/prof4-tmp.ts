import { createReadStream } from 'node:fs'
import { parse } from '/work/main/packages/datasets/node_modules/csv-parse/lib/index.js'
import { streamCsv } from '/work/main/packages/datasets/src/node.ts'
const path = '/tmp/aedetect-prof.csv'
async function raw(opts: any, mode: 'iter' | 'data') {
  const t = performance.now(); let n = 0
  const p = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(parse(opts))
  if (mode === 'iter') { for await (const r of p) n++ } else { p.on('data', () => n++); await new Promise((r) => p.on('end', r)) }
  return (n / (performance.now() - t) * 1000).toFixed(0)
}
for (let k = 0; k < 2; k++) {
  const a = await raw({}, 'iter')
  const b = await raw({}, 'data')
  const c = await raw({ on_record: (r: any, c: any) => Object.assign(r, { line: c.lines }) }, 'data')
  let t = performance.now(); let n = 0
  for await (const batch of streamCsv(path)) n += batch.x.shape[0]
  const d = (n / (performance.now() - t) * 1000).toFixed(0)
  console.log({ iter: a, data: b, onRecord: c, streamCsv: d })
}

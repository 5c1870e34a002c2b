#!/usr/bin/env node
// Enforces the package boundaries of STYLE.md §1: which package may import which. Change this table and
// STYLE.md together.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const allowed = {
  core: [],
  preprocessing: ['@aedetect/core'],
  metrics: ['@aedetect/core'],
  datasets: ['@aedetect/core', 'fflate'],
  // The tfjs kernels (issue 22): registry kernels and matrix products any tfjs user can take alone.
  'tfjs-kernels': ['@aedetect/core', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
  models: ['@aedetect/core', '@aedetect/preprocessing', '@aedetect/tfjs-kernels', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'],
  // ml-pca: the PCA baseline of issue 6 ("a well-kept library such as ml-pca is fine").
  detector: ['@aedetect/core', '@aedetect/preprocessing', '@aedetect/metrics', '@aedetect/models', '@tensorflow/tfjs', 'ml-pca'],
  // The experiment (issue 18): split, fit, threshold, score, the evaluation record; browser-safe.
  evaluation: ['@aedetect/core', '@aedetect/preprocessing', '@aedetect/metrics', '@aedetect/models', '@aedetect/detector'],
  // One chart implementation for the CLI's HTML report and the web page (issue 18); no TensorFlow.
  charts: ['@aedetect/core', '@aedetect/metrics', '@observablehq/plot'],
}
const testOnly = ['vitest', 'fast-check', 'fake-indexeddb', 'linkedom', '@aedetect/']

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|mts)$/.test(name) ? [path] : []
  })
}

const problems = []
for (const [pkg, allow] of Object.entries(allowed)) {
  for (const file of files(join(root, 'packages', pkg, 'src'))) {
    // Tests and their private helpers (_test-data.ts, _shared-fixtures.ts, …) may import test-only packages.
    const isTest = /\.test(-d)?\.ts$/.test(file) || /\/_(test-[a-z-]+|[a-z-]*fixtures?)\.ts$/.test(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = match[1] ?? match[2] ?? match[3]
      if (spec.startsWith('.')) {
        if (/\.\.\/\.\.\//.test(spec) && !isTest) problems.push(`${relative(root, file)}: relative import '${spec}' reaches outside the package`)
        continue
      }
      // Node built-ins are checked on the built main entry below: what matters is what a browser bundle sees.
      if (spec.startsWith('node:')) continue
      const base = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]
      if (base === `@aedetect/${pkg}` && isTest) continue
      if (allow.includes(base)) continue
      if (isTest && testOnly.some((t) => spec.startsWith(t))) continue
      problems.push(`${relative(root, file)}: imports '${spec}', which @aedetect/${pkg} may not import (allowed: ${allow.join(', ') || 'nothing'})`)
    }
  }
}
// The main entry of every package must bundle for the browser: no Node built-ins in dist/index.js.
for (const pkg of Object.keys(allowed)) {
  const entry = join(root, 'packages', pkg, 'dist', 'index.js')
  let text
  try {
    text = readFileSync(entry, 'utf8')
  } catch {
    continue
  }
  const builtins = [...text.matchAll(/(?:from\s*|import\(\s*|require\(\s*)['"](node:[a-z/_]+|fs|path|os|module|crypto|zlib|url)['"]/g)].map((m) => m[1])
  if (builtins.length > 0) problems.push(`packages/${pkg}/dist/index.js: the browser entry imports ${[...new Set(builtins)].join(', ')}; move that code behind the /node entry`)
}

if (problems.length > 0) {
  process.stderr.write(`Package boundary violations (STYLE.md §1):\n${problems.map((p) => `  ${p}`).join('\n')}\n`)
  process.exit(1)
}
process.stdout.write('package boundaries: ok\n')

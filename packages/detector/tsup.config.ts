import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'
import { cjsPeerCheck } from '../../scripts/peer-guard.mjs'

export default defineConfig({
  entry: ["src/index.ts","src/node.ts"],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  shims: true,
  target: 'es2022',
  // A missing @tensorflow/tfjs is one line naming the install command (scripts/peer-guard.mjs): first in the CJS files;
  // the ESM guard entries dist/*.node.js are written after tsup by the build script.
  banner: (ctx) => (ctx.format === 'cjs' ? { js: cjsPeerCheck(JSON.parse(readFileSync('package.json', 'utf8'))) } : {}),
})

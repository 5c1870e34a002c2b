import { defineConfig } from 'tsup'
import type { Plugin } from 'esbuild'
import { readFileSync } from 'node:fs'
import { cjsPeerCheck } from '../../scripts/peer-guard.mjs'

// CommonJS output: esbuild wraps every `import * as tf from '@tensorflow/tfjs'` in its own __toESM namespace copy
// (513 getters, ~0.4 MB of start-up RSS each). Route every file's import through one re-exporting module.
const oneTfjsNamespace: Plugin = {
  name: 'one-tfjs-namespace',
  setup(build) {
    // noExternal below stops tsup from externalising tfjs itself, so this plugin must keep it external.
    if (build.initialOptions.format !== 'cjs') {
      build.onResolve({ filter: /^@tensorflow\/tfjs$/ }, (args) => ({ path: args.path, external: true }))
      return
    }
    build.onResolve({ filter: /^@tensorflow\/tfjs$/ }, (args) =>
      args.namespace === 'tfjs-once' ? { path: '@tensorflow/tfjs', external: true } : { path: 'tfjs', namespace: 'tfjs-once' })
    build.onLoad({ filter: /.*/, namespace: 'tfjs-once' }, () => ({ contents: "export * from '@tensorflow/tfjs'", loader: 'js', resolveDir: process.cwd() }))
  },
}

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  shims: true,
  target: 'es2022',
  // tsup would externalise tfjs before any plugin sees it: hand it to the plugin (which keeps it external).
  noExternal: ['@tensorflow/tfjs'],
  esbuildPlugins: [oneTfjsNamespace],
  // A missing @tensorflow/tfjs is one line naming the install command (scripts/peer-guard.mjs): first in the CJS file;
  // the ESM guard entry dist/index.node.js is written after tsup by the build script.
  banner: (ctx) => (ctx.format === 'cjs' ? { js: cjsPeerCheck(JSON.parse(readFileSync('package.json', 'utf8'))) } : {}),
})

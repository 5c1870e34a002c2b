import { defineConfig } from 'vite'

export default defineConfig({
  // Relative asset URLs: the built demo works from any folder (a file server, GitHub Pages), not only '/'.
  base: './',
  // JSX through vite's own transform, for preact: no plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // One TensorFlow.js engine for the app and the aedetect packages that take it as a peer.
  resolve: { dedupe: ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm'] },
  // The training worker imports tfjs and the packages as modules (and may split chunks): an ES module worker.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The ECG5000 files are 0.5–1 MB gzip: emit them as files, never inline.
    assetsInlineLimit: 0,
    // tfjs is large by nature; the warning says nothing useful here.
    chunkSizeWarningLimit: 4096,
  },
})

// Shared vitest settings: tests import packages by name; these aliases point those names at the
// sources so a test never runs against a stale build.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const pkg = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url))

export const sharedConfig = defineConfig({
  resolve: {
    alias: [
      { find: /^@aedetect\/datasets\/node$/, replacement: pkg('datasets/src/node.ts') },
      { find: /^@aedetect\/models\/node$/, replacement: pkg('models/src/node.ts') },
      { find: /^@aedetect\/detector\/node$/, replacement: pkg('detector/src/node.ts') },
      { find: /^@aedetect\/(core|preprocessing|metrics|datasets|models|detector|charts|evaluation)$/, replacement: pkg('$1/src/index.ts') },
    ],
  },
  test: {
    // The JSON report feeds scripts/test-summary.mjs, which prints the monorepo's closing line.
    reporters: ['default', 'json'],
    outputFile: { json: './.vitest-report.json' },
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
})

import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared'

// The shared aliases do not name this package yet: point its own name at the sources too, so the tests never
// run against a stale dist.
export default mergeConfig(sharedConfig, defineConfig({ resolve: { alias: [{ find: /^@aedetect\/charts$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }] } }))

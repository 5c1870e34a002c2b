import { defineConfig, mergeConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared'

// The app's test is an end-to-end test in Node: it builds the app and drives Chromium, so it needs none of
// vite.config.ts's browser settings.
export default mergeConfig(sharedConfig, defineConfig({ test: { include: ['src/**/*.test.ts'] } }))

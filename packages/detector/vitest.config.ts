import { mergeConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared'

// --expose-gc: the artifact fuzz test collects garbage before it reads RSS, so its bound measures what loads keep
// (a leak), not how far the garbage collector happened to lag behind 500 loads.
export default mergeConfig(sharedConfig, { test: { execArgv: ['--expose-gc'] } })

// Type tests (checked by `tsc --noEmit`): the options union makes every strategy's required fields required.
import { compareThresholds, findThreshold } from '@aedetect/metrics'
import type { Threshold, ThresholdOptions, ThresholdStrategy } from '@aedetect/metrics'

const scores = new Float32Array([0.1, 0.2])
const labels = new Uint8Array([0, 1])

const ok: Threshold = findThreshold(scores, { strategy: 'maxFpr', labels, maxFpr: 0.01 })
const strategy: ThresholdStrategy = ok.strategy
// @ts-expect-error 'bestF1' needs labels
findThreshold(scores, { strategy: 'bestF1' })
// @ts-expect-error 'percentile' needs q
findThreshold(scores, { strategy: 'percentile' })
// @ts-expect-error 'maxFpr' needs maxFpr
findThreshold(scores, { strategy: 'maxFpr', labels })
// @ts-expect-error no such strategy
findThreshold(scores, { strategy: 'median' })

// A list of full ThresholdOptions is accepted by compareThresholds (labels then come from calibration).
const list: ThresholdOptions[] = [{ strategy: 'bestF1', labels }, { strategy: 'iqr' }]
compareThresholds({ calibration: { scores, labels }, evaluation: { scores, labels }, strategies: list })

export { strategy }

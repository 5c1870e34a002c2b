import { toLabels, type Labels, type Samples } from '@aedetect/core'
import type { Detector } from './detector'
import type { ThresholdOptionsWithoutData } from './detector-options'
import { calibrate } from './fit-detector'

/**
 * A copy of `detector` with a threshold chosen by another strategy, without retraining. Label-free strategies
 * use the held-out normal validation errors saved with the detector; labelled ones ('bestF1', 'youden',
 * 'maxFpr') also need `calibration` (labelled samples that are not the test split).
 * The copy shares the model: dispose only one of them.
 */
export async function rethreshold(
  detector: Detector,
  strategy: ThresholdOptionsWithoutData,
  calibration?: { x: Samples | number[][]; labels: Labels | number[] },
): Promise<Detector> {
  let labelled: { scores: Float32Array; labels: Uint8Array } | null = null
  if (calibration) {
    const scores = await detector.score(calibration.x)
    labelled = { scores, labels: toLabels(calibration.labels, 'rethreshold() calibration', scores.length) }
  }
  return detector.withThreshold(calibrate(detector.state.calibrationScores, labelled, strategy))
}

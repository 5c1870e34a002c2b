import { AedetectError } from '@aedetect/core'
import { architectureTraining } from './architecture-training'
import type { ExperimentDefaults, SeriesDefaults } from './defaults'
import type { DetectorOverrides, SeriesOverrides } from './overrides'

/**
 * The defaults with the caller's overrides on top: a field left `undefined` keeps the default; `training` is
 * merged one level deep (`{ epochs: 20 }` keeps the default batch size), over the chosen architecture's own
 * training defaults (`architectureTraining`: an LSTM's batch size, learning rate and loss); `architecture`,
 * `scaler` and `threshold` replace the default whole. Inputs are not mutated.
 */
export function applyOverrides(defaults: ExperimentDefaults, overrides: DetectorOverrides = {}): ExperimentDefaults {
  const architecture = overrides.architecture ?? defaults.architecture
  return {
    ...defaults,
    architecture,
    scaler: overrides.scaler ?? defaults.scaler,
    training: { ...defaults.training, ...architectureTraining(architecture), ...definedOnly(overrides.training ?? {}) },
    threshold: overrides.threshold ?? defaults.threshold,
    scoreMetric: overrides.scoreMetric ?? defaults.scoreMetric,
    errorSmoothing: overrides.errorSmoothing ?? defaults.errorSmoothing,
    validationFraction: overrides.validationFraction ?? defaults.validationFraction,
  }
}

/**
 * {@link applyOverrides} for a series: the same rules, plus the window length.
 * Throws `E_OPTION` for `scoreMetric` or `errorSmoothing`, which a window detector does not take (its point scores
 * are the MSE of the windows covering each point).
 */
export function applySeriesOverrides(defaults: SeriesDefaults, overrides: SeriesOverrides = {}): SeriesDefaults {
  for (const key of ['scoreMetric', 'errorSmoothing'] as const) {
    if (overrides[key] !== undefined) {
      throw new AedetectError('E_OPTION', `${key} ${String(overrides[key])}: a time-series (window) detector scores each point by the MSE of the windows covering it and takes no ${key}. Leave ${key} out for a series.`)
    }
  }
  return {
    ...defaults,
    windowSize: overrides.windowSize ?? defaults.windowSize,
    architecture: overrides.architecture ?? defaults.architecture,
    scaler: overrides.scaler ?? defaults.scaler,
    training: { ...defaults.training, ...definedOnly(overrides.training ?? {}) },
    threshold: overrides.threshold ?? defaults.threshold,
    // A threshold strategy given alone asks for that fixed threshold, not the default's rolling rule.
    alarm: overrides.alarm ?? (overrides.threshold !== undefined ? { strategy: 'fixed', minLength: 1, coolDown: 0 } : defaults.alarm),
  }
}

// `{ epochs: undefined }` (a flag not given) must keep the default, not erase it.
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

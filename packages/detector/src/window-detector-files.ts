import { AedetectError } from '@aedetect/core'
import type { AlarmRule, Threshold } from '@aedetect/metrics'
import { detectorFromFiles, detectorToFiles, type DetectorFiles } from './detector-files'
import { createWindowDetector, type WindowDetector, type WindowDetectorState } from './window-detector'

/** Identifies a window detector folder's `window.json`. */
export const WINDOW_DETECTOR_FORMAT = 'aedetect-window-detector'
/** Bumped on every incompatible change of `window.json`; loading refuses other versions. */
export const WINDOW_DETECTOR_FORMAT_VERSION = 1

/** The files of a saved window detector: the detector's three files and `window.json` (window geometry and point threshold). */
export interface WindowDetectorFiles extends DetectorFiles {
  'window.json': string
}

/**
 * Serialises a window detector to its four files (nothing is written).
 * @throws AedetectError `E_NOT_FINITE` for a detector or point threshold that is not finite.
 */
export async function windowDetectorToFiles(windowDetector: WindowDetector): Promise<WindowDetectorFiles> {
  const { threshold } = windowDetector.state
  if (!Number.isFinite(threshold.value)) {
    throw new AedetectError('E_NOT_FINITE', `windowDetectorToFiles(): the point threshold is ${String(threshold.value)} (strategy '${threshold.strategy}'); JSON cannot hold it. Choose a finite threshold before saving.`)
  }
  const files = await detectorToFiles(windowDetector.detector)
  const record = { format: WINDOW_DETECTOR_FORMAT, formatVersion: WINDOW_DETECTOR_FORMAT_VERSION, ...windowDetector.state }
  return { ...files, 'window.json': JSON.stringify(record, null, 2) }
}

/**
 * Rebuilds a window detector from its files. Checks `window.json`'s `format` and `formatVersion` first
 * ('E_FORMAT', 'E_FORMAT_VERSION'), then its fields ('E_CORRUPT'), then loads the detector (its own checks).
 * `where` names the source (a folder path) in messages.
 */
export async function windowDetectorFromFiles(files: WindowDetectorFiles, where = 'window detector'): Promise<WindowDetector> {
  const state = parseWindowRecord(files['window.json'], where)
  const detector = await detectorFromFiles(files, where)
  try {
    return createWindowDetector(detector, state)
  } catch (error) {
    detector.dispose()
    throw error
  }
}

/** Parses and checks `window.json`. */
export function parseWindowRecord(text: string, where: string): WindowDetectorState {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(text) as Record<string, unknown>
  } catch (cause) {
    throw new AedetectError('E_CORRUPT', `${where}/window.json is not valid JSON (${(cause as Error).message}). Re-save the detector with saveWindowDetector().`, { cause })
  }
  if (record.format !== WINDOW_DETECTOR_FORMAT) {
    throw new AedetectError('E_FORMAT', `${where}/window.json has format ${JSON.stringify(record.format)}; expected "${WINDOW_DETECTOR_FORMAT}". Point at a folder written by saveWindowDetector().`)
  }
  if (record.formatVersion !== WINDOW_DETECTOR_FORMAT_VERSION) {
    throw new AedetectError('E_FORMAT_VERSION', `${where}/window.json has format version ${String(record.formatVersion)}; this aedetect reads version ${WINDOW_DETECTOR_FORMAT_VERSION}. Refit the window detector with this version, or load it with the version that saved it.`)
  }
  const integer = (name: string): number => {
    const v = record[name]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new AedetectError('E_CORRUPT', `${where}/window.json has ${name} ${JSON.stringify(v)}; expected a positive integer. Re-save the detector with saveWindowDetector().`)
    }
    return v
  }
  const threshold = record.threshold as Threshold | undefined
  if (!threshold || typeof threshold !== 'object') {
    throw new AedetectError('E_CORRUPT', `${where}/window.json lacks the field 'threshold'. Re-save the detector with saveWindowDetector().`)
  }
  // JSON writes +Infinity as null.
  const value = threshold.value === null ? Number.POSITIVE_INFINITY : threshold.value
  const channels = integer('channels')
  const means = record.channelErrorMeans
  if (means !== undefined && !(Array.isArray(means) && means.length === channels && means.every((m) => typeof m === 'number' && Number.isFinite(m) && m > 0))) {
    throw new AedetectError('E_CORRUPT', `${where}/window.json has channelErrorMeans that are not ${channels} positive finite numbers (one per channel). Re-save the detector with saveWindowDetector().`)
  }
  return {
    windowSize: integer('windowSize'),
    stride: integer('stride'),
    channels,
    reduce: record.reduce === 'max' ? 'max' : 'mean',
    windowSizeRule: record.windowSizeRule === 'auto' ? 'auto' : 'given',
    threshold: { ...threshold, value },
    ...(means === undefined ? {} : { channelErrorMeans: means as number[] }),
    ...parseAlarm(record, where),
  }
}

// The alarm rule and, for the rolling rule, its calibration scores (absent in folders saved before issue 19's rule).
function parseAlarm(record: Record<string, unknown>, where: string): Pick<WindowDetectorState, 'alarm' | 'calibrationScores'> {
  const alarm = record.alarm as AlarmRule | undefined
  if (alarm === undefined) return {}
  const count = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min
  const bad = (what: string): never => {
    throw new AedetectError('E_CORRUPT', `${where}/window.json has an alarm rule with ${what}. Re-save the detector with saveWindowDetector().`)
  }
  if (typeof alarm !== 'object' || alarm === null) bad('no fields')
  if (!count(alarm.minLength, 1) || !count(alarm.coolDown, 0)) bad(`minLength ${JSON.stringify(alarm.minLength)} and coolDown ${JSON.stringify(alarm.coolDown)} (expected integers >= 1 and >= 0)`)
  if (alarm.hold !== undefined && !count(alarm.hold, 0)) bad(`hold ${JSON.stringify(alarm.hold)} (expected an integer >= 0, or no hold field)`)
  if (alarm.strategy === 'fixed') return { alarm }
  if (alarm.strategy !== 'rollingNonparametric' && alarm.strategy !== 'rollingMeanStd') bad(`strategy ${JSON.stringify((alarm as { strategy: unknown }).strategy)} (expected 'fixed', 'rollingNonparametric' or 'rollingMeanStd')`)
  if (!count(alarm.batch, 2) || !count(alarm.history, 2)) bad('a batch or history that is not an integer >= 2')
  if (alarm.strategy === 'rollingNonparametric' && !count(alarm.errorBuffer, 1)) bad('an errorBuffer that is not a positive integer')
  if (alarm.strategy === 'rollingMeanStd' && !(typeof alarm.k === 'number' && Number.isFinite(alarm.k) && alarm.k >= 0)) bad('a k that is not a finite number >= 0')
  const scores = record.calibrationScores
  if (!(Array.isArray(scores) && scores.length > 0 && scores.every((v) => typeof v === 'number' && Number.isFinite(v)))) bad('no finite calibrationScores (the rolling rule starts from them)')
  return { alarm, calibrationScores: scores as number[] }
}

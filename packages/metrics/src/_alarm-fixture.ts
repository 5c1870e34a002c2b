// Test-only: fixtures/alarm-reference.json (scripts/make-alarm-reference.py), typed.
import { readFixture } from '@aedetect/test-data'

export interface GpdReference {
  gamma: number
  sigma: number
  logLikelihood: number
  threshold: number
}

export interface PotReference {
  initial: number
  peaks: number
  n: number
  grimshaw: GpdReference
  scipy: GpdReference
}

export interface StreamReference {
  thresholds: number[]
  alarms: number[]
  final: { gamma: number; sigma: number; peaks: number; n: number }
}

export interface AlarmReference {
  generator: string
  pot: Array<{ name: string; scores: number[]; pot: Record<string, PotReference> }>
  streams: { calibration: number[]; stream: number[]; spot: StreamReference; dspot: StreamReference }
  nonparametric: { scores: number[]; default: { z: number; threshold: number; mean: number; std: number }; smoothed: { z: number; threshold: number; mean: number; std: number }
    stream: { batch: number; history: number; errorBuffer: number; calibrationLength: number; alarms: number[]; thresholds: number[] }
  }
}

export function alarmReference(): AlarmReference {
  return readFixture<AlarmReference>('alarm-reference.json')
}

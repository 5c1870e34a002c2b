import type { EpochProgress } from '@aedetect/models'
import type { PresetFlags } from './preset-flags'

/** What a preset reads from the `train` flags. */
export interface PresetContext extends PresetFlags {
  seed: number
  dataDir?: string
  json?: boolean
  backend: string
  onEpochEnd?: (p: EpochProgress) => void
  /** Called when training ends, before the figures are printed (ends the progress line). */
  onTrained?: () => void
}

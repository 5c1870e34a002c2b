import { runKerasDenoisePreset } from './keras-denoise'
import { runKerasDense64Preset } from './keras-dense-64'
import { runLstmAePreset } from './lstm-ae'
import type { PresetContext } from './preset-context'
import { runSparsePreset } from './sparse'
import { runStacked52Preset } from './stacked-52'
import { runTfTutorialPreset } from './tf-tutorial'
import { runVaePreset } from './vae'

export type { PresetContext } from './preset-context'

/** The values of `train --preset`: known recipes, each run end to end with its own data, split and figures. */
export const PRESET_CHOICES = ['tf-tutorial', 'keras-denoise', 'keras-dense-64', 'stacked-52', 'lstm-ae', 'sparse', 'vae'] as const

export type PresetName = (typeof PRESET_CHOICES)[number]

/** Runs one preset and prints (or, with `--json`, writes) its figures. */
export async function runPreset(name: PresetName, context: PresetContext): Promise<void> {
  const full = context
  switch (name) {
    case 'tf-tutorial':
      return runTfTutorialPreset(full)
    case 'keras-denoise':
      return runKerasDenoisePreset(full)
    case 'keras-dense-64':
      return runKerasDense64Preset(full)
    case 'stacked-52':
      return runStacked52Preset(full)
    case 'lstm-ae':
      return runLstmAePreset(full)
    case 'sparse':
      return runSparsePreset(full)
    case 'vae':
      return runVaePreset(full)
  }
}

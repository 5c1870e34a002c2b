import { describe, expect, it } from 'vitest'
import { checkPresetFlags } from './preset-flags'

describe('checkPresetFlags', () => {
  it('accepts each flag where it applies', () => {
    expect(() => checkPresetFlags({ samples: 's.csv', limit: 10 }, 'vae')).not.toThrow()
    expect(() => checkPresetFlags({ out: 'dir' }, 'vae')).not.toThrow()
    expect(() => checkPresetFlags({ csv: 'plant.csv', label: 'fault' }, 'stacked-52')).not.toThrow()
    expect(() => checkPresetFlags({ csv: 'plant.csv', out: 'model' }, undefined)).not.toThrow()
  })

  it('refuses a flag the run would ignore, naming it', () => {
    expect(() => checkPresetFlags({ samples: 's.csv' }, undefined)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: --samples s.csv applies to --preset vae only (where its samples from the prior go); leave it out.]`)
    expect(() => checkPresetFlags({ samples: 's.csv' }, 'lstm-ae')).toThrowErrorMatchingInlineSnapshot(`[AedetectError: --samples s.csv applies to --preset vae only (where its samples from the prior go); leave it out with --preset lstm-ae.]`)
    expect(() => checkPresetFlags({ limit: 5 }, undefined)).toThrowErrorMatchingInlineSnapshot(`[AedetectError: --limit 5 applies to --preset runs only; leave it out, or pass --preset NAME.]`)
    expect(() => checkPresetFlags({ csv: 'a.csv' }, 'sparse')).toThrowErrorMatchingInlineSnapshot(`[AedetectError: --csv a.csv: --preset sparse brings its own data; a CSV goes with --preset stacked-52 or with train without --preset.]`)
    expect(() => checkPresetFlags({ epochs: 3 }, 'tf-tutorial')).toThrowErrorMatchingInlineSnapshot(`[AedetectError: --epochs 3: --preset tf-tutorial reproduces the tutorial's own split and 20 epochs to compare with its figures; leave it out.]`)
    expect(() => checkPresetFlags({ out: 'm' }, 'lstm-ae')).toThrowErrorMatchingInlineSnapshot(`[AedetectError: --out m: --preset lstm-ae saves no detector and writes no file; leave --out out (it applies to train without --preset and to --preset vae).]`)
  })
})

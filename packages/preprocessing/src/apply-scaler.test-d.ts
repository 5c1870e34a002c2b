import { expectTypeOf, test } from 'vitest'
import type { Samples } from '@aedetect/core'
import { addGaussianNoise, applyNoise, applyScaler, fitStandard, invertScaler, slidingWindows } from '@aedetect/preprocessing'

// The element type flows through: float32 in, float32 out; arrays of rows give float64.
test('functions keep the input element type', () => {
  const scaler = fitStandard([[1], [2]])
  expectTypeOf(applyScaler(scaler, {} as Samples<Float32Array>)).toEqualTypeOf<Samples<Float32Array>>()
  expectTypeOf(applyScaler(scaler, {} as Samples<Float64Array>)).toEqualTypeOf<Samples<Float64Array>>()
  expectTypeOf(applyScaler(scaler, [[1]])).toEqualTypeOf<Samples<Float64Array>>()
  expectTypeOf(invertScaler(scaler, {} as Samples<Float32Array>)).toEqualTypeOf<Samples<Float32Array>>()
  expectTypeOf(slidingWindows({} as Float32Array, { size: 2 })).toEqualTypeOf<Samples<Float32Array>>()
  expectTypeOf(slidingWindows({} as Samples<Float64Array>, { size: 2 })).toEqualTypeOf<Samples<Float64Array>>()
  expectTypeOf(addGaussianNoise({} as Samples<Float32Array>, { std: 1 })).toEqualTypeOf<Samples<Float32Array>>()
  expectTypeOf(applyNoise({} as Samples<Float64Array>, { kind: 'mask', dropFraction: 0.1 }, 1)).toEqualTypeOf<Samples<Float64Array>>()
})

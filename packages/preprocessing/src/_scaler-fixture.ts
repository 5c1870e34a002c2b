// Test support only: the `scalers` part of fixtures/sklearn-reference.json, typed.
import { readFixture } from '@aedetect/test-data'

export interface ScalerCase {
  transformTest: number[][]
  constantColumnTransform: number[][]
  fitted: Record<string, number[] | number>
  constantFitted: Record<string, number[] | number>
  inverseTransform: number[][]
  inverseTransformOfTransformTest: number[][]
  featureRange?: [number, number]
}

export interface ScalerFixture {
  train: number[][]
  test: number[][]
  constantTrain: number[][]
  inverseTransformInput: number[][]
  minmax: ScalerCase
  minmaxSymmetric: ScalerCase
  standard: ScalerCase
  robust: ScalerCase
}

export const scalerFixture = readFixture<{ scalers: ScalerFixture }>('sklearn-reference.json').scalers

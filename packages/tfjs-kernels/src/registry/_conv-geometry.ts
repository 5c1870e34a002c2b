// The geometry of one 2-D convolution as tfjs defines it (padding, output size), taken from tfjs's own
// `computeConv2DInfo` so 'same', 'valid', explicit pads and `dimRoundingMode` mean exactly what they mean
// to the stock kernels.
import { backend_util } from '@tensorflow/tfjs'
import type { NamedAttrMap } from '@tensorflow/tfjs'

/** Sizes of a channels-last convolution x [n, h, w, cIn] * filter [fh, fw, cIn, cOut] -> y [n, ho, wo, cOut]. */
export interface ConvGeometry {
  n: number
  h: number
  w: number
  cIn: number
  ho: number
  wo: number
  cOut: number
  fh: number
  fw: number
  strideH: number
  strideW: number
  padTop: number
  padLeft: number
  dilationH: number
  dilationW: number
  channelsLast: boolean
}

/**
 * Geometry of a forward convolution, or of the forward convolution whose gradient a backprop kernel
 * computes (those have no `dilations` attribute: tfjs's gradients require dilation 1).
 */
export function convGeometry(xShape: number[], filterShape: number[], attrs: NamedAttrMap): ConvGeometry {
  const dataFormat = backend_util.convertConv2DDataFormat(attrs.dataFormat as 'NHWC' | 'NCHW')
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    (attrs.dilations as number | [number, number] | undefined) ?? 1,
    attrs.pad as 'same' | 'valid',
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    dataFormat,
  )
  return {
    n: info.batchSize,
    h: info.inHeight,
    w: info.inWidth,
    cIn: info.inChannels,
    ho: info.outHeight,
    wo: info.outWidth,
    cOut: info.outChannels,
    fh: info.filterHeight,
    fw: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    channelsLast: info.dataFormat === 'channelsLast',
  }
}

// cpu FusedConv2D (what tf.layers' Conv2D layers run forward: convolution + bias + activation; Conv1D runs
// Conv2D and a separate bias Add).
// The stock kernel calls the stock Conv2D directly, not through the kernel registry, so the fast Conv2D
// never ran there: the last layer of the Conv2D denoiser (28 x 28, 16 -> 1 channels) alone took ~15 % of a
// cpu training step (issue #7). Bias and activation are applied in place with the stock formulas, so the
// result is what the fast Conv2D followed by the stock Add and activation kernels would give.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from '../_backends'
import { convGeometry } from './_conv-geometry'
import { conv2dForward } from './cpu-conv2d'

/** Kernel function of the fast cpu `FusedConv2D` for channels-last input, a per-channel (or no) bias and a
 * linear, relu or sigmoid activation; `stock` runs every other case (prelu, leakyrelu, elu, relu6, NCHW). */
export function cpuFusedConv2D(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { inputs, backend } = args
  const attrs = args.attrs as NamedAttrMap
  const { x, filter, bias } = inputs
  const activation = (attrs.activation as string | undefined) ?? 'linear'
  if (activation !== 'linear' && activation !== 'relu' && activation !== 'sigmoid') return stock(args)
  const g = convGeometry(x.shape, filter.shape, attrs)
  if (!g.channelsLast || x.dtype !== 'float32') return stock(args)
  const biasValues = bias == null ? undefined : backend.data.get(bias.dataId).values
  if (biasValues !== undefined && (bias.dtype !== 'float32' || biasValues.length !== g.cOut)) return stock(args)
  const y = conv2dForward(backend.data.get(x.dataId).values, backend.data.get(filter.dataId).values, g)
  if (biasValues !== undefined) {
    for (let start = 0; start < y.length; start += g.cOut) {
      for (let c = 0; c < g.cOut; c++) y[start + c] = y[start + c] + biasValues[c]
    }
  }
  // The stock cpu Relu and Sigmoid formulas, value for value.
  if (activation === 'relu') for (let k = 0; k < y.length; k++) y[k] = Math.max(0, y[k])
  if (activation === 'sigmoid') for (let k = 0; k < y.length; k++) y[k] = 1 / (1 + Math.exp(-y[k]))
  return backend.makeTensorInfo([g.n, g.ho, g.wo, g.cOut], 'float32', y)
}

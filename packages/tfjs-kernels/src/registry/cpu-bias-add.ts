// cpu Add when one operand repeats along the leading axes of the other (a bias [c] or [1, 1, 1, c] added to
// activations [n, h, w, c]): the stock kernel computes every broadcast index through indexToLoc/locToIndex
// with array allocations per element, about 15 % of a conv autoencoder's cpu training step once the
// convolutions are fast. Other shapes and dtypes go to the stock kernel.
import type { TensorInfo } from '@tensorflow/tfjs'
import type { CpuBackend, KernelArgs } from '../_backends'

/** True when `small`, without its leading 1s, equals the trailing axes of `big` (and is smaller). */
function repeatsAlongLeadingAxes(big: number[], small: number[]): boolean {
  let start = 0
  while (start < small.length && small[start] === 1) start++
  const tail = small.slice(start)
  if (tail.length >= big.length || small.length > big.length) return false
  const offset = big.length - tail.length
  return tail.every((d, i) => d === big[offset + i])
}

/** Kernel function of the fast cpu `Add` for a bias-like operand; `stock` runs everything else. */
export function cpuBiasAdd(args: KernelArgs<CpuBackend>, stock: (args: KernelArgs<CpuBackend>) => TensorInfo): TensorInfo {
  const { a, b } = args.inputs
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args)
  const [big, small] = repeatsAlongLeadingAxes(a.shape, b.shape) ? [a, b] : repeatsAlongLeadingAxes(b.shape, a.shape) ? [b, a] : [undefined, undefined]
  if (big === undefined || small === undefined) return stock(args)
  const bigValues = args.backend.data.get(big.dataId).values
  const smallValues = args.backend.data.get(small.dataId).values
  const period = smallValues.length
  const out = new Float32Array(bigValues.length)
  // a + b in the operands' order: float addition is commutative, so the order of the sum does not matter.
  for (let start = 0; start < out.length; start += period) {
    for (let j = 0; j < period; j++) out[start + j] = bigValues[start + j] + smallValues[j]
  }
  return args.backend.makeTensorInfo(big.shape, 'float32', out)
}

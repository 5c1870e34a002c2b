import { initBackend, registerFastKernels, type BackendReport } from '@aedetect/models'
import { env } from '@tensorflow/tfjs'
import { info } from './output'

const CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const
export type BackendChoice = (typeof CHOICES)[number]

/**
 * Starts the tfjs backend: `--backend`, else the AEDETECT_BACKEND environment variable, else 'auto'
 * (tfjs-node, then wasm, then cpu). Says on stderr which one runs and why the others did not: on a terminal
 * (unless `quiet`, i.e. --json) or with `verbose`; piped or redirected runs stay silent.
 */
export async function startBackend(flag: string | undefined, quiet: boolean, verbose = false): Promise<BackendReport> {
  const choice = (flag ?? process.env.AEDETECT_BACKEND ?? 'auto') as BackendChoice
  // Production mode: skips tfjs's debug checks and its console banner; the CLI reports the backend itself.
  env().set('PROD', true)
  // The fallback warnings are summed up in the one 'backend:' line below.
  const report = await initBackend({ backend: choice })
  // aedetect's kernels (conv gradients on wasm, the fixed cpu upsampling gradient, untransposed matMul on
  // wasm) replace tfjs's for the whole process: the CLI owns its process, so it opts in.
  const kernels = registerFastKernels()
  if ((!quiet && process.stderr.isTTY) || verbose) {
    const skipped = report.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason ?? 'unavailable'}`)
    info(`backend: ${report.name}${skipped.length > 0 ? ` (not used — ${skipped.join('; ')})` : ''}; ${kernels.registered.length} fast kernels registered`)
  }
  return report
}

export const BACKEND_CHOICES = CHOICES

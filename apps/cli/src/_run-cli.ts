// Test support: runs the BUILT binary (`pnpm build` first; `pnpm test` does it) on the cpu backend, without
// colours, and returns its exit code and output instead of throwing.
import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const bin = join(here, '..', 'dist', 'bin.js')
const exec = promisify(execFile)

export interface Run { code: number; stdout: string; stderr: string }

export async function aedetect(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await exec('node', [bin, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, AEDETECT_BACKEND: 'cpu', NO_COLOR: '1' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** The error line: the last line of stderr (the backend line may come before it). */
export function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? ''
}

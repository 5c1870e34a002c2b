// Runs one benchmark script of the peers' protocol (tfjs_bench.mjs, torch_bench.py or the aedetect twin) as
// its own process and reads its `RESULT {json}` line: each figure, peak RSS included, is that process's own.
import { execFile } from 'node:child_process'

/** The fields the peers' scripts print (a subset; all optional, since a run may fail part-way). */
export interface ScriptResult {
  steady_samples_per_s?: number | null
  samples_per_s?: number
  peak_rss_mb?: number
  cpu_per_wall?: number
  load1_start?: number
  params?: number
  n?: number
  rows_per_s_bs32?: number
  rows_per_s_bs1024?: number
  rows_per_s_bs8192?: number
  rows_per_s_default?: number
  default_batch?: number
  training_path?: string
  threads?: number
  torch?: string
  /** The script's own error (e.g. a kernel tfjs does not register), or why the process gave no RESULT line. */
  error?: string
}

export interface ScriptRun {
  command: string
  args: string[]
  cwd: string
  env?: NodeJS.ProcessEnv
  /** Kills the process after this many milliseconds. */
  timeoutMs: number
}

/** Runs the script and parses its last `RESULT ` line; never throws (a failed run comes back with `error`). */
export function runResultScript(run: ScriptRun): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile(run.command, run.args, { cwd: run.cwd, env: run.env ?? process.env, timeout: run.timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').reverse().find((l) => l.startsWith('RESULT '))
      if (line !== undefined) {
        resolve(JSON.parse(line.slice('RESULT '.length)) as ScriptResult)
        return
      }
      const why = error?.killed ? `killed after ${run.timeoutMs} ms` : (stderr.trim().split('\n').pop() ?? String(error))
      resolve({ error: `no RESULT line from ${run.args[0]}: ${why}` })
    })
  })
}

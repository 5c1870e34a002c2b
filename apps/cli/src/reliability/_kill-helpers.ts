// Test support for kill.test.ts: run the BUILT binary as a child process and SIGKILL it at a chosen moment.
import { spawn } from 'node:child_process'
import { watch } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin.js')

/** A seeded generator of floats in [0, 1) (an LCG: enough to spread kill times reproducibly). */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** When to kill: after `afterMs` from the spawn, or `afterMs` after a name starting with `prefix` appears in `folder`. */
export type KillAt = { kind: 'time'; afterMs: number } | { kind: 'entry'; folder: string; prefix: string; afterMs: number; timeoutMs: number }

export interface KillOutcome {
  /** True when the signal was sent before the process exited on its own. */
  killed: boolean
  /** The exit code when it finished first. */
  code: number | null
  pid: number
  elapsedMs: number
}

/** Runs `node dist/bin.js ...args` (cpu backend, no colours) and kills it with SIGKILL at `at`. */
export function runAndKill(args: string[], at: KillAt): Promise<KillOutcome> {
  const start = performance.now()
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore', env: { ...process.env, AEDETECT_BACKEND: 'cpu', NO_COLOR: '1' } })
  let exited = false
  let killed = false
  const kill = (): void => {
    if (exited || killed) return
    killed = child.kill('SIGKILL')
  }
  let timer: NodeJS.Timeout | undefined
  let watcher: ReturnType<typeof watch> | undefined
  if (at.kind === 'time') {
    timer = setTimeout(kill, at.afterMs)
  } else {
    // Event-driven: the kill lands inside the save (or the output's write) however long the start-up took.
    watcher = watch(at.folder, (_event, name) => {
      if (typeof name === 'string' && name.startsWith(at.prefix)) {
        watcher?.close()
        timer = setTimeout(kill, at.afterMs)
      }
    })
    setTimeout(() => {
      watcher?.close()
      kill()
    }, at.timeoutMs).unref()
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => {
      exited = true
      if (timer) clearTimeout(timer)
      watcher?.close()
      resolve({ killed, code, pid: child.pid as number, elapsedMs: performance.now() - start })
    })
  })
}

/** The entries beside `name` in `folder` that a save or an output write makes: `.name.tmp-*`, `.name.old-*`, `name.*.tmp`. */
export async function leftovers(folder: string, name: string): Promise<string[]> {
  return (await readdir(folder)).filter((n) => n.startsWith(`.${name}.tmp-`) || n.startsWith(`.${name}.old-`) || (n.startsWith(`${name}.`) && n.endsWith('.tmp'))).sort()
}

import { readFileSync } from 'node:fs'
import { format } from 'node:util'
import { describe, expect, it } from 'vitest'
import * as metrics from '@aedetect/metrics'

// TIMESERIES.md's example must print exactly the output written under it: run the ```ts block (plain
// JavaScript) with the package's sources and a console that records what it prints.
describe('TIMESERIES.md', () => {
  it('prints the output it shows', () => {
    const text = readFileSync(new URL('../../TIMESERIES.md', import.meta.url), 'utf8')
    const code = /```ts\n([\s\S]*?)```/.exec(text)?.[1] ?? ''
    const shown = /Output \(Node 20\):\n\n```\n([\s\S]*?)```/.exec(text)?.[1] ?? ''
    const body = code.replace(/^import\s\{([^}]*)\}\sfrom\s'[^']+'\n/m, 'const {$1} = metrics\n')
    expect(body).not.toContain('import ')
    const printed: string[] = []
    const recorder = { log: (...values: unknown[]) => printed.push(format(...values)) }
    new Function('metrics', 'console', body)(metrics, recorder)
    expect(printed.length).toBeGreaterThan(0)
    expect(`${printed.join('\n')}\n`).toBe(shown)
  })
})

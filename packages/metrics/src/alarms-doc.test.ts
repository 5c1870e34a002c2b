import { readFileSync } from 'node:fs'
import { format } from 'node:util'
import { describe, expect, it } from 'vitest'
import * as core from '@aedetect/core'
import * as metrics from '@aedetect/metrics'

// README.md's "Alarms on a stream of scores" example must print exactly the output written under it.
describe('README.md, alarms on a stream', () => {
  it('prints the output it shows', () => {
    const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = text.slice(text.indexOf('### Alarms on a stream of scores'))
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    const shown = /Output \(Node 20\):\n\n```\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    const body = code.replace(/^import\s\{([^}]*)\}\sfrom\s'@aedetect\/core'\n/m, 'const {$1} = core\n').replace(/^import\s\{([^}]*)\}\sfrom\s'@aedetect\/metrics'\n/m, 'const {$1} = metrics\n')
    expect(body).not.toContain('import ')
    const printed: string[] = []
    const recorder = { log: (...values: unknown[]) => printed.push(format(...values)) }
    new Function('core', 'metrics', 'console', body)(core, metrics, recorder)
    expect(printed.length).toBe(5)
    expect(`${printed.join('\n')}\n`).toBe(shown)
  })
})

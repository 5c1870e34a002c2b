import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { format } from 'node:util'
import { fileURLToPath } from 'node:url'
import { expect, it, vi } from 'vitest'

// The README example must run as written and print exactly the output the README shows.
it('the README example prints the output shown under it', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const code = /## Example[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1]
  const shown = /Output:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1]
  expect(code).toContain('loadEcg5000')
  const file = fileURLToPath(new URL(`./_readme-example-${process.pid}.tmp.mjs`, import.meta.url))
  writeFileSync(file, code as string)
  const lines: string[] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args))
  })
  try {
    await import(/* @vite-ignore */ file)
  } finally {
    spy.mockRestore()
    rmSync(file, { force: true })
  }
  expect(`${lines.join('\n')}\n`).toBe(shown)
})

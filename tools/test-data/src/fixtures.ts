import { readFileSync } from 'node:fs'
import { fixturePath } from './paths'

const cache = new Map<string, unknown>()

/** A JSON file of `fixtures/` (shipped in the repository), parsed once per test file. */
export function readFixture<T>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(fixturePath(name), 'utf8')))
  return cache.get(name) as T
}

#!/usr/bin/env node
// `npm test` / `pnpm test`: runs `pnpm run test:all` (build, boundaries, type check, every suite, package checks,
// closing line). turbo spawns each task through the `pnpm` it finds on PATH, so on a machine with only Node and npm
// pnpm is brought by npx (the version of `packageManager`), the way `npm run quickstart` installs.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const root = new URL('..', import.meta.url)
const wanted = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).packageManager.replace(/^pnpm@/, '')
const found = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' })
const usable = found.status === 0 && Number(found.stdout.trim().split('.')[0]) === Number(wanted.split('.')[0])
const [command, args] = usable ? ['pnpm', ['run', 'test:all']] : ['npx', ['-y', `pnpm@${wanted}`, 'run', 'test:all']]
if (!usable) process.stderr.write(`test: no pnpm ${wanted.split('.')[0]}.x on PATH; running it through npx (pnpm@${wanted})\n`)
const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' })
process.exitCode = result.status ?? 1

import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAtomicOutput, removeStaleTemporaries, writeFilesAtomic } from './write-atomic'

let root: string
// The pid of a process that has exited: what a kill -9 leaves in a temporary's name.
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid as number

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aedetect-write-'))
})
afterAll(async () => rm(root, { recursive: true, force: true }))

describe('atomic outputs (issue #16 item 3)', () => {
  it('removes only the stale <output>.<pid>.tmp files of dead processes beside the output', async () => {
    const out = join(root, 'scores.csv')
    const dead = `scores.csv.${deadPid()}.tmp`
    const live = `scores.csv.${process.ppid}.tmp`
    for (const name of [dead, live, 'scores.csv.abc.tmp', 'other.csv.1.tmp', 'scores.csv']) await writeFile(join(root, name), 'x')
    expect(await removeStaleTemporaries(out)).toEqual([dead])
    expect((await readdir(root)).sort()).toEqual([live, 'other.csv.1.tmp', 'scores.csv', 'scores.csv.abc.tmp'].sort())
  })

  it('openAtomicOutput: the target keeps its old text until commit; abort leaves it and no temporary', async () => {
    const out = join(root, 'streamed.csv')
    await writeFile(out, 'old\n')
    await writeFile(join(root, `streamed.csv.${deadPid()}.tmp`), 'orphan of a killed run')
    const aborted = await openAtomicOutput(out)
    await aborted.write('half')
    await aborted.abort()
    expect(await readFile(out, 'utf8')).toBe('old\n')
    const output = await openAtomicOutput(out)
    await output.write('a\n')
    expect(await readFile(out, 'utf8')).toBe('old\n')
    await output.write('b\n')
    await output.commit()
    expect(await readFile(out, 'utf8')).toBe('a\nb\n')
    expect((await readdir(root)).filter((n) => n.startsWith('streamed.csv.'))).toEqual([])
  })

  it('writeFilesAtomic cleans stale temporaries of its targets and writes every file', async () => {
    const html = join(root, 'report.html')
    await writeFile(join(root, `report.html.${deadPid()}.tmp`), 'orphan')
    await writeFilesAtomic([{ path: html, text: '<p>1</p>' }, { path: join(root, 'report.md'), text: '# 1' }])
    expect(await readFile(html, 'utf8')).toBe('<p>1</p>')
    expect((await readdir(root)).filter((n) => n.startsWith('report.'))).toEqual(['report.html', 'report.md'])
  })
})

// Tests of scripts/peer-guard.mjs on a fake package in a temporary folder: `node --test scripts/peer-guard.test.mjs`.
// (scripts/check-packages.mjs checks the real tarballs the same way, installed with --legacy-peer-deps.)
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { cjsPeerCheck, esmGuardSource, peerMissingMessage } from './peer-guard.mjs'

const manifest = { name: '@aedetect/fake', version: '0.0.0', type: 'module', peerDependencies: { 'fake-peer': '^1.2.0', 'optional-peer': '^1.0.0' }, peerDependenciesMeta: { 'optional-peer': { optional: true } } }
const root = mkdtempSync(join(tmpdir(), 'aedetect-peer-guard-'))
after(() => rmSync(root, { recursive: true, force: true }))

// The consumer's project: the fake package in node_modules, its ESM entry importing the peer statically, as tsup writes it.
const pkg = join(root, 'node_modules', '@aedetect', 'fake')
mkdirSync(join(pkg, 'dist'), { recursive: true })
writeFileSync(join(pkg, 'package.json'), JSON.stringify({ ...manifest, exports: { '.': { import: { node: './dist/index.node.js', default: './dist/index.js' }, require: './dist/index.cjs' } } }))
writeFileSync(join(pkg, 'dist', 'index.js'), "import { x } from 'fake-peer'\nexport const a = x + 1\nexport const b = 'b'\n")
writeFileSync(join(pkg, 'dist', 'index.node.js'), esmGuardSource(manifest, 'index', ['a', 'b']))
writeFileSync(join(pkg, 'dist', 'index.cjs'), `${cjsPeerCheck(manifest)}\n"use strict";\nmodule.exports = { a: require('fake-peer').x + 1, b: 'b' }\n`)

const node = (args) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
const line = peerMissingMessage('@aedetect/fake', 'fake-peer', '^1.2.0')

for (const [kind, args] of [['import', ['--input-type=module', '-e', "await import('@aedetect/fake')"]], ['require', ['-e', "require('@aedetect/fake')"]]]) {
  test(`${kind} without the peer: exit 1, the one line naming the command, no stack frame`, () => {
    const r = node(args)
    assert.equal(r.status, 1)
    const lines = r.stderr.split('\n')
    // Node wraps a frameless error in brackets (with `-e`, the bracket opens before its source-line header).
    assert.deepEqual(lines.filter((l) => l.includes('npm install fake-peer@^1.2.0')).map((l) => l.replace(/^\[|\]$/g, '')), [line])
    assert.deepEqual(lines.filter((l) => /^\s+at |\[cause\]|ERR_MODULE_NOT_FOUND|Cannot find|optional-peer/.test(l)), [])
  })
}

test('the error can be caught: code E_NOT_FOUND, name AedetectError, the message alone', () => {
  const r = node(['--input-type=module', '-e', "try { await import('@aedetect/fake') } catch (e) { console.log(JSON.stringify([e.code, e.name, e.message, e.stack])) }"])
  assert.equal(r.status, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout), ['E_NOT_FOUND', 'AedetectError', line, line])
})

test('with the peer installed, import and require give the package\'s names and values', () => {
  const peer = join(root, 'node_modules', 'fake-peer')
  mkdirSync(peer, { recursive: true })
  writeFileSync(join(peer, 'package.json'), JSON.stringify({ name: 'fake-peer', version: '1.2.3', main: 'index.cjs', exports: { import: './index.js', require: './index.cjs' } }))
  writeFileSync(join(peer, 'index.js'), 'export const x = 41\n')
  writeFileSync(join(peer, 'index.cjs'), 'exports.x = 41\n')
  const esm = node(['--input-type=module', '-e', "const m = await import('@aedetect/fake'); console.log(JSON.stringify(Object.entries(m)))"])
  const cjs = node(['-e', "console.log(JSON.stringify(Object.entries(require('@aedetect/fake'))))"])
  assert.equal(esm.stderr + cjs.stderr, '')
  assert.deepEqual(JSON.parse(esm.stdout), [['a', 42], ['b', 'b']])
  assert.deepEqual(JSON.parse(cjs.stdout), [['a', 42], ['b', 'b']])
})

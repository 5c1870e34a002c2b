import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isAedetectError } from '@aedetect/core'
import { parseCsv } from '@aedetect/datasets'
import { streamCsv } from '@aedetect/datasets/node'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'

// Fuzzing the CSV reader (issue #16): a valid labelled file, mutated by inserting hostile tokens, deleting
// spans, duplicating and truncating. Whatever comes out, the reader must
// - never crash: it returns a table or throws an AedetectError (no TypeError, RangeError, csv-parse error);
// - throw only the codes its documentation lists (parseCsv / readCsv / streamCsv TSDoc);
// - never allocate beyond a bound proportional to the input: the samples hold at most one float32 per
//   input byte (a value takes at least one character and a separator), every value finite and within
//   float32, and a streamed batch never holds more than batchSize rows.

const DOCUMENTED = new Set(['E_RAGGED', 'E_PARSE', 'E_NOT_FINITE', 'E_LABELS', 'E_EMPTY', 'E_OPTION'])
const BASE = ['a,b,c,label', ...Array.from({ length: 12 }, (_, i) => `${(i / 10).toFixed(2)},${(i * 1.5).toFixed(1)},-${i}e-3,${i % 5 === 0 ? 1 : 0}`)].join('\n') + '\n'
const TOKENS = [',', ';', '\t', ' ', '"', '""', '\n', '\r\n', '\r', '\ufeff', '\u0000', '\u001b[31m', 'NaN', 'nan', '', '?', 'inf', '-Infinity', '1e300', '-1e39', '3.4e38', '1e-320', '0x1F', '1_000', '١', 'é', '2', 'label', 'a', '-', '.', 'e', '+']

type Mutation = { kind: 'insert'; at: number; token: string } | { kind: 'delete'; at: number; length: number } | { kind: 'duplicate'; line: number } | { kind: 'truncate'; at: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
)

function mutate(text: string, mutations: Mutation[]): string {
  let out = text
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : (m.kind === 'duplicate' ? 0 : m.at % (out.length + 1))
    if (m.kind === 'insert') out = out.slice(0, at) + m.token + out.slice(at)
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length)
    else if (m.kind === 'truncate') out = out.slice(0, at)
    else {
      const lines = out.split('\n')
      const i = m.line % lines.length
      lines.splice(i, 0, lines[i])
      out = lines.join('\n')
    }
  }
  return out
}

const optionSets = [{}, { label: 'label' }, { label: -1, normal: '0' }, { label: 'label', missing: 'drop' as const }, { label: 'label', missing: 'impute-mean' as const }, { header: false as const }]

function expectDocumentedFailure(error: unknown): void {
  expect(isAedetectError(error), `not an AedetectError: ${String(error)}`).toBe(true)
  const code = (error as { code: string }).code
  expect(DOCUMENTED.has(code), `undocumented code ${code}: ${(error as Error).message}`).toBe(true)
  // One line: the CLI prints the message as its single error line.
  expect((error as Error).message).not.toContain('\n')
}

function expectBounded(data: Float32Array, rows: number, width: number, bytes: number): void {
  expect(data.length).toBe(rows * width)
  expect(data.length).toBeLessThanOrEqual(bytes)
  for (let i = 0; i < data.length; i++) expect(Number.isFinite(data[i])).toBe(true)
}

describe('CSV reader fuzz (fast-check, mutated files)', () => {
  it('parseCsv returns a bounded table or throws a documented AedetectError', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom(...optionSets), (mutations, options) => {
        const text = mutate(BASE, mutations)
        try {
          const table = parseCsv(text, options)
          expectBounded(table.x.data, table.x.shape[0], table.x.shape[1], Buffer.byteLength(text))
          if (table.labels) expect(table.labels.length).toBe(table.x.shape[0])
        } catch (error) {
          expectDocumentedFailure(error)
        }
      }),
      // Seeded so a failure reproduces; 400 runs take well under a second.
      { numRuns: 400, seed: 16 },
    )
  })

  const dir = mkdtempSync(join(tmpdir(), 'aedetect-csv-fuzz-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('streamCsv yields bounded batches or throws a documented AedetectError', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom(...optionSets.filter((o) => (o as { missing?: string }).missing !== 'impute-mean')), async (mutations, options) => {
        const text = mutate(BASE, mutations)
        const path = join(dir, `case-${n++}.csv`)
        writeFileSync(path, text)
        try {
          let rows = 0
          for await (const batch of streamCsv(path, { ...options, batchSize: 4 })) {
            expect(batch.x.shape[0]).toBeLessThanOrEqual(4)
            expectBounded(batch.x.data, batch.x.shape[0], batch.x.shape[1], Buffer.byteLength(text))
            rows += batch.x.shape[0]
          }
          expect(rows).toBeLessThanOrEqual(Buffer.byteLength(text))
        } catch (error) {
          expectDocumentedFailure(error)
        }
      }),
      { numRuns: 150, seed: 16 },
    )
  })
})

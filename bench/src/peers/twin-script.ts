// Compiles the aedetect twin (./aedetect-case.ts) to a plain .mjs that `node` runs without a TypeScript
// loader: tsx in the child process would add ~70 MB of peak RSS (measured: 71 MB for node + tfjs alone, 139-145 MB
// under `node --import tsx`), and peak RSS is one of the compared figures.
// The output goes to bench/node_modules/.cache/ (ignored by git), so its bare imports (@aedetect/*,
// @tensorflow/tfjs) resolve from bench/node_modules exactly as the bench's own do.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const here = dirname(fileURLToPath(import.meta.url))

/** The bench package folder (bench/): the cwd of the peer script, whose node_modules holds tfjs and its wasm backend. */
export const benchDir = join(here, '..', '..')

/** Writes the compiled twin and returns its path. */
export async function compileTwin(): Promise<string> {
  const source = await readFile(join(here, 'aedetect-case.ts'), 'utf8')
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: 'aedetect-case.ts',
  })
  const outDir = join(benchDir, 'node_modules', '.cache', 'aedetect-peers')
  await mkdir(outDir, { recursive: true })
  const file = join(outDir, 'aedetect-case.mjs')
  await writeFile(file, outputText)
  return file
}

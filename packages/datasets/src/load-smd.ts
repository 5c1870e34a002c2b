import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { checkListedSum, layoutHint, readFileBytes } from './_node-files'
import { resolveDataDir } from './data-dir'
import { parseSmdMachine, type SmdMachine } from './smd'

/** The machines of `<dataDir>/smd/test/`, e.g. `['machine-1-2', …]`, sorted. Throws `E_NOT_FOUND` without that folder. */
export function listSmdMachines(options: { dataDir?: string } = {}): string[] {
  const dataDir = resolveDataDir(options)
  const folder = join(dataDir, 'smd', 'test')
  try {
    return readdirSync(folder)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.slice(0, -4))
      .sort()
  } catch (cause) {
    throw new AedetectError('E_NOT_FOUND', `listSmdMachines(): ${folder} does not exist. ${layoutHint('smd', dataDir)}`, { cause })
  }
}

/**
 * Loads one SMD machine (`'1-2'` or `'machine-1-2'`) from `<dataDir>/smd/{train,test,test_label,interpretation_label}/`,
 * checked against the folder's SHA256SUMS: train and test rows `[t, 38]`, test labels (1 = anomaly) and
 * the interpretation segments (end exclusive, dimensions 0-based). Throws `E_NOT_FOUND` naming the
 * missing file, `E_CHECKSUM`, and the {@link parseSmdMachine} errors.
 */
export async function loadSmdMachine(options: { dataDir?: string; machine: string }): Promise<SmdMachine> {
  const dataDir = resolveDataDir(options)
  const folder = join(dataDir, 'smd')
  const machine = options.machine.startsWith('machine-') ? options.machine : `machine-${options.machine}`
  const read = async (part: string): Promise<Uint8Array> => {
    const relative = `${part}/${machine}.txt`
    const bytes = await readFileBytes(join(folder, relative), 'loadSmdMachine()', `${layoutHint('smd', dataDir)} Machines there: ${safeList(dataDir)}.`)
    await checkListedSum(folder, relative, bytes)
    return bytes
  }
  const files = { train: await read('train'), test: await read('test'), testLabels: await read('test_label'), interpretation: await read('interpretation_label') }
  return parseSmdMachine(files, { machine })
}

function safeList(dataDir: string): string {
  try {
    return listSmdMachines({ dataDir }).join(', ') || 'none'
  } catch {
    return 'none'
  }
}

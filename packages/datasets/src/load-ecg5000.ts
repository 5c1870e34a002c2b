import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkListedSum, layoutHint, readFileBytes, sha256Node } from './_node-files'
import { checksumError } from './checksum'
import { resolveDataDir } from './data-dir'
import { ECG5000_FILES, parseEcg5000, type Ecg5000 } from './ecg5000'
import { parseEcgTutorialCsv, type EcgTutorial } from './ecg-tutorial'

/** The folder of the ECG5000 copy shipped inside the package (`data/` beside `dist/` and `src/`). */
export function bundledDataDir(): string {
  return fileURLToPath(new URL('../data/', import.meta.url))
}

/**
 * Loads ECG5000 (5,000 beats × 140: the UCR train rows, then the test rows; labels 1 = anomaly = class ≠ 1).
 * Without `dataDir` it reads the gzip copy shipped in the package; with it, `<dataDir>/ecg5000/`
 * (`ECG5000_TRAIN.txt.gz` or `.txt`, and the same for TEST). Every file's SHA-256 is checked first.
 * Throws `E_NOT_FOUND` for a missing file, `E_CHECKSUM` naming the file that differs, and the
 * {@link parseEcg5000} errors.
 */
export async function loadEcg5000(options: { dataDir?: string } = {}): Promise<Ecg5000> {
  const folder = options.dataDir === undefined ? bundledDataDir() : join(resolveDataDir({ dataDir: options.dataDir }), 'ecg5000')
  const read = async (part: (typeof ECG5000_FILES)['train' | 'test']): Promise<Uint8Array> => {
    const gz = join(folder, part.file)
    const plain = gz.replace(/\.gz$/, '')
    const path = existsSync(gz) || !existsSync(plain) ? gz : plain
    const hint = options.dataDir === undefined ? 'The package copy is incomplete: reinstall @aedetect/datasets.' : layoutHint('ecg5000', options.dataDir)
    const bytes = await readFileBytes(path, 'loadEcg5000()', hint)
    const expected = path === gz ? part.sha256 : part.textSha256
    const got = sha256Node(bytes)
    if (got !== expected) throw checksumError(path, expected, got)
    return bytes
  }
  const train = await read(ECG5000_FILES.train)
  const test = await read(ECG5000_FILES.test)
  return parseEcg5000({ train, test, source: options.dataDir === undefined ? '@aedetect/datasets (bundled ECG5000)' : folder })
}

/**
 * Loads the TensorFlow tutorial's `ecg.csv` (`ecg.csv.gz` or `ecg.csv` in `<dataDir>/ecg5000/`; data
 * directory from the option or `AEDETECT_DATA_DIR`), checked against the folder's SHA256SUMS. Labels:
 * 1 = anomaly (the file's label 0.0). Without the file, build the same rows from the bundled UCR copy
 * with `ecgTutorialFromUcr(await loadEcg5000())`. Throws `E_NOT_FOUND`, `E_CHECKSUM`, and the CSV errors.
 */
export async function loadEcgTutorialCsv(options: { dataDir?: string } = {}): Promise<EcgTutorial> {
  const dataDir = resolveDataDir(options)
  const folder = join(dataDir, 'ecg5000')
  const name = existsSync(join(folder, 'ecg.csv.gz')) || !existsSync(join(folder, 'ecg.csv')) ? 'ecg.csv.gz' : 'ecg.csv'
  const path = join(folder, name)
  const bytes = await readFileBytes(path, 'loadEcgTutorialCsv()', `${layoutHint('ecg5000', dataDir)} Or build the same rows from the bundled copy: ecgTutorialFromUcr(await loadEcg5000()).`)
  await checkListedSum(folder, name, bytes)
  return parseEcgTutorialCsv(bytes, { source: path })
}

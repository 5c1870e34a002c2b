import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { link, mkdir, open, rm } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { checkOutputFiles, fileError } from '../output-paths'
import { temporaryPath, writeFilesAtomic } from '../write-atomic'

/** The manifest a preset writes into its output folder: it marks the files there as the CLI's own. */
export const PRESET_MANIFEST = 'preset.json'
const FORMAT = 'aedetect-preset-output'

/** Where a preset writes one output file: into a folder it owns (`--out`), or to a new file (`--samples`). */
export interface PresetOutput {
  /** The file written. */
  path: string
  /** The option that named it, for messages. */
  option: '--out' | '--samples'
  /** The folder and its manifest, for `--out`. */
  folder?: string
}

function ownedBy(folder: string, preset: string): string[] | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, PRESET_MANIFEST), 'utf8')) as { format?: unknown; preset?: unknown; files?: unknown }
    if (manifest.format !== FORMAT || manifest.preset !== preset || !Array.isArray(manifest.files)) return undefined
    return manifest.files.filter((f): f is string => typeof f === 'string')
  } catch {
    return undefined
  }
}

/**
 * Checks, before any work, where a preset's file goes, and never lets it overwrite a file the CLI did not write:
 * `--samples FILE` must not exist yet (its folder must); `--out DIR` (default `defaultFolder`) must be missing, empty,
 * or a folder this preset wrote (its `preset.json` lists the files, which are replaced). Throws `E_OPTION` naming
 * the flag and the fix, or `E_IO` for a missing parent folder.
 */
export function planPresetOutput(options: { samples?: string; out?: string; preset: string; fileName: string; defaultFolder: string; inputs?: Array<{ option: string; path: string | undefined }> }): PresetOutput {
  if (options.samples !== undefined && options.out !== undefined) {
    throw new AedetectError('E_OPTION', `--samples ${options.samples} and --out ${options.out} both name where the samples go; pass one of them.`)
  }
  if (options.samples !== undefined) {
    checkOutputFiles([{ option: '--samples', path: options.samples }], options.inputs ?? [])
    if (existsSync(options.samples)) {
      throw new AedetectError('E_OPTION', `--samples ${options.samples}: the file exists; aedetect writes only new files there and never overwrites one. Pass a new file name, or --out DIR for a folder aedetect manages.`)
    }
    return { path: options.samples, option: '--samples' }
  }
  const folder = options.out ?? options.defaultFolder
  const target = resolve(folder)
  const up = relative(target, process.cwd())
  if (up === '' || (!up.startsWith('..') && !up.startsWith(sep))) {
    throw new AedetectError('E_OPTION', `--out ${folder}: this is the working folder or one of its ancestors. Pass a new folder name, e.g. --out ${options.defaultFolder}.`)
  }
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) {
      throw new AedetectError('E_OPTION', `--out ${folder}: a file of that name exists; aedetect writes only into folders it created. Pass a new folder name, or move the file away.`)
    }
    const names = readdirSync(target)
    const owned = ownedBy(target, options.preset)
    const foreign = names.filter((n) => n !== PRESET_MANIFEST && !(owned ?? []).includes(n) && !n.endsWith('.tmp'))
    if (names.length > 0 && (owned === undefined || foreign.length > 0)) {
      throw new AedetectError('E_OPTION', `--out ${folder}: the folder holds files aedetect did not write for --preset ${options.preset} (${(foreign[0] ?? names[0])}); aedetect replaces only its own. Pass a new or empty folder, or --samples FILE.`)
    }
  }
  return { path: join(folder, options.fileName), option: '--out', folder }
}

/** Writes the planned file: into its folder with the manifest (both atomically), or as a new file that is never overwritten. */
export async function writePresetOutput(plan: PresetOutput, preset: string, text: string): Promise<void> {
  try {
    if (plan.folder !== undefined) {
      await mkdir(plan.folder, { recursive: true })
      const manifest = { format: FORMAT, formatVersion: 1, preset, files: [plan.path.slice(plan.folder.length).replace(/^[\\/]+/, '')] }
      await writeFilesAtomic([{ path: plan.path, text }, { path: join(plan.folder, PRESET_MANIFEST), text: `${JSON.stringify(manifest, null, 2)}\n` }])
      return
    }
    // A new file only: link() fails with EEXIST where rename() would replace a file created meanwhile.
    const temporary = temporaryPath(plan.path)
    const handle = await open(temporary, 'w')
    try {
      await handle.writeFile(text)
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await link(temporary, plan.path)
    } finally {
      await rm(temporary, { force: true })
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AedetectError('E_OPTION', `${plan.option} ${plan.path}: the file appeared while the preset ran; aedetect never overwrites it. Pass a new file name.`, { cause: error })
    }
    throw fileError(error, plan.option, plan.path, 'write')
  }
}

import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs'
import { dirname, relative, resolve, sep } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { DETECTOR_FORMAT, WINDOW_DETECTOR_FORMAT } from '@aedetect/detector'

/** A file the command reads, named by its option: `{ option: '--csv', path: 'data.csv' }`. */
export interface NamedPath {
  option: string
  path: string | undefined
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

/** True when `inner` is `outer` or lies inside it (both resolved). */
function within(inner: string, outer: string): boolean {
  const r = relative(outer, inner)
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && r !== '..')
}

// A detector folder of aedetect: detector.json (and window.json for a series) with aedetect's own format name.
function isDetectorFolder(dir: string): boolean {
  for (const [name, format] of [['window.json', WINDOW_DETECTOR_FORMAT], ['detector.json', DETECTOR_FORMAT]] as const) {
    try {
      const record = JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as { format?: unknown }
      if (record.format === format) return true
    } catch {
      // Not this kind of folder; try the next.
    }
  }
  return false
}

/**
 * Checks `train --out DIR` before any work: DIR may be missing, an empty folder or a folder holding a
 * detector written by aedetect (replaced by the save); anything else — a regular file, a folder of other
 * files, the working folder or one of its ancestors, an input file or a folder holding one — is refused
 * with `E_OPTION` (usage), so a typo never deletes data.
 */
export function checkDetectorOut(out: string, inputs: NamedPath[]): void {
  const target = resolve(out)
  const cwd = process.cwd()
  if (within(cwd, target)) {
    throw new AedetectError('E_OPTION', `--out ${out}: this is the working folder${target === cwd ? '' : ' or one of its ancestors'}; saving there would delete everything in it. Pass a new folder name, e.g. --out aedetect-model.`)
  }
  for (const input of inputs) {
    if (input.path === undefined) continue
    if (within(resolve(input.path), target)) {
      throw new AedetectError('E_OPTION', `--out ${out}: ${resolve(input.path) === target ? 'this is' : 'this folder holds'} the input ${input.option} ${input.path}; saving the detector would delete it. Pass another folder, e.g. --out aedetect-model.`)
    }
  }
  const info = statOrUndefined(target)
  if (info === undefined) {
    const parent = statOrUndefined(dirname(target))
    if (parent !== undefined && !parent.isDirectory()) {
      throw new AedetectError('E_OPTION', `--out ${out}: ${dirname(out)} is a file, not a folder. Pass a folder path whose parent is a folder.`)
    }
    return
  }
  if (!info.isDirectory()) {
    throw new AedetectError('E_OPTION', `--out ${out}: a file of that name exists and is not a detector folder; aedetect replaces only folders it wrote. Pass a new folder name, or move the file away.`)
  }
  if (readdirSync(target).length === 0 || isDetectorFolder(target)) return
  throw new AedetectError('E_OPTION', `--out ${out}: the folder holds files that are not an aedetect detector (no detector.json of format "${DETECTOR_FORMAT}"); aedetect replaces only folders it wrote. Pass a new or empty folder, or remove this one yourself.`)
}

/**
 * Checks output files (`score --output`, `report --out`, `report --summary`) before any work: none may be
 * an input, inside an input folder (the detector), the same file as another output, or an existing folder;
 * the parent must be an existing folder.
 * Throws `E_OPTION` (usage) naming the option and the path.
 */
export function checkOutputFiles(outputs: NamedPath[], inputs: NamedPath[], inputFolders: NamedPath[] = []): void {
  const seen: Array<{ option: string; path: string; resolved: string }> = []
  for (const output of outputs) {
    if (output.path === undefined) continue
    const resolved = resolve(output.path)
    for (const folder of inputFolders) {
      if (folder.path !== undefined && within(resolved, resolve(folder.path))) {
        throw new AedetectError('E_OPTION', `${output.option} ${output.path}: this is inside the ${folder.option} folder ${folder.path}; writing there could overwrite it. Pass an output file outside it.`)
      }
    }
    for (const input of inputs) {
      if (input.path !== undefined && resolve(input.path) === resolved) {
        throw new AedetectError('E_OPTION', `${output.option} ${output.path}: this is the input ${input.option}; writing there would overwrite it. Pass another output file.`)
      }
    }
    const same = seen.find((s) => s.resolved === resolved)
    if (same) {
      throw new AedetectError('E_OPTION', `${output.option} ${output.path}: the same file as ${same.option} ${same.path}; one would overwrite the other. Pass two different files.`)
    }
    seen.push({ option: output.option, path: output.path, resolved })
    if (statOrUndefined(resolved)?.isDirectory()) {
      throw new AedetectError('E_IO', `${output.option} ${output.path}: this is a folder, not a file. Pass a file path, e.g. ${output.path.replace(/[\\/]+$/, '')}/out.csv.`)
    }
    const parent = statOrUndefined(dirname(resolved))
    if (parent === undefined) {
      throw new AedetectError('E_IO', `${output.option} ${output.path}: the folder ${dirname(output.path)} does not exist. Create it first, or pass a path in an existing folder.`)
    }
    if (!parent.isDirectory()) {
      throw new AedetectError('E_IO', `${output.option} ${output.path}: ${dirname(output.path)} is a file, not a folder. Pass a path in an existing folder.`)
    }
  }
}

/**
 * Turns a Node file-system error on `path` (named by `option`) into an `E_IO` data error naming the path
 * and the fix; other errors pass through unchanged.
 */
export function fileError(error: unknown, option: string, path: string, action: 'read' | 'write'): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof code !== 'string') return error
  const fix: Record<string, string> = {
    EACCES: action === 'write' ? 'permission denied; pass a path in a folder you can write to' : 'permission denied; make the file readable',
    EPERM: action === 'write' ? 'operation not permitted; pass a path in a folder you can write to' : 'operation not permitted; make the file readable',
    EROFS: 'the file system is read-only; pass a path on a writable one',
    EISDIR: action === 'write' ? 'this is a folder, not a file; pass a file path' : 'this is a folder, not a file; pass a CSV file',
    ENOENT: action === 'write' ? 'its folder does not exist; create it first' : 'the file does not exist; check the path',
    ENOTDIR: 'a part of the path is a file, not a folder; check the path',
    ENOSPC: 'the disk is full; free space or write elsewhere',
  }
  const hint = fix[code]
  if (hint === undefined) return error
  return new AedetectError('E_IO', `${option} ${path}: cannot ${action} (${code}): ${hint}.`, { cause: error })
}

import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { AedetectError } from '@aedetect/core'
import { DETECTOR_FILE_FORMAT, WINDOW_DETECTOR_FILE_FORMAT, detectorToFile, windowDetectorToFile } from '@aedetect/detector'
import { loadDetector, loadWindowDetector } from '@aedetect/detector/node'
import { Command, Option } from '@commander-js/extra-typings'
import { BACKEND_CHOICES, startBackend } from '../backend'
import { asModelError } from '../exit-codes'
import { isWindowModel } from '../jobs/series-job'
import { info, printJson } from '../output'
import { checkOutputFiles, fileError } from '../output-paths'
import { writeFilesAtomic } from '../write-atomic'

// The single-file artifacts start with their format (detectorToFile writes `format` first): reading this many bytes
// tells one apart from any other file without reading a large file whole.
const HEAD_BYTES = 256
const FORMAT_AT_START = new RegExp(`^\\s*\\{\\s*"format"\\s*:\\s*"(${DETECTOR_FILE_FORMAT}|${WINDOW_DETECTOR_FILE_FORMAT})"`)

function startsLikeAnArtifact(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(HEAD_BYTES)
    const read = readSync(fd, head, 0, HEAD_BYTES, 0)
    return FORMAT_AT_START.test(head.subarray(0, read).toString('utf8'))
  } finally {
    closeSync(fd)
  }
}

/**
 * Checks `--out FILE` before any work: it may be missing, or a single-file detector aedetect wrote (replaced);
 * anything else is refused with `E_OPTION` (usage), so a typo never overwrites data. The folder checks (not inside
 * `--model`, an existing parent folder, not a folder) are `checkOutputFiles`'s.
 */
function checkExportOut(out: string, model: string): void {
  checkOutputFiles([{ option: '--out', path: out }], [], [{ option: '--model', path: model }])
  let isFile: boolean
  try {
    isFile = statSync(resolve(out)).isFile()
  } catch {
    return
  }
  if (isFile && startsLikeAnArtifact(out)) return
  throw new AedetectError('E_OPTION', `--out ${out}: a file of that name exists and is not a single-file detector aedetect wrote (no "format": "${DETECTOR_FILE_FORMAT}" or "${WINDOW_DETECTOR_FILE_FORMAT}" at its start); aedetect replaces only files it wrote. Pass a new file name, e.g. --out model.aedetect.json, or move the file away.`)
}

/**
 * `aedetect export`: the detector folder `aedetect train` wrote, as the single-file artifact the web demo (and
 * `detectorFromFile` / `windowDetectorFromFile` of @aedetect/detector) reads — one JSON text with the folder's
 * files, the weights in base64. Written atomically; an existing file is replaced only if it is such an artifact.
 */
export function exportCommand(): Command {
  return new Command('export')
    .description('Write a saved detector folder as one file (the single-file artifact the web demo opens).')
    .requiredOption('--model <dir>', 'detector folder written by `aedetect train`')
    .requiredOption('--out <file>', 'file to write: new, or a single-file detector aedetect wrote (anything else is refused)')
    .addOption(new Option('--backend <name>', 'tfjs backend used to read the weights (default: $AEDETECT_BACKEND or auto)').choices(BACKEND_CHOICES))
    .option('--json', 'print one JSON object on stdout')
    .option('--verbose', 'print stack traces of errors')
    .addHelpText('after', `
Examples:
  $ aedetect export --model aedetect-model --out model.aedetect.json
  $ aedetect export --model series-model --out series.aedetect.json --json

The file holds detector.json, model.json, weights.bin (base64) and, for a time-series detector, window.json.
Open it in the web demo with "load detector", or in code with detectorFromFile / windowDetectorFromFile.`)
    .action(async (opts) => {
      checkExportOut(opts.out, opts.model)
      await startBackend(opts.backend, Boolean(opts.json), Boolean(opts.verbose))
      const window = await isWindowModel(opts.model)
      let text: string
      if (window) {
        const detector = await loadWindowDetector(opts.model).catch((error: unknown) => {
          throw asModelError(error)
        })
        try {
          text = await windowDetectorToFile(detector)
        } finally {
          detector.dispose()
        }
      } else {
        const detector = await loadDetector(opts.model).catch((error: unknown) => {
          throw asModelError(error)
        })
        try {
          text = await detectorToFile(detector)
        } finally {
          detector.dispose()
        }
      }
      await writeFilesAtomic([{ path: opts.out, text }]).catch((error: unknown) => {
        throw fileError(error, '--out', opts.out, 'write')
      })
      const format = window ? WINDOW_DETECTOR_FILE_FORMAT : DETECTOR_FILE_FORMAT
      const bytes = Buffer.byteLength(text)
      if (opts.json) printJson({ model: opts.model, out: opts.out, format, bytes })
      else info(`${opts.model} written to ${opts.out} (${format}, ${bytes} bytes)`)
    })
}

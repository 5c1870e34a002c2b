import { DATA_DIR_ENV, DATASET_NAMES, DEFAULT_FETCH_DIR, fetchDatasets, type FetchProgress, type FetchReport } from '@aedetect/datasets/node'
import { Command, InvalidArgumentError } from '@commander-js/extra-typings'
import pc from 'picocolors'
import { printJson } from '../output'

function parseTimeout(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a whole number of milliseconds > 0, got '${value}'.`)
  return n
}

/** `12.3 MB` (decimal megabytes, as download sizes are usually given). */
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`
}

/** `15 kB` below a megabyte, else {@link megabytes}: the progress line of a small file still moves. */
function size(bytes: number): string {
  return bytes < 1e6 ? `${Math.round(bytes / 1e3)} kB` : megabytes(bytes)
}

/** One `\r`-rewritten progress line on a terminal, at most every 100 ms; nothing when stderr is piped. */
function createFetchProgress(sink: { write(text: string): void; isTTY: boolean }): { update(p: FetchProgress): void; done(): void } {
  let drawnAt = 0
  return {
    update(p) {
      if (!sink.isTTY) return
      const now = performance.now()
      if (now - drawnAt < 100 && p.receivedBytes < p.totalBytes) return
      drawnAt = now
      sink.write(`\r${pc.cyan(p.dataset)} ${p.fileIndex}/${p.fileCount} ${p.file} ${size(p.receivedBytes)} / ${size(p.totalBytes)}\x1b[K`)
    },
    done() {
      if (drawnAt > 0) sink.write('\r\x1b[K')
    },
  }
}

/** The report lines on stdout, one per dataset. */
function reportLines(report: FetchReport): string[] {
  return report.datasets.map((d) => {
    const written = d.files.filter((f) => f.action !== 'skipped').length
    const present = d.files.length - written
    if (written === 0) return `${d.name}: already there, ${d.files.length} files, ${megabytes(d.skippedBytes)} in ${d.folder}`
    const also = present > 0 ? ` (${present} already there, ${megabytes(d.skippedBytes)})` : ''
    return `fetched ${d.name}: ${written} files, ${megabytes(d.writtenBytes)} into ${d.folder}${also}`
  })
}

/** `aedetect datasets fetch <name...>`: downloads datasets into the data directory, every file checked. */
export function datasetsFetchCommand() {
  return new Command('fetch')
    .description(`Download datasets into the data directory and check the SHA-256 of every file: ${DATASET_NAMES.join(', ')} or all.`)
    .argument('<name...>', `datasets to fetch: ${DATASET_NAMES.join(' ')} | all`)
    .option('--data-dir <dir>', `where to put them (default: $${DATA_DIR_ENV}, else ./${DEFAULT_FETCH_DIR})`)
    .option('--base-url <url>', 'a mirror laid out like a data directory: files are requested from <url>/<dataset>/<file> instead of their origins')
    .option('--timeout-ms <ms>', 'longest wait for the next byte of a download, in milliseconds', parseTimeout, 30_000)
    .option('--json', 'print one JSON object on stdout')
    .option('--verbose', 'print stack traces of errors')
    .addHelpText('after', `
Files already present with the right checksum are skipped; an interrupted download resumes on the next run;
a present file with another checksum is never replaced. Exit code 3 when a download or a checksum fails.

Examples:
  $ aedetect datasets fetch mnist
  $ aedetect datasets fetch all --data-dir ~/aedetect-data
  $ aedetect datasets fetch nab odds --base-url https://mirror.example.org/aedetect-data --json`)
    .exitOverride()
    .action(async (names, opts, command) => {
      // `aedetect datasets` has --data-dir and --json too, and commander gives an option known to both to the
      // parent unless the root program enables positional options: read them from either.
      const parent = command.parent?.opts() ?? {}
      const dataDir = opts.dataDir ?? (parent.dataDir as string | undefined)
      const json = opts.json ?? (parent.json as boolean | undefined)
      const progress = createFetchProgress(process.stderr)
      let report: FetchReport
      try {
        report = await fetchDatasets(names, { dataDir, baseUrl: opts.baseUrl, timeoutMs: opts.timeoutMs, onProgress: (p) => progress.update(p) })
      } finally {
        progress.done()
      }
      if (json) printJson(report)
      else process.stdout.write(`${reportLines(report).join('\n')}\n`)
    })
}

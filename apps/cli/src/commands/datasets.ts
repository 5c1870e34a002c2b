import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { AedetectError, isAedetectError, type Labels } from '@aedetect/core'
import { ODDS_NAMES } from '@aedetect/datasets'
import { DATA_DIR_ENV, listNabSeries, listSmdMachines, loadEcg5000, loadMnist, loadNabSeries, loadOdds, loadSmdMachine, resolveDataDir, verifyDataset } from '@aedetect/datasets/node'
import { Command } from '@commander-js/extra-typings'
import pc from 'picocolors'
import { printJson, say } from '../output'
import { datasetsFetchCommand } from './datasets-fetch'

/** One loadable source: its `--data` name, the shape of its samples and its label counts. */
interface SourceEntry {
  source: string
  shape: number[]
  normal: number
  anomalous: number
}

/** One dataset folder: whether its SHA256SUMS matched and the sources it holds. */
interface FolderEntry {
  folder: string
  checksums: { ok: boolean; files: number; error: string | null }
  sources: SourceEntry[]
}

const FOLDERS = ['ecg5000', 'mnist', 'fashion-mnist', 'odds', 'nab', 'smd'] as const

function counts(labels: Labels): { normal: number; anomalous: number } {
  let anomalous = 0
  for (let i = 0; i < labels.length; i++) anomalous += labels[i]
  return { normal: labels.length - anomalous, anomalous }
}

export function datasetsCommand() {
  return new Command('datasets')
    .description('List the data sources found in the data directory with their shapes and label counts, and verify their checksums.')
    .option('--data-dir <dir>', `data directory (default: $${DATA_DIR_ENV}; without one, only the bundled ECG5000)`)
    .option('--no-verify', 'skip the SHA-256 check of every file')
    .option('--json', 'print one JSON object on stdout')
    .option('--config <file>', 'JSON file of options: keys are long option names')
    .option('--verbose', 'print stack traces of errors')
    .addHelpText('after', `
Examples:
  $ aedetect datasets --data-dir ../shared/datasets
  $ AEDETECT_DATA_DIR=../shared/datasets aedetect datasets --json
  $ aedetect datasets fetch mnist --data-dir ./aedetect-data   # download a dataset (see: aedetect datasets fetch --help)`)
    .addCommand(datasetsFetchCommand())
    .action(async (opts) => {
      const given = opts.dataDir ?? process.env[DATA_DIR_ENV]
      const folders: FolderEntry[] = []
      let dataDir: string | null = null
      if (given === undefined || given === '') {
        const ecg = await loadEcg5000()
        folders.push({ folder: 'ecg5000 (bundled)', checksums: { ok: true, files: 2, error: null }, sources: [{ source: 'ecg5000', shape: ecg.x.shape, ...counts(ecg.labels) }] })
      } else {
        dataDir = resolveDataDir({ dataDir: opts.dataDir })
        for (const name of FOLDERS) {
          if (!existsSync(join(dataDir, name))) continue
          folders.push(await describeFolder(dataDir, name, opts.verify))
        }
      }
      const failed = folders.filter((f) => !f.checksums.ok)
      if (opts.json) printJson({ dataDir, folders })
      else {
        say(pc.bold(`data directory: ${dataDir ?? '(none: the bundled ECG5000 only)'}`))
        for (const f of folders) {
          const check = !opts.verify ? pc.dim('not verified') : f.checksums.ok ? pc.green(`${f.checksums.files} files verified`) : pc.red(`checksum failed: ${f.checksums.error}`)
          say(`  ${f.folder}  ${check}`)
          for (const s of f.sources) say(`    --data ${s.source.padEnd(44)} [${s.shape.join(', ')}]  ${s.normal} normal, ${s.anomalous} anomalous`)
        }
      }
      if (failed.length > 0) {
        throw new AedetectError('E_CHECKSUM', `${failed.length} dataset folder(s) failed verification: ${failed.map((f) => `${f.folder} (${f.checksums.error})`).join('; ')}. Copy those folders again.`)
      }
    })
}

async function describeFolder(dataDir: string, name: (typeof FOLDERS)[number], verify: boolean): Promise<FolderEntry> {
  const entry: FolderEntry = { folder: name, checksums: { ok: true, files: 0, error: null }, sources: [] }
  if (verify) {
    try {
      entry.checksums.files = (await verifyDataset(dataDir, name)).files.length
    } catch (error) {
      if (!isAedetectError(error)) throw error
      entry.checksums = { ok: false, files: 0, error: error.message }
      return entry
    }
  }
  switch (name) {
    case 'ecg5000': {
      const ecg = await loadEcg5000({ dataDir })
      entry.sources.push({ source: 'ecg5000', shape: ecg.x.shape, ...counts(ecg.labels) })
      break
    }
    case 'mnist':
    case 'fashion-mnist': {
      const set = await loadMnist({ dataDir, kind: name, split: 'test' })
      // Each class in turn is normal: the anomalous count is every other class.
      for (let c = 0; c <= 9; c++) {
        let normal = 0
        for (let i = 0; i < set.labels.length; i++) if (set.labels[i] === c) normal++
        entry.sources.push({ source: `${name}:${c}`, shape: set.images.shape, normal, anomalous: set.labels.length - normal })
      }
      break
    }
    case 'odds':
      for (const table of ODDS_NAMES) {
        if (!existsSync(join(dataDir, 'odds', `${table}.csv`))) continue
        const odds = await loadOdds({ dataDir, name: table, format: 'csv' })
        entry.sources.push({ source: `odds:${table}`, shape: odds.x.shape, ...counts(odds.labels) })
      }
      break
    case 'nab':
      for (const s of listNabSeries({ dataDir })) {
        const series = await loadNabSeries({ dataDir, name: s.key })
        entry.sources.push({ source: `nab:${s.category}/${s.name}`, shape: [series.values.length, 1], ...counts(series.labels) })
      }
      break
    case 'smd':
      for (const machine of listSmdMachines({ dataDir })) {
        const m = await loadSmdMachine({ dataDir, machine })
        entry.sources.push({ source: `smd:${machine}`, shape: m.test.shape, ...counts(m.testLabels) })
      }
      break
  }
  return entry
}

import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { Command } from '@commander-js/extra-typings'
import { info, printJson } from '../output'

/** The repository's bench package, found by walking up from the working directory. */
function findBench(): string | null {
  let dir = resolve(process.cwd())
  for (;;) {
    const candidate = join(dir, 'bench', 'src', 'run.ts')
    if (existsSync(candidate)) return join(dir, 'bench')
    const parent = dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

export function benchCommand() {
  return new Command('bench')
    .description('How to run the benchmark suites: quality (ROC-AUC, AP, F1 over 3 seeds) and speed (samples/s, ratio to a plain tfjs loop), written to bench/results/*.json.')
    .option('--json', 'print one JSON object on stdout')
    .option('--verbose', 'print stack traces of errors')
    .addHelpText('after', `
Examples:
  $ aedetect bench          # prints the command and where results go
  $ pnpm bench              # from the repository root: runs the suites`)
    .action((opts) => {
      const bench = findBench()
      const output = { benchFolder: bench, command: 'pnpm bench', results: bench ? join(bench, 'results') : null }
      if (opts.json) return printJson(output)
      if (bench === null) {
        info('The benchmark suites live in the aedetect repository (bench/): clone it, run `pnpm install`, then `pnpm bench` from its root.')
        return
      }
      info(`Run the benchmark suites from the repository root with: pnpm bench`)
      info(`They write ${join(bench, 'results')}/*.json and print a table (ECG5000 over 3 seeds: ROC-AUC, AP, F1; training and scoring samples/s; ratio to a plain tfjs model.fit loop).`)
    })
}

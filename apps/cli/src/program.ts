import { Command } from '@commander-js/extra-typings'
import { benchCommand } from './commands/bench'
import { datasetsCommand } from './commands/datasets'
import { encodeCommand } from './commands/encode'
import { evaluateCommand } from './commands/evaluate'
import { explainCommand } from './commands/explain'
import { exportCommand } from './commands/export'
import { reconstructCommand } from './commands/reconstruct'
import { reportCommand } from './commands/report'
import { scoreCommand } from './commands/score'
import { trainCommand } from './commands/train'
import { escapeControlLines } from './output'

/** The `aedetect` program with every command. */
/** The exit codes, as `--help` prints them (the scheme of exit-codes.ts; the README's catalogue lists the cases). */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  unexpected error (a bug: rerun with --verbose and report it)
  2  usage error: unknown command or option, bad option value, conflicting options, an output path that would destroy data
  3  data error: missing, malformed or mismatched input, unreadable or unwritable file (the message names file, line and column)
  4  model error: missing, foreign, corrupted or incompatible detector folder; backend unavailable`

/** The `aedetect` program with every command. */
export function createProgram(): Command {
  const program = new Command('aedetect')
    .description('Anomaly detection with autoencoders: train on normal data, flag what reconstructs badly.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(trainCommand() as unknown as Command)
    .addCommand(scoreCommand())
    .addCommand(encodeCommand())
    .addCommand(reconstructCommand())
    .addCommand(evaluateCommand() as unknown as Command)
    .addCommand(explainCommand() as unknown as Command)
    .addCommand(reportCommand() as unknown as Command)
    .addCommand(exportCommand() as unknown as Command)
    .addCommand(datasetsCommand() as unknown as Command)
    .addCommand(benchCommand() as unknown as Command)
    .addHelpText('after', EXIT_CODES_HELP)
  // A hostile option name (ESC, NUL) must not reach the terminal raw through commander's own messages.
  const output = { writeErr: (text: string) => process.stderr.write(escapeControlLines(text)) }
  program.configureOutput(output)
  for (const command of program.commands) command.configureOutput(output).addHelpText('after', EXIT_CODES_HELP)
  return program
}

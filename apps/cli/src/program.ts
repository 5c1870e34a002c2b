import { Command } from '@commander-js/extra-typings'
import { benchCommand } from './commands/bench'
import { datasetsCommand } from './commands/datasets'
import { evaluateCommand } from './commands/evaluate'
import { explainCommand } from './commands/explain'
import { reportCommand } from './commands/report'
import { scoreCommand } from './commands/score'
import { trainCommand } from './commands/train'

/** The `aedetect` program with every command. */
export function createProgram(): Command {
  return new Command('aedetect')
    .description('Anomaly detection with autoencoders: train on normal data, flag what reconstructs badly.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(trainCommand() as unknown as Command)
    .addCommand(scoreCommand())
    .addCommand(evaluateCommand() as unknown as Command)
    .addCommand(explainCommand() as unknown as Command)
    .addCommand(reportCommand() as unknown as Command)
    .addCommand(datasetsCommand() as unknown as Command)
    .addCommand(benchCommand() as unknown as Command)
}

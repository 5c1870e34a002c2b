import { Command } from '@commander-js/extra-typings'
import { scoreCommand } from './commands/score'
import { trainCommand } from './commands/train'

/** The `aedetect` program with every command. */
export function createProgram(): Command {
  return new Command('aedetect')
    .description('Anomaly detection with autoencoders: train on normal data, flag what reconstructs badly.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(trainCommand())
    .addCommand(scoreCommand())
}

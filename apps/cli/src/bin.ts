import { isAedetectError } from '@aedetect/core'
import { CommanderError } from '@commander-js/extra-typings'
import { EXIT, exitCodeFor, isModelError } from './exit-codes'
import { expandConfig } from './config-file'
import { createProgram } from './program'
import { cliHints } from './cli-hints'
import { escapeControl } from './output'

async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose')
  const program = createProgram().exitOverride()
  for (const command of program.commands) command.exitOverride()
  try {
    await program.parseAsync(await expandConfig(argv, program))
    return EXIT.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message; --help and --version end here with code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    if (isAedetectError(error)) {
      process.stderr.write(`aedetect: ${escapeControl(cliHints(error.message))}\n`)
      if (verbose && error.stack) process.stderr.write(`${error.stack}\n`)
      const context = isModelError(error) ? 'model' : 'data'
      return exitCodeFor(error.code, context)
    }
    process.stderr.write(`aedetect: unexpected error: ${escapeControl((error as Error)?.message ?? String(error))}${verbose ? '' : ' (rerun with --verbose for the stack trace)'}\n`)
    if (verbose && (error as Error)?.stack) process.stderr.write(`${(error as Error).stack}\n`)
    return EXIT.internal
  }
}

// A reader that closes the pipe early (`aedetect train --help | head`) is not an error of ours: stop quietly,
// as a Unix filter does, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

main(process.argv).then((code) => {
  process.exitCode = code
})

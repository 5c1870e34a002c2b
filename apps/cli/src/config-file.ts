import { readFile } from 'node:fs/promises'
import { AedetectError } from '@aedetect/core'
import type { Command } from '@commander-js/extra-typings'
import { jsonSyntaxError } from './json-file'

/**
 * Expands `--config FILE.json` into flags: each key is a long option name of the command (`"data-dir"`
 * or `"dataDir"`), each value its argument (`true` for a flag; `false` leaves it off; a list such as
 * `"units": [64, 32, 16]` is the flag's comma-separated form). The config's flags
 * go before the command line's, so a flag given on the command line wins.
 * Throws `E_OPTION` (usage) for an unknown key or a value of the wrong type, `E_NOT_FOUND` and
 * `E_PARSE` (line and column) for an unreadable file.
 */
export async function expandConfig(argv: string[], program: Command): Promise<string[]> {
  const at = argv.findIndex((a) => a === '--config' || a.startsWith('--config='))
  if (at < 0) return argv
  const file = argv[at].startsWith('--config=') ? argv[at].slice('--config='.length) : argv[at + 1]
  if (file === undefined || file.startsWith('-')) return argv
  const commandAt = argv.findIndex((a, i) => i >= 2 && !a.startsWith('-'))
  const command = program.commands.find((c) => c.name() === argv[commandAt])
  if (!command) return argv
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new AedetectError('E_NOT_FOUND', `--config ${file}: cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Pass a JSON file whose keys are long option names, e.g. { "epochs": 50 }.`, { cause })
  }
  let config: unknown
  try {
    config = JSON.parse(text)
  } catch (cause) {
    throw jsonSyntaxError(file, text, cause, 'Keys are long option names, e.g. { "epochs": 50 }.')
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new AedetectError('E_OPTION', `--config ${file}: the file holds ${Array.isArray(config) ? 'an array' : typeof config}; expected a JSON object whose keys are long option names, e.g. { "epochs": 50 }.`)
  }
  const options = command.options.filter((o) => o.long !== undefined && o.long !== '--config' && o.long !== '--help')
  const flags: string[] = []
  for (const [key, value] of Object.entries(config)) {
    const long = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    const option = options.find((o) => o.long === long)
    if (!option) {
      throw new AedetectError('E_OPTION', `--config ${file}: unknown key '${key}' for 'aedetect ${command.name()}'; expected one of ${options.filter((o) => !o.hidden).map((o) => (o.long as string).slice(2)).join(', ')}.`)
    }
    const takesValue = option.required || option.optional
    if (!takesValue) {
      if (typeof value !== 'boolean') throw new AedetectError('E_OPTION', `--config ${file}: key '${key}' is a flag; expected true or false, got ${JSON.stringify(value)}.`)
      if (value) flags.push(long)
      continue
    }
    // A list (`"units": [64, 32, 16]`) is the flag's comma-separated form.
    const listed = Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' || typeof v === 'string') ? value.join(',') : value
    if (typeof listed !== 'string' && typeof listed !== 'number') {
      throw new AedetectError('E_OPTION', `--config ${file}: key '${key}' takes a value; expected a string, a number or a list of them, got ${JSON.stringify(value)}.`)
    }
    // Checked here, with the option's own parser, so the message names the config file and the key.
    const parse = (option as { parseArg?: (value: string, previous: unknown) => unknown }).parseArg
    const choices = (option as { argChoices?: string[] }).argChoices
    if (choices !== undefined && !choices.includes(String(listed))) {
      throw new AedetectError('E_OPTION', `--config ${file}: key '${key}' is ${JSON.stringify(value)}; expected one of ${choices.join(', ')}.`)
    }
    if (parse !== undefined && choices === undefined) {
      try {
        parse(String(listed), undefined)
      } catch (cause) {
        throw new AedetectError('E_OPTION', `--config ${file}: key '${key}' is ${JSON.stringify(value)}; ${(cause as Error).message}`, { cause })
      }
    }
    flags.push(long, String(listed))
  }
  return [...argv.slice(0, commandAt + 1), ...flags, ...argv.slice(commandAt + 1)]
}

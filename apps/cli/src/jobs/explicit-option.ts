import type { Command } from '@commander-js/extra-typings'

/**
 * An option's value only when the user gave it (command line or --config, which expands into flags); undefined
 * when commander filled in its declared default, so the experiment applies the data kind's own default.
 */
export function explicitOption<T>(command: Pick<Command, 'getOptionValueSource'>, name: string, value: T | undefined): T | undefined {
  return command.getOptionValueSource(name) === 'default' ? undefined : value
}

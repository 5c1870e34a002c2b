import { AedetectError } from '@aedetect/core'

/**
 * An `E_PARSE` error for a JSON syntax error in `file`, naming its line and column (1-based, as an editor
 * shows them) computed from the position in the parser's message.
 */
export function jsonSyntaxError(file: string, text: string, cause: unknown, fix: string): AedetectError {
  const message = (cause as Error).message
  const position = /position (\d+)/.exec(message)
  let place = ''
  if (position) {
    const offset = Number(position[1])
    const before = text.slice(0, offset)
    const line = before.split('\n').length
    const column = offset - before.lastIndexOf('\n')
    place = ` line ${line}, column ${column}:`
  }
  const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected token/, 'unexpected token')
  return new AedetectError('E_PARSE', `${file}:${place} invalid JSON (${reason}). ${fix}`, { cause })
}

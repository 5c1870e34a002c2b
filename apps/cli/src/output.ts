/** Prints machine output: one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Human messages and progress go to stderr so stdout stays clean for data. */
export function info(text: string): void {
  process.stderr.write(`${text}\n`)
}

/** Prints machine output: one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** The human report of a command (what `--json` would print as data): stdout, so `aedetect evaluate … > report.txt` works. */
export function say(text: string): void {
  process.stdout.write(`${text}\n`)
}

/** Progress and diagnostics go to stderr so stdout stays clean for data and reports. */
export function info(text: string): void {
  process.stderr.write(`${text}\n`)
}

// C0 and C1 control characters (ESC, NUL, BEL, CR, …) but not the tab; a newline in a message is escaped too,
// so an error stays one line and a hostile header cannot move the cursor or recolour the terminal.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g

/** Escapes control characters as `\xNN` (`\x1b[31m` stays visible instead of turning the terminal red). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** {@link escapeControl} for multi-line text (commander's usage errors): newlines stay. */
export function escapeControlLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n')
}

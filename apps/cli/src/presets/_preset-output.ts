import pc from 'picocolors'
import { printJson, say } from '../output'
import type { PresetContext } from './preset-context'

/** Ends a preset: the JSON object with `--json`, else a bold title and the figure lines. */
export function finishPreset(context: PresetContext, output: Record<string, unknown>, title: string, lines: string[]): void {
  if (context.json) return printJson(output)
  say('')
  say(pc.bold(title))
  for (const line of lines) say(`  ${line}`)
}

/** A figure with four decimals. */
export function fmt(value: number): string {
  return value.toFixed(4)
}

/** Seconds with one decimal, from milliseconds. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** The budget line: the recipe's epochs, or what `--epochs` / `--limit` changed. */
export function budgetNote(context: PresetContext, recipeEpochs: number): string | undefined {
  const parts: string[] = []
  if (context.epochs !== undefined && context.epochs !== recipeEpochs) parts.push(`${context.epochs} epochs instead of the recipe's ${recipeEpochs}`)
  if (context.limit !== undefined) parts.push(`at most ${context.limit} training and test samples`)
  return parts.length === 0 ? undefined : `shortened run: ${parts.join(', ')} (the README's figures are for the full recipe)`
}

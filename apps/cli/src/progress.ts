import type { EpochProgress } from '@aedetect/models'
import pc from 'picocolors'

/** Where progress goes: a writable stream (stderr) and whether it is a terminal. */
export interface ProgressSink {
  write(text: string): void
  isTTY: boolean
}

/**
 * An epoch progress bar on one `\r`-rewritten line. It draws only on a terminal: piped or redirected output
 * (and `--json` consumers) get no progress noise.
 */
export function createEpochProgress(sink: ProgressSink, label: string): { onEpochEnd(p: EpochProgress): void; done(): void } {
  let drawn = false
  return {
    onEpochEnd(p) {
      if (!sink.isTTY) return
      const width = 24
      const filled = Math.round((p.epoch / p.epochs) * width)
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
      const val = p.valLoss === undefined ? '' : ` val ${p.valLoss.toFixed(5)}`
      const eta = p.etaMs > 0 ? ` eta ${(p.etaMs / 1000).toFixed(1)}s` : ''
      sink.write(`\r${pc.cyan(label)} ${bar} ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(5)}${val} ${Math.round(p.samplesPerSecond)} samples/s${eta}\x1b[K`)
      drawn = true
    },
    done() {
      if (drawn) sink.write('\n')
    },
  }
}

/** A rows-scored counter on one `\r`-rewritten line (rows and rows/s), drawn only on a terminal. */
export function createRowProgress(sink: ProgressSink, label: string): { update(rows: number): void; done(): void } {
  const start = performance.now()
  let drawn = false
  return {
    update(rows) {
      if (!sink.isTTY) return
      const seconds = (performance.now() - start) / 1000
      sink.write(`\r${pc.cyan(label)} ${rows} rows ${seconds > 0 ? Math.round(rows / seconds) : 0} rows/s\x1b[K`)
      drawn = true
    },
    done() {
      if (drawn) sink.write('\n')
      drawn = false
    },
  }
}

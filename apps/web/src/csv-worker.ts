// Parses a CSV off the page's thread: a large file does not freeze the page, and an error comes back as a message.
import { parseLabelledCsv, type CsvChoice } from './load-data'
import type { LabelledData } from './run-demo'

/** What the page sends the CSV worker. */
export interface CsvRequest {
  bytes: ArrayBuffer
  fileName: string
  choice: CsvChoice
}

/** What the CSV worker answers. */
export type CsvReply = { ok: true; data: LabelledData } | { ok: false; code: string | null; message: string }

const scope = self as unknown as { onmessage: ((event: MessageEvent<CsvRequest>) => void) | null; postMessage: (message: CsvReply, transfer?: Transferable[]) => void }

scope.onmessage = (event) => {
  const { bytes, fileName, choice } = event.data
  try {
    const data = parseLabelledCsv(new Uint8Array(bytes), fileName, choice)
    scope.postMessage({ ok: true, data }, [data.x.data.buffer as ArrayBuffer])
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : null
    scope.postMessage({ ok: false, code, message: error instanceof Error ? error.message : String(error) })
  }
}

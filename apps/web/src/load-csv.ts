import type { CsvChoice } from './load-data'
import type { CsvReply, CsvRequest } from './csv-worker'
import type { LabelledData } from './run-demo'

/**
 * Reads a CSV file chosen or dropped in the page and parses it in a worker (`csv-worker.ts`), one worker per file.
 * Rejects with the parser's error (its `code` kept: `E_RAGGED` names the 1-based line).
 */
export async function loadCsv(file: File, choice: CsvChoice): Promise<LabelledData> {
  const bytes = await file.arrayBuffer()
  const worker = new Worker(new URL('./csv-worker.ts', import.meta.url), { type: 'module' })
  try {
    const reply = await new Promise<CsvReply>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<CsvReply>) => resolve(event.data)
      worker.onerror = (event) => reject(new Error(`The CSV worker failed on ${file.name}: ${event.message || 'it could not be started'}.`))
      worker.postMessage({ bytes, fileName: file.name, choice } satisfies CsvRequest, [bytes])
    })
    if (reply.ok) return reply.data
    throw Object.assign(new Error(reply.message), reply.code === null ? {} : { code: reply.code })
  } finally {
    worker.terminate()
  }
}

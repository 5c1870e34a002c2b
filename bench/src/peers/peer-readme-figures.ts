// The figures table of ../shared/peers/README.md ("Figures measured on this kind of machine"): the fallback
// for PyTorch when python3-torch cannot be imported here, and the published tfjs figures for context.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** One row of the table, by its case label ('dense, batch 64', 'inference, batch 8192', …). */
export interface PeerReadmeRow {
  tfjsCpu: number
  tfjsWasm: number
  pytorch: number
}

// '10,210' → 10210; 'no kernel (…)' → NaN.
function figure(cell: string): number {
  return /^[\d,.]+$/.test(cell) ? Number(cell.replace(/,/g, '')) : Number.NaN
}

/** Parses the README's table; an empty map when the file is missing. */
export async function peerReadmeFigures(peersDir: string): Promise<Map<string, PeerReadmeRow>> {
  const text = await readFile(join(peersDir, 'README.md'), 'utf8').catch(() => '')
  const rows = new Map<string, PeerReadmeRow>()
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    // | case | tfjs cpu | tfjs wasm | PyTorch, 1 thread | wasm / PyTorch |
    if (cells.length < 6 || !Number.isFinite(figure(cells[4]))) continue
    rows.set(cells[1], { tfjsCpu: figure(cells[2]), tfjsWasm: figure(cells[3]), pytorch: figure(cells[4]) })
  }
  return rows
}

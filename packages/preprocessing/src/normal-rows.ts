import { splitLabels } from './_split-helpers'

/**
 * The rows whose label is 0 (normal), ascending: the rows an autoencoder trains on under the novelty protocol.
 * Throws `E_EMPTY` for no labels, `E_LABELS` naming the first label other than 0/1.
 */
export function normalRows(labels: ArrayLike<number>): Uint32Array {
  const y = splitLabels(labels, 'normalRows()')
  let count = 0
  for (let i = 0; i < y.length; i++) if (y[i] === 0) count++
  const rows = new Uint32Array(count)
  let j = 0
  for (let i = 0; i < y.length; i++) if (y[i] === 0) rows[j++] = i
  return rows
}

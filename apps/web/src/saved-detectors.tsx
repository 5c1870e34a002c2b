import type { SavedDetectorInfo } from '@aedetect/detector'

/** Props of {@link SavedDetectors}. */
export interface SavedDetectorsProps {
  /** The detectors in this browser's IndexedDB, in key order; `null` while not yet listed. */
  saved: SavedDetectorInfo[] | null
  /** True while a job runs: every button is disabled. */
  busy: boolean
  onLoad: (key: string) => void
  onDelete: (key: string) => void
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The list of detectors kept in this browser (IndexedDB), each with load and delete. */
export function SavedDetectors({ saved, busy, onLoad, onDelete }: SavedDetectorsProps) {
  if (saved === null) return null
  if (saved.length === 0) return <p class="muted" data-testid="saved-detectors">No detector kept in this browser yet.</p>
  return (
    <table data-testid="saved-detectors">
      <caption>Kept in this browser</caption>
      <thead><tr><th>name</th><th>saved</th><th>model</th><th>size</th><th /></tr></thead>
      <tbody>
        {saved.map((d) => (
          <tr key={d.key} data-testid={`saved-${d.key}`}>
            <td>{d.key}</td>
            <td>{new Date(d.savedAt).toLocaleString()}</td>
            <td>{d.architecture} [{d.sampleShape.join(' × ')}], {d.backend}</td>
            <td>{size(d.byteLength)}</td>
            <td>
              <button type="button" disabled={busy} onClick={() => onLoad(d.key)}>load</button>{' '}
              <button type="button" disabled={busy} onClick={() => onDelete(d.key)}>delete</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

// What the web demo ships (issue 20): the JavaScript and the wasm of a production build of apps/web, raw and
// gzip -6 (as a server would send them). The `web` suite measures a fresh build; the quick profile gates the build
// `pnpm build` made (apps/web/dist), so a page that grows by more than the size tolerance fails CI.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

/** The built page of apps/web that `pnpm build` writes. */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'web', 'dist')

/** Bytes of the files of one kind a build ships. */
export interface ShippedSize {
  bytes: number
  gzip: number
  files: number
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** The files under `dist` whose name ends with `ext` (e.g. '.js', '.wasm'), raw and gzipped. */
export function shippedSize(dist: string, ext: string): ShippedSize {
  const files = filesUnder(dist).filter((f) => f.endsWith(ext))
  let bytes = 0
  let gzip = 0
  for (const f of files) {
    const content = readFileSync(f)
    bytes += content.length
    gzip += gzipSync(content, { level: 6 }).length
  }
  return { bytes, gzip, files: files.length }
}

/** The JS and wasm of apps/web/dist; throws naming `pnpm build` when the page was not built. */
export function builtWebSizes(): { js: ShippedSize; wasm: ShippedSize } {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error(`bench --quick: ${WEB_DIST} has no built page; run \`pnpm build\` first (it builds apps/web).`)
  return { js: shippedSize(WEB_DIST, '.js'), wasm: shippedSize(WEB_DIST, '.wasm') }
}

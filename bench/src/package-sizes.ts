// What a consumer of one package pays: the packed tarball (what `npm install` downloads) and the main entry
// bundled for the browser, minified and gzipped, with the package's own dependencies inlined and the
// @tensorflow/* peers left out (an app brings one engine for all packages). Sizes are deterministic for a
// commit, so the quick profile gates them with a relative margin.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages')

/** The six published packages, in dependency order. */
export const PACKAGES = ['core', 'preprocessing', 'metrics', 'datasets', 'models', 'detector', 'charts', 'evaluation', 'tfjs-kernels'] as const

/** Sizes of one package, in bytes. */
export interface PackageSize {
  name: string
  tarballBytes: number
  /** The browser main entry (`dist/index.js`), bundled, minified, gzipped; peers external. */
  bundleGzipBytes: number
}

/** Packs each package (`pnpm pack`) and bundles its browser entry with esbuild. */
export async function measurePackageSizes(): Promise<PackageSize[]> {
  const work = mkdtempSync(join(tmpdir(), 'aedetect-sizes-'))
  try {
    const sizes: PackageSize[] = []
    for (const name of PACKAGES) {
      const dir = join(packagesDir, name)
      const dest = join(work, name)
      execFileSync('pnpm', ['pack', '--pack-destination', dest], { cwd: dir, stdio: 'ignore' })
      const tarball = readdirSync(dest).find((f) => f.endsWith('.tgz'))
      if (tarball === undefined) throw new Error(`bench: pnpm pack wrote no tarball for @aedetect/${name}`)
      const bundled = await build({
        entryPoints: [join(dir, 'dist', 'index.js')],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        external: ['@tensorflow/*'],
        logLevel: 'silent',
      })
      sizes.push({ name: `@aedetect/${name}`, tarballBytes: statSync(join(dest, tarball)).size, bundleGzipBytes: gzipSync(bundled.outputFiles[0].contents, { level: 9 }).length })
    }
    return sizes
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

// The web demo (issue 20), in headless Debian Chromium against `vite preview` of a fresh production build of
// apps/web: the gzip size of the JavaScript and the wasm it ships (gzip -6, as a server would send them), the time
// to first paint and first contentful paint of the page on localhost (median of 5 fresh loads), the page's ECG5000
// training with its defaults (20 epochs, seed 42, wasm in the Web Worker: click → report shown, and the worker's
// own fit time), and the longest gap between two animation frames during that training, beside the idle page's
// longest gap over the second before (the machine's own jitter). Knobs: AEDETECT_CHROMIUM_PATH
// (default /usr/bin/chromium), AEDETECT_WEB_EPOCHS (default 20, the page's).
// vite and playwright-core are the root workspace's dev dependencies (apps/web's browser tests use the same).
import { mkdtempSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { build, preview } from 'vite'
import type { BenchRow, BenchSuite } from '../harness'
import { shippedSize } from '../web-sizes'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const appRoot = join(repoRoot, 'apps', 'web')
const CHROMIUM = process.env.AEDETECT_CHROMIUM_PATH ?? '/usr/bin/chromium'
const EPOCHS = Number(process.env.AEDETECT_WEB_EPOCHS ?? 20)
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const LOADS = 5


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function paints(page: Page, url: string): Promise<{ firstPaint: number; firstContentfulPaint: number }> {
  await page.goto(url, { waitUntil: 'load' })
  // Paint entries come after load on a busy machine: wait for both.
  await page.waitForFunction(`performance.getEntriesByType('paint').length >= 2`, undefined, { timeout: 30_000 })
  // Scripts run in the page as text: tsx (esbuild, keepNames) would wrap a function's inner functions in a
  // __name helper the page does not have.
  const [firstPaint, firstContentfulPaint] = await page.evaluate<[number, number]>(`['first-paint', 'first-contentful-paint'].map((name) => performance.getEntriesByType('paint').find((e) => e.name === name)?.startTime ?? NaN)`)
  return { firstPaint, firstContentfulPaint }
}

async function train(page: Page, url: string): Promise<{ clickToReportMs: number; fitMs: number; longestGapMs: number; reportGapMs: number; idleGapMs: number; rocAuc: number }> {
  await page.goto(`${url}?epochs=${EPOCHS}&seed=42`)
  await page.waitForFunction(`document.querySelector('[data-testid="data"]')?.textContent?.includes('ECG5000') === true`, undefined, { timeout: 60_000 })
  // Frame times, and the time of each progress line of a finished epoch ('epoch k/N · …').
  await page.evaluate(`window.frames_ = []; (function tick(t) { window.frames_.push(t); requestAnimationFrame(tick) })(performance.now());
    window.epochsAt_ = []; const progress = document.querySelector('[data-testid="progress"]');
    new MutationObserver(() => /^epoch [1-9]/.test(progress.textContent ?? '') && window.epochsAt_.push(performance.now())).observe(progress, { childList: true, characterData: true, subtree: true })`)
  await page.waitForTimeout(1000)
  const clickedAt = await page.evaluate<number>('performance.now()')
  await page.getByRole('button', { name: 'train', exact: true }).click()
  await page.getByTestId('report').waitFor({ timeout: 300_000 })
  const shownAt = await page.evaluate<number>('performance.now()')
  const frames = await page.evaluate<number[]>('window.frames_')
  const epochsAt = await page.evaluate<number[]>('window.epochsAt_')
  const lastEpochAt = epochsAt.length > 0 ? epochsAt[epochsAt.length - 1] : shownAt
  const gap = (list: number[]): number => Math.max(0, ...list.slice(1).map((t, i) => t - list[i]))
  const fitText = (await page.getByTestId('fit-time').count()) > 0 ? await page.getByTestId('fit-time').getAttribute('title') : null
  return {
    clickToReportMs: shownAt - clickedAt,
    fitMs: fitText === null ? Number.NaN : Number(/^(\d+) ms$/.exec(fitText)?.[1] ?? Number.NaN),
    longestGapMs: gap(frames.filter((t) => t >= clickedAt && t <= lastEpochAt)),
    reportGapMs: gap(frames.filter((t) => t >= lastEpochAt && t <= shownAt + 100)),
    idleGapMs: gap(frames.filter((t) => t >= clickedAt - 1000 && t < clickedAt)),
    rocAuc: Number(await page.getByTestId('roc-auc').textContent()),
  }
}

const suite: BenchSuite = {
  name: 'web',
  description: `The web demo in headless Chromium against vite preview of a fresh build: gzip -6 size of the JS and wasm shipped, first (contentful) paint on localhost (median of ${LOADS} loads), ECG5000 with the page's defaults (${EPOCHS} epochs, seed 42, wasm in the worker) from the click on train to the report, and the longest frame gap during that training.`,
  async run(): Promise<BenchRow[]> {
    const scratch = mkdtempSync(join(appRoot, '.test-scratch-bench-'))
    const dist = join(scratch, 'dist')
    const config = join(appRoot, 'vite.config.ts')
    try {
      await build({ root: appRoot, configFile: config, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } })
      const js = shippedSize(dist, '.js')
      const wasm = shippedSize(dist, '.wasm')
      const server = await preview({ root: appRoot, configFile: config, logLevel: 'warn', build: { outDir: dist }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } })
      const address = server.httpServer.address()
      if (address === null || typeof address === 'string') throw new Error(`vite preview gave no TCP address: ${String(address)}`)
      const url = `http://127.0.0.1:${address.port}/`
      const context = await chromium.launchPersistentContext(join(scratch, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 } })
      try {
        const loads: Array<{ firstPaint: number; firstContentfulPaint: number }> = []
        for (let i = 0; i < LOADS; i++) {
          // A fresh page each time; the HTTP cache is the browser's (a returning visitor after the first load).
          const page = await context.newPage()
          loads.push(await paints(page, url))
          await page.close()
        }
        const page = await context.newPage()
        const run = await train(page, url)
        await page.close()
        return [
          { name: 'JavaScript shipped, gzip', value: js.gzip / 1024, unit: 'kB', note: `${js.files} files, ${(js.bytes / 1024).toFixed(1)} kB raw (page, charts chunk, training and CSV workers)` },
          { name: 'wasm shipped, gzip', value: wasm.gzip / 1024, unit: 'kB', note: `${wasm.files} files, ${(wasm.bytes / 1024).toFixed(1)} kB raw (tfjs-backend-wasm: plain, SIMD, threaded SIMD; one is fetched)` },
          { name: 'first paint, localhost', value: median(loads.map((l) => l.firstPaint)), unit: 'ms', note: `median of ${LOADS}: ${loads.map((l) => l.firstPaint.toFixed(0)).join(', ')}` },
          { name: 'first contentful paint, localhost', value: median(loads.map((l) => l.firstContentfulPaint)), unit: 'ms', note: `median of ${LOADS}: ${loads.map((l) => l.firstContentfulPaint.toFixed(0)).join(', ')}` },
          { name: `ECG5000 training, click to report (${EPOCHS} epochs, wasm worker)`, value: run.clickToReportMs, unit: 'ms', note: Number.isNaN(run.fitMs) ? `ROC-AUC ${run.rocAuc}` : `of which the fit ${run.fitMs.toFixed(0)} ms; ROC-AUC ${run.rocAuc}` },
          { name: 'longest frame gap while the report is drawn', value: run.reportGapMs, unit: 'ms', note: 'from the last epoch line to the report: evaluation in the worker, then six charts and the tables drawn on the main thread' },
          { name: 'longest frame gap during training', value: run.longestGapMs, unit: 'ms', reference: run.idleGapMs, ratio: run.longestGapMs / run.idleGapMs, target: '< 100 ms (issue 20)', met: run.longestGapMs < 100, note: `from the click to the last epoch's progress line; reference: the idle page's longest gap over the second before the click (${run.idleGapMs.toFixed(0)} ms)` },
        ]
      } finally {
        await context.close()
        await server.close()
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  },
}

export default suite

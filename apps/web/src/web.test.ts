// End-to-end test of the demo: build it, serve dist with `vite preview`, drive Debian Chromium with
// playwright-core, train on ECG5000 on the wasm backend and read the report from the page.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ecgTutorialFromUcr } from '@aedetect/datasets'
import { loadEcg5000 } from '@aedetect/datasets/node'
import { CHROMIUM_PATH, describeWith } from '@aedetect/test-data'

const appRoot = fileURLToPath(new URL('..', import.meta.url))
const cliBin = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url))
const run = promisify(execFile)
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

let server: PreviewServer
let context: BrowserContext
let page: Page
let url: string
let scratch: string
const pageErrors: string[] = []

async function text(testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? ''
}

async function confusion(): Promise<{ tn: number; fp: number; fn: number; tp: number }> {
  return { tn: Number(await text('tn')), fp: Number(await text('fp')), fn: Number(await text('fn')), tp: Number(await text('tp')) }
}

/** The full-precision scores of the explained (highest-scoring flagged) test beats, from the cells' titles. */
async function explainedScores(): Promise<string[]> {
  return page.getByTestId('explanation-score').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title') ?? ''))
}

async function waitForReport(): Promise<void> {
  await page.getByTestId('report').waitFor({ timeout: 60_000 })
}

describeWith(['chromium'], 'the demo page', () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'aedetect-web-'))
    await build({ root: appRoot, configFile: join(appRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(scratch, 'dist'), emptyOutDir: true } })
    server = await preview({ root: appRoot, configFile: join(appRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(scratch, 'dist') }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } })
    const address = server.httpServer.address()
    if (address === null || typeof address === 'string') throw new Error(`vite preview gave no TCP address: ${String(address)}`)
    url = `http://127.0.0.1:${address.port}/`
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, acceptDownloads: true, viewport: { width: 1100, height: 900 } })
    page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    // 5 epochs keep the test short; the page's default is 20.
    await page.goto(`${url}?epochs=5&seed=42`)
  })

  afterAll(async () => {
    await context?.close()
    await server?.close()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  let rocAuc: number
  let averagePrecision: string
  let matrix: { tn: number; fp: number; fn: number; tp: number }
  let scores: string[]

  it('trains the dense detector on ECG5000 on the wasm backend and shows the report', async () => {
    // The bundled data: 2,919 normal and 2,081 anomalous beats (UCR class ≠ 1), checksums verified by fetchEcg5000.
    await expect.poll(() => text('data'), { timeout: 30_000 }).toContain('ECG5000')
    expect(await text('data')).toBe('ECG5000 (bundled, 5,000 beats × 140 steps): 2081 anomalies')
    // A requestAnimationFrame counter and the time of every change of the progress line: training runs in a worker,
    // so the page keeps drawing (issue 20 measured one 1,267 ms gap at 20 epochs with training on the main thread).
    await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; epochsAt: number[] }
      w.frames = []
      w.epochsAt = []
      const tick = (t: number): void => {
        w.frames.push(t)
        requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
      const progress = document.querySelector('[data-testid="progress"]')!
      new MutationObserver(() => progress.textContent?.startsWith('epoch ') && progress.textContent !== 'epoch 0/5' && w.epochsAt.push(performance.now())).observe(progress, { childList: true, characterData: true, subtree: true })
    })
    // The idle page's own longest gap over one second: on a loaded machine (2 cores, load average 10 here) the
    // compositor itself misses frames, and a bound of 100 ms would measure the machine, not the page.
    await page.waitForTimeout(1000)
    const clickedAt = await page.evaluate(() => performance.now())
    await page.getByRole('button', { name: 'train', exact: true }).click()
    // The loss curves grow while training: the live chart shows both lines before the report.
    await expect.poll(() => page.locator('[data-chart="live-loss"] g[aria-label="line"] path').count(), { timeout: 60_000 }).toBe(2)
    await waitForReport()
    const { frames, epochsAt } = await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; epochsAt: number[] }
      return { frames: w.frames, epochsAt: w.epochsAt }
    })
    expect(epochsAt).toHaveLength(5)
    // From the click to the last epoch's progress line: the longest gap between two frames.
    const during = frames.filter((t) => t >= clickedAt && t <= epochsAt[4])
    expect(during.length).toBeGreaterThan(10)
    const gaps = during.slice(1).map((t, i) => t - during[i])
    const idle = frames.filter((t) => t >= clickedAt - 1000 && t < clickedAt)
    const idleMax = Math.max(...idle.slice(1).map((t, i) => t - idle[i]))
    // No gap over 100 ms while training (issue 20: 1,267 ms with training on the main thread); when the idle page
    // already missed 100 ms, only that the page never froze (under 250 ms).
    const bound = idleMax < 100 ? 100 : 250
    const long = gaps.flatMap((g, i) => (g >= bound ? [`${g.toFixed(0)} ms at ${(during[i] - clickedAt).toFixed(0)} ms after the click`] : []))
    expect(long, `idle page's longest gap ${idleMax.toFixed(0)} ms; epochs at ${epochsAt.map((t) => (t - clickedAt).toFixed(0)).join(', ')} ms`).toEqual([])
    expect(await text('backend-name')).toBe('wasm')
    // The progress line ends at the last epoch (early stopping's patience of 10 cannot stop 5 epochs).
    expect(await text('progress')).toMatch(/^epoch 5\/5 · loss \d\.\d{5}, validation loss \d\.\d{5} · \d+ samples\/s/)

    // ROC-AUC on the ECG5000 test split (@aedetect/evaluation's tabular defaults: 20 % test, stratified, 15 % of the
    // normal training rows validate), seed 42, 5 epochs on wasm in the worker: measured 0.985 (average precision
    // 0.965; tn 543, fp 41, fn 1, tp 415: the figures `aedetect train --epochs 5` prints for the same split). Floors
    // a margin below, for other machines' wasm rounding and tfjs versions; far above chance (0.5), and about the
    // PCA baseline on the same split (0.976), so a broken autoencoder or a wrong split cannot pass.
    rocAuc = Number(await text('roc-auc'))
    expect(rocAuc).toBeGreaterThan(0.97)
    averagePrecision = await text('average-precision')
    expect(Number(averagePrecision)).toBeGreaterThan(0.95)
    // The test split is ceil(0.2 · 5000) = 1000 beats; stratified, 584 of them normal.
    matrix = await confusion()
    expect(matrix.tn + matrix.fp + matrix.fn + matrix.tp).toBe(1000)
    expect(matrix.tn + matrix.fp).toBe(584)
    expect(Number(await text('flagged'))).toBe(matrix.tp + matrix.fp)
    // Precision / recall / F1 follow from the matrix (3 decimals on the page).
    const anomalyRow = (await page.getByTestId('metrics-anomaly').locator('td').allTextContents()).map(Number)
    expect(anomalyRow[0]).toBeCloseTo(matrix.tp / (matrix.tp + matrix.fp), 3)
    expect(anomalyRow[1]).toBeCloseTo(matrix.tp / (matrix.tp + matrix.fn), 3)
    expect(anomalyRow[3]).toBe(matrix.tp + matrix.fn)
    const normalRow = (await page.getByTestId('metrics-normal').locator('td').allTextContents()).map(Number)
    expect(normalRow[1]).toBeCloseTo(matrix.tn / (matrix.tn + matrix.fp), 3)
    expect(normalRow[3]).toBe(584)

    // Charts come from @aedetect/charts (the CLI report's code), drawn from the record: the ROC curve has one
    // point per curve point kept (≤ 200) after the chance line, the histogram 40 bins of each class, the loss
    // curves 5 epochs of training and validation loss, each sample chart its input and reconstruction.
    const rocPath = (await page.locator('[data-chart="roc"] g[aria-label="line"] path').nth(1).getAttribute('d')) ?? ''
    expect(rocPath.split(/[ML]/).filter(Boolean).length).toBeGreaterThan(20)
    expect(await page.locator('[data-chart="roc"] g[aria-label="dot"] circle').count()).toBe(1)
    expect(await page.locator('[data-chart="pr"] g[aria-label="dot"] circle').count()).toBe(1)
    expect(await page.locator('[data-chart="histogram"] g[aria-label="rect"] rect').count()).toBe(80)
    const lossPaths = await page.locator('[data-chart="loss"] g[aria-label="line"] path').evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').split('L').length))
    expect(lossPaths).toEqual([5, 5])
    expect(await page.locator('[data-chart="sample-anomalous"] g[aria-label="line"] path').count()).toBe(2)
    // Ticks are round: evenly spaced by 1, 2 or 5 × 10^k, never '4.4e-4' or '0.0466' (the log loss axis aside).
    const axes = await page.locator('[data-chart]:not([data-chart="loss"]) g[aria-label$="-axis tick label"]').evaluateAll((groups) => groups.map((g) => Array.from(g.querySelectorAll('text'), (t) => Number(t.textContent))))
    expect(axes.length).toBeGreaterThanOrEqual(10)
    for (const values of axes) {
      const step = values[1] - values[0]
      const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6))
      expect([1, 2, 2.5, 5]).toContain(mantissa)
      values.forEach((v, i) => expect(v).toBeCloseTo(values[0] + i * step, 9))
    }
    // After training, focus is on the report's heading, not the body.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Report on the test split')
    // Explanations: the 8 highest-scoring flagged beats, 5 time steps each.
    expect(await page.getByTestId('explanations').locator('tbody tr').count()).toBe(8)
    // Their full-precision scores (float32 values printed in full), highest first: what the reloads must reproduce.
    scores = await explainedScores()
    expect(scores).toHaveLength(8)
    for (const score of scores) expect(score).toMatch(/^0\.\d{6,}$/)
    expect(scores.map(Number)).toEqual(scores.map(Number).sort((a, b) => b - a))
    expect(await text('frequent-features')).toMatch(/^Most often among the top 5 of the \d+ samples flagged at the detector's threshold: t\d+ \(\d+\)/)

    const png = await page.screenshot({ fullPage: true, path: join(scratch, 'report.png') })
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    // IHDR width: the 1100-pixel viewport; a page with report and charts is tall and well over 60 kB.
    expect(png.readUInt32BE(16)).toBe(1100)
    expect(png.readUInt32BE(20)).toBeGreaterThan(1500)
    expect(png.length).toBeGreaterThan(60_000)
    expect(pageErrors).toEqual([])
  })

  it('moves the threshold by hand: the matrix, the figures and the operating points follow, the class totals stay', async () => {
    const range = page.getByTestId('threshold-range')
    await range.scrollIntoViewIfNeeded()
    const box = (await range.boundingBox())!
    const y = box.y + box.height / 2
    // Drag the thumb from 20 % to 80 % of the track (the track is the sorted test scores, so the threshold rises).
    const at = async (share: number) => {
      await page.mouse.move(box.x + box.width * share, y)
      return { ...(await confusion()), threshold: Number(await page.getByTestId('threshold-value').inputValue()) }
    }
    await page.mouse.move(box.x + box.width * 0.2, y)
    await page.mouse.down()
    const steps = [0.2, 0.4, 0.6, 0.8]
    const seen = []
    for (const share of steps) seen.push(await at(share))
    await page.mouse.up()
    for (const m of seen) {
      // Every test beat is counted once: the anomalies (tp + fn) and the normals (fp + tn) stay as they are.
      expect(m.tp + m.fn).toBe(matrix.tp + matrix.fn)
      expect(m.fp + m.tn).toBe(584)
    }
    for (let i = 1; i < seen.length; i++) {
      // A higher threshold flags fewer beats: tp and fp never rise, fn and tn never fall, and something moved.
      expect(seen[i].threshold).toBeGreaterThan(seen[i - 1].threshold)
      expect(seen[i].tp).toBeLessThanOrEqual(seen[i - 1].tp)
      expect(seen[i].fp).toBeLessThanOrEqual(seen[i - 1].fp)
      expect(seen[i].tp + seen[i].fp).toBeLessThan(seen[i - 1].tp + seen[i - 1].fp)
    }
    // At 80 % of the sorted scores, 200 test beats at most are flagged (ties aside: float32 scores rarely tie).
    expect(seen[3].tp + seen[3].fp).toBeLessThanOrEqual(201)
    expect(Number(await text('flagged'))).toBe(seen[3].tp + seen[3].fp)
    // The figures follow the matrix, and the operating point on the ROC curve sits at the new FPR / TPR.
    const anomalyRow = (await page.getByTestId('metrics-anomaly').locator('td').allTextContents()).map(Number)
    expect(anomalyRow[1]).toBeCloseTo(seen[3].tp / (seen[3].tp + seen[3].fn), 3)
    const normalRow = (await page.getByTestId('metrics-normal').locator('td').allTextContents()).map(Number)
    expect(normalRow[1]).toBeCloseTo(seen[3].tn / 584, 3)
    expect(await page.locator('[data-chart="roc"] g[aria-label="dot"] circle').count()).toBe(1)
    expect(await page.locator('[data-chart="roc"] svg').getAttribute('aria-description')).toContain(`true-positive rate ${(seen[3].tp / (seen[3].tp + seen[3].fn)).toFixed(3)}`)

    // The keyboard: the numeric input takes any value; the range input steps one beat at a time.
    await page.getByTestId('threshold-value').fill('1000')
    await page.getByTestId('threshold-value').press('Enter')
    await expect.poll(() => text('flagged')).toBe('0')
    expect(await confusion()).toEqual({ tn: 584, fp: 0, fn: matrix.tp + matrix.fn, tp: 0 })

    // The strategy table: every strategy of the evaluation, chosen without the test rows; apply moves the threshold there.
    const rows = page.getByTestId('strategies').locator('tbody tr')
    expect(await rows.count()).toBe(10)
    const max = page.locator('[data-testid="strategies"] tr[data-strategy="max"]')
    await max.getByRole('button').click()
    const flaggedAtMax = Number((await max.locator('td').allTextContents())[6])
    await expect.poll(() => text('flagged')).toBe(String(flaggedAtMax))
    // Back to the detector's own threshold: the report's matrix again.
    await page.getByRole('button', { name: "detector's threshold" }).click()
    expect(await confusion()).toEqual(matrix)
  })

  it('fits a 390-pixel-wide phone screen: nothing sticks out of the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    try {
      // Issue 20 measured a 405 px page at 390 px (cards and a table sticking out). Wide tables scroll in their box.
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth
        const out = Array.from(document.querySelectorAll('body *'))
          .filter((e) => e.closest('.scroll') === null || e.classList.contains('scroll'))
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && r.right > width + 0.5)
          .map(({ e, r }) => `${e.tagName.toLowerCase()}.${e.className} right ${r.right.toFixed(0)}`)
        return { scrollWidth: document.documentElement.scrollWidth, width, out }
      })
      expect(overflow).toEqual({ scrollWidth: 390, width: 390, out: [] })
      // The charts are redrawn at their column's width (so their 10 px text stays 10 px): the histogram's viewBox
      // is as wide as the box it is shown in, and the ROC curve stays square.
      const drawnAt = async (chart: string) => {
        const svg = page.locator(`[data-chart="${chart}"] svg`)
        const box = (await svg.boundingBox())!
        return { shown: Math.round(box.width), drawn: Number((await svg.getAttribute('viewBox'))!.split(' ')[2]), aspect: Number((box.height / box.width).toFixed(2)) }
      }
      await expect.poll(async () => (await drawnAt('histogram')).drawn, { timeout: 5_000 }).toBeLessThan(390)
      const histogram = await drawnAt('histogram')
      expect(Math.abs(histogram.shown - histogram.drawn)).toBeLessThanOrEqual(1)
      const roc = await drawnAt('roc')
      expect(roc.shown).toBeLessThanOrEqual(390)
      expect(roc.aspect).toBe(1)
      const png = await page.screenshot({ fullPage: true, path: join(scratch, 'report-390.png') })
      expect(png.readUInt32BE(16)).toBe(390)
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 })
    }
  })

  it('is never wider than a 1280-pixel viewport', async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    try {
      expect(await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }))).toEqual({ scrollWidth: 1280, width: 1280 })
      const png = await page.screenshot({ fullPage: true, path: join(scratch, 'report-1280.png') })
      expect(png.readUInt32BE(16)).toBe(1280)
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 })
    }
  })

  it('downloads the detector as one file and loads it back with the same report', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'download detector' }).click()])
    const saved = join(scratch, 'detector.json')
    await download.saveAs(saved)
    const record = JSON.parse(readFileSync(saved, 'utf8')) as { format: string; formatVersion: number; files: { 'weights.bin': { base64: string; byteLength: number } } }
    expect([record.format, record.formatVersion, Object.keys(record.files).sort()]).toEqual(['aedetect-detector-file', 1, ['detector.json', 'model.json', 'weights.bin']])
    // Dense 140-64-32-16-32-64-140 in float32: (140·64+64 + 64·32+32 + 32·16+16 + 16·32+32 + 32·64+64 + 64·140+140) = 23,388 weights · 4 bytes.
    expect(record.files['weights.bin'].byteLength).toBe(23_388 * 4)
    expect(Buffer.from(record.files['weights.bin'].base64, 'base64').length).toBe(23_388 * 4)

    await page.getByTestId('detector-file').setInputFiles(saved)
    await expect.poll(() => text('progress'), { timeout: 30_000 }).toBe('loaded detector.json (trained on wasm, seed 42)')
    await waitForReport()
    // Same weights, same backend, same test split (the detector's seed): identical scores, so identical figures.
    expect(Number(await text('roc-auc'))).toBe(rocAuc)
    expect(await confusion()).toEqual(matrix)
    expect(await explainedScores()).toEqual(scores)
  })

  it('keeps the detector in IndexedDB, and after a page reload loads it back with the same scores and report', async () => {
    await page.getByTestId('keep-key').fill('ecg-5-epochs')
    await page.getByRole('button', { name: 'keep in this browser' }).click()
    // 23,388 float32 weights (91 kB) plus model.json and detector.json.
    await expect.poll(() => text('progress'), { timeout: 10_000 }).toMatch(/^kept 'ecg-5-epochs' in this browser \(\d+ kB\)$/)
    expect(Number(/\((\d+) kB\)/.exec(await text('progress'))![1])).toBeGreaterThan(91)

    // A new page load: nothing in memory survives, only the profile's IndexedDB.
    await page.reload()
    await expect.poll(() => text('data'), { timeout: 30_000 }).toContain('ECG5000')
    const row = page.getByTestId('saved-ecg-5-epochs')
    await row.waitFor({ timeout: 10_000 })
    expect((await row.locator('td').allTextContents()).slice(2, 4)).toEqual(['dense [140], wasm', expect.stringMatching(/^\d+ kB$/)])
    await row.getByRole('button', { name: 'load' }).click()
    await expect.poll(() => text('progress'), { timeout: 30_000 }).toBe("loaded 'ecg-5-epochs' from this browser (trained on wasm, seed 42)")
    await waitForReport()
    // Same weights, same backend, same test split: the explained beats' scores are equal in full precision.
    expect(await explainedScores()).toEqual(scores)
    expect([Number(await text('roc-auc')), await text('average-precision')]).toEqual([rocAuc, averagePrecision])
    expect(await confusion()).toEqual(matrix)

    await row.getByRole('button', { name: 'delete' }).click()
    await expect.poll(() => text('saved-detectors'), { timeout: 10_000 }).toBe('No detector kept in this browser yet.')
    expect(pageErrors).toEqual([])
  })

  it('stops training within one epoch of the click on stop and keeps the best weights of the epochs reached, in the same fit', async () => {
    await page.getByTestId('epochs').fill('200')
    await page.getByRole('button', { name: 'train', exact: true }).click()
    await expect.poll(() => text('progress'), { timeout: 60_000 }).toMatch(/^epoch [2-9]\/200 /)
    // Read the epoch and click stop in one task of the page, so no epoch can finish in between.
    const clickedAfter = await page.evaluate(() => {
      const epoch = Number(/^epoch (\d+)\//.exec(document.querySelector('[data-testid="progress"]')?.textContent ?? '')?.[1])
      Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'stop')?.click()
      return epoch
    })
    expect(await text('progress')).toMatch(/^stopping at the end of the epoch under way…/)
    await waitForReport()
    // The worker handles stop at the end of the epoch under way (training yields between epochs), so at most that
    // one more epoch ends after it saw stop; the fit keeps the best finished epoch's weights (onAbort:
    // 'keepBest'), no second fit. The reference is the worker's own count (its stop-seen message): the page's
    // lags by the epoch messages in flight, which on a busy machine was two epochs (4 ended after the page
    // showed 2, in a clone tested beside a CI run).
    const kept = /^stopped after epoch (\d+)\/200; kept the weights of epoch (\d+), the best of those (\d+)$/.exec(await text('progress'))
    expect(kept, await text('progress')).not.toBeNull()
    const stoppedAfter = Number(kept![1])
    const seenAfter = Number(await page.getByTestId('progress').getAttribute('data-stop-seen-after'))
    expect(seenAfter).toBeGreaterThanOrEqual(clickedAfter)
    expect(stoppedAfter).toBeGreaterThanOrEqual(seenAfter)
    expect(stoppedAfter).toBeLessThanOrEqual(seenAfter + 1)
    expect(Number(kept![3])).toBe(stoppedAfter)
    expect(Number(kept![2])).toBeLessThanOrEqual(stoppedAfter)
    const lossPaths = await page.locator('[data-chart="loss"] g[aria-label="line"] path').evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').split('L').length))
    expect(lossPaths).toEqual([stoppedAfter, stoppedAfter])
    expect(Number(await text('roc-auc'))).toBeGreaterThan(0.9)
    await page.getByTestId('epochs').fill('5')
  })

  it.runIf(existsSync(cliBin))('opens the folder `aedetect train` wrote, and the file `aedetect export` wrote, and scores their test rows as `aedetect score` does (1e-6)', async () => {
    // The CLI writes into a fresh folder nested under this app (never near the system temporary folder).
    const cliScratch = mkdtempSync(join(appRoot, '.test-scratch-'))
    try {
      const modelDir = join(cliScratch, 'nested', 'model')
      await run(process.execPath, [cliBin, 'train', '--data', 'ecg5000', '--epochs', '5', '--out', modelDir, '--json'], { cwd: cliScratch, maxBuffer: 64 * 1024 * 1024 })
      expect(existsSync(join(modelDir, 'experiment.json'))).toBe(true)
      await page.getByTestId('folder-input').setInputFiles(modelDir)
      await expect.poll(() => text('progress'), { timeout: 60_000 }).toMatch(/^loaded folder model \(trained on \w+, seed 42, split from experiment\.json\)$/)
      await waitForReport()
      expect(await text('split')).toContain("the split recorded in the folder's experiment.json")
      const rows = (await page.getByTestId('explanation-row').allTextContents()).map(Number)
      const pageScores = (await explainedScores()).map(Number)
      expect(rows).toHaveLength(8)
      // The same beats, from the bundled ECG5000 in Node, scored by the CLI.
      const ecg = await loadEcg5000()
      const d = ecg.featureNames.length
      const csv = [ecg.featureNames.join(','), ...rows.map((r) => Array.from(ecg.x.data.subarray(r * d, (r + 1) * d), String).join(','))].join('\n')
      const input = join(cliScratch, 'nested', 'rows.csv')
      writeFileSync(input, `${csv}\n`)
      const { stdout } = await run(process.execPath, [cliBin, 'score', '--model', modelDir, '--input', input, '--json'], { cwd: cliScratch, maxBuffer: 16 * 1024 * 1024 })
      const cliScores = (JSON.parse(stdout) as { scores: number[] }).scores
      expect(cliScores).toHaveLength(8)
      // Same weights; the page scores on wasm, the CLI on its backend (wasm here, tfjs-node elsewhere): 1e-6 relative.
      cliScores.forEach((s, i) => expect(Math.abs(s - pageScores[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(s))))

      // The folder's four files dropped together on the page: the same detector, split and scores.
      const names = ['detector.json', 'model.json', 'weights.bin', 'experiment.json']
      const dropped = names.map((name) => ({ name, base64: readFileSync(join(modelDir, name)).toString('base64') }))
      const drop = (files: typeof dropped) =>
        page.getByTestId('folder-drop').evaluate((zone, list) => {
          const transfer = new DataTransfer()
          for (const f of list) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name))
          zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
        }, files)
      await drop(dropped)
      await expect.poll(() => text('progress'), { timeout: 60_000 }).toMatch(/^loaded folder the dropped files \(trained on \w+, seed 42, split from experiment\.json\)$/)
      await waitForReport()
      expect((await explainedScores()).map(Number)).toEqual(pageScores)
      // weights.bin alone is not a detector: the message names what was dropped and what to drop.
      await drop(dropped.slice(2, 3))
      await expect.poll(() => text('error'), { timeout: 10_000 }).toBe(
        "E_NOT_FOUND: the dropped files: no detector.json among 1 file(s) (weights.bin). Choose the folder 'aedetect train --out DIR' wrote, or drop its detector.json, model.json, weights.bin and experiment.json together.",
      )

      // `aedetect export` writes the folder as the single file the page's *load detector* opens. Without a recorded
      // split the page evaluates on the seeded default split: read its explained rows and scores again, and score
      // those rows with `aedetect score` on the folder.
      const single = join(cliScratch, 'nested', 'model.aedetect.json')
      await run(process.execPath, [cliBin, 'export', '--model', modelDir, '--out', single], { cwd: cliScratch })
      await page.getByTestId('detector-file').setInputFiles(single)
      await expect.poll(() => text('progress'), { timeout: 60_000 }).toMatch(/^loaded model\.aedetect\.json \(trained on \w+, seed 42\)$/)
      await waitForReport()
      const fileRows = (await page.getByTestId('explanation-row').allTextContents()).map(Number)
      const fileScores = (await explainedScores()).map(Number)
      expect(fileRows).toHaveLength(8)
      const fileCsv = [ecg.featureNames.join(','), ...fileRows.map((r) => Array.from(ecg.x.data.subarray(r * d, (r + 1) * d), String).join(','))].join('\n')
      writeFileSync(input, `${fileCsv}\n`)
      const scored = await run(process.execPath, [cliBin, 'score', '--model', modelDir, '--input', input, '--json'], { cwd: cliScratch, maxBuffer: 16 * 1024 * 1024 })
      const cliFileScores = (JSON.parse(scored.stdout) as { scores: number[] }).scores
      expect(cliFileScores).toHaveLength(8)
      cliFileScores.forEach((s, i) => expect(Math.abs(s - fileScores[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(s))))
    } finally {
      rmSync(cliScratch, { recursive: true, force: true })
    }
  }, 240_000)

  it('trains a window detector on the synthetic series in the worker and draws its point scores with the events shaded', async () => {
    // The series of `aedetect train --data synthetic:series` with the page's seed 42 (1,000 normal points with seed
    // 43, 3,000 test points with 8 anomalies with seed 42), seriesDefaultsFor(1) as it is: 15 epochs, window errors
    // reduced by max, the rolling mean + 2 std alarm rule, on wasm.
    await page.getByRole('button', { name: 'train on the series' }).click()
    await page.getByTestId('series-report').waitFor({ timeout: 120_000 })
    const vusPr = Number(await text('series-vus-pr'))
    const f1 = Number(await text('series-f1'))
    console.info(`series in the page: VUS-PR ${vusPr}, F1 ${f1}, AUC-ROC ${await text('series-auc-roc')}, ${await text('series-progress')}`)
    // Measured here: VUS-PR 0.578, F1 at the alarm rule 0.388 before the univariate alarm rule held alarms 50 points
    // (issue 19, chosen on NAB, whose labels are wide windows; this series' anomalies are short: `aedetect train --data
    // synthetic:series` now gives F1 0.336), AUC-ROC 0.892 (the evaluation package's cpu test of the
    // same series: VUS-PR 0.583, AUC-ROC 0.894 at 10 epochs; the default chosen on NAB, where it raised the mean
    // VUS-PR from 0.442 to 0.489, costs this series 0.13 against the 30-epoch mean-reduced default). The floors leave
    // about 0.05 for the float drift between wasm and cpu and between tfjs builds; a detector that misses the level
    // shifts and flat lines falls to about the share of anomalous points (~0.1).
    expect(vusPr).toBeGreaterThan(0.52)
    expect(f1).toBeGreaterThan(0.28)
    expect(Number(await text('series-auc-roc'))).toBeGreaterThan(0.84)
    const chart = page.locator('[data-chart="series-scores"]')
    const lines = await chart.locator('g[aria-label="line"] path').evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').split('L').length))
    expect(lines).toEqual([3000, 3000])
    // One shaded band per injected anomaly in each of the two panels.
    expect(await chart.locator('g[aria-label="rect"] rect').count()).toBe(16)
    expect(await text('series-progress')).toMatch(/^trained \d+ epochs in [\d.]+ s; windows of 50 points$/)
    expect(pageErrors).toEqual([])
  }, 180_000)

  it('refuses a file that is not a saved detector, naming the file and the fix', async () => {
    await page.getByTestId('detector-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"notes"}') })
    await expect.poll(() => text('error'), { timeout: 10_000 }).toBe('E_FORMAT: notes.json has format "notes"; expected "aedetect-detector-file". Choose a file saved with detectorToFile().')
  })

  it('trains on a CSV file chosen in the page (every third row of the TensorFlow tutorial ecg.csv, label last, 1 = normal)', async () => {
    // A third of the rows (1,666) keeps the test short; the rows are real beats, the labels the file's own.
    // The tutorial's ecg.csv is row for row the UCR train then test beats (the ECG5000 README; the datasets tests
    // check it), so it is rebuilt from the bundled copy: shortest round-trip decimals give the same float32 values.
    const tutorial = ecgTutorialFromUcr(await loadEcg5000())
    const lines: string[] = []
    for (let i = 0; i < tutorial.x.shape[0]; i++) {
      const row = Array.from(tutorial.x.data.subarray(i * 140, (i + 1) * 140), String)
      lines.push(`${row.join(',')},${tutorial.labels[i] === 1 ? 0 : 1}`)
    }
    const csv = Buffer.from(lines.filter((_, i) => i % 3 === 0).join('\n'))
    await page.getByLabel('my CSV').check()
    await page.getByLabel('label column').fill('-1')
    await page.getByLabel('normal value').fill('1')
    await page.getByTestId('csv-file').setInputFiles({ name: 'ecg-third.csv', mimeType: 'text/csv', buffer: csv })
    await expect.poll(() => text('data'), { timeout: 30_000 }).toBe('ecg-third.csv (1666 rows × 140 features): 692 anomalies')
    await page.getByTestId('epochs').fill('3')
    await page.getByRole('button', { name: 'train', exact: true }).click()
    await expect.poll(() => text('progress'), { timeout: 60_000 }).toMatch(/^epoch 3\/3 /)
    await waitForReport()
    // ROC-AUC on this file's test split (20 %, stratified), seed 42, 3 epochs on wasm: measured 0.969 with the page's old 10 % validation share
    // (average precision 0.923). Floor a margin below.
    expect(Number(await text('roc-auc'))).toBeGreaterThan(0.93)
    const m = await confusion()
    // ceil(0.2 · 1666) = 334 test rows.
    expect(m.tn + m.fp + m.fn + m.tp).toBe(334)
    expect(pageErrors).toEqual([])
  })

  const dropCsv = (name: string, text: string) =>
    page.getByTestId('csv-drop').evaluate((zone, file) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([file.text], file.name, { type: 'text/csv' }))
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    }, { name, text })

  it('reports a ragged row of a dropped CSV by its line (parsed in a worker)', async () => {
    await page.getByLabel('label column').fill('label')
    await page.getByLabel('normal value').fill('')
    await dropCsv('ragged.csv', 'a,b,label\n1,2,0\n3,0\n4,5,1\n')
    await expect.poll(() => text('error'), { timeout: 10_000 }).toBe('E_RAGGED: parseCsv(): ragged.csv line 3 has 2 columns; expected 3 (as on line 1). Give every row the same number of fields.')
    expect(await text('data')).toBe('no data loaded')
  })

  it('shows a column named like markup as text: no element is injected', async () => {
    let dialogs = 0
    page.on('dialog', (dialog) => {
      dialogs++
      void dialog.dismiss()
    })
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 10 === 0 ? 1 : 0}`)
    await dropCsv('markup.csv', ['<img src=x onerror=alert(1)>,b,label', ...rows].join('\n'))
    await expect.poll(() => text('data'), { timeout: 10_000 }).toBe('markup.csv (40 rows × 2 features): 4 anomalies')
    expect(await text('columns')).toBe('columns: <img src=x onerror=alert(1)>, b')
    expect(await page.locator('img').count()).toBe(0)
    await page.waitForTimeout(200)
    expect(dialogs).toBe(0)
    expect(pageErrors).toEqual([])
  })

  it('trains the dense image detector on the bundled Fashion-MNIST subset (trouser normal) and draws input, reconstruction and error heat map', async () => {
    // The 600 shipped test images (400 trousers, 200 of the other classes), the image defaults of
    // @aedetect/evaluation (dense 256-64-16-64-256, error smoothing 1, the seeded stratified split: 120 test
    // images), seed 42, 20 epochs on wasm in the worker.
    // Whatever data is loaded (ECG5000 at start, the last CSV after the CSV tests) must have finished loading first.
    await expect.poll(() => text('data'), { timeout: 30_000 }).not.toBe('no data loaded')
    await page.getByTestId('source-images').check()
    await expect.poll(async () => `${await text('data')}${await page.getByTestId('error').count() ? await text('error') : ''}`, { timeout: 30_000 }).toBe('Fashion-MNIST subset (bundled, 600 test images 28 × 28, trouser normal): 200 anomalies')
    await page.getByTestId('epochs').fill('20')
    await page.getByRole('button', { name: 'train', exact: true }).click()
    await expect.poll(() => text('progress'), { timeout: 120_000 }).toMatch(/^epoch 20\/20 /)
    await waitForReport()
    // Measured here: ROC-AUC 0.991 on the 120 test images (80 trousers, 40 others). Trousers are the easy normal
    // class of Fashion-MNIST (a narrow vertical shape); the floor leaves 0.04 for wasm / cpu drift and tfjs builds.
    expect(Number(await text('roc-auc'))).toBeGreaterThan(0.95)
    expect(await page.locator('[data-chart="sample-anomalous"] g[aria-label="cell"] rect').count()).toBe(2 * 28 * 28)
    expect(await page.locator('[data-chart="error-anomalous"] g[aria-label="cell"] rect').count()).toBe(28 * 28)
    expect(pageErrors).toEqual([])
  }, 180_000)
})

import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_PATH as CHROMIUM, dataDir as sharedDataDir, describeWith, testWith } from '@aedetect/test-data'
import { aedetect, lastLine, type Run } from './_run-cli'

// The built binary on a CSV of the user's kind (named columns, a text status column), its HTML report
// rendered in headless Chromium, the datasets listing, and the one-line errors of the new options.
const dataDir = sharedDataDir()
const FIGURES = ['loss-curves', 'error-histogram', 'confusion-matrix', 'roc-curve', 'pr-curve', 'reconstruction-normal', 'reconstruction-anomalous', 'feature-errors']



let dir: string
let csv: string
let train: Run
let out: Record<string, any>
// The user's kind of CSV: the real ODDS cardio rows with named columns (one named `<b>&x` to prove the
// report escapes names from the data) and a text status column, 'normal' or 'pathologic'.
const NAMES = ['heart rate', 'accelerations', '<b>&x', ...Array.from({ length: 18 }, (_, j) => `m${j + 3}`)]
const csvArgs = () => ['--csv', csv, '--label', 'status', '--normal', 'normal', '--features', NAMES.slice(0, 12).join(',')]

// Every test here works on the trained ODDS cardio detector of the beforeAll.
describeWith(['odds'], 'train, report, datasets and option errors on ODDS cardio rows', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aedetect-report-'))
    const lines = (await readFile(join(dataDir, 'odds', 'cardio.csv'), 'utf8')).trim().split('\n')
    const rows = lines.slice(1).map((line) => {
      const cells = line.split(',')
      const label = cells.pop()
      return `${cells.join(',')},${Number(label) === 1 ? 'pathologic' : 'normal'}`
    })
    csv = join(dir, 'patients.csv')
    await writeFile(csv, `${[...NAMES, 'status'].join(',')}\n${rows.join('\n')}\n`)
    train = await aedetect(['train', ...csvArgs(), '--seed', '5', '--epochs', '15', '--out', join(dir, 'model'), '--json'])
    out = JSON.parse(train.stdout)
  }, 300_000)

  afterAll(async () => rm(dir, { recursive: true, force: true }))

  describe('train --csv with named columns and a text label', () => {
    it('uses the chosen columns and the normal value, with a seeded stratified split', () => {
      expect(train.code).toBe(0)
      // cardio: 1,831 rows, 176 pathologic; 20 % stratified test split.
      expect(out.split.test.rows).toBe(367)
      expect(out.split.test.anomalous).toBe(35)
      expect(out.split.train.anomalous).toBe(0)
      expect(out.architecture.kind).toBe('dense')
      for (const f of out.topFeatures) expect(NAMES.slice(0, 12)).toContain(f.feature)
      // Measured ROC-AUC 0.972, average precision 0.850 (seed 5, 15 epochs, cpu, the first 12 of the 21 columns).
      expect(out.rocAuc).toBeGreaterThan(0.93)
      expect(out.averagePrecision).toBeGreaterThan(0.7)
    })
  })

  describe('report', () => {
    const html = () => join(dir, 'report.html')
    let run: Run
    beforeAll(async () => {
      run = await aedetect(['report', '--model', join(dir, 'model'), ...csvArgs(), '--seed', '5', '--out', html(), '--json'])
    }, 120_000)

    it('writes one self-contained HTML file with every plot, escaping names from the data', async () => {
      expect(run.code).toBe(0)
      const page = await readFile(html(), 'utf8')
      // Each figure holds its chart: an SVG of the plot (charts with a legend wrap it in Plot's own <figure>).
      const sections = page.split('<figure id="').slice(1)
      expect(sections.map((s) => s.slice(0, s.indexOf('"')))).toEqual(FIGURES)
      for (const s of sections) expect(s).toMatch(/^[^"]+">(<figure[^>]*>.*?)?<svg [^>]*viewBox="0 0 \d+ \d+"/s)
      expect(page).toContain('&lt;b&gt;&amp;x')
      expect(page).not.toContain('<b>&x')
      // Self-contained: no script, no external resource.
      expect(page).not.toMatch(/<script|<link|src="http/)
      const summary = JSON.parse(run.stdout)
      expect(summary.figures).toEqual(FIGURES)
      // The report evaluates the same test split as train: the same ROC-AUC.
      expect(summary.rocAuc).toBeCloseTo(out.rocAuc, 12)
      const md = await readFile(join(dir, 'report.md'), 'utf8')
      expect(md).toContain(`| ROC-AUC | ${out.rocAuc.toFixed(4)} |`)
      expect(md).toContain('&lt;b&gt;&amp;x')
    })

    testWith(['chromium'], 'renders in headless Chromium', async () => {
      const { chromium } = await import('playwright-core')
      const profile = join(dir, 'chromium-profile')
      const browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        viewport: { width: 1200, height: 900 },
      })
      try {
        const page = await browser.newPage()
        await page.goto(pathToFileURL(html()).href)
        // Every figure lays out with a real size.
        for (const id of FIGURES) {
          // The largest SVG of the figure is the chart (legend swatches are small SVGs too).
          const boxes = await page.locator(`#${id} svg`).evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect()).map((r) => ({ width: r.width, height: r.height })))
          const chart = boxes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a))
          expect(chart.width).toBeGreaterThan(200)
          expect(chart.height).toBeGreaterThan(100)
        }
        // On a 390-pixel phone screen nothing widens the page (long paths wrap, wide tables scroll in their box).
        await page.setViewportSize({ width: 390, height: 844 })
        expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])).toEqual([390, 390])
        await page.setViewportSize({ width: 1200, height: 900 })
        const png = join(dir, 'report.png')
        await page.screenshot({ path: png, fullPage: true })
        const bytes = await readFile(png)
        // PNG signature, then the IHDR width and height (big-endian at bytes 16 and 20).
        expect(bytes.subarray(1, 4).toString()).toBe('PNG')
        expect(bytes.readUInt32BE(16)).toBe(1200)
        expect(bytes.readUInt32BE(20)).toBeGreaterThan(2000)
        expect((await stat(png)).size).toBeGreaterThan(100_000)
      } finally {
        await browser.close()
      }
    }, 120_000)
  })

  describe('datasets', () => {
    it('lists the sources with shapes and label counts and verifies the checksums', async () => {
      const run = await aedetect(['datasets', '--data-dir', dataDir, '--json'])
      expect(run.code).toBe(0)
      const listing = JSON.parse(run.stdout)
      const sources = new Map<string, { shape: number[]; normal: number; anomalous: number }>()
      for (const folder of listing.folders) {
        expect(folder.checksums.ok).toBe(true)
        for (const s of folder.sources) sources.set(s.source, s)
      }
      // Counts from the datasets' READMEs.
      expect(sources.get('ecg5000')).toEqual({ source: 'ecg5000', shape: [5000, 140], normal: 2919, anomalous: 2081 })
      expect(sources.get('odds:cardio')).toEqual({ source: 'odds:cardio', shape: [1831, 21], normal: 1655, anomalous: 176 })
      expect(sources.get('smd:machine-1-2')?.anomalous).toBe(542)
      expect(sources.get('mnist:0')?.normal).toBe(980)
    }, 120_000)
  })

  describe('errors of the new options', () => {
    it('an unknown data source is a usage error naming the choices', async () => {
      const run = await aedetect(['train', '--data', 'kaggle:x'])
      expect(run.code).toBe(2)
      expect(lastLine(run.stderr)).toBe("aedetect: --data kaggle:x: unknown source 'kaggle'; expected one of ecg5000 | mnist:<class> | fashion-mnist:<class> | nab:<series> | odds:<table> | smd:<machine> | synthetic:table | synthetic:series, or --csv FILE --label COLUMN.")
    })

    it('an unknown config key is a usage error naming the file and the valid keys', async () => {
      const config = join(dir, 'bad-key.json')
      await writeFile(config, '{ "epochz": 3 }')
      const run = await aedetect(['datasets', '--config', config])
      expect(run.code).toBe(2)
      expect(lastLine(run.stderr)).toBe(`aedetect: --config ${config}: unknown key 'epochz' for 'aedetect datasets'; expected one of data-dir, no-verify, json, verbose.`)
    })

    it('a split file with a JSON error names its line and column', async () => {
      const split = join(dir, 'split.json')
      await writeFile(split, '{\n  "trainRows": [1, 2],\n  testRows: [3]\n}\n')
      const run = await aedetect(['evaluate', '--model', join(dir, 'model'), ...csvArgs(), '--split-file', split])
      expect(run.code).toBe(3)
      expect(lastLine(run.stderr)).toBe(`aedetect: ${split}: line 3, column 3: invalid JSON (Expected double-quoted property name). Pass a JSON file { "trainRows": [...], "testRows": [...] }.`)
    }, 60_000)

    it('a split row out of range names the field', async () => {
      const split = join(dir, 'range.json')
      await writeFile(split, JSON.stringify({ trainRows: [0, 1], testRows: [2, 5000] }))
      const run = await aedetect(['evaluate', '--model', join(dir, 'model'), ...csvArgs(), '--split-file', split])
      expect(run.code).toBe(3)
      expect(lastLine(run.stderr)).toBe(`aedetect: --split-file ${split}: testRows[1] is 5000; the data has 1831 rows, so rows are integers 0 to 1830.`)
    }, 60_000)

    it('a failed report leaves no file behind', async () => {
      const target = join(dir, 'failed.html')
      const run = await aedetect(['report', '--model', join(dir, 'nope'), ...csvArgs(), '--out', target])
      expect(run.code).toBe(4)
      expect(existsSync(target)).toBe(false)
      expect(existsSync(join(dir, 'failed.md'))).toBe(false)
    })
  })
})

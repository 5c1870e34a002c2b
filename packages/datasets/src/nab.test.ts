import { expect, it } from 'vitest'
import { parseNabSeries, parseNabTimestamp } from '@aedetect/datasets'
import { listNabSeries, loadNabSeries } from '@aedetect/datasets/node'
import { caught, readmeNumber, readmeRows, thrown } from './_test-data'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'

const dataDir = sharedDataDir()

describeWith(['nab'], 'listNabSeries', () => {
  it('finds the 51 series of the six folders of the README summary', () => {
    const all = listNabSeries({ dataDir })
    const summary = readmeRows('nab', /^`data\/[^/]+\/`$/)
    expect(all.length).toBe(51)
    expect(summary.length).toBe(6)
    for (const row of summary) {
      const category = row[0].replace(/^`data\/|\/`$/g, '')
      expect(listNabSeries({ dataDir, category }).length).toBe(readmeNumber(row[1]))
    }
    expect(all[0]).toEqual({ name: 'art_daily_no_noise', category: 'artificialNoAnomaly', key: 'artificialNoAnomaly/art_daily_no_noise.csv' })
  })
})

describeWith(['nab'], 'loadNabSeries', () => {
  // Expected: the README's per-file table — rows, labels, windows, rows in windows — for all 51 files.
  const files = readmeRows('nab', /^`data\/.+\.csv`$/)

  it('loads every series with the README row, label, window and in-window counts (26,901 rows in windows)', async () => {
    expect(files.length).toBe(51)
    let inWindows = 0
    for (const row of files) {
      const key = row[0].replace(/^`data\/|`$/g, '')
      const series = await loadNabSeries({ dataDir, name: key })
      const labelled = series.labels.reduce((a, b) => a + b, 0)
      expect([key, series.values.length, series.labelledTimestamps.length, series.windows.length, labelled]).toEqual([
        key,
        readmeNumber(row[1]),
        readmeNumber(row[2]),
        readmeNumber(row[3]),
        readmeNumber(row[4].split(' ')[0]),
      ])
      expect(series.timestamps.length).toBe(series.values.length)
      // A label whose window began in the probationary 15 % lost its window (README), so check the rows, not their labels.
      series.labelledRows.forEach((r, k) => expect(series.timestamps[r]).toBe(parseNabTimestamp(series.labelledTimestamps[k])))
      inWindows += labelled
    }
    expect(inWindows).toBe(26901)
  })

  it('keeps rows in file order with repeated timestamps, and reads times as UTC', async () => {
    const series = await loadNabSeries({ dataDir, name: 'ec2_disk_write_bytes_1ef3de' })
    const dst = parseNabTimestamp('2014-03-09 03:00:00')
    // README: 11 repeated '2014-03-09 03:00:00' rows (DST change) → 12 rows with that time.
    expect(series.timestamps.filter((t) => t === dst).length).toBe(12)
    expect(parseNabTimestamp('2015-09-11 15:34:00.000000')).toBe(Date.UTC(2015, 8, 11, 15, 34, 0))
    const speed = await loadNabSeries({ dataDir, name: 'speed_7578.csv' })
    expect(speed.category).toBe('realTraffic')
    expect(speed.windows[0]).toEqual({ start: '2015-09-11 15:34:00.000000', end: '2015-09-11 17:54:00.000000' })
  })

  it('labels window ends inclusively and names bad lines', () => {
    const csv = 'timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n2020-01-01 00:10:00,3\n2020-01-01 00:15:00,4\n'
    const series = parseNabSeries(csv, { name: 's', category: 'c', windows: [['2020-01-01 00:05:00.000000', '2020-01-01 00:10:00.000000']], labelledTimestamps: ['2020-01-01 00:10:00'] })
    expect(Array.from(series.labels)).toEqual([0, 1, 1, 0])
    expect(Array.from(series.labelledRows)).toEqual([2])
    expect(thrown(() => parseNabSeries(csv.replace(',3', ',x'), { name: 's', category: 'c' }))).toMatchInlineSnapshot(`
      {
        "code": "E_PARSE",
        "message": "parseNabSeries(): c/s.csv line 4 is '2020-01-01 00:10:00,x'; expected 'YYYY-MM-DD HH:MM:SS,<number>'.",
      }
    `)
  })

  it('names an unknown series and suggests close names (E_NOT_FOUND)', async () => {
    expect(await caught(() => loadNabSeries({ dataDir, name: 'speed_9999' }))).toEqual({
      code: 'E_NOT_FOUND',
      message: `loadNabSeries(): no series 'speed_9999' in ${dataDir}/nab/data (51 series). Similar names: speed_6005, speed_7578, speed_t4013.`,
    })
  })
})

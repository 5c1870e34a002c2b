import { expect, it } from 'vitest'
import { parseSmdMachine } from '@aedetect/datasets'
import { listSmdMachines, loadSmdMachine } from '@aedetect/datasets/node'
import { caught, readmeNumber, readmeRows, thrown } from './_test-data'
import { dataDir as sharedDataDir, describeWith } from '@aedetect/test-data'

const dataDir = sharedDataDir()

describeWith(['smd'], 'SMD', () => {
  it('lists the four machines of the shared folder', () => {
    expect(listSmdMachines({ dataDir })).toEqual(['machine-1-2', 'machine-1-3', 'machine-1-4', 'machine-1-5'])
  })

  // Expected: the README's "Shapes, labels and anomaly ratios" table, one row per machine.
  it.each(readmeRows('smd', /^machine-\d-\d+$/))('%s: rows, anomalous rows and ratio, segments as in the README', async (machine, trainRows, testRows, _labelRows, anomalous, ratio, _segments, lines) => {
    const smd = await loadSmdMachine({ dataDir, machine: machine.replace('machine-', '') })
    expect(smd.train.shape).toEqual([readmeNumber(trainRows), 38])
    expect(smd.test.shape).toEqual([readmeNumber(testRows), 38])
    const count = smd.testLabels.reduce((a, b) => a + b, 0)
    expect(count).toBe(readmeNumber(anomalous))
    expect((100 * count) / smd.test.shape[0]).toBeCloseTo(readmeNumber(ratio), 2)
    expect(smd.interpretation.length).toBe(readmeNumber(lines))
    expect(smd.featureNames.length).toBe(38)
    // README: "the union of the ranges equals the 1 rows of test_label for machine-1-2, 1-4 and 1-5" (end exclusive).
    const union = new Uint8Array(smd.test.shape[0])
    for (const segment of smd.interpretation) union.fill(1, segment.start, segment.end)
    const differ = union.reduce((n, v, i) => n + (v !== smd.testLabels[i] ? 1 : 0), 0)
    // machine-1-3: a segment of 11 rows (18460–18470) has no line, and the last line stops one row short.
    expect(differ).toBe(machine === 'machine-1-3' ? 12 : 0)
    for (const segment of smd.interpretation) for (const d of segment.dimensions) expect(d >= 0 && d < 38).toBe(true)
  })

  it('turns the 1-based dimensions of the interpretation file into 0-based columns', () => {
    const files = { train: '0.1,0.2,0.3\n', test: '0.1,0.2,0.3\n0.4,0.5,0.6\n', testLabels: '0\n1\n', interpretation: '1-2:1,3\n' }
    expect(parseSmdMachine(files, { machine: 'machine-9-9' }).interpretation).toEqual([{ start: 1, end: 2, dimensions: [0, 2] }])
    expect(thrown(() => parseSmdMachine({ ...files, interpretation: '1-2:0,4\n' }, { machine: 'machine-9-9' }))).toMatchInlineSnapshot(`
      {
        "code": "E_PARSE",
        "message": "parseSmdMachine(): interpretation_label/machine-9-9.txt line 1 is '1-2:0,4'; expected 'start-end:d1,d2,…' with 1-based columns 1 … 3.",
      }
    `)
    expect(thrown(() => parseSmdMachine({ ...files, testLabels: '0\n' }, { machine: 'machine-9-9' }))).toMatchInlineSnapshot(`
      {
        "code": "E_LENGTH_MISMATCH",
        "message": "parseSmdMachine(): test_label/machine-9-9.txt has 1 labels but test/machine-9-9.txt has 2 rows. Pass the files of one machine.",
      }
    `)
  })

  it('names a missing machine and lists those present (E_NOT_FOUND)', async () => {
    const error = await caught(() => loadSmdMachine({ dataDir, machine: '1-1' }))
    expect(error).toEqual({
      code: 'E_NOT_FOUND',
      message: `loadSmdMachine(): ${dataDir}/smd/train/machine-1-1.txt does not exist. Put the smd files in ${dataDir}/smd as laid out in the @aedetect/datasets README (section "Data directory"). Machines there: machine-1-2, machine-1-3, machine-1-4, machine-1-5.`,
    })
  })
})

// The bench contract: every suite in src/suites/ default-exports a BenchSuite. run.ts runs the suites named
// on the command line (all when none), writes bench/results/<suite>.json and prints one table per suite.
// Speed figures are compared with a reference measured in the same process (a ratio), never with a
// constant, because the machine is shared and noisy.

/** One measured figure. */
export interface BenchRow {
  /** What was measured, e.g. 'dense train samples/s (wasm)'. */
  name: string
  value: number
  unit: string
  /** A reference measured in the same process, or a peer's published figure, when there is one. */
  reference?: number
  /** value / reference, for speed figures. */
  ratio?: number
  /** A target, when an issue sets one, and whether it is met. */
  target?: string
  met?: boolean
  note?: string
}

export interface BenchSuite {
  name: string
  /** One sentence: data, protocol, seeds, backend. Printed above the table. */
  description: string
  run(): Promise<BenchRow[]>
}

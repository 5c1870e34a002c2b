import { existsSync } from 'node:fs'
import { describe, test } from 'vitest'
import { hasDataset } from './paths'

/** What a test needs beyond the repository: real datasets by folder name, or a browser. */
export type Requirement = 'ecg5000' | 'mnist' | 'fashion-mnist' | 'nab' | 'odds' | 'smd' | 'chromium'

/**
 * The chromium the browser tests drive: Debian's (`apt-get install -y chromium`; playwright-core cannot
 * download one here), or `AEDETECT_CHROMIUM_PATH`.
 */
export const CHROMIUM_PATH: string = process.env.AEDETECT_CHROMIUM_PATH ?? '/usr/bin/chromium'

function available(need: Requirement): boolean {
  return need === 'chromium' ? existsSync(CHROMIUM_PATH) : hasDataset(need)
}

/** The requirements in `needs` that this machine lacks. */
export function missing(needs: readonly Requirement[]): Requirement[] {
  return needs.filter((need) => !available(need))
}

/**
 * The title tag that scripts/test-summary.mjs reads to say why a test was skipped, e.g. `[needs: mnist, nab]`.
 * Keep the format in step with that script.
 */
export function needsTag(needs: readonly Requirement[]): string {
  return `[needs: ${needs.join(', ')}]`
}

/**
 * `describe`, skipped (never failed, never hidden) when a dataset or the browser is missing. The title carries
 * the requirement, so the closing line of `pnpm test` names what the skipped tests need.
 */
export function describeWith(needs: readonly Requirement[], title: string, body: () => void): void {
  const name = `${title} ${needsTag(needs)}`
  if (missing(needs).length === 0) {
    describe(name, body)
    return
  }
  // vitest still runs a skipped block's body to list its tests; a body that reads its data to list them
  // (test.each over a README table) cannot, so one skipped placeholder stands for what it would have listed.
  describe.skip(name, () => {
    try {
      body()
    } catch {
      test('the tests of this block, listed from its data', () => undefined)
    }
  })
}

/** `test` counterpart of {@link describeWith}, for one test of a file that otherwise runs everywhere. */
export function testWith(needs: readonly Requirement[], title: string, body: () => unknown | Promise<unknown>, timeoutMs?: number): void {
  test.skipIf(missing(needs).length > 0)(`${title} ${needsTag(needs)}`, body, timeoutMs)
}

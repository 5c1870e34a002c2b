import { AedetectError } from '@aedetect/core'

/** A causal alarm hold fed one raw flag at a time, in order; see {@link createAlarmHold}. */
export interface AlarmHold {
  /** Takes the rule's raw flag of the next point; returns the held flag: true when it or one of the `hold` points before it was raised. */
  push(raised: boolean): boolean
}

/**
 * A causal hold on alarm flags: a point is flagged when the rule flagged it or any of the `hold` points before it,
 * so an alarm stays on `hold` points after its last exceedance. It reads no later point, so a stream (one flag at a
 * time) gets the same flags as the whole series (`holdAlarms`). Label-free. 0 holds nothing (flags unchanged).
 * Memory: one index.
 * @throws `E_OPTION` when `hold` is not an integer >= 0.
 */
export function createAlarmHold(hold: number, where = 'createAlarmHold()'): AlarmHold {
  expectHold(hold, where)
  let last = Number.NEGATIVE_INFINITY // index of the last raised flag
  let index = -1
  return {
    push(raised) {
      index++
      if (raised) last = index
      return index - last <= hold
    },
  }
}

/**
 * The flags (1 = anomaly) with a causal hold of `hold` points applied (see {@link createAlarmHold}); a new array,
 * the input is not changed. Any non-zero flag counts as raised.
 * @throws `E_OPTION` when `hold` is not an integer >= 0.
 */
export function holdAlarms(flags: ArrayLike<number>, hold: number): Uint8Array {
  const state = createAlarmHold(hold, 'holdAlarms()')
  const out = new Uint8Array(flags.length)
  for (let i = 0; i < flags.length; i++) out[i] = state.push(flags[i] !== 0) ? 1 : 0
  return out
}

function expectHold(hold: number, where: string): void {
  if (!(typeof hold === 'number' && Number.isInteger(hold) && hold >= 0)) {
    throw new AedetectError('E_OPTION', `${where}: hold must be an integer number of points >= 0 (0 holds nothing), got ${String(hold)}. Pass e.g. hold: 50 to keep an alarm on for 50 points after its last exceedance.`)
  }
}

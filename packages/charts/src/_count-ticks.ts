/** Integer ticks for a count axis from 0 to `max`: at most about `count` of them, steps 1, 2, 5, 10, 20, … */
export function countTicks(max: number, count = 5): number[] {
  const top = Math.max(1, Math.ceil(max))
  const raw = top / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power)
  const ticks: number[] = []
  for (let t = 0; t <= top; t += step) ticks.push(t)
  return ticks
}

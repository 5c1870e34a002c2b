/** A generalised Pareto distribution with location 0: shape γ (`gamma`), scale σ (`sigma`) > 0. */
export interface GpdFit {
  gamma: number
  sigma: number
  /** Log-likelihood of the excesses at (γ, σ). */
  logLikelihood: number
}

/** Sign-change scan points per interval for Grimshaw's roots; bisection refines each change. */
const GRID = 200
const BISECTIONS = 100

/**
 * Maximum-likelihood fit of a GPD (location 0) to positive excesses by Grimshaw's method (Grimshaw 1993, as
 * SPOT uses it, Siffer et al. KDD 2017): the likelihood's stationary points are the roots of
 * w(θ) = u(θ) v(θ) − 1 with u = 1 + mean(log(1 + θY)), v = mean(1 / (1 + θY)), and then γ = u − 1, σ = γ / θ.
 * Negative roots lie in (−1 / max Y, 0), scanned on a regular grid; positive roots below 2 (Ȳ − Ym) / Ym²,
 * scanned on a log-spaced grid from 1e-6 / Ȳ. SPOT's reference starts the positive interval at
 * 2 (Ȳ − Ym) / (Ȳ Ym) and misses the root of heavy tails with a small minimum (a lognormal tail: it returns the
 * exponential fit while the MLE has γ ≈ 0.66). Sign changes are bisected (the reference uses L-BFGS-B). The
 * exponential case γ = 0, σ = Ȳ is always a candidate; the candidate with the highest log-likelihood wins.
 * `excesses` must be non-empty and positive (checked by the caller).
 */
export function fitGpd(excesses: Float64Array): GpdFit {
  return fitGpdNear(excesses, null)
}

/**
 * {@link fitGpd}, warm-started for a stream: when `previous` (the last fit, γ ≠ 0) is given, the root is first
 * sought in [θ / 1.25, θ · 1.25] around the previous θ = γ / σ (one new excess moves it little); only when no
 * sign change is there does the full scan run. Keeps SPOT's refit after each peak at O(60 · peaks), not
 * O(400 · peaks). The local root is kept only when it beats the exponential fit, as in the full scan.
 */
export function fitGpdNear(excesses: Float64Array, previous: GpdFit | null): GpdFit {
  if (previous !== null && previous.gamma !== 0) {
    const theta = previous.gamma / previous.sigma
    const lo = theta > 0 ? theta / 1.25 : theta * 1.25
    const hi = theta > 0 ? theta * 1.25 : theta / 1.25
    let max = -Infinity
    for (let i = 0; i < excesses.length; i++) if (excesses[i] > max) max = excesses[i]
    const left = Math.max(lo, -1 / max + 2e-8)
    const fLo = w(excesses, left)
    if (hi > left && fLo * w(excesses, hi) < 0) {
      const root = bisect(excesses, left, hi, fLo)
      const gamma = uOf(excesses, root) - 1
      const sigma = gamma / root
      let sum = 0
      for (let i = 0; i < excesses.length; i++) sum += excesses[i]
      const exponential = logLikelihood(excesses, 0, sum / excesses.length)
      const ll = sigma > 0 ? logLikelihood(excesses, gamma, sigma) : -Infinity
      if (ll > exponential) return { gamma, sigma, logLikelihood: ll }
    }
  }
  const n = excesses.length
  let min = Infinity
  let max = -Infinity
  let sum = 0
  for (let i = 0; i < n; i++) {
    const y = excesses[i]
    if (y < min) min = y
    if (y > max) max = y
    sum += y
  }
  const mean = sum / n
  let best: GpdFit = { gamma: 0, sigma: mean, logLikelihood: logLikelihood(excesses, 0, mean) }
  const consider = (theta: number): void => {
    const gamma = uOf(excesses, theta) - 1
    const sigma = gamma / theta
    if (!(sigma > 0) || !Number.isFinite(gamma)) return
    const ll = logLikelihood(excesses, gamma, sigma)
    if (ll > best.logLikelihood) best = { gamma, sigma, logLikelihood: ll }
  }
  // Same interval ends as the reference: ε keeps θ off the pole at −1 / max and off the trivial root at 0.
  let epsilon = 1e-8
  const a = -1 / max
  if (Math.abs(a) < 2 * epsilon) epsilon = Math.abs(a) / 10
  for (const root of rootsIn(excesses, a + 2 * epsilon, -epsilon, false)) consider(root)
  if (mean > min && min > 0) {
    for (const root of rootsIn(excesses, 1e-6 / mean, (2 * (mean - min)) / (min * min), true)) consider(root)
  }
  return best
}

/** GPD log-likelihood with location 0; −Infinity outside the support. */
export function logLikelihood(y: Float64Array, gamma: number, sigma: number): number {
  const n = y.length
  if (gamma === 0) {
    let s = 0
    for (let i = 0; i < n; i++) s += y[i]
    return -n * Math.log(sigma) - s / sigma
  }
  const tau = gamma / sigma
  let s = 0
  for (let i = 0; i < n; i++) {
    const z = 1 + tau * y[i]
    if (z <= 0) return -Infinity
    s += Math.log(z)
  }
  return -n * Math.log(sigma) - (1 + 1 / gamma) * s
}

function uOf(y: Float64Array, theta: number): number {
  let s = 0
  for (let i = 0; i < y.length; i++) s += Math.log(1 + theta * y[i])
  return 1 + s / y.length
}

function w(y: Float64Array, theta: number): number {
  let logs = 0
  let inv = 0
  for (let i = 0; i < y.length; i++) {
    const s = 1 + theta * y[i]
    logs += Math.log(s)
    inv += 1 / s
  }
  return (1 + logs / y.length) * (inv / y.length) - 1
}

function rootsIn(y: Float64Array, lo: number, hi: number, logSpaced: boolean): number[] {
  if (!(hi > lo)) return []
  const roots: number[] = []
  const step = logSpaced ? Math.log(hi / lo) / GRID : (hi - lo) / GRID
  let x0 = lo
  let f0 = w(y, x0)
  for (let k = 1; k <= GRID; k++) {
    const x1 = k === GRID ? hi : logSpaced ? lo * Math.exp(k * step) : lo + k * step
    const f1 = w(y, x1)
    if (f0 === 0) roots.push(x0)
    else if (f0 * f1 < 0) roots.push(bisect(y, x0, x1, f0))
    x0 = x1
    f0 = f1
  }
  return roots
}

function bisect(y: Float64Array, lo: number, hi: number, fLo: number): number {
  for (let k = 0; k < BISECTIONS; k++) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi) break
    const f = w(y, mid)
    if (f === 0) return mid
    if (f * fLo < 0) hi = mid
    else {
      lo = mid
      fLo = f
    }
  }
  return (lo + hi) / 2
}

#!/usr/bin/env python3
"""Reference values for @aedetect/metrics' POT / SPOT / DSPOT and non-parametric thresholds (issue 19).

An independent implementation written from the papers (Siffer et al., KDD 2017; Hundman et al., KDD 2018), not
from aedetect's TypeScript: the GPD is fitted twice, by Grimshaw's method with scipy.optimize.brentq on a dense
grid of sign changes, and by scipy.stats.genpareto.fit (floc=0, plain MLE by Nelder-Mead). Usage:
    python3 scripts/make-alarm-reference.py 20261206 fixtures/alarm-reference.json
"""
import json
import sys

import numpy as np
import scipy
from scipy import optimize, signal, stats


def loglik(y, gamma, sigma):
    if gamma == 0:
        return -len(y) * np.log(sigma) - y.sum() / sigma
    z = 1 + gamma / sigma * y
    if np.any(z <= 0):
        return -np.inf
    return -len(y) * np.log(sigma) - (1 + 1 / gamma) * np.log(z).sum()


def grimshaw(y, grid=2000):
    def w(t):
        s = 1 + t * y
        return (1 + np.log(s).mean()) * np.mean(1 / s) - 1

    ym, yM, ybar = y.min(), y.max(), y.mean()
    eps = 1e-8
    # Negative roots: (-1/max, 0), a linear grid. Positive roots: below 2 (mean - min) / min^2 (Grimshaw 1993);
    # SPOT's lower end 2 (mean - min) / (mean min) misses the root of heavy tails with a small minimum (the
    # lognormal case: scipy's MLE finds gamma 0.66 with a higher likelihood), so the grid starts at 1e-6 / mean,
    # log-spaced.
    grids = [np.linspace(-1 / yM + 2 * eps, -eps, grid + 1)]
    if ybar > ym > 0:
        grids.append(np.geomspace(1e-6 / ybar, 2 * (ybar - ym) / ym ** 2, grid + 1))
    best = (0.0, ybar, loglik(y, 0.0, ybar))
    for xs in grids:
        fs = np.array([w(x) for x in xs])
        for k in range(grid):
            if fs[k] * fs[k + 1] < 0:
                t = optimize.brentq(w, xs[k], xs[k + 1], xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
                gamma = np.log(1 + t * y).mean()
                sigma = gamma / t
                if sigma > 0:
                    ll = loglik(y, gamma, sigma)
                    if ll > best[2]:
                        best = (gamma, sigma, ll)
    return best


def pot(calibration, q, level):
    s = np.sort(calibration)
    n = len(s)
    t = s[min(int(np.floor(level * n)), n - 1)]
    peaks = calibration[calibration > t] - t
    gamma, sigma, ll = grimshaw(peaks)
    c, _, scale = stats.genpareto.fit(peaks, floc=0)
    return {
        "initial": float(t),
        "peaks": int(len(peaks)),
        "n": n,
        "grimshaw": {"gamma": float(gamma), "sigma": float(sigma), "logLikelihood": float(ll), "threshold": float(quantile(t, gamma, sigma, q, n, len(peaks)))},
        "scipy": {"gamma": float(c), "sigma": float(scale), "logLikelihood": float(loglik(peaks, c, scale)), "threshold": float(quantile(t, c, scale, q, n, len(peaks)))},
    }


def quantile(t, gamma, sigma, q, n, nt):
    r = q * n / nt
    return t - sigma * np.log(r) if gamma == 0 else t + sigma / gamma * (r ** -gamma - 1)


def spot_stream(calibration, stream, q, level, depth=0):
    """SPOT (depth 0) or DSPOT: alarms when x >= z (aedetect's >= convention); normal peaks refit; z moves only on a peak."""
    if depth:
        window = list(calibration[:depth])
        cal = np.array([calibration[i] - np.mean(calibration[i - depth:i]) for i in range(depth, len(calibration))])
        window = list(calibration[-depth:])
    else:
        cal, window = calibration, []
    s = np.sort(cal)
    n = len(s)
    t = s[min(int(np.floor(level * n)), n - 1)]
    peaks = list(cal[cal > t] - t)
    gamma, sigma, _ = grimshaw(np.array(peaks))
    z = quantile(t, gamma, sigma, q, n, len(peaks))
    thresholds, alarms = [], []
    for i, x in enumerate(stream):
        drift = np.mean(window) if depth else 0.0
        thresholds.append(float(z + drift))
        v = x - drift
        if v >= z:
            alarms.append(i)
            continue
        n += 1
        if v > t:
            peaks.append(v - t)
            gamma, sigma, _ = grimshaw(np.array(peaks))
            z = quantile(t, gamma, sigma, q, n, len(peaks))
        if depth:
            window = window[1:] + [x]
    return {"thresholds": thresholds, "alarms": alarms, "final": {"gamma": float(gamma), "sigma": float(sigma), "peaks": len(peaks), "n": n}}


def nonparametric(scores, z_min=2.5, z_max=12.0, z_step=0.5, buffer=100, span=0):
    # pandas' ewm(span).mean() with adjust=True, as two first-order recursive filters (pandas is not installed here).
    if span > 1:
        decay = 1 - 2 / (span + 1)
        e = signal.lfilter([1.0], [1.0, -decay], scores) / signal.lfilter([1.0], [1.0, -decay], np.ones(len(scores)))
    else:
        e = scores.copy()
    mean, sd = e.mean(), e.std()
    best_z, best = z_max, -np.inf
    for z in np.arange(z_min, z_max, z_step):
        eps = mean + z * sd
        pruned = e[e < eps]
        hits = np.flatnonzero(e >= eps)
        if len(hits) == 0:
            continue
        offsets = np.arange(-(buffer - 1), buffer)
        idx = np.unique((hits[:, None] + offsets[None, :]).ravel())
        idx = idx[(idx >= 0) & (idx < len(e))]
        runs = np.split(idx, np.flatnonzero(np.diff(idx) != 1) + 1)
        seqs = sum(1 for r in runs if len(r) > 1)
        score = ((mean - pruned.mean()) / mean + (sd - pruned.std()) / sd) / (seqs ** 2 + len(idx))
        if score >= best and seqs <= 5 and len(idx) < len(e) * 0.5:
            best, best_z = score, float(z)
    return {"z": best_z, "threshold": float(mean + best_z * sd), "mean": float(mean), "std": float(sd)}


def rolling(calibration, stream, batch, history, buffer):
    """Telemanom's online use: each batch of the stream is flagged with the epsilon of the trailing `history` points."""
    seen = list(calibration)
    alarms, thresholds = [], []
    eps = nonparametric(np.array(seen[-history:]), buffer=buffer)["threshold"]
    for i, x in enumerate(stream):
        thresholds.append(eps)
        if x >= eps:
            alarms.append(i)
        seen.append(x)
        if (i + 1) % batch == 0:
            eps = nonparametric(np.array(seen[-history:]), buffer=buffer)["threshold"]
    return {"batch": batch, "history": history, "errorBuffer": buffer, "calibrationLength": len(calibration), "alarms": alarms, "thresholds": thresholds}


def rounded(a):
    return [float(f"{v:.6g}") for v in a]


def main():
    seed, out = int(sys.argv[1]), sys.argv[2]
    rng = np.random.default_rng(seed)
    cases = []
    # Light tail (γ < 0 expected): |N(0, 1)| scores. Heavy tail (γ > 0): lognormal. Exponential-like: gamma(1).
    for name, draw in [("half-normal", lambda m: np.abs(rng.normal(size=m))), ("lognormal", lambda m: rng.lognormal(0, 0.8, m)), ("exponential", lambda m: rng.gamma(1.0, 2.0, m))]:
        x = np.array(rounded(draw(1500)))
        cases.append({"name": name, "scores": x.tolist(), "pot": {f"{q}@{lv}": pot(x, q, lv) for q, lv in [(1e-3, 0.98), (1e-4, 0.99), (1e-2, 0.9)]}})
    # A stream with a slow drift and three spikes: SPOT and DSPOT on 600 calibration + 400 stream points.
    m = 1000
    drift = np.linspace(0, 1.5, m)
    series = np.array(rounded(1 + drift + np.abs(rng.normal(0, 0.3, m))))
    series[[700, 820, 930]] += [3.0, 4.0, 3.5]
    series = np.array(rounded(series))
    cal, stream = series[:600], series[600:]
    streams = {"calibration": cal.tolist(), "stream": stream.tolist(), "spot": spot_stream(cal, stream, 1e-3, 0.98), "dspot": spot_stream(cal, stream, 1e-3, 0.98, depth=20)}
    # Non-parametric: smooth noise with two bursts.
    e = np.abs(rng.normal(0, 1, 1200))
    e[400:420] += 6
    e[900:905] += 9
    e = np.array(rounded(e))
    np_cases = {"scores": e.tolist(), "default": nonparametric(e), "smoothed": nonparametric(e, span=20, buffer=30), "stream": rolling(e[:300], e[300:], 70, 350, 10)}
    doc = {
        "generator": f"scripts/make-alarm-reference.py {seed} (numpy {np.__version__}, scipy {scipy.__version__})",
        "convention": "scores higher = more anomalous; alarm when score >= threshold; t = sorted[floor(level n)]; z_q = t + sigma/gamma ((q n / N_t)^-gamma - 1)",
        "pot": cases,
        "streams": streams,
        "nonparametric": np_cases,
    }
    with open(out, "w") as f:
        json.dump(doc, f)


main()

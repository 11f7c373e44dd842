"""The mean Pearson R over stations through Fisher's z transform, with its interval.

Each station's R is transformed to z = atanh(R), whose sampling variance is
1/(n − 3) for n pairs (Fisher 1921; the same standard error as pytesmo
metrics/pairwise.py ``pearson_r_ci``). The mean is taken in z and transformed back:

- weighted (default): z̄ = Σ wᵢ zᵢ / Σ wᵢ with wᵢ = nᵢ − 3, the inverse-variance
  (fixed-effect) mean; its standard error is 1/√Σ wᵢ
- unweighted: z̄ = mean zᵢ; its standard error is √Σ(1/wᵢ) / k for k stations

R̄ = tanh z̄, interval tanh(z̄ ∓ z₁₋α/₂ · SE). pytesmo has no aggregation over
locations (it scores each location; QA4SM's summaries are plain statistics of the
per-location values), so this function follows the textbook fixed-effect mean.
Stations with nᵢ ≤ 3 or without a finite R are left out. A station with |R| = 1 has
an infinite z and makes the mean ±1.
"""
import math

import numpy as np

from .intervals import DEFAULT_ALPHA


def station_mean_r(r_values, n_pairs, alpha=DEFAULT_ALPHA, weighted=True):
    """dict r, r_ci_lower, r_ci_upper, n_stations, n (pairs) of the Fisher-z mean R."""
    from scipy.stats import norm

    r = np.asarray(r_values, "float64")
    n = np.asarray(n_pairs, "float64")
    use = np.isfinite(r) & (n > 3)
    out = {"r": math.nan, "r_ci_lower": math.nan, "r_ci_upper": math.nan,
           "n_stations": int(use.sum()), "n": int(n[use].sum())}
    if not use.any():
        return out
    with np.errstate(divide="ignore"):
        z = np.arctanh(np.clip(r[use], -1.0, 1.0))
    w = n[use] - 3.0
    if weighted:
        mean, se = float(np.sum(w * z) / np.sum(w)), 1.0 / math.sqrt(float(np.sum(w)))
    else:
        mean, se = float(np.mean(z)), math.sqrt(float(np.sum(1.0 / w))) / z.size
    half = float(norm.ppf(1 - alpha / 2)) * se
    out.update(r=math.tanh(mean), r_ci_lower=math.tanh(mean - half),
               r_ci_upper=math.tanh(mean + half))
    return out

"""Confidence intervals of the pairwise metrics: analytical and bootstrap percentile.

Analytical, as pytesmo src/pytesmo/metrics/pairwise.py (formulas from Gilleland 2010,
doi:10.5065/D6WD3XJM, and Bonett & Wright 2000), each returning (lower, upper) for a
two-sided confidence level 1 − ``alpha`` (default 0.05: 95 %):

- :func:`bias_ci` (pytesmo ``bias_ci``): bias ± t₁₋α/₂,ₙ₋₁ · sd(e − r, ddof 1) / √n
- :func:`ubrmsd_ci` (pytesmo ``ubrmsd_ci``): √(n ubRMSD² / χ²₁₋α/₂,ₙ₋₁) …
  √(n ubRMSD² / χ²α/₂,ₙ₋₁)
- :func:`pearson_r_ci` (pytesmo ``pearson_r_ci``): tanh(atanh R ∓ z₁₋α/₂ / √(n − 3))
- :func:`spearman_r_ci`, :func:`kendall_tau_ci` (pytesmo, same names): the Fisher z
  interval with the standard error √(1 + ρ²/2)/√(n − 3) and 0.431/√(n − 3)

Bootstrap (pytesmo src/pytesmo/metrics/confidence_intervals.py
``with_bootstrapped_ci``, ``method="percentile"``): the pairs are resampled with
replacement ``n_samples`` times (pytesmo: 1000), the metric computed on each sample,
and the interval is the α/2 and 1 − α/2 quantiles (numpy ``nanquantile``, linear) of
those values. pytesmo draws from numpy's global state; here a
``numpy.random.Generator`` seeded by ``seed`` draws the indices, so the same seed gives
the same interval to the last bit. pytesmo resamples single pairs (no block
bootstrap); so does this. Fewer than ``min_n`` pairs (pytesmo
``minimum_data_length`` = 100) is refused with an :class:`InputError` naming the count.
"""
import math

import numpy as np

from ..errors import InputError

DEFAULT_ALPHA = 0.05
DEFAULT_SAMPLES = 1000
DEFAULT_MIN_BOOTSTRAP = 100
_CHUNK = 64  # bootstrap samples drawn at once (bounds memory; fixed, so draws are stable)
_CHUNK_DRAWS = 4_000_000  # …and at most this many indices (32 MB) for long series
NAN_CI = (math.nan, math.nan)


def bias_ci(estimate, reference, bias, alpha=DEFAULT_ALPHA):
    """(lower, upper) of the bias (m³/m³): the t interval of the mean difference."""
    from scipy.stats import t

    d = np.asarray(estimate, "float64") - np.asarray(reference, "float64")
    n = d.size
    if n < 2 or not math.isfinite(bias):
        return NAN_CI
    delta = float(np.std(d, ddof=1)) / math.sqrt(n) * float(t.ppf(1 - alpha / 2, n - 1))
    return bias - delta, bias + delta


def ubrmsd_ci(n, ubrmsd, alpha=DEFAULT_ALPHA):
    """(lower, upper) of ubRMSD (m³/m³) from ``n`` pairs: the χ² interval of a variance."""
    from scipy.stats import chi2

    if n < 2 or not math.isfinite(ubrmsd):
        return NAN_CI
    msd = ubrmsd ** 2
    return (math.sqrt(n * msd / float(chi2.ppf(1 - alpha / 2, n - 1))),
            math.sqrt(n * msd / float(chi2.ppf(alpha / 2, n - 1))))


def pearson_r_ci(n, r, alpha=DEFAULT_ALPHA):
    """(lower, upper) of Pearson R from ``n`` pairs through Fisher's z (needs n > 3)."""
    return _fisher_ci(n, r, 1.0, alpha)


def spearman_r_ci(n, rho, alpha=DEFAULT_ALPHA):
    """(lower, upper) of Spearman's ρ (Bonett & Wright 2000; pytesmo ``spearman_r_ci``)."""
    if not math.isfinite(rho):
        return NAN_CI
    return _fisher_ci(n, rho, math.sqrt(1.0 + rho ** 2 / 2.0), alpha)


def kendall_tau_ci(n, tau, alpha=DEFAULT_ALPHA):
    """(lower, upper) of Kendall's τ (Bonett & Wright 2000; pytesmo ``kendall_tau_ci``)."""
    return _fisher_ci(n, tau, 0.431, alpha)


def _fisher_ci(n, value, scale, alpha):
    from scipy.stats import norm

    if n <= 3 or not math.isfinite(value):
        return NAN_CI
    z = math.atanh(value) if abs(value) < 1.0 else math.copysign(math.inf, value)
    half = float(norm.ppf(1 - alpha / 2)) * scale / math.sqrt(n - 3)
    return math.tanh(z - half), math.tanh(z + half)


def resampled_indices(n, n_samples, seed):
    """Yield ``n_samples`` arrays of ``n`` indices drawn with replacement (seeded)."""
    rng = np.random.default_rng(seed)
    rows = max(1, min(_CHUNK, _CHUNK_DRAWS // max(n, 1)))  # ≤ 32 MB of indices at once
    left = n_samples
    while left > 0:
        block = rng.integers(0, n, size=(min(rows, left), n))
        left -= block.shape[0]
        yield from block


def check_bootstrap_size(n, min_n, what="pairs"):
    """Raise :class:`InputError` when ``n`` < ``min_n`` (the bootstrap minimum)."""
    if n < min_n:
        raise InputError(f"A bootstrap confidence interval needs at least {min_n} {what}; "
                         f"only {n} are available. Use the analytical intervals or lower "
                         "the bootstrap minimum.")


def bootstrap_ci(metric, series, alpha=DEFAULT_ALPHA, n_samples=DEFAULT_SAMPLES, seed=0,
                 min_n=DEFAULT_MIN_BOOTSTRAP):
    """(value, lower, upper) of ``metric(*series)`` with a bootstrap percentile interval.

    ``series``: equal-length 1-D arrays resampled together (the same rows of each);
    ``metric``: a function of those arrays returning a float. Samples where the metric
    is NaN are ignored by the quantiles (pytesmo ``_percentile_bs_ci``).
    """
    arrays = [np.asarray(s, "float64") for s in series]
    n = arrays[0].size
    check_bootstrap_size(n, min_n)
    values = np.array([metric(*(a[idx] for a in arrays))
                       for idx in resampled_indices(n, n_samples, seed)], dtype="float64")
    lower, upper = percentile_ci(values, alpha)
    return float(metric(*arrays)), lower, upper


def percentile_ci(values, alpha=DEFAULT_ALPHA):
    """(α/2, 1 − α/2) quantiles of bootstrap ``values`` along axis 0, NaNs ignored."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN column → NaN
        lower = np.nanquantile(values, alpha / 2, axis=0)
        upper = np.nanquantile(values, 1 - alpha / 2, axis=0)
    if np.ndim(lower) == 0:
        return float(lower), float(upper)
    return lower, upper

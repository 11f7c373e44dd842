"""The metrics of :func:`..metrics.score` plus rank correlations, the MSE decomposition
and analytical confidence intervals (pytesmo's ``PairwiseIntercomparisonMetrics``).

Keys added to those of :data:`..metrics.METRICS` (all from the same ``n`` valid pairs,
the ``n`` of the score):

- ``rho``, ``p_rho``, ``tau``, ``p_tau``: Spearman ρ, Kendall τ-b and p-values
- ``mse``, ``mse_corr``, ``mse_bias``, ``mse_var`` ((m³/m³)²): the decomposition
  ``mse = mse_corr + mse_bias + mse_var``
- ``bias_ci_lower/upper``, ``ubrmse_ci_lower/upper`` (m³/m³), ``r_ci_lower/upper``,
  ``rho_ci_lower/upper``, ``tau_ci_lower/upper``: analytical intervals at
  1 − ``alpha`` (:mod:`.intervals`; pytesmo's ``BIAS_ci_*``, ``urmsd_ci_*``,
  ``R_ci_*``, ``rho_ci_*``, ``tau_ci_*``)

:func:`bootstrap_cis` adds percentile intervals for any of the scalar metrics
(pytesmo bootstraps ``mse_*``, ``mse`` and ``RMSD`` this way).
"""
import math

from ..metrics import agreement, kendall, mse_decomposition, paired, score, spearman
from .intervals import (DEFAULT_ALPHA, DEFAULT_MIN_BOOTSTRAP, DEFAULT_SAMPLES, bias_ci,
                        bootstrap_ci, kendall_tau_ci, pearson_r_ci, spearman_r_ci, ubrmsd_ci)

CI_METRICS = ("bias", "ubrmse", "r", "rho", "tau")
EXTRA_METRICS = ("rho", "p_rho", "tau", "p_tau", "mse", "mse_corr", "mse_bias", "mse_var") + \
    tuple(f"{m}_ci_{side}" for m in CI_METRICS for side in ("lower", "upper"))
EXTRA_LABELS = {"rho": "ρ", "p_rho": "p (ρ)", "tau": "τ", "p_tau": "p (τ)", "mse": "MSE",
                "mse_corr": "MSE (corr.)", "mse_bias": "MSE (bias)", "mse_var": "MSE (var.)"}
EXTRA_UNITS = {"mse": "(m³/m³)²", "mse_corr": "(m³/m³)²", "mse_bias": "(m³/m³)²",
               "mse_var": "(m³/m³)²", "bias_ci_lower": "m³/m³", "bias_ci_upper": "m³/m³",
               "ubrmse_ci_lower": "m³/m³", "ubrmse_ci_upper": "m³/m³"}


def extended_score(estimate, reference, alpha=DEFAULT_ALPHA):
    """:func:`..metrics.score` plus :data:`EXTRA_METRICS` of the finite pairs."""
    e, r = paired(estimate, reference)
    out = score(e, r)
    out.update(dict.fromkeys(EXTRA_METRICS, math.nan))
    n = out["n"]
    if n == 0:
        return out
    out["rho"], out["p_rho"] = spearman(e, r)
    out["tau"], out["p_tau"] = kendall(e, r)
    out.update(mse_decomposition(e, r))
    intervals = {"bias": bias_ci(e, r, out["bias"], alpha),
                 "ubrmse": ubrmsd_ci(n, out["ubrmse"], alpha),
                 "r": pearson_r_ci(n, out["r"], alpha),
                 "rho": spearman_r_ci(n, out["rho"], alpha),
                 "tau": kendall_tau_ci(n, out["tau"], alpha)}
    for key, (lower, upper) in intervals.items():
        out[f"{key}_ci_lower"], out[f"{key}_ci_upper"] = lower, upper
    return out


def bootstrap_cis(estimate, reference, metrics=("bias", "rmse", "ubrmse", "r"),
                  alpha=DEFAULT_ALPHA, n_samples=DEFAULT_SAMPLES, seed=0,
                  min_n=DEFAULT_MIN_BOOTSTRAP):
    """dict metric → (value, lower, upper): bootstrap percentile intervals of the named
    keys of :func:`extended_score` (without its own intervals) over the finite pairs.

    The same ``seed`` resamples the same pairs for every metric. Raises
    :class:`InputError` with fewer than ``min_n`` pairs.
    """
    e, r = paired(estimate, reference)
    out = {}
    for key in metrics:
        out[key] = bootstrap_ci(lambda a, b, k=key: _one_metric(a, b, k), (e, r), alpha,
                                n_samples, seed, min_n)
    return out


def _one_metric(estimate, reference, key):
    """One named metric of the pairs (only what that metric needs: bootstraps repeat it)."""
    if key in ("rho", "p_rho"):
        return spearman(estimate, reference)[key == "p_rho"]
    if key in ("tau", "p_tau"):
        return kendall(estimate, reference)[key == "p_tau"]
    if key.startswith("mse"):
        return mse_decomposition(estimate, reference)[key]
    if key in ("bias", "rmse", "ubrmse", "mae", "r"):
        return agreement(estimate, reference)[key]
    return score(estimate, reference)[key]

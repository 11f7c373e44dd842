"""Agreement metrics between an estimate and a reference (pytesmo's definitions).

All in the units of the data (m³/m³ for soil moisture) unless stated; the
estimate is the map, the reference the station (or the truth):

- ``bias`` = mean(estimate) − mean(reference) (pytesmo ``bias``; negative: map too dry)
- ``rmse`` = √mean((estimate − reference)²) (pytesmo ``rmsd``)
- ``ubrmse`` = √(RMSE² − bias²), population form, ddof 0 (pytesmo ``ubrmsd``)
- ``r`` and ``p_value``: Pearson correlation and its two-sided p-value (pytesmo
  ``pearsonr``, scipy.stats.pearsonr); NaN with fewer than 3 pairs or a constant series
- ``r2`` = R², the square of Pearson R (0–1; NaN where R is)
- ``nse`` = 1 − Σ(estimate − reference)² / Σ(reference − mean(reference))², the
  Nash–Sutcliffe efficiency of the estimate (paper 002 eq. 6 with the usual denominator,
  there called R²; pytesmo ``nash_sutcliffe``). 1 is a perfect match, 0 no better than
  the reference's mean, and it can be negative; it is not the square of R.
- ``mae`` = mean |estimate − reference| (pytesmo ``aad``)
- ``mape`` = 100 % · mean(|estimate − reference| / reference) (paper 002 eq. 3)
- ``mre`` = 100 % · mean((estimate − reference) / reference): the signed mean relative
  error (paper 003 Table 5; its absolute form is MAPE)
- ``kl`` = Σ pᵢ ln(pᵢ / qᵢ), the Kullback–Leibler divergence of the reference from the
  estimate (paper 002 eq. 8, natural logarithm). Each series is normalised to sum to 1
  over the pairs (p = reference / Σ reference, q = estimate / Σ estimate), so it
  compares the shapes of the two series and ignores a constant factor; 0 when they are
  proportional. Pairs where either value is ≤ 0 are left out of it.

MAPE and MRE leave out pairs whose reference is ≤ 0 (a relative error needs a
positive reference).

Further pairwise figures (not in :data:`METRICS`; :mod:`.stats.scores` adds them):

- ``rho``, ``p_rho``: Spearman's rank correlation and its p-value (pytesmo
  ``spearman_r``, scipy.stats.spearmanr); ``tau``, ``p_tau``: Kendall's τ-b and its
  p-value (pytesmo ``kendall_tau``, scipy.stats.kendalltau)
- ``mse`` = ``mse_corr`` + ``mse_bias`` + ``mse_var`` (pytesmo
  metrics/_fast_pairwise.pyx ``mse_decomposition``): 2σₑσᵣ(1 − R), (ēₑ − ēᵣ)² and
  (σₑ − σᵣ)², population σ (ddof 0); in (m³/m³)²
"""
import math

import numpy as np

METRICS = ("n", "bias", "rmse", "ubrmse", "r", "p_value", "r2", "nse", "mae", "mape", "mre",
           "kl")
LABELS = {"n": "n", "bias": "bias", "rmse": "RMSE", "ubrmse": "ubRMSE", "r": "R",
          "p_value": "p (R)", "r2": "R²", "nse": "NSE", "mae": "MAE", "mape": "MAPE",
          "mre": "MRE", "kl": "K-L"}
UNITS = {"bias": "m³/m³", "rmse": "m³/m³", "ubrmse": "m³/m³", "mae": "m³/m³", "mape": "%",
         "mre": "%"}


def paired(estimate, reference):
    """Flatten both arrays and keep the pairs where both are finite."""
    e = np.asarray(estimate, dtype="float64").ravel()
    r = np.asarray(reference, dtype="float64").ravel()
    ok = np.isfinite(e) & np.isfinite(r)
    return e[ok], r[ok]


def agreement(estimate, reference):
    """n, bias, RMSE, ubRMSE = √(RMSE² − bias²), MAE and Pearson R of the valid pairs."""
    e, r = paired(estimate, reference)
    n = e.size
    if n == 0:
        return {"n": 0, "bias": np.nan, "rmse": np.nan, "ubrmse": np.nan, "mae": np.nan,
                "r": np.nan}
    diff = e - r
    bias = diff.mean()
    rmse = np.sqrt(np.mean(diff ** 2))
    ubrmse = np.sqrt(max(rmse ** 2 - bias ** 2, 0.0))
    return {"n": int(n), "bias": float(bias), "rmse": float(rmse), "ubrmse": float(ubrmse),
            "mae": float(np.abs(diff).mean()), "r": pearson(e, r)[0]}


def pearson(estimate, reference):
    """(R, two-sided p-value) of paired finite series; NaNs when undefined."""
    e, r = np.asarray(estimate, "float64"), np.asarray(reference, "float64")
    if e.size < 2 or np.ptp(e) == 0 or np.ptp(r) == 0:
        return math.nan, math.nan
    value = float(np.clip(np.corrcoef(e, r)[0, 1], -1.0, 1.0))
    if e.size < 3:
        return value, math.nan
    return value, p_value(value, e.size)


def p_value(r, n):
    """Two-sided p-value of Pearson ``r`` from ``n`` pairs (t test, n − 2 d.o.f.)."""
    from scipy.special import betainc

    if abs(r) >= 1.0:
        return 0.0
    dof = n - 2
    t2 = r * r * dof / (1.0 - r * r)
    return float(betainc(dof / 2.0, 0.5, dof / (dof + t2)))


def spearman(estimate, reference):
    """(ρ, two-sided p-value) of Spearman's rank correlation (scipy.stats.spearmanr, as
    pytesmo metrics/pairwise.py ``spearman_r``); NaNs as :func:`pearson`."""
    from scipy.stats import spearmanr

    return _rank_correlation(spearmanr, estimate, reference)


def kendall(estimate, reference):
    """(τ-b, two-sided p-value) of Kendall's rank correlation (scipy.stats.kendalltau, as
    pytesmo metrics/pairwise.py ``kendall_tau``); NaNs as :func:`pearson`."""
    from scipy.stats import kendalltau

    return _rank_correlation(kendalltau, estimate, reference)


def _rank_correlation(test, estimate, reference):
    e, r = np.asarray(estimate, "float64"), np.asarray(reference, "float64")
    if e.size < 2 or np.ptp(e) == 0 or np.ptp(r) == 0:
        return math.nan, math.nan
    value, p = test(e, r)
    return float(value), (float(p) if e.size >= 3 else math.nan)


def mse_decomposition(estimate, reference):
    """dict mse, mse_corr, mse_bias, mse_var ((m³/m³)²) of paired finite series.

    pytesmo metrics/_fast_pairwise.pyx ``mse_decomposition`` with population moments:
    mse_corr = max(2σₑσᵣ − 2 cov, 0) = 2σₑσᵣ(1 − R), mse_bias = (mean e − mean r)²,
    mse_var = (σₑ − σᵣ)², mse = their sum (= mean (e − r)²). NaNs for no pairs.
    """
    e, r = np.asarray(estimate, "float64"), np.asarray(reference, "float64")
    if e.size == 0:
        return dict.fromkeys(("mse", "mse_corr", "mse_bias", "mse_var"), math.nan)
    de, dr = e - e.mean(), r - r.mean()
    var_e, var_r, cov = np.mean(de * de), np.mean(dr * dr), np.mean(de * dr)
    parts = {"mse_corr": max(2.0 * math.sqrt(var_e) * math.sqrt(var_r) - 2.0 * cov, 0.0),
             "mse_bias": float(e.mean() - r.mean()) ** 2,
             "mse_var": (math.sqrt(var_e) - math.sqrt(var_r)) ** 2}
    return {"mse": float(sum(parts.values())), **{k: float(v) for k, v in parts.items()}}


def nash_sutcliffe(estimate, reference):
    """Nash–Sutcliffe efficiency 1 − SSE / Σ(reference − mean)²; NaN for a flat reference."""
    e, r = np.asarray(estimate, "float64"), np.asarray(reference, "float64")
    if r.size == 0 or np.ptp(r) == 0:
        return math.nan
    return 1.0 - float(np.sum((e - r) ** 2)) / float(np.sum((r - r.mean()) ** 2))


def kl_divergence(estimate, reference):
    """K-L divergence of the sum-normalised reference from the estimate (nats); see module."""
    e, r = np.asarray(estimate, "float64"), np.asarray(reference, "float64")
    ok = (e > 0) & (r > 0)
    if not ok.any():
        return math.nan
    p = r[ok] / r[ok].sum()
    q = e[ok] / e[ok].sum()
    return float(max(np.sum(p * np.log(p / q)), 0.0))


def relative_errors(estimate, reference):
    """(MAPE, MRE) in % over the pairs with a positive reference; NaNs when none."""
    e, r = np.asarray(estimate, "float64"), np.asarray(reference, "float64")
    ok = r > 0
    if not ok.any():
        return math.nan, math.nan
    rel = (e[ok] - r[ok]) / r[ok]
    return float(100.0 * np.abs(rel).mean()), float(100.0 * rel.mean())


def score(estimate, reference):
    """Every metric of :data:`METRICS` for the finite pairs; NaN where undefined."""
    e, r = paired(estimate, reference)
    out = dict.fromkeys(METRICS, math.nan)
    out["n"] = int(e.size)
    if e.size == 0:
        return out
    out.update(agreement(e, r))
    out["r"], out["p_value"] = pearson(e, r)
    out["r2"] = out["r"] ** 2
    out["nse"] = nash_sutcliffe(e, r)
    out["mape"], out["mre"] = relative_errors(e, r)
    out["kl"] = kl_divergence(e, r)
    return out


def empty_score():
    """A score with n = 0 and every other metric NaN."""
    out = dict.fromkeys(METRICS, math.nan)
    out["n"] = 0
    return out


def mean_of_scores(scores):
    """Average of per-station scores: n summed, p-value left out, other metrics averaged.

    NaN metrics of a station are skipped; a metric no station has stays NaN.
    """
    out = empty_score()
    if not scores:
        return out
    out["n"] = int(sum(s["n"] for s in scores))
    for key in METRICS:
        if key in ("n", "p_value"):
            continue
        values = [s[key] for s in scores if math.isfinite(s[key])]
        if values:
            out[key] = float(np.mean(values))
    return out

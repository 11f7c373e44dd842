"""Triple collocation: error standard deviation, SNR and scaling of three products.

pytesmo src/pytesmo/metrics/tcol.py ``tcol_metrics`` (Gruber et al. 2016, 2020,
doi:10.1016/j.jag.2015.09.002): from the sample covariance matrix C (ddof 1, numpy
``cov``) of three collocated series x, y, z with independent errors,

- error variance  σ²ᵢ = Cᵢᵢ − Cᵢⱼ Cᵢₖ / Cⱼₖ
- scaling         βᵢ = C_ref,k / Cᵢ,k (k the third product; β_ref = 1): βᵢ·i is i
  rescaled to the reference's dynamics (``ref_ind``)
- ``err_std``     = βᵢ · √σ²ᵢ, the error standard deviation in the reference's units
  (pytesmo "err_std": **scaled** to the reference); NaN where σ²ᵢ < 0
- ``snr``         = −10 log₁₀ |Cᵢᵢ Cⱼₖ / (Cᵢⱼ Cᵢₖ) − 1|  (dB; 0 dB: signal and error
  variances equal, +3 dB: signal variance twice the error variance)

Confidence intervals: bootstrap percentile (pytesmo confidence_intervals.py
``tcol_metrics_with_bootstrapped_ci``; pytesmo has no analytical TC interval), the
triplets resampled with a seeded ``numpy.random.Generator``. The triplets are the
indices where all three are finite; fewer than ``min_triplets`` (default 100: pytesmo's
bootstrap ``minimum_data_length`` and ``TripleCollocationMetrics.bootstrap_min_obs``;
pytesmo's own metric minimum is 10) is refused with an :class:`InputError` naming the
count.
"""
import numpy as np

from ..errors import InputError
from .intervals import (DEFAULT_ALPHA, DEFAULT_SAMPLES, percentile_ci, resampled_indices)

DEFAULT_MIN_TRIPLETS = 100
NAMES = ("map", "coarse product", "station")
_OTHERS = ((1, 2), (0, 2), (0, 1))  # (j, k) for i = 0, 1, 2


def triplets(x, y, z, min_triplets=DEFAULT_MIN_TRIPLETS, names=NAMES):
    """(3, n) float64 array of the triplets where x, y and z are all finite.

    Raises :class:`InputError` naming the count when n < ``min_triplets``.
    """
    data = np.vstack([np.asarray(a, "float64").ravel() for a in (x, y, z)])
    data = data[:, np.isfinite(data).all(axis=0)]
    if data.shape[1] < min_triplets:
        raise InputError(
            f"Triple collocation needs at least {min_triplets} dates where the "
            f"{names[0]}, the {names[1]} and the {names[2]} all have a value; only "
            f"{data.shape[1]} found. Use a longer period or more stations.")
    return data


def metrics_from_cov(cov, ref_ind=0):
    """(snr dB, err_std, beta), each shape (..., 3), from covariance matrices (..., 3, 3)."""
    cov = np.asarray(cov, "float64")
    snr, err_var, beta = [], [], []
    k_ref = [k for k in range(3) if k != ref_ind]
    with np.errstate(invalid="ignore", divide="ignore"):
        for i, (j, k) in enumerate(_OTHERS):
            ratio = cov[..., i, i] * cov[..., j, k] / (cov[..., i, j] * cov[..., i, k])
            snr.append(-10.0 * np.log10(np.abs(np.abs(ratio) - 1.0)))
            err_var.append(cov[..., i, i] - cov[..., i, j] * cov[..., i, k] / cov[..., j, k])
            if i == ref_ind:
                beta.append(np.ones(cov.shape[:-2]))
            else:
                third = [m for m in k_ref if m != i][0]
                beta.append(cov[..., ref_ind, third] / cov[..., i, third])
        snr, err_var, beta = (np.stack(a, axis=-1) for a in (snr, err_var, beta))
        return snr, np.sqrt(err_var) * beta, beta


def tcol_metrics(x, y, z, ref_ind=0, min_triplets=DEFAULT_MIN_TRIPLETS, names=NAMES):
    """dict n, snr (dB), err_std (reference units), beta: arrays of 3, in x, y, z order."""
    data = triplets(x, y, z, min_triplets, names)
    snr, err_std, beta = metrics_from_cov(np.cov(data), ref_ind)
    return {"n": data.shape[1], "snr": snr, "err_std": err_std, "beta": beta}


def tcol_metrics_with_bootstrap_ci(x, y, z, ref_ind=0, alpha=DEFAULT_ALPHA,
                                   n_samples=DEFAULT_SAMPLES, seed=0,
                                   min_triplets=DEFAULT_MIN_TRIPLETS, names=NAMES):
    """:func:`tcol_metrics` plus ``<metric>_ci_lower`` / ``_ci_upper`` arrays of 3.

    The reference's beta interval is (1, 1) as in pytesmo.
    """
    data = triplets(x, y, z, min_triplets, names)
    out = tcol_metrics(*data, ref_ind=ref_ind, min_triplets=min_triplets, names=names)
    n = data.shape[1]
    covs = np.empty((n_samples, 3, 3))
    for s, idx in enumerate(resampled_indices(n, n_samples, seed)):
        covs[s] = np.cov(data[:, idx])
    for key, values in zip(("snr", "err_std", "beta"), metrics_from_cov(covs, ref_ind)):
        out[f"{key}_ci_lower"], out[f"{key}_ci_upper"] = percentile_ci(values, alpha)
    out["beta_ci_lower"][ref_ind] = out["beta_ci_upper"][ref_ind] = 1.0
    return out

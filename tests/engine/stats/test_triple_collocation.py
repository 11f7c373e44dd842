"""Triple collocation: exact algebra on fixed numbers, known errors on synthetic series."""
import math

import numpy as np
import pytest

from smdownscale.engine.errors import InputError
from smdownscale.engine.stats.triple_collocation import (tcol_metrics,
                                                         tcol_metrics_with_bootstrap_ci)

X = np.array([0.21, 0.34, 0.18, 0.29, 0.40, 0.25, 0.31, 0.12])
Y = np.array([0.25, 0.31, 0.20, 0.33, 0.45, 0.22, 0.36, 0.17])
Z = np.array([0.19, 0.30, 0.22, 0.27, 0.36, 0.24, 0.33, 0.15])


def _cov(a, b):
    return np.sum((a - a.mean()) * (b - b.mean())) / (a.size - 1)


def test_exact_algebra_on_fixed_numbers():
    cxx, cyy, czz = _cov(X, X), _cov(Y, Y), _cov(Z, Z)
    cxy, cxz, cyz = _cov(X, Y), _cov(X, Z), _cov(Y, Z)
    m = tcol_metrics(X, Y, Z, min_triplets=3)
    beta = [1.0, cxz / cyz, cxy / cyz]                           # x is the reference
    err_var = [cxx - cxy * cxz / cyz, cyy - cxy * cyz / cxz, czz - cxz * cyz / cxy]
    snr = [-10 * math.log10(abs(cxx * cyz / (cxy * cxz) - 1)),
           -10 * math.log10(abs(cyy * cxz / (cxy * cyz) - 1)),
           -10 * math.log10(abs(czz * cxy / (cxz * cyz) - 1))]
    assert m["n"] == 8
    assert m["beta"] == pytest.approx(beta, abs=1e-12)
    assert m["snr"] == pytest.approx(snr, abs=1e-12)
    expected = [b * math.sqrt(v) if v >= 0 else np.nan for b, v in zip(beta, err_var)]
    assert m["err_std"] == pytest.approx(expected, abs=1e-12, nan_ok=True)
    other_ref = tcol_metrics(X, Y, Z, ref_ind=2, min_triplets=3)
    assert other_ref["beta"] == pytest.approx([cyz / cxy, cxz / cxy, 1.0], abs=1e-12)


def _synthetic(n, seed):
    rng = np.random.default_rng(seed)
    truth = rng.normal(0.25, 0.06, n)
    x = truth + rng.normal(0, 0.02, n)
    y = 0.5 * truth + 0.1 + rng.normal(0, 0.015, n)                # err 0.03 once rescaled
    z = truth + rng.normal(0, 0.04, n)
    return x, y, z


def test_known_error_std_snr_and_scaling_on_synthetic_series():
    """n = 40 000: the sample error variances are within a few % (relative standard error
    of a TC error variance ≈ √(2/n)·(1 + products of SNR⁻¹) ≲ 2 %)."""
    x, y, z = _synthetic(40_000, 3)
    m = tcol_metrics(x, y, z)
    assert m["err_std"] == pytest.approx([0.02, 0.03, 0.04], rel=0.03)
    assert m["beta"] == pytest.approx([1.0, 2.0, 1.0], rel=0.02)
    signal = 0.06 ** 2
    assert m["snr"] == pytest.approx([10 * math.log10(signal / 0.02 ** 2),
                                      10 * math.log10(signal / 0.03 ** 2),
                                      10 * math.log10(signal / 0.04 ** 2)], abs=0.3)


def test_bootstrap_intervals_contain_the_truth_and_repeat_with_the_seed():
    x, y, z = _synthetic(1500, 5)
    a = tcol_metrics_with_bootstrap_ci(x, y, z, seed=9, n_samples=400)
    b = tcol_metrics_with_bootstrap_ci(x, y, z, seed=9, n_samples=400)
    c = tcol_metrics_with_bootstrap_ci(x, y, z, seed=10, n_samples=400)
    keys = sorted(k for k in a if k != "n")
    assert b"".join(a[k].tobytes() for k in keys) == b"".join(b[k].tobytes() for k in keys)
    assert not np.array_equal(a["err_std_ci_lower"], c["err_std_ci_lower"])
    lower, upper = a["err_std_ci_lower"], a["err_std_ci_upper"]
    assert np.all(lower < a["err_std"]) and np.all(a["err_std"] < upper)
    width = upper - lower                       # ≈ 4 standard errors: the truth lies within
    assert np.all(np.abs(a["err_std"] - [0.02, 0.03, 0.04]) < 1.5 * width)
    assert np.all(a["snr_ci_lower"] < a["snr"]) and np.all(a["snr"] < a["snr_ci_upper"])
    assert a["beta_ci_lower"][0] == a["beta_ci_upper"][0] == 1.0


def test_too_few_triplets_are_refused_with_the_count():
    x, y, z = _synthetic(120, 1)
    y[:21] = np.nan                                                  # 99 complete triplets
    with pytest.raises(InputError, match="at least 100 dates .* only 99 found"):
        tcol_metrics(x, y, z)
    assert tcol_metrics(x, y, z, min_triplets=99)["n"] == 99

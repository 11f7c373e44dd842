"""Analytical confidence intervals against their formulas; the seeded bootstrap."""
import math

import numpy as np
import pytest
from scipy.stats import chi2, norm, t

from smdownscale.engine.errors import InputError
from smdownscale.engine.stats.intervals import (bias_ci, bootstrap_ci, kendall_tau_ci,
                                                pearson_r_ci, spearman_r_ci, ubrmsd_ci)
from smdownscale.engine.stats.scores import bootstrap_cis

MAP = np.array([0.21, 0.34, 0.18, 0.29, 0.40, 0.25, 0.31, 0.12, 0.27, 0.22])
STATION = np.array([0.19, 0.30, 0.22, 0.33, 0.36, 0.20, 0.27, 0.15, 0.30, 0.18])
N = MAP.size


def test_bias_ci_is_the_t_interval_of_the_mean_difference():
    d = MAP - STATION
    b = d.sum() / N
    sd = math.sqrt(np.sum((d - b) ** 2) / (N - 1))
    half = sd / math.sqrt(N) * t.ppf(0.975, N - 1)
    assert bias_ci(MAP, STATION, b) == pytest.approx((b - half, b + half), abs=1e-12)
    half90 = sd / math.sqrt(N) * t.ppf(0.95, N - 1)
    assert bias_ci(MAP, STATION, b, alpha=0.1) == pytest.approx((b - half90, b + half90),
                                                                abs=1e-12)


def test_ubrmsd_ci_is_the_chi2_interval_of_a_variance():
    u = 0.031
    lower, upper = ubrmsd_ci(N, u)
    assert lower == pytest.approx(math.sqrt(N * u * u / chi2.ppf(0.975, N - 1)), abs=1e-12)
    assert upper == pytest.approx(math.sqrt(N * u * u / chi2.ppf(0.025, N - 1)), abs=1e-12)
    assert lower < u < upper


def test_correlation_cis_are_fisher_z_intervals():
    z = norm.ppf(0.975)
    r = 0.8
    assert pearson_r_ci(N, r) == pytest.approx(
        (math.tanh(math.atanh(r) - z / math.sqrt(N - 3)),
         math.tanh(math.atanh(r) + z / math.sqrt(N - 3))), abs=1e-12)
    se = math.sqrt(1 + r * r / 2) / math.sqrt(N - 3)
    assert spearman_r_ci(N, r) == pytest.approx(
        (math.tanh(math.atanh(r) - z * se), math.tanh(math.atanh(r) + z * se)), abs=1e-12)
    se = 0.431 / math.sqrt(N - 3)
    assert kendall_tau_ci(N, 0.5) == pytest.approx(
        (math.tanh(math.atanh(0.5) - z * se), math.tanh(math.atanh(0.5) + z * se)), abs=1e-12)
    assert all(math.isnan(v) for v in pearson_r_ci(3, 0.5))        # needs n > 3
    assert pearson_r_ci(20, 1.0) == (1.0, 1.0)


def _pairs(n=300, seed=7):
    rng = np.random.default_rng(seed)
    ref = rng.uniform(0.1, 0.4, n)
    return ref + 0.01 + rng.normal(0, 0.03, n), ref


def test_bootstrap_same_seed_same_bytes_other_seed_differs():
    est, ref = _pairs()
    a = bootstrap_cis(est, ref, seed=42, n_samples=300)
    b = bootstrap_cis(est, ref, seed=42, n_samples=300)
    c = bootstrap_cis(est, ref, seed=43, n_samples=300)
    assert np.array(list(a.values())).tobytes() == np.array(list(b.values())).tobytes()
    assert a["bias"][1:] != c["bias"][1:]
    for value, lower, upper in a.values():
        assert lower < value < upper


def test_bootstrap_percentile_agrees_with_the_t_interval_of_a_mean():
    est, ref = _pairs(n=400)
    value, lower, upper = bootstrap_ci(lambda a, b: float(np.mean(a - b)), (est, ref), seed=1)
    lo_t, up_t = bias_ci(est, ref, value)
    assert value == pytest.approx(np.mean(est - ref), abs=1e-15)
    assert (upper - lower) == pytest.approx(up_t - lo_t, rel=0.15)  # 1000 samples: ~±5 %
    assert (lower + upper) / 2 == pytest.approx(value, abs=0.15 * (up_t - lo_t))


def test_bootstrap_refuses_too_few_pairs_with_the_count():
    est, ref = _pairs(n=50)
    with pytest.raises(InputError, match="at least 100 pairs; only 50"):
        bootstrap_cis(est, ref)
    assert bootstrap_cis(est, ref, min_n=50, n_samples=20)["r"][0] == pytest.approx(
        np.corrcoef(est, ref)[0, 1], abs=1e-12)

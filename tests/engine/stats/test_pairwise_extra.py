"""Spearman, Kendall, the MSE decomposition and the extended score, from textbook formulas."""
import math

import numpy as np
import pytest

from smdownscale.engine.metrics import METRICS, kendall, mse_decomposition, score, spearman
from smdownscale.engine.stats.scores import EXTRA_METRICS, extended_score

# map (estimate) and station (reference), m³/m³; no ties in either
MAP = np.array([0.21, 0.34, 0.18, 0.29, 0.40, 0.25, 0.31, 0.12])
STATION = np.array([0.19, 0.30, 0.22, 0.33, 0.36, 0.20, 0.27, 0.15])
N = MAP.size


def _ranks(a):
    return np.argsort(np.argsort(a)) + 1.0


def test_spearman_is_one_minus_six_sum_d2_and_p_from_scipy():
    from scipy.stats import spearmanr

    d = _ranks(MAP) - _ranks(STATION)
    rho, p = spearman(MAP, STATION)
    assert rho == pytest.approx(1 - 6 * np.sum(d ** 2) / (N * (N ** 2 - 1)), abs=1e-12)
    assert p == pytest.approx(spearmanr(MAP, STATION)[1], rel=1e-12)


def test_kendall_is_concordant_minus_discordant_over_pairs_and_p_from_scipy():
    from scipy.stats import kendalltau

    s = sum(np.sign(MAP[i] - MAP[j]) * np.sign(STATION[i] - STATION[j])
            for i in range(N) for j in range(i + 1, N))
    tau, p = kendall(MAP, STATION)
    assert tau == pytest.approx(s / (N * (N - 1) / 2), abs=1e-12)
    assert p == pytest.approx(kendalltau(MAP, STATION)[1], rel=1e-12)


def test_mse_decomposition_textbook():
    mx, my = MAP.sum() / N, STATION.sum() / N
    sx = math.sqrt(np.sum((MAP - mx) ** 2) / N)                     # population σ
    sy = math.sqrt(np.sum((STATION - my) ** 2) / N)
    r = np.sum((MAP - mx) * (STATION - my)) / N / (sx * sy)
    m = mse_decomposition(MAP, STATION)
    assert m["mse_corr"] == pytest.approx(2 * sx * sy * (1 - r), abs=1e-12)
    assert m["mse_bias"] == pytest.approx((mx - my) ** 2, abs=1e-12)
    assert m["mse_var"] == pytest.approx((sx - sy) ** 2, abs=1e-12)
    assert m["mse"] == pytest.approx(np.sum((MAP - STATION) ** 2) / N, abs=1e-12)


def test_rank_correlations_undefined_are_nan():
    assert all(math.isnan(v) for v in spearman([0.2, 0.2, 0.2], [0.1, 0.2, 0.3]))
    assert all(math.isnan(v) for v in kendall([0.1], [0.2]))
    rho, p = spearman([0.1, 0.2], [0.3, 0.4])                       # 2 pairs: ρ but no p
    assert rho == pytest.approx(1.0) and math.isnan(p)
    assert math.isnan(mse_decomposition([], [])["mse"])


def test_extended_score_adds_keys_and_keeps_the_existing_ones():
    est = np.append(MAP, [np.nan, 0.3])
    ref = np.append(STATION, [0.2, np.nan])
    m = extended_score(est, ref)
    base = score(est, ref)
    assert set(m) == set(METRICS) | set(EXTRA_METRICS)
    assert all(m[k] == base[k] or (math.isnan(m[k]) and math.isnan(base[k])) for k in METRICS)
    assert m["n"] == N                                               # pairs behind every figure
    assert (m["rho"], m["p_rho"]) == spearman(MAP, STATION)
    assert m["mse"] == pytest.approx(m["rmse"] ** 2, abs=1e-12)
    assert m["mse"] - m["mse_bias"] == pytest.approx(m["ubrmse"] ** 2, abs=1e-12)
    assert m["r_ci_lower"] < m["r"] < m["r_ci_upper"]
    assert m["bias_ci_lower"] < m["bias"] < m["bias_ci_upper"]
    empty = extended_score([np.nan], [0.2])
    assert empty["n"] == 0 and all(math.isnan(empty[k]) for k in EXTRA_METRICS)

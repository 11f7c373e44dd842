"""The station-mean R through Fisher's z, from the formula."""
import math

import numpy as np
import pytest
from scipy.stats import norm

from smdownscale.engine.stats.fisher import station_mean_r
from smdownscale.engine.stats.intervals import pearson_r_ci

R = [0.55, 0.72, 0.91, np.nan, 0.3]
N = [23, 53, 103, 40, 3]                        # the NaN and the n = 3 station are left out


def test_weighted_mean_in_z():
    z = [math.atanh(0.55), math.atanh(0.72), math.atanh(0.91)]
    w = [20, 50, 100]
    zbar = sum(a * b for a, b in zip(z, w)) / 170
    half = norm.ppf(0.975) / math.sqrt(170)
    m = station_mean_r(R, N)
    assert m["r"] == pytest.approx(math.tanh(zbar), abs=1e-12)
    assert (m["r_ci_lower"], m["r_ci_upper"]) == pytest.approx(
        (math.tanh(zbar - half), math.tanh(zbar + half)), abs=1e-12)
    assert (m["n_stations"], m["n"]) == (3, 179)


def test_unweighted_mean_in_z():
    z = [math.atanh(0.55), math.atanh(0.72), math.atanh(0.91)]
    zbar = sum(z) / 3
    half = norm.ppf(0.975) * math.sqrt(1 / 20 + 1 / 50 + 1 / 100) / 3
    m = station_mean_r(R, N, weighted=False)
    assert m["r"] == pytest.approx(math.tanh(zbar), abs=1e-12)
    assert m["r_ci_upper"] == pytest.approx(math.tanh(zbar + half), abs=1e-12)
    assert m["r"] != pytest.approx(station_mean_r(R, N)["r"], abs=1e-3)


def test_one_station_is_its_own_r_and_interval_and_none_is_nan():
    m = station_mean_r([0.6], [30])
    assert m["r"] == pytest.approx(0.6, abs=1e-12)
    assert (m["r_ci_lower"], m["r_ci_upper"]) == pytest.approx(pearson_r_ci(30, 0.6),
                                                               abs=1e-12)
    none = station_mean_r([np.nan, 0.4], [50, 2])
    assert math.isnan(none["r"]) and none["n_stations"] == 0

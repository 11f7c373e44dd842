"""The issue 19 §3 tables from synthetic validation pairs with known values."""
import datetime as dt
import math

import numpy as np
import pytest

from smdownscale.engine.errors import InputError
from smdownscale.engine.stats.scores import bootstrap_cis
from smdownscale.engine.stats.triple_collocation import tcol_metrics_with_bootstrap_ci
from smdownscale.engine.stations.statistics import (
    ANOMALY_COLUMNS, BOOTSTRAP_COLUMNS, STATION_COLUMNS, SUMMARY_COLUMNS, TC_COLUMNS,
    StatisticsOptions, compute_statistics, require_triple_collocation, side_by_side)

Z95 = 1.959963984540054  # standard normal 97.5 % quantile
Z90 = 1.6448536269514722  # standard normal 95 % quantile


def _days(start, n):
    first = dt.date.fromisoformat(start)
    return [(first + dt.timedelta(days=d)).isoformat() for d in range(n)]


def _pairs(series):
    """Pairs dict of validation from [(dates, observed, {column: values})], one a station."""
    out = {"station": [], "date": [], "n_obs": [], "observed": []}
    columns = sorted({c for _, _, cols in series for c in cols})
    out.update({c: [] for c in columns})
    for s, (dates, observed, cols) in enumerate(series):
        out["station"] += [s] * len(dates)
        out["date"] += list(dates)
        out["n_obs"] += [1] * len(dates)
        out["observed"] += list(observed)
        for c in columns:
            out[c] += list(cols.get(c, np.full(len(dates), np.nan)))
    return {k: (v if k == "date" else np.asarray(v, dtype=float if k != "station" else int))
            for k, v in out.items()}


def _seasonal(n, rng, start=0):
    t = np.arange(start, start + n)
    return 0.25 + 0.08 * np.sin(2 * np.pi * t / 365.25) + rng.normal(0, 0.03, n)


def _row(rows, **where):
    found = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, where
    return found[0]


def test_a_map_wetter_by_002_has_bias_002_and_no_ubrmse():
    rng = np.random.default_rng(0)
    obs = _seasonal(60, rng)
    pairs = _pairs([(_days("2019-03-01", 60), obs, {"map": obs + 0.02})])
    result = compute_statistics(pairs, ["A"], ["grass"], {"downscaled": "map"})
    row = _row(result.stations, station_id="A", product="downscaled")
    assert list(row) == list(STATION_COLUMNS)
    assert row["n"] == 60 and row["group"] == "grass"
    assert row["bias"] == pytest.approx(0.02, abs=1e-12)
    assert row["rmse"] == pytest.approx(0.02, abs=1e-12)
    assert row["ubrmse"] == pytest.approx(0.0, abs=1e-8)
    assert row["r"] == pytest.approx(1.0) and row["tau"] == pytest.approx(1.0)
    assert row["mse_bias"] == pytest.approx(0.0004, rel=1e-9)
    assert row["mse_corr"] == pytest.approx(0.0, abs=1e-12)
    d = np.full(60, 0.02)  # t interval of a constant difference has zero width
    assert row["bias_ci_lower"] == pytest.approx(d.mean(), abs=1e-9)


def test_too_few_pairs_keep_n_and_leave_the_scores_empty():
    pairs = _pairs([(_days("2019-03-01", 5), [0.2, 0.25, 0.3, 0.22, 0.27],
                     {"map": [0.21, 0.24, 0.33, 0.2, 0.3]})])
    result = compute_statistics(pairs, ["A"], [""], {"downscaled": "map"})
    row = result.stations[0]
    assert row["n"] == 5 and math.isnan(row["bias"]) and math.isnan(row["rho"])
    pooled = _row(result.summary, scope_kind="all", aggregation="pooled")
    assert pooled["n_pairs"] == 5 and math.isnan(pooled["r"])


def test_seasons_and_months_come_from_the_dates():
    rng = np.random.default_rng(1)
    dates = (["2019-01-15"] * 12 + ["2018-12-20T06:00"] * 12 + ["2019-07-03"] * 12
             + [""] * 12)
    obs = rng.random(48) * 0.3 + 0.1
    pairs = _pairs([(dates, obs, {"map": obs + rng.normal(0, 0.02, 48)})])
    result = compute_statistics(pairs, ["A"], ["forest"], {"downscaled": "map"})
    pooled = {(r["scope_kind"], r["scope"]): r["n_pairs"] for r in result.summary
              if r["aggregation"] == "pooled"}
    assert pooled[("all", "all")] == 48 and pooled[("group", "forest")] == 48
    assert pooled[("season", "DJF")] == 24  # 15 January and 20 December
    assert pooled[("season", "JJA")] == 12 and pooled[("season", "MAM")] == 0
    assert pooled[("month", "01")] == 12 and pooled[("month", "12")] == 12
    assert pooled[("month", "07")] == 12 and pooled[("month", "02")] == 0
    assert list(result.summary[0]) == list(SUMMARY_COLUMNS)
    off = compute_statistics(pairs, ["A"], ["forest"], {"downscaled": "map"},
                             StatisticsOptions(seasons=False, months=False))
    assert {r["scope_kind"] for r in off.summary} == {"all", "group"}


def test_station_mean_r_is_the_fisher_z_mean_weighted_by_n_minus_3():
    rng = np.random.default_rng(2)
    series, expected = [], []
    for s, (n, noise) in enumerate(((40, 0.01), (80, 0.03), (25, 0.05), (6, 0.01))):
        obs = rng.random(n) * 0.3 + 0.1
        est = obs + rng.normal(0, noise, n)
        series.append((_days("2020-04-01", n), obs, {"map": est}))
        if n >= 10:  # the last station has fewer than min_pairs
            expected.append((np.corrcoef(est, obs)[0, 1], n))
    result = compute_statistics(_pairs(series), list("ABCD"), [""] * 4, {"downscaled": "map"})
    row = _row(result.summary, scope_kind="all", aggregation="station mean")
    w = np.array([n - 3.0 for _, n in expected])
    z = np.sum(w * np.arctanh([r for r, _ in expected])) / w.sum()
    assert row["r"] == pytest.approx(math.tanh(z), abs=1e-12)
    assert row["r_ci_lower"] == pytest.approx(math.tanh(z - Z95 / math.sqrt(w.sum())), abs=1e-9)
    assert row["r_ci_upper"] == pytest.approx(math.tanh(z + Z95 / math.sqrt(w.sum())), abs=1e-9)
    assert row["n_stations"] == 3 and row["n_pairs"] == 145
    biases = [r["bias"] for r in result.stations if r["n"] >= 10]
    assert row["bias"] == pytest.approx(np.mean(biases), abs=1e-15)
    assert math.isnan(row["p_value"]) and math.isnan(row["bias_ci_lower"])
    at_90 = compute_statistics(_pairs(series), list("ABCD"), [""] * 4, {"downscaled": "map"},
                               StatisticsOptions(alpha=0.1))
    row = _row(at_90.summary, scope_kind="all", aggregation="station mean")
    assert row["r_ci_upper"] == pytest.approx(math.tanh(z + Z90 / math.sqrt(w.sum())), abs=1e-9)
    station = at_90.stations[0]
    n, r = expected[0][1], expected[0][0]
    assert station["r_ci_lower"] == pytest.approx(math.tanh(math.atanh(r) - Z90 / math.sqrt(n - 3)),
                                                  abs=1e-9)


def test_climatology_anomalies_need_several_years_moving_average_ones_do_not():
    rng = np.random.default_rng(3)
    one = _seasonal(365, rng)
    four = _seasonal(4 * 365, rng)
    pairs = _pairs([(_days("2019-01-01", 365), one, {"map": one + rng.normal(0, 0.02, 365)}),
                    (_days("2016-01-01", 1460), four,
                     {"map": four + rng.normal(0, 0.02, 1460)})])
    result = compute_statistics(pairs, ["short", "long"], ["", ""], {"downscaled": "map"})
    short, long = result.stations
    assert short["anomaly_n_clim"] == 0 and math.isnan(short["anomaly_r_clim"])
    assert math.isnan(short["anomaly_ubrmse_clim"])
    assert long["anomaly_n_clim"] == 1460 and 0.5 < long["anomaly_r_clim"] < 1.0
    assert long["anomaly_ubrmse_clim"] == pytest.approx(0.02, rel=0.25)
    for row in (short, long):
        assert row["anomaly_n_ma"] == row["n"] and 0.5 < row["anomaly_r_ma"] < 1.0
    assert set(ANOMALY_COLUMNS) <= set(short)


def test_moving_average_anomalies_equal_the_helper_station_by_station():
    from smdownscale.engine.stats.anomalies import anomaly_agreement, day_numbers

    rng = np.random.default_rng(4)
    series = []
    for start in ("2019-01-01", "2019-02-10"):
        obs = _seasonal(200, rng)
        series.append((_days(start, 200), obs, {"map": obs + rng.normal(0, 0.02, 200)}))
    result = compute_statistics(_pairs(series), ["A", "B"], ["", ""], {"downscaled": "map"},
                                StatisticsOptions(anomaly_window=21))
    for row, (dates, obs, cols) in zip(result.stations, series):
        days = day_numbers(np.array(dates, dtype="datetime64[D]"))
        expected = anomaly_agreement(days, cols["map"], obs, window=21)
        assert row["anomaly_r_ma"] == pytest.approx(expected["r"], abs=1e-12)
        assert row["anomaly_ubrmse_ma"] == pytest.approx(expected["ubrmse"], abs=1e-12)


def _tc_pairs(n_per_station, stations, rng):
    """Truth with variance 0.0064 plus independent errors: map 0.03, coarse 0.05,
    station 0.02 (m³/m³)."""
    series = []
    for _ in range(stations):
        truth = 0.25 + rng.normal(0, 0.08, n_per_station)
        station = truth + rng.normal(0, 0.02, n_per_station)
        series.append((_days("2019-01-01", n_per_station), station,
                       {"map": truth + rng.normal(0, 0.03, n_per_station),
                        "coarse": truth + rng.normal(0, 0.05, n_per_station)}))
    return _pairs(series)


def test_triple_collocation_is_refused_with_the_count_below_min_triplets():
    pairs = _tc_pairs(40, 2, np.random.default_rng(5))
    result = compute_statistics(pairs, ["A", "B"], ["", ""])
    tc = result.triple_collocation
    assert tc.n_triplets == 80 and "only 80 found" in tc.refused
    assert [r["dataset"] for r in tc.rows] == ["downscaled", "coarse", "station"]
    assert all(r["refused"] == tc.refused and math.isnan(r["err_std"]) for r in tc.rows)
    with pytest.raises(InputError, match="at least 100 dates .* only 80 found"):
        require_triple_collocation(tc)


def test_triple_collocation_recovers_the_error_standard_deviations():
    rng = np.random.default_rng(6)
    pairs = _tc_pairs(1500, 2, rng)
    result = compute_statistics(pairs, ["A", "B"], ["x", "y"],
                                options=StatisticsOptions(bootstrap_samples=200))
    tc = require_triple_collocation(result.triple_collocation)
    assert tc.n_triplets == 3000 and tc.stations_below == 0
    pooled = {r["dataset"]: r for r in tc.rows if r["scope"] == "all"}
    for dataset, sd in (("downscaled", 0.03), ("coarse", 0.05), ("station", 0.02)):
        row = pooled[dataset]
        assert list(row) == list(TC_COLUMNS)
        # sampling error of a TC error variance with 3000 triplets: a few per cent
        assert row["err_std"] == pytest.approx(sd, rel=0.1)
        assert row["err_std_ci_lower"] < row["err_std"] < row["err_std_ci_upper"]
        assert row["snr"] == pytest.approx(10 * math.log10(0.08 ** 2 / sd ** 2), abs=0.8)
    complete = np.vstack((pairs["map"], pairs["coarse"], pairs["observed"]))
    expected = tcol_metrics_with_bootstrap_ci(*complete, ref_ind=2, n_samples=200, seed=0)
    for i, dataset in enumerate(("downscaled", "coarse", "station")):
        for key in ("snr_ci_lower", "snr_ci_upper", "err_std_ci_lower", "err_std_ci_upper",
                    "beta_ci_lower", "beta_ci_upper"):
            assert pooled[dataset][key] == pytest.approx(expected[key][i], rel=1e-9)
    stations = [r for r in tc.rows if r["scope"] == "A"]
    assert len(stations) == 3 and stations[0]["n_triplets"] == 1500
    assert stations[0]["group"] == "x" and math.isnan(stations[0]["err_std_ci_lower"])


def test_bootstrap_intervals_are_reproducible_with_the_seed():
    pairs = _tc_pairs(150, 1, np.random.default_rng(8))
    products = {"downscaled": "map"}

    def run(seed):
        options = StatisticsOptions(bootstrap=True, bootstrap_samples=200, seed=seed,
                                    seasons=False, months=False)
        result = compute_statistics(pairs, ["A"], [""], products, options)
        assert result.summary_columns == SUMMARY_COLUMNS + BOOTSTRAP_COLUMNS
        return _row(result.summary, scope_kind="all", aggregation="pooled")

    first, again, other = run(3), run(3), run(4)
    expected = bootstrap_cis(pairs["map"], pairs["observed"], n_samples=200, seed=3)
    for metric, (_, lower, upper) in expected.items():
        assert first[f"{metric}_bootstrap_ci_lower"] == pytest.approx(lower, abs=1e-15)
        assert first[f"{metric}_bootstrap_ci_upper"] == pytest.approx(upper, abs=1e-15)
    assert [first[c] for c in BOOTSTRAP_COLUMNS] == [again[c] for c in BOOTSTRAP_COLUMNS]
    assert first["rmse_bootstrap_ci_lower"] != other["rmse_bootstrap_ci_lower"]
    for metric in ("bias", "rmse", "ubrmse", "r"):
        assert (first[f"{metric}_bootstrap_ci_lower"] < first[metric]
                < first[f"{metric}_bootstrap_ci_upper"])


def test_several_products_side_by_side_on_common_pairs():
    rng = np.random.default_rng(9)
    pairs = _tc_pairs(50, 2, rng)
    pairs["extra_0"] = pairs["observed"] - 0.01
    pairs["extra_0"][:10] = np.nan
    pairs["fused"] = np.full(100, np.nan)  # no value anywhere: left out
    products = {"downscaled": "map", "coarse": "coarse", "fused": "fused", "other": "extra_0"}
    result = compute_statistics(pairs, ["A", "B"], ["", ""], products)
    assert list(result.products) == ["downscaled", "coarse", "other"]
    assert result.skipped_products == ["fused"]
    wide = side_by_side(result.summary, metrics=("n_pairs", "bias"))
    row = _row(wide, scope_kind="all", aggregation="pooled")
    assert row["n_pairs (downscaled)"] == row["n_pairs (other)"] == 90  # common pairs
    assert row["bias (other)"] == pytest.approx(-0.01, abs=1e-12)
    separate = compute_statistics(pairs, ["A", "B"], ["", ""], products,
                                  StatisticsOptions(common_pairs=False))
    row = _row(side_by_side(separate.summary), scope_kind="all", aggregation="pooled")
    assert row["n_pairs (downscaled)"] == 100 and row["n_pairs (other)"] == 90
    assert {r["product"] for r in separate.stations} == {"downscaled", "coarse", "other"}


def test_bad_input_is_refused():
    pairs = _tc_pairs(20, 1, np.random.default_rng(10))
    with pytest.raises(InputError, match="no column extra_1"):
        compute_statistics(pairs, ["A"], [""], {"other": "extra_1"})
    with pytest.raises(InputError, match="alpha must lie in"):
        StatisticsOptions(alpha=1.5).validated()
    with pytest.raises(InputError, match="at least 3"):
        StatisticsOptions(min_pairs=2).validated()
    with pytest.raises(InputError, match="one group"):
        compute_statistics(pairs, ["A"], ["", "x"])
    with pytest.raises(InputError, match="refers to station 0 of only 0"):
        compute_statistics(pairs, [], [])

"""Station validation in the engine: pairing, scores per station/group, before/after."""
import datetime as dt

import numpy as np
import pytest
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.warp import transform as warp_transform

from smdownscale.engine.raster.dates import BandDate, parse_iso
from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.metrics import score
from smdownscale.engine.stations.observations import Observations, match_bands
from smdownscale.engine.raster.point_sampling import sample_points
from smdownscale.engine.stations.validation import ValidateOptions, validate
from smdownscale.engine.raster.timestack import write_stack

UTM = CRS.from_epsg(32650)
FINE = Grid(UTM, from_origin(500000, 4600000, 1000, 1000), 12, 12)
COARSE = Grid(UTM, from_origin(500000, 4600000, 4000, 4000), 3, 3)
DAYS = [BandDate(dt.datetime(2020, 6, 1) + dt.timedelta(days=d)) for d in range(6)]


def centre(row, col, grid=FINE):
    """x, y of a cell centre."""
    t = grid.transform
    return t.c + (col + 0.5) * t.a, t.f + (row + 0.5) * t.e


def fine_stack(seed=1):
    """(bands, rows, cols) values 0.1–0.4 that differ per cell and date."""
    rng = np.random.default_rng(seed)
    return rng.uniform(0.1, 0.4, (len(DAYS), FINE.height, FINE.width)).astype("float32")


def obs(rows, crs=UTM):
    """Observations from (station, row, col, day index or BandDate, value[, group]) tuples."""
    ids, xs, ys, values, dates, groups = [], [], [], [], [], []
    for r in rows:
        sid, row, col, day, value = r[:5]
        x, y = centre(row, col)
        ids.append(sid)
        xs.append(x)
        ys.append(y)
        values.append(value)
        dates.append(DAYS[day] if isinstance(day, int) else day)
        groups.append(r[5] if len(r) > 5 else None)
    if crs != UTM:
        xs, ys = warp_transform(UTM, crs, xs, ys)
    return Observations.build(ids, xs, ys, values, dates, groups, crs)


@pytest.fixture
def stack(tmp_path):
    data = fine_stack()
    return str(write_stack(tmp_path / "map.tif", FINE, data, DAYS)), data


# --- pairing --------------------------------------------------------------------------------
def test_nearest_cell_pairs_every_date(stack):
    path, data = stack
    rows = [("A", 2, 3, d, 0.25) for d in range(6)]
    result = validate(path, obs(rows), options=ValidateOptions(min_pairs=3))
    assert result.counts["pairs"] == 6
    np.testing.assert_allclose(result.pairs["map"], data[:, 2, 3], rtol=1e-6)
    assert result.pairs["date"] == [d.iso for d in DAYS]
    station = result.stations[0]
    assert station.metrics["n"] == 6
    assert station.metrics["bias"] == pytest.approx(data[:, 2, 3].astype(float).mean() - 0.25)


def test_window_mean_leaves_out_nodata(tmp_path):
    data = fine_stack()
    data[0, 4, 5] = -9999.0
    path = str(write_stack(tmp_path / "map.tif", FINE, data, DAYS))
    values, inside = sample_points(path, *centre(5, 5), bands=[1, 2], window=3)
    assert inside.all()
    block = data[0, 4:7, 4:7].astype(float)
    expected = (block.sum() + 9999.0) / 8                       # the nodata cell left out
    assert values[0, 0] == pytest.approx(expected, rel=1e-6)
    assert values[0, 1] == pytest.approx(data[1, 4:7, 4:7].mean(), rel=1e-6)
    edge, _ = sample_points(path, *centre(0, 0), bands=[2], window=3)
    assert edge[0, 0] == pytest.approx(data[1, 0:2, 0:2].mean(), rel=1e-6)  # clipped at edge
    with pytest.raises(InputError, match="odd"):
        sample_points(path, *centre(0, 0), window=2)


def test_date_tolerance_nearest_band_and_ties():
    late = BandDate(dt.datetime(2020, 6, 9))                    # 3 days after the last band
    mid = [BandDate(dt.datetime(2020, 6, 1)), BandDate(dt.datetime(2020, 6, 3))]
    assert match_bands([late], DAYS, 0).tolist() == [-1]
    assert match_bands([late], DAYS, 3).tolist() == [5]
    assert match_bands([BandDate(dt.datetime(2020, 6, 2))], mid, 1).tolist() == [0]  # tie: first
    am_pm = [parse_iso("2020-06-01T06:00"), parse_iso("2020-06-01T18:00")]
    assert match_bands([parse_iso("2020-06-01T17:00")], am_pm, 0).tolist() == [1]
    assert match_bands([parse_iso("2020-06-01")], am_pm, 0).tolist() == [0]


def test_observations_of_one_station_and_band_are_averaged(stack):
    path, data = stack
    rows = [("A", 2, 3, 0, 0.20), ("A", 2, 3, 0, 0.30), ("A", 2, 3, 1, 0.22),
            ("B", 7, 8, 0, 0.31)]
    result = validate(path, obs(rows), options=ValidateOptions(min_pairs=2))
    assert result.counts["pairs"] == 3
    first = [i for i, s in enumerate(result.pairs["station"]) if s == 0][0]
    assert result.pairs["observed"][first] == pytest.approx(0.25)
    assert result.pairs["n_obs"][first] == 2
    assert result.stations[1].metrics["n"] == 1 and np.isnan(result.stations[1].metrics["rmse"])


def test_tolerance_recovers_observations_between_bands(stack):
    path, data = stack
    off_day = BandDate(dt.datetime(2020, 6, 8))
    rows = [("A", 2, 3, d, 0.25) for d in range(6)] + [("A", 2, 3, off_day, 0.3)]
    strict = validate(path, obs(rows), options=ValidateOptions(min_pairs=3))
    assert strict.counts["no_band"] == 1 and strict.counts["pairs"] == 6
    loose = validate(path, obs(rows), options=ValidateOptions(min_pairs=3, tolerance=2))
    assert loose.counts["no_band"] == 0 and loose.counts["pairs"] == 6   # joins the last band
    assert loose.pairs["observed"][-1] == pytest.approx((0.25 + 0.3) / 2)


def test_undated_single_band_pairs_every_observation(tmp_path):
    data = fine_stack()[:1]
    path = str(write_stack(tmp_path / "static.tif", FINE, data))
    rows = [("A", 1, 1, d, 0.2 + 0.01 * d) for d in range(4)]
    every = validate(path, obs(rows), options=ValidateOptions(min_pairs=2))
    assert every.counts["pairs"] == 4                            # one pair per day
    np.testing.assert_allclose(every.pairs["map"], data[0, 1, 1], rtol=1e-6)
    one_day = validate(path, obs(rows), options=ValidateOptions(min_pairs=2, date="2020-06-02"))
    assert one_day.counts["pairs"] == 1 and one_day.pairs["date"] == ["2020-06-02"]
    with pytest.raises(InputError, match="not a date"):
        validate(path, obs(rows), options=ValidateOptions(date="June"))


def test_station_crs_is_reprojected(stack):
    path, _ = stack
    rows = [("A", 2, 3, d, 0.25) for d in range(6)] + [("B", 9, 10, d, 0.2) for d in range(6)]
    utm = validate(path, obs(rows), options=ValidateOptions(min_pairs=3))
    wgs = validate(path, obs(rows, crs="EPSG:4326"), options=ValidateOptions(min_pairs=3))
    np.testing.assert_allclose(wgs.pairs["map"], utm.pairs["map"])


def test_min_pairs_leaves_metrics_empty(stack):
    path, _ = stack
    rows = [("A", 2, 3, d, 0.25 + 0.01 * d) for d in range(6)] + [("B", 5, 5, 0, 0.2)]
    result = validate(path, obs(rows), options=ValidateOptions(min_pairs=6))
    a, b = result.stations
    assert a.metrics["n"] == 6 and np.isfinite(a.metrics["ubrmse"])
    assert b.metrics["n"] == 1 and all(np.isnan(v) for k, v in b.metrics.items() if k != "n")
    mean = [r for r in result.summary if r["aggregation"] == "station mean"][0]
    assert mean["n_stations"] == 1 and mean["ubrmse"] == pytest.approx(a.metrics["ubrmse"])


def test_groups_pooled_and_station_mean(stack):
    path, data = stack
    rows = []
    for sid, (r, c), group, offset in (("A", (1, 1), "S", 0.0), ("B", (2, 9), "S", 0.02),
                                       ("C", (9, 2), "L", -0.03)):
        rows += [(sid, r, c, d, float(data[d, r, c]) - offset, group) for d in range(6)]
    result = validate(path, obs(rows), options=ValidateOptions(min_pairs=3))
    assert result.groups == ["L", "S"]
    rows_by = {(r["group"], r["aggregation"]): r for r in result.summary}
    assert set(rows_by) == {(g, a) for g in ("L", "S", "all") for a in ("pooled", "station mean")}
    assert rows_by[("S", "pooled")]["n"] == 12 and rows_by[("S", "pooled")]["n_stations"] == 2
    assert rows_by[("S", "pooled")]["bias"] == pytest.approx(0.01, abs=1e-6)
    assert rows_by[("L", "station mean")]["bias"] == pytest.approx(-0.03, abs=1e-6)
    assert rows_by[("all", "station mean")]["bias"] == pytest.approx(-0.01 / 3, abs=1e-6)
    assert rows_by[("all", "station mean")]["ubrmse"] == pytest.approx(0.0, abs=1e-6)
    assert rows_by[("all", "pooled")]["ubrmse"] > 0.01          # offsets differ: pooled sees them
    assert result.overall()["n"] == 18


# --- before and after -----------------------------------------------------------------------
def coarse_and_map(tmp_path, offset=0.0):
    """A coarse stack and a map that is its 4 × 4 block copy plus pattern (mean kept) + offset."""
    rng = np.random.default_rng(4)
    coarse = rng.uniform(0.15, 0.35, (len(DAYS), 3, 3)).astype("float32")
    pattern = np.tile(np.array([[-0.03, 0.01], [0.01, 0.01]], "float32"), (6, 6))
    fine = np.repeat(np.repeat(coarse, 4, axis=1), 4, axis=2) + pattern + offset
    coarse[2, 1, 1] = -9999.0                                   # a coarse gap
    c = str(write_stack(tmp_path / "coarse.tif", COARSE, coarse, DAYS))
    f = str(write_stack(tmp_path / "fine.tif", FINE, fine.astype("float32"), DAYS))
    return c, f, coarse, fine


def test_coarse_columns_and_common_pairs(tmp_path):
    c, f, coarse, fine = coarse_and_map(tmp_path)
    rows = [("A", 5, 5, d, float(fine[d, 5, 5]) + 0.01) for d in range(6)]
    result = validate(f, obs(rows), c, ValidateOptions(min_pairs=3))
    assert result.has_coarse and result.counts["no_coarse"] == 1
    assert result.counts["pairs"] == 5                           # date 3 dropped for both
    station = result.stations[0]
    assert station.metrics["bias"] == pytest.approx(-0.01, abs=1e-6)
    used = [d for d in range(6) if d != 2]
    expected = score(coarse[used, 1, 1], np.array([fine[d, 5, 5] + 0.01 for d in used]))
    assert station.coarse["bias"] == pytest.approx(expected["bias"], abs=1e-6)
    assert station.coarse["ubrmse"] == pytest.approx(expected["ubrmse"], abs=1e-6)
    products = {r["product"] for r in result.summary}
    assert products == {"downscaled", "coarse"}
    own = validate(f, obs(rows), c, ValidateOptions(min_pairs=3, common_pairs=False))
    assert own.stations[0].metrics["n"] == 6 and own.stations[0].coarse["n"] == 5


def test_consistency_with_the_coarse_product(tmp_path):
    c, f, coarse, _ = coarse_and_map(tmp_path)
    rows = [("A", 5, 5, d, 0.25) for d in range(6)]
    kept = validate(f, obs(rows), c, ValidateOptions(min_pairs=3)).consistency
    assert [r["date"] for r in kept] == [d.iso for d in DAYS] + ["all dates"]
    assert kept[2]["n_cells"] == 8 and kept[0]["n_cells"] == 9  # the gap is not compared
    assert kept[-1]["n_cells"] == 53
    assert kept[-1]["rmse"] == pytest.approx(0.0, abs=1e-6)     # the pattern averages to 0
    c, f, coarse, _ = coarse_and_map(tmp_path, offset=0.02)
    shifted = validate(f, obs(rows), c, ValidateOptions(min_pairs=3)).consistency
    assert shifted[-1]["bias"] == pytest.approx(0.02, abs=1e-6)
    assert shifted[-1]["rmse"] == pytest.approx(0.02, abs=1e-6)
    valid = coarse[coarse > 0]
    assert shifted[-1]["mape"] == pytest.approx(100 * np.mean(0.02 / valid), rel=1e-4)


# --- refused input --------------------------------------------------------------------------
def test_no_station_on_the_map(stack):
    path, _ = stack
    far = Observations.build(["A"], [100.0], [100.0], [0.2], [DAYS[0]], None, UTM)
    with pytest.raises(InputError, match="None of the 1 stations lies on the map"):
        validate(path, far)


def test_no_date_in_common(stack):
    path, _ = stack
    rows = [("A", 2, 3, BandDate(dt.datetime(2021, 1, d + 1)), 0.2) for d in range(3)]
    with pytest.raises(InputError, match="No observation date meets a band date") as err:
        validate(path, obs(rows))
    assert "2021-01-01 … 2021-01-03" in str(err.value) and "2020-06-01 … 2020-06-06" in str(err.value)


def test_all_pairs_on_nodata(tmp_path):
    data = fine_stack()
    data[:, 2, 3] = -9999.0
    path = str(write_stack(tmp_path / "map.tif", FINE, data, DAYS))
    with pytest.raises(InputError, match="nodata"):
        validate(path, obs([("A", 2, 3, 0, 0.2)]))


def test_empty_and_crs_less_observations_refused(stack):
    with pytest.raises(InputError, match="no observations"):
        Observations.build([], [], [], [], crs=UTM)
    with pytest.raises(InputError, match="coordinate reference system"):
        Observations.build(["A"], [0.0], [0.0], [0.2], crs=None)


def test_undated_observations_on_a_dated_stack(stack):
    path, _ = stack
    x, y = centre(2, 3)
    undated = Observations.build(["A"], [x], [y], [0.2], None, None, UTM)
    with pytest.raises(InputError, match="date field"):
        validate(path, undated)


# --- the synthetic region: downscaling must beat the coarse product at the stations ---------
def test_downscaled_beats_coarse_at_the_synthetic_stations(validation_region):
    result = validate(validation_region["map"], validation_region["observations"],
                      validation_region["coarse"],
                      ValidateOptions(min_pairs=8))
    down, coarse = result.overall("downscaled"), result.overall("coarse")
    assert down["n"] == coarse["n"] > 150                       # the same pairs
    assert down["ubrmse"] < coarse["ubrmse"]
    assert down["r"] > coarse["r"]
    assert set(result.groups) == {"S", "M", "L"}
    assert result.consistency[-1]["rmse"] < 1e-4                # mass-preserving predict
    assert len(result.stations) == 16


def test_a_group_named_all_does_not_hide_the_overall_row(stack):
    path, data = stack
    rows = [("A", 1, 1, d, 0.2, "all") for d in range(6)] + \
        [("B", 8, 8, d, 0.3, "S") for d in range(6)]
    result = validate(path, obs(rows), options=ValidateOptions(min_pairs=3))
    assert result.groups == ["S", "all (group)"]
    assert result.overall()["n"] == 12 and result.overall()["n_stations"] == 2

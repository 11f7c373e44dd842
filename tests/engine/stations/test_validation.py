"""Station validation in the engine: pairing, scores per station/group, before/after."""
import datetime as dt
from dataclasses import replace

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


# --- overpass-time matching (issue 19 §2; pytesmo temporal collocation, ±1 h) -----------------
class Log:
    """Engine progress that keeps the info lines."""

    def __init__(self):
        self.lines = []

    def info(self, message):
        self.lines.append(message)

    def __getattr__(self, name):  # set_progress, warning, cancellation: silent
        from smdownscale.engine.progress import SilentProgress

        return getattr(SilentProgress(), name)


def at(day, hour, minute=0):
    """A UTC observation time on 2020-06-``day``."""
    return BandDate(dt.datetime(2020, 6, day, hour, minute), True)


def hourly(sid, row, col, first_day, days):
    """(station, row, col, time, value) rows every full hour UTC; value = 0.1 + 0.001 × hour
    index, so each value names its hour."""
    start = dt.datetime(2020, 6, first_day)
    return [(sid, row, col, BandDate(start + dt.timedelta(hours=h), True), 0.1 + 0.001 * h)
            for h in range(24 * days)]


def lon_of(row, col):
    """Longitude (degrees east) of a FINE cell centre."""
    lon, _ = warp_transform(UTM, "EPSG:4326", [centre(row, col)[0]], [centre(row, col)[1]])
    return lon[0]


def expected_nearest(local, lon, first_day):
    """Value of the hourly series (:func:`hourly`) nearest local solar time ``local`` at
    ``lon``: UTC = local − lon/15 h, rounded to the nearest full hour (a tie → the later)."""
    utc = local - dt.timedelta(hours=lon / 15.0)
    hours = (utc - dt.datetime(2020, 6, first_day)).total_seconds() / 3600.0
    return 0.1 + 0.001 * np.floor(hours + 0.5)


TIMED = [BandDate(dt.datetime(2020, 6, d, h), True) for d in (2, 3, 4) for h in (6, 18)]


@pytest.fixture
def timed_stack(tmp_path):
    data = fine_stack()
    return str(write_stack(tmp_path / "ampm.tif", FINE, data, TIMED)), data


def test_local_solar_time_to_utc_at_116_east():
    from smdownscale.engine.stations.time_matching import utc_of_local_solar

    local = dt.datetime(2019, 6, 1, 6, 0)
    hours = 116 / 15                                            # 15° of longitude per hour
    assert utc_of_local_solar(local, 116.0) == local - dt.timedelta(hours=hours)
    assert utc_of_local_solar(local, 116.0) == dt.datetime(2019, 5, 31, 22, 16)
    assert utc_of_local_solar(local, -90.0) == dt.datetime(2019, 6, 1, 12, 0)


def test_nearest_observation_within_an_hour_of_the_band_time(timed_stack):
    path, data = timed_stack
    rows = hourly("A", 2, 3, 1, 5) + hourly("B", 9, 10, 1, 5)
    log = Log()
    result = validate(path, obs(rows), options=ValidateOptions(min_pairs=3), progress=log)
    assert result.counts["pairs"] == 12 and result.counts["nearest_band_time"] == 12
    assert set(result.pairs["n_obs"].tolist()) == {1}           # one observation per pair
    for s, (r, c) in enumerate(((2, 3), (9, 10))):
        mine = result.pairs["station"] == s
        want = [expected_nearest(b.when, lon_of(r, c), 1) for b in TIMED]
        np.testing.assert_allclose(result.pairs["observed"][mine], want)
        np.testing.assert_allclose(result.pairs["map"][mine], data[:, r, c], rtol=1e-6)
    assert result.pairs["date"][:2] == ["2020-06-02T06:00", "2020-06-02T18:00"]
    assert any("nearest observation (UTC) within ±1 h of the band time" in m
               and "local solar time" in m and "6 band(s): 12 pair(s)" in m for m in log.lines)


def test_day_mean_option_keeps_the_former_pairing(timed_stack):
    path, _ = timed_stack
    rows = hourly("A", 2, 3, 2, 1)                              # 2020-06-02, 00–23 UTC
    log = Log()
    result = validate(path, obs(rows), options=ValidateOptions(min_pairs=2,
                                                               matching="day_mean"), progress=log)
    values = np.array([r[4] for r in rows])
    # every observation joins the band of its day nearest in time of day (AM up to 12:00)
    np.testing.assert_allclose(result.pairs["observed"], [values[:13].mean(), values[13:].mean()])
    assert result.pairs["n_obs"].tolist() == [13, 11] and result.counts["day_mean"] == 2
    assert any("day mean" in m and "day-mean matching was chosen" in m for m in log.lines)


def test_date_only_bands_use_the_products_nominal_overpass(stack):
    path, data = stack
    rows = hourly("A", 2, 3, 1, 6)
    day_mean = validate(path, obs(rows), options=ValidateOptions(min_pairs=3))
    values = np.array([r[4] for r in rows]).reshape(6, 24)
    np.testing.assert_allclose(day_mean.pairs["observed"], values.mean(axis=1))  # no product
    assert day_mean.counts["day_mean"] == 6 and day_mean.counts["nearest_overpass"] == 0
    log = Log()
    smap_pm = validate(path, obs(rows), options=ValidateOptions(min_pairs=3, overpass="smap_pm"),
                       progress=log)
    local = [dt.datetime.combine(d.day, dt.time(18)) for d in DAYS]   # SMAP PM 18:00 LST
    np.testing.assert_allclose(smap_pm.pairs["observed"],
                               [expected_nearest(t, lon_of(2, 3), 1) for t in local])
    assert smap_pm.counts["nearest_overpass"] == 6
    assert any("nominal SMAP PM overpass (18:00 local solar time)" in m for m in log.lines)


def test_band_time_conversion_at_116_east(tmp_path):
    wgs = CRS.from_epsg(4326)
    grid = Grid(wgs, from_origin(115.95, 40.05, 0.1, 0.1), 1, 1)   # one cell centred on 116° E
    band = [BandDate(dt.datetime(2019, 6, 1, 6), True)]           # 06:00 LST = 22:16 UTC 31 May
    path = str(write_stack(tmp_path / "one.tif", grid, np.full((1, 1, 1), 0.3, "float32"), band))
    times = [dt.datetime(2019, 5, 31, 22, 10), dt.datetime(2019, 5, 31, 22, 20),
             dt.datetime(2019, 6, 1, 6, 0)]                     # the last: band time as UTC
    series = Observations.build(["A"] * 3, [116.0] * 3, [40.0] * 3, [0.21, 0.22, 0.29],
                                [BandDate(t, True) for t in times], None, wgs)
    local = validate(path, series, options=ValidateOptions(min_pairs=2))
    assert local.pairs["observed"].tolist() == [0.22]            # 22:20 is 4 min from 22:16
    utc = validate(path, series, options=ValidateOptions(min_pairs=2, band_time="utc"))
    assert utc.pairs["observed"].tolist() == [0.29]


def test_window_edge_and_a_window_pairing_nothing(tmp_path):
    data = fine_stack()[:1]
    band = [BandDate(dt.datetime(2020, 6, 1, 6), True)]
    path = str(write_stack(tmp_path / "one.tif", FINE, data, band))
    utc = ValidateOptions(min_pairs=2, band_time="utc")
    on_edge = validate(path, obs([("A", 2, 3, at(1, 7, 0), 0.2)]), options=utc)
    assert on_edge.counts["pairs"] == 1                          # 60 min away: inside ±1 h
    late = obs([("A", 2, 3, at(1, 7, 1), 0.2), ("B", 5, 5, at(1, 3, 0), 0.3)])
    with pytest.raises(InputError, match=r"No observation lies within ±1 h") as err:
        validate(path, late, options=utc)                       # 61 min and 3 h away
    text = str(err.value)
    assert "2 station–band times" in text and "2 of them had observations within 24 h" in text
    assert "the closest 1.02 h away" in text and "day-mean" in text
    wide = validate(path, late, options=replace(utc, window_hours=2))
    assert wide.counts["pairs"] == 1 and wide.counts["no_window"] == 1


def test_equidistant_observations_pair_the_later_one():
    from smdownscale.engine.stations.time_matching import nearest_in_window

    hours = np.array([5.5, 6.5, 30.0])                           # 30 min before and after 06:00
    o, b, stats = nearest_in_window(np.zeros(3, int), hours, np.ones(3, bool),
                                    np.array([[6.0, 18.0]]), 1.0)
    assert o.tolist() == [1] and b.tolist() == [0]              # pandas 'nearest': the later
    assert stats == {"searched": 2, "missed": 1, "closest_miss": 11.5}


def test_times_all_at_midnight_are_dates():
    midnight = [BandDate(dt.datetime(2020, 6, d), True) for d in (1, 2)]
    o = Observations.build(["A", "A"], [0.0, 0.0], [0.0, 0.0], [0.2, 0.3], midnight, None, UTM)
    assert not o.has_times and [d.iso for d in o.dates] == ["2020-06-01", "2020-06-02"]
    timed = Observations.build(["A", "A"], [0.0, 0.0], [0.0, 0.0], [0.2, 0.3],
                               [midnight[0], at(2, 1)], None, UTM)
    assert timed.has_times and timed.dates[0].iso == "2020-06-01T00:00"

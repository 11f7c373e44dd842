"""Aligning a dated stack onto other dates (engine level, known answers computed by hand)."""
import dataclasses
import datetime as dt
import re

import numpy as np
import pytest
import rasterio
from helpers import CancelAfter, Messages, assert_same_stack, write_raster
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.prepare import date_alignment as da
from smdownscale.engine.prepare.date_alignment import (AlignOptions, align_stack, align_values,
                                                       choose_targets, observation_times,
                                                       parse_target_dates)
from smdownscale.engine.prepare.gapfill import fill_and_smooth
from smdownscale.engine.raster.dates import BandDate, parse_iso
from smdownscale.engine.raster.executors import cluster_session
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack

NAN = np.nan
GRID = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 3, 2)


def dates_of(*texts):
    return [parse_iso(t) for t in texts]


def daily(start, n):
    first = dt.datetime.fromisoformat(start)
    return [BandDate(first + dt.timedelta(days=k)) for k in range(n)]


def stack(path, band_values, dates, grid=GRID, units=None):
    """A stack whose band b is ``band_values[b]`` everywhere (NaN allowed per cell later)."""
    data = np.stack([np.full((grid.height, grid.width), v, "float32") for v in band_values])
    return str(write_stack(path, grid, data, dates=dates, units=units)), data


def one(*values):
    """A one-cell series as (bands, 1)."""
    return np.array(values, float)[:, np.newaxis]


# -- the rule, on arrays ------------------------------------------------------------------

def test_eight_day_observations_interpolate_linearly_in_days():
    # DOY 1 → 0.2 and DOY 9 → 0.6: day 3 = 0.2 + 0.4 · 2/8 = 0.3; day 9 copies 0.6.
    result, counts = align_values(one(0.2, 0.6), [0.0, 8.0], [0, 2, 5, 8])
    np.testing.assert_allclose(result[:, 0], [0.2, 0.3, 0.45, 0.6])
    assert counts == {"interpolated": 2, "copied": 2, "extended": 0, "gap": 0, "outside": 0}


def test_a_target_within_a_millionth_of_a_day_copies_the_observation():
    result, counts = align_values(one(0.2, 0.6), [0.0, 8.0], [8 - 5e-7, 8 + 5e-7, 4 + 1e-7])
    np.testing.assert_allclose(result[:, 0], [0.6, 0.6, 0.2 + 0.4 * (4 + 1e-7) / 8])
    assert counts["copied"] == 2 and counts["interpolated"] == 1


def test_gap_longer_than_max_gap_stays_nodata_and_16_days_is_bridged():
    # One missing 8-day composite: observations 16 days apart → bridged (default 16).
    result, counts = align_values(one(0.2, NAN, 0.6), [0.0, 8, 16], [8], 16)
    np.testing.assert_allclose(result[0, 0], 0.4)
    assert counts["interpolated"] == 1
    # Two missing: 24 days apart > 16 → nodata, counted as a gap.
    result, counts = align_values(one(0.2, NAN, NAN, 0.6), [0.0, 8, 16, 24], [4, 12, 24], 16)
    assert np.isnan(result[:2, 0]).all() and result[2, 0] == pytest.approx(0.6)
    assert counts == {"interpolated": 0, "copied": 1, "extended": 0, "gap": 2, "outside": 0}
    # max_gap_days = 0 copies only.
    result, _ = align_values(one(0.2, 0.6), [0.0, 8], [0, 4, 8], 0)
    np.testing.assert_allclose(result[:, 0], [0.2, NAN, 0.6])


def test_no_extrapolation_but_extend_days_gives_the_nearest_value():
    targets = [-5, -2, 10, 12.5, 13]
    result, counts = align_values(one(0.2, 0.6), [0.0, 8], targets)
    assert np.isnan(result).all() and counts["outside"] == 5  # default: no extension
    result, counts = align_values(one(0.2, 0.6), [0.0, 8], targets, extend_days=4.5)
    # −2 takes the first value, 10 and 12.5 the last; −5 and 13 are further than 4.5 days.
    np.testing.assert_allclose(result[:, 0], [NAN, 0.2, 0.6, 0.6, NAN])
    assert counts == {"interpolated": 0, "copied": 0, "extended": 3, "gap": 0, "outside": 2}
    # A gap inside the series is never extended.
    result, counts = align_values(one(0.2, 0.6), [0.0, 30], [1], 16, extend_days=4)
    assert np.isnan(result[0, 0]) and counts["gap"] == 1


def test_per_pixel_times_in_any_order_and_missing_values():
    # Cell 0: band times 0, 8 (as the bands). Cell 1: first observation on day 4 instead of 0.
    # Cell 2: observations listed out of order (day 8 first). Cell 3: no observation at all.
    values = np.array([[0.2, 0.2, 0.6, NAN], [0.6, 0.6, 0.2, NAN]])
    times = np.array([[0.0, 4.0, 8.0, 0.0], [8.0, 8.0, 0.0, 8.0]])
    result, counts = align_values(values, times, [2, 6])
    np.testing.assert_allclose(result[:, 0], [0.3, 0.5])
    np.testing.assert_allclose(result[:, 1], [NAN, 0.2 + 0.4 * 2 / 4])  # day 2 before day 4
    np.testing.assert_allclose(result[:, 2], [0.3, 0.5])
    assert np.isnan(result[:, 3]).all()
    assert counts == {"interpolated": 5, "copied": 0, "extended": 0, "gap": 0, "outside": 3}


def reference(values, times, targets, max_gap, extend):
    """The rules, one cell and one target at a time (slow and plain)."""
    out = np.full((len(targets), values.shape[1]), np.nan)
    for c in range(values.shape[1]):
        ok = np.isfinite(values[:, c]) & np.isfinite(times[:, c])
        t, v = times[ok, c], values[ok, c]
        order = np.argsort(t, kind="stable")
        t, v = t[order], v[order]
        for j, day in enumerate(targets):
            before = np.flatnonzero(t <= day + 1e-6)
            later = np.flatnonzero(t > day + 1e-6)
            if before.size and day - t[before[-1]] <= 1e-6:
                out[j, c] = v[before[-1]]
            elif before.size and later.size:
                a, b = before[-1], later[0]
                if t[b] - t[a] <= max_gap + 1e-6:
                    out[j, c] = v[a] + (day - t[a]) / (t[b] - t[a]) * (v[b] - v[a])
            elif before.size and day - t[before[-1]] <= extend + 1e-6:
                out[j, c] = v[before[-1]]
            elif later.size and t[later[0]] - day <= extend + 1e-6:
                out[j, c] = v[later[0]]
    return out


def test_vectorised_sweep_equals_the_plain_rule_per_cell():
    rng = np.random.default_rng(3)
    bands, cells = 9, 300
    values = rng.uniform(0, 1, (bands, cells))
    values[rng.random(values.shape) < 0.3] = NAN
    times = np.arange(bands)[:, None] * 8.0 + rng.integers(-3, 4, (bands, cells))
    times[rng.random(times.shape) < 0.1] = NAN
    targets = np.arange(-6.0, 72.0, 0.75)
    got, counts = align_values(values, times, targets, 12, 3)
    np.testing.assert_allclose(got, reference(values, times, targets, 12, 3), equal_nan=True)
    assert sum(counts.values()) == targets.size * cells
    assert counts["interpolated"] + counts["copied"] + counts["extended"] == \
        np.isfinite(got).sum()


# -- observation days of year ---------------------------------------------------------------

def test_day_of_year_belongs_to_the_band_year_or_across_new_year():
    origin = dt.datetime(2019, 12, 1)
    doy = np.array([[2.0, 340, 365, NAN, 0, 366]])  # band dated 2019-12-31 (its DOY 365)
    times, missing = observation_times(doy, dates_of("2019-12-31"), origin)
    # 2 → 2020-01-02 (next year); 340 → 2019-12-06; 365 → 2019-12-31; NaN, 0 and 366 (2019
    # has 365 days) → the band date.
    np.testing.assert_allclose(times[0], [32, 5, 30, 30, 30, 30])
    assert missing == 3
    # A band dated early in January with a late-December day: the previous year.
    times, missing = observation_times(np.array([[365.0, 366, 3]]), dates_of("2021-01-02"),
                                       dt.datetime(2020, 12, 1))
    np.testing.assert_allclose(times[0], [29, 30, 33])  # 2020-12-30, -31 (leap), 2021-01-03
    assert missing == 0


def test_observation_day_changes_the_answer_predictably(tmp_path):
    # Bands 2019-01-01 (0.2) and 2019-01-09 (0.6). Cell (0, 0) was observed on DOY 5 in the
    # first composite; the other cells have no day (nodata): their band date is used.
    path, _ = stack(tmp_path / "ndvi.tif", [0.2, 0.6], dates_of("2019-01-01", "2019-01-09"))
    doy = np.full((2, GRID.height, GRID.width), -1, "int16")
    doy[0, 0, 0] = 5
    doy[1, 0, 0] = 9
    days = write_raster(tmp_path / "doy.tif", doy, origin=(500000, 4600000), nodata=-1)
    out = tmp_path / "aligned.tif"
    targets = daily("2019-01-01", 9)
    summary = align_stack(path, out, targets, observation_days=days)
    got, _, _ = read_stack(out)
    # Band dates: day 3 = 0.2 + 0.4 · 2/8 = 0.3, day 7 = 0.5.
    np.testing.assert_allclose(got[[2, 6], 1, 1], [0.3, 0.5], rtol=1e-6)
    # Observed on Jan 5 and Jan 9: Jan 3 is before the first observation (nodata), Jan 5
    # copies 0.2, Jan 7 = 0.2 + 0.4 · 2/4 = 0.4.
    assert np.isnan(got[2, 0, 0])
    np.testing.assert_allclose(got[[4, 6], 0, 0], [0.2, 0.4], rtol=1e-6)
    assert summary["missing_days"] == 2 * (GRID.width * GRID.height - 1)
    assert summary["outside"] == 4  # Jan 1–4 of cell (0, 0)


def test_composite_across_new_year_with_observation_days(tmp_path):
    # 8-day composites centred on 2019-12-23 and 2019-12-31; cell (0, 0) observed on DOY 355
    # (2019-12-21) and DOY 3 (2020-01-03: the second composite crosses New Year).
    path, _ = stack(tmp_path / "ndvi.tif", [0.2, 0.6], dates_of("2019-12-23", "2019-12-31"))
    doy = np.zeros((2, GRID.height, GRID.width), "float32")
    doy[:, 0, 0] = [355, 3]
    days = write_raster(tmp_path / "doy.tif", doy, origin=(500000, 4600000), nodata=0)
    out = tmp_path / "aligned.tif"
    align_stack(path, out, dates_of("2019-12-29", "2020-01-02"), observation_days=days)
    got, _, dates = read_stack(out)
    assert [d.iso for d in dates] == ["2019-12-29", "2020-01-02"]
    # 13 days apart: 0.2 + 0.4 · 8/13 and 0.2 + 0.4 · 12/13.
    np.testing.assert_allclose(got[:, 0, 0], [0.2 + 0.4 * 8 / 13, 0.2 + 0.4 * 12 / 13],
                               rtol=1e-6)
    # Band dates elsewhere: 2019-12-29 = 0.2 + 0.4 · 6/8; 2020-01-02 is after the last → nodata.
    assert got[0, 1, 1] == pytest.approx(0.5, rel=1e-6) and np.isnan(got[1, 1, 1])


# -- the stack -------------------------------------------------------------------------------

def test_stack_onto_daily_targets_keeps_grid_units_and_writes_target_dates(tmp_path):
    src_dates = dates_of("2019-04-01", "2019-04-09", "2019-04-17", "2019-04-25")
    path, _ = stack(tmp_path / "ndvi.tif", [0.2, 0.6, 0.4, 0.5], src_dates, units="unitless")
    with rasterio.open(path, "r+") as ds:  # one cell misses the 2nd composite, one all
        values = ds.read()
        values[1, 0, 0] = -9999
        values[:, 1, 2] = -9999
        ds.write(values)
    out = tmp_path / "aligned.tif"
    targets = daily("2019-03-30", 30)  # 2019-03-30 … 2019-04-28
    progress = Messages()
    summary = align_stack(path, out, targets, progress=progress)
    with rasterio.open(out) as ds:
        assert ds.count == 30 and ds.dtypes[0] == "float32" and ds.nodata == -9999.0
        assert ds.descriptions == tuple(d.iso for d in targets)
        assert ds.units[0] == "unitless"
        assert Grid.of(ds).same_as(GRID)
    got, _, _ = read_stack(out)
    k = {d.iso: i for i, d in enumerate(targets)}
    # Cell (0, 1): 04-03 = 0.2 + 0.4 · 2/8; 04-13 = 0.6 − 0.2 · 4/8; 04-25 copies 0.5.
    np.testing.assert_allclose(got[[k["2019-04-03"], k["2019-04-13"], k["2019-04-25"]], 0, 1],
                               [0.3, 0.5, 0.5], rtol=1e-6)
    # Cell (0, 0) misses 04-09: 04-05 = 0.2 + 0.2 · 4/16 across the 16-day gap.
    assert got[k["2019-04-05"], 0, 0] == pytest.approx(0.25, rel=1e-6)
    assert np.isnan(got[:, 1, 2]).all()  # no observation at all
    assert np.isnan(got[[0, 1, 27, 28, 29], 0, 1]).all()  # before 04-01, after 04-25
    cells = 30 * 6
    assert summary["bands"] == 30 and summary["cells"] == cells
    filled = summary["interpolated"] + summary["copied"] + summary["extended"]
    assert filled == np.isfinite(got).sum() == 5 * 25
    assert summary["copied"] == 5 * 4 - 1 and summary["gap"] == 0
    assert summary["outside"] == cells - filled
    assert summary["filled_percent"] == pytest.approx(100 * 125 / 180)
    assert ("Aligned 4 source dates (2019-04-01 to 2019-04-25) onto 30 target dates "
            "(2019-03-30 to 2019-04-28).") in progress.infos
    assert any(m.startswith(f"Target cells: {summary['interpolated']} interpolated between "
                            "observations at most 16 days apart, 19 copied") for m in
               progress.infos)
    assert "Output cells with a value: 69.4 %." in progress.infos


def test_target_times_of_day_are_honoured(tmp_path):
    path, _ = stack(tmp_path / "ndvi.tif", [0.2, 0.6], dates_of("2019-04-01", "2019-04-09"))
    out = tmp_path / "aligned.tif"
    align_stack(path, out, dates_of("2019-04-02T06:00", "2019-04-02T18:00"))
    got, _, dates = read_stack(out)
    assert [d.iso for d in dates] == ["2019-04-02T06:00", "2019-04-02T18:00"]
    np.testing.assert_allclose(got[:, 0, 0], [0.2 + 0.4 * 1.25 / 8, 0.2 + 0.4 * 1.75 / 8],
                               rtol=1e-6)


def test_smoothing_equals_gapfill_smoother_at_the_observations(tmp_path):
    rng = np.random.default_rng(5)
    days = [0, 8, 16, 24, 32, 40, 48, 56, 64]
    src_dates = [BandDate(dt.datetime(2019, 4, 1) + dt.timedelta(days=d)) for d in days]
    data = rng.uniform(0.1, 0.8, (len(days), GRID.height, GRID.width)).astype("float32")
    data[3, 0, 0] = NAN  # one missing composite in one cell
    path = str(write_stack(tmp_path / "ndvi.tif", GRID, data, dates=src_dates))
    out = tmp_path / "aligned.tif"
    options = AlignOptions(sg_half_window=2, sg_order=2)
    align_stack(path, out, src_dates, options)
    got, _, _ = read_stack(out)
    want, _ = fill_and_smooth(data.astype(float), np.array(days, float), 16, 2, 2,
                              min_observations=1)
    observed = np.isfinite(data)
    np.testing.assert_allclose(got[observed], want[observed], rtol=1e-5)
    assert not np.allclose(got[observed], data[observed])  # it did smooth
    # The missing composite is interpolated between the smoothed neighbours.
    assert got[3, 0, 0] == pytest.approx((want[2, 0, 0] + want[4, 0, 0]) / 2, rel=1e-5)
    # Off by default.
    align_stack(path, out, src_dates)
    np.testing.assert_allclose(read_stack(out)[0][observed], data[observed])


def test_works_window_by_window(tmp_path):
    grid = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 7, 5)
    rng = np.random.default_rng(2)
    data = rng.uniform(0, 1, (3, 5, 7)).astype("float32")
    src_dates = dates_of("2019-04-01", "2019-04-09", "2019-04-17")
    path = str(write_stack(tmp_path / "s.tif", grid, data, dates=src_dates))
    whole, small = tmp_path / "whole.tif", tmp_path / "small.tif"
    targets = daily("2019-04-01", 17)
    align_stack(path, whole, targets)
    align_stack(path, small, targets, block=2)
    np.testing.assert_array_equal(read_stack(whole)[0], read_stack(small)[0])
    want, _ = align_values(data.reshape(3, -1), [0.0, 8, 16], np.arange(17.0))
    np.testing.assert_allclose(read_stack(whole)[0].reshape(17, -1), want, rtol=1e-6)


def test_same_stack_and_counts_on_a_dask_cluster(tmp_path, dask_cluster):
    # Smoothing and per-pixel observation days on 2×2 windows (12 units).
    grid = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 7, 5)
    rng = np.random.default_rng(8)
    src_dates = [BandDate(dt.datetime(2019, 4, 1) + dt.timedelta(days=8 * k)) for k in range(7)]
    data = rng.uniform(0.1, 0.8, (7, 5, 7)).astype("float32")
    data[rng.random(data.shape) < 0.2] = NAN
    path = str(write_stack(tmp_path / "ndvi.tif", grid, data, dates=src_dates))
    doy = np.array([d.day_of_year for d in src_dates], "int16")[:, None, None] + \
        rng.integers(-3, 4, data.shape).astype("int16")
    doy[rng.random(doy.shape) < 0.1] = -1
    days = write_raster(tmp_path / "doy.tif", doy, origin=(500000, 4600000), nodata=-1)
    options = AlignOptions(sg_half_window=2, sg_order=2, extend_days=3)
    targets = daily("2019-03-30", 55)

    def run(name):
        return align_stack(path, tmp_path / name, targets, options, observation_days=days,
                           block=2)

    here = run("here.tif")
    with cluster_session(dask_cluster.address):
        there = run("there.tif")
    assert_same_stack(tmp_path / "here.tif", tmp_path / "there.tif")
    keys = da.OUTCOMES + ("missing_days",)
    assert {k: there[k] for k in keys} == {k: here[k] for k in keys}
    assert here["interpolated"] > 0 and here["missing_days"] > 0 and here["extended"] > 0


def test_cancel_leaves_no_output(tmp_path):
    path, _ = stack(tmp_path / "s.tif", [0.2, 0.6], dates_of("2019-04-01", "2019-04-09"))
    out = tmp_path / "aligned.tif"
    with pytest.raises(Cancelled):
        align_stack(path, out, daily("2019-04-01", 9), block=1, progress=CancelAfter(2))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.tif"]


# -- target dates ----------------------------------------------------------------------------

def test_target_dates_from_text():
    assert [d.iso for d in parse_target_dates("2019-04-03, 2019-04-01;2019-04-03")] == \
        ["2019-04-01", "2019-04-03"]
    days = parse_target_dates("2019-04-01/2019-06-30")
    assert len(days) == 91 and days[0].iso == "2019-04-01" and days[-1].iso == "2019-06-30"
    mixed = parse_target_dates("2019-05-01, 2019-04-29/2019-05-02")
    assert [d.iso for d in mixed] == ["2019-04-29", "2019-04-30", "2019-05-01", "2019-05-02"]
    timed = parse_target_dates("2019-04-01T06:00/2019-04-03T06:00")
    assert [d.iso for d in timed] == ["2019-04-01T06:00", "2019-04-02T06:00", "2019-04-03T06:00"]


def test_target_dates_from_a_stack(tmp_path):
    target, _ = stack(tmp_path / "smap.tif", [0.1, 0.2, 0.3], daily("2019-04-01", 3))
    assert [d.iso for d in choose_targets(target)] == ["2019-04-01", "2019-04-02", "2019-04-03"]
    assert [d.iso for d in choose_targets(None, "2019-04-05")] == ["2019-04-05"]


@pytest.mark.parametrize("text, message", [
    ("2019-04-01, 2019-13-01", "'2019-13-01' is not a date. Give target dates as YYYY-MM-DD"),
    ("April 1", "'April' is not a date"),
    ("2019-04-10/2019-04-01", "The range '2019-04-10/2019-04-01' ends before it starts"),
    ("2019-04-01/", "'2019-04-01/' is not a date range. Write a range as start/end"),
    ("1900-01-01/2100-01-01", "has 73050 days, more bands than a GeoTIFF can hold (65535)"),
    (" , ", "No target dates were given. Type dates such as 2019-04-01,2019-04-09"),
])
def test_bad_dates_text(text, message):
    with pytest.raises(InputError, match=re.escape(message)):
        parse_target_dates(text)


def test_target_stack_or_dates_exactly_one(tmp_path):
    target, _ = stack(tmp_path / "smap.tif", [0.1, 0.2], daily("2019-04-01", 2))
    with pytest.raises(InputError, match="No target dates were given. Choose a target stack"):
        choose_targets(None, "  ")
    with pytest.raises(InputError, match="Both a target stack and target dates were given"):
        choose_targets(target, "2019-04-01")
    bad = write_raster(tmp_path / "undated.tif", np.zeros((2, 2, 2), "float32"))
    with pytest.raises(InputError, match="Band 1 of 'undated.tif' has no ISO date"):
        choose_targets(bad)


# -- bad input ------------------------------------------------------------------------------

def test_defaults_and_options_are_checked():
    assert AlignOptions() == AlignOptions(16.0, 0.0, 0, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        AlignOptions().max_gap_days = 3
    with pytest.raises(InputError, match=r"Maximum gap \(MAX_GAP_DAYS\) is -1; it must be zero "
                                         "or positive"):
        AlignOptions(max_gap_days=-1).validated()
    with pytest.raises(InputError, match=r"\(EXTEND_DAYS\) is -2; it must be zero or positive"):
        AlignOptions(extend_days=-2).validated()
    with pytest.raises(InputError, match=r"order \(5\) must be smaller than the window"):
        AlignOptions(sg_half_window=2, sg_order=5).validated()


def _described(tmp_path, descriptions, name="bad.tif"):
    data = np.arange(4 * len(descriptions), dtype="float32").reshape(-1, 2, 2)
    path = write_raster(tmp_path / name, data)
    with rasterio.open(path, "r+") as ds:
        for i, text in enumerate(descriptions, start=1):
            ds.set_band_description(i, text)
    return path


@pytest.mark.parametrize("descriptions, message", [
    (["2019-04-01"], r"'bad.tif' has 1 band\(s\). Aligning to other dates needs a time stack "
                     "of at least 2 dates"),
    (["2019-04-01", ""], r"Band 2 of 'bad.tif' has no ISO date as its description \(found "
                         r"None\). Build the stack with 'Build time stack'"),
    (["2019-04-09", "2019-04-01"], r"Band 2 \(2019-04-01\) does not come after band 1"),
])
def test_bad_source_is_refused_and_nothing_written(tmp_path, descriptions, message):
    path = _described(tmp_path, descriptions)
    out = tmp_path / "out.tif"
    with pytest.raises(InputError, match=message):
        align_stack(path, out, daily("2019-04-01", 3))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.tif"]


def test_targets_outside_the_source_period_name_both_periods(tmp_path):
    path, _ = stack(tmp_path / "s.tif", [0.2, 0.6], dates_of("2019-04-01", "2019-04-09"))
    out = tmp_path / "out.tif"
    with pytest.raises(InputError, match=r"Every target date \(2020-04-01 to 2020-04-30\) lies "
                                         r"outside the period of 's.tif' \(2019-04-01 to "
                                         r"2019-04-09\)"):
        align_stack(path, out, parse_target_dates("2020-04-01/2020-04-30"))
    # Within EXTEND_DAYS of the period it is not refused.
    align_stack(path, out, dates_of("2019-04-11"), AlignOptions(extend_days=2))
    assert read_stack(out)[0][0, 0, 0] == pytest.approx(0.6)


def test_observation_days_must_match_the_source(tmp_path):
    src_dates = dates_of("2019-04-01", "2019-04-09")
    path, _ = stack(tmp_path / "s.tif", [0.2, 0.6], src_dates)
    out = tmp_path / "out.tif"
    three = write_raster(tmp_path / "doy3.tif", np.ones((3, 2, 3), "int16"),
                         origin=(500000, 4600000))
    with pytest.raises(InputError, match=r"The observation-day stack 'doy3.tif' has 3 band\(s\) "
                                         "but 's.tif' has 2"):
        align_stack(path, out, src_dates, observation_days=three)
    shifted = write_raster(tmp_path / "doyg.tif", np.ones((2, 2, 3), "int16"),
                           origin=(510000, 4600000))
    with pytest.raises(InputError, match="'doyg.tif' .* is not on the grid of 's.tif'"):
        align_stack(path, out, src_dates, observation_days=shifted)
    dated = str(write_stack(tmp_path / "doyd.tif", GRID, np.ones((2, 2, 3), "float32"),
                            dates=dates_of("2019-04-01", "2019-04-17")))
    with pytest.raises(InputError, match="Band 2 of the observation-day stack 'doyd.tif' is "
                                         "dated 2019-04-17 but band 2 of 's.tif' is dated "
                                         "2019-04-09"):
        align_stack(path, out, src_dates, observation_days=dated)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial")]


def test_no_value_at_all_is_warned(tmp_path):
    path, _ = stack(tmp_path / "s.tif", [0.2, 0.6], dates_of("2019-04-01", "2019-04-30"))
    progress = Messages()
    summary = align_stack(path, tmp_path / "out.tif", dates_of("2019-04-10"), progress=progress)
    assert summary["gap"] == 6 and summary["filled_percent"] == 0
    assert progress.warnings == ["No target cell got a value: raise MAX_GAP_DAYS, or check "
                                 "that the target dates fall between the source's "
                                 "observations."]


def test_engine_defaults_are_documented_constants():
    assert (da.DEFAULT_MAX_GAP_DAYS, da.DEFAULT_EXTEND_DAYS, da.DEFAULT_SG_HALF_WINDOW,
            da.DEFAULT_SG_ORDER) == (16.0, 0.0, 0, 4)

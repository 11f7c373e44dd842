"""Temporal gap filling and Savitzky–Golay smoothing (engine level, known answers)."""
import datetime as dt
import os

import numpy as np
import pytest
import rasterio
from helpers import CancelAfter, assert_same_stack, write_raster
from rasterio.crs import CRS
from rasterio.transform import from_origin
from scipy.signal import savgol_filter

from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.prepare import gapfill
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.raster.executors import cluster_session
from smdownscale.engine.prepare.gapfill import (check_settings, day_offsets, fill_and_smooth,
                                                gap_fill_stack, interpolate_gaps)
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack

NAN = np.nan
GRID = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 7, 5)


def col(*values):
    """A one-pixel series as a (bands, 1) float array."""
    return np.array(values, dtype=float)[:, np.newaxis]


def band_dates(days, start=dt.datetime(2019, 4, 1)):
    return [BandDate(start + dt.timedelta(days=float(d))) for d in days]


def poly(t):
    """A degree-4 polynomial in days, of soil-moisture size."""
    x = t / 10.0
    return 0.2 + 0.05 * x - 0.03 * x ** 2 + 0.004 * x ** 3 - 0.0002 * x ** 4


# -- gap filling -----------------------------------------------------------------------

def test_linear_interpolation_uses_the_real_dates():
    # Observations on day 0 (0.10) and day 8 (0.30); bands on days 2 and 3 are missing.
    filled = interpolate_gaps(col(0.10, NAN, NAN, 0.30), np.array([0.0, 2, 3, 8]), 10)
    # 0.10 + 0.20·2/8 and 0.10 + 0.20·3/8 (by band number it would be 0.1667, 0.2333)
    np.testing.assert_allclose(filled[:, 0], [0.10, 0.15, 0.175, 0.30])


def test_gap_length_is_days_between_bounding_observations():
    days = np.array([0.0, 4, 10])
    values = col(0.1, NAN, 0.4)
    assert interpolate_gaps(values, days, 10)[1, 0] == pytest.approx(0.1 + 0.3 * 0.4)  # = max
    assert np.isnan(interpolate_gaps(values, days, 9.99)[1, 0])  # 10-day gap > 9.99
    assert np.isnan(interpolate_gaps(col(0.1, NAN, 0.4), np.array([0.0, 4, 11]), 10)[1, 0])


def test_ends_are_not_extrapolated_and_zero_fills_nothing():
    days = np.arange(6.0)
    values = col(NAN, 0.2, NAN, 0.4, NAN, NAN)
    filled = interpolate_gaps(values, days, 10)
    np.testing.assert_allclose(filled[:, 0], [NAN, 0.2, 0.3, 0.4, NAN, NAN])
    np.testing.assert_array_equal(interpolate_gaps(values, days, 0), values)


def test_times_of_day_count_as_fractions_of_days():
    dates = [BandDate(dt.datetime(2019, 4, 1, 6), True),
             BandDate(dt.datetime(2019, 4, 1, 18), True),
             BandDate(dt.datetime(2019, 4, 2, 6), True)]
    days = day_offsets(dates)
    np.testing.assert_allclose(days, [0, 0.5, 1.0])
    assert interpolate_gaps(col(0.2, NAN, 0.3), days, 1)[1, 0] == pytest.approx(0.25)


# -- Savitzky–Golay on the real dates --------------------------------------------------

@pytest.mark.parametrize("half_window, order", [(5, 4), (3, 2), (4, 0), (12, 3)])
def test_equals_scipy_savgol_in_the_interior_on_regular_spacing(half_window, order):
    values = np.random.default_rng(3).normal(0.25, 0.05, (40, 6))
    values[[0, 1, 39], [0, 1, 2]] = NAN  # gaps at the ends: other window patterns
    got, _ = fill_and_smooth(values, np.arange(40.0), 10, half_window, order)
    want = savgol_filter(values, 2 * half_window + 1, order, axis=0)
    inner = slice(half_window + 2, 40 - half_window - 1)
    np.testing.assert_allclose(got[inner], want[inner], atol=1e-12)
    assert not np.allclose(got, values)  # it did smooth


def test_polynomial_up_to_the_order_passes_unchanged_on_irregular_dates():
    days = np.cumsum(np.random.default_rng(1).uniform(0.5, 4.0, 30))
    got, _ = fill_and_smooth(col(*poly(days)), days, 10, 5, 4)
    np.testing.assert_allclose(got[:, 0], poly(days), atol=1e-12)
    # SG on band numbers (what a classic filter does) would not keep it:
    assert np.abs(savgol_filter(poly(days), 11, 2) - poly(days)).max() > 1e-4


def test_wide_windows_give_the_same_answer(monkeypatch):
    # Windows wider than the lookup table's bits take the packbits/np.unique route.
    rng = np.random.default_rng(8)
    values = rng.normal(0.3, 0.05, (30, 400))
    values[rng.random(values.shape) < 0.3] = NAN
    days = np.cumsum(rng.uniform(0.5, 3.0, 30))
    narrow, _ = fill_and_smooth(values, days, 4, 5, 3, 4)
    monkeypatch.setattr(gapfill, "_LOOKUP_BITS", 0)
    wide, _ = fill_and_smooth(values, days, 4, 5, 3, 4)
    np.testing.assert_array_equal(narrow, wide)


def test_end_of_series_uses_the_available_bands():
    # At band 0 the window holds bands 0..5: an order-4 fit on those six points.
    values = np.random.default_rng(5).normal(0.3, 0.05, 20)
    got, _ = fill_and_smooth(col(*values), np.arange(20.0), 10, 5, 4)
    fit = np.polynomial.polynomial.polyfit(np.arange(6.0), values[:6], 4)
    assert got[0, 0] == pytest.approx(fit[0], abs=1e-12)


def test_long_gap_stays_nodata_and_smoothing_does_not_cross_it():
    days = np.arange(40.0)
    values = np.random.default_rng(2).normal(0.3, 0.05, 40)
    values[18:21] = NAN  # days 17 → 21: a 4-day gap, shorter than the SG window
    got, stats = fill_and_smooth(col(*values), days, 3, 5, 4)
    assert np.isnan(got[18:21, 0]).all()
    left, _ = fill_and_smooth(col(*values[:18]), days[:18], 3, 5, 4)
    right, _ = fill_and_smooth(col(*values[21:]), days[21:], 3, 5, 4)
    np.testing.assert_allclose(got[:18, 0], left[:, 0], atol=1e-12)
    np.testing.assert_allclose(got[21:, 0], right[:, 0], atol=1e-12)
    assert stats == {"filled": 0, "missing": 3, "passed": 0}
    filled, stats = fill_and_smooth(col(*values), days, 4, 5, 4)  # 4 days: filled
    assert np.isfinite(filled).all() and stats["filled"] == 3


def test_smoothing_off_only_interpolates():
    got, stats = fill_and_smooth(col(0.1, NAN, 0.3, 0.5, 0.2, 0.7), np.arange(6.0), 10, 0, 4)
    np.testing.assert_allclose(got[:, 0], [0.1, 0.2, 0.3, 0.5, 0.2, 0.7])
    assert stats["filled"] == 1


def test_pixel_with_too_few_observations_passes_unchanged():
    values = np.full((20, 2), NAN)
    values[[2, 6, 11, 15], 0] = [0.1, 0.3, 0.2, 0.4]  # 4 < order 4 + 1
    values[:, 1] = np.linspace(0.1, 0.3, 20)
    values[7, 1] = NAN
    got, stats = fill_and_smooth(values, np.arange(20.0), 10, 5, 4)
    np.testing.assert_array_equal(got[:, 0], values[:, 0])  # not filled, not smoothed
    assert got[7, 1] == pytest.approx(values[6, 1] / 2 + values[8, 1] / 2)
    assert stats["passed"] == 1
    got, stats = fill_and_smooth(values, np.arange(20.0), 10, 0, 4, min_observations=2)
    assert stats["passed"] == 0 and got[4, 0] == pytest.approx(0.2)


@pytest.mark.parametrize("args, message", [
    ((10, 2, 5), r"order \(5\) must be smaller than the window of 2 × half-window \+ 1 = 5"),
    ((10, 5, 11), r"order \(11\) must be smaller .* = 11 bands"),
    ((-1, 5, 4), r"Maximum gap \(MAX_GAP_DAYS\) is -1; it must be zero or positive"),
    ((10, -5, 4), r"half-window \(SG_HALF_WINDOW\) is -5"),
])
def test_bad_settings_are_refused(args, message):
    with pytest.raises(InputError, match=message):
        check_settings(*args)


def test_high_order_allowed_without_smoothing():
    check_settings(10, 0, 9)


def test_dates_must_increase():
    with pytest.raises(InputError, match=r"Band 3 \(2019-04-02\) does not come after band 2"):
        day_offsets(band_dates([0, 2, 1]))


# -- stacks on disk --------------------------------------------------------------------

def _stack(tmp_path, days=(0, 1, 2, 4, 5, 6, 9, 10, 12, 13, 14, 16, 20, 21), seed=0):
    rng = np.random.default_rng(seed)
    data = rng.uniform(0.1, 0.4, (len(days), GRID.height, GRID.width)).astype("float32")
    data[rng.random(data.shape) < 0.3] = NAN
    data[[2, 9], 0, 0] = [0.2, 0.3]
    data[3:9, 0, 0] = NAN  # days 2 → 13: an 11-day gap
    path = write_stack(tmp_path / "stack.tif", GRID, data, dates=band_dates(days),
                       units="m³/m³")
    return path, data, np.array(days, dtype=float)


def test_stack_keeps_dates_and_grid_and_matches_the_array_result(tmp_path):
    path, data, days = _stack(tmp_path)
    out = tmp_path / "filled.tif"
    summary = gap_fill_stack(path, out)
    want, stats = fill_and_smooth(data.astype(float), days)
    got, grid, dates = read_stack(out)
    assert grid.same_as(GRID) and dates == band_dates(days)
    np.testing.assert_allclose(got, want, rtol=1e-6, equal_nan=True)
    assert np.isnan(got[3:9, 0, 0]).all()  # longer than 10 days
    with rasterio.open(out) as ds:
        assert ds.nodata == -9999.0 and ds.dtypes[0] == "float32"
        assert ds.descriptions[0] == "2019-04-01" and ds.descriptions[-1] == "2019-04-22"
        assert set(ds.units) == {"m³/m³"}  # the input's
    assert {k: summary[k] for k in stats} == stats and stats["filled"] > 0


def test_windowed_equals_whole_array(tmp_path):
    path, _, _ = _stack(tmp_path, seed=4)
    gap_fill_stack(path, tmp_path / "a.tif", block=3)  # 3×3 windows, ragged edges
    gap_fill_stack(path, tmp_path / "b.tif", block=64)  # one window
    with rasterio.open(tmp_path / "a.tif") as a, rasterio.open(tmp_path / "b.tif") as b:
        np.testing.assert_array_equal(a.read(), b.read())


def test_input_nodata_is_missing(tmp_path):
    data = np.full((3, 2, 2), 0.2, "float32")
    data[1] = 0.4
    data[1, 0, 0] = -1.0
    path = write_raster(tmp_path / "s.tif", data, nodata=-1.0)
    with rasterio.open(path, "r+") as ds:
        for i, text in enumerate(["2019-04-01", "2019-04-02", "2019-04-04"], start=1):
            ds.set_band_description(i, text)
    gap_fill_stack(path, tmp_path / "f.tif", half_window=0, min_observations=2)
    with rasterio.open(tmp_path / "f.tif") as ds:
        assert ds.read(2)[0, 0] == pytest.approx(0.2) and ds.read(2)[1, 1] == pytest.approx(0.4)


@pytest.mark.parametrize("bands, descriptions, message", [
    (1, ["2019-04-01"], "has 1 band\\(s\\). Gap filling needs a time stack of at least 2"),
    (3, ["2019-04-01", "", "2019-04-03"], "Band 2 of 'bad.tif' has no ISO date"),
    (2, ["2019-04-02", "2019-04-01"], "does not come after band 1"),
])
def test_bad_stacks_are_refused_and_nothing_is_written(tmp_path, bands, descriptions, message):
    path = write_raster(tmp_path / "bad.tif", np.ones((bands, 3, 3), "float32"))
    with rasterio.open(path, "r+") as ds:
        for i, text in enumerate(descriptions, start=1):
            ds.set_band_description(i, text)
    with pytest.raises(InputError, match=message):
        gap_fill_stack(path, tmp_path / "out.tif")
    assert os.listdir(tmp_path) == ["bad.tif"]


def test_cancel_leaves_no_output(tmp_path):
    path, _, _ = _stack(tmp_path)
    with pytest.raises(Cancelled):
        gap_fill_stack(path, tmp_path / "out.tif", block=2, progress=CancelAfter(1))
    assert sorted(os.listdir(tmp_path)) == ["stack.tif"]


def test_same_stack_and_counts_on_a_dask_cluster(tmp_path, dask_cluster):
    path, _, _ = _stack(tmp_path, seed=2)
    here = gap_fill_stack(path, tmp_path / "here.tif", block=3)  # 3×3 windows, ragged edges
    with cluster_session(dask_cluster.address):
        there = gap_fill_stack(path, tmp_path / "there.tif", block=3)
    assert_same_stack(tmp_path / "here.tif", tmp_path / "there.tif")
    assert {k: there[k] for k in ("filled", "missing", "passed")} == \
        {k: here[k] for k in ("filled", "missing", "passed")} and here["filled"] > 0


def test_stack_without_a_valid_value_is_refused_and_the_old_output_kept(tmp_path):
    path = write_raster(tmp_path / "empty.tif", np.full((3, 2, 2), -1.0, "float32"), nodata=-1.0)
    with rasterio.open(path, "r+") as ds:
        for i, text in enumerate(["2019-04-01", "2019-04-02", "2019-04-04"], start=1):
            ds.set_band_description(i, text)
    (tmp_path / "f.tif").write_bytes(b"old")
    with pytest.raises(InputError, match="'empty.tif' holds no valid value in any band"):
        gap_fill_stack(path, tmp_path / "f.tif", block=1)  # 4 windows, none with a value
    assert (tmp_path / "f.tif").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["empty.tif", "f.tif"]

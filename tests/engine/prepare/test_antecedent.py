"""Antecedent precipitation index: known answers on hand-computed series."""
import datetime as dt

import numpy as np
import pytest
import rasterio
from helpers import assert_same_stack
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.prepare.antecedent import antecedent_index, antecedent_stack
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.executors import cluster_session
from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack

GRID = Grid(CRS.from_epsg(6933), from_origin(1e7, 5e6, 1000, 1000), 3, 2)


def _dates(days):
    return [BandDate(dt.datetime(2020, 7, 1) + dt.timedelta(days=d)) for d in days]


def test_recursion_with_a_given_start():
    rain = np.array([10.0, 0.0, 5.0])[:, None]
    api = antecedent_index(rain, 0.5, np.array([0.0, 1.0, 2.0]), initial=np.array([4.0]))
    assert api[:, 0] == pytest.approx([0.5 * 4 + 10, 0.5 * 12 + 0, 0.5 * 6 + 5])


def test_date_gaps_decay_by_the_days_between_bands():
    rain = np.array([10.0, 0.0])[:, None]
    api = antecedent_index(rain, 0.5, np.array([0.0, 3.0]), initial=np.array([0.0]))
    assert api[1, 0] == pytest.approx(10 * 0.5 ** 3)


def test_equilibrium_start_of_constant_rain_is_constant():
    rain = np.full((6, 1), 2.0)
    api = antecedent_index(rain, 0.8, np.arange(6.0))
    assert api[:, 0] == pytest.approx(np.full(6, 2.0 / 0.2))


def test_missing_rain_counts_as_zero_and_all_missing_stays_nodata():
    rain = np.array([[np.nan, np.nan], [4.0, np.nan]])
    api = antecedent_index(rain, 0.5, np.array([0.0, 1.0]), initial=np.zeros(2))
    assert api[:, 0] == pytest.approx([0.0, 4.0])
    assert np.isnan(api[:, 1]).all()


def test_retention_outside_0_1_is_refused():
    with pytest.raises(InputError, match="between 0 and 1"):
        antecedent_index(np.ones((2, 1)), 1.0, np.arange(2.0))


def test_stack_keeps_grid_and_dates(tmp_path):
    rain = np.random.default_rng(0).gamma(0.5, 8.0, (5, 2, 3)).astype("float32")
    dates = _dates([0, 1, 2, 4, 5])
    src = write_stack(tmp_path / "rain.tif", GRID, rain, dates)
    out = tmp_path / "api.tif"
    summary = antecedent_stack(src, out, retention=0.9, block=2)
    api, grid, out_dates = read_stack(out)
    assert grid.same_as(GRID) and [d.iso for d in out_dates] == [d.iso for d in dates]
    days = np.array([0.0, 1.0, 2.0, 4.0, 5.0])
    expected = antecedent_index(rain.reshape(5, -1), 0.9, days).reshape(rain.shape)
    assert np.allclose(api, expected, rtol=1e-6)
    assert summary["missing"] == 0
    with rasterio.open(out) as ds:
        assert ds.nodata == -9999 and ds.dtypes[0] == "float32"
        assert not any(ds.units)  # the rain declares no unit, so neither does the API


def test_same_stack_and_counts_on_a_dask_cluster(tmp_path, dask_cluster):
    rain = np.random.default_rng(3).gamma(0.5, 8.0, (6, 5, 7)).astype("float32")
    rain[np.random.default_rng(4).random(rain.shape) < 0.2] = np.nan
    grid = Grid(CRS.from_epsg(6933), from_origin(1e7, 5e6, 1000, 1000), 7, 5)
    src = write_stack(tmp_path / "rain.tif", grid, rain, _dates([0, 1, 2, 4, 5, 9]),
                      units="mm/day")
    here = antecedent_stack(src, tmp_path / "here.tif", retention=0.8, block=2)  # 12 windows
    with cluster_session(dask_cluster.address):
        there = antecedent_stack(src, tmp_path / "there.tif", retention=0.8, block=2)
    assert_same_stack(tmp_path / "here.tif", tmp_path / "there.tif")
    assert there == here and here["missing"] == int(np.isnan(rain).sum())


@pytest.mark.parametrize("rain_units, api_units", [
    ("mm/day", "mm"), ("mm", "mm"), ("mm d-1", "mm"), ("kg m-2 s-1", ""), ("", "")])
def test_api_of_daily_millimetres_is_in_millimetres(tmp_path, rain_units, api_units):
    rain = np.ones((3, 2, 3), "float32")
    src = write_stack(tmp_path / "rain.tif", GRID, rain, _dates([0, 1, 2]), units=rain_units)
    antecedent_stack(src, tmp_path / "api.tif")
    with rasterio.open(tmp_path / "api.tif") as ds:
        assert [u or "" for u in ds.units] == [api_units] * 3


def test_stack_with_two_bands_on_one_day_is_refused(tmp_path):
    src = write_stack(tmp_path / "rain.tif", GRID, np.ones((2, 2, 3)), _dates([0, 0]))
    with pytest.raises(InputError, match="same day"):
        antecedent_stack(src, tmp_path / "api.tif")
    assert not (tmp_path / "api.tif").exists()


def test_nan_and_inf_without_nodata_count_as_no_rain_and_are_told_once(tmp_path):
    from helpers import Messages

    rain = np.full((3, 2, 3), 2.0, "float32")
    rain[0, 0, 0], rain[1, 0, 0], rain[2, 1, 2] = np.nan, np.inf, -np.inf  # 2 cells, 3 values
    src = str(tmp_path / "rain.tif")
    with rasterio.open(src, "w", driver="GTiff", width=3, height=2, count=3, dtype="float32",
                       crs=GRID.crs, transform=GRID.transform) as ds:  # no nodata declared
        ds.write(rain)
        for band, date in enumerate(_dates([0, 1, 2]), start=1):
            ds.set_band_description(band, date.iso)
    messages = Messages()
    summary = antecedent_stack(src, tmp_path / "api.tif", retention=0.5, progress=messages)
    api, _, _ = read_stack(tmp_path / "api.tif")
    as_no_rain = np.where(np.isfinite(rain), rain, 0.0)
    expected = antecedent_index(as_no_rain.reshape(3, -1), 0.5, np.arange(3.0))
    assert np.allclose(api, expected.reshape(rain.shape)) and np.isfinite(api).all()
    assert summary["missing"] == 3
    assert messages.warnings == [
        "'rain.tif' has no nodata value but holds 2 NaN/inf cell(s); they are treated as "
        "missing. Set the file's nodata value if they are meant to be missing, or check how "
        "it was computed.", "3 cell-date(s) had no precipitation value and counted as no rain."]

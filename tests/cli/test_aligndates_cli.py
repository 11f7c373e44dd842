"""smdownscale:aligndates through the qgis_process command line, as a server user runs it."""
import datetime as dt
import json

import numpy as np
import pytest
import rasterio
from helpers import run_qgis_process as qgis_process
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import write_stack

pytestmark = pytest.mark.qgis_process

FINE = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 2, 1)
COARSE = Grid(CRS.from_epsg(6933), from_origin(1e7, 5e6, 36000, 36000), 1, 1)


def days(*offsets):
    return [BandDate(dt.datetime(2019, 4, 1) + dt.timedelta(days=d)) for d in offsets]


def test_run_json_puts_eight_day_composites_on_daily_dates(profile_env, tmp_path):
    # Two cells; composites on 04-01, 04-09, 04-17 (cell 2 misses 04-09: a 16-day gap).
    data = np.array([[[0.2, 0.3]], [[0.6, np.nan]], [[0.4, 0.5]]], "float32")
    source = write_stack(tmp_path / "ndvi.tif", FINE, data, dates=days(0, 8, 16))
    target_dates = days(*range(0, 18, 2))  # 04-01, 04-03, … 04-17: every other day
    target = write_stack(tmp_path / "smap.tif", COARSE,
                         np.full((len(target_dates), 1, 1), 0.3, "float32"), dates=target_dates)
    out = tmp_path / "ndvi_daily.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:aligndates",
                       f"--INPUT={source}", f"--TARGET={target}", f"--OUTPUT={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    results = doc["results"]
    assert results["OUTPUT"] == str(out)
    assert results["DATE_LIST"] == ",".join(d.iso for d in target_dates)
    assert results["BAND_COUNT"] == 9 and results["FILLED_PERCENT"] == pytest.approx(100.0)
    assert any("Target cells: 13 interpolated" in m and "5 copied" in m
               for m in doc["log"]["info"])
    with rasterio.open(out) as ds:
        assert ds.descriptions == tuple(d.iso for d in target_dates)
        got = ds.read()[:, 0, :]
    # Cell 1: 0.2 → 0.6 over days 0–8, then 0.6 → 0.4 over days 8–16.
    np.testing.assert_allclose(got[:, 0], [0.2, 0.3, 0.4, 0.5, 0.6, 0.55, 0.5, 0.45, 0.4],
                               rtol=1e-6)
    # Cell 2: 0.3 → 0.5 across the 16-day gap (bridged by the default MAX_GAP_DAYS 16).
    np.testing.assert_allclose(got[:, 1], 0.3 + 0.2 * np.arange(0, 18, 2) / 16, rtol=1e-6)


@pytest.mark.parametrize("args, message", [
    ([], "No target dates were given. Choose a target stack"),
    (["--DATES=2019-04-40"], "'2019-04-40' is not a date. Give target dates as YYYY-MM-DD"),
    (["--DATES=2021-04-01/2021-04-30"], "Every target date (2021-04-01 to 2021-04-30) lies "
                                         "outside the period of 'ndvi.tif' (2019-04-01 to "
                                         "2019-04-09)"),
])
def test_bad_input_exits_non_zero_with_message(profile_env, tmp_path, args, message):
    source = write_stack(tmp_path / "ndvi.tif", FINE, np.full((2, 1, 2), 0.5, "float32"),
                         dates=days(0, 8))
    out = tmp_path / "out.tif"
    run = qgis_process(profile_env, "run", "smdownscale:aligndates", f"--INPUT={source}", *args,
                       f"--OUTPUT={out}")
    assert run.returncode != 0
    assert message in run.stdout + run.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial")]

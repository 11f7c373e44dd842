"""smdownscale:gapfill through the qgis_process command line, as a server user runs it.

A throwaway QGIS profile (QGIS_CUSTOM_CONFIG_PATH) links this checkout as plugin
'smdownscale' and enables it with ``qgis_process plugins enable``.
"""
import datetime as dt
import json

import numpy as np
import pytest
import rasterio
from helpers import write_raster, run_qgis_process as qgis_process
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import write_stack

pytestmark = pytest.mark.qgis_process


def test_run_json_fills_on_real_dates(profile_env, tmp_path):
    # One pixel, dates on days 0, 2, 3, 8, 9: days 2 and 3 missing between 0.10 and 0.30.
    days = [0, 2, 3, 8, 9]
    data = np.array([0.10, np.nan, np.nan, 0.30, 0.32], "float32").reshape(5, 1, 1)
    grid = Grid(CRS.from_epsg(6933), from_origin(1e7, 5e6, 9000, 9000), 1, 1)
    dates = [BandDate(dt.datetime(2019, 4, 1) + dt.timedelta(days=d)) for d in days]
    stack = write_stack(tmp_path / "stack.tif", grid, data, dates=dates)
    out = tmp_path / "filled.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:gapfill", f"--INPUT={stack}",
                       "--MAX_GAP_DAYS=8", "--SG_HALF_WINDOW=0", "--MIN_OBSERVATIONS=2",
                       f"--OUTPUT={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    assert doc["results"]["OUTPUT"] == str(out)
    assert doc["results"]["FILLED_COUNT"] == 2 and doc["results"]["MISSING_COUNT"] == 0
    assert any("Filled 2 missing values" in m for m in doc["log"]["info"])
    with rasterio.open(out) as ds:
        assert ds.descriptions == tuple(d.iso for d in dates)
        np.testing.assert_allclose(ds.read()[:, 0, 0], [0.10, 0.15, 0.175, 0.30, 0.32],
                                   rtol=1e-6)


@pytest.mark.parametrize("descriptions, args, message", [
    (["2019-04-01", "2019-04-02"], ["--SG_HALF_WINDOW=2", "--SG_ORDER=5"],
     "order (5) must be smaller than the window of 2 × half-window + 1 = 5 bands"),
    (["", ""], [], "Band 1 of 'bad.tif' has no ISO date as its description"),
    (["2019-04-01"], [], "Gap filling needs a time stack of at least 2 dates"),
])
def test_bad_input_exits_non_zero_with_message(profile_env, tmp_path, descriptions, args,
                                               message):
    data = np.arange(9 * len(descriptions), dtype="float32").reshape(-1, 3, 3)
    path = write_raster(tmp_path / "bad.tif", data)
    with rasterio.open(path, "r+") as ds:
        for i, text in enumerate(descriptions, start=1):
            ds.set_band_description(i, text)
    out = tmp_path / "out.tif"
    run = qgis_process(profile_env, "run", "smdownscale:gapfill", f"--INPUT={path}", *args,
                       f"--OUTPUT={out}")
    assert run.returncode != 0
    assert message in run.stdout + run.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial")]

"""smdownscale:matchproducts through qgis_process (the one command-line run)."""
import datetime as dt
import json

import numpy as np
import pytest
from helpers import run_qgis_process as qgis_process
from rasterio.crs import CRS
from rasterio.transform import from_origin

pytestmark = pytest.mark.qgis_process


def test_run_json(profile_env, tmp_path):
    from smdownscale.engine.raster.dates import BandDate
    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.timestack import read_stack, write_stack

    grid = Grid(CRS.from_epsg(6933), from_origin(1_000_000, 4_000_000, 25_000, 25_000), 3, 2)
    dates = [BandDate(dt.datetime(2019, 6, 1) + dt.timedelta(days=k)) for k in range(30)]
    x = np.random.default_rng(0).uniform(0.1, 0.4, (30, 2, 3)).astype("float32")
    source = write_stack(tmp_path / "amsr2.tif", grid, x, dates)
    reference = write_stack(tmp_path / "smap.tif", grid, 0.8 * x + 0.05, dates)
    out, table = tmp_path / "matched.tif", tmp_path / "fits.csv"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:matchproducts",
                       f"--SOURCE={source}", f"--REFERENCE={reference}", "--METHOD=1",
                       f"--OUTPUT={out}", f"--OUTPUT_TABLE={table}")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert results["PAIR_COUNT"] == 180
    assert results["SLOPE"] == pytest.approx(0.8, abs=1e-5)  # no noise: σ ratio = the slope
    assert np.allclose(read_stack(out)[0], 0.8 * x + 0.05, atol=1e-5)
    assert table.read_text(encoding="utf-8").startswith("scope,row,col,x,y,pairs,fit,slope")

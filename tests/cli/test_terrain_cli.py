"""smdownscale:terrain through the qgis_process command line.

A throwaway QGIS profile (QGIS_CUSTOM_CONFIG_PATH) links this checkout as plugin
'smdownscale' and enables it with ``qgis_process plugins enable``.
"""
import json
import math

import numpy as np
import pytest
import rasterio
from helpers import write_raster, run_qgis_process as qgis_process
from rasterio.transform import from_origin

pytestmark = pytest.mark.qgis_process


def test_run_json_writes_slope_and_aspect(profile_env, tmp_path):
    """A plane falling 0.5 m per m to the north: slope 26.57°, aspect 0° (north)."""
    dem = 800.0 - 0.5 * 30.0 * np.arange(10)[::-1, None] * np.ones((1, 12))
    path = write_raster(tmp_path / "dem.tif", dem.astype("float32"), cell=30.0)
    slope, aspect = tmp_path / "slope.tif", tmp_path / "aspect.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:terrain", f"--DEM={path}",
                       f"--SLOPE={slope}", f"--ASPECT={aspect}")
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    assert doc["results"] == {"SLOPE": str(slope), "ASPECT": str(aspect)}
    assert any("Wrote slope (degrees)" in m for m in doc["log"]["info"])
    with rasterio.open(slope) as ds:
        np.testing.assert_allclose(ds.read(1), math.degrees(math.atan(0.5)), atol=1e-4)
    with rasterio.open(aspect) as ds:
        assert np.abs(ds.read(1)).max() < 1e-3


def _no_crs_dem(folder):
    path = str(folder / "nocrs.tif")
    with rasterio.open(path, "w", driver="GTiff", width=6, height=6, count=1, dtype="float32",
                       transform=from_origin(0, 6, 1, 1)) as ds:
        ds.write(np.ones((1, 6, 6), "float32"))
    return path


@pytest.mark.parametrize("case, message", [
    ("no output", "No output was requested"),
    ("no CRS", "The DEM has no coordinate reference system"),
])
def test_bad_input_exits_non_zero_with_message(profile_env, tmp_path, case, message):
    if case == "no output":
        dem = write_raster(tmp_path / "dem.tif", np.ones((6, 6), "float32"))
        args = [f"--DEM={dem}"]
    else:
        args = [f"--DEM={_no_crs_dem(tmp_path)}", f"--SLOPE={tmp_path / 'slope.tif'}"]
    before = {p.name for p in tmp_path.iterdir()}
    run = qgis_process(profile_env, "run", "smdownscale:terrain", *args)
    assert run.returncode != 0
    assert message in run.stdout + run.stderr
    new = {p.name for p in tmp_path.iterdir()} - before
    assert all(name.endswith(".tif.aux.xml") for name in new), new  # QGIS's, of the DEM

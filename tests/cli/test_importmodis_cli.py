"""smdownscale:importmodis through qgis_process (HDF4-EOS tiles, C6.1 layouts)."""
import datetime as dt
import json

import numpy as np
import pytest
import rasterio
from helpers import run_qgis_process as qgis_process

from smdownscale.engine.synthetic import modis_files as mf

pytestmark = pytest.mark.qgis_process


def test_mod13a2_onto_a_target_grid_json(profile_env, tmp_path):
    # 16-day NDVI DN 6000 → 0.6 (VI User's Guide C6.1: value = DN / 10000)
    start = dt.date(2019, 4, 7)
    ndvi = np.full((6, 6), 6000, np.int16)
    rel = np.zeros((6, 6), np.int8)
    rel[:3] = 3  # cloudy: the northern half is removed
    tile = mf.write_mod13a2(tmp_path, start, 26, 4, ndvi, ndvi, np.zeros((6, 6), np.uint16),
                            rel, np.full((6, 6), 100, np.int16))
    x0, y0 = mf.tile_corner(26, 4, 0, 0, 1000)
    cell = mf.TILE / 1200
    target = tmp_path / "grid.tif"
    with rasterio.open(f'HDF4_EOS:EOS_GRID:"{tile}":MODIS_Grid_16DAY_1km_VI:1 km 16 days NDVI') \
            as ds:
        crs = ds.crs
    with rasterio.open(target, "w", driver="GTiff", width=2, height=2, count=1, dtype="uint8",
                       crs=crs, transform=rasterio.Affine(3 * cell, 0, x0, 0, -3 * cell, y0)) \
            as out:
        out.write(np.ones((1, 2, 2), np.uint8))
    folder = tmp_path / "out"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:importmodis",
                       f"--INPUT={tile}", f"--TARGET={target}", "--VARIABLES=3",
                       f"--OUTPUT_FOLDER={folder}")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert results["DATE_LIST"] == "2019-04-15" and results["PRODUCT_NAME"] == "MOD13A2"
    assert results["KEPT_PERCENT"] == pytest.approx(50.0)
    with rasterio.open(results["NDVI"]) as ds:
        np.testing.assert_allclose(ds.read(1), [[-9999, -9999], [0.6, 0.6]], rtol=1e-6)
    with rasterio.open(results["OBSERVATION_DAY"]) as ds:
        assert (ds.read(1) == 100).all()


def test_missing_qa_layer_fails_cleanly(profile_env, tmp_path):
    tile = mf.write_mod11(tmp_path, dt.date(2019, 4, 1), 26, 4,
                          np.full((2, 2), 15000, np.uint16), np.zeros((2, 2), np.uint8),
                          omit=("QC_Night",))
    folder = tmp_path / "out"
    run = qgis_process(profile_env, "run", "smdownscale:importmodis", f"--INPUT={tile}",
                       f"--OUTPUT_FOLDER={folder}")
    assert run.returncode != 0
    assert "has no layer 'QC_Night'" in run.stdout + run.stderr
    assert not folder.exists() or list(folder.iterdir()) == []

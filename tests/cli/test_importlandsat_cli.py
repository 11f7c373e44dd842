"""smdownscale:importlandsat through qgis_process (a C2 L2 .tar bundle, LSDS-1619 layout)."""
import json

import numpy as np
import pytest
import rasterio
from helpers import run_qgis_process as qgis_process

from smdownscale.engine.synthetic import landsat_files as lf

pytestmark = pytest.mark.qgis_process


def test_tar_bundle_onto_a_target_grid_json(profile_env, tmp_path):
    # red DN 10000 → 0.075 (DN × 2.75e-05 − 0.2); ST DN 44000 → 299.39 K; the western
    # half of the first 300 m cell is cloud (QA_PIXEL bit 3)
    qa_pixel = np.full((10, 20), lf.QA_CLEAR_LAND)
    qa_pixel[:, :5] = lf.QA_CLOUD
    bundle = lf.write_scene(tmp_path, qa_pixel=qa_pixel, shape=(10, 20), bundle=True)
    target = tmp_path / "grid.tif"
    with rasterio.open(target, "w", driver="GTiff", width=2, height=1, count=1, dtype="uint8",
                       crs="EPSG:32650", transform=rasterio.Affine(
                           300, 0, lf.ORIGIN[0], 0, -300, lf.ORIGIN[1])) as out:
        out.write(np.ones((1, 1, 2), np.uint8))
    folder = tmp_path / "out"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:importlandsat",
                       f"--INPUT={bundle}", f"--TARGET={target}", f"--OUTPUT_FOLDER={folder}")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert results["DATE_LIST"] == "2019-04-01" and results["BAND_COUNT"] == 1
    assert results["KEPT_PERCENT"] == pytest.approx(75.0)
    with rasterio.open(results["REFLECTANCE"][0]) as ds:
        red = ds.read(3) * ds.scales[2] + ds.offsets[2]
    np.testing.assert_allclose(red, 0.075, atol=1e-12)
    with rasterio.open(results["VALID_FRACTION"]) as ds:
        np.testing.assert_allclose(ds.read(1), [[0.5, 1.0]])
    with rasterio.open(results["SURFACE_TEMPERATURE"]) as ds:
        np.testing.assert_allclose(ds.read(1), 44000 * 0.00341802 + 149.0, rtol=1e-6)

"""smdownscale:importsentinel2 through qgis_process (a Level-2A .SAFE folder).

Products are written by engine/synthetic/sentinel2_files.py in the Level-2A layout of
the Sentinel-2 Products Specification Document (S2-PDGS-TAS-DI-PSD: MTD_MSIL2A.xml,
GRANULE/…/IMG_DATA/R10m and R20m JPEG 2000 images). Expected values are worked out
here by hand from the PSD and the Level-2A ATBD, not from the importer: from
processing baseline 04.00 on, reflectance = (DN + BOA_ADD_OFFSET) /
BOA_QUANTIFICATION_VALUE with BOA_ADD_OFFSET = −1000 and BOA_QUANTIFICATION_VALUE =
10000; SCL class 8 is cloud medium probability and 9 cloud high probability, 4
vegetation. The importer's output encoding is its documented one (uint16 DN,
reflectance = DN × 0.0001 − 0.1, fill 0) read back through the declared GDAL scale
and offset.
"""
import datetime as dt
import json

import numpy as np
import pytest
import rasterio
from helpers import run_qgis_process as qgis_process

from smdownscale.engine.synthetic import sentinel2_files as sf

pytestmark = pytest.mark.qgis_process

BOA_ADD_OFFSET = -1000  # PSD, Level-2A, baseline 04.00 and later
BOA_QUANTIFICATION_VALUE = 10000


def reflectance(dn):
    """The PSD's Level-2A scaling, written out here (not the importer's)."""
    return (dn + BOA_ADD_OFFSET) / BOA_QUANTIFICATION_VALUE


def test_safe_onto_a_target_grid_json(profile_env, tmp_path):
    # A 200 m × 200 m tile (20 × 20 cells at 10 m, 10 × 10 at 20 m) onto 2 × 2 cells of
    # 100 m (each 5 × 5 cells of 20 m).
    # - red (B04, 10 m): columns alternate DN 1500 and 2500, so every 20 m cell is the
    #   mean of 0.05 and 0.15 = 0.1; under the clouds DN 9000 (0.8), which would show
    #   in the mean if the clouds were not removed;
    # - SCL (20 m): the whole north-eastern 100 m cell is class 9 (cloud high
    #   probability) → masked; the top two rows of the north-western one (10 of its
    #   25 cells) class 8 (cloud medium probability); the rest 4 (vegetation).
    red = np.tile(np.array([1500, 2500], np.uint16), (20, 10))
    classes = np.full((10, 10), sf.SCL_VEGETATION, np.uint8)
    classes[:5, 5:] = 9
    classes[:2, :5] = 8
    red[:10, 10:] = 9000
    red[:4, :10] = 9000
    product = sf.write_product(
        tmp_path, shape10=(20, 20), baseline="04.00", sensed=dt.datetime(2022, 7, 15, 3, 5, 41),
        scl=classes, bands={"B04": red, "B08": np.full((20, 20), 4000, np.uint16),
                            "B11": np.full((10, 10), 2600, np.uint16)})
    target = tmp_path / "grid.tif"
    with rasterio.open(target, "w", driver="GTiff", width=2, height=2, count=1, dtype="uint8",
                       crs="EPSG:32650", transform=rasterio.Affine(
                           100, 0, sf.ORIGIN[0], 0, -100, sf.ORIGIN[1])) as out:
        out.write(np.ones((1, 2, 2), np.uint8))
    folder = tmp_path / "out"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:importsentinel2",
                       f"--INPUT={product}", f"--TARGET={target}", f"--OUTPUT_FOLDER={folder}")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert results["DATE_LIST"] == "2022-07-15" and results["BAND_COUNT"] == 1
    # 100 imaged 20 m cells in the target; 25 + 10 cloudy ones removed
    assert results["KEPT_PERCENT"] == pytest.approx(65.0)
    assert len(results["REFLECTANCE"]) == 1
    with rasterio.open(results["REFLECTANCE"][0]) as ds:
        assert ds.count == 6 and ds.nodata == 0  # B02, B03, B04, B08, B11, B12
        dn = ds.read()
        value = dn * np.array(ds.scales)[:, None, None] + np.array(ds.offsets)[:, None, None]
    assert dn[2, 0, 1] == 0 and (dn[:, 0, 1] == 0).all()  # the all-cloud cell: fill
    clear = np.array([[True, False], [True, True]])
    expected_red = (reflectance(1500) + reflectance(2500)) / 2  # 0.1
    np.testing.assert_allclose(value[2][clear], expected_red, atol=5e-5)  # red
    np.testing.assert_allclose(value[3][clear], reflectance(4000), atol=5e-5)  # NIR, 0.3
    np.testing.assert_allclose(value[4][clear], reflectance(2600), atol=5e-5)  # SWIR1, 0.16
    np.testing.assert_allclose(value[0][clear], reflectance(2000), atol=5e-5)  # blue default
    with rasterio.open(results["VALID_FRACTION"]) as ds:
        np.testing.assert_allclose(ds.read(1), [[0.6, 0.0], [1.0, 1.0]], atol=1e-6)


def test_safe_without_scl_fails_cleanly(profile_env, tmp_path):
    product = sf.write_product(tmp_path, shape10=(4, 4), baseline="04.00", omit=("SCL",))
    folder = tmp_path / "out"
    run = qgis_process(profile_env, "run", "smdownscale:importsentinel2",
                       f"--INPUT={product}", f"--OUTPUT_FOLDER={folder}")
    assert run.returncode != 0
    message = run.stdout + run.stderr
    assert "has no SCL image" in message and "scene classification" in message, message
    assert not folder.exists() or list(folder.iterdir()) == []
    left = sorted(p.name for p in tmp_path.iterdir())  # no staging folder either
    assert left == [sf.product_name(baseline="04.00") + ".SAFE"]

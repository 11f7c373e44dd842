"""smdownscale:importlandsat through processing.run in a real QGIS.

Scenes are written in the Collection 2 Level-2 layout of the Landsat 8-9 Science
Product Guide (LSDS-1619; engine/synthetic/landsat_files.py); expected values follow
the guide: reflectance = DN × 2.75e-05 − 0.2, QA_PIXEL bit 3 = cloud.
"""
import datetime as dt
import os

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException

from smdownscale.algorithms import importlandsat as alg
from smdownscale.engine.prepare.landsat import qa
from smdownscale.engine.synthetic import landsat_files as lf


def test_enum_matches_the_engine():
    assert alg.QUALITY_KEYS == list(qa.LEVELS)


def _scenes(folder):
    """Two dates; red 0.05 (DN 9091), NIR 0.3 (DN 18182); one cloudy cell each."""
    qa_pixel = np.full((20, 20), lf.QA_CLEAR_LAND)
    qa_pixel[0, 0] = lf.QA_CLOUD
    return [lf.write_scene(folder, sr={4: np.full((20, 20), 9091), 5: np.full((20, 20), 18182)},
                           qa_pixel=qa_pixel, shape=(20, 20), bundle=True,
                           acquired=dt.date(2019, 4, 1) + dt.timedelta(days=16 * k))
            for k in range(2)]


def _target(path):
    with rasterio.open(path, "w", driver="GTiff", width=2, height=2, count=1, dtype="uint8",
                       crs="EPSG:32650", transform=rasterio.Affine(300, 0, lf.ORIGIN[0], 0,
                                                                  -300, lf.ORIGIN[1])) as out:
        out.write(np.ones((1, 2, 2), np.uint8))
    return str(path)


def test_scenes_onto_a_target_feed_deriveindices(registry, tmp_path, feedback):
    out = tmp_path / "landsat"
    result = processing.run("smdownscale:importlandsat", {
        "INPUT": _scenes(tmp_path), "TARGET": _target(tmp_path / "grid.tif"),
        "OUTPUT_FOLDER": str(out)}, feedback=feedback)
    assert result["BAND_COUNT"] == 2 and result["DATE_LIST"] == "2019-04-01,2019-04-17"
    assert result["KEPT_PERCENT"] == pytest.approx(100 * 399 / 400)  # 1 cloudy of 400
    assert result["VALID_FRACTION"] == str(out / "Landsat_valid_fraction.tif")
    assert os.path.exists(result["SURFACE_TEMPERATURE"])
    assert [os.path.basename(p) for p in result["REFLECTANCE"]] == [
        "Landsat_reflectance_2019-04-01.tif", "Landsat_reflectance_2019-04-17.tif"]
    with rasterio.open(result["VALID_FRACTION"]) as ds:
        np.testing.assert_allclose(ds.read(1), [[0.99, 1.0], [1.0, 1.0]])
    assert any("2019-04-01: 1 scene(s)" in m and "removed: cloud 1." in m
               for m in feedback.infos)
    ndvi = str(tmp_path / "ndvi.tif")
    indices = processing.run("smdownscale:deriveindices", {
        "INPUT": result["REFLECTANCE"], "SENSOR": 1, "NDVI": ndvi}, feedback=feedback)
    assert indices["DATE_LIST"] == "2019-04-01,2019-04-17"
    red, nir = 9091 * 2.75e-05 - 0.2, 18182 * 2.75e-05 - 0.2
    with rasterio.open(ndvi) as ds:
        np.testing.assert_allclose(ds.read(), (nir - red) / (nir + red), rtol=1e-5)


def test_collection_1_scene_is_refused_without_output(registry, tmp_path, feedback):
    scene = lf.write_scene(tmp_path, shape=(2, 2), collection="01", level="L1TP")
    with pytest.raises(QgsProcessingException, match="Collection 1 product.*Collection 2 "
                                                     "Level-2"):
        processing.run("smdownscale:importlandsat", {
            "INPUT": [scene], "OUTPUT_FOLDER": str(tmp_path / "o")}, feedback=feedback)
    assert not (tmp_path / "o").exists() or os.listdir(tmp_path / "o") == []

"""smdownscale:importsentinel2 through processing.run in a real QGIS.

Products are written in the Level-2A SAFE layout of the Sentinel-2 Products
Specification Document (engine/synthetic/sentinel2_files.py); expected values follow
it and the Level-2A ATBD: reflectance = (DN + BOA_ADD_OFFSET) / 10000, SCL 9 = cloud
high probability.
"""
import os

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException

from smdownscale.algorithms import importsentinel2 as alg
from smdownscale.engine.prepare.sentinel2 import scl
from smdownscale.engine.synthetic import sentinel2_files as sf


def test_enum_matches_the_engine():
    assert alg.QUALITY_KEYS == list(scl.LEVELS)


def test_zip_onto_a_target_feeds_deriveindices(registry, tmp_path, feedback):
    # baseline 04.00: red DN 1500 → 0.05, NIR DN 4000 → 0.3
    classes = np.full((10, 10), 4, np.uint8)
    classes[:5, :2] = 9  # cloud high probability: 10 of the first target cell's 25 cells
    product = sf.write_product(tmp_path, shape10=(20, 20), baseline="04.00", scl=classes,
                               zipped=True, bands={"B04": np.full((20, 20), 1500, np.uint16),
                                                   "B08": np.full((20, 20), 4000, np.uint16)})
    grid = tmp_path / "grid.tif"
    with rasterio.open(grid, "w", driver="GTiff", width=2, height=1, count=1, dtype="uint8",
                       crs="EPSG:32650", transform=rasterio.Affine(
                           100, 0, sf.ORIGIN[0], 0, -100, sf.ORIGIN[1])) as out:
        out.write(np.ones((1, 1, 2), np.uint8))
    out = tmp_path / "s2"
    result = processing.run("smdownscale:importsentinel2", {
        "INPUT": [product], "TARGET": str(grid), "OUTPUT_FOLDER": str(out)}, feedback=feedback)
    assert result["BAND_COUNT"] == 1 and result["DATE_LIST"] == "2019-04-01"
    assert result["KEPT_PERCENT"] == pytest.approx(80.0)  # 40 of the 50 20 m cells in view
    with rasterio.open(result["VALID_FRACTION"]) as ds:
        np.testing.assert_allclose(ds.read(1), [[0.6, 1.0]])
    ndvi = str(tmp_path / "ndvi.tif")
    processing.run("smdownscale:deriveindices", {
        "INPUT": result["REFLECTANCE"], "SENSOR": 2, "NDVI": ndvi}, feedback=feedback)
    with rasterio.open(ndvi) as ds:
        np.testing.assert_allclose(ds.read(1), [[(0.3 - 0.05) / 0.35] * 2], rtol=1e-5)


def test_safe_without_scl_fails_cleanly(registry, tmp_path, feedback):
    product = sf.write_product(tmp_path, shape10=(2, 2), omit=("SCL",))
    with pytest.raises(QgsProcessingException, match="has no SCL image"):
        processing.run("smdownscale:importsentinel2", {
            "INPUT": [product], "OUTPUT_FOLDER": str(tmp_path / "o")}, feedback=feedback)
    assert not (tmp_path / "o").exists() or os.listdir(tmp_path / "o") == []


def test_cluster_gives_the_same_files(registry, tmp_path, feedback, dask_cluster):
    """CLUSTER = a running scheduler (2 workers): the same files as in this process."""
    import datetime as dt

    from helpers import assert_same_stack

    classes = np.full((5, 5), 4, np.uint8)
    classes[1:3, 1:3] = 9  # cloud high probability: 4 of the 25 cells of 20 m
    products = [sf.write_product(tmp_path / str(day), shape10=(10, 10), scl=classes,
                                 zipped=day == 1, sensed=dt.datetime(2019, 4, day, 3, 5, 41),
                                 bands={"B04": np.arange(100, dtype=np.uint16).reshape(10, 10)
                                        + 1000 * day})
                for day in (1, 6)]  # a .zip (read through /vsizip/) and a .SAFE folder
    results = {}
    for label, cluster in (("here", ""), ("cluster", dask_cluster.address)):
        results[label] = processing.run("smdownscale:importsentinel2", {
            "INPUT": products, "CLUSTER": cluster, "OUTPUT_FOLDER": str(tmp_path / label)},
            feedback=feedback)
        assert results[label]["DATE_LIST"] == "2019-04-01,2019-04-06"
        assert results[label]["KEPT_PERCENT"] == pytest.approx(100 * 21 / 25)
    files = sorted(os.listdir(tmp_path / "here"))
    assert files == sorted(os.listdir(tmp_path / "cluster")) and len(files) == 3
    for name in files:
        assert_same_stack(tmp_path / "here" / name, tmp_path / "cluster" / name)
    assert any(m.startswith("Running on the Dask scheduler at") for m in feedback.infos)

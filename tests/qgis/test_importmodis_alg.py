"""smdownscale:importmodis through processing.run in a real QGIS.

Tiles are written in the HDF4-EOS layout of the Collection 6.1 user guides
(engine/synthetic/modis_files.py); expected values follow the guides' scale factors
and QA bits (LST = DN × 0.02 K; QC bits 0–1 = 10: not produced).
"""
import datetime as dt
import os

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException

from smdownscale.algorithms import importmodis as alg
from smdownscale.engine.prepare.modis import importer, qa
from smdownscale.engine.prepare.modis.products import PRODUCT_NAMES, PRODUCTS
from smdownscale.engine.synthetic import modis_files as mf

DAY = dt.date(2019, 4, 1)


def test_enums_match_the_engine():
    assert alg.PRODUCT_KEYS[1:] == list(PRODUCT_NAMES)
    assert alg.QUALITY_KEYS == list(qa.LEVELS)
    assert alg.DATE_BASIS_KEYS == list(importer.DATE_BASES)
    keys = {k for p in PRODUCTS.values() for k in p.variables}
    assert set(alg.VARIABLE_KEYS) == keys


def _lst_tiles(folder, days=3):
    files = []
    for d in range(days):
        qc = np.zeros((3, 3), np.uint8)
        qc[0, 0] = 0b10  # not produced (cloud): removed at every level but none
        files.append(mf.write_mod11(folder, DAY + dt.timedelta(days=d), 26, 4,
                                    np.full((3, 3), 15000 + 50 * d, np.uint16), qc))
    return files


def test_lst_stacks_dates_and_numbers(registry, tmp_path, feedback):
    files = _lst_tiles(tmp_path)
    out = tmp_path / "modis"
    result = processing.run("smdownscale:importmodis", {
        "INPUT": files, "OUTPUT_FOLDER": str(out)}, feedback=feedback)
    assert result["PRODUCT_NAME"] == "MOD11A1" and result["BAND_COUNT"] == 3
    assert result["DATE_LIST"] == "2019-04-01,2019-04-02,2019-04-03"
    assert result["LST_DAY"] == str(out / "MOD11A1_lst_day.tif")
    assert os.path.exists(result["LST_NIGHT"])
    assert "NDVI" not in result or not result["NDVI"]
    with rasterio.open(result["LST_DAY"]) as ds:
        day3 = ds.read(3)
    assert day3[0, 0] == -9999 and day3[1, 1] == pytest.approx(302.0)  # 15100 × 0.02
    # 8 of 9 day values kept per date; night: all fill (the writer's default) → 0 kept
    assert result["KEPT_PERCENT"] == pytest.approx(100 * 24 / (27 + 27), rel=1e-6)
    assert any("2019-04-01 lst_day: 8 of 9 values kept" in m for m in feedback.infos)


def test_product_chosen_and_file_of_another_product(registry, tmp_path, feedback):
    files = _lst_tiles(tmp_path, 1)
    with pytest.raises(QgsProcessingException, match="is a MOD11A1 file, not MOD13A2 as "
                                                     "chosen"):
        processing.run("smdownscale:importmodis", {
            "INPUT": files, "PRODUCT": alg.PRODUCT_KEYS.index("MOD13A2"),
            "OUTPUT_FOLDER": str(tmp_path / "o")}, feedback=feedback)
    assert not os.listdir(tmp_path / "o") if (tmp_path / "o").exists() else True


def test_a_variable_the_product_lacks(registry, tmp_path, feedback):
    with pytest.raises(QgsProcessingException, match="Unknown MOD11A1 variable 'ndvi'; use "
                                                     "one of lst_day, lst_night"):
        processing.run("smdownscale:importmodis", {
            "INPUT": _lst_tiles(tmp_path, 1), "VARIABLES": [alg.VARIABLE_KEYS.index("ndvi")],
            "OUTPUT_FOLDER": str(tmp_path / "o")}, feedback=feedback)


def test_reflectance_files_feed_deriveindices(registry, tmp_path, feedback):
    refl = np.stack([np.full((4, 4), v, np.int16)
                     for v in (500, 3000, 300, 600, 2500, 2000, 1500)])  # red 0.05, NIR 0.3
    files = [mf.write_mod09ga(tmp_path, DAY + dt.timedelta(days=d), 26, 4, refl,
                              np.zeros((4, 4), np.uint32), np.zeros((2, 2), np.uint16))
             for d in range(2)]
    result = processing.run("smdownscale:importmodis", {
        "INPUT": files, "OUTPUT_FOLDER": str(tmp_path / "m")}, feedback=feedback)
    assert len(result["REFLECTANCE"]) == 2
    ndvi = str(tmp_path / "ndvi.tif")
    out = processing.run("smdownscale:deriveindices", {
        "INPUT": result["REFLECTANCE"], "SENSOR": 0, "NDVI": ndvi}, feedback=feedback)
    assert out["DATE_LIST"] == "2019-04-01,2019-04-02"
    with rasterio.open(ndvi) as ds:
        np.testing.assert_allclose(ds.read(), (0.3 - 0.05) / (0.3 + 0.05), rtol=1e-5)


def test_16_day_ndvi_onto_daily_dates_by_each_pixels_composite_day(registry, tmp_path,
                                                                   feedback):
    """importmodis → aligndates in one go: a 16-day NDVI pairs with daily dates.

    Two MOD13A2 composites, A2019097 (7–22 April) and A2019113 (23 April–8 May). Pixel
    (0, 0) was observed on day 102 (0.40) and day 118 (0.60); pixel (0, 1) on days 110
    (0.40) and 114 (0.60). On 2019-04-20 (day 110): (0, 0) = 0.40 + 0.20 × 8/16 = 0.50
    and (0, 1) = 0.40 (its observation day). By the period centres (15 April, 1 May) both
    would be 0.40 + 0.20 × 5/16 = 0.4625.
    """
    files = []
    for start, ndvi, doy in ((dt.date(2019, 4, 7), 4000, [[102, 110]]),
                             (dt.date(2019, 4, 23), 6000, [[118, 114]])):
        files.append(mf.write_mod13a2(tmp_path, start, 26, 4, np.full((1, 2), ndvi, np.int16),
                                      np.full((1, 2), ndvi, np.int16),
                                      np.zeros((1, 2), np.uint16), np.zeros((1, 2), np.int8),
                                      np.array(doy, np.int16)))
    imported = processing.run("smdownscale:importmodis", {
        "INPUT": files, "VARIABLES": [alg.VARIABLE_KEYS.index("ndvi")],
        "OUTPUT_FOLDER": str(tmp_path / "m")}, feedback=feedback)
    assert imported["DATE_LIST"] == "2019-04-15,2019-05-01"
    daily = processing.run("smdownscale:aligndates", {
        "INPUT": imported["NDVI"], "OBSERVATION_DAYS": imported["OBSERVATION_DAY"],
        "DATES": "2019-04-20", "OUTPUT": str(tmp_path / "daily.tif")}, feedback=feedback)
    with rasterio.open(daily["OUTPUT"]) as ds:
        assert ds.descriptions == ("2019-04-20",)
        np.testing.assert_allclose(ds.read(1), [[0.50, 0.40]], rtol=1e-6)
    by_centre = processing.run("smdownscale:aligndates", {
        "INPUT": imported["NDVI"], "DATES": "2019-04-20",
        "OUTPUT": str(tmp_path / "centre.tif")}, feedback=feedback)
    with rasterio.open(by_centre["OUTPUT"]) as ds:
        np.testing.assert_allclose(ds.read(1), [[0.4625, 0.4625]], rtol=1e-6)

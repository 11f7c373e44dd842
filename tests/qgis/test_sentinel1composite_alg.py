"""smdownscale:sentinel1composite through processing.run in a real QGIS.

Files are written by tests/sentinel1_files.py as HyP3 RTC product folders (HyP3 RTC
Product Guide: S1x_yy_aaaaaaaaTbbbbbb_ppo_RTCzz_u_defklm_ssss, 30 m, one GeoTIFF per
polarisation beside _ls_map.tif) and SNAP exports (ESA product names). Expected
values from the definition of the composite (Xu et al. 2024: mean of the images within
6 days either side, here in linear power): 0.02 and 0.04 within the window → 0.03,
i.e. 10·log10(0.03) dB.
"""
import os

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException
from rasterio.crs import CRS
from rasterio.transform import from_origin

import sentinel1_files as sf
from smdownscale.algorithms import sentinel1composite as alg
from smdownscale.engine.prepare.sentinel1 import acquisitions, composite
from smdownscale.engine.raster.dates import parse_iso
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import write_stack


def test_enums_match_the_engine():
    assert alg.INPUT_SCALE_KEYS == list(composite.INPUT_SCALES)
    assert alg.OUTPUT_SCALE_KEYS == list(composite.OUTPUT_SCALES)
    assert alg.DIRECTION_KEYS == list(acquisitions.DIRECTION_CHOICES)
    assert alg.DEFAULT_HALF_WINDOW_DAYS == composite.DEFAULT_HALF_WINDOW_DAYS


def hyp3_product(folder, day, value):
    """A HyP3 RTC product folder: VV, VH (VV / 4) and the layover-shadow mask."""
    start = sf.at(day)
    base = sf.hyp3_name(start)[:-len("_VV.tif")]
    product = folder / base
    product.mkdir()
    for pol, v in (("VV", value), ("VH", value / 4)):
        sf.write_sigma0(product / sf.hyp3_name(start, pol), np.full((10, 10), v), cell=30.0)
    sf.write_sigma0(product / f"{base}_ls_map.tif", np.ones((10, 10)), cell=30.0, dtype="uint8")
    return product


def test_hyp3_folders_onto_a_target_on_the_coarse_dates(registry, tmp_path, feedback):
    inputs = tmp_path / "hyp3"
    inputs.mkdir()
    hyp3_product(inputs, "2019-04-01", 0.02)
    hyp3_product(inputs, "2019-04-05", 0.04)
    grid = Grid(CRS.from_epsg(sf.EPSG), from_origin(*sf.ORIGIN, 150, 150), 2, 2)
    coarse = write_stack(tmp_path / "smap.tif", grid, np.full((2, 2, 2), 0.2),
                         [parse_iso("2019-04-03"), parse_iso("2019-04-20")])
    result = processing.run("smdownscale:sentinel1composite", {
        "INPUT": [str(inputs)], "DATES_FROM": str(coarse), "TARGET": str(coarse),
        "VV": str(tmp_path / "vv.tif"), "VH": str(tmp_path / "vh.tif"),
        "COUNT": str(tmp_path / "n.tif")}, feedback=feedback)
    assert result["BAND_COUNT"] == 2 and result["ACQUISITION_COUNT"] == 2
    assert result["DATE_LIST"] == "2019-04-03,2019-04-20"
    with rasterio.open(result["VV"]) as ds:
        assert ds.descriptions == ("2019-04-03", "2019-04-20") and ds.units[0] == "dB"
        vv = ds.read(masked=True)
    np.testing.assert_allclose(vv[0], np.full((2, 2), 10 * np.log10(0.03)), rtol=1e-5)
    assert vv[1].mask.all()  # nothing within 6 days of 20 April
    with rasterio.open(result["COUNT"]) as ds:
        assert ds.read(1).tolist() == [[2, 2], [2, 2]]
    log = "\n".join(feedback.infos)
    assert "date from HyP3 RTC name 4" in log and "direction from the time 4" in log
    assert "linear (the name) 4" in log and "1 date(s) without an acquisition" in log
    # the VV stack feeds the next step of a model
    aligned = processing.run("smdownscale:aligndates", {
        "INPUT": result["VV"], "DATES": "2019-04-03", "OUTPUT": str(tmp_path / "a.tif")},
        feedback=feedback)
    assert aligned["BAND_COUNT"] == 1


def test_file_without_a_date_fails_cleanly(registry, tmp_path, feedback):
    good = sf.write_sigma0(tmp_path / sf.esa_name(sf.at("2019-04-01")), np.full((4, 4), -12.0))
    bad = sf.write_sigma0(tmp_path / "S1_VV_export.tif", np.full((4, 4), -12.0))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException,
                       match=r"No acquisition date was found for S1_VV_export.tif.*pattern"):
        processing.run("smdownscale:sentinel1composite", {
            "INPUT": [good, bad], "VV": str(out / "vv.tif"), "VH": ""}, feedback=feedback)
    with pytest.raises(QgsProcessingException, match=r"removed: ascending 1"):
        processing.run("smdownscale:sentinel1composite", {
            "INPUT": [good], "DIRECTION": 1, "VV": str(out / "vv.tif"), "VH": ""},
            feedback=feedback)
    with pytest.raises(QgsProcessingException, match=r"No VH file is among the inputs"):
        processing.run("smdownscale:sentinel1composite", {
            "INPUT": [good], "VV": str(out / "vv.tif"), "VH": str(out / "vh.tif")},
            feedback=feedback)
    assert os.listdir(out) == []

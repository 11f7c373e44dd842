"""Sentinel-2 L2A import from products in the distributed SAFE layout (engine level).

Products are written by engine/synthetic/sentinel2_files.py following the Sentinel-2
Products Specification Document (Level-2A SAFE layout, MTD_MSIL2A.xml) and the
Level-2A ATBD (scene classification): JPEG 2000 bands of 10 m and 20 m cells in UTM
zone 50N, SCL at 20 m. Expected values are worked out here from those documents:
reflectance = (DN + BOA_ADD_OFFSET) / BOA_QUANTIFICATION_VALUE (DN 2000 with offset
−1000 and quantification 10000 → 0.1; without offset, baselines before 04.00, → 0.2);
SCL 9 = cloud high probability, removed.
"""
import datetime as dt
import os
import shutil

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.crs import CRS

from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare.indices import sensor_for, to_reflectance
from smdownscale.engine.prepare.sentinel2 import scl
from smdownscale.engine.prepare.sentinel2.importer import Sentinel2Options, import_sentinel2
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.synthetic import sentinel2_files as sf

X0, Y0 = sf.ORIGIN


def read(path, band=1):
    with rasterio.open(path) as ds:
        return ds.read(band)


def reflectance(path, band):
    """The reflectance a file declares: DN × scale + offset (NaN at nodata)."""
    with rasterio.open(path) as ds:
        dn = ds.read(band).astype(float)
        return np.where(dn == ds.nodata, np.nan, dn * ds.scales[band - 1] + ds.offsets[band - 1])


def leftovers(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_scl_classes_removed_by_level():
    assert scl.removed_classes("none") == []
    assert scl.removed_classes("lenient") == [1, 8, 9]
    assert scl.removed_classes("standard") == [1, 3, 8, 9, 10, 11]
    assert scl.removed_classes("strict") == [1, 2, 3, 7, 8, 9, 10, 11]


def test_boa_offset_and_quantification_are_read_from_the_metadata(tmp_path):
    new = sf.write_product(tmp_path / "n", baseline="04.00", shape10=(4, 4))
    old = sf.write_product(tmp_path / "o", baseline="02.11", shape10=(4, 4))
    s_new = import_sentinel2([new], str(tmp_path / "out_new"))
    s_old = import_sentinel2([old], str(tmp_path / "out_old"))
    # DN 2000: (2000 − 1000) / 10000 = 0.1 from baseline 04.00; 2000 / 10000 = 0.2 before
    np.testing.assert_allclose(reflectance(s_new["outputs"]["reflectance"][0], 3), 0.1,
                               atol=1e-12)
    np.testing.assert_allclose(reflectance(s_old["outputs"]["reflectance"][0], 3), 0.2,
                               atol=1e-12)
    # written in the deriveindices preset's encoding: DN × 0.0001 − 0.1
    assert (read(s_old["outputs"]["reflectance"][0], 3) == 3000).all()
    sensor = sensor_for("sentinel2")
    np.testing.assert_allclose(to_reflectance(read(s_new["outputs"]["reflectance"][0], 1),
                                              sensor), 0.1, atol=1e-12)


def test_bands_in_preset_order_10_m_averaged_onto_the_20_m_grid(tmp_path):
    bands = {b: np.full((6, 6) if b in ("B11", "B12") else (12, 12), 1000 + 100 * k, np.uint16)
             for k, b in enumerate(("B02", "B03", "B04", "B08", "B11", "B12"), start=1)}
    bands["B08"][0:2, 0:2] = [[3000, 4000], [5000, 6000]]  # one 20 m cell's four 10 m cells
    bands["B08"][2, 2] = 0  # NODATA in one of four 10 m cells: the other three count
    path = sf.write_product(tmp_path, bands=bands, shape10=(12, 12), baseline="04.00")
    s = import_sentinel2([path], str(tmp_path / "out"))
    file = s["outputs"]["reflectance"][0]
    with rasterio.open(file) as ds:
        assert ds.count == 6 and ds.res == (20.0, 20.0) and ds.dtypes[0] == "uint16"
        assert (ds.transform.c, ds.transform.f) == (X0, Y0)
        assert ds.descriptions == tuple(f"2019-04-01 {r} ({b})" for r, b in zip(
            ("blue", "green", "red", "nir", "swir1", "swir2"),
            ("B02", "B03", "B04", "B08", "B11", "B12")))
    assert [read(file, k)[5, 5] for k in range(1, 7)] == [1100, 1200, 1300, 1400, 1500, 1600]
    assert read(file, 4)[0, 0] == 4500  # mean of 3000, 4000, 5000, 6000
    assert read(file, 4)[1, 1] == 1400  # three 10 m cells of 1400
    assert os.path.basename(file) == "Sentinel2_reflectance_2019-04-01.tif"


def test_scl_screening_counts_and_valid_fraction(tmp_path):
    classes = np.array([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [4, 4, 4, 4]], np.uint8)
    path = sf.write_product(tmp_path, scl=classes, shape10=(8, 8))
    kept = {}
    for level in ("none", "lenient", "standard", "strict"):
        s = import_sentinel2([path], str(tmp_path / level), Sentinel2Options(quality=level))
        kept[level] = read(s["outputs"]["reflectance"][0], 1) != 0
        if level == "standard":
            assert s["counts"]["2019-04-01"] == {
                "saturated_defective": 1, "cloud_high": 1, "cloud_medium": 1,
                "cloud_shadow": 1, "thin_cirrus": 1, "snow": 1}
            assert s["kept"]["2019-04-01"] == 15 - 6  # class 0 is not imaged
            fraction = read(s["outputs"]["valid_fraction"])
            assert fraction[0, 0] == -9999 and fraction[0, 3] == 0 and fraction[1, 0] == 1
    assert kept["none"].sum() == 15
    assert kept["lenient"][2].tolist() == [False, False, True, True]
    assert kept["standard"][0].tolist() == [False, False, True, False]
    assert kept["strict"][1].tolist() == [True, True, True, False]  # 7 unclassified


def test_zip_safe_and_metadata_file_give_the_same(tmp_path):
    classes = np.full((5, 5), 4, np.uint8)
    classes[2, 2] = 9
    z = sf.write_product(tmp_path / "z", scl=classes, shape10=(10, 10), zipped=True)
    safe = sf.write_product(tmp_path / "s", scl=classes, shape10=(10, 10))
    outs = [import_sentinel2([p], str(tmp_path / f"o{i}")) for i, p in enumerate(
        (z, safe, os.path.join(safe, "MTD_MSIL2A.xml"), str(tmp_path / "z")))]
    first = read(outs[0]["outputs"]["reflectance"][0], 4)
    assert first[2, 2] == 0 and first[0, 0] == 3000
    for s in outs[1:]:
        np.testing.assert_array_equal(read(s["outputs"]["reflectance"][0], 4), first)
    both = import_sentinel2([safe, os.path.join(safe, "MTD_MSIL2A.xml")],
                            str(tmp_path / "both"))  # one product, given twice the same way
    assert len(both["scenes"]["2019-04-01"]) == 1


def test_onto_a_target_grid_and_two_tiles_of_one_day(tmp_path):
    west = sf.write_product(tmp_path, shape10=(10, 10), tile="50TMK",
                            bands={"B04": np.full((10, 10), 2500, np.uint16)})
    east = sf.write_product(tmp_path, shape10=(10, 10), tile="50TNK", origin=(X0 + 100, Y0),
                            bands={"B04": np.full((10, 10), 3500, np.uint16)})
    # 2 × 1 cells of 100 m: one per tile, each 5 × 5 cells of 20 m
    target = Grid(CRS.from_epsg(32650), Affine(100, 0, X0, 0, -100, Y0), 2, 1)
    s = import_sentinel2([west, east], str(tmp_path / "out"), target=target)
    assert s["scenes"]["2019-04-01"] == [
        "S2A_MSIL2A_20190401T030541_N0211_R075_T50TMK_20190401T070006",
        "S2A_MSIL2A_20190401T030541_N0211_R075_T50TNK_20190401T070006"]
    assert read(s["outputs"]["reflectance"][0], 3).tolist() == [[3500, 4500]]
    assert read(s["outputs"]["valid_fraction"]).tolist() == [[1.0, 1.0]]


def test_several_dates(tmp_path):
    paths = [sf.write_product(tmp_path, shape10=(2, 2), sensed=dt.datetime(2019, 4, d, 3, 5, 41))
             for d in (6, 1)]
    s = import_sentinel2(paths, str(tmp_path / "out"))
    assert s["dates"] == ["2019-04-01", "2019-04-06"]
    with rasterio.open(s["outputs"]["valid_fraction"]) as ds:
        assert ds.descriptions == ("2019-04-01", "2019-04-06")


# -- bad input: a clear message, nothing left behind --------------------------------------------

def test_a_safe_without_scl(tmp_path):
    path = sf.write_product(tmp_path, shape10=(2, 2), omit=("SCL",))
    with pytest.raises(InputError, match=r"'S2A_MSIL2A_20190401T030541_.*\.SAFE' has no SCL "
                                         r"image.*scene classification.*Download the complete"):
        import_sentinel2([path], str(tmp_path / "out"))
    assert leftovers(tmp_path / "out") == []


def test_a_level_1c_product_and_a_folder_that_is_neither(tmp_path):
    l1c = sf.write_product(tmp_path / "l1c", shape10=(2, 2), level="MSIL1C")
    with pytest.raises(InputError, match=r"Sentinel-2 Level-1C product.*reads Level-2A"):
        import_sentinel2([l1c], str(tmp_path / "out"))
    landsat = tmp_path / "scene"
    landsat.mkdir()
    (landsat / "LC08_L2SP_123032_20190401_20200829_02_T1_MTL.txt").write_text("x")
    with pytest.raises(InputError, match=r"folder 'scene' is not a Sentinel-2 L2A product.*"
                                         r"Landsat files: use 'Import Landsat"):
        import_sentinel2([str(landsat)], str(tmp_path / "out"))
    other = tmp_path / "notes.txt"
    other.write_text("x")
    with pytest.raises(InputError, match="'notes.txt' is not a Sentinel-2 L2A product"):
        import_sentinel2([str(other)], str(tmp_path / "out"))
    assert leftovers(tmp_path / "out") == []


def test_a_product_outside_the_target_and_tiles_in_two_zones(tmp_path):
    path = sf.write_product(tmp_path, shape10=(2, 2))
    far = Grid(CRS.from_epsg(32650), Affine(1000, 0, 800000, 0, -1000, 5000000), 3, 3)
    with pytest.raises(InputError, match=r"target grid .* and scene 'S2A_MSIL2A_.*' .*do not "
                                         r"overlap"):
        import_sentinel2([path], str(tmp_path / "out"), target=far)
    other = sf.write_product(tmp_path / "z51", shape10=(2, 2), tile="51TTE", epsg=32651,
                             origin=(-100400.0, 4624600.0))
    with pytest.raises(InputError, match="different UTM zones.*target grid"):
        import_sentinel2([path, other], str(tmp_path / "out"))
    assert leftovers(tmp_path / "out") == []


def test_a_damaged_zip(tmp_path):
    bad = tmp_path / "S2A_MSIL2A_20190401T030541_N0211_R075_T50TMK_20190401T070006.zip"
    bad.write_bytes(b"<html>expired link</html>")
    with pytest.raises(InputError, match="cannot be read as a .zip.*Download it again"):
        import_sentinel2([str(bad)], str(tmp_path / "out"))


def test_metadata_without_quantification_value(tmp_path):
    path = sf.write_product(tmp_path, shape10=(2, 2))
    mtd = os.path.join(path, "MTD_MSIL2A.xml")
    text = open(mtd, encoding="utf-8").read()
    start = text.index("<QUANTIFICATION_VALUES_LIST>")
    end = text.index("</QUANTIFICATION_VALUES_LIST>") + len("</QUANTIFICATION_VALUES_LIST>")
    open(mtd, "w", encoding="utf-8").write(text[:start] + text[end:])
    with pytest.raises(InputError, match="has no BOA_QUANTIFICATION_VALUE"):
        import_sentinel2([path], str(tmp_path / "out"))
    shutil.rmtree(path)

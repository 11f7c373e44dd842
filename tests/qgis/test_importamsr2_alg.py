"""smdownscale:importamsr2 through processing.run in a real QGIS."""
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException

from amsr2_files import CELL, MISSING, name, write_amsr2
from smap_granules import value_at
from smdownscale.algorithms import importamsr2 as alg
from smdownscale.engine.prepare.coarse import amsr2


def test_enum_matches_the_engine():
    assert alg.PASS_KEYS == list(amsr2.PASS_MODES)


def test_import_with_extent_and_separate_passes(registry, tmp_path, feedback):
    (lon, lat), cell = CELL[25]
    files = [write_amsr2(tmp_path / name(1, p, 25), {cell: v}, km=25)
             for p, v in (("A", 300), ("D", 200))]
    out = str(tmp_path / "amsr2.tif")
    result = processing.run("smdownscale:importamsr2", {
        "INPUT": files, "PASSES": 1, "EXTENT": "110,120,38,45 [EPSG:4326]", "OUTPUT": out},
        feedback=feedback)
    assert result["BAND_COUNT"] == 2 and result["PRODUCT"] == "AMSR2_L3_SMC_25km"
    assert result["DATE_LIST"] == "2019-06-01T01:30,2019-06-01T13:30"
    assert value_at(out, lon, lat, 1)[0] == pytest.approx(0.2)
    assert value_at(out, lon, lat, 2)[0] == pytest.approx(0.3)
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (40, 28) and ds.crs.to_epsg() == 4326
    assert any("Cells removed: fill code" in m for m in feedback.infos)


@pytest.mark.parametrize("case", ["not_hdf5", "wrong_product", "all_fill"])
def test_bad_input_is_named_and_leaves_no_output(registry, tmp_path, feedback, case):
    if case == "not_hdf5":
        path = tmp_path / "readme.h5"
        path.write_text("hello")
        path, message = str(path), "'readme.h5' is not an HDF5 file"
    elif case == "wrong_product":
        path = write_amsr2(tmp_path / name(km=25), {}, km=25,
                           geophysical_name="Snow Depth")
        message = "is the AMSR2 L3 product 'Snow Depth', not soil moisture"
    else:
        path = write_amsr2(tmp_path / name(km=25), {CELL[25][1]: MISSING}, km=25)
        message = "No value is left in 'GW1AM2_20190601_01D_EQMD"
    out = tmp_path / "o.tif"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("smdownscale:importamsr2", {
            "INPUT": [path], "EXTENT": "110,120,38,45 [EPSG:4326]", "OUTPUT": str(out)},
            feedback=feedback)
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))

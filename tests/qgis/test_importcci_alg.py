"""smdownscale:importcci through processing.run in a real QGIS."""
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException

from cci_files import LAT, LON, ROW, COL, name, write_cci
from smap_granules import value_at

EXTENT = "110,120,38,45 [EPSG:4326]"


def test_import_with_extent_and_flag_mask(registry, tmp_path, feedback):
    files = [write_cci(tmp_path / name(d), {(ROW, COL): 0.2, (ROW, COL + 1): 0.3},
                       flags={(ROW, COL + 1): 2}) for d in (1, 2)]
    out = str(tmp_path / "cci.tif")
    result = processing.run("smdownscale:importcci", {
        "INPUT": files, "FLAG_MASK": 1, "EXTENT": EXTENT, "OUTPUT": out}, feedback=feedback)
    assert result["BAND_COUNT"] == 2 and result["PRODUCT"] == "ESA CCI SM COMBINED"
    assert result["DATE_LIST"] == "2019-06-01,2019-06-02"
    assert value_at(out, LON, LAT, 2)[0] == pytest.approx(0.2)
    assert value_at(out, LON + 0.25, LAT)[0] == pytest.approx(0.3)  # bit 2 not screened
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (40, 28) and ds.crs.to_epsg() == 4326
    processing.run("smdownscale:importcci", {"INPUT": files, "EXTENT": EXTENT, "OUTPUT": out},
                   feedback=feedback)
    assert value_at(out, LON + 0.25, LAT)[0] == -9999          # default: flag must be 0
    assert any("Cells removed: fill value" in m for m in feedback.infos)


@pytest.mark.parametrize("case", ["smap_file", "missing_variable", "flipped_grid"])
def test_bad_input_is_named_and_leaves_no_output(registry, tmp_path, feedback, case):
    if case == "smap_file":
        from smap_granules import write_l3

        path = write_l3(tmp_path / "SMAP_L3_SM_P_20190601_R18290_001.h5")
        message = "'SMAP_L3_SM_P_20190601_R18290_001.h5' is not an ESA CCI soil-moisture file"
    elif case == "missing_variable":
        path = write_cci(tmp_path / name(), {}, variable="soil_moisture")
        message = "has no 'sm' variable"
    else:
        path = write_cci(tmp_path / name(), {}, lat_first=-89.875)
        message = "is not on the ESA CCI 0.25° grid"
    out = tmp_path / "o.tif"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("smdownscale:importcci", {"INPUT": [path], "OUTPUT": str(out)},
                       feedback=feedback)
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))

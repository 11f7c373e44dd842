"""smdownscale:importsmap through processing.run in a real QGIS."""
import processing
import pytest
from qgis.core import QgsProcessingException

from smdownscale.algorithms import importsmap as alg
from smdownscale.engine.prepare import smap
from smdownscale.engine.raster.grids import ease2_row_col

from smap_granules import LAT, LON, value_at, write_l3


def test_enums_match_the_engine():
    assert alg.PASS_KEYS == list(smap.PASS_MODES)
    assert alg.QUALITY_KEYS == list(smap.QUALITY_MODES)


def test_import_with_extent_and_passes(registry, tmp_path, feedback):
    cell = ease2_row_col(36, LON, LAT)
    files = [write_l3(tmp_path / f"SMAP_L3_SM_P_2019060{d}_R18290_001.h5",
                      am={cell: 0.2 + 0.01 * d}, pm={cell: 0.4}) for d in (1, 2)]
    out = str(tmp_path / "smap.tif")
    result = processing.run("smdownscale:importsmap", {
        "INPUT": files, "PASSES": 1, "EXTENT": "110,120,38,45 [EPSG:4326]", "OUTPUT": out},
        feedback=feedback)
    assert result["BAND_COUNT"] == 4 and result["PRODUCT"] == "SPL3SMP"
    assert result["DATE_LIST"].split(",")[:2] == ["2019-06-01T06:00", "2019-06-01T18:00"]
    assert value_at(out, LON, LAT, 3)[0] == pytest.approx(0.22)
    assert value_at(out, LON, LAT, 4)[0] == pytest.approx(0.4)
    import rasterio

    with rasterio.open(out) as ds:
        assert ds.width < 40 and ds.crs.to_epsg() == 6933
    assert any("Cells removed: fill value" in m for m in feedback.infos)


def test_not_a_granule_is_named(registry, tmp_path, feedback):
    bad = tmp_path / "readme.h5"
    bad.write_text("hello")
    with pytest.raises(QgsProcessingException, match="'readme.h5' is not an HDF5 file"):
        processing.run("smdownscale:importsmap",
                       {"INPUT": [str(bad)], "OUTPUT": str(tmp_path / "o.tif")},
                       feedback=feedback)
    assert not (tmp_path / "o.tif").exists()

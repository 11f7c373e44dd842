"""smdownscale:importsmos through processing.run in a real QGIS."""
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException

from smap_granules import value_at
from smdownscale.algorithms import importsmos as alg
from smdownscale.engine.prepare.coarse import smos
from smos_files import COL, ROW, catds_name, centre_lonlat, write_smos

LON, LAT = centre_lonlat(ROW, COL)
EXTENT = f"{LON - 2},{LON + 2},{LAT - 2},{LAT + 2} [EPSG:4326]"


def test_enum_matches_the_engine():
    assert alg.PASS_KEYS == list(smos.PASS_MODES)


def test_import_with_extent_passes_and_thresholds(registry, tmp_path, feedback):
    asc = write_smos(tmp_path / catds_name(1, "A"), {(ROW, COL): 0.2},
                     extra={"Soil_Moisture_Dqx": {(ROW, COL): 0.09}})
    desc = write_smos(tmp_path / catds_name(1, "D"), {(ROW, COL): 0.3})
    out = str(tmp_path / "smos.tif")
    result = processing.run("smdownscale:importsmos", {
        "INPUT": [asc, desc], "PASSES": 1, "EXTENT": EXTENT, "OUTPUT": out},
        feedback=feedback)
    assert result["BAND_COUNT"] == 2 and result["PRODUCT"] == "SMOS CATDS L3SM"
    assert result["DATE_LIST"] == "2019-06-01T06:00,2019-06-01T18:00"
    assert value_at(out, LON, LAT, 1)[0] == pytest.approx(0.2)
    assert value_at(out, LON, LAT, 2)[0] == pytest.approx(0.3)
    with rasterio.open(out) as ds:
        assert ds.crs.to_epsg() == 6933 and ds.width < 30
    processing.run("smdownscale:importsmos", {
        "INPUT": [asc, desc], "MAX_DQX": 0.05, "EXTENT": EXTENT, "OUTPUT": out},
        feedback=feedback)
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.3)   # asc removed (Dqx) → desc
    assert any("Dqx 1" in m for m in feedback.infos)


@pytest.mark.parametrize("case", ["amsr2_file", "missing_variable"])
def test_bad_input_is_named_and_leaves_no_output(registry, tmp_path, feedback, case):
    if case == "amsr2_file":
        from amsr2_files import name, write_amsr2

        path = write_amsr2(tmp_path / name(km=25), {}, km=25)
        message = "has no 'Soil_Moisture' variable"
    else:
        path = write_smos(tmp_path / catds_name(), {(ROW, COL): 0.2}, drop=("Chi_2_P",))
        message = "lacks the 'Chi_2_P' variable; set the Chi-2 probability to 0"
    out = tmp_path / "o.tif"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("smdownscale:importsmos", {
            "INPUT": [path], "EXTENT": EXTENT, "OUTPUT": str(out)}, feedback=feedback)
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))

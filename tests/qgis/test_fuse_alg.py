"""smdownscale:fuse through processing.run in a real QGIS."""
import csv
import re

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from smdownscale.algorithms import fuse as alg
from smdownscale.engine.geostat import kriging
from smdownscale.engine.stations import fusion
from smdownscale.engine.stations.fusion import FuseOptions, fuse_stack

from .test_validate_alg import memory_layer, station_rows


def params(region, tmp_path, **extra):
    out = {"INPUT": region["map"], "STATIONS": region["stations"], "VALUE_FIELD": "sm",
           "DATE_FIELD": "date", "STATION_ID_FIELD": "station_id",
           "OUTPUT": str(tmp_path / "fused.tif")}
    out.update(extra)
    return out


def test_enums_match_the_engine():
    assert alg.METHOD_KEYS == list(fusion.METHODS)
    assert alg.INTERPOLATION_KEYS == list(fusion.INTERPOLATIONS)
    assert alg.VARIOGRAM_KEYS == list(kriging.MODELS)
    assert alg.DEFAULTS["RATIO_FLOOR"] == fusion.DEFAULT_RATIO_FLOOR


def test_gda_kriging_matches_the_engine(validation_region, registry, tmp_path, feedback):
    result = processing.run("smdownscale:fuse", params(
        validation_region, tmp_path, OUTPUT_HOLDOUT=str(tmp_path / "holdout.gpkg"),
        DATE_REPORT=str(tmp_path / "dates.csv")), feedback=feedback)
    engine = fuse_stack(validation_region["map"], validation_region["observations"],
                        str(tmp_path / "engine.tif"), FuseOptions())
    with rasterio.open(result["OUTPUT"]) as a, rasterio.open(tmp_path / "engine.tif") as b:
        np.testing.assert_array_equal(a.read(), b.read())
    assert result["N_HELD_OUT"] == 5 and result["N_DATES_FUSED"] >= 15
    assert result["HOLDOUT_RMSE_AFTER"] < result["HOLDOUT_RMSE_BEFORE"]
    assert result["HOLDOUT_RMSE_AFTER"] == pytest.approx(engine["holdout_overall"]["after"]["rmse"])
    layer = QgsVectorLayer(result["OUTPUT_HOLDOUT"], "h", "ogr")
    rows = list(layer.getFeatures())
    assert len(rows) == 6 and layer.crs().authid() == "EPSG:4326"
    assert rows[-1]["station_id"] == "all held-out stations"
    assert not rows[-1].hasGeometry() or rows[-1].geometry().isEmpty()
    assert {f["station_id"] for f in rows[:-1]} == set(engine["held_out"])
    assert rows[-1]["rmse_after"] == pytest.approx(result["HOLDOUT_RMSE_AFTER"])
    with open(result["DATE_REPORT"], encoding="utf-8") as f:
        dates = list(csv.DictReader(f))
    assert len(dates) == 20 and dates[2]["variogram_model"] == "spherical"
    assert any("variogram spherical (fitted)" in m for m in feedback.infos)
    assert any("Held-out stations" in m for m in feedback.infos)


def test_gra_idw_and_a_fixed_variogram(validation_region, registry, tmp_path, feedback):
    gra = processing.run("smdownscale:fuse", params(
        validation_region, tmp_path, METHOD=1, INTERPOLATION=2, SEARCH_RADIUS=100,
        HOLDOUT_FRACTION=0.0), feedback=feedback)
    assert gra["N_HELD_OUT"] == 0 and gra["HOLDOUT_RMSE_AFTER"] is None
    fixed = processing.run("smdownscale:fuse", params(
        validation_region, tmp_path, OUTPUT=str(tmp_path / "fixed.tif"), INTERPOLATION=1,
        VARIOGRAM_SILL=0.001, VARIOGRAM_RANGE=50, DATE_REPORT=str(tmp_path / "d.csv"),
        OUTPUT_HOLDOUT=str(tmp_path / "holdout.csv")), feedback=feedback)
    with open(fixed["DATE_REPORT"], encoding="utf-8") as f:
        sources = {r["variogram_source"] for r in csv.DictReader(f) if r["status"] == "fused"}
    assert sources == {"fixed"}
    for path in (fixed["DATE_REPORT"], fixed["OUTPUT_HOLDOUT"]):  # integers unquoted
        text = open(path, encoding="utf-8").read()
        assert not re.search(r'"\d+"', text), text[:300]
    lines = text.splitlines()
    assert lines[0].startswith("station_id,n,rmse_before,rmse_after")
    assert len(lines) == 7 and re.match(r"all held-out stations,\d+,0\.", lines[-1])


def test_without_station_ids_positions_are_stations(validation_region, registry, tmp_path,
                                                    feedback):
    p = params(validation_region, tmp_path)
    del p["STATION_ID_FIELD"]
    result = processing.run("smdownscale:fuse", p, feedback=feedback)
    assert result["N_HELD_OUT"] == 5                            # 16 positions × 0.3


def test_stations_from_a_csv_with_lon_lat_columns(validation_region, registry, tmp_path,
                                                   feedback):
    result = processing.run("smdownscale:fuse", params(
        validation_region, tmp_path, STATIONS=validation_region["folder"] + "/stations.csv",
        X_FIELD="lon", Y_FIELD="lat", INTERPOLATION=2, OUTPUT_HOLDOUT=str(tmp_path / "h.gpkg")),
        feedback=feedback)
    fuse_stack(validation_region["map"], validation_region["observations"],
               str(tmp_path / "engine.tif"), FuseOptions(interpolation="idw"))
    with rasterio.open(result["OUTPUT"]) as a, rasterio.open(tmp_path / "engine.tif") as b:
        np.testing.assert_array_equal(a.read(), b.read())
    layer = QgsVectorLayer(result["OUTPUT_HOLDOUT"], "h", "ogr")
    assert layer.crs().authid() == "EPSG:4326" and layer.featureCount() == 6


# --- refused input ------------------------------------------------------------------------
def test_no_value_field(validation_region, registry, tmp_path, feedback):
    p = params(validation_region, tmp_path)
    del p["VALUE_FIELD"]
    with pytest.raises(QgsProcessingException, match="VALUE_FIELD|value field"):
        processing.run("smdownscale:fuse", p, feedback=feedback)
    assert not (tmp_path / "fused.tif").exists()


def test_non_numeric_value_field(validation_region, registry, tmp_path, feedback):
    with pytest.raises(QgsProcessingException, match="'landcover' is not numeric"):
        processing.run("smdownscale:fuse", params(validation_region, tmp_path,
                                                  VALUE_FIELD="landcover"), feedback=feedback)


def test_unparsable_date(validation_region, registry, tmp_path, feedback):
    layer = memory_layer([("A", 116.0, 42.0, "June 1st", 0.2)])
    with pytest.raises(QgsProcessingException, match="'June 1st'.*not a date"):
        processing.run("smdownscale:fuse", params(validation_region, tmp_path, STATIONS=layer,
                                                  STATION_ID_FIELD="sid"), feedback=feedback)


def test_layer_without_crs(validation_region, registry, tmp_path, feedback):
    layer = memory_layer([("A", 116.0, 42.0, "2019-06-01", 0.2)], crs=None)
    with pytest.raises(QgsProcessingException, match="no coordinate reference system"):
        processing.run("smdownscale:fuse", params(validation_region, tmp_path, STATIONS=layer,
                                                  STATION_ID_FIELD="sid"), feedback=feedback)


def test_no_station_inside_the_raster(validation_region, registry, tmp_path, feedback):
    layer = memory_layer([("A", 10.0, 50.0, "2019-06-01", 0.2),
                          ("B", 11.0, 50.0, "2019-06-01", 0.2)])
    with pytest.raises(QgsProcessingException, match="No station lies inside the raster"):
        processing.run("smdownscale:fuse", params(validation_region, tmp_path, STATIONS=layer,
                                                  STATION_ID_FIELD="sid"), feedback=feedback)
    assert not (tmp_path / "fused.tif").exists()


def test_half_a_fixed_variogram(validation_region, registry, tmp_path, feedback):
    with pytest.raises(QgsProcessingException, match="both a sill and a range"):
        processing.run("smdownscale:fuse", params(validation_region, tmp_path,
                                                  VARIOGRAM_SILL=0.001), feedback=feedback)


def test_numeric_date_field_refused(validation_region, registry, tmp_path, feedback):
    r = station_rows(validation_region)[0]
    layer = memory_layer([("A", float(r["lon"]), float(r["lat"]), 20190601, 0.2)],
                         date_type=QVariant.Int)
    with pytest.raises(QgsProcessingException, match="must be a date"):
        processing.run("smdownscale:fuse", params(validation_region, tmp_path, STATIONS=layer,
                                                  STATION_ID_FIELD="sid"), feedback=feedback)

"""smdownscale:importismn through processing.run, and its layer feeding validate."""
import datetime as dt

import numpy as np
import processing
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.algorithms import importismn as alg
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import write_stack
from smdownscale.engine.stations.ismn import filters

from ismn_files import ARM1, DATA, RSMN, RSMN_ZIP, data_lines, header_fields, line_at


def test_enum_matches_the_engine():
    assert alg.SENSOR_KEYS == list(filters.SENSOR_MODES)


def features(path):
    layer = QgsVectorLayer(str(path), "ismn", "ogr")
    assert layer.isValid()
    return layer, list(layer.getFeatures())


def test_import_folder_writes_one_point_per_observation(registry, tmp_path, feedback):
    out = tmp_path / "ismn.gpkg"
    result = processing.run("smdownscale:importismn", {
        "INPUT": [str(DATA)], "DEPTH_TO": 0.2, "QUALITY_FLAGS": "G", "OUTPUT": str(out)},
        feedback=feedback)
    arm1 = sum(1 for f in data_lines(ARM1) if f[3] == "G")
    rsmn = sum(1 for f in data_lines(RSMN) if f[3] == "G")
    assert result["OBSERVATION_COUNT"] == arm1 + rsmn  # SMOSMANIA 2007 is all U: dropped
    assert result["STATION_COUNT"] == 2
    layer, feats = features(result["OUTPUT"])
    assert layer.crs().authid() == "EPSG:4326" and len(feats) == arm1 + rsmn
    assert [f.name() for f in layer.fields()][1:] == [name for name, _ in alg.FIELDS]
    when = QDateTime(QDate(2017, 8, 10), QTime(5, 0), Qt.UTC)
    feature = next(f for f in feats if f["station_id"] == "COSMOS/ARM-1"
                   and f["time"].toUTC() == when)
    header = header_fields(ARM1)
    assert feature["soil_moisture"] == float(line_at(ARM1, "2017/08/10 05:00")[2])
    assert feature.geometry().asPoint().y() == pytest.approx(float(header[3]))
    assert feature.geometry().asPoint().x() == pytest.approx(float(header[4]))
    assert feature["date"] == QDate(2017, 8, 10) and feature["quality_flag"] == "G"
    assert (feature["depth_from"], feature["depth_to"]) == (0.0, 0.19)
    assert (feature["land_cover"], feature["land_cover_name"], feature["climate"]) == \
        (130, "Grassland", "Cfa")
    log = " ".join(feedback.infos)
    assert "Read 6 ISMN soil-moisture file(s)" in log and "by quality flag (kept: G" in log


def rsmn_stack(tmp_path):
    """A 3-day stack (0.1° cells) around the RSMN station; per day (map − daily mean of the
    station's G observations, read from the text) where the station has some."""
    lat, lon = float(header_fields(RSMN)[3]), float(header_fields(RSMN)[4])
    grid = Grid(CRS.from_epsg(4326), from_origin(lon - 0.15, lat + 0.15, 0.1, 0.1), 3, 3)
    days = [dt.datetime(2024, 12, 20) + dt.timedelta(days=d) for d in range(3)]
    maps = np.stack([np.full((3, 3), 0.1 + 0.05 * d, "float32") for d in range(3)])
    stack = str(write_stack(tmp_path / "sm.tif", grid, maps, [BandDate(d) for d in days]))
    differences = []
    for d, day in enumerate(days):
        values = [float(f[2]) for f in data_lines(RSMN)
                  if f[0] == day.strftime("%Y/%m/%d") and f[3] == "G"]
        if values:
            differences.append(float(maps[d, 0, 0]) - np.mean(values))
    assert len(differences) >= 2
    return stack, differences


VALIDATE_FIELDS = {"STATION_ID_FIELD": "station_id", "VALUE_FIELD": "soil_moisture",
                   "MIN_PAIRS": 2}


def test_layer_feeds_validate_by_time_or_date(registry, tmp_path, feedback):
    stations = processing.run("smdownscale:importismn", {
        "INPUT": [str(RSMN)], "OUTPUT": str(tmp_path / "ismn.gpkg")}, feedback=feedback)["OUTPUT"]
    stack, differences = rsmn_stack(tmp_path)
    for date_field in ("time", "date"):
        result = processing.run("smdownscale:validate", dict(
            VALIDATE_FIELDS, INPUT=stack, STATIONS=stations, DATE_FIELD=date_field,
            OUTPUT_STATIONS=str(tmp_path / f"st_{date_field}.gpkg"),
            OUTPUT_SUMMARY=str(tmp_path / f"sum_{date_field}.gpkg")), feedback=feedback)
        assert result["N_PAIRS"] == len(differences) and result["N_STATIONS"] == 1
        assert result["BIAS"] == pytest.approx(np.mean(differences), abs=1e-6)


def test_chains_into_validate_in_a_model(registry, tmp_path, feedback):
    from qgis.core import (QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm,
                           QgsProcessingModelOutput)
    from qgis.core import QgsProcessingModelChildParameterSource as Source

    stack, differences = rsmn_stack(tmp_path)
    model = QgsProcessingModelAlgorithm("ismn chain", "tests")
    steps = (("ismn", "smdownscale:importismn", {"INPUT": [str(RSMN_ZIP)]}),
             ("validate", "smdownscale:validate", dict(
                 VALIDATE_FIELDS, INPUT=stack, DATE_FIELD="time")))
    for child_id, alg_id, values in steps:
        child = QgsProcessingModelChildAlgorithm(alg_id)
        child.setChildId(child_id)
        for name, value in values.items():
            child.addParameterSources(name, [Source.fromStaticValue(value)])
        if child_id == "validate":
            child.addParameterSources("STATIONS", [Source.fromChildOutput("ismn", "OUTPUT")])
            output = QgsProcessingModelOutput("metrics", "Station metrics")
            output.setChildId(child_id)
            output.setChildOutputName("OUTPUT_STATIONS")
            child.setModelOutputs({"metrics": output})
        model.addChildAlgorithm(child)
    out = str(tmp_path / "metrics.gpkg")
    result = processing.run(model, {"validate:metrics": out}, feedback=feedback)
    layer, feats = features(result["validate:metrics"])
    assert len(feats) == 1 and feats[0]["station_id"] == "RSMN/Adamclisi"
    assert feats[0]["n"] == len(differences)
    assert feats[0]["bias"] == pytest.approx(np.mean(differences), abs=1e-6)


def test_bad_inputs_are_refused_and_nothing_is_written(registry, tmp_path, feedback):
    out = tmp_path / "o.gpkg"
    with pytest.raises(QgsProcessingException, match=r"mal_formed_file.txt"):
        processing.run("smdownscale:importismn", {
            "INPUT": [str(DATA / "malformed" / "mal_formed_file.txt")], "OUTPUT": str(out)},
            feedback=feedback)
    with pytest.raises(QgsProcessingException,
                       match=r"No observation is left.*6865 by depth \(kept 0–0.05 m"):
        processing.run("smdownscale:importismn", {"INPUT": [str(ARM1)], "OUTPUT": str(out)},
                       feedback=feedback)
    with pytest.raises(QgsProcessingException, match="'X1Y' is not an ISMN quality flag"):
        processing.run("smdownscale:importismn", {
            "INPUT": [str(RSMN)], "QUALITY_FLAGS": "G, X1Y", "OUTPUT": str(out)},
            feedback=feedback)
    assert not out.exists()

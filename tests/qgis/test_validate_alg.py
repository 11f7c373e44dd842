"""smdownscale:validate through processing.run in a real QGIS."""
import csv
import datetime as dt
import re

import numpy as np
import processing
import pytest
from qgis.core import (QgsFeature, QgsField, QgsGeometry, QgsPointXY,
                       QgsProcessingContext, QgsProcessingException, QgsRuleBasedRenderer,
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QVariant

from smdownscale.algorithms.styling import UBRMSE_CLASSES, StationUbrmse
from smdownscale.engine.stations.validation import ValidateOptions, validate


def run(params, feedback):
    return processing.run("smdownscale:validate", params, feedback=feedback)


def base_params(region, tmp_path, **extra):
    params = {"INPUT": region["map"], "STATIONS": region["stations"],
              "STATION_ID_FIELD": "station_id", "VALUE_FIELD": "sm", "DATE_FIELD": "date",
              "OUTPUT_STATIONS": str(tmp_path / "stations.gpkg"),
              "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")}
    params.update(extra)
    return params


def features(path):
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid(), path
    return layer, list(layer.getFeatures())


def memory_layer(rows, crs="EPSG:4326", date_type=QVariant.String, value_type=QVariant.Double):
    """A point layer of (id, lon, lat, date, value) rows."""
    layer = QgsVectorLayer(f"Point?crs={crs or ''}", "obs", "memory")  # '': no CRS
    provider = layer.dataProvider()
    provider.addAttributes([QgsField("sid", QVariant.String), QgsField("date", date_type),
                            QgsField("sm", value_type)])
    layer.updateFields()
    for sid, lon, lat, date, value in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes([sid, date, value])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
        provider.addFeature(f)
    return layer


def station_rows(region):
    with open(region["folder"] + "/stations.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_enums_match_the_engine():
    from smdownscale.algorithms import validate as alg
    from smdownscale.engine.stations import time_matching

    assert alg.MATCHING_KEYS == list(time_matching.MATCHINGS)
    assert alg.OVERPASS_KEYS == list(time_matching.OVERPASSES)
    assert alg.BAND_TIME_KEYS == list(time_matching.BAND_TIMES)
    assert alg.DEFAULTS["MATCH_WINDOW_HOURS"] == time_matching.DEFAULT_WINDOW_HOURS


def test_full_run_matches_the_engine(validation_region, registry, tmp_path, feedback):
    params = base_params(validation_region, tmp_path, GROUP_FIELD="scale",
                         COARSE_SM=validation_region["coarse"], MIN_PAIRS=8,
                         OUTPUT_PAIRS=str(tmp_path / "pairs.csv"),
                         OUTPUT_CONSISTENCY=str(tmp_path / "consistency.csv"),
                         OUTPUT_REPORT=str(tmp_path / "report.html"))
    result = run(params, feedback)
    engine = validate(validation_region["map"], validation_region["observations"],
                      validation_region["coarse"], ValidateOptions(min_pairs=8))
    layer, stations = features(result["OUTPUT_STATIONS"])
    assert len(stations) == 16 and layer.crs().authid() == "EPSG:4326"
    names = layer.fields().names()
    for field in ("station_id", "group", "n_obs", "n", "bias", "rmse", "ubrmse", "r", "p_value",
                  "r2", "nse", "mae", "mape", "mre", "kl", "coarse_ubrmse", "coarse_r",
                  "coarse_nse"):
        assert field in names
    by_id = {f["station_id"]: f for f in stations}
    for st in engine.stations:
        f = by_id[st.station_id]
        assert f["group"] == st.group and f["n"] == st.metrics["n"]
        if np.isfinite(st.metrics["ubrmse"]):
            assert f["ubrmse"] == pytest.approx(st.metrics["ubrmse"])
            assert f["coarse_ubrmse"] == pytest.approx(st.coarse["ubrmse"])
        else:
            assert f["ubrmse"] is None or f["ubrmse"] == QVariant()
    _, summary = features(result["OUTPUT_SUMMARY"])
    assert len(summary) == 2 * 4 * 2                             # products × (S, M, L, all) × 2
    overall = [f for f in summary if f["group"] == "all" and f["aggregation"] == "pooled"]
    assert {f["product"] for f in overall} == {"downscaled", "coarse"}
    assert result["UBRMSE"] == pytest.approx(engine.overall()["ubrmse"])
    assert result["UBRMSE"] < result["COARSE_UBRMSE"]
    assert result["R"] > result["COARSE_R"]
    assert result["N_PAIRS"] == engine.counts["pairs"] and result["N_STATIONS"] == 16
    assert result["CONSISTENCY_RMSE"] < 1e-4
    with open(result["OUTPUT_PAIRS"], encoding="utf-8") as f:
        pairs = list(csv.DictReader(f))
    assert len(pairs) == engine.counts["pairs"]
    with open(result["OUTPUT_CONSISTENCY"], encoding="utf-8") as f:
        consistency = list(csv.DictReader(f))
    assert consistency[-1]["date"] == "all dates" and len(consistency) == 21
    for table in ("OUTPUT_PAIRS", "OUTPUT_CONSISTENCY"):  # integers written as integers
        text = open(result[table], encoding="utf-8").read()
        assert not re.search(r'"\d+"', text), text[:300]
    assert re.search(r"^all dates,\d+,", text, re.M)
    assert int(pairs[0]["n_obs"]) >= 1 and consistency[-1]["n_cells"].isdigit()
    html = open(result["OUTPUT_REPORT"], encoding="utf-8").read()
    assert "<img" in html and "Consistency" in html
    assert any("pooled: n = " in m for m in feedback.infos)


def test_statistics_tables_numbers_and_figure_tables(validation_region, registry, tmp_path,
                                                     feedback):
    from scipy.stats import norm

    from smdownscale.engine.stations.statistics import StatisticsOptions, compute_statistics

    params = base_params(validation_region, tmp_path, COARSE_SM=validation_region["coarse"],
                         GROUP_FIELD="scale", MIN_PAIRS=8, CONFIDENCE_LEVEL=0.9,
                         OUTPUT_STATISTICS=str(tmp_path / "stats.csv"),
                         OUTPUT_STATISTICS_SUMMARY=str(tmp_path / "scopes.csv"),
                         OUTPUT_TRIPLE_COLLOCATION=str(tmp_path / "tc.csv"),
                         OUTPUT_TABLES=str(tmp_path / "tables"),
                         PRECIPITATION=validation_region["predictors"]["precip"],
                         OTHER_PRODUCTS=[validation_region["map"]])
    result = run(params, feedback)
    engine = validate(validation_region["map"], validation_region["observations"],
                      validation_region["coarse"], ValidateOptions(min_pairs=8))
    stats = compute_statistics(engine.pairs, [s.station_id for s in engine.stations],
                               [s.group for s in engine.stations],
                               {"downscaled": "map", "coarse": "coarse"},
                               StatisticsOptions(alpha=0.1, min_pairs=8))
    with open(result["OUTPUT_STATISTICS_SUMMARY"], encoding="utf-8") as f:
        scopes = list(csv.DictReader(f))
    assert len(scopes) == len(stats.summary) // 2 * 3      # a third product, the same scopes
    assert {r["scope_kind"] for r in scopes} >= {"all", "group", "month"}
    pooled = next(r for r in scopes if (r["product"], r["scope_kind"], r["aggregation"]) ==
                  ("downscaled", "all", "pooled"))
    n, r = int(pooled["n_pairs"]), float(pooled["r"])
    assert n == engine.counts["pairs"] and r == pytest.approx(engine.overall()["r"], rel=1e-5)
    half = norm.ppf(0.95) / np.sqrt(n - 3)                       # Fisher z, 90 % interval
    assert result["R_CI_LOWER"] == pytest.approx(np.tanh(np.arctanh(r) - half), rel=1e-4)
    assert result["R_CI_UPPER"] == pytest.approx(np.tanh(np.arctanh(r) + half), rel=1e-4)
    assert result["UBRMSE_CI_LOWER"] < result["UBRMSE"] < result["UBRMSE_CI_UPPER"]
    assert -1 < result["STATION_MEAN_R"] < 1 and -1 < result["ANOMALY_R"] < 1
    with open(result["OUTPUT_STATISTICS"], encoding="utf-8") as f:
        per_station = list(csv.DictReader(f))
    assert len(per_station) == 3 * 16 and "anomaly_r_ma" in per_station[0]
    products = {r["product"] for r in per_station}   # the map again, under its layer name
    assert len(products) == 3 and {"downscaled", "coarse"} < products
    other = (products - {"downscaled", "coarse"}).pop()
    same = {(r["station_id"], r["ubrmse"]) for r in per_station if r["product"] == other}
    assert same == {(r["station_id"], r["ubrmse"]) for r in per_station
                    if r["product"] == "downscaled"}
    with open(result["OUTPUT_TRIPLE_COLLOCATION"], encoding="utf-8") as f:
        tc = list(csv.DictReader(f))
    assert result["N_TRIPLETS"] == stats.triple_collocation.n_triplets
    if stats.triple_collocation.refused:   # too few triplets: the count is said
        assert str(result["N_TRIPLETS"]) in tc[0]["refused"] and result["TC_SNR"] is None
        assert any(str(result["N_TRIPLETS"]) in w for w in feedback.warnings)
    else:
        assert result["TC_SNR"] == pytest.approx(float(tc[0]["snr"]), rel=1e-4)
        assert any(m.startswith("Triple collocation (map, coarse product, stations; ")
                   for m in feedback.infos)
    tables = tmp_path / "tables"
    for name in ("station_metric_boxes", "value_density", "r_ubrmse", "station_series",
                 "station_precipitation", "station_map", "map_period_mean"):
        assert (tables / f"{name}.csv").stat().st_size > 20, name


def test_bad_extra_inputs_leave_no_output(validation_region, registry, tmp_path, feedback):
    from smdownscale.engine.raster.timestack import read_stack, write_stack

    data, grid, _ = read_stack(validation_region["map"])
    undated = str(write_stack(tmp_path / "rain_undated.tif", grid, data[:2]))  # no dates
    elsewhere = grid.__class__(grid.crs, grid.transform * grid.transform.translation(
        10 * grid.width, 0), grid.width, grid.height)
    off_map = str(write_stack(tmp_path / "other.tif", elsewhere, data[:1]))
    for extra, message in (
            (dict(PRECIPITATION=undated, OUTPUT_REPORT=str(tmp_path / "r.html")),
             "rain_undated.tif"),
            (dict(OTHER_PRODUCTS=[off_map]), "None of the stations lies on 'other'")):
        with pytest.raises(QgsProcessingException, match=message):
            run(base_params(validation_region, tmp_path, **extra), feedback)
        assert not (tmp_path / "stations.gpkg").exists() and not (tmp_path / "r.html").exists()


def test_minimal_run_has_no_coarse_columns(validation_region, registry, tmp_path, feedback):
    result = run(base_params(validation_region, tmp_path), feedback)
    layer, stations = features(result["OUTPUT_STATIONS"])
    assert "coarse_ubrmse" not in layer.fields().names()
    assert result["COARSE_UBRMSE"] is None and result["CONSISTENCY_RMSE"] is None
    assert result["UBRMSE"] > 0 and "OUTPUT_PAIRS" not in result


def test_stations_are_styled_by_ubrmse(validation_region, registry, tmp_path, feedback):
    result = run(base_params(validation_region, tmp_path), feedback)
    layer, _ = features(result["OUTPUT_STATIONS"])
    StationUbrmse().postProcessLayer(layer, QgsProcessingContext(), feedback)
    rules = layer.renderer().rootRule().children()
    assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
    assert len(rules) == len(UBRMSE_CLASSES) + 1
    assert rules[-1].filterExpression() == '"ubrmse" IS NULL'
    matched = sum(1 for f in layer.getFeatures() if f["ubrmse"] is not None
                  and f["ubrmse"] == f["ubrmse"])
    assert matched > 0


def test_date_field_as_date_type_and_window(validation_region, registry, tmp_path, feedback):
    rows = station_rows(validation_region)
    from qgis.PyQt.QtCore import QDate

    layer = memory_layer([(r["station_id"], float(r["lon"]), float(r["lat"]),
                           QDate.fromString(r["date"], "yyyy-MM-dd"), float(r["sm"]))
                          for r in rows], date_type=QVariant.Date)
    params = base_params(validation_region, tmp_path, STATIONS=layer,
                         STATION_ID_FIELD="sid", WINDOW=3)
    result = run(params, feedback)
    engine = validate(validation_region["map"], validation_region["observations"],
                      options=ValidateOptions(window=3))
    assert result["UBRMSE"] == pytest.approx(engine.overall()["ubrmse"])
    assert result["N_PAIRS"] == engine.counts["pairs"]


def test_stations_from_a_csv_with_lon_lat_columns(validation_region, registry, tmp_path,
                                                   feedback):
    csv_path = validation_region["folder"] + "/stations.csv"    # opened by OGR: text fields
    result = run(base_params(validation_region, tmp_path, STATIONS=csv_path, X_FIELD="lon",
                             Y_FIELD="lat", XY_CRS="EPSG:4326"), feedback)
    engine = validate(validation_region["map"], validation_region["observations"])
    assert result["N_PAIRS"] == engine.counts["pairs"]
    assert result["UBRMSE"] == pytest.approx(engine.overall()["ubrmse"])
    layer, stations = features(result["OUTPUT_STATIONS"])
    assert layer.crs().authid() == "EPSG:4326" and len(stations) == 16


def test_csv_without_coordinates_is_named_a_table(validation_region, registry, tmp_path,
                                                  feedback):
    csv_path = validation_region["folder"] + "/stations.csv"
    with pytest.raises(QgsProcessingException) as err:
        run(base_params(validation_region, tmp_path, STATIONS=csv_path), feedback)
    assert str(err.value).startswith(
        "The station layer 'stations' has no geometry (a table, e.g. a CSV without "
        "coordinates). Give its x and y fields (X_FIELD, Y_FIELD) and their CRS, or load it "
        "as a delimited-text point layer.")
    assert not (tmp_path / "stations.gpkg").exists() and not (tmp_path / "summary.gpkg").exists()
    lines = QgsVectorLayer("LineString?crs=EPSG:4326&field=sm:double", "roads", "memory")
    with pytest.raises(QgsProcessingException, match="'roads' holds line, not points"):
        run(base_params(validation_region, tmp_path, STATIONS=lines, DATE_FIELD=None,
                        STATION_ID_FIELD=None), feedback)


def test_date_time_field_keeps_its_time_for_the_overpass(validation_region, registry, tmp_path,
                                                         feedback):
    """Each day's value 20 min after the SMAP AM overpass (06:00 local solar time, in UTC at
    the station's longitude), another value 6 h later: only matching by time finds the first."""
    from qgis.PyQt.QtCore import QDateTime, Qt

    rows = []
    for r in station_rows(validation_region):
        lon = float(r["lon"])
        local = dt.datetime.fromisoformat(r["date"]) + dt.timedelta(hours=6)
        near = local - dt.timedelta(hours=lon / 15) + dt.timedelta(minutes=20)
        for when, value in ((near, float(r["sm"])), (near + dt.timedelta(hours=6), 0.45)):
            stamp = QDateTime.fromString(when.strftime("%Y-%m-%dT%H:%M"), Qt.ISODate)
            rows.append((r["station_id"], lon, float(r["lat"]), stamp, value))
    layer = memory_layer(rows, date_type=QVariant.DateTime)
    params = base_params(validation_region, tmp_path, STATIONS=layer, STATION_ID_FIELD="sid")
    engine = validate(validation_region["map"], validation_region["observations"])
    overpass = run(dict(params, PRODUCT_OVERPASS=1), feedback)          # SMAP AM
    assert overpass["N_PAIRS"] == engine.counts["pairs"]
    assert overpass["UBRMSE"] == pytest.approx(engine.overall()["ubrmse"])
    assert any("nominal SMAP AM overpass (06:00 local solar time)" in m for m in feedback.infos)
    day_mean = run(dict(params, MATCHING=1), feedback)
    assert day_mean["UBRMSE"] != pytest.approx(engine.overall()["ubrmse"], rel=1e-3)
    assert any("day-mean matching was chosen" in m for m in feedback.infos)


# --- refused input ------------------------------------------------------------------------
def test_missing_field_is_named(validation_region, registry, tmp_path, feedback):
    with pytest.raises(QgsProcessingException, match="no field 'sm_value' for the observed value"):
        run(base_params(validation_region, tmp_path, VALUE_FIELD="sm_value"), feedback)
    assert not (tmp_path / "stations.gpkg").exists()


def test_non_numeric_value_field(validation_region, registry, tmp_path, feedback):
    layer = memory_layer([("A", 116.0, 42.0, "2019-06-01", "0.2"),
                          ("A", 116.0, 42.0, "2019-06-02", "wet")], value_type=QVariant.String)
    with pytest.raises(QgsProcessingException,  # text holding numbers is read (a CSV's fields)
                       match="'sm' is not numeric: feature 2 holds 'wet'"):
        run(base_params(validation_region, tmp_path, STATIONS=layer, STATION_ID_FIELD="sid"),
            feedback)


def test_no_station_on_the_map(validation_region, registry, tmp_path, feedback):
    layer = memory_layer([("A", 10.0, 50.0, "2019-06-01", 0.2)])
    with pytest.raises(QgsProcessingException, match="None of the 1 stations lies on the map"):
        run(base_params(validation_region, tmp_path, STATIONS=layer, STATION_ID_FIELD="sid"),
            feedback)
    assert not (tmp_path / "stations.gpkg").exists()


def test_no_date_in_common(validation_region, registry, tmp_path, feedback):
    r = station_rows(validation_region)[0]
    layer = memory_layer([("A", float(r["lon"]), float(r["lat"]), "2021-01-05", 0.2)])
    with pytest.raises(QgsProcessingException, match="No observation date meets a band date"):
        run(base_params(validation_region, tmp_path, STATIONS=layer, STATION_ID_FIELD="sid"),
            feedback)


def test_unparsable_date(validation_region, registry, tmp_path, feedback):
    layer = memory_layer([("A", 116.0, 42.0, "1 June", 0.2)])
    with pytest.raises(QgsProcessingException, match="'1 June'.*not a date"):
        run(base_params(validation_region, tmp_path, STATIONS=layer, STATION_ID_FIELD="sid"),
            feedback)


def test_empty_layer(validation_region, registry, tmp_path, feedback):
    layer = memory_layer([])
    with pytest.raises(QgsProcessingException, match="no features"):
        run(base_params(validation_region, tmp_path, STATIONS=layer, STATION_ID_FIELD="sid"),
            feedback)


def test_layer_without_crs(validation_region, registry, tmp_path, feedback):
    layer = memory_layer([("A", 116.0, 42.0, "2019-06-01", 0.2)], crs=None)
    with pytest.raises(QgsProcessingException, match="coordinate reference system"):
        run(base_params(validation_region, tmp_path, STATIONS=layer, STATION_ID_FIELD="sid"),
            feedback)


def test_dated_stack_without_date_field(validation_region, registry, tmp_path, feedback):
    params = base_params(validation_region, tmp_path)
    del params["DATE_FIELD"]
    with pytest.raises(QgsProcessingException, match="date field"):
        run(params, feedback)


def test_date_times_keep_their_time_in_utc():
    from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime

    from smdownscale.algorithms.station_layer import as_band_date

    assert as_band_date("2019-06-01T06:00:00Z", "t", 1).iso == "2019-06-01T06:00"
    assert as_band_date("2019-06-01 01:30+02:00", "t", 1).iso == "2019-05-31T23:30"
    assert as_band_date("2019-06-01", "t", 1).iso == "2019-06-01"
    midnight = QDateTime(QDate(2019, 6, 1), QTime(0, 0), Qt.UTC)
    assert as_band_date(midnight, "t", 1).iso == "2019-06-01T00:00"   # the time is kept
    offset = QDateTime(QDate(2019, 6, 1), QTime(6, 0), Qt.OffsetFromUTC, 3600)
    assert as_band_date(offset, "t", 1).iso == "2019-06-01T05:00"
    with pytest.raises(QgsProcessingException, match="'June 1' in the date field 't'"):
        as_band_date("June 1", "t", 7)

"""The attribute tables of validate and fuse: fields, features and CSV files."""
import math

import numpy as np
from qgis.core import QgsProcessingContext, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from smdownscale.algorithms import tables
from smdownscale.algorithms.validate import Validate
from smdownscale.engine.metrics import METRICS


def test_metric_fields_are_the_engine_metrics():
    assert tables.METRIC_FIELDS == METRICS
    assert "nse" in tables.METRIC_FIELDS and "r2" in tables.METRIC_FIELDS


def test_station_fields_typed_and_prefixed():
    plain, both = tables.station_fields(False), tables.station_fields(True)
    assert plain.names()[:4] == ["station_id", "group", "n_obs", "n"]
    assert both.names() == plain.names() + ["coarse_" + m for m in METRICS]
    types = {f.name(): f.type() for f in both}
    assert types["n"] == types["coarse_n"] == types["n_obs"] == QVariant.Int
    assert types["nse"] == types["coarse_r2"] == QVariant.Double
    assert types["station_id"] == QVariant.String
    assert tables.summary_fields().names()[:5] == ["product", "group", "aggregation",
                                                    "n_stations", "n"]
    assert tables.holdout_fields().names() == [
        "station_id", "n", "rmse_before", "rmse_after", "mae_before", "mae_after",
        "bias_before", "bias_after", "r_before", "r_after"]


def test_table_feature_converts_values():
    fields = tables.summary_fields()
    row = {"product": "coarse", "group": "all", "n_stations": np.int64(6), "n": 109.0,
           "bias": np.float32(-0.25), "rmse": math.nan, "nse": float("inf")}
    feature = tables.table_feature(fields, row)
    assert feature["n_stations"] == 6 and isinstance(feature["n_stations"], int)
    assert feature["n"] == 109 and isinstance(feature["n"], int)
    assert feature["bias"] == -0.25
    for missing in ("rmse", "nse", "kl", "aggregation"):  # NaN, inf and absent → NULL
        assert feature[missing] is None or feature[missing] == QVariant()
    point = tables.table_feature(fields, row, (116.5, 42.0))
    assert point.geometry().asPoint().x() == 116.5 and not feature.hasGeometry()


def test_holdout_feature_pooled_row_has_no_geometry():
    score = {"n": 23, "rmse": 0.05, "mae": 0.04, "bias": -0.03, "r": math.nan}
    row = {"station_id": "S02", "x": 116.1, "y": 41.9, "before": dict(score, rmse=0.07),
           "after": score}
    station = tables.holdout_feature(row)
    assert (station["station_id"], station["n"], station["rmse_before"],
            station["rmse_after"]) == ("S02", 23, 0.07, 0.05)
    assert station["r_after"] is None or station["r_after"] == QVariant()
    assert station.hasGeometry()
    pooled = tables.holdout_feature({k: v for k, v in row.items() if k not in ("x", "y")})
    assert not pooled.hasGeometry()


def test_csv_destination_quotes_no_integers(tmp_path, qgis_app):
    alg = Validate()
    alg.initAlgorithm()
    context = QgsProcessingContext()
    path = str(tmp_path / "summary.csv")
    parameters = {"OUTPUT_SUMMARY": path}
    assert tables.CSV_QUOTING in tables.layer_options(alg, parameters, "OUTPUT_SUMMARY",
                                                      context)
    assert tables.layer_options(alg, {"OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")},
                                "OUTPUT_SUMMARY", context) == []
    fields = tables.summary_fields()
    sink, dest = tables.table_sink(alg, parameters, "OUTPUT_SUMMARY", context, fields,
                                   required=True)
    tables.write_features(sink, [tables.table_feature(fields, {
        "product": "downscaled", "group": "12", "aggregation": "pooled", "n_stations": 6,
        "n": 109, "bias": -0.04, "rmse": 0.05})])
    del sink  # flush and close the file
    lines = open(path, encoding="utf-8").read().splitlines()
    assert lines[0].startswith("product,group,aggregation,n_stations,n,bias,rmse,")
    assert lines[1].startswith("downscaled,12,pooled,6,109,-0.04,0.05,")
    assert '"' not in lines[1]
    layer = QgsVectorLayer(path, "s", "ogr")
    assert layer.isValid() and next(layer.getFeatures())["n_stations"] in (6, "6")


def test_optional_table_not_asked_for_gives_no_sink(qgis_app):
    alg = Validate()
    alg.initAlgorithm()
    assert tables.table_sink(alg, {}, "OUTPUT_PAIRS", QgsProcessingContext(),
                             tables.pair_fields()) == (None, None)

"""The attribute tables validate and fuse write: fields, features and sinks.

Counts are integer fields and measures real ones, so every format keeps them numbers,
NaN becomes NULL. A table written to a CSV file gets GDAL's STRING_QUOTING=IF_NEEDED:
the default, IF_AMBIGUOUS, also quotes integer fields in GDAL before 3.8.1 ("6","109"),
which makes spreadsheets and readers take counts for text.
"""
from qgis.core import (QgsCoordinateReferenceSystem, QgsFeature, QgsFeatureSink, QgsField,
                       QgsFields, QgsGeometry, QgsPointXY, QgsProcessingException,
                       QgsVectorFileWriter, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant

from .formatting import finite_or_none

INTEGER, REAL, TEXT = QVariant.Int, QVariant.Double, QVariant.String
# Equal to engine.metrics.METRICS (a test keeps them equal; the provider imports no numpy).
METRIC_FIELDS = ("n", "bias", "rmse", "ubrmse", "r", "p_value", "r2", "nse", "mae", "mape",
                 "mre", "kl")
HOLDOUT_MEASURES = ("rmse", "mae", "bias", "r")
CSV_QUOTING = "STRING_QUOTING=IF_NEEDED"


# -- fields ------------------------------------------------------------------------------------
def make_fields(spec):
    """QgsFields from (name, QVariant type) pairs."""
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, kind))
    return fields


def metric_spec(prefix=""):
    """The metric fields (n an integer, the rest real), names prefixed by ``prefix``."""
    return [(prefix + m, INTEGER if m == "n" else REAL) for m in METRIC_FIELDS]


def station_fields(with_coarse):
    """Validate's station metrics: id, group, observations, metrics (and coarse_ metrics)."""
    spec = [("station_id", TEXT), ("group", TEXT), ("n_obs", INTEGER)] + metric_spec()
    if with_coarse:
        spec += metric_spec("coarse_")
    return make_fields(spec)


def summary_fields():
    """Validate's summary: product × group × aggregation, stations and metrics."""
    return make_fields([("product", TEXT), ("group", TEXT), ("aggregation", TEXT),
                        ("n_stations", INTEGER)] + metric_spec())


def pair_fields():
    """Validate's station–date pairs (observed, map and coarse values in m³/m³) and the
    matching rule that made each (engine.stations.time_matching)."""
    return make_fields([("station_id", TEXT), ("group", TEXT), ("date", TEXT),
                        ("n_obs", INTEGER), ("observed", REAL), ("map", REAL), ("coarse", REAL),
                        ("rule", TEXT)])


def consistency_fields():
    """Validate's map aggregated onto the coarse grid against the coarse product."""
    return make_fields([("date", TEXT), ("n_cells", INTEGER), ("mape", REAL), ("bias", REAL),
                        ("rmse", REAL), ("r", REAL)])


TEXT_COLUMNS = {"station_id", "group", "product", "scope_kind", "scope", "aggregation",
                "dataset", "refused"}


def column_fields(columns):
    """QgsFields for engine table ``columns``: the names in TEXT_COLUMNS as text, n and
    n_… / …_n_… counts as integers, every other column real."""
    def kind(name):
        if name in TEXT_COLUMNS:
            return TEXT
        return INTEGER if name == "n" or name.startswith("n_") or "_n_" in name else REAL
    return make_fields([(c, kind(c)) for c in columns])


def holdout_fields():
    """Fuse's held-out stations: pairs and each measure before and after the fusion."""
    spec = [("station_id", TEXT), ("n", INTEGER)]
    spec += [(f"{m}_{when}", REAL) for m in HOLDOUT_MEASURES for when in ("before", "after")]
    return make_fields(spec)


# -- features ----------------------------------------------------------------------------------
def table_feature(fields, row, xy=None):
    """A feature of ``fields`` from dict ``row`` (missing keys NULL), a point at ``xy``."""
    feature = QgsFeature(fields)
    feature.setAttributes([attribute(row.get(f.name()), f.type()) for f in fields])
    if xy is not None:
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(*xy)))
    return feature


def attribute(value, kind=None):
    """An attribute value: numpy scalars as Python values, NaN as NULL, integers as int."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        value = finite_or_none(value)
        if value is not None and kind == INTEGER:
            value = int(value)
    return value


def station_feature(station, with_coarse):
    """The point of one validated station with its metrics."""
    row = {"station_id": station.station_id, "group": station.group or None,
           "n_obs": station.n_obs, **station.metrics}
    if with_coarse:
        row.update({"coarse_" + k: v for k, v in station.coarse.items()})
    return table_feature(station_fields(with_coarse), row, (station.x, station.y))


def holdout_feature(row):
    """One held-out station (a point) or the pooled row (no geometry) of a fusion."""
    values = {"station_id": row["station_id"], "n": int(row["after"]["n"])}
    for m in HOLDOUT_MEASURES:
        for when in ("before", "after"):
            values[f"{m}_{when}"] = row[when][m]
    xy = (row["x"], row["y"]) if "x" in row else None
    return table_feature(holdout_fields(), values, xy)


def pair_rows(result):
    """The station–date pairs of a ValidationResult as dicts of :func:`pair_fields`."""
    pairs = result.pairs
    for i in range(len(pairs["date"])):
        station = result.stations[int(pairs["station"][i])]
        yield {"station_id": station.station_id, "group": station.group or None,
               "date": pairs["date"][i], "n_obs": int(pairs["n_obs"][i]),
               "observed": float(pairs["observed"][i]), "map": float(pairs["map"][i]),
               "coarse": float(pairs["coarse"][i]),
               "rule": pairs["rule"][i] if "rule" in pairs else None}


# -- sinks -------------------------------------------------------------------------------------
def table_sink(alg, parameters, name, context, fields, geometry=QgsWkbTypes.NoGeometry,
               crs=None, required=False):
    """(sink, destination) of feature-sink output ``name``; (None, None) when not asked for.

    A ``required`` output that cannot be created is refused with QGIS's own message.
    """
    if not required and parameters.get(name) is None:
        return None, None
    sink, dest = alg.parameterAsSink(
        parameters, name, context, fields, geometry, crs or QgsCoordinateReferenceSystem(),
        QgsFeatureSink.SinkFlags(), {}, [], layer_options(alg, parameters, name, context))
    if sink is None and required:
        raise QgsProcessingException(alg.invalidSinkError(parameters, name))
    return (sink, dest) if sink is not None else (None, None)


def layer_options(alg, parameters, name, context):
    """GDAL layer options of output ``name``: CSV's defaults with integers unquoted."""
    destination = alg.parameterAsOutputLayer(parameters, name, context)
    if not destination.lower().endswith(".csv"):
        return []  # the format's defaults
    options = [o for o in QgsVectorFileWriter.defaultLayerOptions("CSV")
               if not o.startswith("STRING_QUOTING=")]
    return options + [CSV_QUOTING]


def write_features(sink, features):
    """Add ``features`` to ``sink``."""
    for feature in features:
        sink.addFeature(feature, QgsFeatureSink.FastInsert)

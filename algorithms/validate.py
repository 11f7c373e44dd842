"""smdownscale:validate — compare a soil-moisture map or stack with station observations."""
import os

from qgis.core import (QgsCoordinateReferenceSystem, QgsFeature, QgsFeatureSink, QgsField,
                       QgsFields, QgsGeometry, QgsPointXY, QgsProcessing,
                       QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterBoolean, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant

from .base import SmAlgorithm, help_text, raster_path
from .formatting import finite_or_none, log_number
from .station_layer import read_observations
from .styling import name_on_load, style_stations_on_load

METRIC_FIELDS = ("n", "bias", "rmse", "ubrmse", "r", "p_value", "r2", "mae", "mape", "mre", "kl")
DEFAULTS = {"WINDOW": 1, "DATE_TOLERANCE": 0, "MIN_PAIRS": 10, "MIN_VALID_FRACTION": 0.5}


class Validate(SmAlgorithm):
    """Map (stack) + station observations → metrics per station, group and overall."""

    ALG_ID = "validate"
    GROUP_ID = "fusevalidate"
    REQUIRES = ("numpy", "rasterio", "scipy")

    INPUT = "INPUT"
    STATIONS = "STATIONS"
    STATION_ID_FIELD = "STATION_ID_FIELD"
    VALUE_FIELD = "VALUE_FIELD"
    DATE_FIELD = "DATE_FIELD"
    GROUP_FIELD = "GROUP_FIELD"
    COARSE_SM = "COARSE_SM"
    WINDOW = "WINDOW"
    DATE_TOLERANCE = "DATE_TOLERANCE"
    MAP_DATE = "MAP_DATE"
    MIN_PAIRS = "MIN_PAIRS"
    COMMON_PAIRS = "COMMON_PAIRS"
    MIN_VALID_FRACTION = "MIN_VALID_FRACTION"
    OUTPUT_STATIONS = "OUTPUT_STATIONS"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_PAIRS = "OUTPUT_PAIRS"
    OUTPUT_CONSISTENCY = "OUTPUT_CONSISTENCY"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    NUMBERS = (("UBRMSE", "ubRMSE of the map, pooled over all pairs (m³/m³)"),
               ("R", "Pearson R of the map, pooled"),
               ("BIAS", "Bias of the map, pooled (map − station, m³/m³)"),
               ("RMSE", "RMSE of the map, pooled (m³/m³)"),
               ("N_PAIRS", "Number of station–date pairs"),
               ("N_STATIONS", "Number of stations with pairs"),
               ("COARSE_UBRMSE", "ubRMSE of the coarse product, pooled (m³/m³)"),
               ("COARSE_R", "Pearson R of the coarse product, pooled"),
               ("COARSE_BIAS", "Bias of the coarse product, pooled (m³/m³)"),
               ("CONSISTENCY_RMSE", "RMSE of the map aggregated onto the coarse grid against "
                                    "the coarse product, all dates (m³/m³)"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Validate against stations")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Compare a soil-moisture map or time stack with station observations: "
                       "metrics per station, per group and overall, before and after "
                       "downscaling, with an HTML report.")

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        tr = self.tr
        return help_text(
            tr("The last step of a downscaling study (papers 000, 002, 003, 004): every "
               "station observation is paired with the map at its station on the band of "
               "its date, and the pairs are scored per station, per group (e.g. network "
               "scale or land cover, paper 000), pooled over all pairs and as the mean over "
               "stations. With the coarse product, the same metrics are computed for it side "
               "by side, and the map aggregated back onto the coarse grid is compared with "
               "the coarse product (paper 002 Table 5)."),
            parameters=[
                (tr("Soil-moisture map"), tr(
                    "a time stack (bands described by ISO dates, as written by Predict) or a "
                    "single-band map (m³/m³).")),
                (tr("Stations"), tr(
                    "a point layer with one feature per observation (any CRS; reprojected to "
                    "each raster's CRS). Features without geometry, id, value or date are "
                    "skipped and counted in the log.")),
                (tr("Station id / value / date / group fields"), tr(
                    "the station id (any type); the observed soil moisture (numeric, m³/m³); "
                    "the date (date, date-time or text YYYY-MM-DD[THH:MM]; needed for a time "
                    "stack); optional group (e.g. network scale, land cover) — a station's "
                    "group is its most frequent value.")),
                (tr("Coarse soil moisture"), tr(
                    "optional coarse product (time stack) for the before/after columns and the "
                    "consistency check.")),
                (tr("Sampling window"), tr(
                    "1 (default) = the map cell containing the station; 3, 5 … = the mean of "
                    "the valid cells of a k × k window around it. The coarse product is "
                    "always read at the cell containing the station.")),
                (tr("Date tolerance"), tr(
                    "0 (default) = an observation pairs with the band of its own day; n = with "
                    "the nearest band within n days. Several observations of one station that "
                    "meet the same band are averaged into one pair. With two bands on one day "
                    "(AM/PM), the one nearest in time of day is used when the observation has "
                    "a time, otherwise the first.")),
                (tr("Map date"), tr(
                    "advanced: for a single-band map without a date, the date it shows (only "
                    "observations within the tolerance are used); empty = every observation "
                    "pairs with it (observations of one station and day are averaged).")),
                (tr("Minimum pairs"), tr(
                    "default 10: a station (or group) with fewer pairs gets its pair count but "
                    "no metrics, rather than figures from three points.")),
                (tr("Same pairs for both products"), tr(
                    "default on: with a coarse product, both are scored on the pairs where "
                    "both have a value (a like-for-like comparison); off: each on its own.")),
                (tr("Minimum valid share"), tr(
                    "advanced, default 0.5: share of a coarse cell the map must cover to be "
                    "compared in the consistency check.")),
            ],
            outputs=[
                (tr("Station metrics"), tr(
                    "points, one per station (at its first observation): station_id, group, "
                    "n_obs, n (pairs), and bias, rmse, ubrmse, r, p_value, r2, mae, mape, mre, "
                    "kl; with a coarse product the same with a coarse_ prefix. Loaded coloured "
                    "by ubRMSE in fixed classes (0.04 m³/m³ is SMAP's accuracy target).")),
                (tr("Summary"), tr(
                    "table: product (downscaled, coarse) × group (each, and 'all') × "
                    "aggregation ('pooled' over all pairs, 'station mean' of the station "
                    "metrics, n summed, p-value left empty).")),
                (tr("Pairs"), tr("optional table of every pair: station_id, group, date, n_obs "
                                 "(observations averaged), observed, map, coarse.")),
                (tr("Consistency"), tr(
                    "optional table per date and for all dates: the map aggregated (area-"
                    "weighted mean) onto the coarse grid against the coarse product: n_cells, "
                    "mape, bias (aggregated − coarse), rmse, r (paper 002 Table 5).")),
                (tr("Report"), tr(
                    "HTML page with the tables, a map-vs-station scatter coloured by group, a "
                    "map of per-station ubRMSE, and a time series per station.")),
                (tr("Numbers"), tr("pooled ubRMSE, R, bias and RMSE of the map (and of the "
                                   "coarse product), pairs, stations, consistency RMSE.")),
            ],
            notes=[tr(
                "METRICS (map = estimate, station = reference; pytesmo's definitions): bias = "
                "mean(map) − mean(station); RMSE = √mean((map − station)²); ubRMSE = √(RMSE² "
                "− bias²) (ddof 0, pytesmo ubrmsd); R = Pearson correlation with its two-sided "
                "p-value; R² = 1 − Σ(map − station)² / Σ(station − mean station)² (can be "
                "negative; not the square of R); MAE = mean |map − station|; MAPE = 100 % · "
                "mean(|map − station| / station); MRE = 100 % · mean((map − station) / "
                "station), signed; K-L = Σ p ln(p / q) (paper 002 eq. 8) with p and q the "
                "station and map series each divided by its sum over the pairs, so it "
                "compares the shape of the two series (0 when proportional); pairs with a "
                "value ≤ 0 are left out of MAPE, MRE and K-L."),
                tr("Bad input is refused with a message: a missing or non-numeric field, a "
                   "date that does not parse, a layer without CRS or features, no station on "
                   "the map, no date in common.")])

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, tr("Soil-moisture map or time stack (m³/m³)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.STATIONS, tr("Station observations (points)"),
            [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            self.STATION_ID_FIELD, tr("Station id field"), parentLayerParameterName=self.STATIONS))
        self.addParameter(QgsProcessingParameterField(
            self.VALUE_FIELD, tr("Observed soil moisture field (m³/m³)"),
            parentLayerParameterName=self.STATIONS, type=QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterField(
            self.DATE_FIELD, tr("Date field"), parentLayerParameterName=self.STATIONS,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.GROUP_FIELD, tr("Group field (e.g. network scale, land cover)"),
            parentLayerParameterName=self.STATIONS, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.COARSE_SM, tr("Coarse soil moisture (before downscaling)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.WINDOW, tr("Sampling window (cells, odd: 1 = containing cell)"),
            QgsProcessingParameterNumber.Integer, defaultValue=DEFAULTS["WINDOW"], minValue=1,
            maxValue=99))
        self.addParameter(QgsProcessingParameterNumber(
            self.DATE_TOLERANCE, tr("Date tolerance (days)"), QgsProcessingParameterNumber.Integer,
            defaultValue=DEFAULTS["DATE_TOLERANCE"], minValue=0, maxValue=366))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_PAIRS, tr("Minimum pairs for a station's metrics"),
            QgsProcessingParameterNumber.Integer, defaultValue=DEFAULTS["MIN_PAIRS"],
            minValue=2))
        self.addParameter(QgsProcessingParameterBoolean(
            self.COMMON_PAIRS, tr("Score map and coarse product on the same pairs"),
            defaultValue=True))
        self.add_advanced(QgsProcessingParameterString(
            self.MAP_DATE, tr("Date of a single-band map without date (YYYY-MM-DD)"),
            optional=True))
        self.add_advanced(QgsProcessingParameterNumber(
            self.MIN_VALID_FRACTION, tr("Minimum valid share of a coarse cell (consistency)"),
            QgsProcessingParameterNumber.Double, defaultValue=DEFAULTS["MIN_VALID_FRACTION"],
            minValue=0.01, maxValue=1.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_STATIONS, tr("Station metrics"), QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SUMMARY, tr("Validation summary"), QgsProcessing.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_PAIRS, tr("Station–date pairs"), QgsProcessing.TypeVector,
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_CONSISTENCY, tr("Consistency with the coarse product"),
            QgsProcessing.TypeVector, optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Validation report"), tr("HTML files (*.html)"),
            optional=True))
        for name, label in self.NUMBERS:
            self.addOutput(QgsProcessingOutputNumber(name, tr(label)))

    def process(self, parameters, context, feedback, progress):
        from ..engine.stations.validation import ValidateOptions, validate

        layer = self.required_raster(parameters, self.INPUT, context, self.tr(
            "No soil-moisture map was given. Choose the raster or time stack to validate."))
        coarse = self.parameterAsRasterLayer(parameters, self.COARSE_SM, context)
        source = self.parameterAsSource(parameters, self.STATIONS, context)
        observations = read_observations(
            source, self.field_name(parameters, self.STATION_ID_FIELD, context),
            self.field_name(parameters, self.VALUE_FIELD, context),
            self.field_name(parameters, self.DATE_FIELD, context) or None,
            self.field_name(parameters, self.GROUP_FIELD, context) or None, feedback)
        options = ValidateOptions(
            window=self.parameterAsInt(parameters, self.WINDOW, context),
            tolerance=self.parameterAsInt(parameters, self.DATE_TOLERANCE, context),
            date=self.parameterAsString(parameters, self.MAP_DATE, context).strip() or None,
            min_pairs=self.parameterAsInt(parameters, self.MIN_PAIRS, context),
            common_pairs=self.parameterAsBool(parameters, self.COMMON_PAIRS, context),
            min_valid_fraction=self.parameterAsDouble(parameters, self.MIN_VALID_FRACTION,
                                                      context))
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) or None
        if report and not os.path.isdir(os.path.dirname(os.path.abspath(report))):
            raise QgsProcessingException(self.tr(
                "The folder of the report does not exist: {folder}. Create it or choose "
                "another file.").format(folder=os.path.dirname(os.path.abspath(report))))
        result = validate(raster_path(layer), observations,
                          raster_path(coarse) if coarse else None, options, progress)
        self._log(result, feedback)
        outputs = self._write_tables(result, source, parameters, context)
        if report:
            from ..engine.report.validation_report import write_validation_report

            outputs[self.OUTPUT_REPORT] = write_validation_report(
                report, result, map_name=layer.name(),
                coarse_name=coarse.name() if coarse else None)
        outputs.update(self._numbers(result))
        return outputs

    # -- outputs -----------------------------------------------------------------------------
    def _write_tables(self, result, source, parameters, context):
        outputs = {}
        sink, dest = self._sink(parameters, self.OUTPUT_STATIONS, context,
                                _station_fields(result.has_coarse), QgsWkbTypes.Point,
                                source.sourceCrs())
        for station in result.stations:
            sink.addFeature(_station_feature(station, result.has_coarse),
                            QgsFeatureSink.FastInsert)
        outputs[self.OUTPUT_STATIONS] = dest
        style_stations_on_load(context, dest, self.tr("Station metrics (ubRMSE)"))
        sink, dest = self._sink(parameters, self.OUTPUT_SUMMARY, context, _summary_fields(),
                                QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem())
        for row in result.summary:
            sink.addFeature(_table_feature(_summary_fields(), row), QgsFeatureSink.FastInsert)
        outputs[self.OUTPUT_SUMMARY] = dest
        name_on_load(context, dest, self.tr("Validation summary"))
        if parameters.get(self.OUTPUT_PAIRS) is not None:
            sink, dest = self._sink(parameters, self.OUTPUT_PAIRS, context, _pair_fields(),
                                    QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem())
            if sink is not None:
                for row in _pair_rows(result):
                    sink.addFeature(_table_feature(_pair_fields(), row),
                                    QgsFeatureSink.FastInsert)
                outputs[self.OUTPUT_PAIRS] = dest
                name_on_load(context, dest, self.tr("Station–date pairs"))
        if parameters.get(self.OUTPUT_CONSISTENCY) is not None:
            sink, dest = self._sink(parameters, self.OUTPUT_CONSISTENCY, context,
                                    _consistency_fields(), QgsWkbTypes.NoGeometry,
                                    QgsCoordinateReferenceSystem())
            if sink is not None:
                for row in result.consistency:
                    sink.addFeature(_table_feature(_consistency_fields(), row),
                                    QgsFeatureSink.FastInsert)
                outputs[self.OUTPUT_CONSISTENCY] = dest
                name_on_load(context, dest, self.tr("Consistency with the coarse product"))
        return outputs

    def _sink(self, parameters, name, context, fields, geometry, crs):
        sink, dest = self.parameterAsSink(parameters, name, context, fields, geometry, crs)
        if sink is None and name in (self.OUTPUT_STATIONS, self.OUTPUT_SUMMARY):
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        return sink, dest

    def _numbers(self, result):
        overall = result.overall("downscaled") or {}
        coarse = result.overall("coarse") or {}
        consistency = result.consistency[-1]["rmse"] if result.consistency else None
        values = {"UBRMSE": overall.get("ubrmse"), "R": overall.get("r"),
                  "BIAS": overall.get("bias"), "RMSE": overall.get("rmse"),
                  "N_PAIRS": result.counts["pairs"],
                  "N_STATIONS": sum(1 for s in result.stations if s.metrics["n"] > 0),
                  "COARSE_UBRMSE": coarse.get("ubrmse"), "COARSE_R": coarse.get("r"),
                  "COARSE_BIAS": coarse.get("bias"), "CONSISTENCY_RMSE": consistency}
        return {k: finite_or_none(v) for k, v in values.items()}

    def _log(self, result, feedback):
        counts = result.counts
        feedback.pushInfo(self.tr(
            "{pairs} pairs from {obs} observations; dropped: {outside} station(s) off the "
            "map, {band} observation(s) with no band within the tolerance, {nodata} pair(s) "
            "on nodata.").format(pairs=counts["pairs"], obs=counts["observations"],
                                 outside=counts["stations_outside"], band=counts["no_band"],
                                 nodata=counts["nodata"]))
        for product in ("downscaled", "coarse"):
            row = result.overall(product)
            if row is not None:
                feedback.pushInfo(self.tr(
                    "{product}, pooled: n = {n}, ubRMSE = {ub}, R = {r}, bias = {bias}, "
                    "RMSE = {rmse} m³/m³").format(
                        product=product, n=row["n"], ub=log_number(row["ubrmse"]), r=log_number(row["r"], 3),
                        bias=log_number(row["bias"]), rmse=log_number(row["rmse"])))
        if result.consistency:
            row = result.consistency[-1]
            feedback.pushInfo(self.tr(
                "Map aggregated onto the coarse grid vs the coarse product, all dates: "
                "{n} cells, MAPE = {mape} %, bias = {bias}, RMSE = {rmse} m³/m³").format(
                    n=row["n_cells"], mape=log_number(row["mape"], 2), bias=log_number(row["bias"], 6),
                    rmse=log_number(row["rmse"], 6)))


# -- attribute tables ----------------------------------------------------------------------------
def _fields(spec):
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, kind))
    return fields


def _metric_spec(prefix=""):
    return [(prefix + m, QVariant.Int if m == "n" else QVariant.Double) for m in METRIC_FIELDS]


def _station_fields(with_coarse):
    spec = [("station_id", QVariant.String), ("group", QVariant.String),
            ("n_obs", QVariant.Int)] + _metric_spec()
    if with_coarse:
        spec += _metric_spec("coarse_")
    return _fields(spec)


def _summary_fields():
    return _fields([("product", QVariant.String), ("group", QVariant.String),
                    ("aggregation", QVariant.String), ("n_stations", QVariant.Int)]
                   + _metric_spec())


def _pair_fields():
    return _fields([("station_id", QVariant.String), ("group", QVariant.String),
                    ("date", QVariant.String), ("n_obs", QVariant.Int),
                    ("observed", QVariant.Double), ("map", QVariant.Double),
                    ("coarse", QVariant.Double)])


def _consistency_fields():
    return _fields([("date", QVariant.String), ("n_cells", QVariant.Int),
                    ("mape", QVariant.Double), ("bias", QVariant.Double),
                    ("rmse", QVariant.Double), ("r", QVariant.Double)])


def _station_feature(station, with_coarse):
    row = {"station_id": station.station_id, "group": station.group or None,
           "n_obs": station.n_obs, **station.metrics}
    if with_coarse:
        row.update({"coarse_" + k: v for k, v in station.coarse.items()})
    feature = _table_feature(_station_fields(with_coarse), row)
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(station.x, station.y)))
    return feature


def _table_feature(fields, row):
    feature = QgsFeature(fields)
    feature.setAttributes([_attribute(row.get(f.name())) for f in fields])
    return feature


def _attribute(value):
    """A feature attribute: numpy scalars as Python values, NaN as NULL."""
    if hasattr(value, "item"):
        value = value.item()
    return finite_or_none(value) if isinstance(value, float) else value


def _pair_rows(result):
    pairs = result.pairs
    for i in range(len(pairs["date"])):
        station = result.stations[int(pairs["station"][i])]
        yield {"station_id": station.station_id, "group": station.group or None,
               "date": pairs["date"][i], "n_obs": int(pairs["n_obs"][i]),
               "observed": float(pairs["observed"][i]), "map": float(pairs["map"][i]),
               "coarse": float(pairs["coarse"][i])}

"""smdownscale:fuse — merge station observations into a fine soil-moisture map (GDA/GRA)."""
import csv
import os

from qgis.core import (QgsFeature, QgsFeatureSink, QgsField, QgsFields, QgsGeometry,
                       QgsPointXY, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant

from .base import SmAlgorithm, help_text, raster_path
from .formatting import csv_number, finite_or_none, log_number
from .station_layer import read_observations
from .styling import name_on_load, style_soil_moisture_on_load

# Enum orders are part of the public contract; they equal engine.stations.fusion.METHODS,
# engine.stations.fusion.INTERPOLATIONS and engine.geostat.kriging.MODELS (a test keeps them equal).
METHOD_KEYS = ["gda", "gra"]
INTERPOLATION_KEYS = ["ordinary_kriging", "simple_kriging", "idw"]
VARIOGRAM_KEYS = ["spherical", "exponential", "gaussian", "linear"]
DEFAULTS = {"HOLDOUT_FRACTION": 0.3, "SEED": 42, "NEIGHBOURS": 16, "IDW_POWER": 2.0,
            "RATIO_FLOOR": 0.01, "CLIP_MIN": 0.0, "CLIP_MAX": 0.6}
HOLDOUT_MEASURES = ("rmse", "mae", "bias", "r")


class Fuse(SmAlgorithm):
    """Fine soil-moisture map (stack) + station observations → fused map."""

    ALG_ID = "fuse"
    GROUP_ID = "fusevalidate"
    REQUIRES = ("numpy", "rasterio", "scipy")

    INPUT = "INPUT"
    STATIONS = "STATIONS"
    STATION_ID_FIELD = "STATION_ID_FIELD"
    VALUE_FIELD = "VALUE_FIELD"
    DATE_FIELD = "DATE_FIELD"
    METHOD = "METHOD"
    INTERPOLATION = "INTERPOLATION"
    VARIOGRAM_MODEL = "VARIOGRAM_MODEL"
    VARIOGRAM_SILL = "VARIOGRAM_SILL"
    VARIOGRAM_RANGE = "VARIOGRAM_RANGE"
    VARIOGRAM_NUGGET = "VARIOGRAM_NUGGET"
    NEIGHBOURS = "NEIGHBOURS"
    IDW_POWER = "IDW_POWER"
    SEARCH_RADIUS = "SEARCH_RADIUS"
    HOLDOUT_FRACTION = "HOLDOUT_FRACTION"
    SEED = "SEED"
    RATIO_FLOOR = "RATIO_FLOOR"
    CLIP_MIN = "CLIP_MIN"
    CLIP_MAX = "CLIP_MAX"
    MAP_DATE = "MAP_DATE"
    OUTPUT = "OUTPUT"
    OUTPUT_HOLDOUT = "OUTPUT_HOLDOUT"
    DATE_REPORT = "DATE_REPORT"
    NUMBERS = (("N_DATES_FUSED", "Bands fused (others copied unchanged)"),
               ("N_HELD_OUT", "Stations held out of the fusion"),
               ("HOLDOUT_RMSE_BEFORE", "Held-out RMSE of the input map (m³/m³)"),
               ("HOLDOUT_RMSE_AFTER", "Held-out RMSE of the fused map (m³/m³)"),
               ("HOLDOUT_MAE_BEFORE", "Held-out MAE of the input map (m³/m³)"),
               ("HOLDOUT_MAE_AFTER", "Held-out MAE of the fused map (m³/m³)"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Fuse stations into the map")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Merge station observations into a fine soil-moisture map or stack by "
                       "geographical difference (GDA) or ratio (GRA) analysis with kriging or "
                       "IDW, and score it on held-out stations.")

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        tr = self.tr
        return help_text(
            tr("Paper 001 (eqs. 1 and 2, Table 2): the station-minus-map differences (GDA, "
               "additive: F = F_hr + Σ wⱼ (obsⱼ − F_hr(j))) or station-over-map ratios (GRA, "
               "multiplicative: F = F_hr · Σ wⱼ (obsⱼ / F_hr(j))) of each date are "
               "interpolated over the grid and applied to the map, so the map keeps its "
               "spatial detail and takes the stations' level. Every band of a stack is fused "
               "with the observations of its own day."),
            parameters=[
                (tr("Soil-moisture map"), tr(
                    "the fine map (m³/m³): a time stack with ISO dates as band descriptions "
                    "(e.g. from Predict) or a single band.")),
                (tr("Stations"), tr(
                    "point layer, one feature per observation (any CRS; reprojected to the "
                    "map's). Each observation goes to the map cell that holds it; all "
                    "observations of one date in one cell are averaged into one point at the "
                    "cell centre. Stations outside the map or on its nodata are skipped and "
                    "counted in the log.")),
                (tr("Station id / value / date fields"), tr(
                    "station id (optional: without it a station is a distinct position; "
                    "hold-out draws whole stations); observed soil moisture (numeric, m³/m³); "
                    "date (date, date-time or YYYY-MM-DD text; needed for a stack).")),
                (tr("Method"), tr(
                    "GDA, difference (default; paper 001 found it better) or GRA, ratio. GRA "
                    "and a zero background (paper 001: 'unable to compute the ratio X/0'): "
                    "station cells where the map is below the GRA floor (default 0.01 m³/m³) "
                    "are left out of that date's ratio field and counted in the log; the cells "
                    "there take the ratio interpolated from the other stations, so the output "
                    "is always finite.")),
                (tr("Interpolation"), tr(
                    "ordinary kriging (default), simple kriging (known mean = the date's mean "
                    "difference or ratio), or IDW. Kriging fits a variogram to each date's "
                    "station values (weighted least squares on 12 lags; a pure nugget when "
                    "there are too few stations) unless sill and range are given; it is "
                    "exact at a station's cell. A date with fewer station cells than the "
                    "method needs (kriging 3, IDW 1) is copied unchanged with a warning.")),
                (tr("Variogram model / sill / range / nugget"), tr(
                    "advanced: spherical, exponential, gaussian or linear (ordinary kriging "
                    "only); a sill ((m³/m³)², or ratio² for GRA) and a range (km) > 0 fix the "
                    "variogram for every date instead of fitting it; nugget default 0.")),
                (tr("Neighbours"), tr("stations used around each point (default 16), for "
                                      "kriging and IDW.")),
                (tr("IDW power / search radius"), tr(
                    "weights 1/dᵖ (default p = 2); stations farther than the radius (km; 0 = "
                    "no limit) are ignored, and a cell with none in reach is left unchanged.")),
                (tr("Hold-out fraction / seed"), tr(
                    "share of the stations (whole stations, default 0.3 as in paper 001) kept "
                    "out of the fusion to score it, drawn with the seed (same seed, same "
                    "stations); 0 uses every station.")),
                (tr("Lower/upper limit"), tr("the fused map is clipped to 0–0.6 m³/m³ by "
                                             "default; clipped pixels are counted.")),
                (tr("Map date"), tr("advanced: the date of a single-band map without date; "
                                    "empty = every observation is used.")),
            ],
            outputs=[
                (tr("Fused soil moisture"), tr(
                    "the input's grid, nodata and band dates, float32, loaded with the fixed "
                    "soil-moisture ramp.")),
                (tr("Held-out stations"), tr(
                    "points, one per held-out station: n pairs and RMSE, MAE, bias, R of the "
                    "input map (_before) and of the fused map (_after) at its cell; a last "
                    "row without geometry holds all held-out pairs pooled (paper 001 Table "
                    "2).")),
                (tr("Date report"), tr(
                    "optional CSV per band: station cells used, observations on nodata, mean "
                    "difference or ratio, variogram (model, nugget, partial sill, range km, "
                    "fitted/fixed), station cells below the GRA floor, clipped pixels, status.")),
                (tr("Numbers"), tr("bands fused, stations held out, held-out RMSE and MAE "
                                   "before and after.")),
            ],
            notes=[tr("Memory stays bounded: the map is processed in 512 × 512 windows and "
                      "the interpolation uses the nearest stations of each point only. "
                      "Progress advances per window; Cancel leaves no partial output.")])

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, tr("Soil-moisture map or time stack (m³/m³)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.STATIONS, tr("Station observations (points)"),
            [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            self.VALUE_FIELD, tr("Observed soil moisture field (m³/m³)"),
            parentLayerParameterName=self.STATIONS, type=QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterField(
            self.DATE_FIELD, tr("Date field"), parentLayerParameterName=self.STATIONS,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.STATION_ID_FIELD, tr("Station id field (for whole-station hold-out)"),
            parentLayerParameterName=self.STATIONS, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, tr("Method"),
            options=[tr("GDA (difference)"), tr("GRA (ratio)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.INTERPOLATION, tr("Interpolation"),
            options=[tr("Ordinary kriging"), tr("Simple kriging"), tr("IDW")], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.HOLDOUT_FRACTION, tr("Hold-out fraction of stations"),
            QgsProcessingParameterNumber.Double, defaultValue=DEFAULTS["HOLDOUT_FRACTION"],
            minValue=0.0, maxValue=0.9))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, tr("Seed"), QgsProcessingParameterNumber.Integer,
            defaultValue=DEFAULTS["SEED"], minValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.NEIGHBOURS, tr("Neighbouring stations"), QgsProcessingParameterNumber.Integer,
            defaultValue=DEFAULTS["NEIGHBOURS"], minValue=1, maxValue=500))
        self.addParameter(QgsProcessingParameterNumber(
            self.IDW_POWER, tr("IDW power"), QgsProcessingParameterNumber.Double,
            defaultValue=DEFAULTS["IDW_POWER"], minValue=0.1, maxValue=10.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEARCH_RADIUS, tr("IDW search radius (km, 0 = no limit)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.CLIP_MIN, tr("Lower limit (m³/m³)"), QgsProcessingParameterNumber.Double,
            defaultValue=DEFAULTS["CLIP_MIN"], minValue=-1.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.CLIP_MAX, tr("Upper limit (m³/m³)"), QgsProcessingParameterNumber.Double,
            defaultValue=DEFAULTS["CLIP_MAX"], minValue=0.0, maxValue=1.0))
        self.add_advanced(QgsProcessingParameterEnum(
            self.VARIOGRAM_MODEL, tr("Variogram model"),
            options=[tr("Spherical"), tr("Exponential"), tr("Gaussian"), tr("Linear")],
            defaultValue=0))
        self.add_advanced(QgsProcessingParameterNumber(
            self.VARIOGRAM_SILL, tr("Fixed variogram sill (0 = fit per date)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0))
        self.add_advanced(QgsProcessingParameterNumber(
            self.VARIOGRAM_RANGE, tr("Fixed variogram range (km, 0 = fit per date)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0))
        self.add_advanced(QgsProcessingParameterNumber(
            self.VARIOGRAM_NUGGET, tr("Fixed variogram nugget"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0))
        self.add_advanced(QgsProcessingParameterNumber(
            self.RATIO_FLOOR, tr("GRA: leave out stations where the map is below (m³/m³)"),
            QgsProcessingParameterNumber.Double, defaultValue=DEFAULTS["RATIO_FLOOR"],
            minValue=0.0001, maxValue=0.5))
        self.add_advanced(QgsProcessingParameterString(
            self.MAP_DATE, tr("Date of a single-band map without date (YYYY-MM-DD)"),
            optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Fused soil moisture")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_HOLDOUT, tr("Held-out stations (before/after)"),
            QgsProcessing.TypeVectorPoint, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.DATE_REPORT, tr("Date report"), tr("CSV files (*.csv)"), optional=True,
            createByDefault=False))
        for name, label in self.NUMBERS:
            self.addOutput(QgsProcessingOutputNumber(name, tr(label)))

    def process(self, parameters, context, feedback, progress):
        from ..engine.stations.fusion import fuse_stack

        layer = self.required_raster(parameters, self.INPUT, context, self.tr(
            "No soil-moisture map was given. Choose the raster or time stack to fuse."))
        source = self.parameterAsSource(parameters, self.STATIONS, context)
        value_field = self.field_name(parameters, self.VALUE_FIELD, context)
        if not value_field:
            raise QgsProcessingException(self.tr(
                "No value field was given. Choose the field with the observed soil moisture "
                "(m³/m³)."))
        observations = read_observations(
            source, self.field_name(parameters, self.STATION_ID_FIELD, context) or None,
            value_field, self.field_name(parameters, self.DATE_FIELD, context) or None,
            feedback=feedback)
        options = self._options(parameters, context)
        output = self.output_layer(parameters, self.OUTPUT, context, "fused_sm")
        report = self.parameterAsFileOutput(parameters, self.DATE_REPORT, context) or None
        if report and not os.path.isdir(os.path.dirname(os.path.abspath(report))):
            raise QgsProcessingException(self.tr(
                "The folder of the date report does not exist: {folder}.").format(
                    folder=os.path.dirname(os.path.abspath(report))))
        summary = fuse_stack(raster_path(layer), observations, output, options, progress)
        results = {self.OUTPUT: output}
        style_soil_moisture_on_load(context, output, self.tr("Fused soil moisture"))
        if parameters.get(self.OUTPUT_HOLDOUT) is not None:
            sink, dest = self.parameterAsSink(parameters, self.OUTPUT_HOLDOUT, context,
                                              _holdout_fields(), QgsWkbTypes.Point,
                                              source.sourceCrs())
            if sink is not None:
                for row in summary["holdout"] + ([summary["holdout_overall"]]
                                                 if summary["holdout_overall"] else []):
                    sink.addFeature(_holdout_feature(row), QgsFeatureSink.FastInsert)
                results[self.OUTPUT_HOLDOUT] = dest
                name_on_load(context, dest, self.tr("Held-out stations (before/after fusion)"))
        if report:
            results[self.DATE_REPORT] = write_date_report(report, summary["records"])
        results.update(self._numbers(summary, feedback))
        return results

    def _options(self, parameters, context):
        from ..engine.stations.fusion import FuseOptions

        number = lambda name: self.parameterAsDouble(parameters, name, context)  # noqa: E731
        sill, range_km = number(self.VARIOGRAM_SILL), number(self.VARIOGRAM_RANGE)
        if (sill > 0) != (range_km > 0):
            raise QgsProcessingException(self.tr(
                "A fixed variogram needs both a sill and a range above 0; set both, or leave "
                "both at 0 to fit a variogram per date."))
        return FuseOptions(
            method=METHOD_KEYS[self.parameterAsEnum(parameters, self.METHOD, context)],
            interpolation=INTERPOLATION_KEYS[self.parameterAsEnum(
                parameters, self.INTERPOLATION, context)],
            variogram_model=VARIOGRAM_KEYS[self.parameterAsEnum(
                parameters, self.VARIOGRAM_MODEL, context)],
            sill=sill if sill > 0 else None, range_km=range_km if range_km > 0 else None,
            nugget=number(self.VARIOGRAM_NUGGET),
            neighbours=self.parameterAsInt(parameters, self.NEIGHBOURS, context),
            idw_power=number(self.IDW_POWER), search_radius_km=number(self.SEARCH_RADIUS),
            holdout_fraction=number(self.HOLDOUT_FRACTION),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            ratio_floor=number(self.RATIO_FLOOR), clip_min=number(self.CLIP_MIN),
            clip_max=number(self.CLIP_MAX),
            date=self.parameterAsString(parameters, self.MAP_DATE, context).strip() or None)

    def _numbers(self, summary, feedback):
        records, overall = summary["records"], summary["holdout_overall"]
        fused = sum(1 for r in records if r.status == "fused")
        feedback.pushInfo(self.tr("{fused} of {total} band(s) fused; {clipped} pixel(s) "
                                  "clipped.").format(fused=fused, total=len(records),
                                                     clipped=sum(r.clipped for r in records)))
        values = {"N_DATES_FUSED": fused, "N_HELD_OUT": len(summary["held_out"])}
        for name, key in (("RMSE", "rmse"), ("MAE", "mae")):
            for when in ("before", "after"):
                value = overall[when][key] if overall else None
                values[f"HOLDOUT_{name}_{when.upper()}"] = finite_or_none(value)
        if overall:
            feedback.pushInfo(self.tr(
                "Held-out stations ({n} pairs): RMSE {rb} → {ra}, MAE {mb} → {ma} m³/m³.").format(
                    n=overall["after"]["n"], rb=log_number(overall["before"]["rmse"]),
                    ra=log_number(overall["after"]["rmse"]), mb=log_number(overall["before"]["mae"]),
                    ma=log_number(overall["after"]["mae"])))
        return values


def _holdout_fields():
    fields = QgsFields()
    fields.append(QgsField("station_id", QVariant.String))
    fields.append(QgsField("n", QVariant.Int))
    for key in HOLDOUT_MEASURES:
        for when in ("before", "after"):
            fields.append(QgsField(f"{key}_{when}", QVariant.Double))
    return fields


def _holdout_feature(row):
    fields = _holdout_fields()
    feature = QgsFeature(fields)
    values = [row["station_id"], int(row["after"]["n"])]
    for key in HOLDOUT_MEASURES:
        for when in ("before", "after"):
            values.append(finite_or_none(row[when][key]))
    feature.setAttributes(values)
    if "x" in row:
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(row["x"], row["y"])))
    return feature


REPORT_FIELDS = ("date", "status", "station_cells", "observations", "on_nodata", "mean_value",
                 "variogram_model", "nugget", "psill", "range_km", "variogram_source",
                 "below_floor", "clipped", "changed")


def write_date_report(path, records):
    """The per-band CSV of a fusion; returns its path."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, REPORT_FIELDS)
        writer.writeheader()
        for r in records:
            v = r.variogram or {}
            writer.writerow({
                "date": r.date, "status": r.status, "station_cells": r.station_cells,
                "observations": r.observations, "on_nodata": r.on_nodata,
                "mean_value": csv_number(r.mean_value), "variogram_model": v.get("model", ""),
                "nugget": csv_number(v.get("nugget")), "psill": csv_number(v.get("psill")),
                "range_km": csv_number(v.get("range")), "variogram_source": v.get("source", ""),
                "below_floor": r.below_floor, "clipped": r.clipped, "changed": r.changed})
    return path

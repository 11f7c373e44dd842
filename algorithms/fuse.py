"""smdownscale:fuse — merge station observations into a fine soil-moisture map (GDA/GRA)."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsWkbTypes)

from .base import SmAlgorithm, raster_path
from .formatting import finite_or_none, log_number
from .station_layer import add_station_parameters, station_help, station_observations
from .styling import name_on_load, style_soil_moisture_on_load
from .tables import holdout_feature, holdout_fields, table_sink, write_features

# Enum orders are part of the public contract; they equal engine.stations.fusion.METHODS,
# engine.stations.fusion.INTERPOLATIONS and engine.geostat.kriging.MODELS (a test keeps them equal).
METHOD_KEYS = ["gda", "gra"]
INTERPOLATION_KEYS = ["ordinary_kriging", "simple_kriging", "idw"]
VARIOGRAM_KEYS = ["spherical", "exponential", "gaussian", "linear"]
DEFAULTS = {"HOLDOUT_FRACTION": 0.3, "SEED": 42, "NEIGHBOURS": 16, "IDW_POWER": 2.0,
            "RATIO_FLOOR": 0.01}


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

    def help_summary(self):
        return self.tr(
            "Chen et al. 2023 (eqs. 1 and 2, Table 2): the station-minus-map differences (GDA, "
            "additive: F = F_hr + Σ wⱼ (obsⱼ − F_hr(j))) or station-over-map ratios (GRA, "
            "multiplicative: F = F_hr · Σ wⱼ (obsⱼ / F_hr(j))) of each date are interpolated "
            "over the grid and applied to the map, so the map keeps its spatial detail and "
            "takes the stations' level. Every band of a stack is fused with the observations "
            "of its own day.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr("the fine map (m³/m³): a time stack with ISO dates as band "
                           "descriptions (e.g. from Predict) or a single band."),
            self.STATIONS: tr(
                "point layer, one feature per observation (any CRS; reprojected to the map's), "
                "or a table without geometry such as a CSV file with x/y fields (see below). "
                "Each observation goes to the map cell that holds it; all observations of one "
                "date in one cell are averaged into one point at the cell centre. Stations "
                "outside the map or on its nodata are skipped and counted in the log."),
            (self.STATION_ID_FIELD, self.VALUE_FIELD, self.DATE_FIELD): tr(
                "station id (optional: without it a station is a distinct position; hold-out "
                "draws whole stations); observed soil moisture (numeric, or text holding "
                "numbers, m³/m³); date (date, date-time or YYYY-MM-DD[THH:MM] text; needed "
                "for a stack; observations pair with the band of their day)."),
            **station_help(tr),
            self.METHOD: tr(
                "GDA, difference (default; Chen et al. 2023 found it better) or GRA, ratio. "
                "GRA and a zero background (Chen et al. 2023: 'unable to compute the ratio "
                "X/0'): station cells where the map is below the GRA floor (default 0.01 "
                "m³/m³) are left out of that date's ratio field and counted in the log; the "
                "cells there take the ratio interpolated from the other stations, so the "
                "output is always finite. Cells where the map is 0 stay 0 (counted in a "
                "warning); a date whose map holds negative values is not fused by GRA but "
                "copied, with a warning naming the date and its cells ≤ 0."),
            self.INTERPOLATION: tr(
                "ordinary kriging (default), simple kriging (known mean = the date's mean "
                "difference or ratio), or IDW. Kriging fits a variogram to each date's station "
                "values (weighted least squares on 12 lags; a pure nugget when there are too "
                "few stations) unless sill and range are given; it is exact at a station's "
                "cell. A date with fewer station cells than the method needs (kriging 3, IDW "
                "1) is copied unchanged with a warning."),
            (self.HOLDOUT_FRACTION, self.SEED): tr(
                "share of the stations (whole stations, default 0.3 as in Chen et al. 2023) "
                "kept out of the fusion to score it, drawn with the seed (same seed, same "
                "stations); 0 uses every station."),
            self.NEIGHBOURS: tr("stations used around each point (default 16), for kriging and "
                                "IDW."),
            (self.IDW_POWER, self.SEARCH_RADIUS): tr(
                "weights 1/dᵖ (default p = 2); stations farther than the radius (km; 0 = no "
                "limit) are ignored, and a cell with none in reach is left unchanged."),
            (self.CLIP_MIN, self.CLIP_MAX): tr(
                "every band written (fused or copied) is clipped to 0–0.6 m³/m³ by default; "
                "the clipped pixels are counted per date and told in a warning."),
            (self.VARIOGRAM_MODEL, self.VARIOGRAM_SILL, self.VARIOGRAM_RANGE,
             self.VARIOGRAM_NUGGET): tr(
                "advanced: spherical, exponential, gaussian or linear (ordinary kriging only); "
                "a sill ((m³/m³)², or ratio² for GRA) and a range (km) > 0 fix the variogram "
                "for every date instead of fitting it; nugget default 0."),
            self.RATIO_FLOOR: tr("advanced: the GRA floor of the method above (default 0.01 "
                                 "m³/m³)."),
            self.MAP_DATE: tr("advanced: the date of a single-band map without date; empty = "
                              "every observation is used."),
            self.OUTPUT: tr("the input's grid, nodata and band dates, float32, loaded with the "
                            "fixed soil-moisture ramp."),
            self.OUTPUT_HOLDOUT: tr(
                "points, one per held-out station: n pairs and RMSE, MAE, bias, R of the input "
                "map (_before) and of the fused map (_after) at its cell; a last row without "
                "geometry holds all held-out pairs pooled (Chen et al. 2023, Table 2)."),
            self.DATE_REPORT: tr(
                "optional CSV per band: station cells used, observations on nodata, mean "
                "difference or ratio, variogram (model, nugget, partial sill, range km, "
                "fitted/fixed), station cells below the GRA floor, clipped pixels, cells ≤ 0 "
                "in the map (GRA), status."),
            self.number_names(): tr("for the next Modeler step."),
        }

    def help_notes(self):
        return [self.tr("Memory stays bounded: the map is processed in 512 × 512 windows and "
                        "the interpolation uses the nearest stations of each point only. "
                        "Progress advances per window; Cancel leaves no partial output.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, tr("Soil-moisture map or time stack (m³/m³)")))
        add_station_parameters(self)
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, tr("Method"),
            options=[tr("GDA (difference)"), tr("GRA (ratio)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.INTERPOLATION, tr("Interpolation"),
            options=[tr("Ordinary kriging"), tr("Simple kriging"), tr("IDW")], defaultValue=0))
        self.add_number(self.HOLDOUT_FRACTION, tr("Hold-out fraction of stations"),
                        DEFAULTS["HOLDOUT_FRACTION"], 0.0, 0.9)
        self.add_number(self.SEED, tr("Seed"), DEFAULTS["SEED"], 0, integer=True)
        self.add_number(self.NEIGHBOURS, tr("Neighbouring stations"), DEFAULTS["NEIGHBOURS"],
                        1, 500, integer=True)
        self.add_number(self.IDW_POWER, tr("IDW power"), DEFAULTS["IDW_POWER"], 0.1, 10.0)
        self.add_number(self.SEARCH_RADIUS, tr("IDW search radius (km, 0 = no limit)"), 0.0,
                        0.0)
        self.add_clip_limits()
        self.add_advanced(QgsProcessingParameterEnum(
            self.VARIOGRAM_MODEL, tr("Variogram model"),
            options=[tr("Spherical"), tr("Exponential"), tr("Gaussian"), tr("Linear")],
            defaultValue=0))
        self.add_number(self.VARIOGRAM_SILL, tr("Fixed variogram sill (0 = fit per date)"),
                        0.0, 0.0, advanced=True)
        self.add_number(self.VARIOGRAM_RANGE, tr("Fixed variogram range (km, 0 = fit per date)"),
                        0.0, 0.0, advanced=True)
        self.add_number(self.VARIOGRAM_NUGGET, tr("Fixed variogram nugget"), 0.0, 0.0,
                        advanced=True)
        self.add_number(self.RATIO_FLOOR, tr("GRA: leave out stations where the map is below "
                                             "(m³/m³)"),
                        DEFAULTS["RATIO_FLOOR"], 0.0001, 0.5, advanced=True)
        self.add_advanced(QgsProcessingParameterString(
            self.MAP_DATE, tr("Date of a single-band map without date (YYYY-MM-DD)"),
            optional=True))
        self.add_resume()
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Fused soil moisture")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_HOLDOUT, tr("Held-out stations (before/after)"),
            QgsProcessing.TypeVectorPoint, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.DATE_REPORT, tr("Date report"), tr("CSV files (*.csv)"), optional=True,
            createByDefault=False))
        self.add_numbers()

    def process(self, parameters, context, feedback, progress):
        from ..engine.report.date_table import write_date_table
        from ..engine.stations.fusion import DateRecord, fuse_stack

        layer = self.required_raster(parameters, self.INPUT, context, self.tr(
            "No soil-moisture map was given. Choose the raster or time stack to fuse."))
        station_crs, observations = station_observations(self, parameters, context,
                                                         feedback)
        options = self._options(parameters, context)
        output = self.output_layer(parameters, self.OUTPUT, context, "fused_sm")
        report = self.output_file(parameters, self.DATE_REPORT, context)
        summary = fuse_stack(raster_path(layer), observations, output, options, progress)
        results = {self.OUTPUT: output}
        style_soil_moisture_on_load(context, output, self.tr("Fused soil moisture"))
        sink, dest = table_sink(self, parameters, self.OUTPUT_HOLDOUT, context, holdout_fields(),
                                QgsWkbTypes.Point, station_crs)
        if sink is not None:
            overall = [summary["holdout_overall"]] if summary["holdout_overall"] else []
            write_features(sink, (holdout_feature(row) for row in summary["holdout"] + overall))
            results[self.OUTPUT_HOLDOUT] = dest
            name_on_load(context, dest, self.tr("Held-out stations (before/after fusion)"))
        if report:
            results[self.DATE_REPORT] = write_date_table(report, DateRecord, summary["records"])
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
            date=self.parameterAsString(parameters, self.MAP_DATE, context).strip() or None,
            resume=self.resume(parameters, context))

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
            before, after = overall["before"], overall["after"]
            feedback.pushInfo(self.tr(
                "Held-out stations ({n} pairs): RMSE {rb} → {ra}, MAE {mb} → {ma} m³/m³.").format(
                    n=after["n"], rb=log_number(before["rmse"]), ra=log_number(after["rmse"]),
                    mb=log_number(before["mae"]), ma=log_number(after["mae"])))
        return values


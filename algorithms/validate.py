"""smdownscale:validate — compare a soil-moisture map or stack with station observations."""
from qgis.core import (QgsProcessing, QgsProcessingParameterBoolean, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsWkbTypes)

from .base import SmAlgorithm, raster_path
from .formatting import finite_or_none, log_number
from .station_layer import add_station_parameters, station_help, station_observations
from .styling import name_on_load, style_stations_on_load
from .tables import (consistency_fields, pair_fields, pair_rows, station_feature,
                     station_fields, summary_fields, table_feature, table_sink, write_features)

DEFAULTS = {"WINDOW": 1, "DATE_TOLERANCE": 0, "MIN_PAIRS": 10, "MIN_VALID_FRACTION": 0.5,
            "MATCH_WINDOW_HOURS": 1.0}
# Enum orders are part of the public contract; they equal engine.stations.time_matching's
# MATCHINGS, OVERPASSES and BAND_TIMES (a test keeps them equal).
MATCHING_KEYS = ["nearest", "day_mean"]
OVERPASS_KEYS = ["none", "smap_am", "smap_pm", "amsr2_desc", "amsr2_asc", "smos_asc",
                 "smos_desc"]
BAND_TIME_KEYS = ["local_solar", "utc"]


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
    MATCHING = "MATCHING"
    MATCH_WINDOW_HOURS = "MATCH_WINDOW_HOURS"
    PRODUCT_OVERPASS = "PRODUCT_OVERPASS"
    BAND_TIME_REFERENCE = "BAND_TIME_REFERENCE"
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

    def help_summary(self):
        return self.tr(
            "The last step of a downscaling study (Nadeem et al. 2023, Yan & Bai 2020, Cai et "
            "al. 2022, Xu et al. 2024): every station observation is paired with the map at "
            "its station on the band of its date (the observation nearest the overpass time "
            "within ±1 h when the bands have times, as pytesmo's temporal collocation does; "
            "otherwise the day's mean), and the pairs are scored per station, per "
            "group (e.g. network scale or land cover, Nadeem et al. 2023), pooled over all "
            "pairs and as the mean over stations. With the coarse product, the same metrics "
            "are computed for it side by side, and the map aggregated back onto the coarse "
            "grid is compared with the coarse product (Yan & Bai 2020, Table 5).")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr("a time stack (bands described by ISO dates, as written by Predict) "
                           "or a single-band map (m³/m³)."),
            self.STATIONS: tr(
                "a point layer with one feature per observation (any CRS; reprojected to each "
                "raster's CRS), or a table without geometry such as a CSV file with x/y "
                "fields (see below). Features without position, id, value or date are "
                "skipped and counted in the log."),
            (self.STATION_ID_FIELD, self.VALUE_FIELD, self.DATE_FIELD, self.GROUP_FIELD): tr(
                "the station id (any type; empty = each distinct position is a station); the "
                "observed soil moisture (numeric, or text holding numbers, m³/m³); the date "
                "or date-time of the observation in UTC (a date, date-time or text "
                "YYYY-MM-DD[THH:MM[:SS]], an offset such as Z or +02:00 is converted to UTC; "
                "date-times all at 00:00 are read as dates; needed for a time stack); "
                "optional group (e.g. network scale, land cover) — a station's group is its "
                "most frequent value."),
            **station_help(tr),
            self.MATCHING: tr(
                "nearest (default): a band with a time pairs at each station with the one "
                "observation nearest that time within ± the matching window (pytesmo's "
                "temporal collocation; a tie goes to the later observation); bands without a "
                "time use the product overpass below, or else the day mean. Day mean: all "
                "observations of a station on the band's day (within the date tolerance) "
                "are averaged into one pair. Observations with dates only always use the "
                "day mean. The log says which rule ran for how many bands and pairs."),
            self.MATCH_WINDOW_HOURS: tr(
                "hours either side of the band (overpass) time, default 1 (pytesmo's ±1 h "
                "for hourly ISMN data). Station–band times with observations within 24 h but "
                "none in the window are counted in the log; when the window pairs nothing "
                "the run stops with these counts."),
            self.PRODUCT_OVERPASS: tr(
                "the product of a stack whose bands have dates only, for the nominal "
                "overpass time (local solar time, as the product defines it): SMAP AM 06:00, "
                "SMAP PM 18:00, AMSR2 descending 01:30, ascending 13:30, SMOS ascending "
                "06:00, descending 18:00. None (default): such bands use the day mean. Bands "
                "with a time of their own keep it."),
            self.BAND_TIME_REFERENCE: tr(
                "advanced: how a band time (description 2019-06-01T06:00) is read. Local solar "
                "time (default): as the SMAP L3, AMSR2 and SMOS importers write the overpass "
                "(T06:00/T18:00, T01:30/T13:30), converted at each station to UTC = local "
                "solar time − longitude / 15 h (longitude in degrees east, WGS 84; 06:00 at "
                "116° E is 22:16 UTC of the day before). UTC: band times are UTC already "
                "(SMAP L4 granules, stacks dated in UTC). Observation times are UTC."),
            self.COARSE_SM: tr("optional coarse product (time stack) for the before/after "
                               "columns and the consistency check."),
            self.WINDOW: tr(
                "1 (default) = the map cell containing the station; 3, 5 … = the mean of the "
                "valid cells of a k × k window around it. The coarse product is always read "
                "at the cell containing the station."),
            self.DATE_TOLERANCE: tr(
                "for the day-mean matching: 0 (default) = an observation pairs with the band "
                "of its own day; n = with the nearest band within n days. Several "
                "observations of one station that meet the same band are averaged into one "
                "pair. With two bands on one day (AM/PM), the one nearest in time of day is "
                "used when the observation has a time, otherwise the first. The nearest "
                "matching uses the window in hours instead."),
            self.MIN_PAIRS: tr(
                "default 10: a station (or group) with fewer pairs gets its pair count but no "
                "metrics, rather than figures from three points."),
            self.COMMON_PAIRS: tr(
                "default on: with a coarse product, both are scored on the pairs where both "
                "have a value (a like-for-like comparison); off: each on its own."),
            self.MAP_DATE: tr(
                "advanced: for a single-band map without a date, the date it shows (only "
                "observations within the tolerance are used); empty = every observation pairs "
                "with it (observations of one station and day are averaged)."),
            self.MIN_VALID_FRACTION: tr(
                "advanced, default 0.5: share of a coarse cell the map must cover to be "
                "compared in the consistency check."),
            self.OUTPUT_STATIONS: tr(
                "points, one per station (at its first observation): station_id, group, "
                "n_obs, n (pairs), and bias, rmse, ubrmse, r, p_value, r2, nse, mae, mape, "
                "mre, kl; with a coarse product the same with a coarse_ prefix. Loaded "
                "coloured by ubRMSE in fixed classes (0.04 m³/m³ is SMAP's accuracy target)."),
            self.OUTPUT_SUMMARY: tr(
                "table: product (downscaled, coarse) × group (each, and 'all') × aggregation "
                "('pooled' over all pairs, 'station mean' of the station metrics, n summed, "
                "p-value left empty)."),
            self.OUTPUT_PAIRS: tr("optional table of every pair: station_id, group, date, "
                                  "n_obs (observations averaged), observed, map, coarse."),
            self.OUTPUT_CONSISTENCY: tr(
                "optional table per date and for all dates: the map aggregated (area-weighted "
                "mean) onto the coarse grid against the coarse product: n_cells, mape, bias "
                "(aggregated − coarse), rmse, r (Yan & Bai 2020, Table 5)."),
            self.OUTPUT_REPORT: tr(
                "HTML page with the tables, a map-vs-station scatter coloured by group, a map "
                "of per-station ubRMSE, and a time series per station."),
            self.number_names(): tr("for the next Modeler step."),
        }

    def help_notes(self):
        tr = self.tr
        return [tr(
            "METRICS (map = estimate, station = reference; pytesmo's definitions): bias = "
            "mean(map) − mean(station); RMSE = √mean((map − station)²); ubRMSE = √(RMSE² − "
            "bias²) (ddof 0, pytesmo ubrmsd); R = Pearson correlation with its two-sided "
            "p-value; R² = R × R; NSE = 1 − Σ(map − station)² / Σ(station − mean station)², "
            "the Nash–Sutcliffe efficiency (1 = perfect, 0 = no better than the stations' "
            "mean, can be negative; Yan & Bai 2020 eq. 6 call it R²); MAE = mean |map − "
            "station|; MAPE = 100 % · mean(|map − station| / station); MRE = 100 % · mean((map "
            "− station) / station), signed; K-L = Σ p ln(p / q) (Yan & Bai 2020, eq. 8) with p "
            "and q the station and map series each divided by its sum over the pairs, so it "
            "compares the shape of the two series (0 when proportional); pairs with a value "
            "≤ 0 are left out of MAPE, MRE and K-L."),
            tr("Bad input is refused with a message: a missing or non-numeric field, a date "
               "that does not parse, a layer without CRS or features, a table without x/y "
               "fields, no station on the map, no date in common, a matching window that "
               "pairs nothing.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, tr("Soil-moisture map or time stack (m³/m³)")))
        add_station_parameters(self, group=True)
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.COARSE_SM, tr("Coarse soil moisture (before downscaling)"), optional=True))
        self.add_number(self.WINDOW, tr("Sampling window (cells, odd: 1 = containing cell)"),
                        DEFAULTS["WINDOW"], 1, 99, integer=True)
        self.add_number(self.DATE_TOLERANCE, tr("Date tolerance (days)"),
                        DEFAULTS["DATE_TOLERANCE"], 0, 366, integer=True)
        self.add_number(self.MIN_PAIRS, tr("Minimum pairs for a station's metrics"),
                        DEFAULTS["MIN_PAIRS"], 2, integer=True)
        self.addParameter(QgsProcessingParameterEnum(
            self.MATCHING, tr("Matching of observations to bands"),
            options=[tr("Nearest observation within the window of the band time"),
                     tr("Day mean")], defaultValue=0))
        self.add_number(self.MATCH_WINDOW_HOURS, tr("Matching window (± hours)"),
                        DEFAULTS["MATCH_WINDOW_HOURS"], 0.01, 24.0)
        self.addParameter(QgsProcessingParameterEnum(
            self.PRODUCT_OVERPASS, tr("Product overpass of date-only bands"),
            options=[tr("None (day mean)"), tr("SMAP AM (06:00 local solar time)"),
                     tr("SMAP PM (18:00 local solar time)"),
                     tr("AMSR2 descending (01:30 local solar time)"),
                     tr("AMSR2 ascending (13:30 local solar time)"),
                     tr("SMOS ascending (06:00 local solar time)"),
                     tr("SMOS descending (18:00 local solar time)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.COMMON_PAIRS, tr("Score map and coarse product on the same pairs"),
            defaultValue=True))
        self.add_advanced(QgsProcessingParameterString(
            self.MAP_DATE, tr("Date of a single-band map without date (YYYY-MM-DD)"),
            optional=True))
        self.add_number(self.MIN_VALID_FRACTION,
                        tr("Minimum valid share of a coarse cell (consistency)"),
                        DEFAULTS["MIN_VALID_FRACTION"], 0.01, 1.0, advanced=True)
        self.add_advanced(QgsProcessingParameterEnum(
            self.BAND_TIME_REFERENCE, tr("Band times are"),
            options=[tr("Local solar time (SMAP L3, AMSR2, SMOS)"),
                     tr("UTC (SMAP L4, stacks dated in UTC)")], defaultValue=0))
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
        self.add_numbers()

    def process(self, parameters, context, feedback, progress):
        from ..engine.stations.validation import ValidateOptions, validate

        layer = self.required_raster(parameters, self.INPUT, context, self.tr(
            "No soil-moisture map was given. Choose the raster or time stack to validate."))
        coarse = self.parameterAsRasterLayer(parameters, self.COARSE_SM, context)
        station_crs, observations = station_observations(self, parameters, context,
                                                         feedback)
        options = ValidateOptions(
            window=self.parameterAsInt(parameters, self.WINDOW, context),
            tolerance=self.parameterAsInt(parameters, self.DATE_TOLERANCE, context),
            date=self.parameterAsString(parameters, self.MAP_DATE, context).strip() or None,
            min_pairs=self.parameterAsInt(parameters, self.MIN_PAIRS, context),
            common_pairs=self.parameterAsBool(parameters, self.COMMON_PAIRS, context),
            min_valid_fraction=self.parameterAsDouble(parameters, self.MIN_VALID_FRACTION,
                                                      context),
            matching=MATCHING_KEYS[self.parameterAsEnum(parameters, self.MATCHING, context)],
            window_hours=self.parameterAsDouble(parameters, self.MATCH_WINDOW_HOURS, context),
            overpass=OVERPASS_KEYS[self.parameterAsEnum(parameters, self.PRODUCT_OVERPASS,
                                                        context)],
            band_time=BAND_TIME_KEYS[self.parameterAsEnum(parameters, self.BAND_TIME_REFERENCE,
                                                          context)])
        report = self.output_file(parameters, self.OUTPUT_REPORT, context)
        result = validate(raster_path(layer), observations,
                          raster_path(coarse) if coarse else None, options, progress)
        self._log(result, feedback)
        outputs = self._write_tables(result, station_crs, parameters, context)
        if report:
            from ..engine.report.validation_report import write_validation_report

            outputs[self.OUTPUT_REPORT] = write_validation_report(
                report, result, map_name=layer.name(),
                coarse_name=coarse.name() if coarse else None)
        outputs.update(self._numbers(result))
        return outputs

    # -- outputs -----------------------------------------------------------------------------
    def _write_tables(self, result, station_crs, parameters, context):
        """The station, summary, pair and consistency tables that were asked for."""
        with_coarse = result.has_coarse
        summary, pairs, consistency = summary_fields(), pair_fields(), consistency_fields()
        tables = (  # output, fields, features (made only when written), layer name
            (self.OUTPUT_STATIONS, station_fields(with_coarse),
             (station_feature(s, with_coarse) for s in result.stations),
             self.tr("Station metrics (ubRMSE)")),
            (self.OUTPUT_SUMMARY, summary, (table_feature(summary, r) for r in result.summary),
             self.tr("Validation summary")),
            (self.OUTPUT_PAIRS, pairs, (table_feature(pairs, r) for r in pair_rows(result)),
             self.tr("Station–date pairs")),
            (self.OUTPUT_CONSISTENCY, consistency,
             (table_feature(consistency, r) for r in result.consistency),
             self.tr("Consistency with the coarse product")))
        outputs = {}
        for name, fields, features, title in tables:
            stations = name == self.OUTPUT_STATIONS
            sink, dest = table_sink(
                self, parameters, name, context, fields,
                QgsWkbTypes.Point if stations else QgsWkbTypes.NoGeometry,
                station_crs if stations else None,
                required=name in (self.OUTPUT_STATIONS, self.OUTPUT_SUMMARY))
            if sink is None:
                continue
            write_features(sink, features)
            outputs[name] = dest
            (style_stations_on_load if stations else name_on_load)(context, dest, title)
        return outputs

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
                        product=product, n=row["n"], ub=log_number(row["ubrmse"]),
                        r=log_number(row["r"], 3), bias=log_number(row["bias"]),
                        rmse=log_number(row["rmse"])))
        if result.consistency:
            row = result.consistency[-1]
            feedback.pushInfo(self.tr(
                "Map aggregated onto the coarse grid vs the coarse product, all dates: "
                "{n} cells, MAPE = {mape} %, bias = {bias}, RMSE = {rmse} m³/m³").format(
                    n=row["n_cells"], mape=log_number(row["mape"], 2),
                    bias=log_number(row["bias"], 6), rmse=log_number(row["rmse"], 6)))


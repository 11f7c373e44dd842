"""smdownscale:validate — compare a soil-moisture map or stack with station observations."""
from qgis.core import (QgsProcessing, QgsProcessingParameterBoolean, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsWkbTypes)

from .base import SmAlgorithm, raster_path
from .formatting import finite_or_none, log_number
from .station_layer import add_station_parameters, station_help, station_observations
from .styling import name_on_load, style_stations_on_load
from .tables import (column_fields, consistency_fields, pair_fields, pair_rows, station_feature,
                     station_fields, summary_fields, table_feature, table_sink, write_features)

DEFAULTS = {"WINDOW": 1, "DATE_TOLERANCE": 0, "MIN_PAIRS": 10, "MIN_VALID_FRACTION": 0.5,
            "MATCH_WINDOW_HOURS": 1.0, "CONFIDENCE_LEVEL": 0.95, "BOOTSTRAP_SAMPLES": 1000,
            "SEED": 0, "ANOMALY_WINDOW": 35, "SERIES_STATIONS": 4}
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
    PRECIPITATION = "PRECIPITATION"
    OTHER_PRODUCTS = "OTHER_PRODUCTS"
    SERIES_STATIONS = "SERIES_STATIONS"
    CONFIDENCE_LEVEL = "CONFIDENCE_LEVEL"
    BOOTSTRAP = "BOOTSTRAP"
    BOOTSTRAP_SAMPLES = "BOOTSTRAP_SAMPLES"
    SEED = "SEED"
    ANOMALY_WINDOW = "ANOMALY_WINDOW"
    OUTPUT_STATISTICS = "OUTPUT_STATISTICS"
    OUTPUT_STATISTICS_SUMMARY = "OUTPUT_STATISTICS_SUMMARY"
    OUTPUT_TRIPLE_COLLOCATION = "OUTPUT_TRIPLE_COLLOCATION"
    OUTPUT_TABLES = "OUTPUT_TABLES"
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
                                    "the coarse product, all dates (m³/m³)"),
               ("UBRMSE_CI_LOWER", "Lower confidence limit of the map's pooled ubRMSE (m³/m³)"),
               ("UBRMSE_CI_UPPER", "Upper confidence limit of the map's pooled ubRMSE (m³/m³)"),
               ("R_CI_LOWER", "Lower confidence limit of the map's pooled R"),
               ("R_CI_UPPER", "Upper confidence limit of the map's pooled R"),
               ("STATION_MEAN_R", "Station-mean R of the map (Fisher's z)"),
               ("ANOMALY_R", "Station-mean R of the map's anomalies (35-day moving average, "
                             "Fisher's z)"),
               ("TC_SNR", "Triple collocation: SNR of the map (dB)"),
               ("TC_ERR_STD", "Triple collocation: error standard deviation of the map "
                              "(m³/m³, scaled to the stations)"),
               ("N_TRIPLETS", "Triple collocation: triplets (map, coarse product, station)"))

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
                                  "n_obs (observations averaged), observed, map, coarse, and "
                                  "the rule that paired it (band time, nominal overpass or "
                                  "day mean)."),
            self.OUTPUT_CONSISTENCY: tr(
                "optional table per date and for all dates: the map aggregated (area-weighted "
                "mean) onto the coarse grid against the coarse product: n_cells, mape, bias "
                "(aggregated − coarse), rmse, r (Yan & Bai 2020, Table 5)."),
            self.OUTPUT_REPORT: tr(
                "HTML page with the tables, a map-vs-station scatter coloured by group, box "
                "plots of the per-station metrics per product, value densities, R against "
                "ubRMSE coloured by bias, time series of the stations with most pairs (with "
                "precipitation bars), and the per-station ubRMSE over the map's period mean."),
            self.OTHER_PRODUCTS: tr(
                "optional further soil-moisture rasters scored at the same pairs, side by side "
                "in the statistics tables under their layer names: the fused map, another "
                "downscaled product to compare against, … Each is read at the cell containing "
                "the station on the band of the pair's date; its gaps do not remove pairs "
                "from the map's tables (with COMMON_PAIRS the statistics tables use the pairs "
                "every product has)."),
            self.PRECIPITATION: tr(
                "optional daily precipitation stack (mm/day, e.g. from 'Import precipitation'): "
                "bars under the report's station time series, sampled at each station."),
            self.SERIES_STATIONS: tr("advanced: stations whose time series the report draws "
                                     "(those with the most pairs; default 4)."),
            self.CONFIDENCE_LEVEL: tr(
                "advanced, default 0.95: level of every confidence interval — analytical for "
                "bias (t), ubRMSE (χ²), R, Spearman ρ and Kendall τ (Fisher z), as pytesmo "
                "computes them."),
            (self.BOOTSTRAP, self.BOOTSTRAP_SAMPLES, self.SEED): tr(
                "off by default: also bootstrap percentile intervals of bias, RMSE, ubRMSE "
                "and R on the pooled rows with at least 100 pairs, and of triple collocation "
                "per station; resamples (default 1000) and a seed (same seed, same "
                "intervals). The pooled triple collocation always has bootstrap intervals "
                "(there is no analytical one)."),
            self.ANOMALY_WINDOW: tr(
                "advanced, default 35 days: the centred moving average whose departures are "
                "the anomalies scored per station (anomaly R and ubRMSE); a station spanning "
                "3 years or more is also scored on anomalies from its day-of-year "
                "climatology."),
            self.OUTPUT_STATISTICS: tr(
                "optional table, one row per station and product: n and every metric with "
                "pytesmo's name — bias, rmse, ubrmse, r, p_value, r2 (= R²), nse, mae, mape, "
                "mre, kl, rho, p_rho (Spearman), tau, p_tau (Kendall), mse and its "
                "mse_corr, mse_bias, mse_var terms, the _ci_lower/_ci_upper intervals of "
                "bias, ubrmse, r, rho, tau — and anomaly_r/_ubrmse/_n with _ma (moving "
                "average) and _clim (climatology) suffixes."),
            self.OUTPUT_STATISTICS_SUMMARY: tr(
                "optional table: product × scope (all; each group; each season DJF, MAM, "
                "JJA, SON; each month 01–12) × aggregation (pooled; station mean, with R "
                "through Fisher's z), n_pairs, n_stations and the metrics above (bootstrap "
                "intervals as _bootstrap_ci_lower/_upper when asked)."),
            self.OUTPUT_TRIPLE_COLLOCATION: tr(
                "optional table (needs the coarse product): the map, the coarse product and "
                "the stations on the dates all three have, pooled ('all') and per station "
                "with at least 100 triplets: n_triplets, snr (dB), err_std (m³/m³, scaled "
                "to the stations), beta, each with its interval; 'refused' says why when "
                "there are too few triplets (with the count)."),
            self.OUTPUT_TABLES: tr(
                "optional folder: the numbers behind every figure of the report as CSV files "
                "(station_metric_boxes, value_density, r_ubrmse, station_series, "
                "station_precipitation, station_map, map_period_mean), for later Modeler "
                "steps."),
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
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.OTHER_PRODUCTS, tr("Further products to compare (rasters)"),
            QgsProcessing.TypeRaster, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.PRECIPITATION, tr("Precipitation stack for the report (mm/day)"),
            optional=True))
        self.add_number(self.SERIES_STATIONS, tr("Stations with a time series in the report"),
                        DEFAULTS["SERIES_STATIONS"], 0, 100, integer=True, advanced=True)
        self.add_number(self.CONFIDENCE_LEVEL, tr("Confidence level of the intervals"),
                        DEFAULTS["CONFIDENCE_LEVEL"], 0.5, 0.999, advanced=True)
        self.addParameter(QgsProcessingParameterBoolean(
            self.BOOTSTRAP, tr("Bootstrap confidence intervals too"), defaultValue=False))
        self.add_number(self.BOOTSTRAP_SAMPLES, tr("Bootstrap resamples"),
                        DEFAULTS["BOOTSTRAP_SAMPLES"], 10, 100000, integer=True, advanced=True)
        self.add_number(self.SEED, tr("Random seed (bootstrap)"), DEFAULTS["SEED"], 0,
                        integer=True, advanced=True)
        self.add_number(self.ANOMALY_WINDOW, tr("Anomaly moving-average window (days)"),
                        DEFAULTS["ANOMALY_WINDOW"], 1, 366, advanced=True)
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Validation report"), tr("HTML files (*.html)"),
            optional=True))
        for name, label in ((self.OUTPUT_STATISTICS, tr("Station statistics")),
                            (self.OUTPUT_STATISTICS_SUMMARY,
                             tr("Statistics by scope (groups, seasons, months)")),
                            (self.OUTPUT_TRIPLE_COLLOCATION, tr("Triple collocation"))):
            self.addParameter(QgsProcessingParameterFeatureSink(
                name, label, QgsProcessing.TypeVector, optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_TABLES, tr("Figure tables (folder of CSV files)"), optional=True,
            createByDefault=False))
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
        folder = self.parameterAsString(parameters, self.OUTPUT_TABLES, context) \
            if parameters.get(self.OUTPUT_TABLES) else ""
        precipitation = self.parameterAsRasterLayer(parameters, self.PRECIPITATION, context)
        others = self._other_products(parameters, context)
        result = validate(raster_path(layer), observations,
                          raster_path(coarse) if coarse else None, options, progress, others)
        self._log(result, feedback)
        stats = self._statistics(result, parameters, context)
        self._log_triple_collocation(result, stats, feedback)
        series = self.parameterAsInt(parameters, self.SERIES_STATIONS, context)
        precipitation = raster_path(precipitation) if precipitation else None
        data = None
        if report or folder:  # before any output is written: a bad stack leaves none
            from ..engine.report.validation_data import figure_data

            data = figure_data(result, raster_path(layer), precipitation, series,
                               progress=progress)
        outputs = self._write_tables(result, station_crs, parameters, context)
        outputs.update(self._write_statistics(stats, parameters, context))
        if data is not None:
            outputs.update(self._write_figures(data, result, report, folder, layer, coarse,
                                               precipitation, series))
        outputs.update(self._numbers(result, stats))
        return outputs

    def _other_products(self, parameters, context):
        """[(label, path)] of OTHER_PRODUCTS, labelled by layer name (made unique)."""
        taken, out = {"downscaled", "coarse"}, []
        for other in self.parameterAsLayerList(parameters, self.OTHER_PRODUCTS, context):
            label, k = other.name() or "product", 2
            while label in taken:
                label, k = f"{other.name()} ({k})", k + 1
            taken.add(label)
            out.append((label, raster_path(other)))
        return out

    def _statistics(self, result, parameters, context):
        """The statistics tables (engine.stations.statistics) of the validated pairs."""
        from ..engine.stations.statistics import StatisticsOptions, compute_statistics

        number = lambda name: self.parameterAsDouble(parameters, name, context)  # noqa: E731
        options = StatisticsOptions(
            alpha=1.0 - number(self.CONFIDENCE_LEVEL),
            bootstrap=self.parameterAsBool(parameters, self.BOOTSTRAP, context),
            bootstrap_samples=self.parameterAsInt(parameters, self.BOOTSTRAP_SAMPLES, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            anomaly_window=number(self.ANOMALY_WINDOW), min_pairs=max(3, result.options.min_pairs),
            common_pairs=result.options.common_pairs)
        products = {"downscaled": "map"}
        if result.has_coarse:
            products["coarse"] = "coarse"
        products.update(result.others)
        return compute_statistics(result.pairs, [s.station_id for s in result.stations],
                                  [s.group for s in result.stations], products, options)

    def _log_triple_collocation(self, result, stats, feedback):
        """Say what triple collocation gave, or why it was not computed (with the count)."""
        if not result.has_coarse:
            return
        tc = stats.triple_collocation
        if tc.refused:
            feedback.pushWarning(self.tr("Triple collocation was not computed: {reason}")
                                 .format(reason=tc.refused))
            return
        row = next((r for r in tc.rows if r["scope"] == "all" and r["dataset"] == "downscaled"),
                   None)
        if row is not None:
            feedback.pushInfo(self.tr(
                "Triple collocation (map, coarse product, stations; {n} triplets): map error "
                "standard deviation {err} m³/m³, SNR {snr} dB").format(
                    n=tc.n_triplets, err=log_number(row["err_std"]),
                    snr=log_number(row["snr"], 1)))

    def _write_statistics(self, stats, parameters, context):
        """The three statistics tables that were asked for."""
        tables = ((self.OUTPUT_STATISTICS, stats.station_columns, stats.stations,
                   self.tr("Station statistics")),
                  (self.OUTPUT_STATISTICS_SUMMARY, stats.summary_columns, stats.summary,
                   self.tr("Statistics by scope")),
                  (self.OUTPUT_TRIPLE_COLLOCATION, stats.tc_columns,
                   stats.triple_collocation.rows, self.tr("Triple collocation")))
        outputs = {}
        for name, columns, rows, title in tables:
            fields = column_fields(columns)
            sink, dest = table_sink(self, parameters, name, context, fields)
            if sink is None:
                continue
            write_features(sink, (table_feature(fields, row) for row in rows))
            outputs[name] = dest
            name_on_load(context, dest, title)
        return outputs

    def _write_figures(self, data, result, report, folder, layer, coarse, precipitation,
                       series):
        """The HTML report and the figure tables (CSV files in ``folder``) of figure
        ``data`` (engine.report.validation_data.FigureData)."""
        import os

        from ..engine.report.date_table import write_rows
        from ..engine.report.validation_report import write_validation_report

        outputs = {}
        if report:
            outputs[self.OUTPUT_REPORT] = write_validation_report(
                report, result, map_name=layer.name(),
                coarse_name=coarse.name() if coarse else None, map_path=raster_path(layer),
                precipitation_path=precipitation, series_stations=series, data=data)
        if folder:
            os.makedirs(folder, exist_ok=True)
            tables = dict(data.tables())
            if data.period is not None:
                tables["map_period_mean"] = data.map_rows()
            for name, rows in tables.items():
                rows = list(rows)
                columns = _columns_of(rows) if rows else ["empty"]
                write_rows(os.path.join(folder, f"{name}.csv"), columns, rows)
            outputs[self.OUTPUT_TABLES] = folder
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

    def _numbers(self, result, stats):
        values = self._metric_numbers(result)
        pooled = next((r for r in stats.summary if (r["product"], r["scope_kind"],
                                                   r["aggregation"]) ==
                       ("downscaled", "all", "pooled")), {})
        mean = next((r for r in stats.summary if (r["product"], r["scope_kind"],
                                                 r["aggregation"]) ==
                     ("downscaled", "all", "station mean")), {})
        tc = stats.triple_collocation
        tc_map = next((r for r in tc.rows if r["scope"] == "all" and
                       r["dataset"] == "downscaled"), {})
        values.update({
            "UBRMSE_CI_LOWER": pooled.get("ubrmse_ci_lower"),
            "UBRMSE_CI_UPPER": pooled.get("ubrmse_ci_upper"),
            "R_CI_LOWER": pooled.get("r_ci_lower"), "R_CI_UPPER": pooled.get("r_ci_upper"),
            "STATION_MEAN_R": mean.get("r"), "ANOMALY_R": _anomaly_r(stats),
            "TC_SNR": tc_map.get("snr"), "TC_ERR_STD": tc_map.get("err_std"),
            "N_TRIPLETS": tc.n_triplets})
        return {k: finite_or_none(v) for k, v in values.items()}

    def _metric_numbers(self, result):
        overall = result.overall("downscaled") or {}
        coarse = result.overall("coarse") or {}
        consistency = result.consistency[-1]["rmse"] if result.consistency else None
        values = {"UBRMSE": overall.get("ubrmse"), "R": overall.get("r"),
                  "BIAS": overall.get("bias"), "RMSE": overall.get("rmse"),
                  "N_PAIRS": result.counts["pairs"],
                  "N_STATIONS": sum(1 for s in result.stations if s.metrics["n"] > 0),
                  "COARSE_UBRMSE": coarse.get("ubrmse"), "COARSE_R": coarse.get("r"),
                  "COARSE_BIAS": coarse.get("bias"), "CONSISTENCY_RMSE": consistency}
        return values

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


def _columns_of(rows):
    """The keys of dict ``rows`` in first-seen order."""
    seen = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _anomaly_r(stats):
    """Station-mean anomaly R (moving average) of the map through Fisher's z, or None."""
    from ..engine.stats.fisher import station_mean_r

    rows = [r for r in stats.stations if r["product"] == "downscaled"]
    r = [row.get("anomaly_r_ma") for row in rows]
    r = [float("nan") if v is None else v for v in r]
    n = [row.get("anomaly_n_ma") or 0 for row in rows]
    return station_mean_r(r, n)["r"] if rows else None

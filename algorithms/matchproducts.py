"""smdownscale:matchproducts — rescale a coarse soil-moisture stack to another's climatology."""
from qgis.core import (QgsProcessingParameterEnum, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString)

from .base import SmAlgorithm, raster_path
from .formatting import finite_or_none
from .styling import style_soil_moisture_on_load

# Enum orders equal engine.prepare.product_matching.METHODS and SCOPES (a test keeps them
# equal); the defaults are the engine's, repeated so loading the provider imports no numpy.
METHOD_KEYS = ["linear_regression", "mean_std", "cdf"]
SCOPE_KEYS = ["global", "per_cell"]
DEFAULT_MIN_PAIRS = 20
DEFAULT_PERCENTILES = "0,5,10,30,50,70,90,95,100"


class MatchProducts(SmAlgorithm):
    """Linear regression, mean–std or CDF matching of a source stack to a reference stack."""

    ALG_ID = "matchproducts"
    GROUP_ID = "prepare"

    SOURCE = "SOURCE"
    REFERENCE = "REFERENCE"
    METHOD = "METHOD"
    FIT_SCOPE = "FIT_SCOPE"
    MIN_PAIRS = "MIN_PAIRS"
    DATE_TOLERANCE = "DATE_TOLERANCE"
    PERCENTILES = "PERCENTILES"
    OUTPUT = "OUTPUT"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    NUMBERS = (("PAIR_COUNT", "Common pairs used for the fit"),
               ("COMMON_DATE_COUNT", "Source dates with a reference date"),
               ("OWN_FIT_CELLS", "Cells with their own fit"),
               ("SLOPE", "Slope of the global fit"),
               ("INTERCEPT", "Intercept of the global fit (m³/m³)"),
               ("BIAS_BEFORE", "Bias before matching (m³/m³)"),
               ("UBRMSE_BEFORE", "ubRMSE before matching (m³/m³)"),
               ("R_BEFORE", "R before matching"),
               ("BIAS_AFTER", "Bias after matching (m³/m³)"),
               ("UBRMSE_AFTER", "ubRMSE after matching (m³/m³)"),
               ("R_AFTER", "R after matching"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Match coarse products")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Rescales one coarse soil-moisture stack (e.g. AMSR2) to the climatology "
                       "of another (e.g. SMAP) by linear regression, mean–standard-deviation "
                       "matching or CDF matching over their common dates and cells, to extend "
                       "a series across sensors.")

    def help_summary(self):
        return self.tr(
            "Yan & Bai 2020 joined AMSR-E (2002–2011) and AMSR2 (2012–2017) into one series "
            "after a regression analysis of the two products (R² 0.703); rescaling one "
            "product to another is a common step in soil-moisture work. The reference is "
            "brought onto the source grid (each source cell takes the mean of the reference "
            "cells whose centres fall in it, or the reference cell under its centre when the "
            "reference is coarser; any CRS), pairs are the cells and common dates where both "
            "have a value, a transfer function is fitted to them (one for all cells, or one "
            "per cell), and every band of the source is rescaled with it. The output keeps "
            "the source's grid and dates: the source series, on the reference's scale. The "
            "conventions are those of pytesmo's scaling functions (linreg, mean_std, "
            "lin_cdf_match).")

    def help_entries(self):
        tr = self.tr
        return {
            self.SOURCE: tr(
                "the stack to rescale (m³/m³), one band per date, each band's description "
                "its ISO date (the importers and Build time stack make them)."),
            self.REFERENCE: tr(
                "the stack whose climatology the source should take (m³/m³), dated bands "
                "likewise; it may have another grid, cell size and CRS, but must overlap "
                "the source. Several reference bands on one day (AM and PM) are averaged."),
            self.METHOD: tr(
                "linear regression (default): ordinary least squares of the reference on "
                "the source, matched = a × source + b; it minimises the error, so the "
                "matched values vary less than the reference when the two disagree (R below 1). "
                "Mean and standard deviation matching: a = σ(reference) / σ(source), b = "
                "mean(reference) − a × mean(source) (population standard deviations), so the "
                "matched values have the reference's mean and spread. CDF matching: the "
                "piecewise-linear function through the source's and the reference's values "
                "at the percentiles, extended linearly beyond the first and last; the "
                "matched values take the reference's distribution."),
            self.FIT_SCOPE: tr(
                "one fit for all cells (default; robust with few dates), or one fit per "
                "source cell; a cell with fewer than the minimum pairs, or whose own fit is "
                "degenerate (constant source, slope ≤ 0), takes the fit for all cells, and "
                "the log counts those cells."),
            self.MIN_PAIRS: tr(
                "pairs (same cell, common date, both valid) a fit needs; default 20 (pytesmo's "
                "minimum per CDF bin). Fewer pairs in all stops the run with the count."),
            self.DATE_TOLERANCE: tr(
                "days. Each source date is paired with the reference's nearest calendar day "
                "at most this many days away (the earlier on a tie); default 0: the same "
                "day. Times of day are ignored."),
            self.PERCENTILES: tr(
                "CDF matching only: increasing percentiles (0–100) separated by commas; "
                "default 0,5,10,30,50,70,90,95,100 (pytesmo's lin_cdf_match). Each is "
                "computed like numpy.percentile (linear between sorted values); tied values "
                "are spread between their neighbours as pytesmo does."),
            (self.CLIP_MIN, self.CLIP_MAX): tr(
                "the output is clipped to these limits, in the reference's units (default "
                "0–0.6 m³/m³, the range of the JAXA AMSR products); the log counts the "
                "values raised and lowered."),
            self.OUTPUT: tr(
                "the source rescaled: its grid and every one of its dates (also those "
                "without a reference date), float32, nodata −9999 where the source has no "
                "value, the reference's units; written completely or not at all."),
            self.OUTPUT_TABLE: tr(
                "optional CSV: one row for the fit for all cells (scope 'all cells'), then, "
                "per cell, one row per source cell with pairs (row, col, centre x and y in "
                "the source CRS, pairs, 'own' or why the global fit was used); columns slope "
                "and intercept (linear methods) or source_pP and reference_pP at each "
                "percentile P (CDF matching)."),
            self.number_names(): tr(
                "pairs used, source dates that have a reference date, cells with their own "
                "fit (0 with one fit for all cells), the global fit's slope and intercept "
                "(empty for CDF matching), and bias (mean matched − mean reference), ubRMSE "
                "and Pearson R against the reference over the pairs, before and after "
                "matching (in-sample: on the pairs the fit was made on)."),
        }

    def help_notes(self):
        return [self.tr(
            "The fit uses only pairs where both products have a value, so a season one "
            "product misses does not bias it. With more than 25 million possible pairs only "
            "every k-th common date is used for the fit (the log says so). Linear "
            "regression refuses a fit whose reference falls as the source rises; mean and "
            "standard deviation or CDF matching still rescale such data.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.SOURCE, tr("Source stack to rescale (bands = dates)")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.REFERENCE, tr("Reference stack (bands = dates)")))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, tr("Matching method"),
            options=[tr("Linear regression (reference on source)"),
                     tr("Mean and standard deviation matching"),
                     tr("CDF matching (piecewise linear through percentiles)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.FIT_SCOPE, tr("Fit scope"),
            options=[tr("One fit for all cells"), tr("One fit per cell")], defaultValue=0))
        self.add_number(self.MIN_PAIRS, tr("Minimum pairs per fit"), DEFAULT_MIN_PAIRS, 3,
                        integer=True)
        self.add_number(self.DATE_TOLERANCE, tr("Date tolerance (days)"), 0, 0, 366,
                        integer=True)
        parameter = QgsProcessingParameterString(
            self.PERCENTILES, tr("Percentiles for CDF matching"),
            defaultValue=DEFAULT_PERCENTILES)
        self.add_advanced(parameter)
        self.add_clip_limits()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Matched soil moisture")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_TABLE, tr("Fit table"), tr("CSV files (*.csv)"), optional=True,
            createByDefault=False))
        self.add_numbers()

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.product_matching import (FitRecord, MatchOptions, knot_columns,
                                                        match_products, parse_percentiles)
        from ..engine.report.date_table import write_date_table

        source = self.required_raster(parameters, self.SOURCE, context, self.tr(
            "No source stack was given. Select the soil-moisture stack to rescale."))
        reference = self.required_raster(parameters, self.REFERENCE, context, self.tr(
            "No reference stack was given. Select the soil-moisture stack to match."))
        options = MatchOptions(
            method=METHOD_KEYS[self.parameterAsEnum(parameters, self.METHOD, context)],
            scope=SCOPE_KEYS[self.parameterAsEnum(parameters, self.FIT_SCOPE, context)],
            min_pairs=self.parameterAsInt(parameters, self.MIN_PAIRS, context),
            date_tolerance=self.parameterAsInt(parameters, self.DATE_TOLERANCE, context),
            percentiles=parse_percentiles(
                self.parameterAsString(parameters, self.PERCENTILES, context)),
            clip_min=self.parameterAsDouble(parameters, self.CLIP_MIN, context),
            clip_max=self.parameterAsDouble(parameters, self.CLIP_MAX, context)).validated()
        table = self.output_file(parameters, self.OUTPUT_TABLE, context)
        output = self.output_layer(parameters, self.OUTPUT, context, f"{source.name()}_matched")
        summary = match_products(raster_path(source), raster_path(reference), output, options,
                                 progress, cell_records=bool(table))
        style_soil_moisture_on_load(context, output, self.tr("{name} matched to {ref}").format(
            name=source.name(), ref=reference.name()))
        results = {self.OUTPUT: output}
        if table:
            results[self.OUTPUT_TABLE] = write_date_table(table, FitRecord, summary["records"],
                                                          knot_columns(options))
        return dict(results, **self._numbers(summary, options))

    def _numbers(self, summary, options):
        """The NUMBERS outputs from the engine's summary."""
        linear = options.method != "cdf"
        slope, intercept = summary["global_params"][:2] if linear else (None, None)
        numbers = {"PAIR_COUNT": summary["pairs"], "COMMON_DATE_COUNT": summary["common_dates"],
                   "OWN_FIT_CELLS": summary["own_fits"], "SLOPE": finite_or_none(slope),
                   "INTERCEPT": finite_or_none(intercept)}
        for when in ("before", "after"):
            for key in ("bias", "ubrmse", "r"):
                numbers[f"{key.upper()}_{when.upper()}"] = finite_or_none(summary[when][key])
        return numbers

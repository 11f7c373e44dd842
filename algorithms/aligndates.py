"""smdownscale:aligndates — put a dated stack onto another stack's dates (or given dates)."""
from qgis.core import (QgsProcessingOutputString, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString)

from .base import SmAlgorithm, raster_path
from .styling import style_on_load

# The engine's defaults (engine.prepare.date_alignment.DEFAULT_*), repeated so that loading
# the provider does not import numpy/rasterio; a test keeps them equal.
DEFAULT_MAX_GAP_DAYS = 16.0
DEFAULT_EXTEND_DAYS = 0.0
DEFAULT_SG_HALF_WINDOW = 0
DEFAULT_SG_ORDER = 4


class AlignDates(SmAlgorithm):
    """Linear interpolation in time of a dated stack onto target dates, per pixel."""

    ALG_ID = "aligndates"
    GROUP_ID = "prepare"

    INPUT = "INPUT"
    TARGET = "TARGET"
    DATES = "DATES"
    OBSERVATION_DAYS = "OBSERVATION_DAYS"
    MAX_GAP_DAYS = "MAX_GAP_DAYS"
    SG_HALF_WINDOW = "SG_HALF_WINDOW"
    SG_ORDER = "SG_ORDER"
    EXTEND_DAYS = "EXTEND_DAYS"
    OUTPUT = "OUTPUT"
    BAND_COUNT = "BAND_COUNT"
    FILLED_PERCENT = "FILLED_PERCENT"
    DATE_LIST = "DATE_LIST"
    NUMBERS = (("BAND_COUNT", "Number of bands"),
               ("FILLED_PERCENT", "Output cells with a value (%)"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Align stack to dates")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Puts a dated stack (8- or 16-day composites, irregular dates) onto the "
                       "dates of another stack, typically the coarse soil-moisture product, by "
                       "linear interpolation in time per pixel.")

    def help_summary(self):
        return self.tr(
            "Train and Predict pair layers by date, so an 8-day NDVI composite must first be "
            "put onto the daily dates of the coarse soil-moisture product. As in Xu et al. "
            "(2024), A Spatial Downscaling Framework for SMAP Soil Moisture Based on Stacking "
            "Strategy, Remote Sensing 16, 200, who made daily images from 8-day MODIS "
            "composites by linear interpolation and optionally smoothed them with a "
            "Savitzky–Golay filter, each pixel's value on a target date is interpolated "
            "linearly between its nearest earlier and nearest later observation. The output "
            "keeps the grid of the stack to align (putting it on the coarse grid is the job "
            "of 'Aggregate to coarse grid') and has one band per target date.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "a raster whose bands are dates: each band's description is its ISO date, in "
                "increasing order, at least 2 bands (Build time stack and the importers make "
                "them; a composite is dated by the centre of its period). Its nodata (and NaN) "
                "marks missing observations."),
            self.TARGET: tr(
                "optional: a stack whose band dates are the target dates, usually the coarse "
                "soil-moisture stack. Only its dates are read, not its grid or values. Give "
                "this or the target dates, not both."),
            self.DATES: tr(
                "optional, instead of a target stack: ISO dates separated by commas "
                "(2019-04-01,2019-04-09), or a range start/end meaning every day from start to "
                "end, both included (2019-04-01/2019-06-30); ranges and dates may be mixed. "
                "They are sorted; a date given twice is used once."),
            self.OBSERVATION_DAYS: tr(
                "optional: a stack with the same bands and grid as the stack to align, whose "
                "values are each pixel's observation day of the year (1–366): the MODIS "
                "\"composite day of the year\" layer, or MOD09A1 \"sur_refl_day_of_year\". Each "
                "observation is then placed on its own day instead of the band date. A day of "
                "year more than 183 days before the band's own day of year belongs to the "
                "next year (a composite that crosses New Year), more than 183 days after it to "
                "the previous year. Where it is nodata or not a day of the year, the band date "
                "is used."),
            self.MAX_GAP_DAYS: tr(
                "days. A target date is interpolated when its nearest earlier and nearest "
                "later observation are at most this many days apart; otherwise it stays "
                "nodata. Default 16 days: one missing 8-day composite is bridged (its "
                "neighbours are 16 days apart), two are not. For 16-day composites use 32. 0 "
                "only copies observations that fall on a target date."),
            self.SG_HALF_WINDOW: tr(
                "bands on each side of a band in the Savitzky–Golay window applied to the "
                "observations, on the source band dates, before interpolating (as 'Gap fill "
                "and smooth time stack' does; short gaps are bridged for the windows only). "
                "Default 0: no smoothing; Xu et al. 2024 used m = 5."),
            self.SG_ORDER: tr(
                "degree of the local polynomial; must be smaller than the window (2 × "
                "half-window + 1). Default 4 (Xu et al. 2024: d = 4). Used only when the "
                "half-window is above 0."),
            self.EXTEND_DAYS: tr(
                "advanced, days. Nothing is extrapolated before a pixel's first or after its "
                "last observation, except that a target date at most this many days from that "
                "first (or last) observation takes its value (the nearest value, not a "
                "trend), e.g. 4 for daily dates up to half an 8-day period beyond the last "
                "composite centre. Gaps inside the series are not extended. Default 0: no "
                "extension."),
            self.OUTPUT: tr(
                "the grid of the stack to align, one band per target date described by its ISO "
                "date; GeoTIFF, float32, nodata −9999, the units of the stack to align; "
                "written completely or not at all. The log says how many target cells were "
                "interpolated, copied from an observation on the target date, extended, and "
                "left nodata (gap too long, or before the first or after the last "
                "observation)."),
            self.number_names() + (self.DATE_LIST,): tr(
                "the band count, the share of output cells that have a value (%), and the "
                "comma-separated target dates, for later Modeler steps."),
        }

    def help_notes(self):
        return [self.tr(
            "A target date that coincides with an observation (within 1e-6 day) takes the "
            "observation's value. Dates with a time of day (2019-04-01T06:00) are placed at "
            "that time; a date without one at 00:00. With a day-of-year stack the smoothing "
            "still uses the band dates; only the interpolation uses each pixel's own days.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, tr("Stack to align (bands = dates)")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.TARGET, tr("Target stack (its band dates are used)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DATES, tr("Target dates (YYYY-MM-DD, comma-separated, or start/end for every "
                           "day; instead of a target stack)"), defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.OBSERVATION_DAYS, tr("Observation day of year per pixel (optional stack)"),
            optional=True))
        self.add_number(self.MAX_GAP_DAYS,
                        tr("Maximum gap to interpolate across (days between observations)"),
                        DEFAULT_MAX_GAP_DAYS, 0)
        self.add_number(self.SG_HALF_WINDOW,
                        tr("Savitzky–Golay half-window m (bands; 0 = no smoothing)"),
                        DEFAULT_SG_HALF_WINDOW, 0, integer=True)
        self.add_number(self.SG_ORDER, tr("Savitzky–Golay polynomial order d (≤ 2m)"),
                        DEFAULT_SG_ORDER, 0, integer=True)
        self.add_number(self.EXTEND_DAYS,
                        tr("Extend beyond the first and last observation (days)"),
                        DEFAULT_EXTEND_DAYS, 0, advanced=True)
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Aligned stack")))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString(self.DATE_LIST,
                                                 tr("Target dates (comma-separated)")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.date_alignment import AlignOptions, align_stack, choose_targets

        layer = self.required_raster(parameters, self.INPUT, context, self.tr(
            "No stack to align was given. Select a raster whose bands are dates."))
        target = self.parameterAsRasterLayer(parameters, self.TARGET, context)
        days = self.parameterAsRasterLayer(parameters, self.OBSERVATION_DAYS, context)
        targets = choose_targets(raster_path(target) if target else None,
                                 self.parameterAsString(parameters, self.DATES, context))
        options = AlignOptions(
            max_gap_days=self.parameterAsDouble(parameters, self.MAX_GAP_DAYS, context),
            extend_days=self.parameterAsDouble(parameters, self.EXTEND_DAYS, context),
            sg_half_window=self.parameterAsInt(parameters, self.SG_HALF_WINDOW, context),
            sg_order=self.parameterAsInt(parameters, self.SG_ORDER, context))
        output = self.output_layer(parameters, self.OUTPUT, context, f"{layer.name()}_aligned")
        summary = align_stack(raster_path(layer), output, targets, options,
                              observation_days=raster_path(days) if days else None,
                              progress=progress)
        style_on_load(context, output,
                      self.tr("Aligned stack ({n} dates)").format(n=summary["bands"]))
        return {self.OUTPUT: output, self.BAND_COUNT: summary["bands"],
                self.FILLED_PERCENT: summary["filled_percent"],
                self.DATE_LIST: ",".join(summary["dates"])}

"""smdownscale:gapfill — temporal gap filling and Savitzky–Golay smoothing of a stack."""
from qgis.core import QgsProcessingParameterRasterDestination, QgsProcessingParameterRasterLayer

from .base import SmAlgorithm, raster_path
from .styling import style_on_load

# The engine's defaults (engine.prepare.gapfill.DEFAULT_*), repeated so that loading the
# provider does not import numpy/rasterio; a test keeps them equal.
DEFAULT_MAX_GAP_DAYS = 10.0
DEFAULT_SG_HALF_WINDOW = 5
DEFAULT_SG_ORDER = 4
DEFAULT_MIN_OBSERVATIONS = 5


class GapFill(SmAlgorithm):
    """Fill short gaps in time by linear interpolation, then smooth (Savitzky–Golay)."""

    ALG_ID = "gapfill"
    GROUP_ID = "prepare"

    INPUT = "INPUT"
    MAX_GAP_DAYS = "MAX_GAP_DAYS"
    SG_HALF_WINDOW = "SG_HALF_WINDOW"
    SG_ORDER = "SG_ORDER"
    MIN_OBSERVATIONS = "MIN_OBSERVATIONS"
    OUTPUT = "OUTPUT"
    FILLED_COUNT = "FILLED_COUNT"
    MISSING_COUNT = "MISSING_COUNT"
    NUMBERS = (("FILLED_COUNT", "Filled values"),
               ("MISSING_COUNT", "Missing values left as nodata"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Gap fill and smooth time stack")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Fills short gaps in time by linear interpolation on the band dates, "
                       "then smooths with a Savitzky–Golay filter.")

    def help_summary(self):
        return self.tr(
            "Fills missing values (clouds, missed overpasses) of a time stack pixel by pixel: "
            "linear interpolation in time across short gaps, then Savitzky–Golay (SG) "
            "smoothing, as in Xu et al. (2024), A Spatial Downscaling Framework for SMAP Soil "
            "Moisture Based on Stacking Strategy, Remote Sensing 16, 200 (half-window m = 5, "
            "order d = 4). Both steps use the real band dates, so unevenly spaced stacks are "
            "handled correctly.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "a raster whose bands are dates: each band's description is its ISO date "
                "(2019-04-01 or 2019-04-01T06:00), in increasing order, at least 2 bands, as "
                "made by Build time stack. Its nodata (and NaN) marks missing values."),
            self.MAX_GAP_DAYS: tr(
                "days. A gap's length is the number of days between the two valid observations "
                "that bound it (one missing day between daily observations is a 2-day gap). "
                "Gaps up to and including this length are filled by linear interpolation at "
                "each band's date; longer gaps, and missing bands before the first or after "
                "the last observation (no extrapolation), stay nodata. 0 fills nothing. "
                "Default 10 days: it bridges up to nine missing daily values, or two missed "
                "overpasses of a 3-day revisit, while longer gaps in soil moisture often hide "
                "a rain event and drydown that a straight line would miss. Xu et al. 2024 filled "
                "daily MODIS values from observations within 15 days either side; 30 comes "
                "close to that."),
            self.SG_HALF_WINDOW: tr(
                "bands on each side of a band in its smoothing window (window = 2 × m + 1 "
                "bands). 0 turns smoothing off. Default 5 (Xu et al. 2024: m = 5)."),
            self.SG_ORDER: tr(
                "degree of the local polynomial; must be smaller than the window (2 × "
                "half-window + 1). Lower order or wider window = smoother. Default 4 (Xu et "
                "al. 2024: d = 4)."),
            self.MIN_OBSERVATIONS: tr(
                "advanced: a pixel with fewer valid observations passes through unchanged (not "
                "filled, not smoothed); when smoothing, at least order + 1 is required whatever "
                "this says. Default 5."),
            self.OUTPUT: tr(
                "same grid and band dates as the input; GeoTIFF, float32, nodata −9999, "
                "256×256 tiles; written completely or not at all."),
            self.number_names(): tr("how many values were filled, and how many stay nodata."),
        }

    def help_notes(self):
        return [self.tr(
            "Smoothing on uneven dates: classic SG assumes evenly spaced samples. Here each "
            "band becomes the value at its own date of the least-squares polynomial fitted on "
            "the actual day offsets of the bands in its window; on even spacing this is "
            "exactly the classic SG filter. Only observed or filled bands of the same unbroken "
            "run take part, so smoothing never reaches across, or fills, a gap left as nodata. "
            "At the ends of the series (and of each run) the window is cut to the bands that "
            "exist; where fewer than order + 1 bands remain, the value passes through.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, tr("Time stack (bands = dates)")))
        self.add_number(self.MAX_GAP_DAYS,
                        tr("Maximum gap to fill (days between valid observations)"),
                        DEFAULT_MAX_GAP_DAYS, 0)
        self.add_number(self.SG_HALF_WINDOW,
                        tr("Savitzky–Golay half-window m (bands; 0 = no smoothing)"),
                        DEFAULT_SG_HALF_WINDOW, 0, integer=True)
        self.add_number(self.SG_ORDER, tr("Savitzky–Golay polynomial order d (≤ 2m)"),
                        DEFAULT_SG_ORDER, 0, integer=True)
        self.add_number(self.MIN_OBSERVATIONS, tr("Minimum valid observations per pixel"),
                        DEFAULT_MIN_OBSERVATIONS, 1, integer=True, advanced=True)
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Gap-filled stack")))
        self.add_numbers()

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.gapfill import gap_fill_stack

        layer = self.required_raster(parameters, self.INPUT, context, self.tr(
            "No time stack was given. Select a raster whose bands are dates."))
        output = self.output_layer(parameters, self.OUTPUT, context, f"{layer.name()}_filled")
        summary = gap_fill_stack(
            raster_path(layer), output,
            max_gap_days=self.parameterAsDouble(parameters, self.MAX_GAP_DAYS, context),
            half_window=self.parameterAsInt(parameters, self.SG_HALF_WINDOW, context),
            order=self.parameterAsInt(parameters, self.SG_ORDER, context),
            min_observations=self.parameterAsInt(parameters, self.MIN_OBSERVATIONS, context),
            progress=progress)
        style_on_load(context, output,
                      self.tr("Gap-filled stack ({n} dates)").format(n=summary["bands"]))
        return {self.OUTPUT: output, self.FILLED_COUNT: summary["filled"],
                self.MISSING_COUNT: summary["missing"]}

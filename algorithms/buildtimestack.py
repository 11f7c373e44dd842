"""smdownscale:buildtimestack — single-date rasters to one dated time stack."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputString,
                       QgsProcessingParameterEnum, QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterString)

from .base import SmAlgorithm, raster_path
from .styling import style_on_load

RESAMPLING_KEYS = ["nearest", "bilinear", "cubic", "average"]


class BuildTimeStack(SmAlgorithm):
    """Stack single-date rasters into one GeoTIFF whose bands are ISO dates."""

    ALG_ID = "buildtimestack"
    GROUP_ID = "prepare"

    INPUT = "INPUT"
    DATES = "DATES"
    BAND = "BAND"
    RESAMPLING = "RESAMPLING"
    NODATA = "NODATA"
    NAME = "NAME"
    OUTPUT = "OUTPUT"
    BAND_COUNT = "BAND_COUNT"
    DATE_LIST = "DATE_LIST"
    NUMBERS = (("BAND_COUNT", "Number of dates"),)

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Build time stack")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Single-date rasters → one multi-band GeoTIFF whose bands are dates.")

    def help_summary(self):
        return self.tr(
            "Stacks single-date rasters (one SMAP, MODIS, Landsat… file per date) into one "
            "tiled, compressed float32 GeoTIFF with one band per date, sorted by date. Each "
            "band's description is its ISO date (2019-04-01, or 2019-04-01T06:00 where the "
            "time of day matters); the other algorithms of this provider match dates by it. "
            "Every downscaling study in the README's references starts from such daily files.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the single-date rasters. Their dates come from Dates or, when it is empty, "
                "from the file names: 2019-04-01 (optionally T06:00), 20190401 (SMAP "
                "SMAP_L3_SM_P_20190401_R18290_001, Sentinel-2, Landsat — the first date in the "
                "name, the acquisition date) or MODIS A2019091 (year, day of year). A name "
                "without a date, or two inputs with one date, stop the algorithm with a "
                "message naming the file."),
            self.DATES: tr("optional; one ISO date per input, in input order, separated by "
                           "commas, e.g. 2019-04-01, 2019-04-04."),
            self.BAND: tr("advanced: the band taken from every input. Default 1."),
            self.RESAMPLING: tr(
                "advanced: inputs on another grid than the FIRST input (other CRS, cell size or "
                "extent) are aligned onto the first input's grid with this resampling, and the "
                "log lists them. Default nearest neighbour, which keeps categorical and flag "
                "values intact; use bilinear for continuous fields."),
            self.NODATA: tr(
                "advanced. Default: the first input's nodata, or −9999 when it has none. Every "
                "input's own nodata becomes this value."),
            self.NAME: tr(
                "advanced, optional: the file name of a temporary output (e.g. lst → lst.tif). "
                "Train and Predict name predictors after their layers, so in a model give every "
                "stack its own name. A file you choose keeps its name."),
            self.OUTPUT: tr("GeoTIFF, float32, DEFLATE-compressed, 256×256 tiles; written "
                            "completely or not at all."),
            (self.BAND_COUNT, self.DATE_LIST): tr(
                "the band count and the comma-separated dates, for later Modeler steps."),
        }

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("Input rasters (one per date)"), QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterString(
            self.DATES, tr("Dates (YYYY-MM-DD, comma-separated, in input order; empty = read "
                           "from file names)"), defaultValue="", optional=True))
        self.add_number(self.BAND, tr("Band taken from every input"), 1, 1, integer=True,
                        advanced=True)
        self.add_advanced(QgsProcessingParameterEnum(
            self.RESAMPLING, tr("Resampling for inputs on another grid"),
            options=[tr("Nearest neighbour"), tr("Bilinear"), tr("Cubic"), tr("Average")],
            defaultValue=0))
        self.add_number(self.NODATA, tr("Output nodata (empty = first input's, else −9999)"),
                        optional=True, advanced=True)
        self.add_advanced(QgsProcessingParameterString(
            self.NAME, tr("Name of a temporary output (e.g. lst; the predictor name in a "
                          "model)"), defaultValue="", optional=True))
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Time stack")))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString(self.DATE_LIST, tr("Dates (comma-separated)")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.raster.dates import parse_date_list
        from ..engine.prepare.timestack_builder import build_time_stack

        layers = self.parameterAsLayerList(parameters, self.INPUT, context)
        if not layers:
            raise QgsProcessingException(self.tr(
                "No input rasters were given. Select at least one single-date raster."))
        paths = [raster_path(layer) for layer in layers]
        dates_text = self.parameterAsString(parameters, self.DATES, context)
        dates = parse_date_list(dates_text) if dates_text.strip() else None
        nodata = (self.parameterAsDouble(parameters, self.NODATA, context)
                  if parameters.get(self.NODATA) not in (None, "") else None)
        output = self.output_layer(parameters, self.OUTPUT, context,
                                   self.parameterAsString(parameters, self.NAME, context).strip())
        summary = build_time_stack(
            paths, output, dates=dates,
            band=self.parameterAsInt(parameters, self.BAND, context),
            resampling=RESAMPLING_KEYS[self.parameterAsEnum(parameters, self.RESAMPLING, context)],
            nodata=nodata, progress=progress)
        style_on_load(context, output, self.tr("Time stack ({n} dates)").format(n=summary["bands"]))
        return {self.OUTPUT: output, self.BAND_COUNT: summary["bands"],
                self.DATE_LIST: ",".join(summary["dates"])}

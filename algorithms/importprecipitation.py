"""smdownscale:importprecipitation — IMERG, CHIRPS or ERA5-Land files to a dated mm/day stack."""
from qgis.core import (QgsCoordinateReferenceSystem, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputString, QgsProcessingParameterEnum,
                       QgsProcessingParameterExtent, QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterDestination)

from .base import SmAlgorithm
from .styling import style_on_load

# Enum orders equal engine.prepare.precipitation.importer.PRODUCTS and IMERG_VARIABLES
# (a test keeps them equal).
PRODUCT_KEYS = ["auto", "imerg", "chirps", "era5land"]
IMERG_VARIABLE_KEYS = ["calibrated", "microwave"]


class ImportPrecipitation(SmAlgorithm):
    """Precipitation product files as downloaded → one dated daily precipitation stack."""

    ALG_ID = "importprecipitation"
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio", "h5py", "netCDF4")

    INPUT = "INPUT"
    PRODUCT = "PRODUCT"
    IMERG_VARIABLE = "IMERG_VARIABLE"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"
    NUMBERS = (("BAND_COUNT", "Number of days"),)

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Import precipitation (IMERG, CHIRPS, ERA5-Land)")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("GPM IMERG daily, CHIRPS daily or ERA5-Land hourly files as downloaded "
                       "→ one stack of daily precipitation totals (mm/day, one band per UTC "
                       "day) on the product's own grid.")

    def help_summary(self):
        return self.tr(
            "Precipitation is the predictor surface soil moisture follows most (Yan & Bai "
            "2020 found it dominant in every season; Xu et al. 2024 checked their maps "
            "against rain events). This step reads the files of one product as the data "
            "centres distribute them and writes a tiled float32 stack of daily totals in "
            "mm/day (nodata −9999, unit declared), one band per day with its ISO date in the "
            "band description, on the product's own global grid cut to the extent in whole "
            "cells: GPM IMERG daily (0.1°), CHIRPS v2.0 daily (0.05°, 50° S–50° N) or "
            "ERA5-Land (0.1°, cell centres on the 0.1° lines). The result is the input of "
            "'Antecedent precipitation index', and becomes a predictor on the 1 km grid "
            "with 'Resample to fine grid' or on the coarse grid with 'Aggregate to coarse "
            "grid'.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the files as downloaded, of one product. IMERG: the daily NetCDF4 files of "
                "NASA GES DISC (3B-DAY.MS.MRG.3IMERG.20190601-S000000-E235959.V06.nc4; "
                "3B-DAY-L… Late, 3B-DAY-E… Early run) or HDF5 granules with the same "
                "variables under Grid/; half-hourly and monthly granules are refused. "
                "CHIRPS: daily GeoTIFFs (chirps-v2.0.2019.06.01.tif, also .tif.gz, global or "
                "the Africa set) or yearly NetCDF (chirps-v2.0.2019.days_p05.nc, one band "
                "per day). ERA5-Land: NetCDF of 'ERA5-Land hourly data' with 'Total "
                "precipitation' (tp), any hours or only 00:00, any area. Regional subsets "
                "are fine; files whose cells are not the product's grid are refused. Each "
                "file's date comes from its name (IMERG, CHIRPS GeoTIFF) or its time axis."),
            self.PRODUCT: tr(
                "recognised from the files (default), or the product you expect: a file of "
                "another product is then refused with its name."),
            self.IMERG_VARIABLE: tr(
                "which IMERG estimate: calibrated (default; precipitationCal in V06, "
                "precipitation in V07: the multi-satellite estimate, gauge-adjusted in the "
                "Final run, the one the IMERG documentation recommends for general use) or "
                "microwave only (HQprecipitation / MWprecipitation: passive-microwave "
                "overpasses only, with gaps). Ignored for CHIRPS and ERA5-Land."),
            self.EXTENT: tr(
                "optional: cut the product's global grid to this extent (any CRS, or a "
                "layer's extent), snapped outward to whole cells; empty = the area the files "
                "cover."),
            self.OUTPUT: tr(
                "the stack (mm/day, float32, nodata −9999, EPSG:4326), loaded with band 1 "
                "shown; its band metadata name the source file and variable of each day. "
                "Written completely or not at all. The log counts the cells of each rule: "
                "fill values (no estimate; CHIRPS' ocean), negative totals set to 0 and "
                "totals of −1 mm/day or less removed."),
            ("BAND_COUNT", "DATE_LIST", "PRODUCT_NAME"): tr(
                "the number of days, the band dates (comma-separated) and the product, for "
                "later Modeler steps."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("Units and days. IMERG: the 'units' attribute decides — mm (V06 daily: the "
               "day's sum) and mm/day are taken as they are, mm/hr (a daily mean rate) is "
               "× 24; the day is 00:00–23:59 UTC; fill −9999.9. CHIRPS: mm/day; the day CHC "
               "labels the file or step with (no time zone is published); fill −9999. "
               "ERA5-Land: tp in metres accumulated from 00 UTC; the value at 00 UTC of day "
               "d + 1 (step 24) is the whole of day d (the same as summing the de-accumulated "
               "hours), × 1000 → mm. So a file's first 00 UTC step gives the day before it, "
               "and a day whose next-day 00 UTC step is in no file is left out with a "
               "warning. ERA5-Land's accumulated variables have no CDS daily statistics, and "
               "monthly means are refused."),
            tr("Negative totals above −1 mm/day are rounding or packing artefacts (ERA5-Land "
               "is stored as packed integers) and are set to 0; totals of −1 mm/day or less "
               "are treated as undeclared fill values and removed."),
            tr("Work is done day by day in strips of 256 rows, so memory stays bounded on "
               "the global grids; Cancel stops at the next strip and leaves no output."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("Precipitation files (IMERG .nc4/.HDF5, CHIRPS .tif/.nc, "
                           "ERA5-Land .nc)"), QgsProcessing.TypeFile))
        self.addParameter(QgsProcessingParameterEnum(
            self.PRODUCT, tr("Product"),
            options=[tr("Recognise from the files"), tr("GPM IMERG daily"),
                     tr("CHIRPS daily"), tr("ERA5-Land hourly")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.IMERG_VARIABLE, tr("IMERG variable"),
            options=[tr("Calibrated (precipitationCal / precipitation)"),
                     tr("Microwave only (HQprecipitation / MWprecipitation)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterExtent(
            self.EXTENT, tr("Extent (empty = the files' area)"), optional=True))
        self.add_resume()
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Daily precipitation (mm/day)")))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString("DATE_LIST", tr("Band dates (comma-separated)")))
        self.addOutput(QgsProcessingOutputString("PRODUCT_NAME", tr("Product")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.precipitation.importer import (PrecipitationOptions,
                                                             import_precipitation)

        files = self.parameterAsFileList(parameters, self.INPUT, context)
        if not files:
            raise QgsProcessingException(self.tr(
                "No precipitation file was given. Select IMERG, CHIRPS or ERA5-Land files as "
                "downloaded."))
        options = PrecipitationOptions(
            product=PRODUCT_KEYS[self.parameterAsEnum(parameters, self.PRODUCT, context)],
            imerg_variable=IMERG_VARIABLE_KEYS[self.parameterAsEnum(
                parameters, self.IMERG_VARIABLE, context)])
        output = self.output_layer(parameters, self.OUTPUT, context, "precipitation")
        summary = import_precipitation(files, output, options,
                                       self._bounds(parameters, context), progress,
                                       resume=self.resume(parameters, context))
        style_on_load(context, output, self.tr("{product} precipitation (mm/day, {n} days)")
                      .format(product=summary["product"], n=len(summary["dates"])))
        return {self.OUTPUT: output, "BAND_COUNT": len(summary["dates"]),
                "DATE_LIST": ",".join(summary["dates"]), "PRODUCT_NAME": summary["product"]}

    def _bounds(self, parameters, context):
        """The extent in degrees (EPSG:4326), or None for the files' area."""
        if not parameters.get(self.EXTENT):
            return None
        wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
        rect = self.parameterAsExtent(parameters, self.EXTENT, context, wgs84)
        if rect.isNull() or rect.isEmpty():
            return None
        return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()

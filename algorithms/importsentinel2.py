"""smdownscale:importsentinel2 — Sentinel-2 L2A products (.SAFE or .zip) to dated reflectance."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputMultipleLayers,
                       QgsProcessingOutputRasterLayer, QgsProcessingOutputString,
                       QgsProcessingParameterEnum, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterRasterLayer)

from .base import SmAlgorithm
from .import_outputs import QUALITY_KEYS, target_grid
from .importlandsat import results

# QUALITY_KEYS order equals engine.prepare.sentinel2.scl.LEVELS (a test keeps them equal).


class ImportSentinel2(SmAlgorithm):
    """Sentinel-2 Level-2A products as downloaded → screened, dated reflectance."""

    ALG_ID = "importsentinel2"
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio")

    INPUT = "INPUT"
    QUALITY = "QUALITY"
    TARGET = "TARGET"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    REFLECTANCE = "REFLECTANCE"
    NUMBERS = (("BAND_COUNT", "Number of dates"),
               ("KEPT_PERCENT", "Share of imaged cells kept by the quality screening (%)"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Import Sentinel-2 L2A")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Sentinel-2 Level-2A products as downloaded (.SAFE folder or .zip) → "
                       "one 6-band reflectance file per date, screened by the scene "
                       "classification (SCL), mosaicked and averaged onto a grid.")

    def help_summary(self):
        return self.tr(
            "Reads Sentinel-2 MSI Level-2A products as the Copernicus Data Space delivers "
            "them, scales the bands B02, B03, B04, B08 (10 m), B11 and B12 (20 m) with the "
            "product's own metadata (reflectance = (DN + BOA_ADD_OFFSET) / "
            "BOA_QUANTIFICATION_VALUE; the offset is −1000 from processing baseline 04.00 "
            "on and 0 before), removes clouds, cloud shadows, cirrus, snow and defective "
            "pixels by the scene classification (SCL) at the chosen level, mosaics the "
            "tiles of each day and writes one 6-band reflectance file per date in the band "
            "order of 'Derive spectral indices' (blue, green, red, NIR, SWIR1, SWIR2) and a "
            "valid-fraction stack (one band per date, the ISO date in the band "
            "description). What the screening removed is counted per date and rule in the "
            "log.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the products: the .zip files as downloaded, .SAFE folders (or their "
                "MTD_MSIL2A.xml) or a folder holding them. The sensing date in the name "
                "(S2A_MSIL2A_20190401T030541_N0211_R075_T50TMK_20190401T070006) is the band "
                "date. Each product needs its MTD_MSIL2A.xml, the 10 m bands B02, B03, B04, "
                "B08 and the 20 m B11, B12 and SCL (IMG_DATA/R10m and R20m). Level-1C "
                "products are refused."),
            self.QUALITY: tr(
                "by the SCL classes: standard (default) removes 1 saturated or defective, 3 "
                "cloud shadows, 8 cloud medium probability, 9 cloud high probability, 10 "
                "thin cirrus and 11 snow. Strict also removes 2 dark area (cast shadows) "
                "and 7 unclassified. Lenient removes only 1, 8 and 9. None removes "
                "nothing. Class 0 (no data) and DN 0 are nodata at every level; a band DN "
                "of 65535 (saturated) counts with class 1."),
            self.TARGET: tr(
                "optional but usual: a raster whose grid the outputs take (the 1 km study "
                "grid, any CRS); each target cell gets the mean of the valid 20 m cells "
                "whose centres fall in it, and the valid fraction the share of its 20 m "
                "cells that passed the screening. Empty: the tiles' own 20 m UTM grid "
                "(covering all tiles); tiles in different UTM zones then need a target."),
            self.OUTPUT_FOLDER: tr(
                "where the files go (created if needed): Sentinel2_reflectance_2019-04-01.tif "
                "per date (6 bands, uint16 DN with reflectance = DN × 0.0001 − 0.1, fill 0, "
                "as the 'Sentinel-2' preset of 'Derive spectral indices' reads it, whatever "
                "the processing baseline) and Sentinel2_valid_fraction.tif (0–1, float32, "
                "nodata −9999). Files are written completely or not at all."),
            self.REFLECTANCE: tr("the per-date reflectance files, for 'Derive spectral "
                                 "indices' (Sentinel-2 preset) in a model."),
            "VALID_FRACTION": tr("the valid-fraction stack, loaded and styled when the run "
                                 "ends."),
            ("BAND_COUNT", "KEPT_PERCENT", "DATE_LIST"): tr(
                "the number of dates, the share of imaged 20 m cells the screening kept over "
                "all dates and the band dates (comma-separated), for later Modeler steps."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("The 10 m and 20 m bands meet on the 20 m grid of the scene classification: "
               "each 20 m cell of B02, B03, B04 and B08 is the mean of its four 10 m cells "
               "(of those with data), so the mask and all bands describe the same ground."),
            tr("Tiles of one day are mosaicked; where they overlap, the first product given "
               "that has data is used. Reflectance written onto a target grid is the "
               "averaged reflectance encoded back as DN (rounding error below 0.00005)."),
            tr("Work is done date by date in windows of the output grid, so memory does not "
               "grow with the tile size; Cancel stops at the next window and leaves no "
               "output."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("Sentinel-2 L2A products (.zip, .SAFE folders or MTD_MSIL2A.xml)"),
            QgsProcessing.TypeFile))
        self.addParameter(QgsProcessingParameterEnum(
            self.QUALITY, tr("Quality screening"),
            options=[tr("Standard (clouds, shadows, cirrus, snow, defective)"), tr("Strict"),
                     tr("Lenient (clouds and defective)"), tr("None (no data only)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.TARGET, tr("Target grid (empty = the tiles' 20 m grid)"), optional=True))
        self.add_resume()
        self.add_cluster()
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, tr("Output folder")))
        self.addOutput(QgsProcessingOutputMultipleLayers(
            self.REFLECTANCE, tr("Reflectance files (one per date)")))
        self.addOutput(QgsProcessingOutputRasterLayer("VALID_FRACTION", tr("Valid fraction")))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString("DATE_LIST", tr("Band dates (comma-separated)")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.sentinel2.importer import Sentinel2Options, import_sentinel2

        files = self.parameterAsFileList(parameters, self.INPUT, context)
        if not files:
            raise QgsProcessingException(self.tr(
                "No Sentinel-2 product was given. Select the .zip files or .SAFE folders as "
                "downloaded."))
        options = Sentinel2Options(
            quality=QUALITY_KEYS[self.parameterAsEnum(parameters, self.QUALITY, context)])
        grid = target_grid(self, parameters, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        summary = import_sentinel2(files, folder, options, grid, progress,
                                   resume=self.resume(parameters, context))
        return results(self, summary, folder, context, "Sentinel-2")

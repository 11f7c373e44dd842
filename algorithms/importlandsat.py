"""smdownscale:importlandsat — Landsat Collection 2 Level-2 scenes to dated reflectance."""
from qgis.core import (QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputMultipleLayers, QgsProcessingOutputRasterLayer,
                       QgsProcessingOutputString, QgsProcessingParameterEnum,
                       QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterRasterLayer)

from .base import SmAlgorithm
from .import_outputs import QUALITY_KEYS, importer_results, target_grid

# QUALITY_KEYS order equals engine.prepare.landsat.qa.LEVELS (a test keeps them equal).
# variable → raster output holding its stack
STACK_OUTPUTS = {"surface_temperature": "SURFACE_TEMPERATURE",
                 "valid_fraction": "VALID_FRACTION"}


class ImportLandsat(SmAlgorithm):
    """Landsat Collection 2 Level-2 scenes as downloaded → screened, dated reflectance."""

    ALG_ID = "importlandsat"
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
        return self.tr("Import Landsat Collection 2 Level-2")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Landsat 4-9 Collection 2 Level-2 scenes as downloaded (folder or .tar) "
                       "→ one 6-band reflectance file per date and a surface-temperature "
                       "stack, screened by QA_PIXEL and QA_RADSAT, mosaicked and optionally "
                       "averaged onto a grid.")

    def help_summary(self):
        return self.tr(
            "Reads Landsat Collection 2 Level-2 scenes (Landsat 4-5 TM, 7 ETM+, 8-9 OLI/TIRS) "
            "as USGS EarthExplorer delivers them, scales each band with the coefficients of "
            "the scene's own MTL file (reflectance = DN × 2.75e-05 − 0.2, surface "
            "temperature = DN × 0.00341802 + 149 K in Collection 2), removes clouds, "
            "shadows, snow and saturated pixels by the QA_PIXEL and QA_RADSAT bits at the "
            "chosen level, mosaics the scenes of each day and writes one 6-band reflectance "
            "file per date in the band order of 'Derive spectral indices' (blue, green, "
            "red, NIR, SWIR1, SWIR2), a surface-temperature stack and a valid-fraction "
            "stack (one band per date, the ISO date in the band description). What the "
            "screening removed is counted per date and rule in the log.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the scenes: the .tar bundles as downloaded, scene folders (or any file of "
                "a scene, such as its _MTL.txt) or a folder holding them. Names as USGS "
                "gives them (LC08_L2SP_123032_20190401_20200829_02_T1_SR_B4.TIF): sensor, "
                "acquisition date (the band date), level and collection are read from "
                "them. Each scene needs its SR bands, ST band, QA_PIXEL, QA_RADSAT and MTL "
                "file (_MTL.txt or _MTL.xml). Collection 1, Level-1 and pre-collection "
                "products are refused."),
            self.QUALITY: tr(
                "standard (default) removes cloud, dilated cloud, cirrus (Landsat 8-9), "
                "cloud shadow, snow, saturation of a band used (QA_RADSAT) and terrain "
                "occlusion (8-9). Strict also removes medium or high cloud confidence and "
                "high cloud-shadow, snow and cirrus confidence. Lenient removes only cloud "
                "and cloud shadow. None removes nothing. Fill (QA_PIXEL bit 0, DN 0) is "
                "nodata at every level. The bits are listed in the notes."),
            self.TARGET: tr(
                "optional: a raster whose grid the outputs take (usually the 1 km study "
                "grid, any CRS); each target cell gets the mean of the valid 30 m cells "
                "whose centres fall in it, and the valid fraction the share of its 30 m "
                "cells that passed the screening. Empty: the scenes' own 30 m UTM grid "
                "(covering all scenes); scenes in different UTM zones then need a target."),
            self.OUTPUT_FOLDER: tr(
                "where the files go (created if needed): Landsat_reflectance_2019-04-01.tif "
                "per date (6 bands, uint16 DN with reflectance = DN × 0.0000275 − 0.2, "
                "fill 0, as the 'Landsat' preset of 'Derive spectral indices' reads it), "
                "Landsat_surface_temperature.tif (K) and Landsat_valid_fraction.tif (0–1), "
                "float32 with nodata −9999. Files are written completely or not at all."),
            self.REFLECTANCE: tr("the per-date reflectance files, for 'Derive spectral "
                                 "indices' (Landsat preset) in a model."),
            tuple(STACK_OUTPUTS.values()): tr(
                "the surface-temperature stack (absent when no scene has an ST band, as in "
                "L2SR products) and the valid-fraction stack, loaded and styled when the "
                "run ends."),
            ("BAND_COUNT", "KEPT_PERCENT", "DATE_LIST"): tr(
                "the number of dates, the share of imaged 30 m cells the screening kept over "
                "all dates and the band dates (comma-separated), for later Modeler steps."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("QA bits read (Landsat 8-9 and 4-7 Collection 2 Level-2 Science Product "
               "Guides; bit 0 least significant). QA_PIXEL: 0 fill, 1 dilated cloud, 2 "
               "cirrus (8-9), 3 cloud, 4 cloud shadow, 5 snow, 8–9 cloud confidence, 10–11 "
               "cloud-shadow confidence, 12–13 snow/ice confidence, 14–15 cirrus confidence "
               "(8-9). QA_RADSAT: bit n − 1 = band n saturated (bands used: 8-9 bands 2–7, "
               "4-7 bands 1–5 and 7), bit 11 terrain occlusion (8-9). One mask serves all "
               "bands and the surface temperature of a pixel."),
            tr("Scenes of one day (adjacent rows of a path) are mosaicked; where they "
               "overlap, the first scene given that has data is used. Reflectance written "
               "onto a target grid is the averaged reflectance encoded back as DN "
               "(rounding error below 0.00002)."),
            tr("Work is done date by date in windows of the output grid, so memory does not "
               "grow with the scene size; Cancel stops at the next window and leaves no "
               "output."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("Landsat scenes (.tar bundles, scene folders or their files)"),
            QgsProcessing.TypeFile))
        self.addParameter(QgsProcessingParameterEnum(
            self.QUALITY, tr("Quality screening"),
            options=[tr("Standard (clouds, shadow, snow, saturation)"), tr("Strict"),
                     tr("Lenient (cloud and cloud shadow)"), tr("None (fill only)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.TARGET, tr("Target grid (empty = the scenes' 30 m grid)"), optional=True))
        self.add_resume()
        self.add_cluster()
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, tr("Output folder")))
        self.addOutput(QgsProcessingOutputMultipleLayers(
            self.REFLECTANCE, tr("Reflectance files (one per date)")))
        self.addOutput(QgsProcessingOutputRasterLayer(
            "SURFACE_TEMPERATURE", tr("Surface temperature (K)")))
        self.addOutput(QgsProcessingOutputRasterLayer(
            "VALID_FRACTION", tr("Valid fraction")))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString("DATE_LIST", tr("Band dates (comma-separated)")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.landsat.importer import LandsatOptions, import_landsat

        files = self.parameterAsFileList(parameters, self.INPUT, context)
        if not files:
            raise QgsProcessingException(self.tr(
                "No Landsat scene was given. Select the .tar bundles or scene folders as "
                "downloaded from USGS EarthExplorer."))
        options = LandsatOptions(
            quality=QUALITY_KEYS[self.parameterAsEnum(parameters, self.QUALITY, context)])
        grid = target_grid(self, parameters, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        summary = import_landsat(files, folder, options, grid, progress,
                                 resume=self.resume(parameters, context))
        return results(self, summary, folder, context, "Landsat")


def results(alg, summary, folder, context, prefix):
    """The outputs dict of an optical importer (Landsat, Sentinel-2)."""
    kept = sum(summary["kept"].values())
    removed = sum(n for rules in summary["counts"].values() for n in rules.values())
    return importer_results(alg, summary, folder, context, prefix, STACK_OUTPUTS, kept,
                            removed)

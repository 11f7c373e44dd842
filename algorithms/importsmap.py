"""smdownscale:importsmap — SMAP L3/L4 HDF5 granules to a dated EASE-Grid 2.0 stack."""
from qgis.core import (QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputString, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterExtent,
                       QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterDestination)

from . import coarse_import
from .base import SmAlgorithm
from .styling import style_soil_moisture_on_load

# Enum orders equal engine.prepare.smap.PASS_MODES and QUALITY_MODES (a test keeps them equal).
PASS_KEYS = ["am_fill_pm", "am_pm", "am", "pm"]
QUALITY_KEYS = ["recommended", "retrieved", "none"]


class ImportSmap(SmAlgorithm):
    """SMAP granules (.h5) → a dated soil-moisture stack on EASE-Grid 2.0."""

    ALG_ID = "importsmap"
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio", "h5py")

    INPUT = "INPUT"
    PASSES = "PASSES"
    QUALITY = "QUALITY"
    MASK_FROZEN = "MASK_FROZEN"
    MASK_SNOW_ICE_WATER = "MASK_SNOW_ICE_WATER"
    VALID_MIN = "VALID_MIN"
    VALID_MAX = "VALID_MAX"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"
    NUMBERS = (("BAND_COUNT", "Number of bands"),)

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Import SMAP granules")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Converts SMAP L3 (SPL3SMP, SPL3SMP_E) and L4 (SPL4SMGP) HDF5 files into "
                       "one dated soil-moisture stack on the EASE-Grid 2.0 grid, with the "
                       "quality flags applied.")

    def help_summary(self):
        return self.tr(
            "The first step of a SMAP study (Cai et al. 2022 converted their SMAP L4 granules "
            "with NASA's HEG tool; Xu et al. 2024 filled AM gaps with PM values, though only "
            "in the 1 km product they compared with). Reads the granules as NSIDC distributes "
            "them and writes a tiled float32 stack (m³/m³, nodata −9999) on the EASE-Grid 2.0 "
            "global grid (EPSG:6933; 36 km cells of 36 032.22 m for SPL3SMP, 9 km cells of "
            "9 008.06 m for SPL3SMP_E and SPL4SMGP; origin −17 367 530.45 m, 7 314 540.83 m), "
            "one band per date, the date from the file name in each band's description. The "
            "product is recognised from the file's layout; one product per run.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the .h5 files with their original names (SMAP_L3_SM_P_20190601_…, "
                "SMAP_L3_SM_P_E_…, SMAP_L4_SM_gph_20190601T013000_…)."),
            self.PASSES: tr(
                "AM, gaps filled from PM (default: one band per day, the 6:00 descending pass "
                "where it has a value, else the 18:00 ascending one); AM and PM as separate "
                "bands (band descriptions YYYY-MM-DDT06:00 and T18:00); AM only; PM only. L4 "
                "granules give one band each, at their 3-hourly time."),
            self.QUALITY: tr(
                "recommended quality only (default: bit 0 of retrieval_qual_flag is 0); every "
                "successful retrieval (bit 2 is 0); no quality filter."),
            (self.MASK_FROZEN, self.MASK_SNOW_ICE_WATER): tr(
                "default on: cells whose surface_flag marks frozen ground (bit 7, radiometer; "
                "bit 8, model) / snow or ice (bits 5, 6) or open water (bit 0) are removed."),
            (self.VALID_MIN, self.VALID_MAX): tr("values outside 0.02–0.6 m³/m³ (default) are "
                                                 "removed."),
            self.EXTENT: tr(
                "optional: cut the global grid to this extent (any CRS, or a layer's extent), "
                "snapped outward to whole cells; empty = the whole globe."),
            self.OUTPUT: tr(
                "the stack, loaded with the fixed soil-moisture ramp; the log says how many "
                "cells each rule removed (fill value, retrieval quality, frozen ground, "
                "snow/ice/water, valid range) and how many AM gaps the PM pass filled."),
            ("BAND_COUNT", "DATE_LIST", "PRODUCT"): tr("band count, dates, product."),
        }

    def help_notes(self):
        return [self.tr("AMSR2, SMOS and ESA CCI soil moisture have their own importers: "
                        "Import AMSR2 soil moisture, Import SMOS soil moisture, Import ESA "
                        "CCI soil moisture.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("SMAP granules (.h5)"), QgsProcessing.TypeFile))
        self.addParameter(QgsProcessingParameterEnum(
            self.PASSES, tr("Passes (L3)"),
            options=[tr("AM, gaps filled from PM"), tr("AM and PM as separate bands"),
                     tr("AM only"), tr("PM only")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.QUALITY, tr("Retrieval quality (L3)"),
            options=[tr("Recommended quality only"), tr("Every successful retrieval"),
                     tr("No quality filter")], defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.MASK_FROZEN, tr("Mask frozen ground"), defaultValue=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.MASK_SNOW_ICE_WATER, tr("Mask snow, ice and open water"), defaultValue=True))
        self.add_number(self.VALID_MIN, tr("Lowest valid value (m³/m³)"), 0.02, 0.0, 1.0)
        self.add_number(self.VALID_MAX, tr("Highest valid value (m³/m³)"), 0.6, 0.0, 1.0)
        self.addParameter(QgsProcessingParameterExtent(
            self.EXTENT, tr("Extent (empty = whole globe)"), optional=True))
        self.add_resume()
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("SMAP soil moisture")))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString("DATE_LIST", tr("Band dates (comma-separated)")))
        self.addOutput(QgsProcessingOutputString("PRODUCT", tr("Product")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.smap import ImportOptions, import_smap

        files = self.parameterAsFileList(parameters, self.INPUT, context)
        if not files:
            raise QgsProcessingException(self.tr("No SMAP granule was given. Select one or "
                                                 "more .h5 files."))
        options = ImportOptions(
            passes=PASS_KEYS[self.parameterAsEnum(parameters, self.PASSES, context)],
            quality=QUALITY_KEYS[self.parameterAsEnum(parameters, self.QUALITY, context)],
            mask_frozen=self.parameterAsBool(parameters, self.MASK_FROZEN, context),
            mask_snow_ice_water=self.parameterAsBool(parameters, self.MASK_SNOW_ICE_WATER,
                                                     context),
            valid_min=self.parameterAsDouble(parameters, self.VALID_MIN, context),
            valid_max=self.parameterAsDouble(parameters, self.VALID_MAX, context))
        output = self.output_layer(parameters, self.OUTPUT, context, "smap_sm")
        summary = import_smap(files, output, options,
                              coarse_import.bounds(self, parameters, context, 6933), progress,
                              resume=self.resume(parameters, context))
        style_soil_moisture_on_load(context, output, self.tr("SMAP soil moisture ({n} bands)")
                                    .format(n=len(summary["dates"])))
        return {self.OUTPUT: output, "BAND_COUNT": len(summary["dates"]),
                "DATE_LIST": ",".join(summary["dates"]), "PRODUCT": summary["product"]}

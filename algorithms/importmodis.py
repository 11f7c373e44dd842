"""smdownscale:importmodis — MODIS tiles (HDF4-EOS) or AppEEARS GeoTIFFs to dated stacks."""
from qgis.core import (QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputMultipleLayers, QgsProcessingOutputRasterLayer,
                       QgsProcessingOutputString, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterRasterLayer)

from .base import SmAlgorithm
from .import_outputs import QUALITY_KEYS, importer_results, target_grid

# Enum orders equal engine.prepare.modis: PRODUCT_NAMES (after "from the files"),
# QUALITY_KEYS = qa.LEVELS, importer.DATE_BASES, VARIABLE_KEYS (a test keeps them equal).
PRODUCT_KEYS = ["", "MOD09GA", "MYD09GA", "MOD09A1", "MYD09A1", "MOD13A2", "MYD13A2",
                "MOD11A1", "MYD11A1", "MOD11A2", "MYD11A2", "MCD12Q1"]
DATE_BASIS_KEYS = ["centre", "start"]
VARIABLE_KEYS = ["reflectance", "lst_day", "lst_night", "ndvi", "evi", "land_cover"]
# variable → raster output holding its stack
STACK_OUTPUTS = {"lst_day": "LST_DAY", "lst_night": "LST_NIGHT", "ndvi": "NDVI",
                 "evi": "EVI", "land_cover": "LAND_COVER", "observation_day": "OBSERVATION_DAY"}


class ImportModis(SmAlgorithm):
    """MODIS land products as downloaded → screened, dated stacks."""

    ALG_ID = "importmodis"
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio")

    INPUT = "INPUT"
    PRODUCT = "PRODUCT"
    VARIABLES = "VARIABLES"
    QUALITY = "QUALITY"
    DATE_BASIS = "DATE_BASIS"
    OBSERVATION_DAYS = "OBSERVATION_DAYS"
    TARGET = "TARGET"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    REFLECTANCE = "REFLECTANCE"
    NUMBERS = (("BAND_COUNT", "Number of dates"),
               ("KEPT_PERCENT", "Share of values kept by the quality screening (%)"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Import MODIS products")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("MODIS tiles as downloaded (HDF4-EOS) or AppEEARS GeoTIFFs → dated "
                       "stacks of reflectance, LST, NDVI/EVI or land cover, screened by the "
                       "products' QA bits, mosaicked and optionally warped onto a grid.")

    def help_summary(self):
        return self.tr(
            "The first step of a study that starts from MODIS (all five papers do: MOD09GA, "
            "MOD09A1, MOD13A2, MOD11A1/A2, MCD12Q1). Reads the tiles of one product, for "
            "one or many tiles and dates, applies the scale factors and fill values of the "
            "Collection 6.1 user guides (reflectance = DN × 0.0001; LST = DN × 0.02 K; "
            "NDVI/EVI = DN × 0.0001), removes low-quality pixels by the QA bits at the "
            "chosen level, mosaics the tiles of each date and writes one stack per variable "
            "(one band per date, the ISO date in the band description). Surface "
            "reflectance is written as one 7-band file per date in MODIS band order, "
            "ready for 'Derive spectral indices' with its MODIS preset. What the screening "
            "removed is counted per date and rule in the log.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the .hdf tiles with the names LP DAAC gives them (MOD09GA.A2019091.h26v04."
                "061.2019093040000.hdf: product, first day and tile are read from the name), "
                "or the GeoTIFFs of an AppEEARS area request (MOD11A1.061_LST_Day_1km_"
                "doy2019091_aid0001.tif, one file per layer and date; include the QA "
                "layers). One product per run."),
            self.PRODUCT: tr(
                "from the file names (default), or the product you expect: a file of "
                "another product is then refused. MOD09GA/MYD09GA daily and MOD09A1/MYD09A1 "
                "8-day surface reflectance (500 m); MOD13A2/MYD13A2 16-day NDVI and EVI "
                "(1 km); MOD11A1/MYD11A1 daily and MOD11A2/MYD11A2 8-day land surface "
                "temperature (1 km); MCD12Q1 yearly land cover (IGBP, 500 m)."),
            self.VARIABLES: tr(
                "what to write; empty (default) = every variable of the product: "
                "reflectance (MOD09), LST day and night (MOD11), NDVI and EVI (MOD13), land "
                "cover (MCD12Q1, LC_Type1). A variable the product lacks is refused."),
            self.QUALITY: tr(
                "standard (default; the papers' 'low-quality pixels omitted'): removes "
                "clouds, cloud shadow, average/high cirrus, snow and ice, cloud-adjacent "
                "pixels and what the producer flags as lower quality (MOD09 band quality not "
                "highest; MOD11 LST error above 2 K; MOD13 adjacent or mixed cloud, shadow, "
                "snow). Strict also removes small cirrus, high aerosol, MOD09 'less than "
                "ideal', MOD11 'other quality' and MOD13 'marginal' pixels. Lenient removes "
                "only clouds and pixels not produced. None keeps every value that is not a "
                "fill value. The bits read are listed in the notes."),
            self.DATE_BASIS: tr(
                "the band date of a composite (8-day, 16-day, yearly): the centre of its "
                "period (default; start + half the period, cut at the year's end as the "
                "products cut it) or its first day (the date in the file name). Daily "
                "products are dated by their day. Each band's metadata names the basis and "
                "the period."),
            self.OBSERVATION_DAYS: tr(
                "default on: for MOD13 (composite day of the year) and MOD09A1 "
                "(sur_refl_day_of_year) also write each pixel's observation day of the year "
                "as a stack, which 'Align stack to dates' uses to interpolate in time on "
                "the days the values were observed."),
            self.TARGET: tr(
                "optional: a raster whose grid the outputs take (e.g. a 1 km predictor or "
                "the study grid, any CRS); each target cell gets the mean of the valid "
                "source cells whose centres fall in it (the most frequent class for land "
                "cover; a target cell finer than the source takes the cell under its "
                "centre). Empty: the tiles' sinusoidal grid at the product's resolution, "
                "covering all tiles."),
            self.OUTPUT_FOLDER: tr(
                "where the files go (created if needed): one stack per variable named "
                "after product and variable (MOD11A1_lst_day.tif; float32, nodata −9999; "
                "LST in K, indices unitless, land cover as class numbers), "
                "MOD13A2_observation_day.tif, and for reflectance one file per date "
                "(MOD09GA_reflectance_2019-04-01.tif; int16 DN, nodata −28672, reflectance "
                "= DN × 0.0001). Files are written completely or not at all."),
            self.REFLECTANCE: tr("the per-date reflectance files, for 'Derive spectral "
                                 "indices' in a model."),
            tuple(STACK_OUTPUTS.values()): tr(
                "the stack of each variable the product has (absent otherwise), loaded and "
                "styled when the run ends."),
            ("BAND_COUNT", "KEPT_PERCENT", "DATE_LIST", "PRODUCT_NAME"): tr(
                "the number of dates, the share of valid values the screening kept over "
                "all dates and variables, the band dates (comma-separated) and the "
                "product, for later Modeler steps."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("QA bits read (bit 0 least significant). MOD09 QC_500m: bits 0–1 MODLAND QA, "
               "4 bits per band from bit 2; state_1km (sur_refl_state_500m): 0–1 cloud "
               "state, 2 shadow, 6–7 aerosol, 8–9 cirrus, 10 internal cloud, 12 MOD35 "
               "snow/ice, 13 adjacent cloud, 15 internal snow. MOD11 QC_Day/QC_Night: 0–1 "
               "mandatory QA, 6–7 LST error. MOD13 VI Quality: 0–1 VI quality, 8 adjacent "
               "cloud, 10 mixed clouds, 14 snow/ice, 15 shadow; pixel reliability 0–3. "
               "The 1 km state of MOD09GA screens its four 500 m cells."),
            tr("Work is done date by date in windows of 512×512 output cells, so memory "
               "does not grow with the number of tiles; Cancel stops at the next window "
               "and leaves no output."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("MODIS files (.hdf tiles or AppEEARS GeoTIFFs)"),
            QgsProcessing.TypeFile))
        self.addParameter(QgsProcessingParameterEnum(
            self.PRODUCT, tr("Product"), options=[tr("From the file names")] + PRODUCT_KEYS[1:],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.VARIABLES, tr("Variables (empty = all of the product)"),
            options=[tr("Surface reflectance (bands 1–7)"), tr("LST, day"), tr("LST, night"),
                     tr("NDVI"), tr("EVI"), tr("Land cover (IGBP)")],
            allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.QUALITY, tr("Quality screening"),
            options=[tr("Standard (low-quality pixels omitted)"), tr("Strict"), tr("Lenient"),
                     tr("None (fill values only)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.DATE_BASIS, tr("Date of a composite"),
            options=[tr("Centre of its period"), tr("First day of its period")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OBSERVATION_DAYS, tr("Write per-pixel observation days"), defaultValue=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.TARGET, tr("Target grid (empty = sinusoidal tiles)"), optional=True))
        self.add_resume()
        self.add_cluster()
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, tr("Output folder")))
        self.addOutput(QgsProcessingOutputMultipleLayers(
            self.REFLECTANCE, tr("Reflectance files (one per date)")))
        labels = {"LST_DAY": tr("LST, day (K)"), "LST_NIGHT": tr("LST, night (K)"),
                  "NDVI": tr("NDVI"), "EVI": tr("EVI"), "LAND_COVER": tr("Land cover"),
                  "OBSERVATION_DAY": tr("Observation day of year")}
        for name in STACK_OUTPUTS.values():
            self.addOutput(QgsProcessingOutputRasterLayer(name, labels[name]))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString("DATE_LIST", tr("Band dates (comma-separated)")))
        self.addOutput(QgsProcessingOutputString("PRODUCT_NAME", tr("Product")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.modis.importer import ModisOptions, import_modis

        files = self.parameterAsFileList(parameters, self.INPUT, context)
        if not files:
            raise QgsProcessingException(self.tr(
                "No MODIS file was given. Select the .hdf tiles as downloaded, or the "
                "GeoTIFFs of an AppEEARS request."))
        options = ModisOptions(
            product=PRODUCT_KEYS[self.parameterAsEnum(parameters, self.PRODUCT, context)] or None,
            variables=self._variables(parameters, context),
            quality=QUALITY_KEYS[self.parameterAsEnum(parameters, self.QUALITY, context)],
            date_basis=DATE_BASIS_KEYS[self.parameterAsEnum(parameters, self.DATE_BASIS,
                                                            context)],
            observation_days=self.parameterAsBool(parameters, self.OBSERVATION_DAYS, context))
        grid = target_grid(self, parameters, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        summary = import_modis(files, folder, options, grid, progress,
                               resume=self.resume(parameters, context))
        return self._results(summary, folder, context)

    def _variables(self, parameters, context):
        """The chosen variable keys; () when none is chosen (an optional enum list
        without a value reads as its first option)."""
        if parameters.get(self.VARIABLES) in (None, "", []):
            return ()
        return tuple(VARIABLE_KEYS[i] for i in
                     self.parameterAsEnums(parameters, self.VARIABLES, context))

    def _results(self, summary, folder, context):
        kept = sum(n for per in summary["kept"].values() for n in per.values())
        removed = sum(n for per in summary["counts"].values() for rules in per.values()
                      for n in rules.values())
        results = importer_results(self, summary, folder, context, summary["product"],
                                   STACK_OUTPUTS, kept, removed)
        results["PRODUCT_NAME"] = summary["product"]
        return results

"""smdownscale:importamsr2 — JAXA AMSR2 L3 soil moisture (HDF5) to a dated lat/lon stack."""
from qgis.core import QgsProcessingParameterEnum

from . import coarse_import as shared
from .base import SmAlgorithm

# Enum order equals engine.prepare.coarse.amsr2.PASS_MODES (a test keeps them equal).
PASS_KEYS = ["desc_fill_asc", "asc_desc", "desc", "asc"]


class ImportAmsr2(SmAlgorithm):
    """AMSR2 L3 soil-moisture files (.h5) → a dated stack on the 0.1° or 0.25° grid."""

    ALG_ID = "importamsr2"
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio", "h5py")

    INPUT = "INPUT"
    PASSES = "PASSES"
    VALID_MIN = "VALID_MIN"
    VALID_MAX = "VALID_MAX"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"
    NUMBERS = (("BAND_COUNT", "Number of bands"),)

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Import AMSR2 soil moisture")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Converts JAXA GCOM-W AMSR2 Level 3 daily soil-moisture files (HDF5, "
                       "10 km and 25 km) into one dated stack in m³/m³ on the product's "
                       "latitude/longitude grid.")

    def help_summary(self):
        return self.tr(
            "Reads the AMSR2 Level 3 soil-moisture content (SMC) files as JAXA distributes "
            "them on G-Portal (GW1AM2_20190601_01D_EQMA_L3SGSMCHF3300300.h5: one file per "
            "day and pass, EQMA ascending at 13:30, EQMD descending at 01:30 local solar "
            "time) and writes a tiled float32 stack (m³/m³, nodata −9999) on the product's "
            "equirectangular grid (EPSG:4326; 0.1° = 3600 × 1800 cells for the 10 km "
            "product, 0.25° = 1440 × 720 for the 25 km one; origin 180° W, 90° N), one band "
            "per date, the date in each band's description. The stored integers × the "
            "file's SCALE FACTOR (0.1) are volumetric %, divided by 100 into m³/m³. The "
            "stack feeds Train and Predict as the coarse soil moisture.")

    def help_entries(self):
        tr = self.tr
        entries = {
            self.INPUT: tr("the .h5 files with their original names (…_EQMA_… ascending, "
                           "…_EQMD_… descending); one resolution per run."),
            self.PASSES: tr(
                "descending, gaps filled from ascending (default: one band per day, the "
                "01:30 night pass where it has a value, else the 13:30 day pass); ascending "
                "and descending as separate bands (descriptions YYYY-MM-DDT01:30 and "
                "T13:30); descending only; ascending only. Files of a pass not used are "
                "left out."),
            self.OUTPUT: tr("the stack, loaded with the fixed soil-moisture ramp; the log "
                            "says how many cells each rule removed (fill codes −32768 and "
                            "−32767, valid range) and how many gaps the other pass filled."),
        }
        entries.update(shared.range_help(self))
        return entries

    def help_notes(self):
        return [self.tr("The grid origin (180° W, 90° N, row 0 at the north) follows "
                        "readers of real G-Portal granules; JAXA's format document itself "
                        "could not be consulted here. Check one known place when you first "
                        "import real files.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        shared.add_input(self, tr("AMSR2 L3 soil-moisture files (.h5)"))
        self.addParameter(QgsProcessingParameterEnum(
            self.PASSES, tr("Passes"),
            options=[tr("Descending, gaps filled from ascending"),
                     tr("Ascending and descending as separate bands"),
                     tr("Descending only"), tr("Ascending only")], defaultValue=0))
        shared.add_range_extent_output(self, tr("AMSR2 soil moisture"))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.coarse.amsr2 import Amsr2Options, import_amsr2

        files = shared.files(self, parameters, context, self.tr("AMSR2 L3 .h5 files"))
        low, high = shared.valid_range(self, parameters, context)
        options = Amsr2Options(
            passes=PASS_KEYS[self.parameterAsEnum(parameters, self.PASSES, context)],
            valid_min=low, valid_max=high)
        output = self.output_layer(parameters, self.OUTPUT, context, "amsr2_sm")
        summary = import_amsr2(files, output, options,
                               shared.bounds(self, parameters, context, 4326), progress,
                               resume=self.resume(parameters, context))
        return shared.results(self, context, output, summary, self.tr("AMSR2 soil moisture"))

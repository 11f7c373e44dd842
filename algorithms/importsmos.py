"""smdownscale:importsmos — SMOS daily soil moisture (CATDS L3SM, SMOS-IC) to an EASE2 stack."""
from qgis.core import QgsProcessingParameterEnum

from . import coarse_import as shared
from .base import SmAlgorithm

# Enum order equals engine.prepare.coarse.smos.PASS_MODES (a test keeps them equal).
PASS_KEYS = ["asc_fill_desc", "asc_desc", "asc", "desc"]


class ImportSmos(SmAlgorithm):
    """SMOS daily files (.nc) → a dated stack on the EASE-Grid 2.0 25 km grid."""

    ALG_ID = "importsmos"
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio", "netCDF4")

    INPUT = "INPUT"
    PASSES = "PASSES"
    MAX_DQX = "MAX_DQX"
    MAX_RFI_PROB = "MAX_RFI_PROB"
    MIN_CHI2_PROB = "MIN_CHI2_PROB"
    SCIENCE_FLAG_MASK = "SCIENCE_FLAG_MASK"
    IC_MAX_QUALITY = "IC_MAX_QUALITY"
    VALID_MIN = "VALID_MIN"
    VALID_MAX = "VALID_MAX"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"
    NUMBERS = (("BAND_COUNT", "Number of bands"),)

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Import SMOS soil moisture")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Converts SMOS daily soil-moisture files (CATDS L3SM and SMOS-IC "
                       "NetCDF) into one dated stack on the EASE-Grid 2.0 25 km grid, with "
                       "the quality and RFI screening applied.")

    def help_summary(self):
        return self.tr(
            "Reads the CATDS-PDC L3SM filtered daily files "
            "(SM_RE07_MIR_CLF31A_20190601T000000_…_7.DBL.nc, one per day and orbit: A "
            "ascending at 06:00, D descending at 18:00 local solar time) or SMOS-IC daily "
            "files (INRA-CESBIO) and writes a tiled float32 stack (m³/m³, nodata −9999) on "
            "the EASE-Grid 2.0 global 25 km grid (EPSG:6933; 1388 × 584 cells of 25 025.26 "
            "m from −17 367 530.44 m, 7 307 375.92 m), one band per date, the date in each "
            "band's description. The product is recognised from the file's variables; one "
            "product per run.")

    def help_entries(self):
        tr = self.tr
        entries = {
            self.INPUT: tr("the .nc (.DBL.nc) files with their original names (the orbit "
                           "direction is read from the name)."),
            self.PASSES: tr(
                "ascending, gaps filled from descending (default: one band per day, the "
                "06:00 pass where it has a value, else the 18:00 one); ascending and "
                "descending as separate bands (descriptions YYYY-MM-DDT06:00 and T18:00); "
                "ascending only; descending only."),
            self.MAX_DQX: tr("CATDS: values whose retrieval uncertainty Soil_Moisture_Dqx "
                             "exceeds this (m³/m³; default 0.1; 0 = not screened) are "
                             "removed."),
            self.MAX_RFI_PROB: tr("CATDS: values whose probability of radio-frequency "
                                  "interference Rfi_Prob exceeds this (0–1; default 0.2; 1 "
                                  "= not screened) are removed."),
            self.MIN_CHI2_PROB: tr("CATDS: values whose retrieval fit probability Chi_2_P "
                                   "is below this (0–1; default 0.05; 0 = not screened) are "
                                   "removed."),
            self.SCIENCE_FLAG_MASK: tr("CATDS: bits of Science_Flags that remove a value "
                                       "(default 0: none; see the CATDS product "
                                       "description for the bits)."),
            self.IC_MAX_QUALITY: tr("SMOS-IC: the highest Quality_Flag kept (0 best … 2; "
                                    "default 0)."),
            self.OUTPUT: tr("the stack, loaded with the fixed soil-moisture ramp; the log "
                            "says how many cells each rule removed (fill, Dqx, RFI, Chi-2, "
                            "flags, SMOS-IC quality, valid range) and how many gaps the "
                            "other pass filled."),
        }
        entries.update(shared.range_help(self))
        return entries

    def help_notes(self):
        return [self.tr("The default thresholds are this plugin's choice: the CATDS and "
                        "SMOS-IC documents could not be consulted here for recommended "
                        "values, Science_Flags bit meanings or the SMOS-IC quality levels. "
                        "Check them against your product's documentation.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        shared.add_input(self, tr("SMOS daily files (.nc)"))
        self.addParameter(QgsProcessingParameterEnum(
            self.PASSES, tr("Orbit direction"),
            options=[tr("Ascending, gaps filled from descending"),
                     tr("Ascending and descending as separate bands"),
                     tr("Ascending only"), tr("Descending only")], defaultValue=0))
        self.add_number(self.MAX_DQX, tr("Highest Dqx (m³/m³; 0 = off)"), 0.1, 0.0, 1.0)
        self.add_number(self.MAX_RFI_PROB, tr("Highest RFI probability (1 = off)"), 0.2,
                        0.0, 1.0)
        self.add_number(self.MIN_CHI2_PROB, tr("Lowest Chi-2 probability (0 = off)"), 0.05,
                        0.0, 1.0)
        self.add_number(self.SCIENCE_FLAG_MASK, tr("Science flag bits that remove a value"),
                        0, 0, None, integer=True, advanced=True)
        self.add_number(self.IC_MAX_QUALITY, tr("Highest SMOS-IC quality flag kept"), 0, 0,
                        2, integer=True)
        shared.add_range_extent_output(self, tr("SMOS soil moisture"))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.coarse.smos import SmosOptions, import_smos

        files = shared.files(self, parameters, context, self.tr("SMOS .nc files"))
        low, high = shared.valid_range(self, parameters, context)
        number = lambda name: self.parameterAsDouble(parameters, name, context)  # noqa: E731
        options = SmosOptions(
            passes=PASS_KEYS[self.parameterAsEnum(parameters, self.PASSES, context)],
            max_dqx=number(self.MAX_DQX), max_rfi_prob=number(self.MAX_RFI_PROB),
            min_chi2_prob=number(self.MIN_CHI2_PROB),
            science_flag_mask=self.parameterAsInt(parameters, self.SCIENCE_FLAG_MASK, context),
            ic_max_quality=self.parameterAsInt(parameters, self.IC_MAX_QUALITY, context),
            valid_min=low, valid_max=high)
        output = self.output_layer(parameters, self.OUTPUT, context, "smos_sm")
        summary = import_smos(files, output, options,
                              shared.bounds(self, parameters, context, 6933), progress,
                              resume=self.resume(parameters, context))
        return shared.results(self, context, output, summary, self.tr("SMOS soil moisture"))

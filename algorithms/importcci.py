"""smdownscale:importcci — ESA CCI Soil Moisture daily NetCDF to a dated 0.25° stack."""
from . import coarse_import as shared
from .base import SmAlgorithm


class ImportCci(SmAlgorithm):
    """ESA CCI SM daily files (.nc) → a dated stack on the global 0.25° grid."""

    ALG_ID = "importcci"
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio", "netCDF4")

    INPUT = "INPUT"
    FLAG_MASK = "FLAG_MASK"
    VALID_MIN = "VALID_MIN"
    VALID_MAX = "VALID_MAX"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"
    NUMBERS = (("BAND_COUNT", "Number of bands"),)

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Import ESA CCI soil moisture")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Converts ESA CCI Soil Moisture daily files (COMBINED, PASSIVE or "
                       "ACTIVE NetCDF) into one dated stack on the 0.25° grid, with the "
                       "flag variable applied.")

    def help_summary(self):
        return self.tr(
            "Reads the ESA CCI Soil Moisture daily L3S files as distributed "
            "(ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20190601000000-fv08.1.nc) and writes a "
            "tiled float32 stack (nodata −9999) on the global 0.25° latitude/longitude grid "
            "(EPSG:4326, 1440 × 720 cells from 180° W, 90° N), one band per day, the date "
            "in each band's description. COMBINED and PASSIVE are in m³/m³; ACTIVE is "
            "degree of saturation (%) and is written with that unit. The product type is "
            "read from the file; one type per run. A CCI daily value merges the sensors' "
            "passes, so there is no pass choice.")

    def help_entries(self):
        tr = self.tr
        entries = {
            self.INPUT: tr("the .nc files with their original names; one product type "
                           "(COMBINED, PASSIVE or ACTIVE) per run."),
            self.FLAG_MASK: tr(
                "the bits of the 'flag' variable that remove a value: 1 snow or frozen "
                "ground, 2 dense vegetation, 4 no convergence, 8 beyond physical limits, "
                "16 low measurement weight, 32 all sensors unreliable, 64 barren ground. "
                "Default 255: only unflagged values (flag = 0) are kept; 0 = flags not "
                "used."),
            self.OUTPUT: tr("the stack, loaded with the fixed soil-moisture ramp; the log "
                            "says how many cells each rule removed (fill value, flag, valid "
                            "range)."),
        }
        entries.update(shared.range_help(self))
        return entries

    def help_notes(self):
        return [self.tr("The flag bit meanings follow the ESA CCI SM Product User Guide as "
                        "far as it could be consulted here; check them against the guide of "
                        "your product version. For ACTIVE, the valid range is 0–100 % "
                        "instead of the m³/m³ limits.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        shared.add_input(self, tr("ESA CCI soil-moisture files (.nc)"))
        self.add_number(self.FLAG_MASK, tr("Flag bits that remove a value"), 255, 0, 255,
                        integer=True)
        shared.add_range_extent_output(self, tr("ESA CCI soil moisture"))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.coarse.cci import CciOptions, import_cci

        files = shared.files(self, parameters, context, self.tr("ESA CCI .nc files"))
        low, high = shared.valid_range(self, parameters, context)
        options = CciOptions(
            flag_mask=self.parameterAsInt(parameters, self.FLAG_MASK, context),
            valid_min=low, valid_max=high)
        output = self.output_layer(parameters, self.OUTPUT, context, "cci_sm")
        summary = import_cci(files, output, options,
                             shared.bounds(self, parameters, context, 4326), progress,
                             resume=self.resume(parameters, context))
        return shared.results(self, context, output, summary,
                              self.tr("ESA CCI soil moisture"))

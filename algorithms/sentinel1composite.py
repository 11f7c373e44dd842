"""smdownscale:sentinel1composite — Sentinel-1 σ⁰ GeoTIFFs to daily sliding composites."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputString,
                       QgsProcessingParameterEnum, QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString)

from .base import SmAlgorithm, raster_path
from .import_outputs import target_grid
from .styling import style_on_load

# Enum orders equal engine.prepare.sentinel1 choices (a test keeps them equal).
INPUT_SCALE_KEYS = ["auto", "db", "linear"]
DIRECTION_KEYS = ["ascending", "descending", "both"]
OUTPUT_SCALE_KEYS = ["db", "linear"]
DEFAULT_HALF_WINDOW_DAYS = 6  # = engine DEFAULT_HALF_WINDOW_DAYS (a test keeps them equal)


class Sentinel1Composite(SmAlgorithm):
    """Sentinel-1 σ⁰ VV/VH files → daily composites of the acquisitions within ±N days."""

    ALG_ID = "sentinel1composite"
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio")

    INPUT = "INPUT"
    PATTERN = "PATTERN"
    INPUT_SCALE = "INPUT_SCALE"
    DIRECTION = "DIRECTION"
    RELATIVE_ORBITS = "RELATIVE_ORBITS"
    HALF_WINDOW_DAYS = "HALF_WINDOW_DAYS"
    DATES_FROM = "DATES_FROM"
    DATES = "DATES"
    TARGET = "TARGET"
    OUTPUT_SCALE = "OUTPUT_SCALE"
    VV = "VV"
    VH = "VH"
    COUNT = "COUNT"
    DATE_LIST = "DATE_LIST"
    NUMBERS = (("BAND_COUNT", "Number of dates"),
               ("ACQUISITION_COUNT", "Number of acquisitions used"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Sentinel-1 sliding composites")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Terrain-corrected Sentinel-1 σ⁰ VV/VH GeoTIFFs (one per acquisition) → "
                       "daily VV and VH stacks, each date the mean of the acquisitions within "
                       "±6 days, averaged in linear power.")

    def help_summary(self):
        return self.tr(
            "As Xu et al. 2024 did for their VV and VH predictors, makes daily radar data from "
            "Sentinel-1 by a sliding window: each date's value is the mean of all "
            "acquisitions within N days before and after it (default 6), of ascending IW "
            "passes by default. The mean is taken in linear power and written in dB "
            "(default) or linear power. The inputs are σ⁰ GeoTIFFs as common processors "
            "write them (terrain-corrected GRD: SNAP exports keeping the ESA product name, "
            "ASF HyP3 RTC, S1Tiling, or any name through a pattern), one file per "
            "acquisition and polarisation; the acquisition time, polarisation, relative "
            "orbit and orbit direction are read from the names and GeoTIFF tags. The log "
            "says which rule decided the date, direction and scale of how many files.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the σ⁰ GeoTIFFs or folders holding them (searched at any depth for .tif files "
                "whose names carry VV or VH, so HyP3 product folders can be given whole: their "
                "_ls_map, _dem and _area files are passed over). Names recognised: ESA product "
                "names with a processor's suffix (S1A_IW_GRDH_1SDV_20190401T102030_"
                "20190401T102055_026584_02FA1B_ABCD_Orb_Cal_TC_VV.tif; SNAP's Sigma0_VV_db "
                "means dB; the absolute orbit gives the relative orbit), HyP3 RTC "
                "(S1A_IW_20190401T102030_DVP_RTC30_G_gpuned_FD6A_VV.tif; its 'p', 'd' or 'a' "
                "says power, dB or amplitude), S1Tiling (s1a_50TMK_vv_ASC_142_20190401t102030"
                ".tif), or any name with a date (then the time, direction and orbit come from "
                "the tags ACQUISITION_DATETIME, ORBIT_DIRECTION / PASS, RELATIVE_ORBIT_NUMBER "
                "or the file name pattern). A file with several bands needs band descriptions "
                "naming VV or VH (GEE exports: VV, VH; other bands such as angle are skipped). "
                "Files "
                "must be terrain-corrected (a map grid) and float; HH/HV files are refused."),
            self.PATTERN: tr(
                "optional, for other exports (GEE, own scripts): the file name with "
                "placeholders {date} (required; 20190401, 2019-04-01 or 2019_04_01), {time} "
                "(102030), {pol} (VV, VH), {direction} (ASC, DESC, A, D) and {orbit} (relative "
                "orbit), and wildcards * and ?, e.g. S1_{pol}_{date}_{direction}_*; found "
                "anywhere in the name, any case. (A Python regular expression with groups of "
                "those names also works.) It is tried before the built-in names."),
            self.INPUT_SCALE: tr(
                "automatic (default): the name's scale (HyP3, _db), else the values: a median "
                "from −50 to 0 means dB, above 0 and below 1 linear power, anything else is "
                "refused with the file named. dB or linear power: every file is taken as that."),
            self.DIRECTION: tr(
                "ascending passes only (default, as Xu et al. 2024), descending only, or both. "
                "Where neither name nor tag gives the direction, the time does: Sentinel-1 "
                "crosses a place near 18:00 local solar time going north (ascending) and near "
                "06:00 going south, and local solar time = UTC + longitude / 15 h at the scene "
                "centre (12–24 h ascending)."),
            self.RELATIVE_ORBITS: tr(
                "optional: the relative orbits (tracks, 1–175) to keep, comma-separated "
                "(142, 69); empty keeps all. Needs names or tags that carry the orbit (HyP3 "
                "names do not)."),
            self.HALF_WINDOW_DAYS: tr(
                "days before and after a date whose acquisitions are averaged, on UTC "
                "calendar days, both ends included (default 6: Xu et al. 2024's window of 6 "
                "days either side). 0 keeps only acquisitions on the date itself."),
            self.DATES_FROM: tr(
                "optional: a stack whose band dates become the output dates, typically the "
                "coarse soil-moisture stack (only its band descriptions are read)."),
            self.DATES: tr(
                "optional, instead: ISO dates separated by commas, or start/end for every day "
                "(2019-04-01/2019-10-31). Neither given: every day from the first to the last "
                "acquisition kept."),
            self.TARGET: tr(
                "optional but usual: a raster whose grid the outputs take (the 1 km study grid, "
                "any CRS); each target cell takes, per acquisition, the mean linear power of the "
                "σ⁰ cells whose centres fall in it, then the mean over the window's "
                "acquisitions. Empty: the files' own grid, which they must then share."),
            self.OUTPUT_SCALE: tr("dB (default, 10·log10 of the mean linear power) or linear "
                                  "power; declared as the bands' unit."),
            (self.VV, self.VH): tr(
                "the composites, one band per date described by its ISO date, float32, "
                "nodata −9999, unit dB or linear power; band metadata acquisition_count and "
                "acquisitions list the passes in each date's window. A date without any "
                "acquisition in its window is nodata throughout (the log counts them). Leave "
                "one empty to skip it; written completely or not at all."),
            self.COUNT: tr(
                "optional: per date and cell the number of acquisitions averaged (of VV; of VH "
                "when VV is skipped), int16; 0 where none covered the cell."),
            self.number_names() + (self.DATE_LIST,): tr(
                "the number of dates, the number of acquisitions (passes) used in at least one "
                "window and the comma-separated dates, for later Modeler steps."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("No data: the file's nodata and NaN; in linear power also 0 and below; in dB "
               "also −100 dB and below (undeclared fills). Only acquisitions with a value at a "
               "cell count there."),
            tr("The slices of one pass (same satellite, day and direction, start times within "
               "10 minutes) and its VV and VH files form one acquisition: where slices overlap "
               "their mean is used, so each pass counts once. HyP3 γ⁰ and σ⁰ products are not "
               "mixed (refused)."),
            tr("Work is done window by window of the output grid, each acquisition read once "
               "per window and kept only while a date's window needs it; Cancel stops at the "
               "next window and leaves no output."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("Sentinel-1 σ⁰ GeoTIFFs (VV and VH; files or folders)"),
            QgsProcessing.TypeFile))
        self.addParameter(QgsProcessingParameterString(
            self.PATTERN, tr("File name pattern (e.g. S1_{pol}_{date}; empty = known names)"),
            defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.INPUT_SCALE, tr("Scale of the inputs"),
            options=[tr("Automatic (name, else values)"), tr("dB"), tr("Linear power")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.DIRECTION, tr("Orbit direction"),
            options=[tr("Ascending"), tr("Descending"), tr("Both")], defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.RELATIVE_ORBITS, tr("Relative orbits to keep (comma-separated; empty = all)"),
            defaultValue="", optional=True))
        self.add_number(self.HALF_WINDOW_DAYS, tr("Days before and after each date (window "
                                                  "half-width)"),
                        DEFAULT_HALF_WINDOW_DAYS, 0, 183, integer=True)
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DATES_FROM, tr("Take the dates from this stack (e.g. the coarse product)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DATES, tr("Dates (YYYY-MM-DD, comma-separated, or start/end; instead of a "
                           "stack)"), defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.TARGET, tr("Target grid (empty = the files' own grid)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.OUTPUT_SCALE, tr("Output scale"), options=[tr("dB"), tr("Linear power")],
            defaultValue=0))
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.VV, tr("VV composites"), optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.VH, tr("VH composites"), optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.COUNT, tr("Acquisitions per date and cell"), optional=True,
            createByDefault=False))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString(self.DATE_LIST, tr("Dates (comma-separated)")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.sentinel1.composite import (Sentinel1Options, choose_dates,
                                                          composite_sentinel1)
        from ..engine.prepare.sentinel1.orbits import parse_relative_orbits

        files = self.parameterAsFileList(parameters, self.INPUT, context)
        if not files:
            raise QgsProcessingException(self.tr(
                "No Sentinel-1 file was given. Select σ⁰ GeoTIFFs (VV and VH, one per "
                "acquisition) or folders holding them."))
        options = Sentinel1Options(
            half_window_days=self.parameterAsInt(parameters, self.HALF_WINDOW_DAYS, context),
            direction=DIRECTION_KEYS[self.parameterAsEnum(parameters, self.DIRECTION, context)],
            relative_orbits=parse_relative_orbits(
                self.parameterAsString(parameters, self.RELATIVE_ORBITS, context)),
            input_scale=INPUT_SCALE_KEYS[self.parameterAsEnum(parameters, self.INPUT_SCALE,
                                                              context)],
            output_scale=OUTPUT_SCALE_KEYS[self.parameterAsEnum(parameters, self.OUTPUT_SCALE,
                                                                context)],
            pattern=self.parameterAsString(parameters, self.PATTERN, context))
        stack = self.parameterAsRasterLayer(parameters, self.DATES_FROM, context)
        dates = choose_dates(raster_path(stack) if stack else None,
                             self.parameterAsString(parameters, self.DATES, context),
                             f"'{stack.name()}'" if stack else None)
        outputs = {name: self.output_layer(parameters, name, context, stem) or None
                   for name, stem in ((self.VV, "vv"), (self.VH, "vh"),
                                      (self.COUNT, "s1_count"))}
        summary = composite_sentinel1(
            files, {p: outputs[p] for p in (self.VV, self.VH)}, dates, options,
            target_grid(self, parameters, context), outputs[self.COUNT], progress)
        n = len(summary["dates"])
        names = {self.VV: self.tr("Sentinel-1 VV ({n} dates)"),
                 self.VH: self.tr("Sentinel-1 VH ({n} dates)"),
                 self.COUNT: self.tr("Sentinel-1 acquisitions per date ({n} dates)")}
        result = {name: path for name, path in outputs.items() if path}
        for name, path in result.items():
            style_on_load(context, path, names[name].format(n=n))
        result.update(BAND_COUNT=n, ACQUISITION_COUNT=summary["acquisitions"],
                      DATE_LIST=",".join(summary["dates"]))
        return result

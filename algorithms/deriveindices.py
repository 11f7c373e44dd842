"""smdownscale:deriveindices — reflectance rasters to NDVI, EVI, NDWI, LSWI, NSDSI, wetness."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputString,
                       QgsProcessingParameterEnum, QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterString)

from ..engine.prepare.indices import INDICES, INDEX_NAMES, ROLES, SENSOR_KEYS, VALID_REFLECTANCE
from .base import SmAlgorithm, raster_path
from .styling import style_on_load

BAND_PARAMS = {role: f"BAND_{role.upper()}" for role in ROLES}  # BAND_BLUE … BAND_SWIR2
INDEX_ROLES = {name: index.roles for name, index in INDICES.items()}  # the bands each needs


class DeriveIndices(SmAlgorithm):
    """Compute spectral indices from multi-band surface-reflectance rasters."""

    ALG_ID = "deriveindices"
    GROUP_ID = "prepare"

    INPUT = "INPUT"
    SENSOR = "SENSOR"
    SCALE = "SCALE"
    OFFSET = "OFFSET"
    FILL = "FILL"
    DATES = "DATES"
    BAND_COUNT = "BAND_COUNT"
    DATE_LIST = "DATE_LIST"
    NUMBERS = (("BAND_COUNT", "Number of dates"),)

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Derive spectral indices")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Surface reflectance → NDVI, EVI, NDWI, LSWI, NSDSI and (Landsat) "
                       "tasselled-cap wetness, per date.")

    def help_summary(self):
        return self.tr(
            "Computes vegetation and soil-wetness indices from multi-band surface-reflectance "
            "rasters (one raster per date, the sensor's bands in one file), as used as "
            "downscaling predictors by Nadeem et al. (2023, Remote Sensing 15(3):812; NDWI, "
            "LSWI, NSDSI from MOD09GA eqs. 1–3), Xu et al. (2024, Remote Sensing 16:200; NDVI, "
            "EVI, NDWI, NSDSI from MOD09A1 eqs. 1–4) and Cai et al. (2022, Remote Sensing "
            "14:5681; Landsat 8 wetness). With ρ the reflectance (0–1): NDVI = (nir − "
            "red)/(nir + red); EVI = 2.5 (nir − red)/(nir + 6 red − 7.5 blue + 1); NDWI = "
            "(green − nir)/(green + nir); LSWI = (nir − swir1)/(nir + swir1); NSDSI = (swir1 − "
            "swir2)/swir1; tasselled-cap wetness = 0.1511 blue + 0.1973 green + 0.3283 red + "
            "0.3407 nir − 0.7117 swir1 − 0.4559 swir2 (Baig et al. 2014, Remote Sensing Letters "
            "5(5):423–431, doi:10.1080/2150704X.2014.915434; coefficients derived for Landsat 8 "
            "OLI at-satellite reflectance, commonly applied to surface reflectance).")

    def help_entries(self):
        tr = self.tr
        entries = {
            self.INPUT: tr(
                "one multi-band raster per date. One raster gives single-band outputs; several "
                "give time stacks (one band per date, sorted by date, each band described by "
                "its ISO date), with dates from Dates or from the file names as in Build time "
                "stack (2019-04-01, 20190401, MODIS A2019091). Inputs on another grid than the "
                "FIRST input are aligned onto the first input's grid by nearest neighbour "
                "(fill values stay intact) and listed in the log; inputs that do not overlap "
                "it are refused. A raster with fewer bands than the sensor layout needs (e.g. "
                "a single band, or an index), or without a CRS, is refused. NaN/inf cells of "
                "a raster without a nodata value are treated as missing and counted in a "
                "warning."),
            self.SENSOR: tr(
                "band layout and scaling (reflectance = DN × scale + offset). MODIS "
                "MOD09GA/MYD09GA/MOD09A1 (default): the 7 sur_refl bands in order — b1 red "
                "620–670 nm, b2 NIR 841–876, b3 blue 459–479, b4 green 545–565, b5 1230–1250, "
                "b6 SWIR1 1628–1652, b7 SWIR2 2105–2155; scale 0.0001, fill −28672. Landsat "
                "8/9 OLI Collection 2 Level-2: SR_B2…SR_B7 as bands 1–6 (blue, green, red, "
                "NIR, SWIR1, SWIR2); scale 0.0000275, offset −0.2, fill 0. Sentinel-2 MSI L2A: "
                "B02, B03, B04, B08, B11, B12 as bands 1–6; scale 0.0001, offset −0.1 "
                "(processing baseline 04.00 or later: ρ = (DN − 1000)/10000; set Offset to 0 "
                "for older products), fill 0. Custom: the band numbers below. Stack "
                "single-band files in this order first, e.g. with Raster ▸ Miscellaneous ▸ "
                "Build Virtual Raster, 'Place each input file into a separate band'."),
            self.SCALE: tr("reflectance per DN, dimensionless. Empty (default) = the sensor's; "
                           "custom: 1."),
            self.OFFSET: tr("reflectance added after scaling. Empty (default) = the sensor's; "
                            "custom: 0."),
        }
        for role, name in BAND_PARAMS.items():
            entries[name] = tr(
                "custom sensor only (ignored for the presets): its 1-based band number, used "
                "by {indices}; 0 (default) = absent.").format(indices=", ".join(
                    index for index, used in INDEX_ROLES.items() if role in used))
        entries.update({
            self.FILL: tr("advanced; DN marking missing data. Empty (default) = the sensor's "
                          "(custom: none). The raster's own nodata is always honoured too."),
            self.DATES: tr("advanced, optional; one ISO date per input, in input order, "
                           "separated by commas, e.g. 2019-04-01, 2019-04-04."),
            INDEX_NAMES: tr(
                "each optional: only the indices given a file name are computed; at least one "
                "is needed. Wetness only for Landsat 8/9 OLI or custom bands with all six "
                "bands set. GeoTIFF, float32, nodata −9999, DEFLATE-compressed, 256×256 tiles; "
                "written completely or not at all."),
            (self.BAND_COUNT, self.DATE_LIST): tr(
                "the band count and the comma-separated dates, for later Modeler steps."),
        })
        return entries

    def help_notes(self):
        tr = self.tr
        low, high = VALID_REFLECTANCE
        return [
            tr("Nodata: a cell is nodata in an index when a band it uses equals the fill value "
               "or the raster's nodata, or its reflectance is outside [{low}, {high}] (MOD09's "
               "valid range −100…16000 × 0.0001), or the index's denominator is zero; files "
               "never hold inf or NaN. Clouds are not masked here beyond the fill value: import "
               "MODIS tiles with 'Import MODIS products', which removes them by the QA bits "
               "and writes the per-date files this algorithm takes.").format(low=low, high=high),
            tr("Processing is done in windows of 512×512 cells, so rasters larger than memory "
               "work; Cancel stops at the next window and leaves no output. An output larger "
               "than 10 GiB uncompressed, or than the free space of its folder, is announced "
               "with its size before it is written."),
            tr("When no cell of any input holds valid reflectance (all fill, nodata or out of "
               "range: the wrong sensor or fill value, or an empty file), nothing is written "
               "and the message says so; an input whose date alone is empty is named in a "
               "warning."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("Reflectance rasters (one multi-band raster per date)"),
            QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterEnum(
            self.SENSOR, tr("Sensor (band layout and scaling)"),
            options=[tr("MODIS MOD09GA/MYD09GA/MOD09A1 (7 bands)"),
                     tr("Landsat 8/9 OLI Collection 2 Level-2 (SR_B2…SR_B7)"),
                     tr("Sentinel-2 MSI L2A (B02, B03, B04, B08, B11, B12)"),
                     tr("Custom bands")], defaultValue=0))
        scale = self.add_number(self.SCALE, tr("Scale factor (reflectance per DN; empty = the "
                                               "sensor's)"), optional=True)
        scale.setMetadata({"widget_wrapper": {"decimals": 8}})
        self.add_number(self.OFFSET, tr("Offset (reflectance; empty = the sensor's)"),
                        optional=True)
        band_labels = [tr("Blue band (custom sensor; 0 = absent)"),
                       tr("Green band (custom sensor; 0 = absent)"),
                       tr("Red band (custom sensor; 0 = absent)"),
                       tr("NIR band (custom sensor; 0 = absent)"),
                       tr("SWIR1 band (custom sensor; 0 = absent)"),
                       tr("SWIR2 band (custom sensor; 0 = absent)")]
        for name, label in zip(BAND_PARAMS.values(), band_labels):
            self.add_number(name, label, 0, 0, integer=True)
        self.add_number(self.FILL, tr("Fill value (DN; empty = the sensor's)"), optional=True,
                        advanced=True)
        self.add_advanced(QgsProcessingParameterString(
            self.DATES, tr("Dates (YYYY-MM-DD, comma-separated, in input order; empty = read "
                           "from file names)"), defaultValue="", optional=True))
        self.add_cluster()
        index_labels = [tr("NDVI"), tr("EVI"), tr("NDWI"), tr("LSWI"), tr("NSDSI"),
                        tr("Tasselled-cap wetness (Landsat 8/9 OLI)")]
        for name, label in zip(INDEX_NAMES, index_labels):
            self.addParameter(QgsProcessingParameterRasterDestination(
                name, label, optional=True, createByDefault=False))
        self.add_numbers()
        self.addOutput(QgsProcessingOutputString(self.DATE_LIST, tr("Dates (comma-separated)")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.raster.dates import parse_date_list
        from ..engine.prepare.indices import derive_indices

        layers = self.parameterAsLayerList(parameters, self.INPUT, context)
        if not layers:
            raise QgsProcessingException(self.tr(
                "No input rasters were given. Select at least one reflectance raster."))
        paths = [raster_path(layer) for layer in layers]
        outputs = {name: self.output_layer(parameters, name, context, name.lower())
                   for name in INDEX_NAMES}
        outputs = {name: path for name, path in outputs.items() if path}
        dates_text = self.parameterAsString(parameters, self.DATES, context)
        dates = parse_date_list(dates_text) if dates_text.strip() else None
        summary = derive_indices(paths, outputs, self._sensor(parameters, context, progress),
                                 dates=dates, progress=progress)
        for name, path in outputs.items():
            style_on_load(context, path, name if summary["bands"] == 1 else self.tr(
                "{index} ({n} dates)").format(index=name, n=summary["bands"]))
        dates_found = [d for d in summary["dates"] if d]
        return dict(outputs, **{self.BAND_COUNT: summary["bands"],
                                self.DATE_LIST: ",".join(dates_found)})

    def _sensor(self, parameters, context, progress):
        """The engine Sensor from SENSOR, SCALE, OFFSET, FILL and the band numbers."""
        from ..engine.prepare.indices import sensor_for

        key = SENSOR_KEYS[self.parameterAsEnum(parameters, self.SENSOR, context)]
        bands = {role: self.parameterAsInt(parameters, name, context)
                 for role, name in BAND_PARAMS.items()}
        if key != "custom" and any(bands.values()):
            progress.warning(self.tr("Band numbers are used only with the Custom bands sensor; "
                                     "the preset's band layout was used."))
        return sensor_for(key, scale=self._optional(parameters, self.SCALE, context),
                          offset=self._optional(parameters, self.OFFSET, context),
                          fill=self._optional(parameters, self.FILL, context), bands=bands)

    def _optional(self, parameters, name, context):
        """An optional number parameter's value, or None when it is not set."""
        if parameters.get(name) in (None, ""):
            return None
        return self.parameterAsDouble(parameters, name, context)

"""smdownscale:terrain — DEM to slope and aspect (degrees), correct in geographic CRSs."""
from qgis.core import QgsProcessingParameterRasterDestination, QgsProcessingParameterRasterLayer

from .base import SmAlgorithm, raster_path
from .styling import style_on_load


class Terrain(SmAlgorithm):
    """Slope and aspect of a DEM by Horn's (1981) method, in any CRS."""

    ALG_ID = "terrain"
    GROUP_ID = "prepare"

    DEM = "DEM"
    BAND = "BAND"
    Z_FACTOR = "Z_FACTOR"
    SLOPE = "SLOPE"
    ASPECT = "ASPECT"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Slope and aspect")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("DEM → slope and aspect in degrees; correct in geographic CRSs.")

    def help_summary(self):
        return self.tr(
            "Computes the slope and aspect of a DEM, the terrain predictors of SMAP "
            "downscaling (from SRTM in Nadeem et al. 2023, Remote Sensing 15:812; also Chen et "
            "al. 2023, Yan & Bai 2020, Cai et al. 2022), with Horn's 3×3 method as gdaldem "
            "does (Horn, B. K. P. 1981, Hill shading and the reflectance map, Proc. IEEE "
            "69(1):14–47). In a projected CRS (UTM…) the cell size is the CRS's unit converted "
            "to metres (US feet work) and the result matches gdaldem slope/aspect. In a "
            "geographic CRS (WGS 84 degrees, e.g. SRTM) the cell size in metres is computed "
            "for every row on the WGS 84 ellipsoid (east–west Δλ·N(φ)·cos φ, north–south "
            "Δφ·M(φ)), so slopes are right at every latitude; no scale trick (gdaldem -s "
            "111120) is needed.")

    def help_entries(self):
        tr = self.tr
        return {
            self.DEM: tr("elevation raster in any CRS (a DEM without a CRS is refused), "
                         "north-up, at least 2×2 cells; elevations in metres or see Z factor."),
            self.BAND: tr("the band holding elevations. Default 1."),
            self.Z_FACTOR: tr(
                "advanced: multiplies elevations to make them metres: 1 (default) for metres, "
                "0.3048 for feet. Horizontal units are converted automatically."),
            self.SLOPE: tr("degrees from horizontal, 0–90. Optional."),
            self.ASPECT: tr(
                "degrees clockwise from north, the direction the slope faces: 0 north, 90 "
                "east, 180 south, 270 west. Flat cells (no gradient at all) get −1, not nodata "
                "(gdaldem's default) and not 0 (north), so flat plains and lakes do not become "
                "holes in predictors; their slope is 0. Optional."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("Outputs: at least one must be given a file. GeoTIFF on the DEM's grid, float32, "
               "nodata −9999, DEFLATE-compressed, 256×256 tiles; written completely or not at "
               "all."),
            tr("Nodata: DEM nodata cells and every cell with a nodata neighbour are nodata. "
               "Edges are computed, not left nodata: the row or column outside the DEM is "
               "extrapolated linearly, as gdaldem -compute_edges does."),
            tr("Projected CRSs: aspect is relative to grid north, like gdaldem (it differs from "
               "true north by the meridian convergence, at most a few degrees in UTM). A CRS "
               "that is not true to scale at the DEM (EASE-Grid 2.0, Web Mercator away from the "
               "equator) distorts slopes; the log warns by how much — reproject such a DEM to "
               "its UTM zone or to WGS 84 first."),
            tr("Processing is done in windows of 512×512 cells with a 1-cell halo, so DEMs "
               "larger than memory work; Cancel stops at the next window and leaves no "
               "output."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, tr("DEM")))
        # a Number, not a Band parameter: QGIS 3.22 ignores a Band parameter's default
        self.add_number(self.BAND, tr("Elevation band"), 1, 1, integer=True)
        self.add_number(self.Z_FACTOR, tr("Z factor (elevation units → metres)"), 1.0, 0.0,
                        advanced=True)
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.SLOPE, tr("Slope (degrees)"), optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.ASPECT, tr("Aspect (degrees clockwise from north; flat = −1)"),
            optional=True, createByDefault=True))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.terrain import compute_terrain

        layer = self.required_raster(parameters, self.DEM, context, self.tr(
            "No DEM was given. Select an elevation raster."))
        outputs = {name: self.output_layer(parameters, name, context, name.lower())
                   for name in (self.SLOPE, self.ASPECT)}
        compute_terrain(raster_path(layer), slope=outputs[self.SLOPE] or None,
                        aspect=outputs[self.ASPECT] or None,
                        band=self.parameterAsInt(parameters, self.BAND, context),
                        z_factor=self.parameterAsDouble(parameters, self.Z_FACTOR, context),
                        progress=progress)
        names = {self.SLOPE: self.tr("Slope (°)"), self.ASPECT: self.tr("Aspect (°)")}
        for name, path in outputs.items():
            if path:
                style_on_load(context, path, names[name])
        return {name: path for name, path in outputs.items() if path}

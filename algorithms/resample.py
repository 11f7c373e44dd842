"""smdownscale:resample — a coarse raster or time stack onto the fine grid of a reference."""
from qgis.core import (QgsProcessingParameterEnum,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterRasterLayer)

from .base import SmAlgorithm, raster_path
from .styling import style_on_load

# Same order as the METHOD enum; equal to engine.raster.resampling.METHODS (a test keeps
# them equal).
METHOD_KEYS = ["nearest", "bilinear"]


class Resample(SmAlgorithm):
    """Nearest or nodata-aware bilinear resampling onto a reference grid."""

    ALG_ID = "resample"
    GROUP_ID = "prepare"

    INPUT = "INPUT"
    REFERENCE = "REFERENCE"
    METHOD = "METHOD"
    OUTPUT = "OUTPUT"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Resample to fine grid")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Coarse raster or time stack → the fine grid of a reference layer "
                       "(nearest or bilinear; nodata never blended in).")

    def help_summary(self):
        return self.tr(
            "Brings a coarse raster or time stack (the 36 km SMAP product, its residuals) onto "
            "the grid of a fine reference layer (a 1 km predictor), e.g. to compare the coarse "
            "product with a downscaled map cell by cell, as Yan & Bai 2020 (Table 5) do, or to "
            "spread coarse values such as residuals smoothly over the fine grid (bilinear, as "
            "in the residual step of Nadeem et al. 2023). Input and reference may be in any "
            "CRSs.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the coarse raster or time stack. Every band is resampled and keeps its "
                "description, so a stack keeps its dates. Its nodata cells are missing. A "
                "raster without a CRS is refused."),
            self.REFERENCE: tr(
                "the fine layer whose grid (CRS, cell size, extent) the output takes; its "
                "values are not used. Fine cells outside the input are nodata. For fine → "
                "coarse use Aggregate to coarse grid instead."),
            self.METHOD: tr(
                "nearest neighbour (default): each fine cell takes the value of the coarse cell "
                "holding its centre, so a coarse cell is reproduced over all fine cells inside "
                "it (the rule Aggregate uses, so aggregating the result back gives the input on "
                "nested grids); bilinear: interpolation between the four coarse cell centres "
                "around the fine cell centre."),
            self.OUTPUT: tr(
                "GeoTIFF on the reference grid, one band per input band with the input's band "
                "descriptions (dates), in the input's units, float32, nodata −9999, "
                "DEFLATE-compressed, 256×256 tiles; written completely or not at all."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("Positions: each fine cell centre is transformed into the input's grid, by "
               "affine arithmetic when the CRSs are equal; between CRSs exactly on a lattice "
               "every 32 cells and interpolated in between to within 1/10 000 of an input cell "
               "(3.6 m for 36 km cells), and exactly wherever a centre lies that close to an "
               "input cell edge, so the holding cell is always the right one."),
            tr("Nodata is never blended into values: a fine cell whose centre lies in a missing "
               "coarse cell (or outside the input) is nodata, with either method. Bilinear uses "
               "only the valid ones of the four neighbours and renormalises their weights to "
               "sum to 1, so next to a gap or the input's edge it leans on the valid cells and "
               "never mixes in the fill value."),
            tr("The output is processed in windows of 512×512 cells, so rasters larger than "
               "memory work; Cancel stops at the next window and leaves no output."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, tr("Input raster or time stack (coarse)")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.REFERENCE, tr("Reference layer (fine grid; values not used)")))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, tr("Method"),
            options=[tr("Nearest neighbour"), tr("Bilinear (nodata-aware)")], defaultValue=0))
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Resampled")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.raster.resampling import resample

        layers = {name: self.required_raster(parameters, name, context, self.tr(
            "No {label} layer was given. Select a raster.").format(label=label))
            for name, label in ((self.INPUT, self.tr("input")),
                                (self.REFERENCE, self.tr("reference")))}
        method = METHOD_KEYS[self.parameterAsEnum(parameters, self.METHOD, context)]
        output = self.output_layer(parameters, self.OUTPUT, context,
                                   f"{layers[self.INPUT].name()}_{method}")
        summary = resample(raster_path(layers[self.INPUT]),
                           raster_path(layers[self.REFERENCE]), output, method=method,
                           progress=progress)
        style_on_load(context, output, self.tr("{name} ({method}, {n} band(s))").format(
            name=layers[self.INPUT].name(), method=method, n=summary["bands"]))
        return {self.OUTPUT: output}

"""smdownscale:aggregate — a fine raster or time stack onto the coarse grid of a reference."""
from qgis.core import (QgsProcessingParameterEnum, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer)

from .base import SmAlgorithm, raster_path
from .styling import style_on_load

# Same order as the METHOD enum; equal to engine.prepare.aggregation.METHODS (the provider
# does not import numpy/rasterio; a test keeps them equal).
METHOD_KEYS = ["mean", "median", "mode", "min", "max", "std"]
DEFAULT_MIN_VALID_FRACTION = 0.5


class Aggregate(SmAlgorithm):
    """Aggregate fine cells to the coarse cells of a reference grid by exact membership."""

    ALG_ID = "aggregate"
    GROUP_ID = "prepare"

    INPUT = "INPUT"
    REFERENCE = "REFERENCE"
    METHOD = "METHOD"
    MIN_VALID_FRACTION = "MIN_VALID_FRACTION"
    OUTPUT = "OUTPUT"
    FRACTION = "FRACTION"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Aggregate to coarse grid")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Fine raster or time stack → the coarse grid of a reference layer "
                       "(mean, median, mode, min, max, std).")

    def help_summary(self):
        return self.tr(
            "Aggregates a fine raster or time stack (1 km MODIS indices, LST, DEM, land "
            "cover…) onto the grid of a coarse reference layer, e.g. the 36 km SMAP product, "
            "so the predictors and the soil moisture can be paired for training. The "
            "downscaling papers do this with the mean for continuous layers and the mode for "
            "land cover (Nadeem et al. 2023; Xu et al. 2024). Input and reference may be in "
            "any CRSs (EASE-Grid 2.0 EPSG:6933, WGS 84, UTM, MODIS sinusoidal…).")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "the fine raster or time stack. Every band is aggregated and keeps its "
                "description, so a stack keeps its dates; one band in gives one band out. Its "
                "nodata cells are left out. A raster without a CRS is refused. NaN/inf cells "
                "of a raster without a nodata value are left out too, and counted in a "
                "warning."),
            self.REFERENCE: tr(
                "the coarse layer whose grid (CRS, cell size, extent) the output takes; its "
                "values are not used. The output covers the whole reference grid; cells "
                "outside the input are nodata. The input's cells must be smaller than the "
                "reference's (for coarse → fine use Resample to fine grid)."),
            self.METHOD: tr(
                "mean (default; area-weighted), median, mode (the most frequent class, for "
                "categorical layers such as land cover; ties go to the smallest code; the "
                "input must hold integer codes, non-integer values are refused, not rounded), "
                "minimum, maximum or standard deviation (population, area-weighted)."),
            self.MIN_VALID_FRACTION: tr(
                "0–1, default 0.5: a coarse cell whose share of valid input cells is smaller "
                "becomes nodata. The share is of the coarse cell's area, so cells only partly "
                "covered by the input count their uncovered part as missing. 0 keeps every "
                "coarse cell with at least one valid input cell; 1 requires complete, gap-free "
                "coverage. (The ≥ 90 % rule of Nadeem et al. 2023 is about dates — the share "
                "of valid coarse cells per date — and is applied when training, not here.)"),
            self.OUTPUT: tr(
                "GeoTIFF on the reference grid, one band per input band with the input's band "
                "descriptions (dates), in the input's units (class codes for mode), float32, "
                "nodata −9999, DEFLATE-compressed, 256×256 tiles; written completely or not at "
                "all."),
            self.FRACTION: tr("optional: the valid share (0–1) of every coarse cell and band, "
                              "same layout; 0 outside the input."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("Cell membership: every input cell belongs wholly to the coarse cell that "
               "contains its centre (the centre transformed into the reference CRS). For "
               "nested grids (1 km EASE-Grid 2.0 cells inside 36 km cells) this is exact. For "
               "grids that are not nested, an input cell straddling a coarse edge is counted "
               "whole on one side, so the error is at most half an input cell along each "
               "coarse edge (the log says which case applies)."),
            tr("Area weights: the mean and standard deviation weight each input cell by its "
               "area. Projected inputs (UTM, EASE-Grid 2.0, …) have equal cells; geographic "
               "inputs (WGS 84 degrees) are weighted by cos(latitude), to which the true area "
               "of a degree cell is proportional. Median, mode, minimum and maximum count "
               "cells; the valid fraction is area-weighted like the mean."),
            tr("Memory does not grow with the raster: the reference grid is processed in "
               "strips of coarse rows and only the input window under each strip is read. "
               "Cancel stops at the next strip and leaves no output."),
            tr("Size limits, checked before anything is read: one reference cell may hold "
               "at most about 33.5 million input cells (they are held in memory together, "
               "≈ 1.5 GiB), and the input may have at most about 4.3 × 10⁹ cells per band "
               "over the reference grid (more takes many minutes per band). Beyond either, "
               "the message says by how much and what to do: aggregate onto an intermediate "
               "grid first, or clip the input to the region that holds data."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, tr("Input raster or time stack (fine)")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.REFERENCE, tr("Reference layer (coarse grid; values not used)")))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, tr("Method"),
            options=[tr("Mean (area-weighted)"), tr("Median"), tr("Mode (categorical)"),
                     tr("Minimum"), tr("Maximum"), tr("Standard deviation")],
            defaultValue=0))
        self.add_number(self.MIN_VALID_FRACTION,
                        tr("Minimum valid fraction of a coarse cell (0–1)"),
                        DEFAULT_MIN_VALID_FRACTION, 0.0, 1.0)
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Aggregated")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.FRACTION, tr("Valid fraction (0–1)"), optional=True, createByDefault=False))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.aggregation import aggregate

        layers = {name: self.required_raster(parameters, name, context, self.tr(
            "No {label} layer was given. Select a raster.").format(label=label))
            for name, label in ((self.INPUT, self.tr("input")),
                                (self.REFERENCE, self.tr("reference")))}
        method = METHOD_KEYS[self.parameterAsEnum(parameters, self.METHOD, context)]
        name = layers[self.INPUT].name()
        output = self.output_layer(parameters, self.OUTPUT, context, f"{name}_{method}")
        fraction = self.output_layer(parameters, self.FRACTION, context,
                                     f"{name}_valid_fraction") or None
        summary = aggregate(
            raster_path(layers[self.INPUT]), raster_path(layers[self.REFERENCE]), output,
            method=method,
            min_valid_fraction=self.parameterAsDouble(parameters, self.MIN_VALID_FRACTION,
                                                      context),
            fraction_output=fraction, progress=progress)
        style_on_load(context, output, self.tr("{name} ({method}, {n} band(s))").format(
            name=layers[self.INPUT].name(), method=method, n=summary["bands"]))
        results = {self.OUTPUT: output}
        if fraction:
            style_on_load(context, fraction, self.tr("Valid fraction"))
            results[self.FRACTION] = fraction
        return results

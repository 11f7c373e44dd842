"""smdownscale:antecedentprecip — antecedent precipitation index of a daily rain stack."""
from qgis.core import QgsProcessingParameterRasterDestination, QgsProcessingParameterRasterLayer

from .base import SmAlgorithm, raster_path
from .styling import style_on_load

DEFAULT_RETENTION = 0.85  # engine.prepare.antecedent.DEFAULT_RETENTION (a test keeps them equal)


class AntecedentPrecipitation(SmAlgorithm):
    """Daily precipitation stack → antecedent precipitation index stack."""

    ALG_ID = "antecedentprecip"
    GROUP_ID = "prepare"

    INPUT = "INPUT"
    RETENTION = "RETENTION"
    OUTPUT = "OUTPUT"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Antecedent precipitation index")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Turns a daily precipitation stack into the antecedent precipitation "
                       "index, the rain of the past days that surface soil moisture follows.")

    def help_summary(self):
        return self.tr(
            "Surface soil moisture follows the rain of the past days more than the rain of "
            "the day (Yan & Bai 2020 found precipitation the dominant predictor of their "
            "seasonal models; Xu et al. 2024 checked their downscaled maps against rainfall "
            "events). The antecedent precipitation index (Kohler & Linsley 1951) carries that "
            "memory: API_t = k^Δt · API_(t−1) + P_t (mm), with Δt the days since the previous "
            "band. Use the output as a dynamic predictor in Train and Predict.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "time stack of daily totals (mm), one band per day with its ISO date as band "
                "description, in date order (see Build time stack). Missing values count as no "
                "rain (counted in the log)."),
            self.RETENTION: tr(
                "0–1, default 0.85 (about a one-week memory; 0.8–0.95 are usual). The first "
                "band starts from the pixel's equilibrium, mean daily rain / (1 − k), so there "
                "is no spin-up dip."),
            self.OUTPUT: tr("time stack (mm) with the input's grid and band dates, float32, "
                            "nodata −9999."),
        }

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, self.tr("Daily precipitation stack (mm)")))
        self.add_number(self.RETENTION, self.tr("Daily retention k (0–1)"), DEFAULT_RETENTION,
                        0.01, 0.999)
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Antecedent precipitation index")))

    def process(self, parameters, context, feedback, progress):
        from ..engine.prepare.antecedent import antecedent_stack

        layer = self.required_raster(parameters, self.INPUT, context, self.tr(
            "No precipitation stack was given. Select a daily precipitation time stack."))
        output = self.output_layer(parameters, self.OUTPUT, context, f"{layer.name()}_api")
        antecedent_stack(raster_path(layer), output,
                         self.parameterAsDouble(parameters, self.RETENTION, context),
                         progress=progress)
        style_on_load(context, output, self.tr("Antecedent precipitation index"))
        return {self.OUTPUT: output}

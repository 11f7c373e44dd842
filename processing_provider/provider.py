"""The ``smdownscale`` Processing provider: id, name, icon and algorithm list."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..algorithms import algorithm_classes

_ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icon.svg")


class SmDownscaleProvider(QgsProcessingProvider):
    """Soil moisture downscaling algorithms (provider id ``smdownscale``)."""

    def id(self):
        return "smdownscale"

    def name(self):
        return QCoreApplication.translate("SmDownscaleProvider", "Soil moisture downscaling")

    def longName(self):  # noqa: N802 (QGIS API name)
        return QCoreApplication.translate(
            "SmDownscaleProvider",
            "Soil moisture downscaling (SMAP/AMSR2/SMOS to 1 km with machine learning)")

    def icon(self):
        return QIcon(_ICON)

    def svgIconPath(self):  # noqa: N802 (QGIS API name)
        return _ICON

    def supportedOutputRasterLayerExtensions(self):  # noqa: N802 (QGIS API name)
        """Outputs are tiled, compressed GeoTIFFs (DESIGN §3)."""
        return ["tif"]

    def loadAlgorithms(self):  # noqa: N802 (QGIS API name)
        """Add a fresh instance of every algorithm (never reuse instances)."""
        for cls in algorithm_classes():
            self.addAlgorithm(cls())

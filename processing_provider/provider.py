"""The ``smdownscale`` Processing provider: id, name, icon and algorithm list."""
import glob
import os

from qgis.core import QgsMessageLog, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..algorithms import algorithm_classes

_ROOT = os.path.dirname(os.path.dirname(__file__))
_ICON = os.path.join(_ROOT, "icon.svg")
MODELS_DIR = os.path.join(_ROOT, "models")


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
        for path in sorted(glob.glob(os.path.join(MODELS_DIR, "*.model3"))):
            model = ShippedModel()
            if model.fromFile(path):
                self.addAlgorithm(model)
            else:
                QgsMessageLog.logMessage(f"Could not read the model {path}", "smdownscale")


class ShippedModel(QgsProcessingModelAlgorithm):
    """A model file shipped with the plugin, shown under a readable, translated name.

    A model's id is built from its (short) name; its display name would be the same
    text, so the readable title is kept in the model's help as ALG_TITLE.
    """

    def displayName(self):  # noqa: N802 (QGIS API name)
        title = self.helpContent().get("ALG_TITLE") or self.name()
        return QCoreApplication.translate("ShippedModel", title)

    def createInstance(self):  # noqa: N802 (QGIS API name)
        model = ShippedModel()
        model.loadVariant(self.toVariant())
        model.setSourceFilePath(self.sourceFilePath())
        return model

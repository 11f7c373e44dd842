"""The QGIS plugin object: registers the Processing provider.

The provider is added in :meth:`initProcessing`, which QGIS desktop and
``qgis_process`` both call (``initGui`` is never called by ``qgis_process``).
"""
from qgis.core import QgsApplication

from .i18n.translator import install_translator


class SmDownscalePlugin:
    """Plugin object created by :func:`classFactory`."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = install_translator()

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        """Add the provider to the Processing registry (desktop and qgis_process)."""
        from .processing_provider.provider import SmDownscaleProvider

        if self.provider is None:
            self.provider = SmDownscaleProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)
            # The shipped model's steps are this provider's algorithms, which the
            # registry finds only once the provider is in it: load the model again.
            self.provider.refreshAlgorithms()

    def initGui(self):  # noqa: N802 (QGIS API name)
        """Desktop start-up: every capability lives in the Processing Toolbox."""
        self.initProcessing()

    def unload(self):
        """Remove the provider when the plugin is unloaded or reloaded."""
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None

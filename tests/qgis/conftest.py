"""Fixtures for tests inside a real headless QGIS with Processing initialised."""
import pytest
from qgis.core import QgsApplication, QgsProcessingFeedback


@pytest.fixture(scope="session")
def plugin(qgis_processing, qgis_iface):
    """The plugin loaded through classFactory, its provider registered via initProcessing."""
    from smdownscale import classFactory

    plugin = classFactory(qgis_iface)
    plugin.initProcessing()
    yield plugin
    plugin.unload()


@pytest.fixture(scope="session")
def registry(plugin):
    return QgsApplication.processingRegistry()


class RecordingFeedback(QgsProcessingFeedback):
    """Feedback that keeps every message, for assertions."""

    def __init__(self):
        super().__init__()
        self.infos, self.warnings, self.errors = [], [], []

    def pushInfo(self, info):  # noqa: N802
        self.infos.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.warnings.append(warning)

    def reportError(self, error, fatalError=False):  # noqa: N802, N803
        self.errors.append(error)


@pytest.fixture
def feedback():
    return RecordingFeedback()

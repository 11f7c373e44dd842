"""Common base of the smdownscale Processing algorithms.

Subclasses declare ``ALG_ID``, ``GROUP_ID``, ``REQUIRES`` (import names), a display
name, help text and parameters, and implement :meth:`process`. The base turns
engine errors into ``QgsProcessingException`` and checks optional packages.
"""
import os
import re

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingParameterDefinition, QgsProcessingUtils, QgsRasterLayer)
from qgis.PyQt.QtCore import QCoreApplication

from ..engine.dependencies import missing_message
from ..engine.errors import Cancelled, InputError
from .feedback import FeedbackProgress, line_feedback

GROUPS = {
    "prepare": "Prepare predictors",
    "downscale": "Downscale",
    "fusevalidate": "Fuse and validate",
}


def help_text(summary, parameters=(), outputs=(), notes=()):
    """Plain-text help: one paragraph per line.

    The toolbox shows each line as a paragraph and ``qgis_process help`` prints it
    as it is, so no HTML is used. ``parameters``/``outputs`` are (label, text) pairs.
    """
    lines = [summary]
    if parameters:
        lines.append(QCoreApplication.translate("SmAlgorithm", "PARAMETERS"))
        lines += [f"• {label}: {text}" for label, text in parameters]
    if outputs:
        lines.append(QCoreApplication.translate("SmAlgorithm", "OUTPUTS"))
        lines += [f"• {label}: {text}" for label, text in outputs]
    lines += list(notes)
    return "\n".join(lines)


class SmAlgorithm(QgsProcessingAlgorithm):
    """Base class: ids, groups, translation, dependency check, error translation."""

    ALG_ID = ""
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio")

    def tr(self, text):
        """Translate a user-facing string in this algorithm's context."""
        return QCoreApplication.translate(type(self).__name__, text)

    def name(self):
        return self.ALG_ID

    def group(self):
        return QCoreApplication.translate("SmAlgorithm", GROUPS[self.GROUP_ID])

    def groupId(self):  # noqa: N802 (QGIS API name)
        return self.GROUP_ID

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    def canExecute(self):  # noqa: N802 (QGIS API name)
        message = missing_message(self.REQUIRES)
        return (not message, message)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Check dependencies, run :meth:`process`, translate engine errors."""
        message = missing_message(self.REQUIRES)
        if message:
            raise QgsProcessingException(message)
        feedback = line_feedback(feedback)  # qgis_process: messages not glued to progress
        try:
            return self.process(parameters, context, feedback, FeedbackProgress(feedback))
        except InputError as err:
            raise QgsProcessingException(str(err)) from err
        except Cancelled as err:
            raise QgsProcessingException(QCoreApplication.translate(
                "SmAlgorithm", "Cancelled by the user.")) from err

    def add_advanced(self, parameter):
        """Add ``parameter`` under the dialog's "Advanced parameters"."""
        parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(parameter)

    def field_name(self, parameters, name, context):
        """The field chosen in field parameter ``name``, or "" when none."""
        fields = self.parameterAsFields(parameters, name, context)
        return fields[0] if fields else ""

    def required_raster(self, parameters, name, context, message):
        """The raster layer of parameter ``name``; ``message`` (what to select) if none."""
        layer = self.parameterAsRasterLayer(parameters, name, context)
        if layer is None:
            raise QgsProcessingException(message)
        return layer

    def output_layer(self, parameters, name, context, stem=None):
        """The destination of raster output ``name``; a temporary one is named ``stem``.tif.

        Processing names every temporary output after its parameter (OUTPUT.tif). In a
        model, train and predict would then see several predictors all called "OUTPUT"
        (predictors are matched by layer name), so a temporary output is written as
        <stem>.tif in its own temporary folder instead. A file the user chose keeps its
        name. Layer loading and styling follow the new path.
        """
        path = self.parameterAsOutputLayer(parameters, name, context)
        if not path or not stem or not _is_temporary(path, name):
            return path
        folder, base = os.path.split(path)
        renamed = os.path.join(folder, re.sub(r"[^\w.-]+", "_", stem) + os.path.splitext(base)[1])
        layers = context.layersToLoadOnCompletion()
        if path in layers:
            layers[renamed] = layers.pop(path)
            context.setLayersToLoadOnCompletion(layers)
        return renamed

    def process(self, parameters, context, feedback, progress):
        """Do the work; return the outputs dict. ``progress`` wraps ``feedback`` for the engine."""
        raise NotImplementedError


def _is_temporary(path, name):
    """True for a path Processing generated for a temporary output of parameter ``name``."""
    folder, base = os.path.split(os.path.abspath(path))
    root = os.path.abspath(QgsProcessingUtils.tempFolder())
    return os.path.splitext(base)[0] == name and folder.startswith(root + os.sep)


def raster_path(layer):
    """The file behind a raster layer; refuse layers that are not GDAL files."""
    if not isinstance(layer, QgsRasterLayer) or layer.providerType() != "gdal":
        raise QgsProcessingException(
            f"'{layer.name()}' is not a file-based raster (provider "
            f"'{layer.providerType()}'). Save it as a GeoTIFF first.")
    path = layer.source().split("|")[0]
    if not os.path.exists(path) and ":" not in os.path.basename(path):
        raise QgsProcessingException(f"The file of layer '{layer.name()}' was not found: {path}")
    return path

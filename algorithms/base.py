"""Common base of the smdownscale Processing algorithms.

Subclasses declare ``ALG_ID``, ``GROUP_ID``, ``REQUIRES`` (import names), a display
name, their parameters and their help, and implement :meth:`process`. The base
builds the help from the parameter definitions, declares the parameters several
algorithms share (numbers, clip limits, output numbers), checks file outputs, turns
engine errors into ``QgsProcessingException`` and checks optional packages.
"""
import os
import re

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterBoolean, QgsProcessingParameterDefinition,
                       QgsProcessingParameterFile, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProcessingUtils, QgsRasterLayer)
from qgis.PyQt.QtCore import QCoreApplication

from ..engine.dependencies import missing_message
from ..engine.errors import Cancelled, InputError
from ..engine.raster.executors import cluster_session
from .feedback import FeedbackProgress, line_feedback
from .helptext import help_text

GROUPS = {
    "prepare": "Prepare predictors",
    "downscale": "Downscale",
    "fusevalidate": "Fuse and validate",
}
CLIP_DEFAULTS = (0.0, 0.6)  # m³/m³, the physical limits of a soil-moisture map


class SmAlgorithm(QgsProcessingAlgorithm):
    """Base class: ids, groups, translation, dependency check, error translation."""

    ALG_ID = ""
    GROUP_ID = "prepare"
    REQUIRES = ("numpy", "rasterio")
    NUMBERS = ()  # (output name, label) of the numbers an algorithm returns
    CLIP_MIN = "CLIP_MIN"
    CLIP_MAX = "CLIP_MAX"
    CLUSTER = "CLUSTER"
    COMPILE_CACHE = "COMPILE_CACHE"
    RESUME = "RESUME"

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

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return help_text(self, self.help_summary(), self.all_help_entries(), self.help_notes())

    def all_help_entries(self):
        """:meth:`help_entries` and the entries of shared parameters declared (CLUSTER,
        COMPILE_CACHE, RESUME)."""
        entries = dict(self.help_entries())
        if self.parameterDefinition(self.RESUME) is not None:
            entries.setdefault(self.RESUME, resume_help())
        if self.parameterDefinition(self.CLUSTER) is not None:
            entries.setdefault(self.CLUSTER, cluster_help())
        if self.parameterDefinition(self.COMPILE_CACHE) is not None:
            entries.setdefault(self.COMPILE_CACHE, compile_cache_help())
        return entries

    def help_summary(self):
        """The help's first paragraph: what the algorithm does and where it comes from."""
        raise NotImplementedError

    def help_entries(self):
        """{parameter or output name, or a tuple of names sharing one bullet: help text}.

        Every parameter and output has an entry; the bullet's label is taken from the
        definitions, so the help says what the dialog says.
        """
        raise NotImplementedError

    def help_notes(self):
        """Paragraphs after the parameters and outputs."""
        return []

    def canExecute(self):  # noqa: N802 (QGIS API name)
        message = missing_message(self.REQUIRES)
        return (not message, message)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Check dependencies, run :meth:`process`, translate engine errors."""
        message = missing_message(self.REQUIRES)
        if message:
            raise QgsProcessingException(message)
        feedback = line_feedback(feedback)  # qgis_process: messages not glued to progress
        progress = FeedbackProgress(feedback)
        cluster = ""
        if self.parameterDefinition(self.CLUSTER) is not None:
            cluster = self.parameterAsString(parameters, self.CLUSTER, context)
        try:
            # the cluster is reached (or started) before any output is written
            with cluster_session(cluster, progress):
                return self.process(parameters, context, feedback, progress)
        except InputError as err:
            raise QgsProcessingException(str(err)) from err
        except Cancelled as err:
            raise QgsProcessingException(QCoreApplication.translate(
                "SmAlgorithm", "Cancelled by the user.")) from err

    # -- declaring parameters and outputs --------------------------------------------------
    def add_advanced(self, parameter):
        """Add ``parameter`` under the dialog's "Advanced parameters"."""
        parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(parameter)

    def add_number(self, name, label, default=None, minimum=None, maximum=None,
                   integer=False, optional=False, advanced=False):
        """Add a number parameter (an integer with ``integer``); return its definition.

        ``minimum``/``maximum`` left at None leave that side open.
        """
        limits = {key: value for key, value in (("minValue", minimum), ("maxValue", maximum))
                  if value is not None}
        kind = QgsProcessingParameterNumber.Integer if integer else \
            QgsProcessingParameterNumber.Double
        parameter = QgsProcessingParameterNumber(name, label, kind, defaultValue=default,
                                                 optional=optional, **limits)
        if advanced:
            self.add_advanced(parameter)
        else:
            self.addParameter(parameter)
        return parameter

    def add_cluster(self):
        """CLUSTER (advanced): where the work units run (see :func:`cluster_help`)."""
        self.add_advanced(QgsProcessingParameterString(
            self.CLUSTER, QCoreApplication.translate(
                "SmAlgorithm", "Cluster (empty = this process, local:N, tcp://host:port)"),
            defaultValue="", optional=True))

    def add_resume(self):
        """RESUME (advanced, default on): continue an interrupted run (:func:`resume_help`)."""
        self.add_advanced(QgsProcessingParameterBoolean(
            self.RESUME, QCoreApplication.translate(
                "SmAlgorithm", "Resume an interrupted run (off = always start over)"),
            defaultValue=True))

    def resume(self, parameters, context):
        """The RESUME choice (True when the algorithm has no such parameter)."""
        if self.parameterDefinition(self.RESUME) is None:
            return True
        return self.parameterAsBool(parameters, self.RESUME, context)

    def add_compile_cache(self):
        """COMPILE_CACHE (advanced): folder of the compiled LightGBM models."""
        self.add_advanced(QgsProcessingParameterFile(
            self.COMPILE_CACHE, QCoreApplication.translate(
                "SmAlgorithm", "Compiled-model cache folder (empty = the user's cache folder)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))

    def compile_cache(self, parameters, context):
        """The folder chosen in COMPILE_CACHE, '' for the default."""
        return (self.parameterAsFile(parameters, self.COMPILE_CACHE, context) or "").strip()

    def add_clip_limits(self):
        """CLIP_MIN and CLIP_MAX: the physical limits of the output map (m³/m³)."""
        low, high = CLIP_DEFAULTS
        self.add_number(self.CLIP_MIN, QCoreApplication.translate(
            "SmAlgorithm", "Lower limit (m³/m³)"), low, -1.0, 1.0)
        self.add_number(self.CLIP_MAX, QCoreApplication.translate(
            "SmAlgorithm", "Upper limit (m³/m³)"), high, 0.0, 1.0)

    def add_numbers(self):
        """Declare the ``NUMBERS`` outputs, for the next step of a Modeler model."""
        for name, label in self.NUMBERS:
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(label)))

    def number_names(self):
        """The names of the ``NUMBERS`` outputs (one help bullet for all of them)."""
        return tuple(name for name, _ in self.NUMBERS)

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

    def output_file(self, parameters, name, context):
        """The path of file output ``name`` ("" when none); refuse a folder that is missing.

        The one check of the folder of a file output (reports, tables, model files),
        before any work is done; raster outputs are checked by the engine's stack writer.
        """
        path = self.parameterAsFileOutput(parameters, name, context).strip()
        folder = os.path.dirname(os.path.abspath(path)) if path else None
        if folder and not os.path.isdir(folder):
            label = self.parameterDefinition(name).description()
            raise QgsProcessingException(QCoreApplication.translate(
                "SmAlgorithm", "The folder of the {output} does not exist. Create it or "
                "choose another place: {folder}").format(output=_lower_first(label),
                                                         folder=folder))
        return path

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


def cluster_help():
    """The help of the CLUSTER parameter, the same in every algorithm that has it."""
    return QCoreApplication.translate(
        "SmAlgorithm",
        "where the work runs. Empty (default): in this process. local:N: N worker "
        "processes started on this machine for this run and stopped after it, for "
        "qgis_process on a large server; they are separate Python processes (the Python QGIS "
        "embeds, or $SMDOWNSCALE_WORKER_PYTHON), never copies of QGIS, so this is also safe in the "
        "QGIS desktop. tcp://host:port: a running Dask scheduler ('dask-scheduler') whose "
        "workers ('dask-worker tcp://host:port' with the folder holding this plugin on "
        "PYTHONPATH) can read the inputs, by path on a shared disk or as a GDAL virtual "
        "path (/vsicurl/, /vsis3/). The output is written here and is identical to a run "
        "in this process; a worker that dies is replaced and its work redone. Needs Dask's "
        "distributed package (python3-distributed).")


def resume_help():
    """The help of the RESUME parameter of the algorithms that write dates one by one."""
    return QCoreApplication.translate(
        "SmAlgorithm",
        "advanced, default on: every date (band) is kept, as soon as it is written, in a "
        "hidden folder beside the output (.resume_…). If the run stops — cancelled, killed, "
        "a reboot, a full disk — running it again with the same inputs and parameters "
        "copies those dates and computes only the rest (the log says how many), giving the "
        "same output as an uninterrupted run. The folder is thrown away when the run "
        "succeeds, or when a rerun finds that an input file (path, size or modification "
        "time), a parameter or the plugin version changed (the log says which). Off: always "
        "start over, and neither read nor write that folder.")


def compile_cache_help():
    """The help of the COMPILE_CACHE parameter, the same in predict and train."""
    return QCoreApplication.translate(
        "SmAlgorithm",
        "where compiled LightGBM models are kept (empty: ~/.cache/smdownscale/compiled, or "
        "$XDG_CACHE_HOME/smdownscale/compiled). A model is compiled once to machine code "
        "(lleaves) and found again by its content, the lleaves and LLVM versions and the "
        "CPU; each file is checked against its SHA-256 before it is loaded, and the folder "
        "is kept under 2 GiB (least recently used out). On a cluster, a folder the workers "
        "can read saves them compiling again.")


def _lower_first(label):
    """'Date report' → 'date report' (in a sentence); 'NDVI' stays 'NDVI'."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _is_temporary(path, name):
    """True for a path Processing generated for a temporary output of parameter ``name``."""
    folder, base = os.path.split(os.path.abspath(path))
    root = os.path.abspath(QgsProcessingUtils.tempFolder())
    return os.path.splitext(base)[0] == name and folder.startswith(root + os.sep)


def raster_path(layer):
    """The file behind a raster layer; refuse layers that are not GDAL files, and files
    that are damaged, cut short or not rasters (the one check of every raster input)."""
    if not isinstance(layer, QgsRasterLayer) or layer.providerType() != "gdal":
        raise QgsProcessingException(
            f"'{layer.name()}' is not a file-based raster (provider "
            f"'{layer.providerType()}'). Save it as a GeoTIFF first.")
    path = layer.source().split("|")[0]
    if not os.path.exists(path) and ":" not in os.path.basename(path):
        raise QgsProcessingException(f"The file of layer '{layer.name()}' was not found: {path}")
    if os.path.isfile(path):
        from ..engine.raster.readable import check_raster  # rasterio: only when running

        try:
            check_raster(path)
        except InputError as err:
            raise QgsProcessingException(str(err)) from err
    return path

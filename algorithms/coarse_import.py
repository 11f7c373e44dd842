"""What the coarse soil-moisture importers (AMSR2, SMOS, ESA CCI) share at the QGIS side:
the valid range, extent and output parameters, the extent in the product's CRS, and the
results (numbers for the Modeler, the stack loaded with the soil-moisture ramp)."""
from qgis.core import (QgsCoordinateReferenceSystem, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputString, QgsProcessingParameterExtent,
                       QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterDestination)
from qgis.PyQt.QtCore import QCoreApplication

from .styling import style_soil_moisture_on_load

VALID_RANGE = (0.02, 0.6)  # m³/m³, = the engine options' defaults


def tr(text):
    """Translate a message of this module."""
    return QCoreApplication.translate("CoarseImport", text)


def add_input(alg, label):
    """INPUT: the product files."""
    alg.addParameter(QgsProcessingParameterMultipleLayers(alg.INPUT, label,
                                                          QgsProcessing.TypeFile))


def add_range_extent_output(alg, output_label):
    """VALID_MIN, VALID_MAX (m³/m³), EXTENT, RESUME and CLUSTER (advanced), OUTPUT and the
    outputs BAND_COUNT, DATE_LIST, PRODUCT."""
    low, high = VALID_RANGE
    alg.add_number(alg.VALID_MIN, tr("Lowest valid value (m³/m³)"), low, 0.0, 1.0)
    alg.add_number(alg.VALID_MAX, tr("Highest valid value (m³/m³)"), high, 0.0, 1.0)
    alg.addParameter(QgsProcessingParameterExtent(
        alg.EXTENT, tr("Extent (empty = whole globe)"), optional=True))
    alg.add_resume()
    alg.add_cluster()
    alg.addParameter(QgsProcessingParameterRasterDestination(alg.OUTPUT, output_label))
    alg.add_numbers()
    alg.addOutput(QgsProcessingOutputString("DATE_LIST", tr("Band dates (comma-separated)")))
    alg.addOutput(QgsProcessingOutputString("PRODUCT", tr("Product")))


def range_help(alg):
    """Help entries of VALID_MIN/VALID_MAX, EXTENT and the outputs."""
    return {
        (alg.VALID_MIN, alg.VALID_MAX): tr("values outside 0.02–0.6 m³/m³ (default) are "
                                           "removed."),
        alg.EXTENT: tr("optional: cut the global grid to this extent (any CRS, or a "
                       "layer's extent), snapped outward to whole cells; empty = the whole "
                       "globe."),
        ("BAND_COUNT", "DATE_LIST", "PRODUCT"): tr("band count, band dates, product."),
    }


def files(alg, parameters, context, what):
    """The INPUT files; a clear message when none is given."""
    paths = alg.parameterAsFileList(parameters, alg.INPUT, context)
    if not paths:
        raise QgsProcessingException(tr("No file was given. Select one or more {what}.")
                                     .format(what=what))
    return paths


def valid_range(alg, parameters, context):
    """(VALID_MIN, VALID_MAX) in m³/m³."""
    return (alg.parameterAsDouble(parameters, alg.VALID_MIN, context),
            alg.parameterAsDouble(parameters, alg.VALID_MAX, context))


def bounds(alg, parameters, context, epsg):
    """EXTENT as (left, bottom, right, top) in EPSG:``epsg`` units, or None (whole globe)."""
    if not parameters.get(alg.EXTENT):
        return None
    crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    rect = alg.parameterAsExtent(parameters, alg.EXTENT, context, crs)
    if rect.isNull() or rect.isEmpty():
        return None
    return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()


def results(alg, context, output, summary, label):
    """The outputs dict; the stack is loaded as "<label> (<n> bands)" with the ramp."""
    dates = summary["dates"]
    style_soil_moisture_on_load(context, output, tr("{label} ({n} bands)")
                                .format(label=label, n=len(dates)))
    return {alg.OUTPUT: output, "BAND_COUNT": len(dates), "DATE_LIST": ",".join(dates),
            "PRODUCT": summary["product"]}

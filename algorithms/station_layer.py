"""The station inputs of validate and fuse: their parameters, and reading the layer.

A station layer has one point feature per observation. :func:`add_station_parameters`
declares the layer and its fields the same way in every algorithm that takes
stations; :func:`station_observations` reads them into engine Observations. Fields
are checked by name and type before any feature is read; features that cannot be
used (no geometry, no value, no date, no station id) are counted and reported, not
guessed.
"""
from qgis.core import (QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsProcessing,
                       QgsProcessingException, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField)
from qgis.PyQt.QtCore import QCoreApplication, QDate, QDateTime, QVariant

from ..engine.raster.dates import parse_iso
from ..engine.stations.observations import Observations

_DATE_TYPES = (QVariant.Date, QVariant.DateTime, QVariant.String)
# The station parameters, named alike in every algorithm (public contract).
STATIONS, STATION_ID_FIELD, VALUE_FIELD, DATE_FIELD, GROUP_FIELD = (
    "STATIONS", "STATION_ID_FIELD", "VALUE_FIELD", "DATE_FIELD", "GROUP_FIELD")


def tr(text):
    """Translate a message of this module."""
    return QCoreApplication.translate("StationLayer", text)


def add_station_parameters(alg, group=False):
    """STATIONS and its STATION_ID_FIELD, VALUE_FIELD, DATE_FIELD (and GROUP_FIELD) fields."""
    alg.addParameter(QgsProcessingParameterFeatureSource(
        STATIONS, tr("Station observations (points)"), [QgsProcessing.TypeVectorPoint]))
    any_type, numeric = QgsProcessingParameterField.Any, QgsProcessingParameterField.Numeric
    fields = [(STATION_ID_FIELD, tr("Station id field (empty = one station per position)"),
               True, any_type),
              (VALUE_FIELD, tr("Observed soil moisture field (m³/m³)"), False, numeric),
              (DATE_FIELD, tr("Date field"), True, any_type)]
    if group:
        fields.append((GROUP_FIELD, tr("Group field (e.g. network scale, land cover)"), True,
                       any_type))
    for name, label, optional, kind in fields:
        alg.addParameter(QgsProcessingParameterField(
            name, label, parentLayerParameterName=STATIONS, type=kind, optional=optional))


def station_observations(alg, parameters, context, feedback):
    """(source, Observations) of the parameters :func:`add_station_parameters` declared."""
    def field(name):
        if alg.parameterDefinition(name) is None:
            return None
        return alg.field_name(parameters, name, context) or None

    value_field = field(VALUE_FIELD)
    if not value_field:
        raise QgsProcessingException(tr(
            "No value field was given. Choose the field with the observed soil moisture "
            "(m³/m³)."))
    source = alg.parameterAsSource(parameters, STATIONS, context)
    return source, read_observations(source, field(STATION_ID_FIELD), value_field,
                                     field(DATE_FIELD), field(GROUP_FIELD), feedback)


def check_field(source, name, what, numeric=False, dates=False):
    """The index of field ``name`` of ``source``; refuse a missing or mistyped field."""
    fields = source.fields()
    index = fields.lookupField(name) if name else -1
    if index < 0:
        raise QgsProcessingException(tr(
            "The station layer has no field '{name}' for the {what}. Its fields are: "
            "{fields}.").format(name=name or "", what=what, fields=", ".join(fields.names())))
    field = fields.at(index)
    if numeric and not field.isNumeric():
        raise QgsProcessingException(tr(
            "The {what} field '{name}' is not numeric (it holds {type}). Choose a numeric "
            "field, or convert it with the Field calculator (to_real(\"{name}\")).").format(
                what=what, name=name, type=field.typeName()))
    if dates and field.type() not in _DATE_TYPES:
        raise QgsProcessingException(tr(
            "The {what} field '{name}' holds {type}; it must be a date, a date-time or text "
            "like YYYY-MM-DD.").format(what=what, name=name, type=field.typeName()))
    return index


def as_band_date(value, field_name, feature_id):
    """A BandDate from a QDate, QDateTime or ISO text; None for NULL; refuse other text."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        d, t = value.date(), value.time()
        text = f"{d.year():04d}-{d.month():02d}-{d.day():02d}"
        if t.hour() or t.minute():
            text += f"T{t.hour():02d}:{t.minute():02d}"
        return parse_iso(text)
    if isinstance(value, QDate):
        return parse_iso(f"{value.year():04d}-{value.month():02d}-{value.day():02d}")
    text = str(value).strip()
    if not text:
        return None
    date = parse_iso(text)
    if date is None:
        raise QgsProcessingException(tr(
            "Feature {fid}: '{text}' in the date field '{name}' is not a date. Dates must read "
            "YYYY-MM-DD (or YYYY-MM-DDTHH:MM).").format(fid=feature_id, text=text,
                                                         name=field_name))
    return date


def source_crs_text(source):
    """The layer CRS as text rasterio understands; refuse a layer without CRS."""
    crs = source.sourceCrs()
    if not crs.isValid():
        raise QgsProcessingException(tr(
            "The station layer has no coordinate reference system. Set its CRS (Layer "
            "Properties ▸ Source) and run again."))
    if crs.authid().upper().startswith("EPSG:"):
        return crs.authid()
    return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)


def read_observations(source, id_field, value_field, date_field=None, group_field=None,
                      feedback=None):
    """Observations of a point source; logs how many features were skipped and why.

    Without ``id_field`` a station is a distinct position ("x y" as its id).
    """
    if source is None:
        raise QgsProcessingException(tr("No station layer was given. Choose a point layer "
                                        "with one feature per observation."))
    names = [f for f in (id_field, value_field, date_field, group_field) if f]
    if id_field:
        check_field(source, id_field, tr("station id"))
    check_field(source, value_field, tr("observed value"), numeric=True)
    if date_field:
        check_field(source, date_field, tr("date"), dates=True)
    if group_field:
        check_field(source, group_field, tr("group"))
    crs = source_crs_text(source)
    if source.featureCount() == 0:
        raise QgsProcessingException(tr("The station layer has no features. Choose a point "
                                        "layer with one feature per observation."))
    request = QgsFeatureRequest().setSubsetOfAttributes(names, source.fields())
    columns = {k: [] for k in ("id", "x", "y", "value", "date", "group")}
    skipped = {"geometry": 0, "id": 0, "value": 0, "date": 0}
    total = max(source.featureCount(), 1)
    for i, feature in enumerate(source.getFeatures(request)):
        if feedback is not None and feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled by the user."))
        row = _observation(feature, id_field, value_field, date_field, group_field)
        if isinstance(row, str):
            skipped[row] += 1
            continue
        for key, value in row.items():
            columns[key].append(value)
        if feedback is not None and i % 1000 == 0:
            feedback.setProgress(2.0 * i / total)
    _report_skipped(skipped, feedback)
    if not columns["value"]:
        raise QgsProcessingException(tr(
            "None of the station features can be used (no geometry, station id, value or "
            "date). Check the chosen fields."))
    return Observations.build(columns["id"], columns["x"], columns["y"], columns["value"],
                              columns["date"] if date_field else None,
                              columns["group"] if group_field else None, crs)


def _observation(feature, id_field, value_field, date_field, group_field):
    """A dict of one usable observation, or the name of what it lacks."""
    geometry = feature.geometry()
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return "geometry"
    point = geometry.asMultiPoint()[0] if geometry.isMultipart() else geometry.asPoint()
    sid = feature[id_field] if id_field else f"{point.x():.6f} {point.y():.6f}"
    if _is_null(sid) or str(sid).strip() == "":
        return "id"
    value = feature[value_field]
    if _is_null(value):
        return "value"
    date = None
    if date_field:
        date = as_band_date(feature[date_field], date_field, feature.id())
        if date is None:
            return "date"
    group = feature[group_field] if group_field else None
    return {"id": str(sid).strip(), "x": point.x(), "y": point.y(), "value": float(value),
            "date": date, "group": None if _is_null(group) else str(group)}


def _is_null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull()) or \
        (isinstance(value, QVariant) and value.isNull())


def _report_skipped(skipped, feedback):
    if feedback is None:
        return
    what = {"geometry": tr("no geometry"), "id": tr("no station id"), "value": tr("no value"),
            "date": tr("no date")}
    for key, count in skipped.items():
        if count:
            feedback.pushWarning(tr("{n} feature(s) skipped: {why}.").format(n=count,
                                                                            why=what[key]))


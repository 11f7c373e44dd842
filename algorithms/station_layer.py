"""The station inputs of validate and fuse: their parameters, and reading the layer.

A station layer has one feature per observation: a point layer, or a table without
geometry (a CSV) whose x and y fields (X_FIELD, Y_FIELD, in the CRS XY_CRS, default
EPSG:4326) give the positions. :func:`add_station_parameters` declares the layer and
its fields the same way in every algorithm that takes stations;
:func:`station_observations` reads them into engine Observations. Fields are checked
by name and type before any feature is read; a text field may hold numbers (a CSV
opened by path has only text fields) and a value that is not a number is refused.
Features that cannot be used (no geometry or position, no value, no date, no station
id) are counted and reported, not guessed.

Dates: a date, a date-time (kept with its time: observation times are UTC; a time
with an offset is converted to UTC) or ISO text ``YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]``.
"""
import datetime as _dt
import re

from qgis.core import (QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsProcessing,
                       QgsProcessingException, QgsProcessingParameterCrs,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsWkbTypes)
from qgis.PyQt.QtCore import QCoreApplication, QDate, QDateTime, Qt, QVariant

from ..engine.raster.dates import BandDate, parse_iso
from ..engine.stations.observations import Observations

_DATE_TYPES = (QVariant.Date, QVariant.DateTime, QVariant.String)
# The station parameters, named alike in every algorithm (public contract).
STATIONS, STATION_ID_FIELD, VALUE_FIELD, DATE_FIELD, GROUP_FIELD = (
    "STATIONS", "STATION_ID_FIELD", "VALUE_FIELD", "DATE_FIELD", "GROUP_FIELD")
X_FIELD, Y_FIELD, XY_CRS = "X_FIELD", "Y_FIELD", "XY_CRS"
DEFAULT_XY_CRS = "EPSG:4326"
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)


def tr(text):
    """Translate a message of this module."""
    return QCoreApplication.translate("StationLayer", text)


def add_station_parameters(alg, group=False):
    """STATIONS and its STATION_ID_FIELD, VALUE_FIELD, DATE_FIELD (and GROUP_FIELD) fields,
    then X_FIELD, Y_FIELD and XY_CRS for a table without geometry."""
    alg.addParameter(QgsProcessingParameterFeatureSource(
        STATIONS, tr("Station observations (points, or a table with x/y fields)"),
        [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVector]))
    any_type = QgsProcessingParameterField.Any  # a CSV opened by path holds only text
    fields = [(STATION_ID_FIELD, tr("Station id field (empty = one station per position)"),
               True),
              (VALUE_FIELD, tr("Observed soil moisture field (m³/m³)"), False),
              (DATE_FIELD, tr("Date or date-time field (UTC)"), True)]
    if group:
        fields.append((GROUP_FIELD, tr("Group field (e.g. network scale, land cover)"), True))
    fields += [(X_FIELD, tr("X / longitude field (table without geometry)"), True),
               (Y_FIELD, tr("Y / latitude field (table without geometry)"), True)]
    for name, label, optional in fields:
        alg.addParameter(QgsProcessingParameterField(
            name, label, parentLayerParameterName=STATIONS, type=any_type, optional=optional))
    alg.addParameter(QgsProcessingParameterCrs(
        XY_CRS, tr("CRS of the x/y fields"), defaultValue=DEFAULT_XY_CRS, optional=True))


def station_help(tr_alg):
    """Help entries of X_FIELD, Y_FIELD and XY_CRS (``tr_alg``: the algorithm's tr)."""
    return {(X_FIELD, Y_FIELD, XY_CRS): tr_alg(
        "for a table without geometry (e.g. a CSV opened by its path, whose fields are all "
        "text): the fields holding each observation's x and y (e.g. lon and lat; numbers "
        "or text holding numbers) and their CRS (default EPSG:4326, degrees). A point "
        "layer (also a CSV loaded as a delimited-text point layer) uses its own geometry "
        "and CRS, and these are ignored.")}


def station_observations(alg, parameters, context, feedback):
    """(CRS of the positions, Observations) of the parameters :func:`add_station_parameters`
    declared; the CRS is a QgsCoordinateReferenceSystem (the layer's, or XY_CRS)."""
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
    xy = None
    if source is not None and not _has_geometry(source):
        xy = (field(X_FIELD), field(Y_FIELD),
              alg.parameterAsCrs(parameters, XY_CRS, context))
    elif field(X_FIELD) or field(Y_FIELD):
        feedback.pushInfo(tr("The station layer has point geometry: its positions are used, "
                             "and the x/y fields are ignored."))
    observations = read_observations(source, field(STATION_ID_FIELD), value_field,
                                     field(DATE_FIELD), field(GROUP_FIELD), feedback, xy)
    crs = xy[2] if xy else source.sourceCrs()
    return crs, observations


def check_field(source, name, what, numeric=False, dates=False):
    """The index of field ``name`` of ``source``; refuse a missing or mistyped field.

    A ``numeric`` field may also be text (its values are parsed when read).
    """
    fields = source.fields()
    index = fields.lookupField(name) if name else -1
    if index < 0:
        raise QgsProcessingException(tr(
            "The station layer has no field '{name}' for the {what}. Its fields are: "
            "{fields}.").format(name=name or "", what=what, fields=", ".join(fields.names())))
    field = fields.at(index)
    if numeric and not field.isNumeric() and field.type() != QVariant.String:
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
    """A BandDate from a QDate, QDateTime or ISO text; None for NULL; refuse other text.

    A date-time keeps its time (also 00:00); one with a time zone or an offset
    (``…Z``, ``…+02:00``) is converted to UTC; one without is taken as UTC.
    """
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        if value.timeSpec() in (Qt.OffsetFromUTC, Qt.TimeZone):
            value = value.toUTC()
        d, t = value.date(), value.time()
        return BandDate(_dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()), True)
    if isinstance(value, QDate):
        return parse_iso(f"{value.year():04d}-{value.month():02d}-{value.day():02d}")
    text = str(value).strip()
    if not text:
        return None
    date = _parse_with_offset(text)
    if date is None:
        raise QgsProcessingException(tr(
            "Feature {fid}: '{text}' in the date field '{name}' is not a date. Dates must read "
            "YYYY-MM-DD (or YYYY-MM-DDTHH:MM).").format(fid=feature_id, text=text,
                                                         name=field_name))
    return date


def _parse_with_offset(text):
    """ISO text as a BandDate in UTC: a trailing ``Z`` or ``±HH:MM`` offset is applied."""
    m = _OFFSET.search(text) if ("T" in text or " " in text.strip()) else None
    if not m:
        return parse_iso(text)
    date = parse_iso(text[:m.start()])
    if date is None or not date.has_time:
        return None
    offset = m.group(1).upper().replace(":", "")
    minutes = 0 if offset == "Z" else (int(offset[1:3]) * 60 + int(offset[3:5])) * \
        (1 if offset[0] == "+" else -1)
    return BandDate(date.when - _dt.timedelta(minutes=minutes), True)


def _has_geometry(source):
    """True when the source has a geometry column (points, other or of unknown type)."""
    return QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.NullGeometry


def _check_geometry(source, xy):
    """Refuse a table without x/y fields and a layer of lines or polygons."""
    name = source.sourceName()
    kind = QgsWkbTypes.geometryType(source.wkbType())
    if xy is None and kind == QgsWkbTypes.NullGeometry:
        raise QgsProcessingException(tr(
            "The station layer '{name}' has no geometry (a table, e.g. a CSV without "
            "coordinates). Give its x and y fields (X_FIELD, Y_FIELD) and their CRS, or load "
            "it as a delimited-text point layer.").format(name=name))
    if xy is None and kind not in (QgsWkbTypes.PointGeometry, QgsWkbTypes.UnknownGeometry):
        raise QgsProcessingException(tr(
            "The station layer '{name}' holds {kind}, not points. Choose a point layer, or a "
            "table with x and y fields.").format(
                name=name, kind=QgsWkbTypes.geometryDisplayString(kind).lower()))
    if xy is not None and not (xy[0] and xy[1]):
        raise QgsProcessingException(tr(
            "The station layer '{name}' has no geometry (a table, e.g. a CSV without "
            "coordinates). Give its x and y fields (X_FIELD, Y_FIELD) and their CRS, or load "
            "it as a delimited-text point layer.").format(name=name))


def source_crs_text(source, crs=None):
    """The CRS of the positions (``crs``, else the layer's) as text rasterio understands;
    refuse a missing CRS."""
    crs = crs if crs is not None else source.sourceCrs()
    if not crs.isValid():
        raise QgsProcessingException(tr(
            "The station layer has no coordinate reference system. Set its CRS (Layer "
            "Properties ▸ Source) and run again."))
    if crs.authid().upper().startswith("EPSG:"):
        return crs.authid()
    return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)


def read_observations(source, id_field, value_field, date_field=None, group_field=None,
                      feedback=None, xy=None):
    """Observations of a point source, or of a table with ``xy`` = (x field, y field,
    QgsCoordinateReferenceSystem); logs how many features were skipped and why.

    Without ``id_field`` a station is a distinct position ("x y" as its id).
    """
    if source is None:
        raise QgsProcessingException(tr("No station layer was given. Choose a point layer "
                                        "with one feature per observation."))
    _check_geometry(source, xy)
    names = [f for f in (id_field, value_field, date_field, group_field) if f]
    if id_field:
        check_field(source, id_field, tr("station id"))
    check_field(source, value_field, tr("observed value"), numeric=True)
    if date_field:
        check_field(source, date_field, tr("date"), dates=True)
    if group_field:
        check_field(source, group_field, tr("group"))
    if xy:
        check_field(source, xy[0], tr("x coordinate"), numeric=True)
        check_field(source, xy[1], tr("y coordinate"), numeric=True)
        names += list(xy[:2])
        if not xy[2].isValid():
            raise QgsProcessingException(tr(
                "No CRS was given for the x/y fields of the station table. Choose it "
                "(XY_CRS; EPSG:4326 for longitude and latitude in degrees)."))
    crs = source_crs_text(source, xy[2] if xy else None)
    if source.featureCount() == 0:
        raise QgsProcessingException(tr("The station layer has no features. Choose a point "
                                        "layer with one feature per observation."))
    request = QgsFeatureRequest().setSubsetOfAttributes(names, source.fields())
    if xy:
        request.setFlags(QgsFeatureRequest.NoGeometry)
    columns = {k: [] for k in ("id", "x", "y", "value", "date", "group")}
    skipped = {"geometry": 0, "id": 0, "value": 0, "date": 0}
    total = max(source.featureCount(), 1)
    for i, feature in enumerate(source.getFeatures(request)):
        if feedback is not None and feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled by the user."))
        row = _observation(feature, id_field, value_field, date_field, group_field, xy)
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


def _observation(feature, id_field, value_field, date_field, group_field, xy=None):
    """A dict of one usable observation, or the name of what it lacks."""
    point = _position(feature, xy)
    if point is None:
        return "geometry"
    x, y = point
    sid = feature[id_field] if id_field else f"{x:.6f} {y:.6f}"
    if _is_null(sid) or str(sid).strip() == "":
        return "id"
    value = _number(feature, value_field, tr("observed value"))
    if value is None:
        return "value"
    date = None
    if date_field:
        date = as_band_date(feature[date_field], date_field, feature.id())
        if date is None:
            return "date"
    group = feature[group_field] if group_field else None
    return {"id": str(sid).strip(), "x": x, "y": y, "value": value,
            "date": date, "group": None if _is_null(group) else str(group)}


def _position(feature, xy):
    """(x, y) of a feature: its point, or its x/y fields; None when it has none."""
    if xy:
        x = _number(feature, xy[0], tr("x coordinate"))
        y = _number(feature, xy[1], tr("y coordinate"))
        return None if x is None or y is None else (x, y)
    geometry = feature.geometry()
    if geometry is None or geometry.isNull() or geometry.isEmpty() or \
            geometry.type() != QgsWkbTypes.PointGeometry:
        return None
    point = geometry.asMultiPoint()[0] if geometry.isMultipart() else geometry.asPoint()
    return point.x(), point.y()


def _number(feature, name, what):
    """The value of numeric (or number-holding text) field ``name`` as float; None when empty.

    Refuses text that is not a number, naming the feature.
    """
    value = feature[name]
    if _is_null(value):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise QgsProcessingException(tr(
            "The {what} field '{name}' is not numeric: feature {fid} holds '{text}'. Choose "
            "a numeric field, or a text field holding numbers like 0.25.").format(
                what=what, name=name, fid=feature.id(), text=text[:40])) from None


def _is_null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull()) or \
        (isinstance(value, QVariant) and value.isNull())


def _report_skipped(skipped, feedback):
    if feedback is None:
        return
    what = {"geometry": tr("no geometry or position"), "id": tr("no station id"),
            "value": tr("no value"), "date": tr("no date")}
    for key, count in skipped.items():
        if count:
            feedback.pushWarning(tr("{n} feature(s) skipped: {why}.").format(n=count,
                                                                            why=what[key]))


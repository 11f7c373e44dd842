"""smdownscale:importismn — ISMN downloads to a station layer, one point per observation."""
from qgis.core import (QgsCoordinateReferenceSystem, QgsFeature, QgsFeatureSink,
                       QgsGeometry, QgsPointXY, QgsProcessing, QgsProcessingException,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterString,
                       QgsWkbTypes)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, QVariant

from ..engine.errors import Cancelled
from .base import SmAlgorithm
from .styling import name_on_load
from .tables import INTEGER, REAL, TEXT, make_fields, table_sink

# Enum order equals engine.stations.ismn.filters.SENSOR_MODES (a test keeps them equal).
SENSOR_KEYS = ["separate", "average"]
DEFAULTS = {"DEPTH_FROM": 0.0, "DEPTH_TO": 0.05, "QUALITY_FLAGS": "G"}
# The layer's fields; validate and fuse read station_id, soil_moisture and time (or date).
FIELDS = (("station_id", TEXT), ("network", TEXT), ("station", TEXT), ("sensor", TEXT),
          ("depth_from", REAL), ("depth_to", REAL), ("time", QVariant.DateTime),
          ("date", QVariant.Date), ("soil_moisture", REAL), ("quality_flag", TEXT),
          ("n_sensors", INTEGER), ("elevation", REAL), ("land_cover", INTEGER),
          ("land_cover_name", TEXT), ("climate", TEXT))
_BATCH = 5000


class ImportIsmn(SmAlgorithm):
    """ISMN .stm files (folders, zips) → a point layer of soil-moisture observations."""

    ALG_ID = "importismn"
    GROUP_ID = "fusevalidate"
    REQUIRES = ("numpy",)

    INPUT = "INPUT"
    DEPTH_FROM = "DEPTH_FROM"
    DEPTH_TO = "DEPTH_TO"
    QUALITY_FLAGS = "QUALITY_FLAGS"
    NETWORKS = "NETWORKS"
    START = "START"
    END = "END"
    SENSORS = "SENSORS"
    OUTPUT = "OUTPUT"
    NUMBERS = (("STATION_COUNT", "Number of stations"),
               ("OBSERVATION_COUNT", "Number of observations"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Import ISMN stations")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Reads International Soil Moisture Network downloads (Header + values "
                       "or CEOP .stm files, as folders or zips) into a point layer with one "
                       "feature per observation, filtered by depth, quality flag, network "
                       "and period, ready for Validate and Fuse.")

    def help_summary(self):
        return self.tr(
            "Station observations for validation and fusion usually come from the ISMN "
            "(Nadeem et al. 2023 validated with the SMN-SDR network's 5 cm sensors "
            "distributed by the ISMN). This step reads ISMN downloads as they come — the zip, "
            "its unpacked folder or single .stm files, many networks at once — in the "
            "'Header + values' format (coordinates and depths in each file's first line) or "
            "the 'CEOP, separate files' format (15 fields per line), and writes a point "
            "layer (EPSG:4326) with one feature per observation: station_id "
            "(NETWORK/STATION), network, station, sensor, depth_from and depth_to (m), time "
            "(UTC date-time), date (its UTC day), soil_moisture (m³/m³), quality_flag (the "
            "ISMN flag), n_sensors, elevation (m), and the station's land_cover (ESA CCI "
            "land cover class code), land_cover_name and climate (Köppen–Geiger class) "
            "where the download holds its static variables file.")

    def help_entries(self):
        tr = self.tr
        return {
            self.INPUT: tr(
                "ISMN downloads: the zip as downloaded, its unpacked folder (searched "
                "recursively; in the dialog, 'Add Directory…' adds its files), or .stm files "
                "with their original names (network_network_station_sm_0.050000_0.050000_"
                "sensor_start_end.stm; the name gives the variable, the depths and the "
                "sensor). Files of other variables (soil temperature, precipitation …) and "
                "other files (Metadata.xml, read-me texts) are passed over and counted."),
            (self.DEPTH_FROM, self.DEPTH_TO): tr(
                "a sensor is kept when its whole depth range lies within these limits (m "
                "below the surface). Default 0–0.05 m, the surface layer satellites sense. "
                "SCAN sensors at 2 in are at 0.0508 m: give 0.051 or more to keep them; "
                "cosmic-ray probes (e.g. 0–0.19 m) need a deeper limit."),
            self.QUALITY_FLAGS: tr(
                "ISMN quality flags kept, separated by commas: G (good, the default), M "
                "(missing), C01–C03 (outside the plausible range), D01–D10 (dubious), or a "
                "class letter (D = every D flag). Older downloads flag unchecked values U. "
                "An observation with several flags (D01,D03) is kept only when each is."),
            self.NETWORKS: tr("optional: network names to keep, separated by commas (any "
                              "case; empty = every network)."),
            (self.START, self.END): tr(
                "optional: the first and last day to keep (YYYY-MM-DD, UTC, inclusive)."),
            self.SENSORS: tr(
                "several sensors at one station and depth: keep each sensor's observations "
                "(default; sensor names them) or average them at each time (sensor lists "
                "them, n_sensors counts the ones averaged, quality_flag joins their flags)."),
            self.OUTPUT: tr(
                "the point layer. For Validate and Fuse choose station_id as the station id "
                "field, soil_moisture as the value field and time (or date) as the date "
                "field; land_cover or climate can be Validate's group field. The log counts "
                "the files and observations read and those dropped by network, depth, "
                "period, missing value (NaN) and quality flag (with the flags dropped)."),
            self.number_names(): tr("stations and observations written, for the next Modeler "
                                    "step."),
        }

    def help_notes(self):
        return [self.tr(
            "Bad input is refused with a message and nothing is written: no .stm file among "
            "the inputs, a file that is not ISMN data (named), or filters that keep nothing "
            "(the message gives what each filter dropped and the depths and networks found). "
            "ISMN's newer CSV download format is not read yet; download 'Header + values'.")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("ISMN downloads (zip, folder or .stm files)"),
            QgsProcessing.TypeFile))
        self.add_number(self.DEPTH_FROM, tr("Shallowest sensor depth (m)"),
                        DEFAULTS["DEPTH_FROM"], 0.0, 10.0)
        self.add_number(self.DEPTH_TO, tr("Deepest sensor depth (m)"), DEFAULTS["DEPTH_TO"],
                        0.0, 10.0)
        self.addParameter(QgsProcessingParameterString(
            self.QUALITY_FLAGS, tr("ISMN quality flags kept"), DEFAULTS["QUALITY_FLAGS"]))
        self.addParameter(QgsProcessingParameterString(
            self.NETWORKS, tr("Networks (empty = all)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.START, tr("First day (YYYY-MM-DD)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.END, tr("Last day (YYYY-MM-DD)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.SENSORS, tr("Several sensors at one station and depth"),
            options=[tr("Keep each sensor"), tr("Average them")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("ISMN observations"), QgsProcessing.TypeVectorPoint))
        self.add_numbers()

    def process(self, parameters, context, feedback, progress):
        from ..engine.stations.ismn.filters import IsmnOptions
        from ..engine.stations.ismn.importer import import_ismn

        paths = self.parameterAsFileList(parameters, self.INPUT, context)
        if not paths:
            raise QgsProcessingException(self.tr(
                "No ISMN download was given. Select the zip, its folder or .stm files."))
        def text(name):
            return self.parameterAsString(parameters, name, context).strip() or None

        options = IsmnOptions(
            depth_from=self.parameterAsDouble(parameters, self.DEPTH_FROM, context),
            depth_to=self.parameterAsDouble(parameters, self.DEPTH_TO, context),
            flags=text(self.QUALITY_FLAGS) or "", networks=text(self.NETWORKS),
            start=text(self.START), end=text(self.END),
            sensors=SENSOR_KEYS[self.parameterAsEnum(parameters, self.SENSORS, context)])
        result = import_ismn(paths, options, progress)
        fields = make_fields(FIELDS)
        sink, dest = table_sink(self, parameters, self.OUTPUT, context, fields,
                                QgsWkbTypes.Point, QgsCoordinateReferenceSystem("EPSG:4326"),
                                required=True)
        _write(sink, fields, result.series, feedback)
        counts = result.counts
        name_on_load(context, dest, self.tr("ISMN observations ({n} stations)").format(
            n=counts["stations"]))
        return {self.OUTPUT: dest, "STATION_COUNT": counts["stations"],
                "OBSERVATION_COUNT": counts["kept"]}


def _write(sink, fields, series, feedback):
    """One feature per observation of every series, in batches; progress 90–100 %."""
    total, done = max(sum(len(s) for s in series), 1), 0
    for s in series:
        geometry = QgsGeometry.fromPointXY(QgsPointXY(s.longitude, s.latitude))
        classes = s.classes
        stamps = s.times.astype("datetime64[m]").astype(object)
        batch = []
        for when, value, flag, n in zip(stamps.tolist(), s.values.tolist(), s.flags.tolist(),
                                        s.n_sensors.tolist()):
            day = QDate(when.year, when.month, when.day)
            feature = QgsFeature(fields)
            feature.setGeometry(geometry)
            feature.setAttributes([
                s.station_id, s.network, s.station, s.sensor, s.depth_from, s.depth_to,
                QDateTime(day, QTime(when.hour, when.minute), Qt.UTC), day, value, flag,
                int(n), s.elevation, classes.land_cover, classes.land_cover_name,
                classes.climate])
            batch.append(feature)
            if len(batch) == _BATCH:
                done += _flush(sink, batch, feedback)
                feedback.setProgress(90.0 + 10.0 * done / total)
        done += _flush(sink, batch, feedback)


def _flush(sink, batch, feedback):
    if feedback.isCanceled():
        raise Cancelled("Cancelled by the user.")
    sink.addFeatures(batch, QgsFeatureSink.FastInsert)
    count = len(batch)
    batch.clear()
    return count

"""Landsat Collection 2 Level-2 scenes as downloaded → their files, metadata and scaling.

A scene is found from a folder holding its files (``<product id>_SR_B4.TIF``, …,
``_MTL.txt`` and/or ``_MTL.xml``), the ``.tar`` bundle USGS EarthExplorer delivers
(read through GDAL's ``/vsitar/``), any one file of the scene (its siblings are taken
from the same folder), or a folder holding several scene folders or bundles. The
product identifier (LSDS-1619 §2) gives sensor, acquisition date (the band date),
processing level and collection: only Collection 2 (``_02_``) Level-2 (``L2SP``,
``L2SR``) is read. The MTL file (``_MTL.txt`` ODL or ``_MTL.xml``) names the band files
(``PRODUCT_CONTENTS/FILE_NAME_BAND_n``) and gives the scaling: reflectance = DN ×
``REFLECTANCE_MULT_BAND_n`` + ``REFLECTANCE_ADD_BAND_n``
(``LEVEL2_SURFACE_REFLECTANCE_PARAMETERS``), surface temperature (K) = DN ×
``TEMPERATURE_MULT_BAND_ST_B10`` + ``TEMPERATURE_ADD_BAND_ST_B10`` (ST_B6 for TM/ETM+;
``LEVEL2_SURFACE_TEMPERATURE_PARAMETERS``).
"""
import datetime as dt
import os
import re
import tarfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ...errors import InputError

PRODUCT_ID = re.compile(
    r"(?P<id>(?P<sensor>L[COTEM]\d{2})_(?P<level>L\w{3})_(?P<path>\d{3})(?P<row>\d{3})_"
    r"(?P<acquired>\d{8})_(?P<processed>\d{8})_(?P<collection>\d{2})_(?P<tier>T1|T2|RT))"
    r"(?:_(?P<suffix>.+))?$", re.IGNORECASE)
PRE_COLLECTION = re.compile(r"^L[COTEM]\d{14}[A-Z]{3}\d{2}", re.IGNORECASE)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
LEVEL2 = ("L2SP", "L2SR")


@dataclass(frozen=True)
class Sensor:
    """Band layout of a Landsat sensor for the deriveindices roles.

    ``bands``: SR band numbers of blue, green, red, NIR, SWIR1, SWIR2; ``st``: the
    surface-temperature band; ``oli``: Landsat 8-9 (cirrus and terrain-occlusion bits).
    """

    label: str
    bands: tuple
    st: str
    oli: bool


OLI = Sensor("Landsat 8-9 OLI/TIRS", (2, 3, 4, 5, 6, 7), "ST_B10", True)
ETM = Sensor("Landsat 7 ETM+", (1, 2, 3, 4, 5, 7), "ST_B6", False)
TM = Sensor("Landsat 4-5 TM", (1, 2, 3, 4, 5, 7), "ST_B6", False)
SENSORS = {"LC08": OLI, "LC09": OLI, "LO08": OLI, "LO09": OLI, "LE07": ETM, "LT05": TM,
           "LT04": TM}


@dataclass
class SceneFiles:
    """One scene: product id, its files (key → GDAL path) and where it came from."""

    ident: str
    source: str  # "'LC08_…_T1.tar'" or "folder 'LC08_…_T1'", for messages
    sensor: Sensor
    acquired: dt.date
    level: str
    files: dict = field(default_factory=dict)  # "SR_B4" → path, "MTL.txt" → path
    tar: str = None  # the bundle, when read from one

    def text(self, key):
        """The text of a metadata file (from the folder or the bundle)."""
        path = self.files[key]
        if self.tar:
            member = path[len(f"/vsitar/{self.tar}/"):]
            with tarfile.open(self.tar) as bundle:
                return bundle.extractfile(member).read().decode("utf-8")
        with open(path, encoding="utf-8") as f:
            return f.read()

    def path(self, key):
        """GDAL path of file ``key``; InputError naming the file when it is missing."""
        if key not in self.files:
            raise InputError(
                f"Scene {self.ident} ({self.source}) has no file {self.ident}_{key}.TIF, "
                "which its MTL file lists. Download the complete scene bundle again.")
        return self.files[key]


def _name(path):
    return os.path.basename(str(path).rstrip("/\\"))


def _key(suffix):
    """File key from the part after the product id: 'SR_B4.TIF' → 'SR_B4'; 'MTL.txt'."""
    stem, ext = os.path.splitext(suffix)
    if ext.lower() in (".tif", ".tiff"):
        return stem.upper()
    return stem.upper() + ext.lower()


def check_name(name, product_id_match=None):
    """Refuse names of products this importer does not read (with what to download)."""
    m = product_id_match or PRODUCT_ID.match(name)
    if m is None:
        if PRE_COLLECTION.match(name):
            raise InputError(f"'{name}' is a pre-collection Landsat product. This importer "
                             "reads Collection 2 Level-2 scenes (LC08_L2SP_…_02_T1): download "
                             "those from USGS EarthExplorer.")
        return None
    ident, level, coll = m["id"], m["level"].upper(), m["collection"]
    sensor = m["sensor"].upper()
    if coll != "02":
        raise InputError(f"'{name}' is a Landsat Collection {int(coll)} product "
                         f"({ident}). This importer reads Collection 2 Level-2 scenes "
                         "(…_L2SP_…_02_T1): download those from USGS EarthExplorer "
                         "(Landsat Collection 2 Level-2).")
    if level.startswith("L1"):
        raise InputError(f"'{name}' is a Landsat Level-1 product ({level}: radiance, no "
                         "surface reflectance). This importer reads Collection 2 Level-2 "
                         "scenes (L2SP or L2SR): download those from USGS EarthExplorer "
                         "(Landsat Collection 2 Level-2).")
    if level not in LEVEL2:
        raise InputError(f"'{name}' is a Landsat {level} product; this importer reads "
                         "Collection 2 Level-2 (L2SP, L2SR).")
    if sensor not in SENSORS:
        raise InputError(f"'{name}' is from {sensor} (MSS or an unknown sensor), which has "
                         "no Level-2 surface reflectance. Use Landsat 4-9 TM, ETM+ or OLI "
                         "scenes.")
    return m


def _scene(m, source, tar=None):
    acquired = dt.datetime.strptime(m["acquired"], "%Y%m%d").date()
    sensor = SENSORS[m["sensor"].upper()]
    return SceneFiles(m["id"], source, sensor, acquired, m["level"].upper(), tar=tar)


def _add(scenes, m, key, path, source, tar=None):
    """Add file ``key`` of product ``m`` to ``scenes`` (keyed by (container, id))."""
    container = tar or os.path.dirname(os.path.abspath(str(path)))
    scene = scenes.setdefault((container, m["id"].upper()), _scene(m, source, tar))
    scene.files[key] = path


def _from_tar(path, scenes):
    name = _name(path)
    try:
        with tarfile.open(path) as bundle:
            members = [x.name for x in bundle.getmembers() if x.isfile()]
    except (tarfile.TarError, OSError) as err:
        raise InputError(f"'{name}' cannot be read as a .tar bundle ({err}). Download it "
                         "again.") from None
    found = 0
    for member in members:
        m = check_name(_name(member))
        if m and m["suffix"]:
            _add(scenes, m, _key(m["suffix"]), f"/vsitar/{os.path.abspath(path)}/{member}",
                 f"'{name}'", tar=os.path.abspath(path))
            found += 1
    if not found:
        raise InputError(f"'{name}' holds no Landsat Collection 2 Level-2 scene files "
                         "(…_SR_B4.TIF, …_MTL.txt). Give the .tar bundle as downloaded from "
                         "USGS EarthExplorer.")


def _from_folder(path, scenes, depth=0):
    name = _name(path)
    entries = sorted(os.listdir(path))
    found = 0
    for entry in entries:
        full = os.path.join(path, entry)
        if os.path.isdir(full):
            if depth == 0 and PRODUCT_ID.match(entry) and check_name(entry):
                found += _from_folder(full, scenes, depth + 1)
            continue
        if entry.lower().endswith(TAR_SUFFIXES) and depth == 0:
            if check_name(entry.split(".")[0]):
                _from_tar(full, scenes)
                found += 1
            continue
        m = check_name(entry)
        if m and m["suffix"]:
            _add(scenes, m, _key(m["suffix"]), full, f"folder '{name}'")
            found += 1
    if not found and depth == 0:
        hint = ""
        if any(e.startswith("MTD_MSIL") for e in entries) or name.endswith(".SAFE"):
            hint = " It is a Sentinel-2 product: use 'Import Sentinel-2 L2A'."
        raise InputError(f"The folder '{name}' holds no Landsat Collection 2 Level-2 scene "
                         "(files named like LC08_L2SP_123032_20190401_20200829_02_T1_SR_B4.TIF "
                         "with the scene's _MTL.txt, or its .tar bundle)." + (hint or
                         " Select the scene folder or the .tar bundle as downloaded from "
                         "USGS EarthExplorer."))
    return found


def find_scenes(paths):
    """The scenes of ``paths`` (folders, .tar bundles, scene files), in input order."""
    if not paths:
        raise InputError("No Landsat scene was given. Select the scene folders or the .tar "
                         "bundles as downloaded from USGS EarthExplorer.")
    scenes = {}
    for path in paths:
        path = str(path)
        name = _name(path)
        if not os.path.exists(path):
            raise InputError(f"'{path}' does not exist. Select the scene folders or .tar "
                             "bundles.")
        if os.path.isdir(path):
            _from_folder(path, scenes)
        elif name.lower().endswith(TAR_SUFFIXES):
            check_name(name.split(".")[0])
            _from_tar(path, scenes)
        else:
            m = check_name(name)
            if m is None or not m["suffix"]:
                raise InputError(f"'{name}' is not a file of a Landsat Collection 2 Level-2 "
                                 "scene (LC08_L2SP_123032_20190401_20200829_02_T1_MTL.txt). "
                                 "Select the scene folders or .tar bundles as downloaded.")
            folder = os.path.dirname(os.path.abspath(path))
            for entry in sorted(os.listdir(folder)):  # the scene's other files
                other = PRODUCT_ID.match(entry)
                if other and other["suffix"] and other["id"].upper() == m["id"].upper():
                    _add(scenes, other, _key(other["suffix"]), os.path.join(folder, entry),
                         f"folder '{_name(folder)}'")
    return list(scenes.values())


# -- MTL -----------------------------------------------------------------------------------

def read_mtl(scene):
    """{group: {field: text}} from the scene's _MTL.txt (ODL) or, failing that, _MTL.xml."""
    if "MTL.txt" in scene.files:
        return parse_mtl_text(scene.text("MTL.txt"), scene)
    if "MTL.xml" in scene.files:
        return parse_mtl_xml(scene.text("MTL.xml"), scene)
    raise InputError(f"Scene {scene.ident} ({scene.source}) has no MTL file "
                     f"({scene.ident}_MTL.txt or _MTL.xml): the scale and offset of its "
                     "bands are read from it. Download the complete scene bundle (the .tar "
                     "from USGS EarthExplorer holds it).")


def parse_mtl_text(text, scene):
    """Parse ODL ``GROUP = … / KEY = VALUE / END_GROUP = …`` into nested dicts."""
    groups, stack = {}, []
    for line in text.splitlines():
        if "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if key == "GROUP":
            stack.append(value)
            groups.setdefault(value, {})
        elif key == "END_GROUP":
            if stack:
                stack.pop()
        elif stack:
            groups[stack[-1]][key] = value.strip('"')
    if not groups:
        raise InputError(f"The MTL file of scene {scene.ident} is not an ODL metadata file. "
                         "Download the scene again.")
    return groups


def parse_mtl_xml(text, scene):
    """Parse ``<LANDSAT_METADATA_FILE><GROUP><FIELD>value</FIELD>…`` into nested dicts."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        raise InputError(f"The MTL file of scene {scene.ident} is not valid XML ({err}). "
                         "Download the scene again.") from None
    return {group.tag: {f.tag: (f.text or "").strip() for f in group} for group in root}


def mtl_number(mtl, group, key, scene):
    """A number of the MTL; InputError naming the field when absent."""
    try:
        return float(mtl[group][key])
    except (KeyError, ValueError):
        raise InputError(f"The MTL file of scene {scene.ident} ({scene.source}) has no "
                         f"{group}/{key}; it is not a complete Collection 2 Level-2 MTL. "
                         "Download the scene again.") from None


def file_key(mtl, field_name, default):
    """The key of the file an MTL field names (FILE_NAME_BAND_4 → 'SR_B4')."""
    name = mtl.get("PRODUCT_CONTENTS", {}).get(field_name)
    if not name:
        return default
    m = PRODUCT_ID.match(name)
    return _key(m["suffix"]) if m and m["suffix"] else default

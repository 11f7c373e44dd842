"""Sentinel-2 L2A products as downloaded (.SAFE folder or .zip) → granules and metadata.

A product is found from its ``.SAFE`` folder, its ``.zip`` (read through GDAL's
``/vsizip/``), its ``MTD_MSIL2A.xml``, or a folder holding several of those. The
images are those of the granule folders (``GRANULE/<granule>/IMG_DATA/R10m/
…_B02_10m.jp2``, ``R20m/…_B11_20m.jp2``, ``R20m/…_SCL_20m.jp2``: the Products
Specification Document's layout). The product metadata ``MTD_MSIL2A.xml`` (PSD,
Level-2A ``General_Info``) gives:

- the scaling, ``Product_Image_Characteristics``: reflectance = (DN +
  ``BOA_ADD_OFFSET``[band]) / ``BOA_QUANTIFICATION_VALUE``; the offset list
  (``BOA_ADD_OFFSET_VALUES_LIST``, −1000 for every band from processing baseline
  04.00 on) is absent in older baselines, whose offset is 0; the ``band_id`` of an
  offset is that of ``Spectral_Information_List`` (0 = B1 … 12 = B12, 8 = B8A).

The band date is the sensing day of the product name
(``S2A_MSIL2A_20190401T030541_N0211_R075_T50TMK_20190401T070006``; UTC), else
``PRODUCT_START_TIME``.
"""
import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from ...errors import InputError

PRODUCT_NAME = re.compile(
    r"^(?P<sat>S2[A-D])_(?P<level>MSIL\w{2})_(?P<sensed>\d{8})T\d{6}_N(?P<baseline>\d{4})_"
    r"R\d{3}_T(?P<tile>\w{5})_\d{8}T\d{6}", re.IGNORECASE)
METADATA = "MTD_MSIL2A.xml"
# Spectral_Information band_id of each band (PSD), used when the list is absent
STANDARD_IDS = {"B1": 0, "B2": 1, "B3": 2, "B4": 3, "B5": 4, "B6": 5, "B7": 6, "B8": 7,
                "B8A": 8, "B9": 9, "B10": 10, "B11": 11, "B12": 12}
BANDS = (("B02", 10), ("B03", 10), ("B04", 10), ("B08", 10), ("B11", 20), ("B12", 20))
SCL = ("SCL", 20)


@dataclass
class Granule:
    """One tile of a product: images (band → GDAL path) and the product's scaling."""

    ident: str  # product name (+ tile when a product has several)
    source: str  # for messages
    sensed: dt.date
    tile: str
    images: dict = field(default_factory=dict)  # "B02" → path, "SCL" → path
    quantification: float = 10000.0
    offsets: dict = field(default_factory=dict)  # "B02" → BOA_ADD_OFFSET
    baseline: str = ""
    spacecraft: str = ""

    def path(self, band):
        """GDAL path of ``band``; InputError naming the product when it is missing."""
        if band not in self.images:
            res = dict(BANDS + (SCL,))[band]
            what = "the scene classification (SCL), which the quality screening needs" \
                if band == "SCL" else f"band {band}"
            raise InputError(
                f"{self.source} has no {band} image (GRANULE/…/IMG_DATA/R{res}m/"
                f"…_{band}_{res}m.jp2): {what}. Download the complete product again "
                "(the .zip from the Copernicus Data Space).")
        return self.images[band]


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _find_all(root, name):
    return [e for e in root.iter() if _local(e.tag) == name]


def _text(root, name):
    found = _find_all(root, name)
    return (found[0].text or "").strip() if found else None


def parse_metadata(text, source):
    """(quantification, {band: offset}, baseline, spacecraft, PRODUCT_START_TIME)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        raise InputError(f"The {METADATA} of {source} is not valid XML ({err}). Download "
                         "the product again.") from None
    level = _text(root, "PROCESSING_LEVEL") or ""
    if level and "2A" not in level:
        raise InputError(f"{source} is a {level} product; this importer reads Level-2A "
                         "(surface reflectance, MSIL2A).")
    quant = _text(root, "BOA_QUANTIFICATION_VALUE")
    if quant is None:
        raise InputError(f"The {METADATA} of {source} has no BOA_QUANTIFICATION_VALUE "
                         "(Product_Image_Characteristics/QUANTIFICATION_VALUES_LIST); the "
                         "reflectance scale is read from it. Download the product again.")
    ids = {e.get("physicalBand"): int(e.get("bandId")) for e in
           _find_all(root, "Spectral_Information")
           if e.get("physicalBand") and e.get("bandId") is not None} or STANDARD_IDS
    by_id = {int(e.get("band_id")): float(e.text) for e in _find_all(root, "BOA_ADD_OFFSET")
             if e.get("band_id") is not None}
    offsets = {}
    for band, _ in BANDS:
        physical = "B" + band[1:].lstrip("0")
        offsets[band] = by_id.get(ids.get(physical, STANDARD_IDS[physical]), 0.0)
    return (float(quant), offsets, _text(root, "PROCESSING_BASELINE") or "",
            _text(root, "SPACECRAFT_NAME") or "", _text(root, "PRODUCT_START_TIME"))


def _sensed(name, start, source):
    m = PRODUCT_NAME.match(name)
    if m:
        return dt.datetime.strptime(m["sensed"], "%Y%m%d").date()
    if start:
        return dt.date.fromisoformat(start[:10])
    raise InputError(f"The sensing date of {source} is neither in its name nor in its "
                     f"{METADATA}. Keep the product name as downloaded.")


class _Container:
    """A .SAFE folder or a .zip: member listing, text reading and GDAL paths."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.zip = self.path.lower().endswith(".zip")
        if self.zip:
            try:
                with zipfile.ZipFile(self.path) as z:
                    self.members = [n for n in z.namelist() if not n.endswith("/")]
            except (zipfile.BadZipFile, OSError) as err:
                raise InputError(f"'{os.path.basename(path)}' cannot be read as a .zip "
                                 f"({err}). Download it again.") from None
        else:
            self.members = [os.path.relpath(os.path.join(r, f), self.path).replace(os.sep, "/")
                            for r, _, files in os.walk(self.path) for f in files]

    def read(self, member):
        if self.zip:
            with zipfile.ZipFile(self.path) as z:
                return z.read(member).decode("utf-8")
        with open(os.path.join(self.path, member), encoding="utf-8") as f:
            return f.read()

    def gdal(self, member):
        return f"/vsizip/{self.path}/{member}" if self.zip else os.path.join(self.path, member)


def open_product(path):
    """The granules of one .SAFE folder or .zip."""
    name = os.path.basename(str(path).rstrip("/\\"))
    source = f"'{name}'"
    box = _Container(path)
    meta = [m for m in box.members if os.path.basename(m) == METADATA]
    if not meta:
        other = [m for m in box.members if os.path.basename(m).startswith("MTD_MSIL")]
        if other:
            level = os.path.basename(other[0])[8:10]
            raise InputError(f"{source} is a Sentinel-2 Level-{level} product "
                             f"({os.path.basename(other[0])}). This importer reads Level-2A "
                             "(surface reflectance, MSIL2A): download the L2A product, or "
                             "process it with Sen2Cor.")
        raise InputError(f"{source} is not a Sentinel-2 L2A product: it has no {METADATA}. "
                         "Select the .SAFE folder or the .zip as downloaded.")
    top = os.path.dirname(meta[0])
    quant, offsets, baseline, craft, start = parse_metadata(box.read(meta[0]), source)
    product = os.path.basename(top) or name
    product = re.sub(r"\.(SAFE|zip)$", "", product, flags=re.IGNORECASE)
    sensed = _sensed(product, start, source)
    granules = {}
    for member in box.members:
        m = re.match(r"(?:.*/)?GRANULE/(?P<granule>[^/]+)/IMG_DATA/R(?P<res>\d+)m/"
                     r"(?P<file>[^/]+)\.jp2$", member)
        if not m:
            continue
        for band, res in BANDS + (SCL,):
            if int(m["res"]) == res and m["file"].endswith(f"_{band}_{res}m"):
                granules.setdefault(m["granule"], {})[band] = box.gdal(member)
    if not granules:
        raise InputError(f"{source} has no image files (GRANULE/…/IMG_DATA/R10m/…_B02_10m.jp2)."
                         " Download the complete product again.")
    out = []
    for gname, images in sorted(granules.items()):
        tile = re.search(r"_T(\w{5})_", gname + "_")
        tile = tile.group(1) if tile else gname
        ident = product if len(granules) == 1 else f"{product} T{tile}"
        out.append(Granule(ident, source, sensed, tile, images, quant, offsets, baseline,
                           craft))
    return out


def find_products(paths):
    """The granules of ``paths`` (.SAFE folders, .zip files, MTD_MSIL2A.xml, or folders
    holding those), in input order."""
    if not paths:
        raise InputError("No Sentinel-2 product was given. Select the .zip files or .SAFE "
                         "folders as downloaded.")
    out = []
    for path in paths:
        path = str(path)
        name = os.path.basename(path.rstrip("/\\"))
        if not os.path.exists(path):
            raise InputError(f"'{path}' does not exist. Select the .zip files or .SAFE "
                             "folders.")
        if os.path.isdir(path):
            entries = sorted(os.listdir(path))
            if name.upper().endswith(".SAFE") or any(e.startswith("MTD_MSIL") for e in entries):
                out += open_product(path)
                continue
            inner = [os.path.join(path, e) for e in entries
                     if PRODUCT_NAME.match(e) and (e.upper().endswith(".SAFE") or
                                                   e.lower().endswith(".zip"))]
            if not inner:
                landsat = " It holds Landsat files: use 'Import Landsat Collection 2 " \
                    "Level-2'." if any(re.match(r"L[COTE]\d{2}_", e) for e in entries) else ""
                raise InputError(f"The folder '{name}' is not a Sentinel-2 L2A product (no "
                                 f"{METADATA}) and holds no .SAFE folder or .zip of one."
                                 + (landsat or " Select the .SAFE folders or .zip files as "
                                    "downloaded."))
            for p in inner:
                out += open_product(p)
        elif name.lower().endswith(".zip"):
            out += open_product(path)
        elif name == METADATA:
            out += open_product(os.path.dirname(os.path.abspath(path)))
        elif name.startswith("MTD_MSIL"):
            out += open_product(os.path.dirname(os.path.abspath(path)))
        else:
            raise InputError(f"'{name}' is not a Sentinel-2 L2A product. Select the .zip "
                             f"files or .SAFE folders as downloaded (or their {METADATA}).")
    return out

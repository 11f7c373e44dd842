"""Sentinel-2 Level-2A products in their distributed SAFE layout, for tests.

A product is written as the Copernicus hub delivers it, a ``.SAFE`` folder (or its
``.zip``)::

    S2A_MSIL2A_20190401T030541_N0211_R075_T50TMK_20190401T070006.SAFE/
        MTD_MSIL2A.xml
        GRANULE/L2A_T50TMK_A019628_20190401T031506/IMG_DATA/
            R10m/T50TMK_20190401T030541_B02_10m.jp2  (B03, B04, B08)
            R20m/T50TMK_20190401T030541_B11_20m.jp2  (B12, SCL)

following the Sentinel-2 Products Specification Document (S2-PDGS-TAS-DI-PSD, Level-2A
product format) and the Level-2A ATBD: bands are uint16 JPEG 2000 on a UTM tile grid
(10 m, 20 m cells, the two sharing the upper-left corner), reflectance = (DN +
BOA_ADD_OFFSET) / BOA_QUANTIFICATION_VALUE with the offset (−1000) present from
processing baseline 04.00 on, DN 0 = no data, DN 65535 = saturated; SCL is the uint8
scene classification (0 no data … 11 snow) at 20 m. JPEG 2000 is written losslessly
with GDAL's JP2OpenJPEG driver (QUALITY=100, REVERSIBLE=YES), whose GMLJP2 box
carries the CRS as in the real files.

The constants here are written from those documents, not taken from the importer
(engine/prepare/sentinel2), so that tests compare the two.
"""
import datetime as dt
import os
import shutil
import zipfile

import numpy as np

QUANTIFICATION = 10000  # BOA_QUANTIFICATION_VALUE
NAMESPACE = "https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-2A.xsd"
OFFSET_FROM_04 = -1000  # BOA_ADD_OFFSET of every band from baseline 04.00
EPSG_UTM_50N = 32650
ORIGIN = (399960.0, 4600020.0)  # upper-left corner (m) of a tile in UTM 50N
# band_id of the Spectral_Information_List (PSD: 0 = B1 … 12 = B12, 8 = B8A)
BAND_IDS = {"B01": 0, "B02": 1, "B03": 2, "B04": 3, "B05": 4, "B06": 5, "B07": 6, "B08": 7,
            "B8A": 8, "B09": 9, "B10": 10, "B11": 11, "B12": 12}
RES = {"B02": 10, "B03": 10, "B04": 10, "B08": 10, "B11": 20, "B12": 20, "SCL": 20}
# SCL classes (Level-2A ATBD, scene classification)
SCL_NO_DATA, SCL_SATURATED, SCL_DARK, SCL_CLOUD_SHADOW = 0, 1, 2, 3
SCL_VEGETATION, SCL_NOT_VEGETATED, SCL_WATER, SCL_UNCLASSIFIED = 4, 5, 6, 7
SCL_CLOUD_MEDIUM, SCL_CLOUD_HIGH, SCL_THIN_CIRRUS, SCL_SNOW = 8, 9, 10, 11


def product_name(sensed=dt.datetime(2019, 4, 1, 3, 5, 41), baseline="02.11", orbit=75,
                 tile="50TMK", spacecraft="S2A", level="MSIL2A"):
    """The product name (PSD: MMM_MSIXXX_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_<discriminator>)."""
    return (f"{spacecraft}_{level}_{sensed:%Y%m%dT%H%M%S}_N{baseline.replace('.', '')}_"
            f"R{orbit:03d}_T{tile}_{sensed:%Y%m%d}T070006")


def write_product(folder, bands=None, scl=None, shape10=(30, 30), sensed=dt.datetime(
        2019, 4, 1, 3, 5, 41), baseline="02.11", tile="50TMK", origin=ORIGIN,
                  epsg=EPSG_UTM_50N, spacecraft="S2A", zipped=False, omit=(),
                  level="MSIL2A"):
    """Write one L2A product; return the ``.SAFE`` folder (or the ``.zip`` with ``zipped``).

    ``bands``: {"B02": uint16 DN array at the band's resolution, …} (missing: DN 2000,
    reflectance 0.1 with the offset, 0.2 without); ``scl``: uint8 classes at 20 m
    (default 4, vegetation); ``shape10``: rows, columns at 10 m (20 m: half);
    ``baseline``: "02.11" (no BOA offset) or "04.00" and later (offset −1000 per band);
    ``omit``: band names ("SCL", "B11", …) whose files are left out.
    """
    name = product_name(sensed, baseline, 75, tile, spacecraft, level)
    safe = os.path.join(str(folder), name + ".SAFE")
    rows, cols = shape10
    shapes = {10: (rows, cols), 20: (rows // 2, cols // 2)}
    bands = dict(bands or {})
    granule = f"L2A_T{tile}_A019628_{sensed:%Y%m%d}T031506"
    stem = f"T{tile}_{sensed:%Y%m%dT%H%M%S}"
    images = []
    for band in ("B02", "B03", "B04", "B08", "B11", "B12", "SCL"):
        res = RES[band]
        if band == "SCL":
            data = np.full(shapes[20], SCL_VEGETATION, np.uint8) if scl is None else scl
        else:
            data = bands.get(band, np.full(shapes[res], 2000, np.uint16))
        rel = f"GRANULE/{granule}/IMG_DATA/R{res}m/{stem}_{band}_{res}m"
        images.append(rel)
        if band not in omit:
            os.makedirs(os.path.dirname(os.path.join(safe, rel)), exist_ok=True)
            write_jp2(os.path.join(safe, rel + ".jp2"), data, origin, res, epsg)
    with_offset = tuple(int(p) for p in baseline.split(".")) >= (4, 0)
    with open(os.path.join(safe, f"MTD_{level}.xml"), "w", encoding="utf-8") as f:
        f.write(metadata_xml(name, sensed, baseline, spacecraft, images, with_offset))
    if not zipped:
        return safe
    archive = os.path.join(str(folder), name + ".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        for root, _, files in os.walk(safe):
            for file in sorted(files):
                path = os.path.join(root, file)
                out.write(path, os.path.relpath(path, str(folder)))
    shutil.rmtree(safe)
    return archive


def write_jp2(path, data, origin, res, epsg):
    """A lossless JPEG 2000 file (GDAL JP2OpenJPEG, QUALITY=100 REVERSIBLE=YES)."""
    from osgeo import gdal, osr

    data = np.asarray(data)
    kind = gdal.GDT_Byte if data.dtype == np.uint8 else gdal.GDT_UInt16
    mem = gdal.GetDriverByName("MEM").Create("", data.shape[1], data.shape[0], 1, kind)
    mem.SetGeoTransform((origin[0], res, 0.0, origin[1], 0.0, -res))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    mem.SetProjection(srs.ExportToWkt())
    mem.GetRasterBand(1).WriteArray(data)
    out = gdal.GetDriverByName("JP2OpenJPEG").CreateCopy(
        path, mem, options=["QUALITY=100", "REVERSIBLE=YES"])
    if out is None:
        raise RuntimeError(f"GDAL could not write {path}: {gdal.GetLastErrorMsg()}")
    out = None  # noqa: F841 (closes the file)
    mem = None
    aux = path + ".aux.xml"
    if os.path.exists(aux):
        os.remove(aux)


def metadata_xml(name, sensed, baseline, spacecraft, images, with_offset):
    """MTD_MSIL2A.xml: General_Info/Product_Info and Product_Image_Characteristics (PSD)."""
    files = "\n".join(f"            <IMAGE_FILE>{i}</IMAGE_FILE>" for i in images)
    offsets = ""
    if with_offset:
        offsets = "      <BOA_ADD_OFFSET_VALUES_LIST>\n" + "\n".join(
            f'        <BOA_ADD_OFFSET band_id="{i}">{OFFSET_FROM_04}</BOA_ADD_OFFSET>'
            for i in range(13)) + "\n      </BOA_ADD_OFFSET_VALUES_LIST>\n"
    spectral = "\n".join(
        f'        <Spectral_Information bandId="{i}" physicalBand="{_physical(b)}"/>'
        for b, i in BAND_IDS.items())
    level = "Level-2A"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<n1:Level-2A_User_Product xmlns:n1="{NAMESPACE}">
  <n1:General_Info>
    <Product_Info>
      <PRODUCT_START_TIME>{sensed:%Y-%m-%dT%H:%M:%S}.024Z</PRODUCT_START_TIME>
      <PRODUCT_STOP_TIME>{sensed:%Y-%m-%dT%H:%M:%S}.024Z</PRODUCT_STOP_TIME>
      <PRODUCT_URI>{name}.SAFE</PRODUCT_URI>
      <PROCESSING_LEVEL>{level}</PROCESSING_LEVEL>
      <PRODUCT_TYPE>S2MSI2A</PRODUCT_TYPE>
      <PROCESSING_BASELINE>{baseline}</PROCESSING_BASELINE>
      <Datatake datatakeIdentifier="GS2A_{sensed:%Y%m%dT%H%M%S}_019628_N{baseline}">
        <SPACECRAFT_NAME>Sentinel-2{spacecraft[-1]}</SPACECRAFT_NAME>
        <SENSING_ORBIT_NUMBER>75</SENSING_ORBIT_NUMBER>
        <SENSING_ORBIT_DIRECTION>DESCENDING</SENSING_ORBIT_DIRECTION>
      </Datatake>
      <Product_Organisation>
        <Granule_List>
          <Granule datastripIdentifier="DS" granuleIdentifier="GR" imageFormat="JPEG2000">
{files}
          </Granule>
        </Granule_List>
      </Product_Organisation>
    </Product_Info>
    <Product_Image_Characteristics>
      <Special_Values>
        <SPECIAL_VALUE_TEXT>NODATA</SPECIAL_VALUE_TEXT>
        <SPECIAL_VALUE_INDEX>0</SPECIAL_VALUE_INDEX>
      </Special_Values>
      <Special_Values>
        <SPECIAL_VALUE_TEXT>SATURATED</SPECIAL_VALUE_TEXT>
        <SPECIAL_VALUE_INDEX>65535</SPECIAL_VALUE_INDEX>
      </Special_Values>
      <QUANTIFICATION_VALUES_LIST>
        <BOA_QUANTIFICATION_VALUE unit="none">{QUANTIFICATION}</BOA_QUANTIFICATION_VALUE>
        <AOT_QUANTIFICATION_VALUE unit="none">1000.0</AOT_QUANTIFICATION_VALUE>
        <WVP_QUANTIFICATION_VALUE unit="cm">1000.0</WVP_QUANTIFICATION_VALUE>
      </QUANTIFICATION_VALUES_LIST>
{offsets}      <Spectral_Information_List>
{spectral}
      </Spectral_Information_List>
    </Product_Image_Characteristics>
  </n1:General_Info>
</n1:Level-2A_User_Product>
"""


def _physical(band):
    """'B02' → 'B2', 'B8A' → 'B8A' (the Spectral_Information physicalBand spelling)."""
    return "B" + band[1:].lstrip("0") if band[1:].isdigit() else band

"""Landsat Collection 2 Level-2 scenes in their distributed layout, for tests.

A scene is written as USGS EarthExplorer delivers it: one GeoTIFF per band named
``<product id>_<band>.TIF`` (``LC08_L2SP_123032_20190401_20200829_02_T1_SR_B4.TIF``),
the ``_MTL.txt`` (ODL) and/or ``_MTL.xml`` metadata, either in a folder or bundled in
a ``.tar``. The layout follows the Landsat 8-9 Collection 2 Level-2 Science Product
Guide (LSDS-1619) and the Landsat 4-7 guide (LSDS-1618): uint16 bands on a UTM grid
of 30 m cells; SR_B1…SR_B7 (OLI) or SR_B1…B5, B7 (TM/ETM+); ST_B10 (OLI/TIRS) or
ST_B6 (TM/ETM+); QA_PIXEL and QA_RADSAT bit fields; fill value 0 in the SR and ST
bands and bit 0 in QA_PIXEL.

The constants here are written from those guides, not taken from the importer
(engine/prepare/landsat), so that tests compare the two.
"""
import datetime as dt
import os
import tarfile

import numpy as np

# LSDS-1619 / LSDS-1618 table "Level-2 surface reflectance / temperature scaling"
SR_MULT, SR_ADD = 2.75e-05, -0.2  # reflectance = DN × 2.75e-05 − 0.2
ST_MULT, ST_ADD = 0.00341802, 149.0  # K = DN × 0.00341802 + 149.0
FILL = 0
CELL = 30.0  # m
EPSG_UTM_50N = 32650
ORIGIN = (399885.0, 4600215.0)  # upper-left corner (m) in UTM 50N, a Landsat corner

# QA_PIXEL bits (LSDS-1619 table 6-3; LSDS-1618 table 6-3)
QA_FILL = 1 << 0
QA_DILATED_CLOUD = 1 << 1
QA_CIRRUS = 1 << 2  # Landsat 8-9 only
QA_CLOUD = 1 << 3
QA_CLOUD_SHADOW = 1 << 4
QA_SNOW = 1 << 5
QA_CLEAR = 1 << 6
QA_WATER = 1 << 7
QA_CLEAR_LAND = QA_CLEAR | (1 << 8) | (1 << 10) | (1 << 12) | (1 << 14)  # 21824: clear,
# low cloud, shadow, snow and cirrus confidence (the most frequent value of a L8 scene)
QA_CLEAR_LAND_TM = QA_CLEAR | (1 << 8) | (1 << 10) | (1 << 12)  # 5440: TM/ETM+, no cirrus
# QA_RADSAT (LSDS-1619 table 6-5): bit n − 1 set = band n saturated; bit 11 terrain occlusion
RADSAT_TERRAIN_OCCLUSION = 1 << 11

SENSORS = {  # name prefix → (SPACECRAFT_ID, SENSOR_ID, SR bands, ST band)
    "LC08": ("LANDSAT_8", "OLI_TIRS", (1, 2, 3, 4, 5, 6, 7), "ST_B10"),
    "LC09": ("LANDSAT_9", "OLI_TIRS", (1, 2, 3, 4, 5, 6, 7), "ST_B10"),
    "LE07": ("LANDSAT_7", "ETM", (1, 2, 3, 4, 5, 7), "ST_B6"),
    "LT05": ("LANDSAT_5", "TM", (1, 2, 3, 4, 5, 7), "ST_B6"),
}


def product_id(sensor="LC08", path=123, row=32, acquired=dt.date(2019, 4, 1),
               processed=dt.date(2020, 8, 29), level="L2SP", collection="02", tier="T1"):
    """The Landsat product identifier (LSDS-1619 §2: LXSS_LLLL_PPPRRR_YYYYMMDD_yyyymmdd_CC_TX)."""
    return (f"{sensor}_{level}_{path:03d}{row:03d}_{acquired:%Y%m%d}_{processed:%Y%m%d}_"
            f"{collection}_{tier}")


def write_scene(folder, sr=None, st=None, qa_pixel=None, qa_radsat=None, shape=(30, 30),
                sensor="LC08", path=123, row=32, acquired=dt.date(2019, 4, 1),
                processed=dt.date(2020, 8, 29), origin=ORIGIN, epsg=EPSG_UTM_50N,
                mtl=("txt",), bundle=False, level="L2SP", collection="02",
                sr_mult=SR_MULT, sr_add=SR_ADD, omit=()):
    """Write one scene; return the scene folder, or the ``.tar`` with ``bundle``.

    ``sr``: {band number: uint16 DN array} (missing bands: DN 10000, reflectance
    0.075); ``st``: DN array of the ST band (default 44000, 299.39 K); ``qa_pixel``
    (default clear land: 21824, TM/ETM+ 5440) and ``qa_radsat`` (default 0) arrays; ``origin``: the
    upper-left corner (m) in UTM zone ``epsg``; ``mtl``: "txt" and/or "xml";
    ``sr_mult``/``sr_add``: the scaling the MTL declares; ``omit``: file suffixes
    ("SR_B4", "QA_PIXEL", …) left out.
    """
    spacecraft, sensor_id, bands, st_name = SENSORS[sensor]
    pid = product_id(sensor, path, row, acquired, processed, level, collection)
    scene = os.path.join(str(folder), pid)
    os.makedirs(scene, exist_ok=True)
    sr = dict(sr or {})
    layers = {f"SR_B{b}": sr.get(b, np.full(shape, 10000)) for b in bands}
    if level == "L2SP":
        layers[st_name] = np.full(shape, 44000) if st is None else st
    clear = QA_CLEAR_LAND if sensor_id == "OLI_TIRS" else QA_CLEAR_LAND_TM
    layers["QA_PIXEL"] = np.full(shape, clear) if qa_pixel is None else qa_pixel
    layers["QA_RADSAT"] = np.zeros(shape) if qa_radsat is None else qa_radsat
    for suffix, data in layers.items():
        if suffix not in omit:
            _write_tif(os.path.join(scene, f"{pid}_{suffix}.TIF"), data, origin, epsg)
    meta = dict(pid=pid, spacecraft=spacecraft, sensor_id=sensor_id, bands=bands,
                st_name=st_name if level == "L2SP" else None, acquired=acquired, path=path,
                row=row, level=level, collection=collection, shape=np.shape(layers["QA_PIXEL"]),
                origin=origin, epsg=epsg, sr_mult=sr_mult, sr_add=sr_add)
    if "txt" in mtl:
        with open(os.path.join(scene, f"{pid}_MTL.txt"), "w", encoding="ascii") as f:
            f.write(mtl_text(meta))
    if "xml" in mtl:
        with open(os.path.join(scene, f"{pid}_MTL.xml"), "w", encoding="ascii") as f:
            f.write(mtl_xml(meta))
    if not bundle:
        return scene
    tar = os.path.join(str(folder), f"{pid}.tar")
    with tarfile.open(tar, "w") as out:  # EarthExplorer bundles: files at the top level
        for name in sorted(os.listdir(scene)):
            out.add(os.path.join(scene, name), arcname=name)
    for name in os.listdir(scene):
        os.remove(os.path.join(scene, name))
    os.rmdir(scene)
    return tar


def _write_tif(path, data, origin, epsg):
    import rasterio
    from rasterio.crs import CRS
    from rasterio.transform import from_origin

    data = np.asarray(data).astype(np.uint16)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[1], height=data.shape[0],
                       count=1, dtype="uint16", crs=CRS.from_epsg(epsg),
                       transform=from_origin(origin[0], origin[1], CELL, CELL)) as ds:
        ds.write(data, 1)


def _groups(m):
    """The MTL's groups and fields in file order (LSDS-1619 appendix: MTL file)."""
    pid, rows, cols = m["pid"], m["shape"][0], m["shape"][1]
    x0, y0 = m["origin"]
    files = [(f"FILE_NAME_BAND_{b}", f'"{pid}_SR_B{b}.TIF"') for b in m["bands"]]
    if m["st_name"]:
        files.append((f"FILE_NAME_BAND_{m['st_name']}", f'"{pid}_{m["st_name"]}.TIF"'))
    files += [("FILE_NAME_QUALITY_L1_PIXEL", f'"{pid}_QA_PIXEL.TIF"'),
              ("FILE_NAME_QUALITY_L1_RADIOMETRIC_SATURATION", f'"{pid}_QA_RADSAT.TIF"'),
              ("FILE_NAME_METADATA_ODL", f'"{pid}_MTL.txt"'),
              ("FILE_NAME_METADATA_XML", f'"{pid}_MTL.xml"')]
    content = [("ORIGIN", '"Image courtesy of the U.S. Geological Survey"'),
               ("DIGITAL_OBJECT_IDENTIFIER", '"https://doi.org/10.5066/P9OGBGM6"'),
               ("LANDSAT_PRODUCT_ID", f'"{pid}"'), ("PROCESSING_LEVEL", f'"{m["level"]}"'),
               ("COLLECTION_NUMBER", m["collection"]), ("COLLECTION_CATEGORY", '"T1"'),
               ("OUTPUT_FORMAT", '"GEOTIFF"')] + files
    image = [("SPACECRAFT_ID", f'"{m["spacecraft"]}"'), ("SENSOR_ID", f'"{m["sensor_id"]}"'),
             ("WRS_TYPE", "2"), ("WRS_PATH", str(m["path"])), ("WRS_ROW", str(m["row"])),
             ("DATE_ACQUIRED", m["acquired"].isoformat()),
             ("SCENE_CENTER_TIME", '"03:05:41.1234560Z"'), ("CLOUD_COVER", "12.34")]
    projection = [("MAP_PROJECTION", '"UTM"'), ("DATUM", '"WGS84"'),
                  ("ELLIPSOID", '"WGS84"'), ("UTM_ZONE", str(m["epsg"] % 100)),
                  ("GRID_CELL_SIZE_REFLECTIVE", "30.00"), ("GRID_CELL_SIZE_THERMAL", "30.00"),
                  ("REFLECTIVE_LINES", str(rows)), ("REFLECTIVE_SAMPLES", str(cols)),
                  ("CORNER_UL_PROJECTION_X_PRODUCT", f"{x0:.3f}"),
                  ("CORNER_UL_PROJECTION_Y_PRODUCT", f"{y0:.3f}")]
    reflectance = []
    for b in m["bands"]:
        reflectance += [(f"REFLECTANCE_MAXIMUM_BAND_{b}", "1.602213"),
                        (f"REFLECTANCE_MINIMUM_BAND_{b}", "-0.199972")]
    for b in m["bands"]:
        reflectance += [(f"QUANTIZE_CAL_MAX_BAND_{b}", "65535"),
                        (f"QUANTIZE_CAL_MIN_BAND_{b}", "1")]
    for b in m["bands"]:
        reflectance.append((f"REFLECTANCE_MULT_BAND_{b}", f"{m['sr_mult']:.2e}"))
    for b in m["bands"]:
        reflectance.append((f"REFLECTANCE_ADD_BAND_{b}", f"{m['sr_add']:.6f}"))
    groups = [("PRODUCT_CONTENTS", content), ("IMAGE_ATTRIBUTES", image),
              ("PROJECTION_ATTRIBUTES", projection),
              ("LEVEL2_SURFACE_REFLECTANCE_PARAMETERS", reflectance)]
    if m["st_name"]:
        s = m["st_name"]
        groups.append(("LEVEL2_SURFACE_TEMPERATURE_PARAMETERS", [
            (f"TEMPERATURE_MAXIMUM_BAND_{s}", "372.999941"),
            (f"TEMPERATURE_MINIMUM_BAND_{s}", "149.003418"),
            (f"QUANTIZE_CAL_MAXIMUM_BAND_{s}", "65535"),
            (f"QUANTIZE_CAL_MINIMUM_BAND_{s}", "1"),
            (f"TEMPERATURE_MULT_BAND_{s}", f"{ST_MULT}"),
            (f"TEMPERATURE_ADD_BAND_{s}", f"{ST_ADD:.1f}")]))
    return groups


def mtl_text(meta):
    """The ``_MTL.txt`` (ODL: GROUP = … END_GROUP = …, END)."""
    lines = ["GROUP = LANDSAT_METADATA_FILE"]
    for group, fields in _groups(meta):
        lines.append(f"  GROUP = {group}")
        lines += [f"    {key} = {value}" for key, value in fields]
        lines.append(f"  END_GROUP = {group}")
    lines += ["END_GROUP = LANDSAT_METADATA_FILE", "END", ""]
    return "\n".join(lines)


def mtl_xml(meta):
    """The ``_MTL.xml``: the same groups and fields as elements, values unquoted."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<LANDSAT_METADATA_FILE>"]
    for group, fields in _groups(meta):
        lines.append(f"  <{group}>")
        lines += [f"    <{key}>{value.strip(chr(34))}</{key}>" for key, value in fields]
        lines.append(f"  </{group}>")
    lines += ["</LANDSAT_METADATA_FILE>", ""]
    return "\n".join(lines)

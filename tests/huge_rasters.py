"""A 100,000 × 100,000 declared GeoTIFF that takes a few hundred KB on disk.

Written with GDAL's GTiff driver and its ``SPARSE_OK=TRUE`` creation option (GDAL
GTiff driver documentation, "Creation options" and "Sparse files"): tiles never
written keep a TileOffset/TileByteCount of 0 (TIFF 6.0, section 15, tiled images)
and read back as the band's nodata value. 10¹⁰ cells are declared; only the
``written`` block holds data.
"""
import numpy as np
from osgeo import gdal, osr

SIZE = 100_000           # cells per side
CELL = 10.0              # m (UTM zone 33N, EPSG:32633)
ORIGIN = (300_000.0, 5_500_000.0)  # upper-left corner, m
NODATA = -9999.0


def write_huge(path, bands=1, written=None, value=0.25):
    """Write the sparse raster at ``path``; ``written`` (rows, cols) from the upper-left
    corner are set to ``value`` in every band. Returns ``path`` as str."""
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), SIZE, SIZE, bands, gdal.GDT_Float32,
        ["TILED=YES", "BLOCKXSIZE=1024", "BLOCKYSIZE=1024", "SPARSE_OK=TRUE",
         "COMPRESS=DEFLATE"])
    ds.SetGeoTransform((ORIGIN[0], CELL, 0.0, ORIGIN[1], 0.0, -CELL))
    ds.SetProjection(_utm33())
    for b in range(1, bands + 1):
        band = ds.GetRasterBand(b)
        band.SetNoDataValue(NODATA)
        if written:
            band.WriteArray(np.full(written, value, "float32"), 0, 0)
    ds = None
    return str(path)


def write_reference(path, cells, cell_size, origin=ORIGIN):
    """A ``cells`` × ``cells`` float32 reference grid of ``cell_size`` m in EPSG:32633,
    its upper-left corner at ``origin`` (values unused)."""
    ds = gdal.GetDriverByName("GTiff").Create(str(path), cells, cells, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((origin[0], cell_size, 0.0, origin[1], 0.0, -cell_size))
    ds.SetProjection(_utm33())
    ds = None
    return str(path)


def _utm33():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    return srs.ExportToWkt()

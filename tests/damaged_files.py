"""Damaged inputs as users meet them: a corrupt tile, a truncated file, text named .tif.

The corrupt tile follows the TIFF 6.0 specification, Section 15 "Tiled Images":
the compressed bytes of tile ``t`` start at ``TileOffsets[t]`` (tag 324) and are
``TileByteCounts[t]`` (tag 325) long; tiles run row-major, and with
PlanarConfiguration = 2 (band interleave) each band has its own run of tiles.
GDAL's GTiff driver publishes both tags per band and block in its "TIFF" metadata
domain as ``BLOCK_OFFSET_<x>_<y>`` and ``BLOCK_SIZE_<x>_<y>`` (GDAL GTiff driver
documentation, "Metadata"). The file is DEFLATE-compressed (TIFF tag 259 = 8,
zlib stream, RFC 1950/1951), so bytes overwritten after the 2-byte zlib header make
that one tile undecodable while the header (IFD) and every other tile stay valid.
"""
import numpy as np
import rasterio

TILE = 16  # cells per tile side of :func:`write_tiled`


def write_tiled(path, data, crs="EPSG:4326", transform=None, nodata=-9999.0):
    """Write ``data`` (bands, rows, cols, float32) as a tiled DEFLATE GeoTIFF, band interleave.

    Tiles are :data:`TILE` cells square; ``transform`` defaults to 0.01° cells from
    (10° E, 50° N).
    """
    from rasterio.transform import from_origin

    bands, rows, cols = data.shape
    profile = dict(driver="GTiff", width=cols, height=rows, count=bands, dtype="float32",
                   crs=crs, transform=transform or from_origin(10.0, 50.0, 0.01, 0.01),
                   nodata=nodata, tiled=True, blockxsize=TILE, blockysize=TILE,
                   compress="deflate", interleave="band")
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(np.asarray(data, "float32"))
    return path


def tiled_copy(source, path):
    """Copy the raster ``source`` to ``path`` as :func:`write_tiled` writes (tags kept)."""
    with rasterio.open(source) as src:
        profile = dict(src.profile, tiled=True, blockxsize=TILE, blockysize=TILE,
                       compress="deflate", interleave="band", driver="GTiff")
        with rasterio.open(path, "w", **profile) as out:
            out.write(src.read())
            out.descriptions = src.descriptions
            out.update_tags(**src.tags())
            for band in range(1, src.count + 1):
                out.update_tags(band, **src.tags(band))
    return path


def tile_extent(path, band, tile_row, tile_col):
    """(byte offset, byte count) of one tile of ``band`` (1-based), from GDAL's TIFF tags."""
    from osgeo import gdal

    ds = gdal.Open(str(path))
    try:
        b = ds.GetRasterBand(band)
        offset = b.GetMetadataItem(f"BLOCK_OFFSET_{tile_col}_{tile_row}", "TIFF")
        size = b.GetMetadataItem(f"BLOCK_SIZE_{tile_col}_{tile_row}", "TIFF")
    finally:
        ds = None
    return int(offset), int(size)


def corrupt_tile(path, band, tile_row, tile_col):
    """Overwrite the compressed bytes of one tile (all but the zlib header and last 2 bytes).

    Returns the tile's window as (row offset, col offset) in cells.
    """
    offset, size = tile_extent(path, band, tile_row, tile_col)
    assert size > 8, "the tile is too small to damage"
    with open(path, "r+b") as f:
        f.seek(offset + 2)
        f.write(b"\xff" * (size - 4))
    return tile_row * TILE, tile_col * TILE


def truncate(source, path, fraction=0.5):
    """Write the first ``fraction`` of the bytes of ``source`` to ``path`` (a cut download)."""
    with open(source, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:int(len(data) * fraction)])
    return path


def text_as_tif(path):
    """A text file named like a raster (a saved web page, a CSV renamed .tif)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("date,sm\n2019-06-01,0.21\n")
    return path


def geokeys_offset(path):
    """Byte offset of the GeoKeyDirectory (tag 34735, GeoTIFF 1.1 §7.1) values of a
    little-endian classic TIFF, read from its first IFD (TIFF 6.0 §2: 12-byte entries)."""
    import struct

    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] == b"II*\x00", "a little-endian classic TIFF is expected"
    ifd = struct.unpack("<I", data[4:8])[0]
    for k in range(struct.unpack("<H", data[ifd:ifd + 2])[0]):
        tag, _, _, value = struct.unpack("<HHII", data[ifd + 2 + 12 * k:ifd + 14 + 12 * k])
        if tag == 34735:
            return ifd, value
    raise AssertionError("no GeoKeyDirectory")


def cut_in_geokeys(path, out):
    """A GeoTIFF cut inside its GeoKeys, as a time stack whose band dates were set after
    writing (GDAL then rewrites the IFD at the end): it opens, but without its CRS.

    Returns (bytes kept, original size).
    """
    import os

    with rasterio.open(path, "r+") as ds:  # the IFD moves after the tiles
        ds.set_band_description(1, "2019-06-01")
    ifd, geokeys = geokeys_offset(path)
    assert geokeys > ifd, "the GeoKeys are expected after the IFD"
    keep = geokeys + 10
    with open(path, "rb") as f:
        data = f.read(keep)
    with open(out, "wb") as f:
        f.write(data)
    return keep, os.path.getsize(path)

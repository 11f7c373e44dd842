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

A damaged chunk of an HDF5 or netCDF-4 file (netCDF-4 files are HDF5 files) follows
the HDF5 File Format Specification 3.0, §IV.A.2.i (chunked layout: each chunk is
stored, filtered, on its own and indexed by its logical offset); h5py gives a chunk's
file offset and stored size with ``DatasetID.get_chunk_info_by_coord`` (H5Dget_chunk_info
_by_coord). With the deflate filter (§IV.A.2.l, filter 1: a zlib stream) bytes
overwritten after the 2-byte zlib header make that chunk undecodable.

A damaged MODIS data field follows the HDF 4.2 Specification: the file starts with the
magic number 0x0e031301, followed by linked data-descriptor blocks (int16 number of
descriptors, int32 offset of the next block; each descriptor uint16 tag, uint16 ref,
int32 offset, int32 length, big-endian, §"The Data Descriptor Block"); the compressed
data of an SDS written with deflate is one element of tag DFTAG_COMPRESSED (40)
holding one zlib stream of the whole array, stored big-endian. HDF4's inflate does
not report corrupt bytes in the middle of such a stream (it returns wrong values), so
:func:`corrupt_hdf4_field` overwrites the whole stream after its zlib header, which
HDF4 refuses ("GDreadfield() failed").

A damaged JPEG 2000 tile (Sentinel-2) follows ITU-T T.800 (JPEG 2000 Part 1), Annex
A.4.2–A.4.3: each tile-part starts with an SOT marker segment (0xFF90; Lsot = 10,
Isot = tile index, row-major, Psot = tile-part length in bytes from the SOT marker)
and its packet data follows the SOD marker (0xFF93); 0xFF bytes written over the
packet data read as marker codes where packet headers belong, which OpenJPEG refuses
("Failed to decode"). Other damage to packet data may decode silently to wrong
values; that is the codec's, not detectable by a reader.
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
    _overwrite_stream(path, *tile_extent(path, band, tile_row, tile_col))
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


def corrupt_tile_at(path, band, row, col):
    """Overwrite the tile of ``band`` holding cell (``row``, ``col``) of a tiled DEFLATE
    GeoTIFF (any tile size); return the tile's (row, column, height, width) in cells."""
    with rasterio.open(path) as ds:
        rows, cols = ds.block_shapes[band - 1]
        height, width = ds.height, ds.width
    tile_row, tile_col = row // rows, col // cols
    _overwrite_stream(path, *tile_extent(path, band, tile_row, tile_col))
    top, left = tile_row * rows, tile_col * cols
    return top, left, min(rows, height - top), min(cols, width - left)


def corrupt_chunk(path, dataset, cell):
    """Overwrite the compressed bytes of the chunk of ``dataset`` (an HDF5 path, or a
    netCDF-4 variable name) holding ``cell`` (an index per axis).

    Returns (the chunk's offset per axis, its shape per axis, cut at the array's end).
    """
    import h5py

    with h5py.File(path, "r") as f:
        ds = f[dataset]
        assert ds.chunks and ds.compression == "gzip", "a chunked, deflated dataset is expected"
        corner = tuple(c - c % n for c, n in zip(cell, ds.chunks))
        info = ds.id.get_chunk_info_by_coord(corner)
        shape = tuple(min(n, size - c) for c, n, size in zip(corner, ds.chunks, ds.shape))
    _overwrite_stream(path, info.byte_offset, info.size)
    return corner, shape


def corrupt_hdf4_field(path, data):
    """Overwrite the deflate stream of the HDF4 SDS whose values are ``data`` (identified
    by decompressing each DFTAG_COMPRESSED element); return its (offset, length)."""
    import struct
    import zlib

    with open(path, "rb") as f:
        raw = f.read()
    assert raw[:4] == b"\x0e\x03\x13\x01", "an HDF4 file is expected"
    wanted = np.asarray(data).astype(np.asarray(data).dtype.newbyteorder(">")).tobytes()
    block = 4
    while block:
        count, block_next = struct.unpack(">hi", raw[block:block + 6])
        for k in range(count):
            tag, _, offset, length = struct.unpack(
                ">HHii", raw[block + 6 + 12 * k:block + 18 + 12 * k])
            if tag == 40 and raw[offset:offset + 1] == b"\x78":  # a zlib stream
                try:
                    found = zlib.decompress(raw[offset:offset + length]) == wanted
                except zlib.error:
                    found = False
                if found:
                    _overwrite_stream(path, offset, length)
                    return offset, length
        block = block_next
    raise AssertionError("no compressed SDS holds these values")


def _overwrite_stream(path, offset, size):
    """Overwrite a zlib stream's bytes but its 2-byte header and last 2 bytes."""
    assert size > 8, "the stream is too small to damage"
    with open(path, "r+b") as f:
        f.seek(offset + 2)
        f.write(b"\xff" * (size - 4))


def tiled_jp2(path, block):
    """Rewrite the JPEG 2000 file ``path`` losslessly in tiles of ``block`` cells (GDAL
    JP2OpenJPEG, QUALITY=100 REVERSIBLE=YES, as the Sentinel-2 writer)."""
    import os

    from osgeo import gdal

    copy = str(path) + ".tiled.jp2"
    out = gdal.Translate(copy, str(path), format="JP2OpenJPEG", creationOptions=[
        "QUALITY=100", "REVERSIBLE=YES", f"BLOCKXSIZE={block}", f"BLOCKYSIZE={block}"])
    assert out is not None, gdal.GetLastErrorMsg()
    out = None  # noqa: F841 (closes the file)
    os.replace(copy, str(path))
    if os.path.exists(copy + ".aux.xml"):
        os.remove(copy + ".aux.xml")
    return str(path)


def corrupt_jp2_tile(path, row, col):
    """Overwrite the packet data of the JPEG 2000 tile holding cell (``row``, ``col``)
    with 0xFF bytes; return the tile's (row, column, height, width) in cells."""
    import struct

    with rasterio.open(path) as ds:
        rows, cols = ds.block_shapes[0]
        height, width = ds.height, ds.width
    across = -(-width // cols)
    index = (row // rows) * across + col // cols
    with open(path, "rb") as f:
        raw = f.read()
    at = raw.find(b"\xff\x90")
    while at >= 0:
        length, isot, psot = struct.unpack(">HHI", raw[at + 2:at + 10])
        if length == 10 and isot == index:
            data = raw.index(b"\xff\x93", at) + 2
            with open(path, "r+b") as f:
                f.seek(data)
                f.write(b"\xff" * (at + psot - data))
            top, left = (row // rows) * rows, (col // cols) * cols
            return top, left, min(rows, height - top), min(cols, width - left)
        at = raw.find(b"\xff\x90", at + 2)
    raise AssertionError(f"no tile-part of tile {index}")

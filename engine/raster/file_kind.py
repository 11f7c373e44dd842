"""What a file is, from its first bytes: for messages about a file picked by mistake.

A user who gives a web page saved as ``.tif``, a GeoTIFF renamed ``.smdm`` or a
CSV where a raster belongs should be told what the file is. :func:`file_kind`
reads the signature ("magic number") at the start of the file: TIFF 6.0 §2
(``II*\\0``/``MM\\0*``; BigTIFF ``+`` instead of ``*``), HDF5 (format spec §II.A,
``\\x89HDF\\r\\n\\x1a\\n``), HDF4 (``\\x0e\\x03\\x13\\x01``), netCDF classic
(``CDF\\x01``/``CDF\\x02``/``CDF\\x05``), ZIP (APPNOTE §4.3.7, ``PK\\x03\\x04``), PNG,
JPEG, PDF and Python pickles; else UTF-8 text without NUL bytes is "a text file".
"""
import os

_SIGNATURES = (
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"II+\x00", "a BigTIFF image"), (b"MM\x00+", "a BigTIFF image"),
    (b"\x89HDF\r\n\x1a\n", "an HDF5 file"), (b"\x0e\x03\x13\x01", "an HDF4 file"),
    (b"CDF\x01", "a netCDF file"), (b"CDF\x02", "a netCDF file"), (b"CDF\x05", "a netCDF file"),
    (b"PK\x03\x04", "a ZIP archive"), (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"%PDF", "a PDF document"),
    (b"\x80\x04", "a Python pickle"), (b"\x80\x05", "a Python pickle"),
)
# kinds GDAL reads as rasters: a file of one of these kinds that GDAL cannot open is damaged
RASTER_KINDS = frozenset({"a TIFF image", "a BigTIFF image", "an HDF5 file", "an HDF4 file",
                          "a netCDF file", "a PNG image", "a JPEG image"})
_PROBE = 4096  # bytes read to tell text from binary


def file_kind(path):
    """A short phrase saying what the file at ``path`` is ("a TIFF image", "a text file
    beginning 'date,sm'", "an empty file", …); None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            head = f.read(_PROBE)
    except OSError:
        return None
    if not head:
        return "an empty file"
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as err:  # a multi-byte character cut at the probe's end
        text = head[:err.start].decode("utf-8") if err.start > _PROBE - 4 else None
    if text is None or "\x00" in text:
        return f"a binary file of an unknown kind ({os.path.getsize(path)} bytes)"
    first = text.strip().splitlines()[0][:40] if text.strip() else ""
    return f"a text file beginning '{first}'" if first else "a text file of blank lines"

"""Damaged and wrong raster files: refused with the file, the cause and the fix.

GDAL's own words for a bad input ("TIFFReadEncodedTile() failed", "not recognized
as a supported file format") name neither the cause nor what to do, and arrive as
a traceback. Every engine path that opens or reads a user's raster goes through
this module:

- :func:`open_raster` opens a file; a file GDAL cannot open becomes an
  :class:`~..errors.InputError` saying what the file is (:mod:`.file_kind`): a
  raster format that does not open is "damaged or incomplete", anything else "not
  a raster GDAL can read";
- :func:`check_raster` also refuses a TIFF cut short (its structure points past
  its end, :mod:`.tiff_layout`) before any output is started — such a file often
  opens, and lacks its CRS or fails at the first missing tile;
- :func:`read` reads a dataset's bands; a failed read becomes an InputError naming
  the file, the band and the window (row, column offset and size in cells); a
  subdataset (``HDF4_EOS:EOS_GRID:"file":grid:field``, ``NETCDF:"file":variable``) is
  named as its file and its layer; :func:`reading` does the same for any other call
  that reads a dataset (a warp).

Product files read with h5py or netCDF4 are refused in the same words by
:mod:`.readable_arrays`, which uses :data:`FIX` and :func:`window_label`.

GDAL's own printed copy of the error is silenced while a read or open is
attempted (a handler pushed for that call only, in that thread), and the messages
it collected go into the InputError; messages of a call that succeeds are passed
on to the handler that was there before, so nothing is hidden elsewhere.
"""
import contextlib
import os
import re

import rasterio
from rasterio.errors import RasterioIOError, WarpOperationError
from rasterio.windows import Window

from ..errors import InputError
from .file_kind import RASTER_KINDS, file_kind
from .tiff_layout import NotTiff, tiff_data_end

try:  # the same libgdal as rasterio's in Debian/QGIS installs; else nothing is silenced
    from osgeo import gdal as _gdal
except ImportError:  # pragma: no cover (GDAL's Python bindings come with QGIS)
    _gdal = None

try:
    from rasterio._err import CPLE_BaseError
except ImportError:  # pragma: no cover (rasterio moved it)
    CPLE_BaseError = RasterioIOError

_READ_ERRORS = (RasterioIOError, CPLE_BaseError)
_CE_FAILURE = 3  # GDAL's CPLErr CE_Failure (CE_Fatal = 4)
FIX = "download or create it again"  # what to do with a damaged file
# a GDAL subdataset name: DRIVER[:KIND]:"file":layer (GDAL raster drivers, "Subdatasets");
# rasterio gives the file without its quotes
_SUBDATASET = re.compile(r'^[A-Z][A-Za-z0-9_]*:(?:[A-Z][A-Za-z0-9_]*:)?"?(?P<rest>.+)$')


class _ReportedFailure(Exception):
    """GDAL reported an error during a read that returned values."""


@contextlib.contextmanager
def quiet_gdal():
    """Collect GDAL's messages in this thread instead of printing them; yields the list.

    Each item is (class, number, text). When the block ends without an exception
    the messages are handed to the previous handler (printed or logged as before).
    """
    messages = []
    if _gdal is None:
        yield messages
        return
    _gdal.PushErrorHandler(lambda cls, number, text: messages.append((cls, number, text)))
    try:
        yield messages
    except BaseException:
        _gdal.PopErrorHandler()
        raise
    _gdal.PopErrorHandler()
    for cls, number, text in messages:
        with contextlib.suppress(Exception):  # gdal.UseExceptions() would raise here
            _gdal.Error(cls, number, text)


def open_raster(path, **kwargs):
    """``rasterio.open(path, **kwargs)``; a file that does not open raises InputError."""
    try:
        with quiet_gdal() as messages:
            return rasterio.open(path, **kwargs)
    except _READ_ERRORS as err:
        raise unreadable(path, err, messages) from None


def check_raster(path):
    """Refuse a raster GDAL cannot open, or a TIFF cut short; return ``path``.

    Only the header and the TIFF directories are read (no pixel data), so a tile
    damaged in the middle is found by :func:`read`, when it is read.
    """
    with open_raster(path):
        pass
    shortfall = _shortfall(path)
    if shortfall:
        raise InputError(f"'{path}' is damaged or incomplete ({shortfall}); {FIX}.")
    return path


def read(dataset, indexes=None, window=None, path=None, **kwargs):
    """``dataset.read(indexes, window=window, **kwargs)``; a failed read raises InputError.

    ``path``: the file named in the message (default: the dataset's name; give it
    for a WarpedVRT, whose window is then on the grid it warps to).
    """
    with reading(dataset, indexes, window, path):
        return dataset.read(indexes, window=window, **kwargs)


@contextlib.contextmanager
def reading(dataset, indexes=None, window=None, path=None):
    """A block reading ``indexes`` on ``window`` of ``dataset`` (a read, a warp from it);
    a failed read raises the InputError of :func:`read`.

    A read that returns but during which GDAL reported an error (CE_Failure: the
    JPEG 2000 driver's "Failed to decode" of a damaged tile) failed too: its values
    are not the file's. So that the JPEG 2000 driver reports in this thread, it
    decodes a read's tiles in this thread (GDAL_NUM_THREADS=1 for the read only; its
    worker threads' errors would go to GDAL's global handler, printed and lost).
    """
    try:
        with quiet_gdal() as messages, _decoded_here(dataset):
            yield
            failures = [text for cls, _, text in messages if cls >= _CE_FAILURE]
            if failures:
                raise _ReportedFailure(failures[-1])
    except _READ_ERRORS + (_ReportedFailure,) as err:
        raise read_failed(path or dataset.name, indexes, window, dataset, err,
                          messages) from None
    except WarpOperationError as err:  # a warp fails for its reads, or for other causes
        cause = _read_error_behind(err)
        if cause is None:
            raise
        raise read_failed(path or dataset.name, indexes, window, dataset, cause,
                          messages) from None


def _read_error_behind(err):
    """The failed read ("IReadBlock failed …") among the causes of ``err``, or None."""
    while err is not None:
        if isinstance(err, _READ_ERRORS) and "IReadBlock failed" in str(err):
            return err
        err = err.__cause__ or err.__context__
    return None


@contextlib.contextmanager
def _decoded_here(dataset):
    """GDAL_NUM_THREADS=1 in this thread while a JPEG 2000 dataset is read."""
    if _gdal is None or getattr(dataset, "driver", None) != "JP2OpenJPEG":
        yield
        return
    before = _gdal.GetThreadLocalConfigOption("GDAL_NUM_THREADS", None)
    _gdal.SetThreadLocalConfigOption("GDAL_NUM_THREADS", "1")
    try:
        yield
    finally:
        _gdal.SetThreadLocalConfigOption("GDAL_NUM_THREADS", before)


def unreadable(path, err, messages=()):
    """The InputError for a file GDAL could not open."""
    path = str(path)
    detail = _gdal_detail(err, messages, path)
    if not path.startswith("/vsi") and not os.path.exists(path):
        return InputError(f"'{path}' does not exist (GDAL: {detail}). Check the path.")
    kind = file_kind(path) if os.path.isfile(path) else None
    if kind is None or kind in RASTER_KINDS:
        shortfall = _shortfall(path)
        cause = f"{shortfall}; GDAL: {detail}" if shortfall else f"GDAL: {detail}"
        return InputError(f"'{path}' is damaged or incomplete ({cause}); {FIX}.")
    return InputError(f"'{path}' is not a raster GDAL can read (it is {kind}; GDAL: {detail}). "
                      "Choose the raster file itself (GeoTIFF, netCDF, HDF, …).")


def read_failed(path, indexes, window, dataset, err, messages=()):
    """The InputError for a read of ``indexes`` on ``window`` of ``dataset`` that failed.

    ``path``: the file, or a subdataset name (then named as its file and layer).
    """
    path = str(path)
    detail = _gdal_detail(err, messages, path)
    failed = _failed_band(err, messages)
    band = f"band {failed}" if failed else _bands_label(indexes, dataset)
    file, layer = _subdataset(path)
    if layer:
        band = f"layer '{layer}'" + (f" ({band})" if dataset.count > 1 else "")
    shortfall = _shortfall(file) if os.path.isfile(file) else ""
    cause = f"{shortfall}; GDAL: {detail}" if shortfall else f"GDAL: {detail}"
    itself = dataset.name == path or (dataset.name.startswith("/vsi")  # /vsigzip/<path>
                                      and dataset.name.endswith(path))
    block = _failed_block(err, messages, dataset, failed) if itself else ""
    return InputError(f"'{file}' is damaged or incomplete: {band} cannot be read in "
                      f"{_window_label(window, dataset)}{block} ({cause}); {FIX}.")


def _subdataset(path):
    """(file, layer) of a GDAL subdataset name (the layer: its last part, a field or
    variable name), else (path, None)."""
    found = _SUBDATASET.match(path) if not os.path.exists(path) else None
    if found:
        rest = found.group("rest")
        for end in [k for k, char in enumerate(rest) if char == ":"]:
            file = rest[:end].rstrip('"')
            if os.path.isfile(file):
                return file, re.split(r"[:/]", rest[end + 1:])[-1]
    return path, None


def _shortfall(path):
    """'the file ends at byte N, but its directory points to byte M' for a TIFF cut
    short, else ''."""
    try:
        needed, size = tiff_data_end(path)
    except (NotTiff, OSError, ValueError):  # not a TIFF, or a header too short to parse
        return ""
    if needed <= size:
        return ""
    return f"the file ends at byte {size:,}, but its directory points to byte {needed:,}"


def _gdal_detail(err, messages, path):
    """GDAL's messages (the root cause first), without repeats of the path."""
    texts = []
    for _, _, text in messages:
        text = str(text).strip().rstrip(".")
        if text and path not in text and text not in texts:
            texts.append(text)
    if not texts:  # rasterio's summary: without its prefix and the path named already
        text = re.sub(r"^Read or write failed\.\s*", "", str(err))
        for quoted in (f"`{path}'", f"'{path}'", f"{path}:", f"{path},", path):
            text = text.replace(quoted, "")
        texts = [text.strip(" ,:").rstrip(".")]
    return "; ".join(texts)


def _failed_band(err, messages):
    """The 1-based band GDAL names as failed (', band N:' in its message), or None."""
    for text in [str(err)] + [str(m[2]) for m in messages]:
        found = re.search(r", band (\d+):", text)
        if found:
            return int(found.group(1))
    return None


def _failed_block(err, messages, dataset, band):
    """': its block at row R, column C (H×W cells) is damaged or missing' from GDAL's
    'IReadBlock failed at X offset i, Y offset j' (block indices), or ''."""
    for text in [str(err)] + [str(m[2]) for m in messages]:
        found = re.search(r"IReadBlock failed at X offset (\d+), Y offset (\d+)", text)
        if found and band and band <= dataset.count:
            rows, cols = dataset.block_shapes[band - 1]
            row, col = int(found.group(2)) * rows, int(found.group(1)) * cols
            height, width = min(rows, dataset.height - row), min(cols, dataset.width - col)
            return (f": its block at row {row}, column {col} ({height}×{width} cells) is "
                    "damaged or missing")
    return ""


def _bands_label(indexes, dataset):
    if indexes is None:
        return "a band" if dataset.count > 1 else "band 1"
    if isinstance(indexes, int):
        return f"band {indexes}"
    return "one of bands " + ", ".join(str(i) for i in indexes)


def _window_label(window, dataset):
    return window_label(window, dataset.height, dataset.width)


def window_label(window, height, width):
    """'the window at row R, column C (H×W cells)' or 'the whole raster (H×W cells)' of
    a raster of ``height`` × ``width`` cells (``window``: a Window, slices or None)."""
    if window is None:
        return f"the whole raster ({height}×{width} cells)"
    if not isinstance(window, Window):
        window = Window.from_slices(*window, height=height, width=width)
    return (f"the window at row {int(window.row_off)}, column {int(window.col_off)} "
            f"({int(window.height)}×{int(window.width)} cells)")

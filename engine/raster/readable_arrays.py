"""Damaged HDF5 and netCDF-4 product files: a failed array read becomes an InputError.

Product files read with h5py (SMAP, AMSR2, IMERG HDF5) or netCDF4 (SMOS, ESA CCI,
CHIRPS, ERA5-Land, IMERG .nc4) store their arrays in chunks, each compressed on its own
(HDF5 File Format Specification 3.0, §IV.A.2.i "Data Layout Message", chunked
storage; netCDF-4 files are HDF5 files). A damaged chunk leaves the header and the
other chunks readable; reading it raises ``OSError`` "Can't read data (inflate()
failed)" in h5py or ``RuntimeError`` "NetCDF: HDF error" in netCDF4, words that name
neither the file nor what to do.

:func:`read_array` reads ``array[index]``; a failed read raises an
:class:`~..errors.InputError` in the words of :mod:`.readable`: the file, the dataset,
the window (row, column offset and size in cells of the dataset's rows × columns
axes), the first chunk of the window that cannot be read (found by reading the
window chunk by chunk, after the failure only), the library's words and the fix.
"""
import itertools
import os

from ..errors import InputError
from .file_kind import file_kind
from .readable import FIX, window_label

READ_ERRORS = (OSError, RuntimeError)  # h5py: OSError; netCDF4: RuntimeError (and OSError)
MAX_PROBES = 4096  # chunks read one by one to find the damaged one


def read_array(array, index=..., name=None, path=None, rows=-2, cols=-1):
    """``array[index]`` of an h5py Dataset or netCDF4 Variable; a failed read raises InputError.

    ``index``: ints and slices, one per leading dimension (missing ones: all; the
    default ``...`` reads the whole array);
    ``name``: the dataset in the message (default: the array's name); ``path``: the
    file (default: the array's file); ``rows``, ``cols``: the axes holding the raster's
    rows and columns (a 1-D array: its only axis is the columns).
    """
    try:
        return array[index]
    except READ_ERRORS as err:
        raise array_read_failed(array, index, err, name, path, rows, cols) from None


def array_read_failed(array, index, err, name=None, path=None, rows=-2, cols=-1):
    """The InputError for a read of ``array[index]`` that failed with ``err``."""
    ndim = len(array.shape)
    where, chunk = "its value", ""
    if ndim:
        spans = _spans(index, array.shape)
        rows, cols = (rows % ndim, cols % ndim) if ndim > 1 else (None, 0)
        where = _window(spans, array.shape, rows, cols) + _others(array, spans, (rows, cols))
        chunk = _failed_chunk(array, spans, rows, cols)
    return InputError(f"'{path or _file_of(array)}' is damaged or incomplete: dataset "
                      f"'{name or array.name}' cannot be read in {where}{chunk} "
                      f"({_detail(err)}); {FIX}.")


def _spans(index, shape):
    """(start, stop, int index or None) per axis of ``index`` on an array of ``shape``."""
    index = index if isinstance(index, tuple) else (index,)
    index = tuple(slice(None) if i is Ellipsis else i for i in index)
    index += (slice(None),) * (len(shape) - len(index))
    spans = []
    for i, n in zip(index, shape):
        if isinstance(i, slice):
            start, stop, _ = i.indices(n)
            spans.append((start, max(start, stop), None))
        else:
            k = int(i) % n if n else int(i)
            spans.append((k, k + 1, k))
    return spans


def _window(spans, shape, rows, cols):
    (c0, c1, _), width = spans[cols], shape[cols]
    if rows is None:
        return f"values {c0}–{c1 - 1} (of {width})"
    (r0, r1, _), height = spans[rows], shape[rows]
    whole = (r0, r1, c0, c1) == (0, height, 0, width)
    return window_label(None if whole else (slice(r0, r1), slice(c0, c1)), height, width)


def _others(array, spans, axes):
    """' at time index 3' for the other axes read at one index (of more than one)."""
    names = getattr(array, "dimensions", None)  # netCDF4 dimension names
    parts = []
    for axis, (start, _, single) in enumerate(spans):
        if axis not in axes and single is not None and array.shape[axis] > 1:
            parts.append(f"{names[axis]} index {start}" if names
                         else f"index {start} of axis {axis}")
    return " at " + ", ".join(parts) if parts else ""


def _chunk_shape(array):
    """The chunk shape of a chunked h5py Dataset or netCDF4 Variable, else None."""
    if hasattr(array, "chunking"):  # netCDF4
        chunks = array.chunking()
        return None if chunks == "contiguous" else tuple(chunks)
    return getattr(array, "chunks", None)


def _failed_chunk(array, spans, rows, cols):
    """': its chunk at row R, column C (H×W cells) is damaged' for the first chunk of
    the window that cannot be read, or ''."""
    chunks = _chunk_shape(array)
    if not chunks:
        return ""
    axes = [cols] if rows is None else [rows, cols]
    starts = [range(spans[a][0] - spans[a][0] % chunks[a], spans[a][1], chunks[a])
              for a in axes]
    for corner in itertools.islice(itertools.product(*starts), MAX_PROBES):
        index = [slice(a, b) if single is None else single for a, b, single in spans]
        extent = []
        for axis, start in zip(axes, corner):
            stop = min(start + chunks[axis], array.shape[axis])
            index[axis] = slice(max(start, spans[axis][0]), min(stop, spans[axis][1]))
            extent.append((start, stop - start))
        try:
            array[tuple(index)]
        except READ_ERRORS:
            if rows is None:
                return f": its chunk of values {corner[0]}–{corner[0] + extent[0][1] - 1} " \
                       "is damaged"
            (r, h), (c, w) = extent
            return f": its chunk at row {r}, column {c} ({h}×{w} cells) is damaged"
    return ""


def _file_of(array):
    if hasattr(array, "file"):  # h5py
        return array.file.filename
    return array.group().filepath()  # netCDF4


def _detail(err):
    """The library's words: 'HDF5: …' (h5py) or netCDF4's own 'NetCDF: …'."""
    text = str(err).strip().rstrip(".") or type(err).__name__
    return text if text.lower().startswith(("netcdf", "hdf")) else f"HDF5: {text}"


def open_hdf5(path, refusal):
    """``h5py.File(path, "r")``; a file h5py cannot open raises an InputError: "damaged or
    incomplete" when it begins with the HDF5 signature (a download cut short), else
    ``refusal`` (what the importer expects) with what the file is."""
    import h5py

    try:
        return h5py.File(path, "r")
    except OSError as err:
        name = os.path.basename(str(path))
        kind = file_kind(str(path))
        if kind == "an HDF5 file":
            raise InputError(f"'{name}' is damaged or incomplete: it begins as an HDF5 file "
                             f"but cannot be opened ({os.path.getsize(path):,} bytes; HDF5: "
                             f"{_detail(err)}); {FIX}.") from None
        raise InputError(refusal.replace("{kind}", kind or "not readable")) from None

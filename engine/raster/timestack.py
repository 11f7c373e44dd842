"""Time stacks on disk: multi-band GeoTIFFs whose band descriptions are ISO dates.

DESIGN §3: a time series is one raster whose bands are dates (``2018-07-01`` or
``2018-07-01T06:00``); a static layer has one band and applies to every date.
Outputs are tiled, compressed float32 GeoTIFFs with a declared nodata, written to a
temporary file and moved into place only when complete, so a failed, cancelled or
killed run leaves no half-written output (and a full disk no truncated one).
"""
import contextlib
import os
from dataclasses import dataclass

import numpy as np
import rasterio

from ..errors import InputError
from .dates import parse_iso
from .grids import Grid
from .output_guard import (OutputLock, OutputSize, check_free_space, gdal_failures, guarded,
                           remove_quietly, sweep_stale, temp_path)

DEFAULT_NODATA = -9999.0
# Units the engine declares on what it writes (GDAL band unit type).
SOIL_MOISTURE_UNITS = "m³/m³"
UNITLESS = "unitless"  # spectral indices
DEGREES = "degrees"  # slope, aspect


def geotiff_profile(grid, count, dtype="float32", nodata=DEFAULT_NODATA):
    """Creation profile for a tiled, DEFLATE-compressed GeoTIFF on ``grid``."""
    floating = np.issubdtype(np.dtype(dtype), np.floating)
    return dict(
        driver="GTiff", width=grid.width, height=grid.height, count=count, dtype=dtype,
        crs=grid.crs, transform=grid.transform, nodata=nodata,
        tiled=True, blockxsize=256, blockysize=256, compress="deflate",
        predictor=3 if floating else 2, BIGTIFF="IF_SAFER", interleave="band",
    )


@dataclass(frozen=True)
class Units:
    """What a band's numbers mean: ``text`` ("m", "K", "unitless"; "" = not declared)
    and, for packed integers, value = raw × ``scale`` + ``offset`` (GDAL's band unit,
    scale and offset; ``gdal_edit.py -units K -scale 0.02`` declares them)."""

    text: str = ""
    scale: float = 1.0
    offset: float = 0.0

    @classmethod
    def of(cls, dataset, band=1):
        """The declared units of 1-based ``band`` of an open dataset."""
        scale, offset = dataset.scales[band - 1], dataset.offsets[band - 1]
        return cls(dataset.units[band - 1] or "", 1.0 if scale is None else float(scale),
                   0.0 if offset is None else float(offset))

    @property
    def packed(self):
        """True when the raw numbers are not the values (scale ≠ 1 or offset ≠ 0)."""
        return self.scale != 1.0 or self.offset != 0.0

    def describe(self):
        """Readable units of the raw numbers: "K", "K (raw value × 0.02)", "" if none."""
        if not self.text or not self.packed:
            return self.text
        shift = f" {'+' if self.offset >= 0 else '−'} {abs(self.offset):g}" if self.offset else ""
        return f"{self.text} (raw value × {self.scale:g}{shift})"


def band_dates(dataset):
    """Band dates of an open dataset: a list with a BandDate or None per band."""
    return [parse_iso(d) if d else None for d in dataset.descriptions]


def read_dates(path, name=None):
    """Band dates of a stack file; raises :class:`InputError` if a band has none."""
    with rasterio.open(path) as ds:
        dates = band_dates(ds)
        descriptions = ds.descriptions
    for i, d in enumerate(dates):
        if d is None:
            raise InputError(
                f"Band {i + 1} of {name or path} has no ISO date as its description "
                f"(found {descriptions[i]!r}). Build the stack with 'Build time stack' "
                "or set band descriptions to YYYY-MM-DD.")
    return dates


def find_band(dates, when):
    """1-based band of ``dates`` (BandDate or None per band) matching ``when``, or None.

    Two dates with times match when equal; otherwise they match by calendar day.
    """
    if when is None:
        return None
    for i, d in enumerate(dates):
        if d is None:
            continue
        if d.has_time and when.has_time:
            if d.when == when.when:
                return i + 1
        elif d.day == when.day:
            return i + 1
    return None


class StackWriter:
    """Write a stack band by band and window by window; commit atomically on close.

    Use as a context manager: on a clean exit the temporary file replaces ``path``;
    on an exception (including cancellation) it is deleted and ``path`` is untouched.
    ``units`` (a :class:`Units` or a unit text such as "m³/m³") is declared on every band;
    ``band_tags`` (one dict per band, optional) are written as GDAL band metadata.

    While open it holds the lock on writing ``path`` (a second writer is refused); on
    opening it removes the unfinished files of killed runs in the folder (how many:
    :attr:`swept`, logged to ``progress`` when given). A full disk, a folder one may not
    write in and GDAL's write failures raise :class:`InputError` and leave ``path`` as
    it was (:mod:`.output_guard`). ``readable``: the bands written can be read back
    (:meth:`read`; a checkpoint copies finished bands, :mod:`.resume`).
    """

    def __init__(self, path, grid, dates=None, nodata=DEFAULT_NODATA, dtype="float32",
                 count=None, descriptions=None, units=None, band_tags=None, progress=None,
                 readable=False):
        self.path = str(path)
        self.units = Units(units) if isinstance(units, str) else units  # Units, str or None
        self.grid = grid
        if descriptions is None:
            descriptions = [d.iso for d in dates] if dates else None
        self.count = count or (len(descriptions) if descriptions else 1)
        self.descriptions = descriptions
        self.nodata = nodata
        self.dtype = dtype
        self.band_tags = band_tags
        self.progress = progress
        self.readable = readable
        self.folder = os.path.dirname(os.path.abspath(self.path))
        self.size = OutputSize(grid.width * grid.height, self.count, np.dtype(dtype).itemsize)
        self.swept = 0
        self._tmp = None
        self._ds = None
        self._lock = None

    def __enter__(self):
        if not self.path.strip():
            raise InputError("No output file was given. Choose where to save the result.")
        if not os.path.isdir(self.folder):
            raise InputError(f"The output folder {self.folder} does not exist. Create it or "
                             "choose another output file.")
        self.swept = sweep_stale(self.folder)
        if self.swept and self.progress is not None:
            self.progress.info(f"Removed {self.swept} unfinished file(s) of an interrupted "
                               f"run in {self.folder}")
        check_free_space(self.folder, self.size)
        self._lock = OutputLock(self.path).acquire()
        try:
            # GDAL creates the file itself, so it gets the user's normal permissions.
            self._tmp = temp_path(self.folder, "partial", ".tif")
            with self._guarded():
                self._open()
        except BaseException:
            self._discard()
            raise
        return self

    def _guarded(self):
        """Clear errors for a full disk or a refused folder; the partial file discarded."""
        return guarded(self.folder, self.size, os.path.basename(self.path),
                       cleanup=self._discard)

    def _open(self):
        profile = geotiff_profile(self.grid, self.count, self.dtype, self.nodata)
        # "w+" writes the same file as "w" and lets written bands be read back
        self._ds = rasterio.open(self._tmp, "w+" if self.readable else "w", **profile)
        if self.descriptions:
            for i, text in enumerate(self.descriptions, start=1):
                self._ds.set_band_description(i, text)
        if self.units is not None and (self.units.text or self.units.packed):
            self._declare_units()
        for i, tags in enumerate(self.band_tags or (), start=1):
            self._ds.update_tags(i, **tags)

    def _declare_units(self):
        """Write the band unit (and scale/offset of packed values) on every band."""
        for band in range(1, self.count + 1):
            self._ds.set_band_unit(band, self.units.text)
        if self.units.packed:
            self._ds.scales = (self.units.scale,) * self.count
            self._ds.offsets = (self.units.offset,) * self.count

    def write(self, band, array, window=None):
        """Write a 2-D ``array`` to 1-based ``band`` (optionally into ``window``)."""
        with self._guarded():
            self._ds.write(np.asarray(array, dtype=self.dtype), band, window=window)

    def read(self, band, window=None):
        """What 1-based ``band`` holds on ``window`` so far (only when ``readable``)."""
        with self._guarded():
            return self._ds.read(band, window=window)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None or self._ds is None:
            self._discard()
            return False
        with self._guarded():  # GDAL writes its cached tiles and reports failures here
            ds, self._ds = self._ds, None
            ds.close()
        with self._guarded():
            os.replace(self._tmp, self.path)
        self._tmp = None
        remove_quietly(self.path + ".aux.xml")
        self._discard()  # releases the lock
        return False

    def _discard(self):
        """Close and delete the partial file (if any) and release the lock."""
        if self._ds is not None:
            ds, self._ds = self._ds, None
            with gdal_failures([]), contextlib.suppress(Exception):
                ds.close()
        if self._tmp is not None:
            remove_quietly(self._tmp, self._tmp + ".aux.xml")
            self._tmp = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def write_stack(path, grid, data, dates=None, nodata=DEFAULT_NODATA, dtype="float32",
                descriptions=None, units=None):
    """Write an in-memory array (bands, rows, cols) or (rows, cols) as a stack.

    For small rasters (synthetic data, tests); large outputs use :class:`StackWriter`.
    NaN values are written as ``nodata``.
    """
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[np.newaxis]
    with StackWriter(path, grid, dates, nodata, dtype, count=data.shape[0],
                     descriptions=descriptions, units=units) as out:
        for i in range(data.shape[0]):
            band = data[i]
            if np.issubdtype(band.dtype, np.floating) and nodata is not None:
                band = np.where(np.isnan(band), nodata, band)
            out.write(i + 1, band)
    return path


def read_stack(path):
    """Read a whole (small) stack: (float32 array with NaN for nodata, Grid, dates)."""
    with rasterio.open(path) as ds:
        data = ds.read(masked=True).astype("float32").filled(np.nan)
        return data, Grid.of(ds), band_dates(ds)

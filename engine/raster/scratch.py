"""A scratch raster: uncompressed float32 bands beside an output, removed when done.

Steps that pass over the same windows several times (predict's correction
passes) keep intermediate values here: 4 bytes per cell and band, read and
rewritten in place, deleted on exit whether the step succeeded or not. The file is
named by its process (``.scratch_<host>_<pid>_<uuid>.tif``) so a later run removes
it if this one is killed; its whole size must be free before it is created, and a
full disk or a folder one may not write in raise :class:`~..errors.InputError`.
"""
import contextlib

import numpy as np
import rasterio

from .output_guard import (OutputSize, check_free_space, gdal_failures, guarded,
                           remove_quietly, sweep_stale, temp_path)
from .timestack import geotiff_profile


class Scratch:
    """An uncompressed float32 file in ``folder`` with ``count`` bands on ``grid``.

    Use as a context manager; the file (and any .aux.xml beside it) is removed on exit.
    """

    def __init__(self, folder, grid, count):
        self.folder = folder
        self.path = temp_path(folder, "scratch", ".tif")
        self.grid, self.count = grid, count
        self.size = OutputSize(grid.width * grid.height, count, 4)
        self.swept = 0
        self._ds = None

    def __enter__(self):
        self.swept = sweep_stale(self.folder)
        check_free_space(self.folder, self.size, minimum=self.size.bytes)
        profile = geotiff_profile(self.grid, self.count, "float32", None)
        profile.pop("compress")
        profile.pop("predictor")
        profile["nodata"] = None
        with self._guarded():
            with rasterio.open(self.path, "w", **profile):
                pass
            self._ds = rasterio.open(self.path, "r+")
        return self

    def _guarded(self):
        return guarded(self.folder, self.size, "a scratch file", cleanup=self._discard)

    def write(self, band, values, window):
        """Store ``values`` (rounded to float32) in 1-based ``band`` on ``window``."""
        with self._guarded():
            self._ds.write(np.asarray(values, "float32"), band, window=window)

    def read(self, band, window):
        """The stored values of ``band`` on ``window``, as float64."""
        with self._guarded():  # a read may flush other blocks to disk
            return self._ds.read(band, window=window).astype("float64")

    def __exit__(self, *exc):
        self._discard()
        return False

    def _discard(self):
        """Close and remove the file (its write errors no longer matter)."""
        if self._ds is not None:
            ds, self._ds = self._ds, None
            with gdal_failures([]), contextlib.suppress(Exception):
                ds.close()
        remove_quietly(self.path, self.path + ".aux.xml")

"""A scratch raster: uncompressed float32 bands beside an output, removed when done.

Steps that pass over the same windows several times (predict's correction
passes) keep intermediate values here: 4 bytes per cell and band, read and
rewritten in place, deleted on exit whether the step succeeded or not.
"""
import contextlib
import os
import uuid

import numpy as np
import rasterio

from .timestack import geotiff_profile


class Scratch:
    """An uncompressed float32 file in ``folder`` with ``count`` bands on ``grid``.

    Use as a context manager; the file (and any .aux.xml beside it) is removed on exit.
    """

    def __init__(self, folder, grid, count):
        self.path = os.path.join(folder, f".scratch_{uuid.uuid4().hex}.tif")
        self.grid, self.count = grid, count
        self._ds = None

    def __enter__(self):
        profile = geotiff_profile(self.grid, self.count, "float32", None)
        profile.pop("compress")
        profile.pop("predictor")
        profile["nodata"] = None
        with rasterio.open(self.path, "w", **profile):
            pass
        self._ds = rasterio.open(self.path, "r+")
        return self

    def write(self, band, values, window):
        """Store ``values`` (rounded to float32) in 1-based ``band`` on ``window``."""
        self._ds.write(np.asarray(values, "float32"), band, window=window)

    def read(self, band, window):
        """The stored values of ``band`` on ``window``, as float64."""
        return self._ds.read(band, window=window).astype("float64")

    def __exit__(self, *exc):
        self._ds.close()
        for path in (self.path, self.path + ".aux.xml"):
            with contextlib.suppress(OSError):
                os.remove(path)
        return False

"""Whole-band statistics of a raster, read block by block (memory: one block)."""
import numpy as np
import rasterio

from .windows import read_window

STAT_BLOCK = 1024  # rows and columns read at a time


def band_mean(path, band, block=STAT_BLOCK):
    """Mean of the valid (not nodata, finite) cells of one band, in the stored units;
    NaN when the band holds no valid cell. Sums in float64, block by block in row-major
    order, so the same file gives the same mean wherever it is asked for."""
    total, count = 0.0, 0
    with rasterio.open(path) as src:
        for row in range(0, src.height, block):
            for col in range(0, src.width, block):
                window = rasterio.windows.Window(col, row, min(block, src.width - col),
                                                 min(block, src.height - row))
                data = read_window(src, band, window, "float64")
                ok = np.isfinite(data)
                total += float(data[ok].sum())
                count += int(ok.sum())
    return total / count if count else float("nan")


class BandMeans:
    """Band means of predictor layers, each computed once: ``means(path, band)``."""

    def __init__(self):
        self._cache = {}

    def __call__(self, path, band):
        key = (str(path), int(band))
        if key not in self._cache:
            self._cache[key] = band_mean(path, band)
        return self._cache[key]

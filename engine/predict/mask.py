"""The mask of a prediction: cells of the output grid to leave empty.

A raster on any grid (read by nearest neighbour onto the output grid): a cell is
excluded where the mask is non-zero, or, when codes are listed (land-cover
classes, say), where it holds one of them.
"""
import numpy as np

from ..raster.aligned import AlignedReader
from ..raster.grids import check_overlap


class MaskSource:
    """Cells to exclude: non-zero mask values, or the listed codes ``values``."""

    def __init__(self, path, grid, values=()):
        self.reader = AlignedReader(path, grid, "nearest")
        try:
            check_overlap(grid, self.reader.source_grid, "the predictors", "the mask")
        except Exception:
            self.reader.close()
            raise
        self.values = [float(v) for v in values or ()]

    def read(self, window):
        """Boolean (h, w): True where the cells of ``window`` are excluded."""
        data = self.reader.read(1, window)
        if self.values:
            return np.isin(data, self.values)
        return np.isfinite(data) & (data != 0)

    def close(self):
        self.reader.close()

"""The period mean of a soil-moisture stack, at most ~1000 × 1000 cells, for a figure.

:func:`period_mean` averages every band of a map over time, cell by cell (valid
values only: nodata and NaN left out). A figure needs no more than ~1000 cells per
side, so a larger raster is read decimated: each band is read onto a grid
``step`` times coarser (``step`` = ⌈longest side / ``max_cells``⌉) with GDAL's
average resampling (the mean of the valid fine cells of each coarse cell; GDAL uses
the file's overviews when it has them). A raster that already fits is read as it is
(step 1, the exact per-cell mean). Bands are read a few at a time, so memory is a
few decimated bands whatever the size or length of the stack.
"""
import math
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.transform import Affine

from ..progress import ensure_progress
from ..raster import readable
from ..raster.grids import Grid
from ..raster.point_sampling import cell_of
from ..raster.windows import nodata_mask

DEFAULT_MAX_CELLS = 1000  # cells per side of the figure's grid
READ_CELLS = 4_000_000  # decimated cells read at once (bands × rows × cols): ~32 MB


@dataclass
class PeriodMean:
    """Mean over the bands of a map on the figure's grid.

    ``mean``: (rows, cols) mean of the valid values (map units, m³/m³), NaN where no
    band has one; ``count``: bands with a valid value per cell; ``grid``: the
    (decimated) :class:`~..raster.grids.Grid` of ``mean``; ``step``: fine cells per
    figure cell along each side (1: the map's own grid); ``n_bands``: bands averaged.
    """

    mean: np.ndarray
    count: np.ndarray
    grid: Grid
    step: int
    n_bands: int

    def at(self, xs, ys):
        """The mean at points (``xs``/``ys`` in the map CRS); NaN outside."""
        rows, cols = cell_of(self.grid, xs, ys)
        inside = (rows >= 0) & (rows < self.grid.height) & (cols >= 0) & (cols < self.grid.width)
        out = np.full(rows.shape, np.nan)
        out[inside] = self.mean[rows[inside], cols[inside]]
        return out


def period_mean(path, max_cells=DEFAULT_MAX_CELLS, progress=None):
    """The :class:`PeriodMean` of the raster or stack at ``path``."""
    progress = ensure_progress(progress)
    with rasterio.open(path) as src:
        step = max(1, math.ceil(max(src.height, src.width) / max_cells))
        rows, cols = math.ceil(src.height / step), math.ceil(src.width / step)
        total, count = np.zeros((rows, cols)), np.zeros((rows, cols), dtype=np.int32)
        chunk = max(1, READ_CELLS // (rows * cols))
        for first in range(1, src.count + 1, chunk):
            progress.check_cancelled()
            bands = list(range(first, min(first + chunk, src.count + 1)))
            data = readable.read(src, bands, out_shape=(len(bands), rows, cols),
                                 out_dtype="float64", resampling=Resampling.average)
            for k, band in enumerate(bands):
                values = data[k]
                ok = np.isfinite(values) & ~nodata_mask(values, src.nodatavals[band - 1])
                total[ok] += values[ok]
                count += ok
        scale = Affine.scale(src.width / cols, src.height / rows)
        grid = Grid(src.crs, src.transform * scale, cols, rows)
        n_bands = src.count
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return PeriodMean(mean, count, grid, step, n_bands)

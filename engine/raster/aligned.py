"""One raster read on the windows of another grid, resampled when the grids differ.

Predictors, masks, zones and the coarse product all arrive on grids of their own;
the engine reads each onto the windows of the output grid through an
:class:`AlignedReader`: as it is when both grids are the same
(:func:`~.windows.read_window`), else through :class:`~.resampling.GridSampler` —
nearest for class codes and masks, bilinear for continuous values (m³/m³, K, …).
"""
from .grids import Grid
from .lazy_raster import LazyRaster
from .resampling import GridSampler
from .windows import read_window


class AlignedReader:
    """Bands of the raster at ``path`` on windows of ``grid`` (float64, NaN = missing).

    ``method``: "nearest" or "bilinear" (see :mod:`.resampling`). The file is
    opened once (per thread, :class:`~.lazy_raster.LazyRaster`) and kept open until
    :meth:`close` (or the end of a ``with`` block); a pickled reader opens it again
    where it is unpickled (a cluster worker).
    """

    def __init__(self, path, grid, method="nearest"):
        self.path, self.grid = str(path), grid
        self.src = LazyRaster(path)
        try:
            self.source_grid = Grid.of(self.src)
            self.sampler = GridSampler(self.source_grid, grid, method)
        except Exception:
            self.src.close()
            raise

    @property
    def identical(self):
        """True when the raster's grid is the target grid (no resampling)."""
        return self.sampler.identical

    def read(self, band, window):
        """1-based ``band`` on ``window`` of the target grid: float64, NaN = nodata/outside."""
        if self.sampler.identical:
            return read_window(self.src, band, window, "float64")
        return self.sampler.read(self.src, band, window)

    def close(self):
        self.src.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

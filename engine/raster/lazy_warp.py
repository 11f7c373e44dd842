"""A raster read on another grid, opened on first use per thread and pickled as its path.

The windowed loops that align inputs onto a target grid (Build time stack,
Derive indices) read through a GDAL WarpedVRT. Neither an open dataset nor a
VRT can travel to a Dask worker, so :class:`LazyWarp` holds the path (a
:class:`~.lazy_raster.LazyRaster`), the target grid and the VRT's options, and
builds the VRT in each thread the first time it reads — only when the input's
grid differs from the target; otherwise it reads the input as it is.
"""
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT

from .grids import Grid
from .lazy_raster import LazyRaster
from .readable import read
from .thread_state import ThreadState


class LazyWarp(ThreadState):
    """The raster at ``path`` on ``target``'s grid (rasterio dataset per thread).

    ``resampling``: the WarpedVRT's resampling; ``vrt_options``: further WarpedVRT
    keywords (src_nodata, nodata, add_alpha, …).
    """

    def __init__(self, path, target, resampling=Resampling.nearest, **vrt_options):
        self.source = LazyRaster(path)
        self.target, self.resampling, self.vrt_options = target, resampling, vrt_options

    @property
    def path(self):
        return self.source.path

    def _open(self):
        """Open the input in this thread, and its VRT when the grids differ."""
        if not getattr(self.local, "ready", False):
            src = self.source.dataset
            vrt = None
            if not Grid.of(src).same_as(self.target):
                t = self.target
                vrt = WarpedVRT(src, crs=t.crs, transform=t.transform, width=t.width,
                                height=t.height, resampling=self.resampling,
                                **self.vrt_options)
            self.local.vrt, self.local.ready = vrt, True

    @property
    def warped(self):
        """True when the input's grid differs from the target (it is read through a VRT)."""
        self._open()
        return self.local.vrt is not None

    @property
    def dataset(self):
        """This thread's dataset on the target grid: the input itself, or a WarpedVRT of it."""
        self._open()
        return self.source.dataset if self.local.vrt is None else self.local.vrt

    def read(self, indexes, window):
        """Bands ``indexes`` on ``window`` of the target grid; a damaged input raises
        :class:`~..errors.InputError` naming its file, band and window."""
        return read(self.dataset, indexes, window, path=self.path)

    def close(self):
        """Close this thread's VRT and input (the next read opens them again)."""
        vrt = self.local.__dict__.pop("vrt", None)
        self.local.ready = False
        if vrt is not None:
            vrt.close()
        self.source.close()

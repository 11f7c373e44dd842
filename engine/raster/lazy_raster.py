"""A raster opened on first use, once per thread, and pickled as its path.

Unit tasks (:class:`~.executors.UnitTask`) travel to other processes; an open
GDAL dataset cannot, and one dataset must not be read by two threads at once.
:class:`LazyRaster` holds the path (a file, or a GDAL virtual path such as
``/vsicurl/https://…`` or ``/vsis3/bucket/key.tif``), opens it the first time a
thread reads, and after pickling opens it again where it lands. An input that
cannot be opened there raises :class:`~..errors.InputError` naming the path (a
file that is there but damaged or not a raster: :func:`~.readable.unreadable`).
"""
import os

import rasterio

from ..errors import InputError
from .readable import quiet_gdal, unreadable
from .thread_state import ThreadState


class LazyRaster(ThreadState):
    """The raster at ``path``; attributes and methods are the rasterio dataset's."""

    def __init__(self, path):
        self.path = str(path)

    @property
    def dataset(self):
        """This thread's open rasterio dataset (opened now if needed)."""
        ds = getattr(self.local, "dataset", None)
        if ds is None or ds.closed:
            try:
                with quiet_gdal():
                    ds = rasterio.open(self.path)
            except rasterio.errors.RasterioIOError as err:
                if os.path.isfile(self.path):  # here, but damaged or not a raster
                    raise unreadable(self.path, err) from None
                raise InputError(
                    f"Cannot read '{self.path}' ({err}). Every process that computes "
                    "needs read access to the inputs: a shared folder, or a GDAL virtual "
                    "path such as /vsicurl/ or /vsis3/.") from err
            self.local.dataset = ds
        return ds

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.dataset, name)

    def close(self):
        """Close this thread's dataset (others close when their thread's state goes)."""
        ds = getattr(self.local, "dataset", None)
        if ds is not None:
            ds.close()
            self.local.dataset = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

"""One product file as the importer sees it: its cells on the global grid and its days.

Each product module (:mod:`.imerg`, :mod:`.chirps`, :mod:`.era5land`) opens a file as a
:class:`Source`: where its cells lie on the product's global grid (a
:class:`.placement.Placement`), the UTC days it gives (:class:`Day`: which step of the
file's time axis and the factor turning the stored number into mm/day) and a reader of
one step on a block of (latitude, longitude) indices, NaN at fill values. A source
opens its file on first use and travels to cluster workers as its path and layout.
"""
import os
from dataclasses import dataclass

import numpy as np

from ...errors import InputError
from ...raster.thread_state import ThreadState


@dataclass(frozen=True)
class Day:
    """One daily total a file gives: the UTC day, the time step holding it, × factor."""

    date: object     # BandDate of the UTC day (00:00–24:00 UTC)
    step: int        # index along the file's time axis (0 when it has none)
    factor: float    # stored number × factor = mm/day


class Source(ThreadState):
    """A product file: ``placement``, ``days`` and :meth:`read`; subclasses read the file.

    The file is opened on the first read, once per thread (:meth:`handle`), and a
    source is pickled without it: a cluster worker that receives one opens the file
    itself (it needs read access to ``path``).
    """

    product = ""      # "IMERG", "CHIRPS" or "ERA5-Land"
    grid = None       # the product's GlobalGrid

    def __init__(self, path, placement, days, label):
        self.path = str(path)
        self.placement = placement
        self.days = days
        self.label = label   # product, run/version and variable, for the log and band tags

    @property
    def name(self):
        return os.path.basename(self.path)

    def read(self, step, lat_slice, lon_slice):
        """Stored values (float64, NaN at fill values) of ``step`` as (latitude, longitude)."""
        raise NotImplementedError

    def _open(self):
        """The open file (h5py, netCDF4 or rasterio object with ``close()``)."""
        raise NotImplementedError

    def handle(self):
        """This thread's open file (opened now if needed); InputError if it cannot be."""
        return self.kept("handle", None, self._open_checked)

    def _open_checked(self):
        try:
            return self._open()
        except OSError as err:
            raise InputError(f"Cannot read '{self.path}' ({err}). Every process that "
                             "computes needs read access to the inputs (a shared "
                             "folder).") from err

    def close(self):
        """Release this thread's open file, if any."""
        self.release("handle")


def masked(values, fills=()):
    """``values`` as float64 with NaN at masked cells, non-finite values and ``fills``."""
    if np.ma.isMaskedArray(values):
        values = values.astype("float64").filled(np.nan)
    data = np.array(values, dtype="float64")
    for fill in fills:
        if fill is not None and np.isfinite(fill):
            data[np.abs(data - float(fill)) <= 1e-3 * max(1.0, abs(fill))] = np.nan
    data[~np.isfinite(data)] = np.nan
    return data


def text_attr(attrs, *names):
    """The first of the attributes ``names`` as text ("" when none is set)."""
    for key in names:
        if key in attrs:
            value = attrs[key]
            if isinstance(value, np.ndarray):
                value = value.flat[0] if value.size else ""
            return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
    return ""

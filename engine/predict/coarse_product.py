"""The coarse soil-moisture product a prediction is corrected to.

A dated stack on its own grid (SMAP on EASE-Grid 2.0, …): its observations
(m³/m³) are read one date at a time, whole, on that grid, and
:class:`~.residuals.CoarseMap` says which coarse cell holds each fine cell.
"""
from rasterio.windows import Window

from ..errors import InputError
from ..raster.aligned import AlignedReader
from ..raster.grids import Grid, check_overlap
from ..raster.timestack import find_band, read_dates
from .residuals import CoarseMap


class CoarseProduct:
    """The coarse soil-moisture stack: its grid, dates and one band per date.

    ``fine``: the output grid it must overlap. The file stays open until :meth:`close`.
    """

    def __init__(self, path, fine):
        self.path = str(path)
        self.grid = Grid.from_path(path)
        if self.grid.crs is None:
            raise InputError("The coarse soil-moisture stack has no CRS. Assign its CRS (e.g. "
                             "EPSG:6933 for SMAP EASE-Grid 2.0) and run again.")
        self.dates = read_dates(path, "the coarse soil-moisture stack")
        check_overlap(fine, self.grid, "the predictors", "the coarse soil-moisture stack")
        self.map = CoarseMap(fine, self.grid)
        self._reader = None

    def observed(self, when):
        """Flat float64 observations (m³/m³, NaN = missing) of the band of ``when``, or None."""
        band = find_band(self.dates, when)
        if band is None:
            return None
        if self._reader is None:
            self._reader = AlignedReader(self.path, self.grid, "nearest")
        whole = Window(0, 0, self.grid.width, self.grid.height)
        return self._reader.read(band, whole).ravel()

    def close(self):
        if self._reader is not None:
            self._reader.close()
            self._reader = None

"""Raster grids: CRS + affine transform + size, EASE-Grid 2.0, overlap and alignment.

Coarse soil moisture (SMAP on EASE-Grid 2.0, EPSG:6933), MODIS (sinusoidal) and user
layers (WGS 84, UTM) rarely share a grid; the engine never assumes they do.
"""
import math
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import Affine, array_bounds
from rasterio.warp import transform_bounds
from rasterio.windows import Window

from ..errors import InputError, check_choice
from .readable import open_raster

# EASE-Grid 2.0 global (EPSG:6933) — NSIDC specification of the SMAP grids.
EASE2_EPSG = 6933
EASE2_ORIGIN_X = -17367530.445161499  # m, west edge of column 0
EASE2_ORIGIN_Y = 7314540.830638504  # m, north edge of row 0
EASE2_CELL_SIZE = {  # km label -> (cell size in m, columns, rows)
    36: (36032.220840584, 964, 406),
    9: (9008.055210146, 3856, 1624),
    3: (3002.6850700487, 11568, 4872),
    1: (1000.89502334956, 34704, 14616),
}


@dataclass(frozen=True)
class Grid:
    """A north-up raster grid: CRS, affine transform and size in cells."""

    crs: CRS
    transform: Affine
    width: int
    height: int

    @classmethod
    def of(cls, dataset):
        """The grid of an open rasterio dataset."""
        return cls(dataset.crs, dataset.transform, dataset.width, dataset.height)

    @classmethod
    def from_path(cls, path):
        """The grid of a raster file (one GDAL cannot open raises InputError saying why)."""
        with open_raster(path) as ds:
            return cls.of(ds)

    @property
    def bounds(self):
        """(left, bottom, right, top) in the grid's CRS units."""
        return array_bounds(self.height, self.width, self.transform)

    @property
    def res(self):
        """(x cell size, y cell size), positive, in CRS units."""
        return abs(self.transform.a), abs(self.transform.e)

    @property
    def shape(self):
        """(rows, columns)."""
        return self.height, self.width

    def same_as(self, other, tolerance=1e-6):
        """True when both grids have the same CRS, size and (nearly) the same transform.

        ``tolerance`` is relative to the cell size.
        """
        if (self.width, self.height) != (other.width, other.height):
            return False
        if not _same_crs(self.crs, other.crs):
            return False
        cell = max(self.res)
        return all(abs(a - b) <= tolerance * cell
                   for a, b in zip(self.transform[:6], other.transform[:6]))

    def window_transform(self, window):
        """Affine transform of a window of this grid."""
        return rasterio.windows.transform(window, self.transform)

    def cell_centres(self, window=None):
        """x, y arrays (2-D) of cell centres in the grid's CRS, for a window or all."""
        window = window or Window(0, 0, self.width, self.height)
        t = self.window_transform(window)
        cols = np.arange(window.width) + 0.5
        rows = np.arange(window.height) + 0.5
        xs = t.c + cols * t.a
        ys = t.f + rows * t.e
        return np.meshgrid(xs, ys)

    def describe(self):
        """Short human-readable description for messages."""
        return (f"{self.width}×{self.height} cells of {self.res[0]:g}×{self.res[1]:g} "
                f"in {crs_label(self.crs)}")


_SAME_CRS = {}  # (id a, id b) → (a, b, answer): comparing CRSs in PROJ takes tens of ms
_SAME_CRS_SIZE = 64


def _same_crs(a, b):
    if a is None or b is None:
        return a is None and b is None
    if a is b:
        return True
    key = (id(a), id(b))
    known = _SAME_CRS.get(key)
    if known is not None and known[0] is a and known[1] is b:
        return known[2]
    answer = a == b or a.to_wkt() == b.to_wkt()
    if len(_SAME_CRS) >= _SAME_CRS_SIZE:
        _SAME_CRS.clear()
    _SAME_CRS[key] = (a, b, answer)  # the objects are kept, so their ids stay theirs
    return answer


def crs_label(crs):
    """'EPSG:6933' where the CRS has an EPSG code, else its name or WKT start."""
    if crs is None:
        return "no CRS"
    epsg = crs.to_epsg()
    if epsg:
        return f"EPSG:{epsg}"
    return crs.to_string()[:60]


def bounds_in(grid, crs):
    """The grid's bounds transformed into ``crs`` (densified edges)."""
    if _same_crs(grid.crs, crs):
        return grid.bounds
    return transform_bounds(grid.crs, crs, *grid.bounds, densify_pts=21)


def check_overlap(a, b, name_a="the first layer", name_b="the second layer"):
    """Raise :class:`InputError` when two grids do not overlap on the ground."""
    if a.crs is None or b.crs is None:
        missing = name_a if a.crs is None else name_b
        raise InputError(f"{missing} has no coordinate reference system. "
                         "Assign its CRS (Raster ▸ Projections ▸ Assign Projection) and run again.")
    la, ba, ra, ta = a.bounds
    lb, bb, rb, tb = bounds_in(b, a.crs)
    if not (lb < ra and la < rb and bb < ta and ba < tb):
        raise InputError(
            f"{name_a} ({a.describe()}) and {name_b} ({b.describe()}) do not overlap. "
            "Check that both cover the same region and that their CRSs are set correctly.")


def km_scale(grid):
    """(km per column, km per row) of a coarse grid, for kriging distances."""
    rx, ry = grid.res
    if grid.crs is not None and grid.crs.is_geographic:
        lat = 0.5 * (grid.bounds[1] + grid.bounds[3])
        return rx * 111.32 * math.cos(math.radians(lat)), ry * 110.57
    factor = 1.0
    if grid.crs is not None:
        try:
            factor = float(grid.crs.linear_units_factor[1])
        except Exception:  # noqa: BLE001 (CRS without linear units: assume metres)
            factor = 1.0
    return rx * factor / 1000.0, ry * factor / 1000.0


def ease2_grid(km, bounds=None):
    """The EASE-Grid 2.0 global grid of ``km`` (36, 9, 3 or 1), optionally cut to bounds.

    ``bounds`` (left, bottom, right, top) in EPSG:6933 metres; the cut is snapped
    outward to whole cells so cells stay exactly on the global grid.
    """
    check_choice(km, EASE2_CELL_SIZE, "EASE-Grid 2.0 cell size (km)")
    cell, ncols, nrows = EASE2_CELL_SIZE[km]
    col0, row0, col1, row1 = 0, 0, ncols, nrows
    if bounds is not None:
        left, bottom, right, top = bounds
        col0 = max(0, int(math.floor((left - EASE2_ORIGIN_X) / cell + 1e-9)))
        col1 = min(ncols, int(math.ceil((right - EASE2_ORIGIN_X) / cell - 1e-9)))
        row0 = max(0, int(math.floor((EASE2_ORIGIN_Y - top) / cell + 1e-9)))
        row1 = min(nrows, int(math.ceil((EASE2_ORIGIN_Y - bottom) / cell - 1e-9)))
        if col1 <= col0 or row1 <= row0:
            raise InputError("The requested extent lies outside the EASE-Grid 2.0 global grid.")
    transform = Affine(cell, 0.0, EASE2_ORIGIN_X + col0 * cell,
                       0.0, -cell, EASE2_ORIGIN_Y - row0 * cell)
    return Grid(CRS.from_epsg(EASE2_EPSG), transform, col1 - col0, row1 - row0)


def ease2_row_col(km, lon, lat):
    """Row and column of the EASE-Grid 2.0 ``km`` global grid cell holding (lon, lat)."""
    from rasterio.warp import transform as warp_transform

    cell = EASE2_CELL_SIZE[km][0]
    xs, ys = warp_transform(CRS.from_epsg(4326), CRS.from_epsg(EASE2_EPSG), [lon], [lat])
    col = int(math.floor((xs[0] - EASE2_ORIGIN_X) / cell))
    row = int(math.floor((EASE2_ORIGIN_Y - ys[0]) / cell))
    return row, col


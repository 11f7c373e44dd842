"""Global product grids (fixed origin, cell size and size) and cuts of them to an extent.

The coarse products and the precipitation products each store one global array on a
published grid; an importer reads a cut of it. A :class:`GlobalGrid` holds the grid's
definition and gives the cut (:meth:`GlobalGrid.cut`, whole cells only, so cut cells
stay exactly on the global grid), the array window of a cut (:meth:`GlobalGrid.window_of`)
and the row/column of a coordinate (:meth:`GlobalGrid.row_col`) for tests.

Definitions (north-up; ``origin`` = west edge of column 0 and north edge of row 0):

- EASE-Grid 2.0 global 25 km (EPSG:6933; NSIDC, Brodzik et al. 2012, table 3):
  1388 × 584 cells of 25 025.26 m, origin (−17 367 530.44 m, 7 307 375.92 m) — SMOS
  CATDS L3 and SMOS-IC.
- Regular latitude/longitude (EPSG:4326) global grids of ``cell`` degrees from
  (−180°, 90°): 0.25° (1440 × 720: ESA CCI SM, AMSR2 L3 25 km), 0.1° (3600 × 1800: AMSR2
  L3 10 km, GPM IMERG, ERA5-Land after its longitudes are put in −180…180), and the
  quasi-global 0.05° CHIRPS grid (7200 × 2000 from 50° N to 50° S).
"""
import math
from dataclasses import dataclass

from rasterio.crs import CRS
from rasterio.transform import Affine

from ..errors import InputError
from .grids import EASE2_EPSG, Grid


@dataclass(frozen=True)
class GlobalGrid:
    """A published global grid: CRS (EPSG code), origin, cell size and size in cells."""

    name: str
    epsg: int
    origin_x: float   # west edge of column 0 (CRS units)
    origin_y: float   # north edge of row 0
    cell: float       # cell edge (CRS units; square cells)
    width: int
    height: int

    @property
    def crs(self):
        return CRS.from_epsg(self.epsg)

    def transform(self, row0=0, col0=0):
        return Affine(self.cell, 0.0, self.origin_x + col0 * self.cell,
                      0.0, -self.cell, self.origin_y - row0 * self.cell)

    def full(self):
        """The whole global grid as a :class:`Grid`."""
        return Grid(self.crs, self.transform(), self.width, self.height)

    def cut(self, bounds=None):
        """The :class:`Grid` of the cells touching ``bounds`` (left, bottom, right, top in
        this grid's CRS), snapped outward to whole cells; None = the whole grid."""
        if bounds is None:
            return self.full()
        left, bottom, right, top = bounds
        col0 = max(0, int(math.floor((left - self.origin_x) / self.cell + 1e-9)))
        col1 = min(self.width, int(math.ceil((right - self.origin_x) / self.cell - 1e-9)))
        row0 = max(0, int(math.floor((self.origin_y - top) / self.cell + 1e-9)))
        row1 = min(self.height, int(math.ceil((self.origin_y - bottom) / self.cell - 1e-9)))
        if col1 <= col0 or row1 <= row0:
            raise InputError(f"The requested extent lies outside the {self.name} grid; give "
                             "an extent that overlaps the product's coverage.")
        return Grid(self.crs, self.transform(row0, col0), col1 - col0, row1 - row0)

    def window_of(self, grid):
        """(row slice, col slice) of the global array that ``grid`` (a cut) covers."""
        col0 = int(round((grid.transform.c - self.origin_x) / self.cell))
        row0 = int(round((self.origin_y - grid.transform.f) / self.cell))
        return slice(row0, row0 + grid.height), slice(col0, col0 + grid.width)

    def row_col(self, lon, lat):
        """Row and column of the cell holding (lon, lat) in degrees."""
        x, y = lon, lat
        if self.epsg != 4326:
            from rasterio.warp import transform as warp_transform

            xs, ys = warp_transform(CRS.from_epsg(4326), self.crs, [lon], [lat])
            x, y = xs[0], ys[0]
        return (int(math.floor((self.origin_y - y) / self.cell)),
                int(math.floor((x - self.origin_x) / self.cell)))

    def centre(self, row, col):
        """(x, y) of the centre of cell (row, col) in this grid's CRS."""
        return (self.origin_x + (col + 0.5) * self.cell,
                self.origin_y - (row + 0.5) * self.cell)


def latlon_grid(cell, north=90.0, south=-90.0, name=None):
    """The regular global latitude/longitude grid of ``cell`` degrees (EPSG:4326) from
    180° W and ``north`` down to ``south``."""
    width = int(round(360.0 / cell))
    height = int(round((north - south) / cell))
    return GlobalGrid(name or f"{cell}° latitude/longitude", 4326, -180.0, north, cell,
                      width, height)


EASE2_25KM = GlobalGrid("EASE-Grid 2.0 global 25 km", EASE2_EPSG, -17367530.44, 7307375.92,
                        25025.26, 1388, 584)  # NSIDC EASE2_M25km.gpd
LATLON_025 = latlon_grid(0.25)
LATLON_01 = latlon_grid(0.1)
CHIRPS_005 = latlon_grid(0.05, 50.0, -50.0, "CHIRPS 0.05° (50° N–50° S)")
# ERA5-Land on the CDS regular 0.1° grid (ECMWF ERA5-Land documentation, "Spatial grid"):
# cell centres ON the 0.1° lines, latitude 90 … −90 (1801 rows, half cells at the poles),
# longitude 0 … 359.9 put into −180 … 179.9; edges are half a cell off IMERG's.
ERA5LAND_01 = GlobalGrid("ERA5-Land 0.1° (cell centres on the 0.1° lines)", 4326, -180.05,
                         90.05, 0.1, 3600, 1801)

"""Where a product file's cells lie on the product's global grid, and reading a window.

A file holds the whole global array or a regional cut of it (a CDS "area", a GES DISC
subset, CHIRPS' Africa tiles), in the product's own axis order and direction (IMERG:
longitude × latitude, latitude ascending; ERA5-Land: latitude descending, longitude
0…360). A :class:`Placement` maps every file latitude index to a row and every file
longitude index to a column of the north-up global grid (:mod:`...raster.global_grids`),
so any order, direction or longitude convention is read onto the same rows and columns,
and a file whose coordinates are not cells of the grid is refused.
"""
from dataclasses import dataclass

import numpy as np

from ...errors import InputError

TOLERANCE = 0.01  # cells: coordinates (often float32) may be this far from a cell centre


@dataclass(frozen=True)
class Placement:
    """Global row of each file latitude index and global column of each longitude index."""

    rows: np.ndarray   # int, one per file latitude index
    cols: np.ndarray   # int, one per file longitude index

    @property
    def row_range(self):
        """(first, last + 1) global row the file covers."""
        return int(self.rows.min()), int(self.rows.max()) + 1

    @property
    def col_range(self):
        """(first, last + 1) global column the file covers."""
        return int(self.cols.min()), int(self.cols.max()) + 1

    def covered(self, row0, col0, height, width):
        """Number of cells of the global window that the file has (with or without value)."""
        i = np.count_nonzero((self.rows >= row0) & (self.rows < row0 + height))
        j = np.count_nonzero((self.cols >= col0) & (self.cols < col0 + width))
        return int(i * j)

    def read(self, read_block, row0, col0, height, width):
        """Values (float64, NaN where the file has no cell) on the global window
        rows ``row0`` … ``row0 + height``, columns ``col0`` … ``col0 + width``.

        ``read_block(lat_slice, lon_slice)`` returns the file's (latitude, longitude)
        array on those index ranges (NaN at fill values); it is called once, on the
        smallest ranges holding every cell the window needs, or not at all.
        """
        out = np.full((height, width), np.nan)
        i = np.nonzero((self.rows >= row0) & (self.rows < row0 + height))[0]
        j = np.nonzero((self.cols >= col0) & (self.cols < col0 + width))[0]
        if i.size == 0 or j.size == 0:
            return out
        i0, j0 = int(i.min()), int(j.min())
        block = read_block(slice(i0, int(i.max()) + 1), slice(j0, int(j.max()) + 1))
        rows, cols = self.rows[i] - row0, self.cols[j] - col0
        if _run(rows, i) and _run(cols, j):   # consecutive cells: the block, flipped at most
            out[rows.min():rows.max() + 1, cols.min():cols.max() + 1] = _oriented(block, rows,
                                                                                  cols)
        else:   # wrapped longitudes (0…360 files) or irregular order: cell by cell
            out[np.ix_(rows, cols)] = block[np.ix_(i - i0, j - j0)]
        return out


def _run(target, positions):
    """True when ``target`` steps by +1 or −1 over consecutive file ``positions``."""
    if target.size == 1:
        return True
    step = np.diff(target)
    return bool(np.all(np.diff(positions) == 1) and (np.all(step == 1) or np.all(step == -1)))


def _oriented(block, rows, cols):
    """``block`` flipped where the file runs against the global grid (south→north, …)."""
    if rows.size > 1 and rows[1] < rows[0]:
        block = block[::-1]
    if cols.size > 1 and cols[1] < cols[0]:
        block = block[:, ::-1]
    return block


def from_coordinates(lons, lats, grid, name, product):
    """The Placement of a file whose cell centres are ``lons`` and ``lats`` (degrees).

    Longitudes may be given in 0…360 or −180…180. Raises :class:`InputError` naming the
    file when a coordinate is not a cell centre of ``grid`` (another resolution or grid).
    """
    lons, lats = np.asarray(lons, "float64"), np.asarray(lats, "float64")
    if lons.ndim != 1 or lats.ndim != 1 or lons.size == 0 or lats.size == 0:
        raise InputError(f"'{name}' has no one-dimensional longitude and latitude "
                         f"coordinates; give the {product} file as distributed.")
    x = ((lons - grid.origin_x) % 360.0) / grid.cell - 0.5
    y = (grid.origin_y - lats) / grid.cell - 0.5
    cols, rows = np.round(x), np.round(y)
    off = max(float(np.max(np.abs(x - cols))), float(np.max(np.abs(y - rows))))
    outside = (rows < 0) | (rows >= grid.height)
    if off > TOLERANCE or outside.any():
        raise InputError(
            f"'{name}' is not on the {grid.name} grid of {product} (cell centres "
            f"{_spacing(lons, lats)}). Give the {product} file as distributed (a regional "
            "subset is fine), not a regridded copy.")
    return Placement(rows.astype("int64"), (cols % grid.width).astype("int64"))


def from_transform(transform, width, height, grid, name, product):
    """The Placement of a north-up raster (GeoTIFF) with affine ``transform``."""
    cell_ok = (abs(abs(transform.a) - grid.cell) <= TOLERANCE * grid.cell
               and abs(abs(transform.e) - grid.cell) <= TOLERANCE * grid.cell
               and transform.b == 0 and transform.d == 0)
    if not cell_ok:
        raise InputError(
            f"'{name}' has cells of {abs(transform.a):g}° × {abs(transform.e):g}°, not the "
            f"{grid.cell:g}° cells of the {grid.name} grid of {product}. Give the {product} "
            "file as distributed.")
    lons = transform.c + (np.arange(width) + 0.5) * transform.a
    lats = transform.f + (np.arange(height) + 0.5) * transform.e
    return from_coordinates(lons, lats, grid, name, product)


def _spacing(lons, lats):
    step = lambda v: f"{abs(v[1] - v[0]):.4g}°" if v.size > 1 else "one value"  # noqa: E731
    return (f"from {lons[0]:.4f}° E, {lats[0]:.4f}° N, spacing {step(lons)} × "
            f"{step(lats)}")

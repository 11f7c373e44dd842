"""Screened values on a product's native grid → a target grid, by exact cell membership.

The importers read a native region (a product's own grid, e.g. MODIS sinusoidal or a
Landsat UTM scene) covering each target window (:func:`source_region`), screen it,
and put it on the target window (:class:`Regridder`, :func:`to_target`): each target
cell takes the mean of the valid native cells whose centres fall in it (the most
frequent class for a categorical layer), the membership of :mod:`..prepare.aggregation`;
a target cell that holds no native centre (target finer than native) takes the native
cell under its own centre.
"""
import math

import numpy as np
from affine import Affine
from rasterio.windows import Window

from .grids import Grid
from .windows import floor_index, pixel_coords


def source_region(native, target, window):
    """The native-grid region (transform, shape, crs) covering a target window, padded by
    2 cells and cut to the native grid (cells outside it hold no data); its shape may be
    (0, n) or (n, 0) when the window lies outside the native grid."""
    from rasterio.warp import transform_bounds
    from rasterio.windows import bounds as window_bounds

    b = transform_bounds(target.crs, native.crs, *window_bounds(window, target.transform),
                         densify_pts=21)
    (xres, yres), (x0, y0) = native.res, (native.transform.c, native.transform.f)
    c0 = math.floor((b[0] - x0) / xres) - 2
    c1 = math.ceil((b[2] - x0) / xres) + 2
    r0 = math.floor((y0 - b[3]) / yres) - 2
    r1 = math.ceil((y0 - b[1]) / yres) + 2
    c0, r0 = max(c0, 0), max(r0, 0)
    c1, r1 = max(min(c1, native.width), c0), max(min(r1, native.height), r0)
    transform = Affine(xres, 0, x0 + c0 * xres, 0, -yres, y0 - r0 * yres)
    return transform, (r1 - r0, c1 - c0), native.crs


class Regridder:
    """The mapping of a native region onto one target window, computed once for many bands.

    Each target cell takes the mean of the valid native cells whose centres fall in it
    (the most frequent class when categorical; ties to the smaller class); a target cell
    that holds no native centre at all (target finer than native) takes the native cell
    under its own centre. A target cell whose member cells are all missing stays
    missing. ``member``: the native cells whose centres fall in the window (the cells
    that count), a boolean array of the region's shape; the mapping itself is kept as
    int32 flat indices (:attr:`nbytes`), so many Regridders can be kept.
    """

    def __init__(self, region, target, window):
        transform, shape, crs = region
        native = Grid(crs, transform, shape[1], shape[0])
        self.shape = (int(window.height), int(window.width))
        h, w = self.shape
        rows, cols = (floor_index(np.broadcast_to(c, shape).astype(float)) for c in
                      pixel_coords(native, target, Window(0, 0, shape[1], shape[0])))
        rows, cols = rows - int(window.row_off), cols - int(window.col_off)
        inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
        self.region_shape = tuple(shape)
        self.members = np.flatnonzero(inside).astype(np.int32)
        self.cell = (rows[inside] * w + cols[inside]).astype(np.int32)
        empty = np.bincount(self.cell, minlength=h * w) == 0
        self.empty = np.flatnonzero(empty).astype(np.int32)
        self.under = _under_centres(native, target, window).ravel()[self.empty].astype(np.int64)

    @property
    def member(self):
        """Boolean (region shape): native cells whose centres fall in the window."""
        mask = np.zeros(int(np.prod(self.region_shape)), bool)
        mask[self.members] = True
        return mask.reshape(self.region_shape)

    @property
    def nbytes(self):
        """Memory held by the mapping, bytes."""
        return sum(a.nbytes for a in (self.members, self.cell, self.empty, self.under))

    def apply(self, values, categorical=False):
        """Native ``values`` (NaN = missing) on the target window (NaN where none)."""
        found = values.ravel()[self.members]
        ok = np.isfinite(found)
        n = self.shape[0] * self.shape[1]
        out = (_mode if categorical else _mean)(self.cell[ok], found[ok], n)
        flat = values.ravel()
        out[self.empty] = np.where(self.under >= 0, flat[np.maximum(self.under, 0)], np.nan)
        return out.reshape(self.shape)


def to_target(values, region, target, window, categorical):
    """Native ``values`` onto a target window (see :class:`Regridder`)."""
    return Regridder(region, target, window).apply(values, categorical)


def _mean(cell, found, n):
    count = np.bincount(cell, minlength=n)
    total = np.bincount(cell, weights=found, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _mode(cell, found, n):
    out = np.full(n, np.nan)
    if cell.size:
        pairs, counts = np.unique(np.stack([cell, found.astype(np.int64)]), axis=1,
                                  return_counts=True)
        order = np.lexsort((pairs[1], -counts, pairs[0]))  # per cell: most frequent first
        first = np.r_[True, np.diff(pairs[0][order]) != 0]
        out[pairs[0][order][first]] = pairs[1][order][first]
    return out


def _under_centres(native, target, window):
    """Flat native index of the cell under each target cell's centre (−1 outside)."""
    h, w = int(window.height), int(window.width)
    rows, cols = (floor_index(np.broadcast_to(c, (h, w)).astype(float))
                  for c in pixel_coords(target, native, window))
    ok = (rows >= 0) & (rows < native.height) & (cols >= 0) & (cols < native.width)
    return np.where(ok, rows * native.width + cols, -1)

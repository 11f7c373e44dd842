"""Coarse raster (or time stack) → the fine grid of a reference layer (DESIGN §5).

The opposite of aggregation: papers 000 and 002 bring the coarse product (or its
residuals) onto the 1 km grid by nearest neighbour or bilinear interpolation.

Each fine cell centre is transformed into the input's grid: by affine arithmetic
when the CRSs are equal, else exactly on a lattice and interpolated in between to
within 1e-4 of an input cell (3.6 m for 36 km cells); the input cell holding each
centre is always the exact one. **Nearest** takes the value of the coarse cell
that holds the centre — the same membership rule as aggregation, so a nested
coarse cell is reproduced over its whole block. **Bilinear** interpolates between
the four coarse cell centres around it.

Nodata is never blended into values: a fine cell whose centre lies in a missing
coarse cell (or outside the input) is missing, and bilinear uses only the valid
neighbours, their weights renormalised to sum to 1 (next to a gap or the input's
edge it leans on the valid cells).

The output is processed window by window and bands in groups, so memory does not
grow with the raster.
"""
import os

import numpy as np
import rasterio
from rasterio.windows import Window

from ..errors import InputError, check_choice
from ..progress import ensure_progress
from .executors import UnitTask
from .grids import Grid, bounds_in, check_overlap
from .lazy_raster import LazyRaster
from .timestack import DEFAULT_NODATA, StackWriter, Units
from .windows import BlockWalker, floor_index, iter_windows, pixel_coords, read_window

METHODS = ("nearest", "bilinear")
_BAND_CELLS = 1 << 21  # output cells held at once: bands are processed in groups
POSITION_ERROR = 1e-4  # largest error of a transformed fine centre, in input cells


def resample(input_path, reference_path, output, method="nearest", block=512, progress=None):
    """Resample ``input_path`` onto the grid of ``reference_path``; return a summary dict.

    ``method``: "nearest" or "bilinear". Every band is resampled and keeps its
    description (its ISO date in a time stack). ``block``: output window size, cells.
    """
    progress = ensure_progress(progress)
    check_choice(method, METHODS, "resampling method")
    ref = Grid.from_path(reference_path)
    name, ref_name = os.path.basename(str(input_path)), os.path.basename(str(reference_path))
    with rasterio.open(input_path) as src:
        if src.count == 0:
            raise InputError(f"'{name}' has no bands: an empty stack cannot be resampled. "
                             "Choose a raster with at least one band.")
        coarse = Grid.of(src)
        check_overlap(ref, coarse, f"the reference '{ref_name}'", f"the input '{name}'")
        _warn_if_finer(coarse, ref, progress)
        texts = [d or "" for d in src.descriptions]
        descriptions = texts if any(texts) else None
        count = src.count
        units = Units.of(src)
    task = WindowResampler(input_path, coarse, ref, method, count,
                           _bands_per_group(next(iter_windows(ref, block))))
    walker = BlockWalker(ref, block, progress, passes=len(task.groups))
    with StackWriter(output, ref, count=count, descriptions=descriptions, units=units) as out:
        try:
            for unit, values in walker.map(task, walker.units(task.groups, by_window=True)):
                for i, band in enumerate(task.bands(unit)):
                    out.write(band, values[i], unit.window)
        finally:
            task.close()
    progress.info(f"Resampled {count} band(s) of '{name}' ({coarse.describe()}) by {method} "
                  f"onto {ref.describe()}; wrote {output}")
    return {"bands": count, "descriptions": descriptions, "grid": ref, "method": method}


def _warn_if_finer(coarse, ref, progress):
    """Warn when the input cells are smaller than the reference's: aggregation is meant."""
    left, bottom, right, top = bounds_in(coarse, ref.crs)
    cell_area = abs((right - left) * (top - bottom)) / (coarse.width * coarse.height)
    if cell_area < 0.99 * ref.res[0] * ref.res[1]:
        progress.warning("The input cells are smaller than the reference cells, so resampling "
                         "skips input cells. To go from fine to coarse use 'Aggregate to "
                         "coarse grid' (smdownscale:aggregate).")


def taps(rows, cols, method):
    """Source cells and weights for output cells at fractional input pixel coordinates.

    Returns (holder, [(row, col, weight), …]): ``holder`` = (row, col) of the input
    cell containing each centre; the list holds one tap for nearest, four for
    bilinear (weights sum to 1). Indices are −1 where a centre could not be placed.
    Arrays keep the broadcastable shapes of ``rows`` and ``cols`` (1-D per row and
    column when the CRSs are equal).
    """
    holder = (floor_index(rows), floor_index(cols))
    if method == "nearest":
        return holder, [(holder[0], holder[1], 1.0)]
    v, u = rows - 0.5, cols - 0.5
    r0, c0 = floor_index(v), floor_index(u)
    fv = np.nan_to_num(v - r0)
    fu = np.nan_to_num(u - c0)
    r1, c1 = floor_index(v + 1.0), floor_index(u + 1.0)
    return holder, [(r0, c0, (1 - fu) * (1 - fv)), (r0, c1, fu * (1 - fv)),
                    (r1, c0, (1 - fu) * fv), (r1, c1, fu * fv)]


def _source_window(src, cells):
    """The input window spanning the tap cells (clipped to the raster), or None."""
    rows = np.concatenate([np.ravel(r) for r, _ in cells])
    cols = np.concatenate([np.ravel(c) for _, c in cells])
    rows = rows[(rows >= 0) & (rows < src.height)]
    cols = cols[(cols >= 0) & (cols < src.width)]
    if not (rows.size and cols.size):
        return None
    r0, r1 = rows.min(), rows.max() + 1
    c0, c1 = cols.min(), cols.max() + 1
    return Window(int(c0), int(r0), int(c1 - c0), int(r1 - r0))


def _gather(data, window, row, col):
    """Values (bands, h, w) of ``data`` (bands on ``window``) at input cells; NaN outside."""
    lr, lc = row - window.row_off, col - window.col_off
    inside = (lr >= 0) & (lc >= 0) & (lr < window.height) & (lc < window.width)
    values = data[:, np.where(inside, lr, 0), np.where(inside, lc, 0)]
    values[:, ~inside] = np.nan
    return values


def interpolate(data, window, holder, tap_list):
    """Resampled values (bands, h, w), NaN where missing, from input ``data`` on ``window``."""
    held = _gather(data, window, *holder)
    if len(tap_list) == 1:  # nearest: the holding cell's value
        return held
    missing = np.isnan(held)
    total = np.zeros(missing.shape)
    weight = np.zeros(missing.shape)
    for row, col, w in tap_list:
        values = _gather(data, window, row, col)
        ok = np.isfinite(values) & (w > 0)
        total += np.where(ok, values * w, 0.0)
        weight += np.where(ok, w, 0.0)
    out = np.full(missing.shape, np.nan)
    np.divide(total, weight, out=out, where=(weight > 0) & ~missing)
    return out


class GridSampler:
    """Read bands of a raster on windows of another grid (nearest or bilinear).

    ``identical`` is True when both grids are the same (read the window as is).
    The positions of the last window are kept, so reading several bands or
    dates on one window transforms its cell centres once.
    """

    def __init__(self, source_grid, grid, method="nearest"):
        check_choice(method, METHODS, "resampling method")
        self.source_grid, self.grid, self.method = source_grid, grid, method
        self.identical = source_grid.same_as(grid)
        self._window = None
        self._plan = None

    def _taps(self, src, window):
        if self._window != window:
            self._window = window
            self._plan = window_taps(src, self.source_grid, self.grid, window, self.method)
        return self._plan

    def read(self, src, band, window):
        """Band values (float64, NaN = missing) on ``window`` of the target grid."""
        holder, tap_list, source = self._taps(src, window)
        shape = (window.height, window.width)
        if source is None:
            return np.full(shape, np.nan)
        data = read_window(src, band, source, "float64")[np.newaxis]
        return np.broadcast_to(interpolate(data, source, holder, tap_list)[0], shape).copy()


def window_taps(src, source_grid, grid, window, method):
    """(holder, taps, source window or None) of ``window`` of ``grid`` on ``src``.

    See :func:`taps`; the source window spans the input cells the taps read.
    """
    rows, cols = pixel_coords(grid, source_grid, window, POSITION_ERROR)
    holder, tap_list = taps(rows, cols, method)
    return holder, tap_list, _source_window(src, [holder] + [(r, c) for r, c, _ in tap_list])


def _bands_per_group(window):
    """Bands resampled at once on windows of ``window``'s size (bounds the memory)."""
    return max(1, _BAND_CELLS // int(window.width * window.height))


class WindowResampler(UnitTask):
    """Resamples one unit: a window of the reference grid × a group of bands.

    ``unit.band`` is the group's first band (one of :attr:`groups`); the result is
    a float32 array (bands of the group, rows, cols) with ``DEFAULT_NODATA`` where
    missing. Holds the input as a :class:`~.lazy_raster.LazyRaster`; the taps of
    the last window are kept per thread for the window's next groups.
    """

    def __init__(self, input_path, coarse, ref, method, count, per_group):
        self.src = LazyRaster(input_path)
        self.coarse, self.ref, self.method = coarse, ref, method
        self.count, self.per_group = count, per_group
        self.groups = list(range(1, count + 1, per_group))

    def bands(self, unit):
        """The 1-based bands of ``unit``'s group."""
        return range(unit.band, min(unit.band + self.per_group, self.count + 1))

    def _taps(self, unit):
        last = getattr(self.local, "taps", None)
        if last is None or last[0] != unit.tile:
            last = (unit.tile, window_taps(self.src, self.coarse, self.ref, unit.window,
                                           self.method))
            self.local.taps = last
        return last[1]

    def __call__(self, unit):
        holder, tap_list, source = self._taps(unit)
        bands = self.bands(unit)
        window = unit.window
        if source is None:
            result = np.full((len(bands), window.height, window.width), np.nan)
        else:
            data = np.stack([read_window(self.src, b, source, "float64") for b in bands])
            result = interpolate(data, source, holder, tap_list)
        return np.where(np.isfinite(result), result, DEFAULT_NODATA).astype("float32")

    def close(self):
        """Close this thread's input dataset."""
        self.src.close()

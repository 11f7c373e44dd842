"""Windows of a raster: walking them, reading one, where its cells fall on another grid.

The building blocks every windowed loop shares: :class:`BlockWalker` walks the
windows of a grid (:func:`iter_windows`) as explicit work units (:class:`Unit`)
and owns the loop's cancel checks and progress; :func:`read_window` reads a band
on a window that may extend beyond the raster (NaN outside and at nodata),
:func:`pixel_coords` gives the fractional (row, col) on another grid of the
centres of a window's cells (exact cell membership across CRSs),
:func:`floor_index` turns those into integer cells and :func:`cell_weights` gives
the cells' relative areas (cos latitude on geographic grids).
"""
import math
from dataclasses import dataclass

import numpy as np
from rasterio.warp import transform as warp_transform
from rasterio.windows import Window

from ..errors import InputError
from ..progress import ensure_progress
from .executors import IN_PROCESS, UnitTask, current_executor
from .grids import _same_crs
from .readable import read

FULL_RANGE = (0.0, 100.0)  # % of the progress bar a walk fills by default


def _block_shape(block):
    """(rows, cols) of a window from ``block``: one edge in cells, or (rows, cols)."""
    rows, cols = (block, block) if np.isscalar(block) else block
    if rows < 1 or cols < 1:
        raise InputError(f"A window needs at least one cell per side (got {block}).")
    return int(rows), int(cols)


def iter_windows(grid, block=512):
    """Yield windows of at most ``block`` cells per side covering the grid, row-major.

    ``block``: the window edge in cells, or (rows, cols). Windows at the right and
    bottom edges are cut to the grid.
    """
    rows, cols = _block_shape(block)
    for row in range(0, grid.height, rows):
        h = min(rows, grid.height - row)
        for col in range(0, grid.width, cols):
            w = min(cols, grid.width - col)
            yield Window(col, row, w, h)


def window_count(grid, block=512):
    """Number of windows :func:`iter_windows` yields."""
    rows, cols = _block_shape(block)
    return math.ceil(grid.height / rows) * math.ceil(grid.width / cols)


@dataclass(frozen=True)
class Unit:
    """One unit of work of a :class:`BlockWalker`: a window, optionally of one band.

    ``index``: position in its walk, 0-based (results are written in this order).
    ``tile``: position of the window among the walker's windows (row-major).
    ``band``: the 1-based band (date) the unit works on, or None for every band.
    ``stage``: name of the pass over the windows (predict's "correct", the input
    being read, …), or None. (stage, band, tile) names a unit within one run.
    """

    index: int
    tile: int
    window: Window
    band: int = None
    stage: str = None


class BlockWalker:
    """The window loop: counts and orders the units, checks cancel, reports progress.

    The loop body sees only units (EnMAP-Box's block walker is the model)::

        for unit in BlockWalker(grid, block, progress):
            out.write(1, compute(unit.window), unit.window)

    ``block``: window edge in cells, or (rows, cols); ``windows`` replaces the grid's
    tiling by given windows (blocks planned by the caller). Before each unit the
    walker raises :class:`~..errors.Cancelled` if the user asked to stop; after it,
    progress = low + (high − low) · done / total %, where (low, high) = ``span``
    (default 0–100 %) and total = ``passes`` × windows: a step that walks the windows
    several times (dates, passes) declares them all, and one that does its last part
    itself ends the walk below 100 %.

    :meth:`map` separates computing a unit's result (a function of the unit alone)
    from writing it, which the caller does in unit order. Units are explicit values,
    so a :class:`~.executors.UnitTask` can be computed on a Dask cluster (the
    executor of :func:`~.executors.cluster_session`) and finished ones recorded.
    """

    def __init__(self, grid, block=512, progress=None, passes=1, span=FULL_RANGE,
                 windows=None):
        self.grid = grid
        self.windows = tuple(windows if windows is not None else iter_windows(grid, block))
        self.progress = ensure_progress(progress)
        self.low, self.high = span
        self.total = max(1, passes * len(self.windows))
        self.done = 0

    def drop_passes(self, n):
        """Leave out ``n`` of the passes announced (work a resume checkpoint already
        holds), so that progress still ends at the top of its span."""
        self.total = max(1, self.total - n * len(self.windows))

    def __len__(self):
        """Number of windows."""
        return len(self.windows)

    def units(self, bands=None, by_window=False, tiles=None, stage=None):
        """The units of one walk, as a tuple in walk order.

        ``bands``: one unit per band and window (bands outer, windows row-major
        inner; with ``by_window`` windows outer, so that inputs shared by the bands
        of a window are read once); None: one unit per window. ``tiles``: walk only
        these windows (positions in :attr:`windows`).
        """
        tiles = range(len(self.windows)) if tiles is None else tiles
        bands = [None] if bands is None else list(bands)
        pairs = ([(t, b) for t in tiles for b in bands] if by_window
                 else [(t, b) for b in bands for t in tiles])
        return tuple(Unit(k, t, self.windows[t], b, stage) for k, (t, b) in enumerate(pairs))

    def walk(self, units=None):
        """Yield ``units`` (default: one per window) with cancel checks and progress."""
        for unit in self.units() if units is None else units:
            self.progress.check_cancelled()
            yield unit
            self._advance()

    def __iter__(self):
        return self.walk()

    def map(self, compute, units=None):
        """Yield (unit, ``compute(unit)``) in unit order, with cancel checks and progress.

        A :class:`~.executors.UnitTask` runs on the current executor (a Dask cluster
        inside :func:`~.executors.cluster_session`, else here); any other callable
        runs here. Progress counts a unit once the caller has taken its result (and
        written it).
        """
        units = self.units() if units is None else tuple(units)
        executor = current_executor() if isinstance(compute, UnitTask) else IN_PROCESS
        results = executor.map(compute, units, self.progress.check_cancelled)
        for unit, result in zip(units, results):
            yield unit, result
            self._advance()

    def _advance(self):
        """Count one more unit as done and report progress (%) within the span."""
        self.done += 1
        share = min(1.0, self.done / self.total)
        self.progress.set_progress(self.low + (self.high - self.low) * share)


def north_up(grid):
    """True when the grid has no rotation or shear (rows along y, columns along x)."""
    return grid.transform.b == 0 and grid.transform.d == 0


_LATTICE = 32  # cells between exactly transformed lattice points
_MAX_ERROR = 0.01  # largest accepted interpolation error, in cells of the target grid


def pixel_coords(grid, other, window, max_error=_MAX_ERROR):
    """Fractional (row, col) on ``other``'s grid of the centres of ``grid``'s cells in ``window``.

    Float arrays broadcastable to the window's shape; NaN where a centre cannot be
    transformed. Equal CRSs with north-up grids use affine arithmetic per row and
    column. Between CRSs, a lattice of centres every 32 cells is transformed exactly
    and the rest interpolated bilinearly (as GDAL's approximate transformer does);
    the interpolation error, measured at the lattice cells' midpoints, is kept
    ≤ ``max_error`` (in cells of ``other``; the lattice is refined until it is), and
    every centre within four times that error of a cell edge is transformed
    exactly, so the cell holding each centre is the exact one.
    """
    t, r = grid.transform, other.transform
    if _same_crs(grid.crs, other.crs) and north_up(grid) and north_up(other):
        xs = t.c + (window.col_off + np.arange(window.width) + 0.5) * t.a
        ys = t.f + (window.row_off + np.arange(window.height) + 0.5) * t.e
        return ((ys - r.f) / r.e)[:, np.newaxis], ((xs - r.c) / r.a)[np.newaxis, :]
    approx = None
    if window.width * window.height > 4 * _LATTICE ** 2:
        approx = _interpolated_coords(grid, other, window, max_error)
    if approx is None:
        ii, jj = np.indices((window.height, window.width))
        return _exact_at(grid, other, window, ii, jj)
    rows, cols, err = approx
    margin = 4.0 * err + 1e-9
    near = (np.abs(rows - np.round(rows)) < margin) | (np.abs(cols - np.round(cols)) < margin)
    ii, jj = np.nonzero(near)
    rows[ii, jj], cols[ii, jj] = _exact_at(grid, other, window, ii, jj)
    return rows, cols


def _exact_at(grid, other, window, ii, jj):
    """Exact (row, col) on ``other`` of the centres of window cells (ii, jj); NaN if invalid."""
    xs, ys = grid.window_transform(window) * (np.asarray(jj) + 0.5, np.asarray(ii) + 0.5)
    xs, ys = np.asarray(xs, "float64"), np.asarray(ys, "float64")
    if not _same_crs(grid.crs, other.crs) and xs.size:
        xt, yt = warp_transform(grid.crs, other.crs, xs.ravel(), ys.ravel())
        xs, ys = np.asarray(xt).reshape(xs.shape), np.asarray(yt).reshape(ys.shape)
    cols, rows = ~other.transform * (xs, ys)
    bad = ~(np.isfinite(cols) & np.isfinite(rows))
    return np.where(bad, np.nan, rows), np.where(bad, np.nan, cols)


def _interpolated_coords(grid, other, window, max_error):
    """(rows, cols, error) interpolated from an exact lattice, or None if not accurate."""
    step = _LATTICE
    while step >= 2:
        ri, ci = _knots(window.height, step), _knots(window.width, step)
        if ri.size < 2 or ci.size < 2:
            return None
        gi, gj = np.meshgrid(ri, ci, indexing="ij")
        lattice = _exact_at(grid, other, window, gi, gj)
        mi, mj = (ri[:-1] + ri[1:]) // 2, (ci[:-1] + ci[1:]) // 2
        mid = _exact_at(grid, other, window, *np.meshgrid(mi, mj, indexing="ij"))
        err = max(float(np.max(np.abs(_interp2(k, ri, ci, mi, mj) - m)))
                  for k, m in zip(lattice, mid))
        if not np.isfinite(err):
            return None  # the projection's edge is inside the window
        if err <= max_error:
            h, w = np.arange(window.height), np.arange(window.width)
            return _interp2(lattice[0], ri, ci, h, w), _interp2(lattice[1], ri, ci, h, w), err
        step //= 2
    return None


def _knots(n, step):
    """Lattice positions 0, step, 2·step, … and always the last cell n − 1."""
    return np.unique(np.r_[np.arange(0, n, step), n - 1])


def _bracket(knots, targets):
    """Lattice interval and fraction of each target position."""
    j = np.clip(np.searchsorted(knots, targets, side="right") - 1, 0, knots.size - 2)
    return j, (targets - knots[j]) / (knots[j + 1] - knots[j])


def _interp2(values, ri, ci, ti, tj):
    """Bilinear interpolation of lattice ``values`` (rows ri × cols ci) to rows ti × cols tj."""
    jr, fr = _bracket(ri, ti)
    jc, fc = _bracket(ci, tj)
    along = values[:, jc] * (1.0 - fc) + values[:, jc + 1] * fc
    return along[jr] * (1.0 - fr)[:, np.newaxis] + along[jr + 1] * fr[:, np.newaxis]


def floor_index(coords):
    """Integer cell index (floor) of fractional pixel coordinates; −1 where NaN."""
    ok = np.isfinite(coords)
    if ok.all():
        return np.floor(coords).astype("int64")
    out = np.full(coords.shape, -1, "int64")
    out[ok] = np.floor(coords[ok])
    return out


def _centres(grid, window):
    """Centres of a window's cells for any affine transform."""
    cols, rows = np.meshgrid(np.arange(window.width) + 0.5, np.arange(window.height) + 0.5)
    return grid.window_transform(window) * (cols, rows)


def cell_weights(fine, window):
    """Relative area of each fine cell in ``window``: cos(latitude) for geographic grids.

    Returns None for projected grids (equal cells), else an array broadcastable
    to the window's shape.
    """
    if not fine.crs.is_geographic:
        return None
    if north_up(fine):
        t = fine.transform
        lat = t.f + (window.row_off + np.arange(window.height) + 0.5) * t.e
        return np.cos(np.radians(lat))[:, np.newaxis]
    return np.cos(np.radians(_centres(fine, window)[1]))


def read_window(src, band, window, dtype="float32"):
    """Band values in a window that may extend beyond the raster; NaN = missing or outside.

    A damaged file raises :class:`~..errors.InputError` naming it, the band and the
    window (:func:`~.readable.read`).
    """
    out = np.full((window.height, window.width), np.nan, dtype=dtype)
    col0, row0 = max(0, window.col_off), max(0, window.row_off)
    col1 = min(src.width, window.col_off + window.width)
    row1 = min(src.height, window.row_off + window.height)
    if col0 >= col1 or row0 >= row1:
        return out
    data = read(src, band, Window(col0, row0, col1 - col0, row1 - row0))
    part = data.astype(dtype)
    part[nodata_mask(data, src.nodatavals[band - 1])] = np.nan
    out[row0 - window.row_off:row1 - window.row_off,
        col0 - window.col_off:col1 - window.col_off] = part
    return out


def nodata_mask(data, nodata):
    """True where ``data`` equals the declared ``nodata`` (compared in the data's own type)."""
    if nodata is None:
        return np.zeros(data.shape, bool)
    if np.issubdtype(data.dtype, np.floating):
        return np.isnan(data) if np.isnan(nodata) else data == data.dtype.type(nodata)
    return data == nodata  # integer data: an out-of-range nodata matches nothing

"""Raster values at points: the cell containing a point, or the mean of a k × k window.

Points are grouped by 256 × 256 block of the raster and each group is read as one
small window, a few bands at a time, so memory depends on the block and not on the
raster or on the number of bands.
"""
import numpy as np
import rasterio
from rasterio.windows import Window

from ..errors import InputError
from ..progress import ensure_progress
from . import readable
from .grids import Grid
from .windows import BlockWalker

BLOCK = 256
BAND_CHUNK = 32


def cell_of(grid, xs, ys):
    """(row, col) integer arrays of the cells containing points (may lie outside)."""
    inverse = ~grid.transform
    cols, rows = inverse * (np.atleast_1d(np.asarray(xs, "float64")),
                            np.atleast_1d(np.asarray(ys, "float64")))
    return np.floor(rows).astype(np.int64), np.floor(cols).astype(np.int64)


def sample_points(path, xs, ys, bands=None, window=1, progress=None):
    """Values of ``bands`` (1-based; all when None) at points, shape (points, bands).

    ``xs``/``ys`` are in the raster's CRS. ``window`` is the side k (odd, cells) of
    the square averaged around the containing cell; nodata cells are left out of the
    mean and a window without valid cells gives NaN. Points outside give NaN.
    Returns (values, inside) where ``inside`` flags points on the raster.
    """
    if window < 1 or window % 2 == 0:
        raise InputError(f"The sampling window must be an odd number of cells, 1, 3, 5 … "
                         f"(got {window}).")
    progress = ensure_progress(progress)
    with rasterio.open(path) as src:
        grid = Grid.of(src)
        bands = list(bands) if bands is not None else list(range(1, src.count + 1))
        rows, cols = cell_of(grid, xs, ys)
        inside = (rows >= 0) & (rows < grid.height) & (cols >= 0) & (cols < grid.width)
        out = np.full((len(rows), len(bands)), np.nan)
        if not inside.any() or not bands:
            return out, inside
        pixels, which = np.unique(np.stack([rows[inside], cols[inside]], axis=1), axis=0,
                                  return_inverse=True)
        values = _sample_pixels(src, grid, pixels, bands, window // 2, progress)
        out[np.flatnonzero(inside)] = values[which.ravel()]
    return out, inside


def _sample_pixels(src, grid, pixels, bands, half, progress):
    """Values (pixels, bands) of distinct (row, col) pixels, block group by block group."""
    values = np.full((len(pixels), len(bands)), np.nan)
    tiles = (pixels[:, 0] // BLOCK) * (grid.width // BLOCK + 1) + pixels[:, 1] // BLOCK
    groups = [np.flatnonzero(tiles == tile) for tile in np.unique(tiles)]
    windows = [_group_window(pixels[members], half, grid) for members in groups]
    for unit in BlockWalker(grid, progress=progress, windows=windows):
        members, win = groups[unit.tile], unit.window
        r, c = pixels[members, 0] - win.row_off, pixels[members, 1] - win.col_off
        for b0 in range(0, len(bands), BAND_CHUNK):
            chunk = bands[b0:b0 + BAND_CHUNK]
            data = readable.read(src, chunk, win, out_dtype="float64")
            if src.nodata is not None:
                data[data == src.nodata] = np.nan
            data[~np.isfinite(data)] = np.nan
            values[members, b0:b0 + len(chunk)] = _window_means(data, r, c, half)
    return values


def _group_window(pixels, half, grid):
    """The window holding (row, col) ``pixels`` and ``half`` cells around them, clipped."""
    r, c = pixels[:, 0], pixels[:, 1]
    r0, r1 = max(int(r.min()) - half, 0), min(int(r.max()) + half + 1, grid.height)
    c0, c1 = max(int(c.min()) - half, 0), min(int(c.max()) + half + 1, grid.width)
    return Window(c0, r0, c1 - c0, r1 - r0)


def _window_means(data, rows, cols, half):
    """Mean over valid cells of the (2·half+1)² window at each (row, col): (points, bands)."""
    if half == 0:
        return data[:, rows, cols].T
    out = np.empty((len(rows), data.shape[0]))
    height, width = data.shape[1:]
    for i, (r, c) in enumerate(zip(rows, cols)):
        block = data[:, max(r - half, 0):min(r + half + 1, height),
                     max(c - half, 0):min(c + half + 1, width)]
        block = block.reshape(block.shape[0], -1)
        count = np.isfinite(block).sum(axis=1)
        total = np.nansum(block, axis=1)
        out[i] = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return out

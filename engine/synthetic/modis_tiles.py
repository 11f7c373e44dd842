"""The synthetic region's MODIS observations as LP DAAC tiles (HDF4-EOS), like downloads.

Each date's reflectance, LST and cloud mask (on the region's 1 km grid) are written as
MOD09GA and MOD11A1 tiles on the MODIS sinusoidal grid (:mod:`.modis_files`): only the
window of each tile that covers the region (plus 2 km), with the real cell sizes and
positions, so the files stay small. A sinusoidal cell takes the region cell under its
centre (nearest).

Clouds are written as the products record them. MOD09GA keeps a (bright) reflectance
under clouds and flags them in ``state_1km`` (bits 0–1 = 01, cloudy): a 1 km state cell
is cloudy when any of its four 500 m cells is. MOD11A1 has no LST under clouds: DN 0
(fill) and ``QC_Day`` bits 0–1 = 10 (not produced, cloud). Outside the region every
layer holds its fill value.
"""
import math

import numpy as np
from affine import Affine
from rasterio.crs import CRS
from rasterio.warp import transform_bounds
from rasterio.windows import Window

from ..raster.grids import Grid
from ..raster.windows import floor_index, pixel_coords
from . import modis_files as mf

SINUSOIDAL = CRS.from_proj4("+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m "
                            "+no_defs")
MARGIN_M = 2000.0  # m of tile written around the region
CLOUD_REFLECTANCE = np.array([0.42, 0.45, 0.40, 0.42, 0.46, 0.30, 0.20])  # bands 1–7
STATE_CLOUDY = 0b01  # state_1km bits 0–1
QC_NOT_PRODUCED_CLOUD = 0b10  # QC_Day bits 0–1
REFL_FILL, LST_FILL = -28672, 0


class TileWindow:
    """One tile's window over the region: where each of its cells falls on the 1 km grid."""

    def __init__(self, h, v, row0, col0, rows, cols, fine):
        self.h, self.v, self.row0, self.col0 = h, v, row0, col0
        self.rows, self.cols = rows, cols
        self.fine500 = _lookup(mf.tile_corner(h, v, row0, col0, 500), mf.CELL[500],
                               rows, cols, fine)
        self.fine1k = _lookup(mf.tile_corner(h, v, row0 // 2, col0 // 2, 1000),
                              mf.CELL[1000], rows // 2, cols // 2, fine)


def _lookup(corner, cell, rows, cols, fine):
    """(row, col) on ``fine`` of each window cell's centre and a mask of those inside."""
    grid = Grid(SINUSOIDAL, Affine(cell, 0, corner[0], 0, -cell, corner[1]), cols, rows)
    r, c = (floor_index(np.broadcast_to(a, (rows, cols)).astype(float))
            for a in pixel_coords(grid, fine, Window(0, 0, cols, rows)))
    inside = (r >= 0) & (r < fine.height) & (c >= 0) & (c < fine.width)
    return np.where(inside, r, 0), np.where(inside, c, 0), inside


def tile_windows(fine):
    """The tile windows (500 m cells, even rows/cols) covering ``fine`` plus a margin."""
    left, bottom, right, top = transform_bounds(fine.crs, SINUSOIDAL, *fine.bounds,
                                                densify_pts=51)
    left, bottom, right, top = left - MARGIN_M, bottom - MARGIN_M, right + MARGIN_M, \
        top + MARGIN_M
    out = []
    for h in range(_tile(left, mf.X_ORIGIN), _tile(right, mf.X_ORIGIN) + 1):
        for v in range(_tile(mf.Y_ORIGIN - top, 0), _tile(mf.Y_ORIGIN - bottom, 0) + 1):
            x0, y0 = mf.tile_corner(h, v)
            c0 = max(0, math.floor((left - x0) / mf.CELL[500]) // 2 * 2)
            c1 = min(2400, math.ceil((right - x0) / mf.CELL[500]))
            r0 = max(0, math.floor((y0 - top) / mf.CELL[500]) // 2 * 2)
            r1 = min(2400, math.ceil((y0 - bottom) / mf.CELL[500]))
            c1, r1 = c0 + (c1 - c0 + 1) // 2 * 2, r0 + (r1 - r0 + 1) // 2 * 2
            if c1 > c0 and r1 > r0:
                out.append(TileWindow(h, v, r0, c0, r1 - r0, c1 - c0, fine))
    return out


def _tile(coord, origin):
    return int(math.floor((coord - origin) / mf.TILE))


def write_tiles(folder, windows, day, reflectance, lst, cloud):
    """Write the date's MOD09GA and MOD11A1 tiles; return their paths (refl, lst).

    ``reflectance`` (7, rows, cols) 0–1 and ``lst`` (K) on the 1 km grid; ``cloud``
    boolean on the same grid.
    """
    refl_paths, lst_paths = [], []
    for w in windows:
        r, c, inside = w.fine500
        cloud500 = cloud[r, c] & inside
        refl = np.where(cloud500[None], CLOUD_REFLECTANCE[:, None, None], reflectance[:, r, c])
        dn = np.where(inside[None], np.round(refl / 0.0001), REFL_FILL).astype(np.int16)
        state_cloud = cloud500.reshape(w.rows // 2, 2, w.cols // 2, 2).any(axis=(1, 3))
        state = np.where(state_cloud, STATE_CLOUDY, 0).astype(np.uint16)
        refl_paths.append(mf.write_mod09ga(folder, day, w.h, w.v, dn,
                                           np.zeros(dn.shape[1:], np.uint32), state,
                                           row0=w.row0, col0=w.col0))
        r1, c1, inside1 = w.fine1k
        cloud1k = cloud[r1, c1] & inside1
        lst_dn = np.where(inside1 & ~cloud1k, np.round(lst[r1, c1] / 0.02), LST_FILL)
        qc = np.where(cloud1k | ~inside1, QC_NOT_PRODUCED_CLOUD, 0).astype(np.uint8)
        lst_paths.append(mf.write_mod11(folder, day, w.h, w.v, lst_dn.astype(np.uint16), qc,
                                        row0=w.row0 // 2, col0=w.col0 // 2))
    return refl_paths, lst_paths

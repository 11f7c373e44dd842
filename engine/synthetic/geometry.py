"""Grids of the synthetic region: EASE-Grid 2.0 36 km cut, nested 1 km grid, WGS 84 grids."""
import math

import numpy as np
from rasterio.crs import CRS
from rasterio.transform import Affine
from rasterio.warp import Resampling, reproject, transform_bounds

from ..raster.grids import (EASE2_CELL_SIZE, EASE2_ORIGIN_X, EASE2_ORIGIN_Y, Grid, ease2_grid,
                            ease2_row_col)

NEST = 36  # fine (1 km) cells per coarse (36 km) cell along each axis
PAD = 12  # extra fine cells around the region for fields that are resampled to WGS 84


def coarse_grid(centre_lon, centre_lat, cols, rows):
    """EASE-Grid 2.0 36 km cells around the cell holding (lon, lat), degrees."""
    cell = EASE2_CELL_SIZE[36][0]
    row, col = ease2_row_col(36, centre_lon, centre_lat)
    col0, row0 = col - (cols - 1) // 2, row - (rows - 1) // 2
    left = EASE2_ORIGIN_X + col0 * cell
    top = EASE2_ORIGIN_Y - row0 * cell
    return ease2_grid(36, (left, top - rows * cell, left + cols * cell, top))


def fine_grid(coarse, pad=0):
    """The nested 1 km grid (cell = coarse cell / 36) over the coarse extent, ± ``pad`` cells."""
    t = coarse.transform
    a, e = t.a / NEST, t.e / NEST
    transform = Affine(a, 0.0, t.c - pad * a, 0.0, e, t.f - pad * e)
    return Grid(coarse.crs, transform, coarse.width * NEST + 2 * pad,
                coarse.height * NEST + 2 * pad)


def wgs84_grid(grid, step):
    """EPSG:4326 grid of ``step`` (1/n) degrees, aligned to multiples of step, covering ``grid``."""
    left, bottom, right, top = transform_bounds(grid.crs, CRS.from_epsg(4326), *grid.bounds,
                                                densify_pts=21)
    per_degree = round(1.0 / step)  # step is 1/n degree: keep the origin exact
    i0, i1 = math.floor(left * per_degree + 1e-6), math.ceil(right * per_degree - 1e-6)
    j0, j1 = math.floor(bottom * per_degree + 1e-6), math.ceil(top * per_degree - 1e-6)
    transform = Affine(step, 0.0, i0 / per_degree, 0.0, -step, j1 / per_degree)
    return Grid(CRS.from_epsg(4326), transform, i1 - i0, j1 - j0)


def describe(grid):
    """JSON-ready description of a grid for the manifest."""
    epsg = grid.crs.to_epsg()
    return {"crs": f"EPSG:{epsg}" if epsg else grid.crs.to_wkt(),
            "transform": list(grid.transform)[:6], "width": grid.width,
            "height": grid.height, "cell_size": grid.res[0], "bounds": list(grid.bounds)}


def regrid(field, src_grid, dst_grid, resampling):
    """Resample ``field`` (on src_grid, NaN = missing) onto dst_grid with ``resampling``."""
    out = np.full(dst_grid.shape, np.nan, dtype="float32")
    reproject(field.astype("float32"), out, src_transform=src_grid.transform,
              src_crs=src_grid.crs, dst_transform=dst_grid.transform, dst_crs=dst_grid.crs,
              src_nodata=np.nan, dst_nodata=np.nan, resampling=resampling)
    return out


def regrid_average(field, src_grid, dst_grid):
    """Area-average ``field`` onto dst_grid, e.g. 1 km rain → 0.1° IMERG."""
    return regrid(field, src_grid, dst_grid, Resampling.average)


def regrid_bilinear(field, src_grid, dst_grid):
    """Bilinear resampling of ``field`` onto dst_grid (DEM to 0.01° WGS 84)."""
    return regrid(field, src_grid, dst_grid, Resampling.bilinear)

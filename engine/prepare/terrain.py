"""Slope and aspect of a DEM in any CRS, by Horn's (1981) 3×3 method as in gdaldem.

Horn, B. K. P. (1981): Hill shading and the reflectance map. Proc. IEEE 69(1), 14–47.

- Slope: degrees from horizontal, 0–90.
- Aspect: degrees clockwise from north (0 = facing north, 90 = east), the direction the
  slope faces (steepest descent). Flat cells (no gradient at all) get
  :data:`FLAT_ASPECT` = −1: outside 0–360, so not taken for north-facing, and not
  nodata, so flat plains and lakes do not become holes in predictors.
- Projected CRSs: cell sizes in the CRS's linear unit × its metre factor (US feet
  work); aspect is relative to grid north, like gdaldem.
- Geographic CRSs: cell sizes in metres per row on the WGS 84 ellipsoid,
  dx = Δλ·N(φ)·cos φ and dy = Δφ·M(φ), so slopes are correct at every latitude.
- Edges are computed: the missing row/column outside the raster is extrapolated
  linearly (2·edge − next), as ``gdaldem -compute_edges`` does. DEM nodata cells and
  every cell with a nodata neighbour are nodata.
"""
import contextlib
import math
import os

import numpy as np
import rasterio
from rasterio.errors import CRSError
from rasterio.warp import transform as warp_transform
from rasterio.windows import Window

from ..errors import InputError
from ..progress import ensure_progress
from ..raster import readable
from ..raster.executors import UnitTask
from ..raster.grids import Grid, crs_label
from ..raster.lazy_raster import LazyRaster
from ..raster.timestack import DEFAULT_NODATA, DEGREES, StackWriter
from ..raster.windows import BlockWalker

FLAT_ASPECT = -1.0  # aspect (degrees) of cells with no gradient
WGS84_A = 6378137.0  # m, semi-major axis
WGS84_F = 1.0 / 298.257223563  # flattening
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)  # first eccentricity squared
DISTORTION_WARNING = 0.02  # warn when a projected CRS scales distances by more than 2 %


def earth_radii(lat_deg):
    """Meridional M and prime-vertical N radii of curvature (m) on WGS 84 at ``lat_deg``."""
    s2 = np.sin(np.radians(lat_deg)) ** 2
    w = np.sqrt(1.0 - WGS84_E2 * s2)
    return WGS84_A * (1.0 - WGS84_E2) / w ** 3, WGS84_A / w


class CellMetrics:
    """Cell sizes in metres of a north-up grid, per row where the CRS is geographic."""

    def __init__(self, grid):
        t = grid.transform
        if t.b != 0 or t.d != 0:
            raise InputError(
                f"The DEM's grid is rotated or sheared ({grid.describe()}). Warp it to a "
                "north-up grid first (Raster ▸ Projections ▸ Warp) and run again.")
        crs = grid.crs
        if crs is None:
            raise InputError("The DEM has no coordinate reference system, so its cell size "
                             "in metres is unknown. Assign its CRS (Raster ▸ Projections ▸ "
                             "Assign Projection) and run again.")
        self.grid = grid
        self.geographic = bool(crs.is_geographic)
        self.sign_e = math.copysign(1.0, t.a)  # +1 when columns run west → east
        self.sign_n = -math.copysign(1.0, t.e)  # +1 when rows run north → south
        if self.geographic:
            self.rad_per_unit = _units_factor(crs, angular=True)
            self._check_latitudes()
        elif crs.is_projected:
            self.metres_per_unit = _units_factor(crs, angular=False)
        else:
            raise InputError(f"The DEM's CRS ({crs_label(crs)}) is neither geographic nor "
                             "projected. Assign a geographic or projected CRS and run again.")

    def _check_latitudes(self):
        lats = self.latitudes(np.array([0, self.grid.height - 1]))
        if np.any(np.abs(lats) > 90.0):
            raise InputError(
                f"The DEM's latitudes reach {np.abs(lats).max():.1f}°, beyond ±90°. Its "
                f"CRS ({crs_label(self.grid.crs)}) is geographic but its coordinates are "
                "not: assign the CRS it really has and run again.")

    def latitudes(self, rows):
        """Latitude (degrees) of the centres of ``rows`` (absolute, may lie outside)."""
        t = self.grid.transform
        y = t.f + (np.asarray(rows, dtype="float64") + 0.5) * t.e
        return np.degrees(y * self.rad_per_unit)

    def spacing(self, rows):
        """East–west dx and north–south dy (m per cell) for absolute ``rows``."""
        rows = np.asarray(rows)
        t = self.grid.transform
        if not self.geographic:
            ones = np.ones(rows.shape)
            return (abs(t.a) * self.metres_per_unit * ones,
                    abs(t.e) * self.metres_per_unit * ones)
        lat = self.latitudes(rows)
        m, n = earth_radii(lat)
        # |cos φ|: a virtual row beyond a pole mirrors the row inside it
        dx = abs(t.a) * self.rad_per_unit * n * np.abs(np.cos(np.radians(lat)))
        dy = abs(t.e) * self.rad_per_unit * m
        return dx, dy

    def describe(self):
        """Cell size in metres, for the log."""
        rows = np.array([0, self.grid.height - 1])
        dx, dy = self.spacing(rows)
        if self.geographic:
            return (f"cells of {dx.min():.1f}–{dx.max():.1f} m (east–west) × "
                    f"{dy.mean():.1f} m (north–south), per row on the WGS 84 ellipsoid")
        return f"cells of {dx[0]:g} × {dy[0]:g} m"


def _units_factor(crs, angular):
    """Radians (angular) or metres (linear) per CRS unit; refuse a CRS without units."""
    try:
        name, factor = crs.units_factor if angular else crs.linear_units_factor
    except CRSError:
        factor = None
    if not factor or not np.isfinite(factor):
        kind = "angular" if angular else "linear"
        raise InputError(f"The {kind} unit of the DEM's CRS ({crs_label(crs)}) is unknown, so "
                         "its cell size in metres is unknown. Assign a CRS with declared units "
                         "(a UTM zone, or WGS 84) and run again.")
    return float(factor)


def projection_scale(metrics):
    """(x, y) ratio of true to CRS length of one cell step at the DEM centre, or None.

    1.0 in a geographic CRS (handled exactly) and close to 1 in UTM; EASE-Grid 2.0 or
    Web Mercator away from their true-scale latitudes depart from 1.
    """
    grid = metrics.grid
    if metrics.geographic:
        return 1.0, 1.0
    t = grid.transform
    cx, cy = t * (grid.width / 2.0, grid.height / 2.0)
    try:
        lon, lat = warp_transform(grid.crs, "EPSG:4326", [cx, cx + t.a, cx], [cy, cy, cy + t.e])
    except Exception:  # noqa: BLE001 (any PROJ failure: no estimate, no warning)
        return None
    m, n = earth_radii(lat[0])
    coslat = math.cos(math.radians(lat[0]))
    scales = []
    for k, cell in ((1, abs(t.a)), (2, abs(t.e))):
        east = math.radians(lon[k] - lon[0]) * n * coslat
        north = math.radians(lat[k] - lat[0]) * m
        scales.append(math.hypot(east, north) / (cell * metrics.metres_per_unit))
    return tuple(scales)


def extrapolate_edges(z, top=True, bottom=True, left=True, right=True):
    """Add a row/column on the requested sides by linear extrapolation (2·edge − next)."""
    cols = []
    if left:
        cols.append(2.0 * z[:, :1] - z[:, 1:2])
    cols.append(z)
    if right:
        cols.append(2.0 * z[:, -1:] - z[:, -2:-1])
    z = np.hstack(cols)
    rows = []
    if top:
        rows.append(2.0 * z[:1] - z[1:2])
    rows.append(z)
    if bottom:
        rows.append(2.0 * z[-1:] - z[-2:-1])
    return np.vstack(rows)


def horn_gradient(zp, dx, dy, sign_e=1.0, sign_n=1.0):
    """East and north gradients (m/m) of the inner cells of a padded array, Horn (1981).

    ``zp``: elevations (m) with a 1-cell halo, shape (h + 2, w + 2), NaN = nodata.
    ``dx``: east–west cell size (m) of each of the h + 2 rows; ``dy``: north–south cell
    size (m) of each of the h inner rows. Each row's east–west difference is divided by
    that row's own dx, so the gradient is right where dx changes with latitude.
    """
    rows = [zp[i:i + zp.shape[0] - 2] for i in range(3)]  # upper, centre, lower
    dx = np.asarray(dx, dtype="float64")[:, None]
    diff_e = [(r[:, 2:] - r[:, :-2]) / dx[i:i + zp.shape[0] - 2] for i, r in enumerate(rows)]
    dz_de = (diff_e[0] + 2.0 * diff_e[1] + diff_e[2]) / 8.0
    upper = rows[0][:, :-2] + 2.0 * rows[0][:, 1:-1] + rows[0][:, 2:]
    lower = rows[2][:, :-2] + 2.0 * rows[2][:, 1:-1] + rows[2][:, 2:]
    dz_dn = (upper - lower) / (8.0 * np.asarray(dy, dtype="float64")[:, None])
    return sign_e * dz_de, sign_n * dz_dn


def slope_aspect_from_gradient(dz_de, dz_dn):
    """Slope (degrees) and aspect (degrees clockwise from north, flat = −1), float32.

    NaN where the gradient is NaN (nodata in the 3×3 neighbourhood).
    """
    slope = np.degrees(np.arctan(np.hypot(dz_de, dz_dn))).astype("float32")
    aspect = (np.degrees(np.arctan2(-dz_de, -dz_dn)) % 360.0).astype("float32")
    aspect[aspect >= 360.0] = 0.0  # float32 rounding of 359.99999…
    aspect[(dz_de == 0) & (dz_dn == 0)] = FLAT_ASPECT
    return slope, aspect


def slope_aspect_window(zp, metrics, row0, z_factor=1.0):
    """Slope and aspect of the inner cells of padded ``zp`` whose first inner row is ``row0``."""
    h = zp.shape[0] - 2
    dx, _ = metrics.spacing(np.arange(row0 - 1, row0 + h + 1))
    _, dy = metrics.spacing(np.arange(row0, row0 + h))
    dz_de, dz_dn = horn_gradient(zp * z_factor, dx, dy, metrics.sign_e, metrics.sign_n)
    dz_de[np.isnan(zp[1:-1, 1:-1])] = np.nan  # Horn skips the centre cell itself
    return slope_aspect_from_gradient(dz_de, dz_dn)


def slope_aspect_array(dem, grid, z_factor=1.0):
    """Slope and aspect (float32 degrees, NaN = nodata) of a whole in-memory DEM.

    ``dem``: elevations on ``grid`` (NaN = nodata), in units that ``z_factor`` turns
    into metres. For small rasters and tests; files go through :func:`compute_terrain`.
    """
    metrics = CellMetrics(grid)
    _check_size(grid)
    zp = extrapolate_edges(np.asarray(dem, dtype="float64"))
    return slope_aspect_window(zp, metrics, 0, z_factor)


def _check_size(grid):
    if grid.width < 2 or grid.height < 2:
        raise InputError(f"The DEM has {grid.width}×{grid.height} cells; slope and aspect "
                         "need at least 2×2. Use a larger DEM.")


def read_with_halo(src, band, window, grid):
    """Elevations of ``window`` plus a 1-cell halo (float64, NaN = nodata).

    The halo comes from the neighbouring cells; outside the raster it is extrapolated.
    """
    r0, c0 = window.row_off, window.col_off
    r1, c1 = r0 + window.height, c0 + window.width
    top, left = max(r0 - 1, 0), max(c0 - 1, 0)
    bottom, right = min(r1 + 1, grid.height), min(c1 + 1, grid.width)
    data = readable.read(src, band, Window(left, top, right - left, bottom - top),
                         masked=True)
    z = data.astype("float64").filled(np.nan)
    z[~np.isfinite(z)] = np.nan
    return extrapolate_edges(z, top=r0 == 0, bottom=r1 == grid.height,
                             left=c0 == 0, right=c1 == grid.width)


def compute_terrain(dem, slope=None, aspect=None, band=1, z_factor=1.0, block=512,
                    progress=None):
    """Write the slope and/or aspect of DEM file ``dem``; return a summary dict.

    ``slope``/``aspect``: output paths (None = not wanted; at least one is needed).
    ``band``: 1-based DEM band. ``z_factor``: elevation units → metres (1 for metres,
    0.3048 for feet). Outputs are float32 GeoTIFFs on the DEM's grid, nodata −9999.
    """
    progress = ensure_progress(progress)
    if not slope and not aspect:
        raise InputError("No output was requested. Choose a file for Slope, Aspect or both.")
    if not (z_factor > 0 and math.isfinite(z_factor)):
        raise InputError(f"Z factor {z_factor} is not a positive number. Give the factor "
                         "that turns elevation units into metres (1 for metres, 0.3048 for "
                         "feet).")
    name = os.path.basename(str(dem))
    with rasterio.open(dem) as src:
        if not 1 <= band <= src.count:
            raise InputError(f"'{name}' has {src.count} band(s); band {band} was requested. "
                             "Choose the band that holds the elevations.")
        grid = Grid.of(src)
        metrics = CellMetrics(grid)
        _check_size(grid)
        scale = _log_metrics(metrics, name, progress)
        outputs = [(k, p) for k, p in (("slope", slope), ("aspect", aspect)) if p]
    with LazyRaster(dem) as source:
        _write_outputs(WindowTerrain(source, band, metrics, z_factor), grid, outputs, block,
                       progress, f"'{name}' band {band}")
    for kind, path in outputs:
        progress.info(f"Wrote {kind} (degrees) to {path}")
    return {"slope": slope or None, "aspect": aspect or None, "grid": grid,
            "geographic": metrics.geographic, "nodata": DEFAULT_NODATA,
            "scale": scale}


def _log_metrics(metrics, name, progress):
    """Log the cell size in metres; warn when the projection distorts distances.

    Returns :func:`projection_scale`.
    """
    progress.info(f"'{name}': {metrics.grid.describe()}; {metrics.describe()}.")
    scale = projection_scale(metrics)
    if scale and max(abs(s - 1.0) for s in scale) > DISTORTION_WARNING:
        progress.warning(
            f"{crs_label(metrics.grid.crs)} is not true to scale at this DEM: one cell "
            f"spans {scale[0]:.3f}× its nominal size east–west and {scale[1]:.3f}× "
            "north–south on the ground. Slopes are computed in the CRS's units, like "
            "gdaldem, and are distorted by as much. For true slopes, reproject the DEM to "
            "its UTM zone or to WGS 84 (EPSG:4326) first.")
    return scale


def _write_outputs(task, grid, outputs, block, progress, source):
    """Compute window by window (:class:`WindowTerrain`) and write each requested output.

    Refuses (no output kept) when no cell has a slope: ``source`` (the DEM and band, for
    the message) holds no elevation.
    """
    descriptions = {"slope": "slope_deg", "aspect": "aspect_deg"}
    valid = 0
    with contextlib.ExitStack() as stack:
        writers = {kind: stack.enter_context(StackWriter(
            path, grid, nodata=DEFAULT_NODATA, descriptions=[descriptions[kind]], units=DEGREES))
            for kind, path in outputs}
        for unit, result in BlockWalker(grid, block, progress).map(task):
            valid += int(np.isfinite(result[0]).sum())
            values = dict(zip(("slope", "aspect"), result))
            for kind, writer in writers.items():
                data = values[kind]
                data[np.isnan(data)] = DEFAULT_NODATA
                writer.write(1, data, unit.window)
        if not valid:
            raise InputError(
                f"{source} gives no slope anywhere: every cell is nodata or lacks valid "
                "neighbours, so slope and aspect would be empty and nothing was written. "
                "Choose the band that holds the elevations, or check the DEM's nodata value.")


class WindowTerrain(UnitTask):
    """Slope and aspect of one window: the part of :func:`compute_terrain` a cluster computes.

    Holds the DEM as a :class:`~..raster.lazy_raster.LazyRaster` (opened on first use
    where the task runs), its ``band``, the :class:`CellMetrics` and the ``z_factor``;
    ``task(unit)`` returns (slope, aspect) in degrees (float32, NaN = nodata) on
    ``unit.window``.
    """

    def __init__(self, dem, band, metrics, z_factor):
        self.dem = dem
        self.band, self.metrics, self.z_factor = band, metrics, z_factor

    def __call__(self, unit):
        zp = read_with_halo(self.dem, self.band, unit.window, self.metrics.grid)
        return slope_aspect_window(zp, self.metrics, unit.window.row_off, self.z_factor)

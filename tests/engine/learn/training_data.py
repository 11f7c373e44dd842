"""Small real rasters with known answers for the training-engine tests (plain helpers).

Test modules import this file after putting tests/engine on ``sys.path``. Every
scene is written with rasterio: coarse stacks and fine predictors in one projected
CRS (UTM 50N), fine 1 km cells nested in 3 km coarse cells, unless a test says
otherwise.
"""
import dataclasses

import numpy as np
from helpers import write_raster
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.raster.dates import parse_date_list
from smdownscale.engine.learn.features import PredictorLayer
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import write_stack

CRS_UTM = "EPSG:32650"
ORIGIN = (500000.0, 4600000.0)
FINE_CELL = 1000.0
FACTOR = 3  # fine cells per coarse cell side
COARSE_CELL = FINE_CELL * FACTOR


def grid(width, height, cell, crs=CRS_UTM, origin=ORIGIN):
    """A north-up Grid."""
    return Grid(CRS.from_user_input(crs), from_origin(origin[0], origin[1], cell, cell),
                int(width), int(height))


def write_dated(path, data, dates, cell, crs=CRS_UTM, origin=ORIGIN):
    """A float32 time stack (bands, rows, cols) with ISO band dates; NaN → nodata."""
    data = np.asarray(data, float)
    g = grid(data.shape[2], data.shape[1], cell, crs, origin)
    return str(write_stack(str(path), g, data, dates=parse_date_list(",".join(dates))))


def block_mean(fine, factor=FACTOR):
    """Mean of factor×factor blocks over the last two axes (float64, NaN ignored)."""
    fine = np.asarray(fine, float)
    rows, cols = fine.shape[-2:]
    blocks = fine.reshape(fine.shape[:-2] + (rows // factor, factor, cols // factor, factor))
    return np.nanmean(blocks, axis=(-3, -1))


def expand(coarse, factor=FACTOR):
    """Repeat every coarse value over its factor×factor fine cells (last two axes)."""
    return np.repeat(np.repeat(np.asarray(coarse), factor, axis=-2), factor, axis=-1)


def subset(samples, mask):
    """A SampleSet of the samples where ``mask`` is True (dates keep their indices)."""
    mask = np.asarray(mask, bool)
    return dataclasses.replace(
        samples, X=samples.X[mask], y=samples.y[mask], date_index=samples.date_index[mask],
        months=samples.months[mask], rows=samples.rows[mask], cols=samples.cols[mask],
        zones=samples.zones[mask])


def first_dates(samples, n):
    """The samples of the first ``n`` kept dates."""
    return subset(samples, samples.date_index < n)


# --- a scene whose relation differs by season and by zone ------------------------------------

SEASON_SLOPE = 0.3  # m³/m³ per unit of x
JANUARY = [f"2019-01-{d:02d}" for d in range(3, 27, 3)]  # 8 dates
JULY = [f"2019-07-{d:02d}" for d in range(3, 27, 3)]  # 8 dates


def partition_scene(folder, n=10, seed=0):
    """Predictor ``x`` (dynamic, 1 km) and two coarse targets on an n×n grid of 3 km cells.

    x is uniform(0, 1) per coarse cell and date plus a little fine-scale noise.
    ``season_target``: 0.25 + k·(x − 0.5) in January, 0.25 − k·(x − 0.5) in July.
    ``zone_target``: the same, but + in zone 1 (western half) and − in zone 2
    (eastern half) on every date. ``zones``: the 1 km zone raster (int16, nodata 0).
    Returns dict of paths plus the dates.
    """
    rng = np.random.default_rng(seed)
    dates = JANUARY + JULY
    nd = len(dates)
    coarse_x = rng.uniform(0.0, 1.0, (nd, n, n))
    fine_x = (expand(coarse_x) + rng.normal(0.0, 0.02, (nd, n * FACTOR, n * FACTOR)))
    fine_x = fine_x.astype("float32")
    x = block_mean(fine_x)  # what aggregation gives
    noise = rng.normal(0.0, 0.004, x.shape)
    winter = np.array([d in JANUARY for d in dates])[:, None, None]
    season_sign = np.where(winter, 1.0, -1.0)
    west = (np.arange(n) < n // 2)[None, None, :]
    zone_sign = np.where(west, 1.0, -1.0)
    season_y = 0.25 + SEASON_SLOPE * season_sign * (x - 0.5) + noise
    zone_y = 0.25 + SEASON_SLOPE * zone_sign * (x - 0.5) + noise
    fine_zones = np.where(expand(np.broadcast_to(west[0], (n, n))), 1, 2).astype("int16")
    return {
        "x": write_dated(folder / "x.tif", fine_x, dates, FINE_CELL),
        "season_target": write_dated(folder / "season_target.tif", season_y, dates,
                                     COARSE_CELL),
        "zone_target": write_dated(folder / "zone_target.tif", zone_y, dates, COARSE_CELL),
        "zones": write_raster(folder / "zones.tif", fine_zones, nodata=0, dtype="int16"),
        "dates": dates,
    }


def smooth_field(shape, sigma, seed):
    """Gaussian-filtered white noise scaled to zero mean and unit standard deviation."""
    from scipy.ndimage import gaussian_filter

    raw = np.random.default_rng(seed).normal(size=shape)
    field = gaussian_filter(raw, sigma, mode="reflect")
    return (field - field.mean()) / field.std()


def spatial_scene(folder, n=12, n_dates=5, seed=3):
    """A spatially autocorrelated target with a weak dynamic predictor signal.

    target = 0.25 + 0.08·field(row, col) + 0.01·(x − 0.5): the field is the same on
    every date, so a learner that knows where a cell is (lon/lat) can copy it from
    the same cell on other dates — unless whole blocks of cells are held out.
    """
    rng = np.random.default_rng(seed)
    dates = [f"2019-06-{d:02d}" for d in range(1, n_dates + 1)]
    field = smooth_field((n, n), 1.0, seed)
    coarse_x = rng.uniform(0.0, 1.0, (n_dates, n, n))
    fine_x = expand(coarse_x).astype("float32")
    y = 0.25 + 0.08 * field[None] + 0.01 * (block_mean(fine_x) - 0.5)
    return {"x": write_dated(folder / "x.tif", fine_x, dates, FINE_CELL),
            "target": write_dated(folder / "target.tif", y, dates, COARSE_CELL),
            "dates": dates}


def region_layers(folder, files):
    """PredictorLayers of a synthetic region: terrain, soil, land cover (classes), rain."""
    return [PredictorLayer("dem", folder / files["dem_fine"]),
            PredictorLayer("sand", folder / files["soil_sand"]),
            PredictorLayer("clay", folder / files["soil_clay"]),
            PredictorLayer("lc", folder / files["landcover"], categorical=True),
            PredictorLayer("precip", folder / files["precipitation_fine"])]

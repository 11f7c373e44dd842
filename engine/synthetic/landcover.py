"""Categorical land cover: cropland, grassland, forest, urban patches and small lakes."""
import numpy as np

from .fields import smooth_field, standardize

CROPLAND, GRASSLAND, FOREST, URBAN, WATER = 1, 2, 3, 4, 5
NODATA = 0
CLASS_NAMES = {CROPLAND: "cropland", GRASSLAND: "grassland", FOREST: "forest",
               URBAN: "urban", WATER: "water"}


def classify(rng, dem, slope, valley_depth, cell_km):
    """uint8 land cover (1–5) from terrain plus smooth noise.

    Forest on high, steep ground (~15 %), cropland on low flats (~25 %), grassland
    elsewhere, then a few towns on cropland and small lakes in flat valley bottoms.
    ``valley_depth``: relative elevation (m, < 0 in valleys).
    """
    shape = dem.shape
    elev = standardize(dem)
    forest = 0.8 * elev + 0.4 * standardize(slope) + smooth_field(rng, shape, 6.0)
    crop = -0.7 * elev - 0.5 * standardize(slope) + smooth_field(rng, shape, 5.0)
    lc = np.full(shape, GRASSLAND, dtype="uint8")
    lc[crop > np.quantile(crop, 0.75)] = CROPLAND
    lc[forest > np.quantile(forest, 0.85)] = FOREST
    area = shape[0] * shape[1] * cell_km ** 2
    _blobs(rng, lc, lc == CROPLAND, max(1, round(area / 3000)), (1.5, 3.5), cell_km, URBAN)
    lowland = (valley_depth < np.quantile(valley_depth, 0.15)) & (slope < np.median(slope))
    _blobs(rng, lc, lowland, max(1, round(area / 2500)), (1.5, 3.5), cell_km, WATER)
    return lc


def _blobs(rng, lc, candidates, count, radius_km, cell_km, value):
    """Paint ``count`` roundish blobs (radius range in km) centred on candidate cells."""
    rows, cols = np.nonzero(candidates)
    if rows.size == 0:
        return
    yy, xx = np.indices(lc.shape)
    edge = smooth_field(rng, lc.shape, 1.5)
    for i in rng.choice(rows.size, size=min(count, rows.size), replace=False):
        radius = rng.uniform(*radius_km) / cell_km
        dist = np.hypot(yy - rows[i], xx - cols[i])
        lc[dist + 0.35 * radius * edge < radius] = value


def flatten_lakes(dem, lc):
    """DEM with each lake's surface set to its 20th-percentile elevation (m)."""
    from scipy.ndimage import label

    dem = dem.copy()
    lakes, n = label(lc == WATER)
    for i in range(1, n + 1):
        cells = lakes == i
        dem[cells] = np.percentile(dem[cells], 20)
    return dem

"""MODIS-like observations of the truth: vegetation, surface reflectance, LST, clouds.

Encoding follows MOD09GA (int16, scale 0.0001, fill −28672) and MOD11A1
(uint16, scale 0.02 K, fill 0).
"""
import numpy as np

from ..raster.timestack import Units
from .fields import smooth_field
from .landcover import URBAN, WATER

REFL_SCALE, REFL_FILL = 0.0001, -28672
LST_SCALE, LST_FILL = 0.02, 0
# Declared on the files as MODIS declares them: value = raw × scale.
REFL_UNITS = Units("reflectance", REFL_SCALE)
LST_UNITS = Units("K", LST_SCALE)
# MODIS bands 1–7: red, NIR, blue, green, 1240 nm, SWIR1 (1640 nm), SWIR2 (2130 nm).
REFL_BANDS = tuple(f"sur_refl_b{i:02d}" for i in range(1, 8))

# Spectra for MODIS bands 1–7 (reflectance, 0–1).
DRY_SOIL = np.array([0.20, 0.27, 0.12, 0.16, 0.32, 0.36, 0.30])
# Soil darkening c (per m³/m³): R = R_dry·exp(−c·θ), strongest in the SWIR.
SOIL_DARKENING = np.array([1.4, 1.4, 1.2, 1.3, 1.8, 2.6, 3.0])
LEAF = np.array([0.035, 0.42, 0.025, 0.075, 0.40, 0.22, 0.10])
LEAF_WATER = np.array([0.0, 0.0, 0.0, 0.0, 0.1, 0.35, 0.45])  # SWIR darkening of watered leaves
OPEN_WATER = np.array([0.03, 0.02, 0.05, 0.05, 0.01, 0.005, 0.003])
IMPERVIOUS = np.array([0.14, 0.20, 0.11, 0.13, 0.22, 0.24, 0.22])

# Per land-cover code (0 nodata, 1 cropland, 2 grassland, 3 forest, 4 urban, 5 water):
GREEN_BASE = np.array([0.0, 0.50, 0.40, 0.75, 0.12, 0.0])  # fractional green cover
GREEN_RESPONSE = np.array([0.0, 0.5, 0.6, 0.25, 0.1, 0.0])  # per unit slow saturation
LST_OFFSET = np.array([0.0, -1.0, 0.0, -2.0, 6.0, -3.0])  # K, beyond the moisture effect


def green_cover(landcover, slow_saturation, doy, patchiness):
    """Fractional green vegetation (0–1): land-cover base, 20-day moisture and phenology."""
    phenology = 0.08 * np.sin(2.0 * np.pi * (doy - 120.0) / 365.0)
    slow = np.nan_to_num(slow_saturation, nan=0.4)
    cover = (GREEN_BASE[landcover] + GREEN_RESPONSE[landcover] * (slow - 0.4)
             + phenology + 0.05 * patchiness)
    return np.where(landcover == WATER, 0.0, np.clip(cover, 0.02, 0.95))


def reflectance(rng, landcover, green, theta, slow_saturation, soil_brightness):
    """Surface reflectance (7, rows, cols), 0–1: leaf/soil mixture, soil darker when wet.

    ``soil_brightness``: relative dry-soil brightness (≈ 1).
    """
    theta = np.nan_to_num(theta, nan=0.0)[None]
    slow = np.nan_to_num(slow_saturation, nan=0.4)[None]
    soil = (DRY_SOIL[:, None, None] * soil_brightness[None]
            * np.exp(-SOIL_DARKENING[:, None, None] * theta))
    leaf = LEAF[:, None, None] * (1.0 - LEAF_WATER[:, None, None] * (slow - 0.4))
    refl = green[None] * leaf + (1.0 - green[None]) * soil
    urban = (landcover == URBAN)[None]
    refl = np.where(urban, 0.6 * IMPERVIOUS[:, None, None] + 0.4 * refl, refl)
    refl = np.where((landcover == WATER)[None], OPEN_WATER[:, None, None], refl)
    noise = rng.normal(0.0, 0.004, refl.shape) + rng.normal(0.0, 0.003, (7, 1, 1))
    return np.clip(refl + noise, 0.001, 0.9)


def land_surface_temperature(rng, t_air, dem, landcover, green, saturation, solar):
    """Daytime LST (K): air temperature at 1000 m, −6.5 K/km lapse, warmer when dry
    (bare soil up to +16 K, canopy up to +5 K), sun-facing slopes and towns warmer."""
    dryness = 1.0 - np.nan_to_num(saturation, nan=1.0)
    heating = ((1.0 - green) * 16.0 + green * 5.0) * dryness
    lst = (t_air - 0.0065 * (dem - 1000.0) + heating + 20.0 * solar
           + LST_OFFSET[landcover] + rng.normal(0.0, 0.6, dem.shape))
    return np.where(landcover == WATER, t_air - 0.0065 * (dem - 1000.0) - 3.0, lst)


def cloud_fractions(rng, wet, mean_fraction):
    """Cloud-covered share of the region per date, mean ≈ ``mean_fraction``, more when wet."""
    weight = rng.uniform(0.3, 1.0, len(wet)) + 0.8 * np.asarray(wet, dtype=float)
    return np.clip(mean_fraction * weight / weight.mean(), 0.0, 0.95)


def cloud_mask(rng, shape, fraction, rain):
    """Boolean cloud mask of smooth blobs covering ``fraction`` of cells, favouring rain."""
    score = smooth_field(rng, shape, rng.uniform(4.0, 10.0)) + 0.5 * np.minimum(rain / 5.0, 2.0)
    if fraction <= 0.0:
        return np.zeros(shape, dtype=bool)
    return score > np.quantile(score, 1.0 - fraction)


def encode_reflectance(refl, cloud):
    """MOD09GA-style int16 (scale 0.0001), fill −28672 under clouds."""
    counts = np.round(refl / REFL_SCALE).astype("int16")
    return np.where(cloud[None], np.int16(REFL_FILL), counts)


def encode_lst(lst, cloud):
    """MOD11A1-style uint16 (scale 0.02 K), fill 0 under clouds."""
    counts = np.round(lst / LST_SCALE).astype("uint16")
    return np.where(cloud, np.uint16(LST_FILL), counts)

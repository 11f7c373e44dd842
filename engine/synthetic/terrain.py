"""Synthetic terrain: fractal DEM, slope, aspect, solar exposure and topographic wetness."""
import numpy as np
from scipy.ndimage import gaussian_filter

from .fields import fractal_field, rescale, standardize


def fractal_dem(rng, shape, zmin=600.0, zmax=1800.0, beta=3.0):
    """Elevation (m) in [zmin, zmax] by spectral synthesis; skewed to broad valleys."""
    unit = rescale(fractal_field(rng, shape, beta), 0.0, 1.0)
    return zmin + (zmax - zmin) * unit ** 1.4


def relative_elevation(dem, sigma=4.0):
    """Elevation above the local mean (m; Gaussian, ``sigma`` cells): < 0 in valleys."""
    return dem - gaussian_filter(dem, sigma, mode="nearest")


def slope_aspect(dem, cell_m):
    """Slope and aspect in degrees; aspect clockwise from north, the way the slope faces."""
    dz_drow, dz_dcol = np.gradient(dem, cell_m)
    dz_dx, dz_dy = dz_dcol, -dz_drow  # east and north components of the gradient
    slope = np.degrees(np.arctan(np.hypot(dz_dx, dz_dy)))
    aspect = np.degrees(np.arctan2(-dz_dx, -dz_dy)) % 360.0
    return slope, aspect


def solar_exposure(slope, aspect):
    """sin(slope)·cos(aspect − 180°): > 0 on sun-facing (south) slopes, < 0 facing north."""
    return np.sin(np.radians(slope)) * np.cos(np.radians(aspect - 180.0))


def wetness_factor(dem, slope, aspect):
    """Dimensionless topographic wetness multiplier, mean ≈ 1, in [0.6, 1.4].

    Valleys and flats collect water (> 1); steep, sun-facing slopes dry out (< 1).
    """
    valley = -np.tanh(standardize(relative_elevation(dem)))
    flat = -standardize(slope)
    sun = standardize(solar_exposure(slope, aspect))
    factor = np.exp(0.12 * valley + 0.06 * flat - 0.08 * sun)
    return np.clip(factor / factor.mean(), 0.6, 1.4)

"""Soil texture fields and the hydraulic properties derived from them."""
import numpy as np

from .fields import smooth_field


def texture(rng, shape, sigma=12.0):
    """Sand and clay fractions (%), smooth over ``sigma`` cells; sand + clay ≤ 100."""
    sand = np.clip(45.0 + 15.0 * smooth_field(rng, shape, sigma), 5.0, 90.0)
    share = np.clip(0.30 + 0.08 * smooth_field(rng, shape, 0.7 * sigma), 0.08, 0.6)
    clay = np.clip((100.0 - sand) * share, 2.0, 60.0)
    return sand.astype("float32"), clay.astype("float32")


def hydraulics(sand, clay):
    """Porosity, field capacity and residual soil moisture (m³/m³) from texture (%).

    Porosity after Cosby et al. (1984); residual and field capacity rise with clay.
    """
    porosity = 0.489 - 0.00126 * sand
    residual = 0.02 + 0.0015 * clay
    field_capacity = residual + (porosity - residual) * (0.40 + 0.006 * clay)
    return {"porosity": porosity, "field_capacity": field_capacity, "residual": residual}


def brightness(sand, mottling):
    """Relative dry-soil brightness (≈ 1): sandier is brighter; ± 6 % mottling (unit-sd)."""
    return (0.85 + 0.3 * sand / 100.0) * (1.0 + 0.06 * mottling)

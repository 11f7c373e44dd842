"""A synthetic region with a known 1 km soil-moisture truth (DESIGN §6).

Terrain, soil, land cover and moving storms drive an antecedent-precipitation
soil-moisture truth on the EASE-Grid 2.0 1 km grid; from it come MODIS-like
reflectance and LST (with clouds), a SMAP-like 36 km product (bias, noise, gaps),
IMERG-like precipitation, an SRTM-like DEM and a station network. Everything is
deterministic by seed, so tests can measure real downscaling accuracy.
"""
from .landcover import CLASS_NAMES
from .region import generate_region
from .spec import RegionSpec

__all__ = ["CLASS_NAMES", "RegionSpec", "generate_region"]

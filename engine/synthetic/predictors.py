"""The downscaling predictors of a synthetic region, prepared as a user would.

MODIS reflectance → NDVI stack (Derive indices), MODIS LST files → LST stack
(Build time stack), the 1 km precipitation and its antecedent precipitation index
(:mod:`..antecedent`, k = 0.85), plus the region's static layers.
Used by the benchmarks, the tests and the demo so that all train on the same
predictor set.
"""
import os

from ..prepare.antecedent import antecedent_stack
from ..prepare.indices import derive_indices, sensor_for
from ..prepare.timestack_builder import build_time_stack

CONTINUOUS = ("ndvi", "lst", "dem", "sand", "clay", "precip", "api")
CATEGORICAL = ("landcover",)
_STATIC_ROLES = {"dem": "dem_fine", "sand": "soil_sand", "clay": "soil_clay",
                 "precip": "precipitation_fine", "landcover": "landcover"}


def prepare_predictors(region_dir, manifest, out_dir=None, progress=None):
    """dict predictor name → path (names in CONTINUOUS + CATEGORICAL), building stacks once."""
    region_dir = str(region_dir)
    out_dir = str(out_dir or os.path.join(region_dir, "predictors"))
    os.makedirs(out_dir, exist_ok=True)
    files = manifest["files"]
    paths = {name: os.path.join(region_dir, files[role]) for name, role in _STATIC_ROLES.items()}
    paths["ndvi"] = os.path.join(out_dir, "ndvi.tif")
    paths["lst"] = os.path.join(out_dir, "lst.tif")
    if not os.path.exists(paths["ndvi"]):
        refl = [os.path.join(region_dir, f) for f in files["reflectance_files"]]
        derive_indices(refl, {"NDVI": paths["ndvi"]}, sensor_for("modis"), progress=progress)
    if not os.path.exists(paths["lst"]):
        lst = [os.path.join(region_dir, f) for f in files["lst_files"]]
        build_time_stack(lst, paths["lst"], progress=progress)
    paths["api"] = os.path.join(out_dir, "api.tif")
    if not os.path.exists(paths["api"]):
        antecedent_stack(paths["precip"], paths["api"], progress=progress)
    return paths

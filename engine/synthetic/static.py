"""Static layers: terrain, land cover, soil texture; the DEM also as SRTM-like WGS 84."""
import numpy as np

from ..raster.timestack import write_stack
from .fields import child_rng, smooth_field
from .geometry import PAD, regrid_bilinear
from .landcover import NODATA as LC_NODATA, classify, flatten_lakes
from .soil import brightness, hydraulics, texture
from .terrain import fractal_dem, relative_elevation, slope_aspect, solar_exposure, wetness_factor

DEM_NODATA = -32768  # SRTM int16 void value


def crop(array):
    """The fine-grid part of an array on the padded grid."""
    return array[..., PAD:-PAD, PAD:-PAD]


def build_static(spec, grids):
    """Static fields: DEM (padded and fine), slope, aspect, wetness, land cover, soil."""
    cell_m = grids["padded"].res[0]
    shape = grids["padded"].shape
    dem = fractal_dem(child_rng(spec.seed, "terrain"), shape, spec.elevation_min,
                      spec.elevation_max)
    slope, _ = slope_aspect(dem, cell_m)
    lc = classify(child_rng(spec.seed, "landcover"), dem, slope, relative_elevation(dem),
                  cell_m / 1000.0)
    dem = flatten_lakes(dem, lc)
    slope, aspect = slope_aspect(dem, cell_m)
    rng = child_rng(spec.seed, "soil")
    sand, clay = texture(rng, shape)
    fields = {"dem": dem, "slope": slope, "aspect": aspect, "landcover": lc,
              "wetness": wetness_factor(dem, slope, aspect),
              "solar": solar_exposure(slope, aspect), "sand": sand, "clay": clay,
              "micro": 0.01 * smooth_field(rng, shape, 1.0),
              "patchiness": smooth_field(rng, shape, 3.0),
              "brightness": brightness(sand, smooth_field(rng, shape, 2.0))}
    static = {name: crop(a) for name, a in fields.items()}
    static["dem_padded"] = dem
    static["soil"] = hydraulics(static["sand"], static["clay"])
    return static


def write_static(out, grids, static):
    """Write DEMs, land cover and soil texture; return their relative paths by role."""
    dem_wgs = regrid_bilinear(static["dem_padded"], grids["padded"], grids["dem_wgs84"])
    dem_wgs = np.where(np.isfinite(dem_wgs), np.round(dem_wgs), DEM_NODATA).astype("int16")
    files = {"dem_wgs84": "dem_srtm_0p01deg.tif", "dem_fine": "dem_ease1km.tif",
             "landcover": "landcover.tif", "soil_sand": "soil_sand.tif",
             "soil_clay": "soil_clay.tif"}
    write_stack(out / files["dem_wgs84"], grids["dem_wgs84"], dem_wgs, nodata=DEM_NODATA,
                dtype="int16", descriptions=["elevation_m"], units="m")
    write_stack(out / files["dem_fine"], grids["fine"], static["dem"].astype("float32"),
                descriptions=["elevation_m"], units="m")
    write_stack(out / files["landcover"], grids["fine"], static["landcover"], nodata=LC_NODATA,
                dtype="uint8", descriptions=["landcover"])
    write_stack(out / files["soil_sand"], grids["fine"], static["sand"], descriptions=["sand_pct"],
                units="%")
    write_stack(out / files["soil_clay"], grids["fine"], static["clay"], descriptions=["clay_pct"],
                units="%")
    return files

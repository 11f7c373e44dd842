"""Import Landsat Collection 2 Level-2 scenes into dated reflectance files and stacks.

Each scene (:mod:`.scenes`) is scaled with the coefficients of its own MTL file
(reflectance = DN × REFLECTANCE_MULT_BAND_n + REFLECTANCE_ADD_BAND_n, 2.75e-05 and
−0.2 in every C2 L2 MTL; surface temperature = DN × TEMPERATURE_MULT + TEMPERATURE_ADD,
0.00341802 and 149.0 K), DN 0 being fill; screened by QA_PIXEL and QA_RADSAT at the
chosen level (:mod:`.qa`); the scenes of a date (one acquisition day, adjacent rows of
a path) are mosaicked and written (:mod:`.mosaic`) as

- ``Landsat_reflectance_<YYYY-MM-DD>.tif``: 6 bands blue, green, red, NIR, SWIR1,
  SWIR2 (Landsat 8-9 SR_B2…SR_B7; 4-7 SR_B1, B2, B3, B4, B5, B7), uint16 DN with
  reflectance = DN × 0.0000275 − 0.2 and fill 0 declared (GDAL scale/offset): the
  deriveindices "landsat" preset reads it unchanged. Onto a target grid the DN are the
  averaged reflectance encoded back the same way (rounding: ±1.4e-05 reflectance);
- ``Landsat_surface_temperature.tif``: K, float32, one band per date (scenes with ST);
- ``Landsat_valid_fraction.tif``: share (0–1) of a cell's 30 m cells that passed the
  screening (on the native grid 0 or 1), one band per date.

Without a target the output grid is the scenes' 30 m UTM grid (their union); scenes in
different UTM zones need a target grid.
"""
import functools
from dataclasses import dataclass, replace

import numpy as np

from ...errors import check_choice
from ...raster import readable
from ...raster.grids import Grid
from ..indices import ROLES
from . import qa as qa_rules
from ..optical_mosaic import BLOCK, Layout, Sample, Scene, check_unique, import_scenes, read_on
from .scenes import file_key, find_scenes, mtl_number, read_mtl

SR_GROUP = "LEVEL2_SURFACE_REFLECTANCE_PARAMETERS"
ST_GROUP = "LEVEL2_SURFACE_TEMPERATURE_PARAMETERS"
# The output encoding: the deriveindices "landsat" preset (C2 L2 scaling, fill 0).
OUT_SCALE, OUT_OFFSET = 0.0000275, -0.2
LAYOUT = Layout("Landsat", ROLES, OUT_SCALE, OUT_OFFSET, {"surface_temperature": "K"},
                qa_rules.RULES, "30 m cells")


@dataclass(frozen=True)
class LandsatOptions:
    """``quality``: a level of :data:`.qa.LEVELS`; ``block``: output window edge (cells)."""

    quality: str = qa_rules.DEFAULT_LEVEL
    block: int = BLOCK

    def validated(self):
        check_choice(self.quality, qa_rules.LEVELS, "quality level")
        return replace(self)


class _Reader:
    """The open files of one scene, sampled on regions of its 30 m grid."""

    def __init__(self, scene, plan, stack):
        def open_(key):
            return stack.enter_context(readable.open_raster(scene.path(key)))

        self.scene, self.plan = scene, plan
        self.qa = open_(plan["qa_pixel"])
        self.radsat = open_(plan["qa_radsat"]) if plan["qa_radsat"] else None
        self.bands = [(open_(key), mult, add) for key, mult, add in plan["bands"]]
        self.st = (open_(plan["st"][0]),) + plan["st"][1:] if plan["st"] else None

    def sample(self, transform, shape, level):
        raw = read_on(self.qa, transform, shape)
        covered = np.isfinite(raw)
        qa = np.nan_to_num(raw).astype(np.int64)
        fill = covered & (qa_rules.bits(qa, qa_rules.FILL_BIT) == 1)
        bands = []
        for ds, mult, add in self.bands:
            dn = read_on(ds, transform, shape)
            fill |= covered & (dn == 0)
            bands.append(np.where(dn > 0, dn * mult + add, np.nan))
        bands = np.where(fill[np.newaxis], np.nan, np.stack(bands))
        radsat = np.zeros(shape, np.int64) if self.radsat is None else \
            np.nan_to_num(read_on(self.radsat, transform, shape)).astype(np.int64)
        rules = qa_rules.rules(qa, radsat, level, self.scene.sensor.oli,
                               self.scene.sensor.bands)
        extras = {}
        if self.st is not None:
            ds, mult, add = self.st
            dn = read_on(ds, transform, shape)
            extras["surface_temperature"] = np.where(dn > 0, dn * mult + add, np.nan)
        return Sample(covered, fill, bands, rules, extras)


def _plan(scene, level):
    """Files and scaling of a scene from its MTL (InputError if something is missing)."""
    mtl = read_mtl(scene)
    sensor = scene.sensor
    bands = []
    for b in sensor.bands:
        key = file_key(mtl, f"FILE_NAME_BAND_{b}", f"SR_B{b}")
        bands.append((key, mtl_number(mtl, SR_GROUP, f"REFLECTANCE_MULT_BAND_{b}", scene),
                      mtl_number(mtl, SR_GROUP, f"REFLECTANCE_ADD_BAND_{b}", scene)))
    st = None
    if scene.level == "L2SP":
        key = file_key(mtl, f"FILE_NAME_BAND_{sensor.st}", sensor.st)
        st = (key, mtl_number(mtl, ST_GROUP, f"TEMPERATURE_MULT_BAND_{sensor.st}", scene),
              mtl_number(mtl, ST_GROUP, f"TEMPERATURE_ADD_BAND_{sensor.st}", scene))
    qa_pixel = file_key(mtl, "FILE_NAME_QUALITY_L1_PIXEL", "QA_PIXEL")
    radsat = file_key(mtl, "FILE_NAME_QUALITY_L1_RADIOMETRIC_SATURATION", "QA_RADSAT") \
        if level != "none" else None
    plan = dict(bands=bands, st=st, qa_pixel=qa_pixel, qa_radsat=radsat)
    for key in [k for k, _, _ in bands] + [qa_pixel] + ([st[0]] if st else []) + \
            ([radsat] if radsat else []):
        scene.path(key)  # every file needed is there
    return plan


def landsat_scenes(paths, level):
    """:class:`~.mosaic.Scene` objects for the scenes of ``paths``."""
    found = find_scenes(paths)
    scenes = []
    for files in found:
        plan = _plan(files, level)
        grid = Grid.from_path(files.path(plan["qa_pixel"]))
        band_names = tuple(f"SR_B{b}" for b in files.sensor.bands)
        scenes.append(Scene(
            files.ident, files.source, files.acquired, grid, band_names,
            ("surface_temperature",) if plan["st"] else (),
            functools.partial(_Reader, files, plan),
            tags=dict(sensor=files.sensor.label)))
    check_unique(scenes, "Scene")
    return scenes


def import_landsat(paths, folder, options=None, target=None, progress=None, resume=True):
    """Import Landsat C2 L2 scenes into ``folder``; return the summary of
    :func:`.mosaic.import_scenes` (dates, outputs, counts, kept, scenes, grid).

    ``target``: a :class:`Grid` to average onto, or None for the scenes' 30 m grid.
    ``resume``: continue an interrupted import (see
    :func:`..optical_mosaic.import_scenes`).
    """
    options = (options or LandsatOptions()).validated()
    scenes = landsat_scenes(paths, options.quality)
    return import_scenes(scenes, folder, LAYOUT, options.quality, target, progress,
                         options.block, paths, resume)

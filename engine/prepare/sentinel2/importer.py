"""Import Sentinel-2 L2A products into dated reflectance files and a valid-fraction stack.

Each granule (:mod:`.safe`) is scaled with its product's own metadata (reflectance =
(DN + BOA_ADD_OFFSET) / BOA_QUANTIFICATION_VALUE; DN 0 is no data, 65535 saturated)
and screened by its scene classification at the chosen level (:mod:`.scl`). The
working grid is the SCL's 20 m grid: B11 and B12 are read there as they are, and each
20 m cell of B02, B03, B04 and B08 takes the mean of its four 10 m cells (of those
with data). The granules of a date (adjacent tiles of one pass) are mosaicked and
written (:mod:`..optical_mosaic`, shared with the Landsat importer) as

- ``Sentinel2_reflectance_<YYYY-MM-DD>.tif``: 6 bands B02, B03, B04, B08, B11, B12
  (blue, green, red, NIR, SWIR1, SWIR2), uint16 DN with reflectance = DN × 0.0001 −
  0.1 and fill 0 declared (GDAL scale/offset): the deriveindices "sentinel2" preset
  reads it unchanged whatever the product's processing baseline;
- ``Sentinel2_valid_fraction.tif``: share (0–1) of a cell's 20 m cells that passed
  the screening (on the 20 m grid 0 or 1), one band per date.

Output grid: the target grid when given (the usual case, a 1 km study grid: each cell
the mean of the valid 20 m cells whose centres fall in it), else the tiles' 20 m UTM
grid (their union; tiles in different UTM zones need a target grid).
"""
import functools
from dataclasses import dataclass, replace

import numpy as np
from affine import Affine

from ...errors import check_choice
from ...raster import readable
from ...raster.grids import Grid
from ..indices import ROLES
from ..optical_mosaic import BLOCK, Layout, Sample, Scene, check_unique, import_scenes, read_on
from . import scl as scl_rules
from .safe import BANDS, find_products

SATURATED = 65535  # the SATURATED special value of the L2A bands
# The output encoding: the deriveindices "sentinel2" preset (baseline 04.00 scaling).
OUT_SCALE, OUT_OFFSET = 0.0001, -0.1
LAYOUT = Layout("Sentinel2", ROLES, OUT_SCALE, OUT_OFFSET, {}, scl_rules.RULES,
                "20 m cells", "granule")


@dataclass(frozen=True)
class Sentinel2Options:
    """``quality``: a level of :data:`.scl.LEVELS`; ``block``: output window edge (cells)."""

    quality: str = scl_rules.DEFAULT_LEVEL
    block: int = BLOCK

    def validated(self):
        check_choice(self.quality, scl_rules.LEVELS, "quality level")
        return replace(self)


class _Reader:
    """The open images of one granule, sampled on regions of its 20 m grid."""

    def __init__(self, granule, stack):
        self.granule = granule
        self.scl = stack.enter_context(readable.open_raster(granule.path("SCL")))
        self.bands = [(stack.enter_context(readable.open_raster(granule.path(b))), res,
                       granule.offsets.get(b, 0.0)) for b, res in BANDS]

    def sample(self, transform, shape, level):
        raw = read_on(self.scl, transform, shape)
        covered = np.isfinite(raw)
        scl = np.nan_to_num(raw).astype(np.int64)
        fill = covered & (scl == scl_rules.NO_DATA)
        saturated = np.zeros(shape, bool)
        quant = self.granule.quantification
        bands = []
        for ds, res, offset in self.bands:
            factor = max(1, int(round(abs(transform.a) / res)))
            if factor == 1:
                dn = read_on(ds, transform, shape)
            else:  # the factor × factor sub-cells of each working cell
                sub = Affine(transform.a / factor, 0, transform.c, 0, transform.e / factor,
                             transform.f)
                dn = read_on(ds, sub, (shape[0] * factor, shape[1] * factor))
                dn = dn.reshape(shape[0], factor, shape[1], factor).transpose(0, 2, 1, 3) \
                    .reshape(shape + (factor * factor,))
            saturated |= (dn == SATURATED) if factor == 1 else (dn == SATURATED).any(axis=-1)
            refl = np.where(np.isfinite(dn) & (dn > 0), (dn + offset) / quant, np.nan)
            if factor > 1:
                have = np.isfinite(refl)
                n = have.sum(axis=-1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    refl = np.where(n > 0, np.where(have, refl, 0.0).sum(axis=-1) / n, np.nan)
            fill |= covered & ~np.isfinite(refl)
            bands.append(refl)
        bands = np.where(fill[np.newaxis], np.nan, np.stack(bands))
        return Sample(covered, fill, bands, scl_rules.rules(scl, saturated, level))


def sentinel2_scenes(paths):
    """:class:`~..optical_mosaic.Scene` objects for the granules of ``paths``."""
    scenes, seen = [], set()
    for granule in find_products(paths):
        if (granule.ident, granule.source) in seen:  # a .SAFE and its MTD_MSIL2A.xml
            continue
        seen.add((granule.ident, granule.source))
        grid = Grid.from_path(granule.path("SCL"))
        for band, _ in BANDS:
            granule.path(band)
        scenes.append(Scene(granule.ident, granule.source, granule.sensed, grid,
                            tuple(b for b, _ in BANDS), (),
                            functools.partial(_Reader, granule),
                            tags=dict(baseline=granule.baseline)))
    check_unique(scenes, "Product")
    return scenes


def import_sentinel2(paths, folder, options=None, target=None, progress=None, resume=True):
    """Import Sentinel-2 L2A products into ``folder``; return the summary of
    :func:`..optical_mosaic.import_scenes` (dates, outputs, counts, kept, scenes, grid).

    ``target``: a :class:`Grid` to average onto, or None for the tiles' 20 m grid.
    ``resume``: continue an interrupted import (see
    :func:`..optical_mosaic.import_scenes`).
    """
    options = (options or Sentinel2Options()).validated()
    scenes = sentinel2_scenes(paths)
    return import_scenes(scenes, folder, LAYOUT, options.quality, target, progress,
                         options.block, paths, resume)

"""Daily precipitation at stations, read from a dated precipitation stack (mm/day).

The stack is the one ``smdownscale`` importers write (DESIGN §3: one band per day,
the ISO date in the band description, units declared, e.g. "mm/day"). Every
station's value is the cell containing it (:func:`~..raster.point_sampling.sample_points`),
after moving its map position into the stack's CRS.
"""
import os
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.warp import transform as warp_transform

from ..errors import InputError
from ..raster.point_sampling import sample_points
from ..raster.timestack import Units, read_dates

DEFAULT_UNITS = "mm/day"


@dataclass
class StationPrecipitation:
    """Precipitation of some stations: ``values[i, k]`` at station ``i`` on ``dates[k]``.

    ``dates``: :class:`~..raster.dates.BandDate` per band; ``units``: the stack's
    declared units (:data:`DEFAULT_UNITS` when it declares none); ``inside``: True for
    stations on the stack.
    """

    dates: list
    values: np.ndarray
    units: str
    inside: np.ndarray


def station_precipitation(path, xs, ys, crs, progress=None):
    """The :class:`StationPrecipitation` of the points ``xs``/``ys`` (in ``crs``).

    Raises :class:`InputError` when the stack lacks band dates or a CRS.
    """
    name = os.path.basename(str(path))
    dates = read_dates(path, f"the precipitation stack {name}")
    with rasterio.open(path) as src:
        stack_crs, units = src.crs, Units.of(src, 1).text
    if stack_crs is None:
        raise InputError(f"The precipitation stack {name} has no coordinate reference system. "
                         "Assign its CRS (Raster ▸ Projections ▸ Assign Projection) and run "
                         "again.")
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    if crs is not None and xs.size and stack_crs != crs:
        xs, ys = (np.asarray(v, float) for v in warp_transform(crs, stack_crs, xs, ys))
    values, inside = sample_points(path, xs, ys, progress=progress)
    return StationPrecipitation(dates, values, units or DEFAULT_UNITS, inside)

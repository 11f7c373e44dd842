"""Import ESA CCI Soil Moisture daily files (NetCDF) into a dated stack on the 0.25° grid.

Layout read (ESA CCI Soil Moisture Product User Guide, v08.1 daily L3S files
``ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20190601000000-fv08.1.nc``; the same layout for
ACTIVE and PASSIVE):

- dimensions ``time`` (1), ``lat`` (720: 89.875 … −89.875, north first), ``lon`` (1440:
  −179.875 … 179.875) — the global 0.25° grid (:data:`~...raster.global_grids.LATLON_025`);
- ``sm`` (float32, _FillValue −9999): m³/m³ for COMBINED and PASSIVE; degree of
  saturation in % for ACTIVE (written as such, with its unit, and screened on 0–100 %);
- ``flag`` (bits): 0 = no flag; 1 snow or temperature below 0 °C, 2 dense vegetation,
  4 no convergence / other, 8 value beyond the physical limits, 16 measurement weight
  below threshold, 32 all sensors deemed unreliable, 64 barren ground — as listed in
  the user guide as far as it could be recalled here (the bit meanings were not
  re-checked against the v08.1 document); the default keeps ``flag == 0`` only;
- ``sm_uncertainty``, ``t0``, ``dnflag``, ``mode``, ``sensor``, ``freqbandID`` are not
  read (a CCI daily value merges passes: there is no overpass choice);
- the product type (ACTIVE/PASSIVE/COMBINED) comes from the global attribute ``title``
  ("ESA CCI Surface Soil Moisture merged COMBINED Product"), else from the file name.

Rules, in this order, each counted: fill value; flag bits in ``flag_mask`` (default 255:
any flag); values outside ``valid_min``–``valid_max`` (0.02–0.6 m³/m³; 0–100 % ACTIVE).
"""
import functools
import re
from dataclasses import dataclass, replace

import numpy as np

from ...errors import InputError
from ...progress import ensure_progress
from ...raster.global_grids import LATLON_025
from ...raster.netcdf_files import open_netcdf
from ...raster.readable_arrays import read_array
from ...raster.timestack import SOIL_MOISTURE_UNITS
from .common import (ProductFile, Screen, check_grid_shape, check_valid_range,
                     day_from_name, file_name, import_bands, open_files, plan_bands)

TYPES = ("ACTIVE", "PASSIVE", "COMBINED")
SHAPE = (720, 1440)
FIRST_CENTRE = (89.875, -179.875)  # (lat, lon) of the centre of row 0 / column 0
ACTIVE_RANGE = (0.0, 100.0)  # % of saturation
ACTIVE_UNITS = "% of saturation"
RULES = ("fill", "flag", "range")
RULE_LABELS = {"fill": "fill value", "flag": "flag", "range": "outside the valid range"}
EXAMPLE = "ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20190601000000-fv08.1.nc"
_TYPE = re.compile(r"(ACTIVE|PASSIVE|COMBINED)")


@dataclass(frozen=True)
class CciOptions:
    """How ESA CCI files are read: flag bits that remove a value, valid range (m³/m³)."""

    flag_mask: int = 255
    valid_min: float = 0.02
    valid_max: float = 0.6

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        if not 0 <= int(self.flag_mask) <= 255:
            raise InputError(f"The flag mask {self.flag_mask} must lie between 0 (no flag "
                             "screened) and 255 (any flag removes the value).")
        check_valid_range(self.valid_min, self.valid_max)
        return replace(self, flag_mask=int(self.flag_mask))


def _open(path):
    return open_netcdf(path, f"ESA CCI soil-moisture daily files as downloaded ({EXAMPLE})")


def identify(path):
    """The product ("ESA CCI SM COMBINED" …) of a file; InputError otherwise."""
    name = file_name(path)
    with _open(path) as nc:
        if "sm" not in nc.variables:
            raise InputError(f"'{name}' is not an ESA CCI soil-moisture file: it has no "
                             f"'sm' variable. Give the daily L3S files ({EXAMPLE}).")
        kind = _type(nc, name)
        shape = nc.variables["sm"].shape[-2:]
        check_grid_shape(path, shape, {"0.25": SHAPE}, "ESA CCI 0.25°")
        _check_coordinates(nc, name)
    return f"ESA CCI SM {kind}"


def _type(nc, name):
    title = str(getattr(nc, "title", ""))
    m = _TYPE.search(title.upper()) or _TYPE.search(name.upper())
    if m is None:
        raise InputError(f"'{name}' does not say which ESA CCI product it is (ACTIVE, "
                         "PASSIVE or COMBINED): neither its 'title' attribute nor its name "
                         f"does. Keep the original file names ({EXAMPLE}).")
    return m.group(1)


def _check_coordinates(nc, name):
    for var, first in zip(("lat", "lon"), FIRST_CENTRE):
        if var not in nc.variables:
            raise InputError(f"'{name}' lacks the '{var}' coordinate of the ESA CCI grid.")
        value = float(nc.variables[var][0])
        if abs(value - first) > 1e-3:
            raise InputError(f"'{name}' is not on the ESA CCI 0.25° grid: its first {var} is "
                             f"{value:g}°, not {first:g}° (lat 89.875° N … −89.875°, lon "
                             "−179.875° … 179.875°). Give the files as distributed, not "
                             "flipped or regridded copies.")


def describe(path):
    """The :class:`ProductFile` of one file (product type and day; no overpass)."""
    return ProductFile(str(path), identify(path), day_from_name(path, EXAMPLE))


def read_file(granule, strip, options, valid):
    """(float array with NaN, counts per rule) of ``strip`` of one file; ``valid`` =
    (low, high) of the range rule in the product's unit."""
    rows, cols = strip
    with _open(granule.path) as nc:
        sm = nc.variables["sm"]
        data = _read(sm, rows, cols, granule.path)
        flag = None
        if options.flag_mask:
            if "flag" not in nc.variables:
                raise InputError(f"'{granule.name}' lacks the 'flag' variable; set the flag "
                                 "mask to 0 to import it without flag screening.")
            var = nc.variables["flag"]
            var.set_auto_mask(False)
            flag = np.asarray(_read(var, rows, cols, granule.path, masked=False)) \
                .astype(np.int64) & 0xFF
    screen = Screen(RULES)
    screen.missing(data)
    if flag is not None:
        screen.drop("flag", data, (flag & options.flag_mask) != 0)
    screen.range(data, *valid)
    return data, screen.counts


def _read(var, rows, cols, path, masked=True):
    raw = read_array(var, (0, rows, cols) if var.ndim == 3 else (rows, cols), path=path)
    if not masked:
        return raw
    return np.ma.filled(np.ma.asarray(raw).astype("float64"), np.nan)


def import_cci(paths, output, options=None, bounds=None, progress=None, resume=True):
    """Write ESA CCI soil moisture as a dated stack on the 0.25° grid; return a summary.

    ``bounds`` (left, bottom, right, top) in degrees cut the grid to whole cells.
    ``resume``: keep each finished band beside the output and continue an interrupted run
    (:func:`~.common.write_sources`; False: never).
    """
    options = (options or CciOptions()).validated()
    progress = ensure_progress(progress)
    files = open_files(paths, describe, f"ESA CCI soil-moisture files ({EXAMPLE})")
    product = files[0].product
    active = product.endswith("ACTIVE")
    valid = ACTIVE_RANGE if active else (options.valid_min, options.valid_max)
    if active:
        progress.info("ACTIVE values are degree of saturation (%), not m³/m³: written "
                      "with that unit and screened on 0–100 %.")
    grid = LATLON_025.cut(bounds)
    return import_bands(
        plan_bands(files, "only"), grid, LATLON_025.window_of(grid),
        functools.partial(read_file, options=options, valid=valid), output, progress,
        rules=RULES, labels=RULE_LABELS, product=product, extent=bounds is not None,
        units=ACTIVE_UNITS if active else SOIL_MOISTURE_UNITS, resume=resume)

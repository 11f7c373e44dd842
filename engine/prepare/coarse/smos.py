"""Import SMOS daily soil moisture (CATDS L3SM, SMOS-IC; NetCDF) into a dated EASE2 stack.

Layouts read:

- CATDS-PDC L3SM filtered daily product (CATDS catalogue "L3SM Filtered – 1 day global
  map of soil moisture values from SMOS satellite"): one file per day and orbit
  direction, ``SM_<class>_MIR_CLF31A_<start>_<end>_<vvv>_<ccc>_7.DBL.nc`` (A ascending,
  D descending), NetCDF-3 64-bit offset; 1-D ``lat``/``lon`` coordinates of the
  EASE-Grid 2.0 global 25 km grid (584 × 1388, :data:`~...raster.global_grids.EASE2_25KM`,
  row 0 at the north); ``Soil_Moisture`` (m³/m³, _FillValue), ``Soil_Moisture_Dqx``
  (m³/m³), ``Rfi_Prob`` (0–1), ``Chi_2_P`` (0–1) and ``Science_Flags`` (bits).
  Variable names as read by published CATDS L3 readers (JEDI ioda-converters
  ``smos_ssm2ioda``; a MATLAB CATDS L3 reader); ``Chi_2_P`` is the L2 name and could not
  be confirmed for L3 here, nor could the Science_Flags bit meanings — so no flag bit is
  screened by default (``science_flag_mask`` = 0) and a missing ``Chi_2_P`` only matters
  when its rule is on.
- SMOS-IC (INRA-CESBIO) daily files, one per overpass (the name carries ``_A_``/``_D_``
  or ``ASC``/``DESC``): the same grid and coordinates, ``Soil_Moisture`` and
  ``Quality_Flag`` (0 best … 2 worst); recognised by ``Quality_Flag`` without
  ``Soil_Moisture_Dqx``. The flag levels were not confirmed against the SMOS-IC
  documentation here: by default only ``Quality_Flag`` 0 is kept.

Overpass times (local solar time): ascending 06:00, descending 18:00.

Rules, in this order, each counted: fill value; Dqx above ``max_dqx`` (0.1 m³/m³; 0 =
off); RFI probability above ``max_rfi_prob`` (0.2); Chi-2 probability below
``min_chi2_prob`` (0.05; 0 = off); Science_Flags bits in ``science_flag_mask`` (0 =
off); SMOS-IC Quality_Flag above ``ic_max_quality`` (0); values outside
``valid_min``–``valid_max`` (0.02–0.6 m³/m³).
"""
import functools
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ...errors import InputError, check_choice
from ...progress import ensure_progress
from ...raster.global_grids import EASE2_25KM
from ...raster.netcdf_files import open_netcdf
from ...raster.readable_arrays import read_array
from .common import (ProductFile, Screen, check_grid_shape, check_valid_range,
                     day_from_name, file_name, import_bands, open_files, planned_bands)

CATDS, SMOS_IC = "SMOS CATDS L3SM", "SMOS-IC"
SHAPE = (EASE2_25KM.height, EASE2_25KM.width)  # 584 × 1388
PASS_MODES = ("asc_fill_desc", "asc_desc", "asc", "desc")
PLANS = {"asc_fill_desc": ("fill", "A", "D"), "asc_desc": ("separate", None, None),
         "asc": ("only", "A", None), "desc": ("only", "D", None)}
PASS_TIMES = {"A": (6, 0), "D": (18, 0)}  # local solar time of the overpass
RULES = ("fill", "dqx", "rfi", "chi2", "flags", "quality", "range")
RULE_LABELS = {"fill": "fill value", "dqx": "Dqx", "rfi": "RFI probability",
               "chi2": "Chi-2 probability", "flags": "science flags",
               "quality": "SMOS-IC quality flag", "range": "outside the valid range"}
EXAMPLE = "SM_RE07_MIR_CLF31A_20190601T000000_20190601T235959_700_001_7.DBL.nc"
_CATDS_PASS = re.compile(r"MIR_CLF3\w*?([AD])_", re.IGNORECASE)
_IC_PASS = re.compile(r"(?<![A-Za-z0-9])(ASC|DESC?|A|D)(?![A-Za-z0-9])", re.IGNORECASE)
_LATLON_TOLERANCE = 0.01  # degrees between a file's and the grid's cell centres


@dataclass(frozen=True)
class SmosOptions:
    """How SMOS files are read; see the module docstring for the rules and units."""

    passes: str = "asc_fill_desc"
    max_dqx: float = 0.1
    max_rfi_prob: float = 0.2
    min_chi2_prob: float = 0.05
    science_flag_mask: int = 0
    ic_max_quality: int = 0
    valid_min: float = 0.02
    valid_max: float = 0.6

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        check_choice(self.passes, PASS_MODES, "pass choice")
        for what, value in (("RFI probability threshold", self.max_rfi_prob),
                            ("Chi-2 probability threshold", self.min_chi2_prob)):
            if not 0.0 <= value <= 1.0:
                raise InputError(f"The {what} {value} must lie between 0 and 1.")
        if self.max_dqx < 0:
            raise InputError(f"The Dqx threshold {self.max_dqx} m³/m³ must not be negative "
                             "(0 = no Dqx screening).")
        check_valid_range(self.valid_min, self.valid_max)
        return replace(self, science_flag_mask=int(self.science_flag_mask),
                       ic_max_quality=int(self.ic_max_quality))


def _open(path):
    return open_netcdf(path, f"SMOS CATDS L3 daily files ({EXAMPLE}) or SMOS-IC daily files")


def identify(path):
    """The product (SMOS CATDS L3SM or SMOS-IC) of a file; InputError otherwise."""
    name = file_name(path)
    with _open(path) as nc:
        names = nc.variables
        if "Soil_Moisture" not in names:
            raise InputError(f"'{name}' is not a SMOS soil-moisture file: it has no "
                             "'Soil_Moisture' variable. Give CATDS L3SM daily files "
                             f"({EXAMPLE}) or SMOS-IC daily files.")
        if "Soil_Moisture_Dqx" in names:
            product = CATDS
        elif "Quality_Flag" in names:
            product = SMOS_IC
        else:
            raise InputError(f"'{name}' has 'Soil_Moisture' but neither 'Soil_Moisture_Dqx' "
                             "(CATDS L3SM) nor 'Quality_Flag' (SMOS-IC); is it a complete "
                             "SMOS daily file?")
        check_grid_shape(path, names["Soil_Moisture"].shape[-2:], {"25": SHAPE},
                         "EASE-Grid 2.0 25 km")
        _check_coordinates(nc, name)
    return product


@lru_cache(maxsize=1)
def grid_centres():
    """(latitudes of the rows, longitudes of the columns) of the EASE2 25 km centres."""
    from rasterio.crs import CRS
    from rasterio.warp import transform

    xs = [EASE2_25KM.centre(0, c)[0] for c in range(EASE2_25KM.width)]
    ys = [EASE2_25KM.centre(r, 0)[1] for r in range(EASE2_25KM.height)]
    lons, _ = transform(EASE2_25KM.crs, CRS.from_epsg(4326), xs, [0.0] * len(xs))
    _, lats = transform(EASE2_25KM.crs, CRS.from_epsg(4326), [0.0] * len(ys), ys)
    return np.array(lats), np.array(lons)


def _check_coordinates(nc, name):
    lats, lons = grid_centres()
    for var, expected in (("lat", lats), ("lon", lons)):
        if var not in nc.variables:
            raise InputError(f"'{name}' lacks the '{var}' coordinate of the EASE-Grid 2.0 "
                             "25 km grid.")
        values = np.ma.filled(nc.variables[var][:].astype("float64"), np.nan)
        if values.shape != expected.shape or not np.allclose(
                values, expected, atol=_LATLON_TOLERANCE):
            raise InputError(f"'{name}' is not on the EASE-Grid 2.0 25 km grid: its '{var}' "
                             "cell centres differ from the grid's (row 0 at the north, "
                             "column 0 at 180° W). Give the files as distributed, not "
                             "flipped or regridded copies.")


def describe(path):
    """The :class:`ProductFile` of one file: product, day and overpass (from the name)."""
    product = identify(path)
    name = file_name(path)
    m = _CATDS_PASS.search(name) if product == CATDS else _IC_PASS.search(name)
    if m is None:
        raise InputError(f"No orbit direction was found in the file name '{name}': SMOS "
                         "names carry it (CATDS …_MIR_CLF31A_… ascending / CLF31D "
                         "descending; SMOS-IC …_A_… / …_D_…). Keep the original names.")
    return ProductFile(str(path), product, day_from_name(path, EXAMPLE), m.group(1)[0].upper())


def read_file(granule, strip, options):
    """(m³/m³ float array with NaN, counts per rule) of ``strip`` of one file."""
    rows, cols = strip
    screen = Screen(RULES)
    with _open(granule.path) as nc:
        data = _read(nc, "Soil_Moisture", rows, cols, granule)
        screen.missing(data)
        if granule.product == CATDS:
            _screen_catds(nc, granule, rows, cols, data, screen, options)
        else:
            quality = _read(nc, "Quality_Flag", rows, cols, granule)
            with np.errstate(invalid="ignore"):
                screen.drop("quality", data, quality > options.ic_max_quality)
    screen.range(data, options.valid_min, options.valid_max)
    return data, screen.counts


def _screen_catds(nc, granule, rows, cols, data, screen, options):
    with np.errstate(invalid="ignore"):
        if options.max_dqx > 0:
            dqx = _read(nc, "Soil_Moisture_Dqx", rows, cols, granule)
            screen.drop("dqx", data, dqx > options.max_dqx)
        if options.max_rfi_prob < 1:
            rfi = _read(nc, "Rfi_Prob", rows, cols, granule, "the RFI probability to 1")
            screen.drop("rfi", data, rfi > options.max_rfi_prob)
        if options.min_chi2_prob > 0:
            chi2 = _read(nc, "Chi_2_P", rows, cols, granule, "the Chi-2 probability to 0")
            screen.drop("chi2", data, chi2 < options.min_chi2_prob)
    if options.science_flag_mask:
        flags = _read(nc, "Science_Flags", rows, cols, granule, "the flag mask to 0")
        bits = np.nan_to_num(flags, nan=0).astype(np.int64)
        screen.drop("flags", data, (bits & options.science_flag_mask) != 0)


def _read(nc, var, rows, cols, granule, switch_off=None):
    if var not in nc.variables:
        hint = f"; set {switch_off} to import it without that rule" if switch_off else \
            "; is it a complete file?"
        raise InputError(f"'{granule.name}' lacks the '{var}' variable{hint}.")
    v = nc.variables[var]
    raw = read_array(v, (0, rows, cols) if v.ndim == 3 else (rows, cols), path=granule.path)
    return np.ma.filled(np.ma.asarray(raw).astype("float64"), np.nan)


def import_smos(paths, output, options=None, bounds=None, progress=None, resume=True):
    """Write SMOS soil moisture (m³/m³) as a dated stack on the EASE-Grid 2.0 25 km grid;
    return a summary. ``bounds`` (left, bottom, right, top) in EPSG:6933 metres cut
    the grid to whole cells. ``resume``: keep each finished band beside the output and continue an interrupted run
    (:func:`~.common.write_sources`; False: never).
    """
    options = (options or SmosOptions()).validated()
    progress = ensure_progress(progress)
    files = open_files(paths, describe, f"SMOS daily files ({EXAMPLE})")
    bands = planned_bands(files, PLANS[options.passes], PASS_TIMES, progress, "orbit direction")
    grid = EASE2_25KM.cut(bounds)
    return import_bands(
        bands, grid, EASE2_25KM.window_of(grid),
        functools.partial(read_file, options=options), output, progress, rules=RULES,
        labels=RULE_LABELS, product=files[0].product, extent=bounds is not None,
        filled_label="Ascending gaps filled from the descending pass", resume=resume)

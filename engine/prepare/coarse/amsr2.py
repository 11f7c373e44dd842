"""Import JAXA GCOM-W AMSR2 Level 3 daily soil moisture (HDF5) into a dated stack.

Layout read (JAXA, "GCOM-W1 AMSR2 Level 3 product format", standard product SMC as
distributed by G-Portal; names ``GW1AM2_20190601_01D_EQMA_L3SGSMCHF3300300.h5``):

- one file per day and pass: ``EQMA`` ascending (13:30 local solar time), ``EQMD``
  descending (01:30) — GCOM-W1's equator-crossing times;
- the root dataset ``Geophysical Data``: int16 soil-moisture content, stored as
  (rows, cols) or (rows, cols, 1), with the attribute ``SCALE FACTOR`` (0.1): stored
  integer × SCALE FACTOR = volumetric water content in %, ÷ 100 = m³/m³;
- the file attribute ``GeophysicalName`` ("Soil Moisture Content") names the product;
  other L3 products (brightness temperature, SST, …) share the layout and are refused;
- the equirectangular ("EQ") global grid: 0.1° (1800 × 3600, the 10 km product) or
  0.25° (720 × 1440, the 25 km product), row 0 at the north edge (90° N), column 0 at
  180° W (:data:`~...raster.global_grids.LATLON_01` / ``LATLON_025``);
- −32768 (missing) and −32767 (no retrieval) are the stored fill codes.

Not confirmed from the JAXA document itself (only from readers of real granules, e.g.
NASA LIS ``read_GCOMW_AMSR2L3sm`` for the dataset name and 0.1 % scale, and the
G-Portal reader of the sar_validation project for the 180° W origin and the fill
codes): older NASA LIS code shifts the columns by half the globe, which would put
column 0 at 0° E. The origin used here is 180° W; check one known place when you first
use real granules.

Rules, in this order, each counted: fill code; values outside ``valid_min``–``valid_max``
(0.02–0.6 m³/m³).
"""
import functools
import re
from dataclasses import dataclass, replace

import numpy as np

from ...errors import InputError, check_choice
from ...progress import ensure_progress
from ...raster.global_grids import LATLON_01, LATLON_025
from ...raster.readable_arrays import open_hdf5, read_array
from .common import (ProductFile, Screen, check_grid_shape, check_valid_range,
                     day_from_name, file_name, import_bands, open_files, planned_bands)

DATASET = "Geophysical Data"
SCALE_ATTR = "SCALE FACTOR"
NAME_ATTR = "GeophysicalName"
PRODUCTS = {"10km": "AMSR2_L3_SMC_10km", "25km": "AMSR2_L3_SMC_25km"}
GRIDS = {"AMSR2_L3_SMC_10km": LATLON_01, "AMSR2_L3_SMC_25km": LATLON_025}
SHAPES = {"10km": (1800, 3600), "25km": (720, 1440)}
PASS_MODES = ("desc_fill_asc", "asc_desc", "desc", "asc")
PLANS = {"desc_fill_asc": ("fill", "D", "A"), "asc_desc": ("separate", None, None),
         "desc": ("only", "D", None), "asc": ("only", "A", None)}
PASS_TIMES = {"A": (13, 30), "D": (1, 30)}  # local solar time of the overpass
FILL_CODES = (-32768, -32767)
RULES = ("fill", "range")
RULE_LABELS = {"fill": "fill code", "range": "outside the valid range"}
EXAMPLE = "GW1AM2_20190601_01D_EQMA_L3SGSMCHF3300300.h5"
_PASS = re.compile(r"_EQM([AD])_", re.IGNORECASE)


@dataclass(frozen=True)
class Amsr2Options:
    """How AMSR2 files are read (limits in m³/m³; fill codes are stored integers)."""

    passes: str = "desc_fill_asc"
    valid_min: float = 0.02
    valid_max: float = 0.6
    fill_codes: tuple = FILL_CODES

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        check_choice(self.passes, PASS_MODES, "pass choice")
        check_valid_range(self.valid_min, self.valid_max)
        return replace(self, fill_codes=tuple(int(c) for c in self.fill_codes))


def identify(path):
    """The product (AMSR2_L3_SMC_10km or _25km) of a file; InputError otherwise."""
    name = file_name(path)
    with open_hdf5(path, f"'{name}' is not an HDF5 file (it is {{kind}}). Give JAXA GCOM-W "
                   "AMSR2 Level 3 soil-moisture files as downloaded from G-Portal "
                   f"({EXAMPLE}).") as f:
        if DATASET not in f:
            raise InputError(f"'{name}' is not an AMSR2 Level 3 file: it has no "
                             f"'{DATASET}' dataset. Give the L3 soil-moisture (SMC) "
                             f"files ({EXAMPLE}).")
        _check_soil_moisture(f, name)
        ds = f[DATASET]
        if SCALE_ATTR not in ds.attrs:
            raise InputError(f"'{name}' lacks the '{SCALE_ATTR}' attribute of '{DATASET}', "
                             "so its integers cannot be turned into m³/m³. Give the file "
                             "as distributed by JAXA.")
        shape = ds.shape[:2] if ds.ndim == 3 and ds.shape[2] == 1 else ds.shape
        key = check_grid_shape(path, shape, SHAPES, "AMSR2 L3 0.1° or 0.25°")
    return PRODUCTS[key]


def _check_soil_moisture(f, name):
    label = f.attrs.get(NAME_ATTR)
    if isinstance(label, np.ndarray):
        label = label.ravel()[0] if label.size else None
    if isinstance(label, bytes):
        label = label.decode(errors="replace")
    if label:
        if "soil moisture" not in label.lower():
            raise InputError(f"'{name}' is the AMSR2 L3 product '{label}', not soil "
                             f"moisture. Give the soil-moisture (SMC) files ({EXAMPLE}).")
    elif "L3SGSMC" not in name.upper():
        raise InputError(f"'{name}' does not say it is AMSR2 soil moisture: it has no "
                         f"'{NAME_ATTR}' attribute and its name lacks 'L3SGSMC'. Keep the "
                         f"original file names ({EXAMPLE}).")


def describe(path):
    """The :class:`ProductFile` of one file: product, day and pass (from the name)."""
    product = identify(path)
    m = _PASS.search(file_name(path))
    if m is None:
        raise InputError(f"No pass was found in the file name '{file_name(path)}': AMSR2 "
                         "names carry _EQMA_ (ascending) or _EQMD_ (descending). Keep the "
                         "original file names.")
    return ProductFile(str(path), product, day_from_name(path, EXAMPLE), m.group(1).upper())


def read_file(granule, strip, options):
    """(m³/m³ float array with NaN, counts per rule) of ``strip`` of one file."""
    import h5py

    rows, cols = strip
    with h5py.File(granule.path, "r") as f:
        ds = f[DATASET]
        raw = read_array(ds, (rows, cols) if ds.ndim == 2 else (rows, cols, 0), rows=0, cols=1)
        scale = float(np.ravel(ds.attrs[SCALE_ATTR])[0])
    raw = raw.astype("float64")
    data = raw * scale / 100.0  # % → m³/m³
    screen = Screen(RULES)
    screen.drop("fill", data, np.isin(raw, options.fill_codes))
    screen.range(data, options.valid_min, options.valid_max)
    return data, screen.counts


def import_amsr2(paths, output, options=None, bounds=None, progress=None, resume=True):
    """Write AMSR2 L3 soil moisture (m³/m³) as a dated stack on the product's lat/lon
    grid; return a summary (product, dates, counts, grid).

    ``bounds`` (left, bottom, right, top) in degrees cut the global grid to whole cells;
    None keeps it all. ``resume``: keep each finished band beside the output and continue an interrupted run
    (:func:`~.common.write_sources`; False: never).
    """
    options = (options or Amsr2Options()).validated()
    progress = ensure_progress(progress)
    files = open_files(paths, describe, f"AMSR2 L3 soil-moisture files ({EXAMPLE})")
    bands = planned_bands(files, PLANS[options.passes], PASS_TIMES, progress, "pass")
    product = files[0].product
    grid = GRIDS[product].cut(bounds)
    return import_bands(
        bands, grid, GRIDS[product].window_of(grid),
        functools.partial(read_file, options=options), output, progress, rules=RULES,
        labels=RULE_LABELS, product=product, extent=bounds is not None,
        filled_label="Descending gaps filled from the ascending pass", resume=resume)

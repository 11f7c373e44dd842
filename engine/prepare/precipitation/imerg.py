"""GPM IMERG daily (GPM_3IMERGDF Final, GPM_3IMERGDL Late, GPM_3IMERGDE Early), V06 and V07.

Layout read (NASA GES DISC, "README Document for the GPM IMERG Daily Products" and the
IMERG V06/V07 Technical Documentation, Huffman et al.; file specification of the HDF5
granules in the PPS "File Specification for GPM Products", 3IMERG): one day per file,
``3B-DAY.MS.MRG.3IMERG.20190601-S000000-E235959.V06.nc4`` (Final; ``3B-DAY-L`` Late,
``3B-DAY-E`` Early). The NetCDF4 daily files hold the variables at the root, the HDF5
granules under ``Grid/`` (V07 intermediate fields under ``Grid/Intermediate/``); both are
HDF5 containers and are read with h5py.

- Variables: V06 ``precipitationCal`` (calibrated multi-satellite estimate, gauge-adjusted
  in the Final run: the one recommended for general use; default) and
  ``HQprecipitation`` (merged passive-microwave only, with gaps); V07 ``precipitation``
  and ``MWprecipitation`` (the same two, renamed).
- Array order (time, lon, lat) — longitude first — with ``lon`` −179.95 … 179.95 and
  ``lat`` −89.95 … 89.95 ascending (cell centres of the 0.1° grid from the south-west):
  transposed and flipped here onto the north-up 0.1° grid
  (:data:`...raster.global_grids.LATLON_01`).
- Units by the ``units`` attribute: "mm" (V06 daily: the day's sum of the half-hourly
  estimates) or "mm/day" are daily totals; "mm/hr" (a daily mean rate) is × 24.
- Fill value −9999.9 (``_FillValue``, ``CodeMissingValue``).
- Day: 00:00–23:59:59 UTC, from the file name (``20190601-S000000-E235959``) or else from
  the ``time`` coordinate. Half-hourly (3B-HHR) and monthly (3B-MO) granules are refused.
"""
import os
import re

import numpy as np

from ...errors import InputError
from ...raster.dates import BandDate, parse_date_from_name
from ...raster.global_grids import LATLON_01
from ...raster.readable_arrays import open_hdf5, read_array
from . import placement as places
from .source import Day, Source, masked, text_attr
from .timeaxis import decode

PRODUCT = "IMERG"
VARIABLES = {"calibrated": ("precipitationCal", "precipitation"),
             "microwave": ("HQprecipitation", "MWprecipitation")}
GROUPS = ("", "Grid/", "Grid/Intermediate/")
DAILY_UNITS = ("mm", "mm/day", "mm/d", "mmd-1", "mmday-1")
RATE_UNITS = ("mm/hr", "mm/h", "mmh-1", "mmhr-1")
FILL = -9999.9
RUNS = (("3B-DAY-E", "Early"), ("3B-DAY-L", "Late"), ("3B-DAY.", "Final"))
NOT_DAILY = (("3B-HHR", "half-hourly"), ("3B-MO", "monthly"))
INTERVALS = {"HALF_HOUR": "half-hourly", "MONTH": "monthly"}  # FileHeader TimeInterval
LON_NAMES, LAT_NAMES = ("lon", "nlon", "longitude"), ("lat", "nlat", "latitude")


def is_imerg(f):
    """Whether an open h5py file has an IMERG precipitation variable."""
    return _find(f, [n for names in VARIABLES.values() for n in names]) is not None


def _find(f, names):
    """(group prefix, dataset name) of the first of ``names`` in the IMERG groups, or None."""
    for group in GROUPS:
        for name in names:
            if group + name in f and hasattr(f[group + name], "shape"):
                return group, name
    return None


class ImergSource(Source):
    """A daily IMERG file (read with h5py)."""

    product = PRODUCT
    grid = LATLON_01

    def __init__(self, path, dataset, lon_axis, lat_axis, fills, **kwargs):
        super().__init__(path, **kwargs)
        self._dataset, self._lon_axis, self._lat_axis = dataset, lon_axis, lat_axis
        self._fills = fills

    def _open(self):
        import h5py

        return h5py.File(self.path, "r")

    def read(self, step, lat_slice, lon_slice):
        ds = self.handle()[self._dataset]
        index = [0] * ds.ndim
        index[self._lon_axis], index[self._lat_axis] = lon_slice, lat_slice
        block = read_array(ds, tuple(index), rows=self._lat_axis, cols=self._lon_axis)
        if self._lon_axis < self._lat_axis:  # (lon, lat) → (lat, lon)
            block = block.T
        return masked(block, self._fills)


def open_imerg(path, variable="calibrated"):
    """Open a daily IMERG file as an :class:`ImergSource`; InputError naming it otherwise."""
    name = os.path.basename(str(path))
    _refuse_not_daily(name)
    with open_hdf5(path, f"'{name}' is not an HDF5/NetCDF4 file (it is {{kind}}); IMERG "
                   "daily files are NetCDF4 (.nc4) or HDF5 as downloaded from NASA GES "
                   "DISC.") as f:
        _refuse_not_daily(name, text_attr(f.attrs, "FileHeader"))
        found = _find(f, VARIABLES[variable])
        if found is None:
            others = ", ".join(VARIABLES[variable])
            raise InputError(f"'{name}' has no IMERG variable {others.replace(', ', ' or ')} "
                             f"(the {variable} precipitation); is it an IMERG daily file? "
                             "Choose another IMERG variable or give the file as downloaded.")
        group, var = found
        ds = f[group + var]
        lons, lats = _coordinate(f, group, LON_NAMES, name), _coordinate(f, group, LAT_NAMES, name)
        lon_axis, lat_axis = _axes(ds, lons.size, lats.size, name)
        if ds.ndim == 3 and ds.shape[0] != 1:
            raise InputError(f"'{name}' holds {ds.shape[0]} time steps; give IMERG daily "
                             "files (one day each: GPM_3IMERGDF, DL or DE).")
        factor = _factor(text_attr(ds.attrs, "units", "Units"), name, var)
        fills = {FILL} | {_number(ds.attrs.get(k)) for k in ("_FillValue", "CodeMissingValue",
                                                              "missing_value")}
        day = _date(path, f, group)
        label = f"IMERG {_run(name)}{_version(name)} {var}"
        return ImergSource(path, group + var, lon_axis, lat_axis, fills - {None},
                           placement=places.from_coordinates(lons, lats, LATLON_01, name,
                                                             PRODUCT),
                           days=[Day(day, 0, factor)], label=label)


def _refuse_not_daily(name, header=""):
    """Refuse half-hourly and monthly granules, by file name or FileHeader TimeInterval."""
    what = next((w for prefix, w in NOT_DAILY if name.startswith(prefix)), None)
    interval = re.search(r"TimeInterval=(\w+)", header)
    if what is None and interval:
        what = INTERVALS.get(interval.group(1))
    if what is not None:
        raise InputError(f"'{name}' is a {what} IMERG granule; download the daily product "
                         "(GPM_3IMERGDF, GPM_3IMERGDL or GPM_3IMERGDE, files 3B-DAY…).")


def _coordinate(f, group, names, file_name):
    for candidate in names:
        for prefix in (group, "Grid/", ""):
            if prefix + candidate in f:
                return np.asarray(read_array(f[prefix + candidate]), "float64").ravel()
    raise InputError(f"'{file_name}' lacks the coordinate {names[0]}; give the IMERG file as "
                     "downloaded (subsets must keep lon and lat).")


def _axes(ds, n_lon, n_lat, name):
    """(longitude axis, latitude axis) of the dataset: by its dimension names, else sizes."""
    dims = _dim_names(ds)
    if len(dims) == ds.ndim:
        lon = [k for k, d in enumerate(dims) if d.lower() in LON_NAMES]
        lat = [k for k, d in enumerate(dims) if d.lower() in LAT_NAMES]
        if lon and lat:
            return lon[0], lat[0]
    shape = ds.shape[-2:]
    if ds.ndim not in (2, 3) or sorted(shape) != sorted((n_lon, n_lat)):
        raise InputError(f"'{name}' has a precipitation array of {ds.shape}, which does not "
                         f"match its {n_lon} longitudes and {n_lat} latitudes.")
    if shape == (n_lat, n_lon) and n_lat != n_lon:
        return ds.ndim - 1, ds.ndim - 2
    return ds.ndim - 2, ds.ndim - 1   # IMERG order: (…, lon, lat)


def _dim_names(ds):
    names = []
    for dim in ds.dims:
        try:
            names.append(os.path.basename(dim[0].name) if len(dim) else dim.label)
        except (KeyError, RuntimeError, ValueError):
            names.append(dim.label)
    if not all(names):
        text = text_attr(ds.attrs, "DimensionNames")
        names = [n.strip() for n in text.split(",")] if text else []
    return names


def _factor(units, name, var):
    """mm/day per stored unit, from the units attribute."""
    key = "".join(units.lower().split())
    if key in DAILY_UNITS:
        return 1.0
    if key in RATE_UNITS:
        return 24.0   # the day's mean rate (mm/hr) × 24 h
    raise InputError(f"'{name}': {var} has units '{units}', neither a daily amount (mm, "
                     "mm/day) nor a rate (mm/hr); give the IMERG daily file as downloaded.")


def _number(value):
    if value is None:
        return None
    value = np.asarray(value).ravel()
    return float(value[0]) if value.size and np.issubdtype(value.dtype, np.number) else None


def _date(path, f, group):
    """The UTC day of the file: from its name, else from its time coordinate."""
    date = parse_date_from_name(path)
    if date is None:
        for prefix in (group, "Grid/", ""):
            units = text_attr(f[prefix + "time"].attrs, "units", "Units") \
                if prefix + "time" in f else ""
            if units:   # a NetCDF dimension without a coordinate variable has none
                when = decode(read_array(f[prefix + "time"]), units,
                              os.path.basename(str(path)))[0]
                date = BandDate(when)
                break
    if date is None:
        raise InputError(f"No date was found in '{os.path.basename(str(path))}': neither its "
                         "name (3B-DAY.MS.MRG.3IMERG.20190601-S000000-E235959…) nor a time "
                         "coordinate. Keep the original file names.")
    return BandDate(date.when.replace(hour=0, minute=0, second=0, microsecond=0))


def _run(name):
    for prefix, run in RUNS:
        if name.startswith(prefix):
            return run
    return "(run unknown)"


def _version(name):
    m = re.search(r"\.(V\d{2}[A-Z]?)\.", name)
    return f" {m.group(1)}" if m else ""

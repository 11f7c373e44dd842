"""Reading a (time, latitude, longitude) variable of a NetCDF file (CHIRPS, ERA5-Land).

NetCDF classic (CDS before 2024, packed int16 with ``scale_factor``/``add_offset``) and
NetCDF4 files are read with netCDF4-python, which applies the packing and masks
``_FillValue``/``missing_value`` (NetCDF User Guide, "Attribute conventions"). The axes
are found by their dimension names, in any order; other dimensions of length 1 are read
at index 0.
"""

import numpy as np

from ...errors import InputError
from ...raster.netcdf_files import open_netcdf
from ...raster.readable_arrays import read_array
from .source import Source, masked
from .timeaxis import decode

LAT_NAMES = ("latitude", "lat")
LON_NAMES = ("longitude", "lon")
TIME_NAMES = ("time", "valid_time")


def open_dataset(path, product):
    """An open netCDF4.Dataset; InputError naming the file when it is not NetCDF."""
    return open_netcdf(path, f"the {product} file as downloaded")


def variable_names(path):
    """The variable names of a NetCDF file, or None when it is not one."""
    try:
        with open_dataset(path, "") as ds:
            return set(ds.variables)
    except InputError:
        return None


class NetcdfLayout:
    """Where the axes of variable ``name`` of an open dataset are; coordinates and times."""

    def __init__(self, ds, name, file_name, product):
        var = ds.variables[name]
        dims = [d.lower() for d in var.dimensions]
        self.lat_axis = _axis(dims, LAT_NAMES, "latitude", file_name, product)
        self.lon_axis = _axis(dims, LON_NAMES, "longitude", file_name, product)
        found = [k for k, d in enumerate(dims) if d in TIME_NAMES]
        self.time_axis = found[0] if found else None
        for k, d in enumerate(dims):
            if k not in (self.lat_axis, self.lon_axis, self.time_axis) and var.shape[k] != 1:
                raise InputError(f"'{file_name}': {name} has a dimension '{var.dimensions[k]}' "
                                 f"of {var.shape[k]}; download a file with only time, "
                                 "latitude and longitude (one experiment version).")
        self.ndim = var.ndim
        self.lats = _values(ds, var.dimensions[self.lat_axis])
        self.lons = _values(ds, var.dimensions[self.lon_axis])
        self.times = None
        if self.time_axis is not None:
            t = ds.variables.get(var.dimensions[self.time_axis])
            if t is None:
                raise InputError(f"'{file_name}' has no time coordinate; give the {product} "
                                 "file as downloaded.")
            self.times = decode(read_array(t), getattr(t, "units", ""), file_name)

    def index(self, step, lat_slice, lon_slice):
        """The index tuple of one step on a block of latitude and longitude indices."""
        index = [0] * self.ndim
        index[self.lat_axis], index[self.lon_axis] = lat_slice, lon_slice
        if self.time_axis is not None:
            index[self.time_axis] = step
        return tuple(index)


def _axis(dims, names, what, file_name, product):
    found = [k for k, d in enumerate(dims) if d in names]
    if not found:
        raise InputError(f"'{file_name}' has no {what} dimension ({' or '.join(names)}); give "
                         f"the {product} file as downloaded.")
    return found[0]


def _values(ds, name):
    if name not in ds.variables:
        return np.array([])
    return np.asarray(read_array(ds.variables[name]), "float64").ravel()


class NetcdfSource(Source):
    """A NetCDF product file: reads variable ``variable`` one step at a time."""

    def __init__(self, path, variable, layout, fills, **kwargs):
        super().__init__(path, **kwargs)
        self._variable, self._layout, self._fills = variable, layout, fills

    def _open(self):
        return open_dataset(self.path, self.product)

    def read(self, step, lat_slice, lon_slice):
        layout = self._layout
        block = read_array(self.handle().variables[self._variable],
                           layout.index(step, lat_slice, lon_slice), path=self.path,
                           rows=layout.lat_axis, cols=layout.lon_axis)
        if layout.lon_axis < layout.lat_axis:
            block = block.T
        return masked(block, self._fills)

"""Opening NetCDF files (netCDF4) with a message that names the file when it is not one."""
import os
import warnings

from ..errors import InputError


def open_netcdf(path, expected):
    """An open ``netCDF4.Dataset`` (read only) of ``path``.

    ``expected`` says what the user should give instead (e.g. "ESA CCI soil-moisture
    daily files as downloaded (ESACCI-…nc)"); it ends the :class:`InputError` raised when
    the file is not NetCDF. Debian's netCDF4 build warns "numpy.ndarray size changed" on
    import (a harmless ABI note); it is silenced here, the one place that imports it.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "numpy.ndarray size changed", RuntimeWarning)
        import netCDF4
    try:
        return netCDF4.Dataset(str(path), "r")
    except OSError:
        raise InputError(f"'{os.path.basename(str(path))}' is not a NetCDF file. Give "
                         f"{expected}.") from None

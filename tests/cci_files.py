"""ESA CCI Soil Moisture daily files written with netCDF4 in the published layout.

Follows the ESA CCI Soil Moisture Product User Guide (v08.1 daily L3S files,
``ESACCI-SOILMOISTURE-L3S-SSMV-<TYPE>-YYYYMMDD000000-fv08.1.nc``): dimensions time (1),
lat (720, 89.875 … −89.875), lon (1440, −179.875 … 179.875); ``sm`` float32 (m³/m³ for
COMBINED/PASSIVE, % of saturation for ACTIVE; _FillValue −9999), ``flag`` int8 bits
(0 = no flag, 1 snow/frozen, 2 dense vegetation, …) and the global attribute ``title``
"ESA CCI Surface Soil Moisture merged <TYPE> Product". ``sm_uncertainty``, ``t0``,
``dnflag``, ``mode`` and ``sensor`` are not written (the importer does not read them).
"""
import numpy as np

# The cell centred at 116.125° E, 41.375° N: row (89.875 − 41.375)/0.25 = 194,
# col (116.125 + 179.875)/0.25 = 1184 (from the lat/lon centres of the user guide).
LON, LAT, ROW, COL = 116.125, 41.375, 194, 1184


def name(day=1, kind="COMBINED"):
    return f"ESACCI-SOILMOISTURE-L3S-SSMV-{kind}-201906{day:02d}000000-fv08.1.nc"


def write_cci(path, values, flags=None, kind="COMBINED", lat_first=89.875,
              shape=(720, 1440), with_flag=True, variable="sm"):
    """A file with ``values`` {(row, col): sm} and ``flags`` {(row, col): bits}; fill
    (−9999, flag 0) elsewhere — as the product stores ocean cells."""
    import netCDF4

    rows, cols = shape
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        nc.title = f"ESA CCI Surface Soil Moisture merged {kind} Product"
        nc.product_version = "08.1"
        for dim, size in (("time", 1), ("lat", rows), ("lon", cols)):
            nc.createDimension(dim, size)
        lat = nc.createVariable("lat", "f4", ("lat",))
        step = 180.0 / rows
        lat[:] = lat_first - step * np.arange(rows) if lat_first > 0 else \
            lat_first + step * np.arange(rows)
        lon = nc.createVariable("lon", "f4", ("lon",))
        lon[:] = -180.0 + 360.0 / cols * (np.arange(cols) + 0.5)
        time = nc.createVariable("time", "f8", ("time",))
        time.units = "days since 1970-01-01 00:00:00 UTC"
        time[:] = [18048.0]  # 2019-06-01
        sm = nc.createVariable(variable, "f4", ("time", "lat", "lon"), zlib=True,
                               fill_value=-9999.0)
        sm.units = "percentage (%)" if kind == "ACTIVE" else "m3 m-3"
        data = np.full(shape, -9999.0, "float32")
        for (r, c), v in values.items():
            data[r, c] = v
        sm[0] = data
        if with_flag:
            flag = nc.createVariable("flag", "i1", ("time", "lat", "lon"), zlib=True)
            bits = np.zeros(shape, "int8")
            for (r, c), v in (flags or {}).items():
                bits[r, c] = v
            flag[0] = bits
    return str(path)

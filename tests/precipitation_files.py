"""Precipitation product files written in their published layouts, for the importer tests.

- GPM IMERG daily (NASA GES DISC README for the IMERG daily products; IMERG V06/V07
  Technical Documentation): NetCDF4 ``3B-DAY.MS.MRG.3IMERG.20190601-S000000-E235959.V06.nc4``
  with ``precipitationCal`` and ``HQprecipitation`` (time, lon, lat) at the root, units
  "mm", fill −9999.9; HDF5 granule layout (PPS File Specification, 3IMERG) with
  ``Grid/precipitation`` (time, lon, lat), V07. Longitudes −179.95 … 179.95, latitudes
  −89.95 … 89.95 ascending.
- CHIRPS v2.0 (CHC README-CHIRPS.txt): daily GeoTIFF ``chirps-v2.0.2019.06.01.tif``,
  7200 × 2000 cells of 0.05° from (−180°, 50°), nodata −9999; yearly NetCDF
  ``chirps-v2.0.2019.days_p05.nc`` with ``precip`` (time, latitude, longitude), latitude
  ascending, "days since 1980-1-1 0:0:0", units "mm/day".
- ERA5-Land hourly (ECMWF ERA5-Land documentation): ``tp`` (time, latitude, longitude)
  in m accumulated since 00 UTC, latitude descending on the 0.1° lines, longitude
  0 … 359.9 for the globe or the requested area; CDS-2024 NetCDF4 (``valid_time``,
  seconds since 1970) and the older NetCDF3 (``time``, hours since 1900, int16 packed
  with scale_factor/add_offset, missing_value −32767).

Global arrays are written compressed; values are set at named cells (lon, lat) so the
expected output follows from the grid definitions alone.
"""
import datetime as dt

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin

IMERG_FILL = -9999.9
CHIRPS_FILL = -9999.0


def imerg_axes(west=-180.0, south=-90.0, east=180.0, north=90.0):
    """Cell-centre longitudes and (ascending) latitudes of the IMERG 0.1° grid in a box."""
    lon = np.round(np.arange(-179.95, 180.0, 0.1), 2)
    lat = np.round(np.arange(-89.95, 90.0, 0.1), 2)
    return (lon[(lon > west) & (lon < east)].astype("float32"),
            lat[(lat > south) & (lat < north)].astype("float32"))


def _cells(lons, lats, values, base):
    """(lon, lat) array filled with ``base`` and ``values`` {(lon, lat): v} at their cells."""
    data = np.full((lons.size, lats.size), base, "float32")
    for (lon, lat), v in values.items():
        data[np.argmin(np.abs(lons - lon)), np.argmin(np.abs(lats - lat))] = v
    return data


def write_imerg_nc4(path, values, hq_values=None, units="mm", box=None, base=0.0,
                    day=dt.date(2019, 6, 1)):
    """A V06 GES DISC daily NetCDF4: precipitationCal and HQprecipitation (time, lon, lat);
    ``box`` (west, south, east, north) writes a subset; ``day`` None: no time coordinate."""
    import netCDF4

    lons, lats = imerg_axes(*(box or ()))
    with netCDF4.Dataset(path, "w") as ds:
        ds.createDimension("time", 1)
        ds.createDimension("lon", lons.size)
        ds.createDimension("lat", lats.size)
        if day is not None:
            t = ds.createVariable("time", "i4", ("time",))
            t.units = "seconds since 1970-01-01 00:00:00 UTC"
            t[:] = [(day - dt.date(1970, 1, 1)).days * 86400]
        ds.createVariable("lon", "f4", ("lon",))[:] = lons
        ds.createVariable("lat", "f4", ("lat",))[:] = lats
        for name, vals in (("precipitationCal", values), ("HQprecipitation", hq_values or {})):
            var = ds.createVariable(name, "f4", ("time", "lon", "lat"), zlib=True,
                                    fill_value=np.float32(IMERG_FILL))
            var.units = units
            var[0] = _cells(lons, lats, vals, base)
    return str(path)


def write_imerg_hdf5(path, values, units="mm/hr", base=0.0):
    """A V07 HDF5 granule layout: Grid/precipitation (time, lon, lat) with dimension scales."""
    import h5py

    lons, lats = imerg_axes()
    with h5py.File(path, "w") as f:
        f.attrs["FileHeader"] = np.bytes_("AlgorithmID=3IMERGDF;\nTimeInterval=DAY;\n")
        grid = f.create_group("Grid")
        for name, data in (("time", np.array([1559347200], "int32")), ("lon", lons),
                           ("lat", lats)):
            grid.create_dataset(name, data=data).make_scale(name)
        grid["time"].attrs["units"] = np.bytes_("seconds since 1970-01-01 00:00:00 UTC")
        ds = grid.create_dataset("precipitation", data=_cells(lons, lats, values, base)[None],
                                 compression="gzip")
        ds.attrs["units"] = np.bytes_(units)
        ds.attrs["_FillValue"] = np.float32(IMERG_FILL)
        for axis, name in enumerate(("time", "lon", "lat")):
            ds.dims[axis].attach_scale(grid[name])
    return str(path)


def chirps_array(values, base=0.0, ocean=None):
    """The global CHIRPS (2000, 7200) array with ``values`` {(lon, lat): v} at their cells
    and ``ocean`` (rows slice, cols slice) set to −9999."""
    data = np.full((2000, 7200), base, "float32")
    for (lon, lat), v in values.items():
        data[int(np.floor((50.0 - lat) / 0.05)), int(np.floor((lon + 180.0) / 0.05))] = v
    if ocean is not None:
        data[ocean] = CHIRPS_FILL
    return data


AFRICA = (200, 1800, 3200, 4700)   # africa_daily/tifs/p05: 1500 × 1600 from 20° W, 40° N


def write_chirps_tif(path, values, base=0.0, ocean=None, window=(0, 2000, 0, 7200),
                     cell=0.05):
    """A CHIRPS daily GeoTIFF, float32, nodata −9999: the global 7200 × 2000 grid or the
    ``window`` (row0, row1, col0, col1) of it (``AFRICA``); ``cell`` ≠ 0.05 writes a grid
    that is not CHIRPS's."""
    r0, r1, c0, c1 = window
    data = chirps_array(values, base, ocean)[r0:r1, c0:c1]
    if cell != 0.05:
        data = data[::int(round(cell / 0.05)), ::int(round(cell / 0.05))]
    transform = from_origin(-180.0 + c0 * 0.05, 50.0 - r0 * 0.05, cell, cell)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[1], height=data.shape[0],
                       count=1, dtype="float32", crs=CRS.from_epsg(4326), transform=transform,
                       nodata=CHIRPS_FILL, compress="deflate", tiled=True) as ds:
        ds.write(data, 1)
    return str(path)


def write_chirps_nc(path, days, ocean=None):
    """A CHIRPS yearly NetCDF: ``days`` = [(date, {(lon, lat): v})], one step each."""
    import netCDF4

    lat = np.round(np.arange(-49.975, 50.0, 0.05), 3).astype("float32")
    lon = np.round(np.arange(-179.975, 180.0, 0.05), 3).astype("float32")
    with netCDF4.Dataset(path, "w") as ds:
        for name, n in (("time", None), ("latitude", lat.size), ("longitude", lon.size)):
            ds.createDimension(name, n)
        t = ds.createVariable("time", "f4", ("time",))
        t.units = "days since 1980-1-1 0:0:0"
        ds.createVariable("latitude", "f4", ("latitude",))[:] = lat
        ds.createVariable("longitude", "f4", ("longitude",))[:] = lon
        var = ds.createVariable("precip", "f4", ("time", "latitude", "longitude"), zlib=True,
                                fill_value=np.float32(CHIRPS_FILL))
        var.units = "mm/day"
        var.missing_value = np.float32(CHIRPS_FILL)
        for k, (date, values) in enumerate(days):
            t[k] = (date - dt.date(1980, 1, 1)).days
            var[k] = chirps_array(values, 0.0, ocean)[::-1]   # north-up → latitude ascending
    return str(path)


def era5_axes(west, south, east, north):
    """ERA5-Land cell centres (on the 0.1° lines) of a CDS area: lon ascending, lat descending."""
    lon = np.round(np.arange(round(west * 10), round(east * 10) + 1) / 10.0, 1)
    lat = np.round(np.arange(round(north * 10), round(south * 10) - 1, -1) / 10.0, 1)
    return lon, lat


def write_era5land(path, steps, area=(110.0, 38.0, 120.0, 45.0), classic=False):
    """ERA5-Land hourly ``tp`` on a CDS area (west, south, east, north) or the globe
    (``area`` None: longitude 0 … 359.9, latitude 90 … −90).

    ``steps``: [(datetime UTC, {(lon, lat): accumulation in m})], 0 elsewhere.
    ``classic``: the pre-2024 CDS NetCDF3 (``time`` in hours since 1900, int16 packed).
    """
    import netCDF4

    if area is None:
        lon = np.round(np.arange(3600) / 10.0, 1)
        lat = np.round(np.arange(900, -901, -1) / 10.0, 1)
    else:
        lon, lat = era5_axes(*area)
    time_name = "time" if classic else "valid_time"
    with netCDF4.Dataset(path, "w", format="NETCDF3_64BIT_OFFSET" if classic else "NETCDF4") \
            as ds:
        ds.createDimension(time_name, len(steps))
        ds.createDimension("latitude", lat.size)
        ds.createDimension("longitude", lon.size)
        t = ds.createVariable(time_name, "i4" if classic else "i8", (time_name,))
        t.units = "hours since 1900-01-01 00:00:00.0" if classic else \
            "seconds since 1970-01-01"
        ds.createVariable("latitude", "f4", ("latitude",))[:] = lat
        ds.createVariable("longitude", "f4", ("longitude",))[:] = lon
        dims = (time_name, "latitude", "longitude")
        if classic:
            tp = ds.createVariable("tp", "i2", dims, fill_value=np.int16(-32767))
            tp.scale_factor, tp.add_offset = 1.0e-6, 0.03
            tp.missing_value = np.int16(-32767)
        else:
            tp = ds.createVariable("tp", "f4", dims, zlib=True, fill_value=np.float32(np.nan))
        tp.units = "m"
        base = dt.datetime(1900, 1, 1) if classic else dt.datetime(1970, 1, 1)
        for k, (when, values) in enumerate(steps):
            seconds = (when - base).total_seconds()
            t[k] = seconds / 3600 if classic else seconds
            data = np.zeros((lat.size, lon.size), "float32")
            for (x, y), v in values.items():
                data[np.argmin(np.abs(lat - y)), np.argmin(np.abs((lon - x) % 360.0))] = v
            tp[k] = data
    return str(path)


def value_at(path, lon, lat, band=1):
    """The output value of the cell holding (lon, lat), and the band descriptions."""
    with rasterio.open(path) as ds:
        row, col = ds.index(lon, lat)
        return float(ds.read(band, window=((row, row + 1), (col, col + 1)))[0, 0]), \
            ds.descriptions

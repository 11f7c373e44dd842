"""SMOS daily files written with netCDF4 in the CATDS L3SM and SMOS-IC layouts.

CATDS-PDC L3SM filtered daily product (CATDS catalogue entry "L3SM Filtered – 1 day
global map of soil moisture values from SMOS satellite": names
``SM_<class>_MIR_CLF31{A|D}_<start>_<end>_<vvv>_<ccc>_7.DBL.nc``, NetCDF-3 64-bit offset):
1-D ``lat``/``lon`` coordinates of the EASE-Grid 2.0 global 25 km grid, ``Soil_Moisture``
(m³/m³, _FillValue −999), ``Soil_Moisture_Dqx``, ``Rfi_Prob``, ``Chi_2_P``,
``Science_Flags``. SMOS-IC (INRA-CESBIO): the same grid with ``Soil_Moisture`` and
``Quality_Flag``. The grid: NSIDC EASE2_M25km (Brodzik et al. 2012): 1388 × 584 cells of
25 025.26 m from (−17 367 530.44 m, 7 307 375.92 m), EPSG:6933 — the cell centres are
computed here from these published numbers, not taken from the code under test.
"""
import numpy as np
from rasterio.crs import CRS
from rasterio.warp import transform

X0, Y0, CELL, COLS, ROWS = -17367530.44, 7307375.92, 25025.26, 1388, 584
# The cell holding 116° E, 41.5° N (row 98, col 1141); its centre comes from centre_lonlat.
ROW, COL = 98, 1141


def centre_lonlat(row, col):
    """(lon, lat) of the centre of EASE2 25 km cell (row, col) from the NSIDC definition."""
    lons, lats = transform(CRS.from_epsg(6933), CRS.from_epsg(4326),
                           [X0 + (col + 0.5) * CELL], [Y0 - (row + 0.5) * CELL])
    return lons[0], lats[0]


def _axes():
    xs = X0 + (np.arange(COLS) + 0.5) * CELL
    ys = Y0 - (np.arange(ROWS) + 0.5) * CELL
    lons, _ = transform(CRS.from_epsg(6933), CRS.from_epsg(4326), xs, np.zeros(COLS))
    _, lats = transform(CRS.from_epsg(6933), CRS.from_epsg(4326), np.zeros(ROWS), ys)
    return np.array(lats), np.array(lons)


def catds_name(day=1, overpass="A"):
    return (f"SM_RE07_MIR_CLF31{overpass}_201906{day:02d}T000000_201906{day:02d}T235959_"
            "700_001_7.DBL.nc")


def ic_name(day=1, overpass="A"):
    return f"SMOS_IC_SM_201906{day:02d}_{overpass}_V2.nc"


def write_smos(path, values, extra=None, product="catds", flip=False, drop=()):
    """A file with ``values`` {(row, col): sm}; fill −999 elsewhere. ``extra``:
    {variable: {(row, col): value}} (others: Dqx 0.02, Rfi_Prob 0, Chi_2_P 1, flags 0,
    Quality_Flag 0); ``drop``: variables left out."""
    import netCDF4

    lats, lons = _axes()
    if flip:
        lats = lats[::-1]
    fmt = "NETCDF3_64BIT_OFFSET" if product == "catds" else "NETCDF4"
    variables = {"Soil_Moisture": ("f4", -999.0, -999.0)}
    if product == "catds":
        variables.update({"Soil_Moisture_Dqx": ("f4", -999.0, 0.02),
                          "Rfi_Prob": ("f4", -999.0, 0.0), "Chi_2_P": ("f4", -999.0, 1.0),
                          "Science_Flags": ("i4", None, 0)})
    else:
        variables.update({"Quality_Flag": ("i2", None, 0)})
    with netCDF4.Dataset(path, "w", format=fmt) as nc:
        nc.createDimension("lat", ROWS)
        nc.createDimension("lon", COLS)
        nc.createVariable("lat", "f4", ("lat",))[:] = lats
        nc.createVariable("lon", "f4", ("lon",))[:] = lons
        for var, (dtype, fill, default) in variables.items():
            if var in drop:
                continue
            v = nc.createVariable(var, dtype, ("lat", "lon"), fill_value=fill,
                                  **({"zlib": True} if fmt == "NETCDF4" else {}))
            data = np.full((ROWS, COLS), default if var != "Soil_Moisture" else fill, dtype)
            for (r, c), value in ({**(values if var == "Soil_Moisture" else {}),
                                   **(extra or {}).get(var, {})}).items():
                data[r, c] = value
            v[:] = data
    return str(path)

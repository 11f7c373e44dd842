"""Sentinel-1 σ⁰ GeoTIFFs named as the common processors name them, for tests.

Terrain-corrected σ⁰ is a float32 single-band GeoTIFF per acquisition and
polarisation on a north-up UTM grid (here EPSG:32650, 20 m cells, near 115.8° E,
41.5° N), in linear power or dB. Names follow:

- the ESA product name (Sentinel-1 Product Specification S1-RS-MDA-52-7441, "Product
  naming": MMM_BB_TTTR_LFPP_<start>_<stop>_OOOOOO_DDDDDD_CCCC) with a SNAP-style
  suffix (``_Orb_Cal_TC_VV``, ``_Sigma0_VV_db``);
- ASF HyP3 RTC (HyP3 RTC Product Guide, "Naming Convention":
  S1x_yy_aaaaaaaaTbbbbbb_ppo_RTCzz_u_defklm_ssss, then ``_VV.tif``);
- S1Tiling (S1Tiling documentation, "Files produced":
  {flying_unit_code}_{tile}_{polarisation}_{ASC|DES}_{orbit}_{YYYYMMDD}t{hhmmss}.tif,
  with the ACQUISITION_DATETIME tag).

Facts used by the tests, from the documents rather than the code under test: an S1A
product of absolute orbit 9258 is on relative orbit 86 (a SNAP product header);
Sentinel-1's ascending node is at 18:00 local mean solar time, so at 115.8° E (UTC +
7.72 h) a pass at 10:20 UTC (18:03 local) is ascending and one at 22:30 UTC (06:13
local) descending.
"""
import datetime as dt

import numpy as np
import rasterio
from rasterio.transform import from_origin

EPSG = 32650  # WGS 84 / UTM zone 50N
ORIGIN = (399960.0, 4600020.0)  # upper-left corner, m (about 115.8° E, 41.5° N)
CELL = 20.0  # m
ASCENDING_UTC = dt.time(10, 20, 30)  # 18:03 local solar time at the files' longitude
DESCENDING_UTC = dt.time(22, 30, 0)  # 06:13 local solar time


def at(day, time=ASCENDING_UTC):
    """The datetime of ``day`` ("2019-04-01" or a date) at ``time`` (UTC)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return dt.datetime.combine(day, time)


def esa_name(start, pol="VV", mission="S1A", orbit=9258, suffix=None):
    """A SNAP export of a GRD product: the ESA name + ``_Orb_Cal_TC_<pol>`` (or ``suffix``)."""
    stop = start + dt.timedelta(seconds=25)
    tail = f"_Orb_Cal_TC_{pol}" if suffix is None else suffix
    return (f"{mission}_IW_GRDH_1SDV_{start:%Y%m%dT%H%M%S}_{stop:%Y%m%dT%H%M%S}_"
            f"{orbit:06d}_0242A3_9F1C{tail}.tif")


def hyp3_name(start, pol="VV", mission="S1A", radiometry="g", scale="p"):
    """A HyP3 RTC GeoTIFF name (d = radiometry g/s, e = scale p/d/a)."""
    return (f"{mission}_IW_{start:%Y%m%dT%H%M%S}_DVP_RTC30_G_{radiometry}{scale}uned_FD6A_"
            f"{pol}.tif")


def s1tiling_name(start, pol="vv", direction="ASC", orbit=142, tile="50TMK", mission="s1a",
                  joined=False):
    """An S1Tiling tile name (``joined``: two images concatenated, time txxxxxx)."""
    stamp = f"{start:%Y%m%d}t" + ("xxxxxx" if joined else f"{start:%H%M%S}")
    return f"{mission}_{tile}_{pol}_{direction}_{orbit:03d}_{stamp}.tif"


def write_sigma0(path, values, origin=ORIGIN, cell=CELL, epsg=EPSG, nodata=None, tags=None,
                 descriptions=None, dtype="float32"):
    """Write σ⁰ (rows, cols) or (bands, rows, cols) as a GeoTIFF; return the path."""
    data = np.asarray(values, dtype=dtype)
    if data.ndim == 2:
        data = data[np.newaxis]
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1],
                   count=data.shape[0], dtype=dtype, transform=from_origin(*origin, cell, cell),
                   nodata=nodata)
    if epsg is not None:
        profile["crs"] = f"EPSG:{epsg}"
    with rasterio.open(path, "w", **profile) as out:
        out.write(data)
        if tags:
            out.update_tags(**tags)
        for band, text in enumerate(descriptions or (), start=1):
            out.set_band_description(band, text)
    return str(path)


def db(linear):
    """Decibels of linear power (10·log10)."""
    return 10.0 * np.log10(linear)

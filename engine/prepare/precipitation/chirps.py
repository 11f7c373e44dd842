"""CHIRPS v2.0 daily precipitation (Climate Hazards Center, UC Santa Barbara), 0.05°.

Layouts read (CHC "README-CHIRPS.txt" for CHIRPS-2.0 and Funk et al. 2015, Sci. Data 2,
150066; USGS Data Series 832):

- GeoTIFF, one day per file: ``global_daily/tifs/p05/2019/chirps-v2.0.2019.06.01.tif``
  (also as distributed, gzipped ``….tif.gz``, read through GDAL's /vsigzip/): float32,
  7200 × 2000 cells of 0.05° from 180° W, 50° N (quasi-global, 50° S–50° N), north-up,
  nodata −9999; the regional sets (``africa_daily``: 1500 × 1600 from 20° W, 40° N) are
  cuts of the same grid. The day is the ``YYYY.MM.DD`` of the name.
- NetCDF, one year per file: ``global_daily/netcdf/p05/chirps-v2.0.2019.days_p05.nc``:
  ``precip`` (time, latitude, longitude), latitude ascending −49.975 … 49.975, longitude
  −179.975 … 179.975, units "mm/day", ``_FillValue``/``missing_value`` −9999, ``time`` in
  "days since 1980-1-1 0:0:0". Each time step is one band.

Values are daily totals in mm/day (:data:`...raster.global_grids.CHIRPS_005`). The day
is the one CHC labels the file or step with (its pentad/daily products are calendar days;
no time zone is published, the IR part spans 00–24 UTC).
"""
import datetime as dt
import os
import re

from ...errors import InputError
from ...raster import readable
from ...raster.dates import BandDate, parse_date_from_name
from ...raster.global_grids import CHIRPS_005
from . import placement as places
from .netcdf import NetcdfLayout, NetcdfSource, open_dataset
from .source import Day, Source, masked, text_attr

PRODUCT = "CHIRPS"
VARIABLE = "precip"
FILL = -9999.0
DAILY_UNITS = ("", "mm/day", "mm/d", "mmd-1", "mmday-1", "mm")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})\.(\d{2})\.(\d{2})(?!\d)")


def gdal_path(path):
    """The path GDAL opens: gzipped GeoTIFFs (as CHC serves them) through /vsigzip/."""
    path = str(path)
    return "/vsigzip/" + path if path.lower().endswith(".gz") else path


class ChirpsTiffSource(Source):
    """A CHIRPS daily GeoTIFF (read with rasterio)."""

    product = PRODUCT
    grid = CHIRPS_005

    def __init__(self, path, nodata, **kwargs):
        super().__init__(path, **kwargs)
        self._nodata = nodata

    def _open(self):
        return readable.open_raster(gdal_path(self.path))

    def read(self, step, lat_slice, lon_slice):
        from rasterio.windows import Window

        window = Window(lon_slice.start, lat_slice.start, lon_slice.stop - lon_slice.start,
                        lat_slice.stop - lat_slice.start)
        return masked(readable.read(self.handle(), 1, window, path=self.path),
                      (FILL, self._nodata))


class ChirpsNetcdfSource(NetcdfSource):
    product = PRODUCT
    grid = CHIRPS_005


def open_chirps_tiff(path):
    """Open a CHIRPS daily GeoTIFF as a source; InputError naming the file otherwise."""
    import rasterio

    name = os.path.basename(str(path))
    try:
        ds = rasterio.open(gdal_path(path))
    except rasterio.errors.RasterioIOError:
        raise InputError(f"'{name}' is neither a GeoTIFF nor a NetCDF file; give CHIRPS files "
                         "as downloaded (chirps-v2.0.2019.06.01.tif or .tif.gz, or "
                         "chirps-v2.0.2019.days_p05.nc).") from None
    with ds:
        if ds.crs is not None and not ds.crs.is_geographic:
            raise InputError(f"'{name}' is in a projected CRS; CHIRPS GeoTIFFs are in "
                             "geographic latitude/longitude. Give the file as downloaded.")
        place = places.from_transform(ds.transform, ds.width, ds.height, CHIRPS_005, name,
                                      PRODUCT)
        nodata = ds.nodata
    return ChirpsTiffSource(path, nodata, placement=place,
                            days=[Day(_name_date(path), 0, 1.0)], label="CHIRPS v2.0 daily")


def _name_date(path):
    name = os.path.basename(str(path))
    m = _NAME_DATE.search(name)
    date = BandDate(dt.datetime(*map(int, m.groups()))) if m else None
    date = date or parse_date_from_name(path)
    if date is None:
        raise InputError(f"No date was found in the file name '{name}'; CHIRPS daily GeoTIFFs "
                         "carry it (chirps-v2.0.2019.06.01.tif). Keep the original names.")
    return BandDate(date.when.replace(hour=0, minute=0))


def open_chirps_netcdf(path):
    """Open a CHIRPS daily NetCDF (one band per time step); InputError otherwise."""
    name = os.path.basename(str(path))
    with open_dataset(path, PRODUCT) as ds:
        if VARIABLE not in ds.variables:
            raise InputError(f"'{name}' has no variable '{VARIABLE}'; CHIRPS daily NetCDF "
                             "files (chirps-v2.0.2019.days_p05.nc) hold precip. Give the file "
                             "as downloaded.")
        var = ds.variables[VARIABLE]
        units = text_attr(var.__dict__, "units")
        if "".join(units.lower().split()) not in DAILY_UNITS:
            raise InputError(f"'{name}': precip has units '{units}', not mm/day; give CHIRPS "
                             "daily files (global_daily), not pentads or months.")
        layout = NetcdfLayout(ds, VARIABLE, name, PRODUCT)
        if layout.times is None:
            raise InputError(f"'{name}' has no time axis, so its days are unknown; give "
                             "CHIRPS daily NetCDF files as downloaded.")
        days = [Day(BandDate(t.replace(hour=0, minute=0, second=0)), k, 1.0)
                for k, t in enumerate(layout.times)]
        place = places.from_coordinates(layout.lons, layout.lats, CHIRPS_005, name, PRODUCT)
    return ChirpsNetcdfSource(path, VARIABLE, layout, (FILL,), placement=place, days=days,
                              label="CHIRPS v2.0 daily")


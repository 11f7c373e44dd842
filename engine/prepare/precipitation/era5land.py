"""ERA5-Land hourly total precipitation (``tp``) from the Copernicus Climate Data Store.

Layout and meaning (ECMWF, "ERA5-Land: data documentation", §"Accumulations" and
"Spatial grid"; ECMWF Confluence, "ERA5: How to calculate daily total precipitation",
ERA5-Land row; Muñoz-Sabater et al. 2021, Earth Syst. Sci. Data 13, 4349):

- NetCDF from the CDS (``reanalysis-era5-land``, variable "Total precipitation"):
  ``tp`` (time, latitude, longitude) in metres of water equivalent; the time axis is
  ``time`` ("hours since 1900-01-01", NetCDF classic packed int16, CDS before 2024) or
  ``valid_time`` ("seconds since 1970-01-01", NetCDF4, CDS since 2024). Fill values are
  masked by ``_FillValue``/``missing_value``.
- Grid: regular 0.1°, cell centres ON the 0.1° lines: latitude 90 … −90, longitude
  0 … 359.9 (or the requested area's longitudes) — put onto
  :data:`...raster.global_grids.ERA5LAND_01` (longitudes rolled to −180 … 179.9).
- Accumulation: ``tp`` at hour h of day d is the precipitation accumulated from 00 UTC of
  d to h (forecast step h); the value at 00 UTC of d + 1 (step 24) is the whole of day d.
  De-accumulating the hours (P_h = tp_h − tp_(h−1), P_01 = tp_01) and summing them over
  01 … 24 telescopes to exactly that value, so the daily total (mm) of day d is
  1000 × tp(d + 1, 00 UTC). A file's first 00 UTC step therefore gives the day before
  it; a day whose next 00 UTC step is in no file is left out (the importer says which).
  One-hour steps at 00 UTC only (the usual "daily" download) give the same totals.
- Daily statistics: the CDS post-processed daily statistics do not offer ERA5-Land's
  accumulated variables (ECMWF, "ERA5 family post-processed daily statistics
  documentation", table 1), so daily totals come from the hourly data as above. Monthly
  means (``reanalysis-era5-land-monthly-means``, steps a month apart) are refused.
"""
import datetime as dt
import os

from ...errors import InputError
from ...raster.dates import BandDate
from ...raster.global_grids import ERA5LAND_01
from . import placement as places
from .netcdf import NetcdfLayout, NetcdfSource, open_dataset
from .source import Day, text_attr

PRODUCT = "ERA5-Land"
VARIABLE = "tp"
METRES = ("m", "mofwaterequivalent")
MM_PER_M = 1000.0
MONTHLY_GAP = dt.timedelta(days=27)


class Era5LandSource(NetcdfSource):
    """An ERA5-Land file: one daily total per 00 UTC step; ``partial`` = days it has hours
    of but whose total (the next day's 00 UTC step) it does not hold."""

    product = PRODUCT
    grid = ERA5LAND_01

    def __init__(self, path, variable, layout, fills, partial, **kwargs):
        super().__init__(path, variable, layout, fills, **kwargs)
        self.partial = partial


def open_era5land(path):
    """Open an ERA5-Land ``tp`` NetCDF file as a source; InputError naming it otherwise."""
    name = os.path.basename(str(path))
    with open_dataset(path, PRODUCT) as ds:
        if VARIABLE not in ds.variables:
            raise InputError(f"'{name}' has no variable '{VARIABLE}'; download 'Total "
                             "precipitation' of ERA5-Land hourly data (reanalysis-era5-land) "
                             "as NetCDF.")
        units = text_attr(ds.variables[VARIABLE].__dict__, "units")
        if "".join(units.lower().split()) not in METRES:
            raise InputError(f"'{name}': tp has units '{units}', not metres (m); give "
                             "ERA5-Land hourly total precipitation as downloaded.")
        layout = NetcdfLayout(ds, VARIABLE, name, PRODUCT)
        if layout.times is None:
            raise InputError(f"'{name}' has no time axis, so its days are unknown; give "
                             "ERA5-Land hourly NetCDF files as downloaded.")
        _refuse_monthly(layout.times, name)
        place = places.from_coordinates(layout.lons, layout.lats, ERA5LAND_01, name,
                                        PRODUCT + " (0.1°; ERA5 at 0.25° is another product)")
    days, partial = daily_steps(layout.times)
    return Era5LandSource(path, VARIABLE, layout, (), partial, placement=place, days=days,
                          label="ERA5-Land hourly tp")


def daily_steps(times):
    """([Day] for each 00 UTC step: the day before it, ×1000), and the set of days the
    other steps fall in (hours after 00 UTC of day d belong to the total of day d)."""
    days, partial = [], set()
    for k, t in enumerate(times):
        if (t.hour, t.minute, t.second) == (0, 0, 0):
            days.append(Day(BandDate(t - dt.timedelta(days=1)), k, MM_PER_M))
        else:
            partial.add(t.date())
    return days, partial


def _refuse_monthly(times, name):
    gaps = [b - a for a, b in zip(times, times[1:])]
    if gaps and min(gaps) >= MONTHLY_GAP:
        raise InputError(f"'{name}' has time steps a month apart (monthly means); give "
                         "ERA5-Land hourly data (reanalysis-era5-land), whose 00 UTC steps "
                         "hold the daily totals.")

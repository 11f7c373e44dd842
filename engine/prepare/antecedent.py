"""Antecedent precipitation index (API) of a daily precipitation stack.

Surface soil moisture follows the rain of the past days, not of the day itself;
the API is the standard proxy (Kohler & Linsley 1951):

    API_t = k^Δt · API_{t−1} + P_t        (mm)

with the daily retention ``k`` (0–1; 0.85 ≈ a one-week memory) and Δt the days
since the previous band (gaps in the dates decay the index). The first band
starts from the equilibrium of the pixel's mean daily rain, P̄ / (1 − k), so the
index has no spin-up dip. Missing rain (nodata, NaN or ±inf) counts as no rain;
cells with no rain value on any date stay nodata; NaN/inf in a file that declares no
nodata is said once (:mod:`..raster.missing_values`). Processed window by window.
The output declares the unit mm when the input declares daily millimetres (mm or
mm/day).
"""
import numpy as np
import rasterio

from ..errors import InputError
from ..progress import ensure_progress
from ..raster.executors import UnitTask
from ..raster.grids import Grid
from ..raster.lazy_raster import LazyRaster
from ..raster.missing_values import nonfinite_warning, undeclared_nonfinite
from ..raster.timestack import StackWriter, Units, read_dates
from ..raster.windows import BlockWalker, read_window

DEFAULT_RETENTION = 0.85
# Declared precipitation units (lower case, spaces removed) that mean daily millimetres.
DAILY_MM = ("mm", "mm/day", "mm/d", "mmd-1", "mmday-1", "mmd⁻¹", "mmday⁻¹")


def antecedent_index(precip, retention, days, initial=None):
    """API (dates, …) of a precipitation array (dates, …) in mm; NaN/inf rain counts as 0."""
    if not 0.0 < retention < 1.0:
        raise InputError(f"The retention k must lie between 0 and 1 (got {retention:g}).")
    rain = np.where(np.isfinite(precip), precip, 0.0).astype("float64")
    if initial is None:
        span = max(1.0, float(days[-1] - days[0] + 1))
        initial = rain.sum(axis=0) / span / (1.0 - retention)
    out = np.empty(rain.shape)
    api = np.asarray(initial, "float64")
    previous = days[0] - 1
    for i, day in enumerate(days):
        api = retention ** (day - previous) * api + rain[i]
        out[i] = api
        previous = day
    never = ~np.isfinite(precip).any(axis=0)
    out[:, never] = np.nan
    return out


def antecedent_stack(input_path, output, retention=DEFAULT_RETENTION, block=256, progress=None):
    """Write the API stack of a daily precipitation time stack; return a summary dict."""
    progress = ensure_progress(progress)
    dates = read_dates(input_path, "the precipitation stack")
    order = sorted(range(len(dates)), key=lambda i: dates[i])
    if order != list(range(len(dates))):
        raise InputError("The precipitation stack's bands are not in date order. Build it with "
                         "'Build time stack', which sorts the bands by date.")
    days = np.array([d.day.toordinal() for d in dates], "float64")
    if np.any(np.diff(days) == 0):
        raise InputError("The precipitation stack has two bands on the same day; the API needs "
                         "one daily total per day.")
    grid = Grid.from_path(input_path)
    missing = undeclared = 0
    with rasterio.open(input_path) as src:
        units = api_units(Units.of(src))
    task = WindowIndex(input_path, retention, days)
    with StackWriter(output, grid, dates, units=units) as out:
        for unit, (api, lacking, nonfinite) in BlockWalker(grid, block, progress).map(task):
            missing, undeclared = missing + lacking, undeclared + nonfinite
            for b in range(len(dates)):
                out.write(b + 1, np.where(np.isfinite(api[b]), api[b], out.nodata), unit.window)
    if undeclared:
        progress.warning(nonfinite_warning(input_path, undeclared))
    if missing:
        progress.warning(f"{missing} cell-date(s) had no precipitation value and counted as no "
                         "rain.")
    progress.info(f"Antecedent precipitation index (k = {retention:g}) of {len(dates)} date(s) "
                  f"written to {output}")
    return {"dates": [d.iso for d in dates], "missing": missing, "retention": retention}


class WindowIndex(UnitTask):
    """(API (bands, h, w) in mm, number of missing cell-dates, number of cells holding
    NaN/inf in a file that declares no nodata) on a unit's window.

    A :class:`~..raster.executors.UnitTask`: holds the precipitation stack as a
    :class:`~..raster.lazy_raster.LazyRaster`, the retention and the band ``days``, so
    it computes the same result here or on a Dask worker.
    """

    def __init__(self, path, retention, days):
        self.src, self.retention, self.days = LazyRaster(path), retention, days
        with rasterio.open(path) as src:
            self.nodata = src.nodata

    def __call__(self, unit):
        precip = np.stack([read_window(self.src, b + 1, unit.window, "float64")
                           for b in range(len(self.days))])
        return (antecedent_index(precip, self.retention, self.days),
                int((~np.isfinite(precip)).sum()), undeclared_nonfinite(precip, self.nodata))


def api_units(precipitation):
    """Units of the API of precipitation in ``precipitation`` units: "mm" for daily mm.

    None (not declared) for other or undeclared units, or packed values.
    """
    text = "".join(precipitation.text.lower().split())
    return "mm" if text in DAILY_MM and not precipitation.packed else None

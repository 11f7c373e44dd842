"""Put a dated stack onto other dates: linear interpolation in time, per pixel (DESIGN §7).

Composites (8-day and 16-day MODIS) and irregular dates (Landsat) do not share the dates
of the coarse soil-moisture product, yet train and predict pair layers by date. Xu et al.
(2024), "A Spatial Downscaling Framework for SMAP Soil Moisture Based on Stacking
Strategy", Remote Sens. 16, 200 (paper 004, §3.1), made daily images from 8-day MODIS
composites by linear interpolation, then smoothed them with a Savitzky–Golay (SG) filter.
This module does the same, onto any list of target dates. All times are in days
(fractions for times of day); a date without a time is its day at 00:00.

Observation times. An observation is a band's value at a pixel (the stack's nodata and
NaN are missing). It was made on the band's date (its description; the importers date a
composite by the centre of its period), or, with an observation-day stack, on the day of
year that stack gives for the same band and pixel (MODIS "composite day of the year",
MOD09A1 "sur_refl_day_of_year": 1–366). A day of year belongs to the year of the band's
date, unless it lies more than 183 days before the band's own day of year (a composite
that crosses New Year: it is in the next year) or more than 183 days after it (the
previous year). A missing day of year (nodata, NaN, outside 1–366 or 366 in a 365-day
year) leaves the observation on its band date. Observations are sorted per pixel by time.

Rules, per pixel and target date τ, with t₀ ≤ τ the nearest earlier and t₁ > τ the
nearest later observation (values v₀, v₁):

- copied: an observation within 1e-6 day of τ gives its value v₀;
- interpolated: when t₁ − t₀ ≤ ``max_gap_days``, v₀ + (τ − t₀)/(t₁ − t₀) · (v₁ − v₀).
  The default of 16 days bridges one missing 8-day composite (observations 16 days
  apart); 0 copies observations on the target dates and interpolates nothing;
- gap: a longer gap stays nodata;
- extended: before the first or after the last observation nothing is extrapolated,
  except that τ within ``extend_days`` of that first (last) observation takes its value
  (nearest, not a trend). Default 0: no extension; a gap inside the series is never
  extended;
- outside: other dates before the first or after the last observation, and every date
  of a pixel without observations, stay nodata.

Smoothing (``sg_half_window`` m > 0, order d): before the interpolation each observation
is replaced by its SG-smoothed value, computed on the source band dates exactly as
:mod:`.gapfill` does (gaps of at most ``max_gap_days`` are bridged for the smoothing
windows and then dropped again; pixels with fewer than d + 1 observations are not
smoothed). Default m = 0: off. The smoothing uses the band dates even when per-pixel
observation days are given; the interpolation uses the per-pixel days.

The output keeps the source's grid, has one band per target date (described by the
target's ISO date), is float32 with nodata −9999 and declares the source's units.
"""
import datetime as _dt
import os
import re
from dataclasses import dataclass, replace

import numpy as np
import rasterio

from ..errors import InputError
from ..progress import ensure_progress
from ..raster import readable
from ..raster.dates import parse_iso
from ..raster.executors import UnitTask
from ..raster.grids import Grid
from ..raster.lazy_raster import LazyRaster
from ..raster.timestack import DEFAULT_NODATA, StackWriter, Units, band_dates, read_dates
from ..raster.windows import BlockWalker, nodata_mask
from .gapfill import SavitzkyGolay, block_size, check_settings, day_offsets, fill_and_smooth

DEFAULT_MAX_GAP_DAYS = 16.0  # days between the observations bounding a target date
DEFAULT_EXTEND_DAYS = 0.0  # days beyond the first/last observation given its value
DEFAULT_SG_HALF_WINDOW = 0  # bands either side; 0 = no smoothing
DEFAULT_SG_ORDER = 4  # polynomial degree (Xu et al. 2024: d = 4)

DAY_TOLERANCE = 1e-6  # days: a target this close to an observation copies it
HALF_YEAR = 183  # days: a day of year further from its band's belongs to the next/previous year
MAX_TARGET_DATES = 65535  # bands a GeoTIFF can hold
OUTCOMES = ("interpolated", "copied", "extended", "gap", "outside")


@dataclass(frozen=True)
class AlignOptions:
    """How a stack is aligned (days; see the module docstring for the rules).

    Frozen: change a copy with ``dataclasses.replace``.
    """

    max_gap_days: float = DEFAULT_MAX_GAP_DAYS
    extend_days: float = DEFAULT_EXTEND_DAYS
    sg_half_window: int = DEFAULT_SG_HALF_WINDOW
    sg_order: int = DEFAULT_SG_ORDER

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        check_settings(self.max_gap_days, self.sg_half_window, self.sg_order)
        if not np.isfinite(self.extend_days) or self.extend_days < 0:
            raise InputError(f"Extension beyond the first and last observation (EXTEND_DAYS) "
                             f"is {self.extend_days:g}; it must be zero or positive.")
        return replace(self, max_gap_days=float(self.max_gap_days),
                       extend_days=float(self.extend_days),
                       sg_half_window=int(self.sg_half_window), sg_order=int(self.sg_order))


# -- target dates ------------------------------------------------------------------------

def parse_target_dates(text):
    """Target dates from text: ISO dates and ranges ``start/end`` (every day), comma-separated.

    ``2019-04-01,2019-04-09`` or ``2019-04-01/2019-06-30`` (daily, both ends included;
    with times, ``2019-04-01T06:00/2019-04-10T06:00`` every day at 06:00). The dates are
    sorted; one given twice is used once. Raises :class:`InputError` for bad text.
    """
    items = [t for t in re.split(r"[,;\s]+", text or "") if t]
    if not items:
        raise InputError("No target dates were given. Type dates such as 2019-04-01,2019-04-09 "
                         "or a range such as 2019-04-01/2019-06-30 (every day).")
    dates = []
    for item in items:
        dates += _date_range(item) if "/" in item else [_one_date(item)]
        if len(dates) > MAX_TARGET_DATES:
            raise InputError(f"'{text.strip()}' gives more than {MAX_TARGET_DATES} dates, "
                             "more bands than a GeoTIFF can hold. Give a shorter period.")
    unique = {}
    for date in sorted(dates):
        unique.setdefault(date.when, date)
    return list(unique.values())


def _one_date(item):
    """A BandDate from one ISO date; InputError naming ``item`` otherwise."""
    date = parse_iso(item)
    if date is None:
        raise InputError(f"'{item}' is not a date. Give target dates as YYYY-MM-DD (or "
                         "YYYY-MM-DDTHH:MM) separated by commas, or a range start/end such "
                         "as 2019-04-01/2019-06-30 for every day.")
    return date


def _date_range(item):
    """Every day from start to end of ``start/end``, both included."""
    parts = item.split("/")
    if len(parts) != 2 or not all(parts):
        raise InputError(f"'{item}' is not a date range. Write a range as start/end, such as "
                         "2019-04-01/2019-06-30 (every day, both ends included).")
    start, end = _one_date(parts[0]), _one_date(parts[1])
    if end.when < start.when:
        raise InputError(f"The range '{item}' ends before it starts. Write it as start/end.")
    days = int((end.when - start.when).total_seconds() // 86400)
    if days + 1 > MAX_TARGET_DATES:
        raise InputError(f"The range '{item}' has {days + 1} days, more bands than a GeoTIFF "
                         f"can hold ({MAX_TARGET_DATES}). Give a shorter period.")
    return [replace(start, when=start.when + _dt.timedelta(days=k)) for k in range(days + 1)]


def target_dates_of(path, name=None):
    """The band dates of a target stack; InputError if one is missing or out of order."""
    dates = read_dates(path, name)
    if len(dates) > 1:
        day_offsets(dates)  # raises unless they increase band by band
    return dates


def choose_targets(target_path=None, dates_text="", target_name=None):
    """Target dates from a target stack or from text; exactly one of them is required."""
    has_stack = bool(target_path)
    has_text = bool((dates_text or "").strip())
    if has_stack and has_text:
        raise InputError("Both a target stack and target dates were given. Give one of them: "
                         "the target stack (its band dates are used) or the dates.")
    if has_stack:
        return target_dates_of(target_path, target_name or _quoted(target_path))
    if has_text:
        return parse_target_dates(dates_text)
    raise InputError("No target dates were given. Choose a target stack (typically the coarse "
                     "soil-moisture stack: its band dates are used) or type the dates, such as "
                     "2019-04-01,2019-04-09 or 2019-04-01/2019-06-30 for every day.")


# -- observation times -------------------------------------------------------------------

def days_after(dates, origin):
    """Days (float) of each BandDate after the datetime ``origin``."""
    return np.array([(d.when - origin).total_seconds() / 86400.0 for d in dates])


def _year_length(year):
    return 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365


def observation_times(day_of_year, dates, origin):
    """Days after ``origin`` of per-pixel observation days of year.

    ``day_of_year``: (bands, cells) float, NaN where unknown; ``dates``: the bands' BandDates.
    Returns (times, missing): missing days of year (NaN, outside 1–366, 366 in a 365-day
    year) take their band's date; ``missing`` counts them. New Year: see the module
    docstring.
    """
    doy = np.asarray(day_of_year, dtype=np.float64)
    times = np.empty(doy.shape)
    missing = 0
    with np.errstate(invalid="ignore"):
        for b, date in enumerate(dates):
            year, own, d = date.when.year, date.day_of_year, doy[b]
            shift = np.where(d - own < -HALF_YEAR, 1, np.where(d - own > HALF_YEAR, -1, 0))
            start = np.choose(shift + 1, [(_dt.datetime(year + s, 1, 1) - origin).total_seconds()
                                          / 86400.0 for s in (-1, 0, 1)])
            length = np.choose(shift + 1, [_year_length(year + s) for s in (-1, 0, 1)])
            ok = np.isfinite(d) & (d >= 1) & (d <= length)
            band_day = (date.when - origin).total_seconds() / 86400.0
            times[b] = np.where(ok, start + d - 1.0, band_day)
            missing += int(ok.size - np.count_nonzero(ok))
    return times, missing


def check_observation_days(path, source_dates, source_grid, source_name):
    """Refuse an observation-day stack whose band count, grid or dates differ from the source."""
    name = _quoted(path)
    with rasterio.open(path) as ds:
        count, grid, dates = ds.count, Grid.of(ds), band_dates(ds)
    if count != len(source_dates):
        raise InputError(
            f"The observation-day stack {name} has {count} band(s) but {source_name} has "
            f"{len(source_dates)}. Give the day-of-year layer imported with the same "
            "composites, one band per source band.")
    if not grid.same_as(source_grid):
        raise InputError(
            f"The observation-day stack {name} ({grid.describe()}) is not on the grid of "
            f"{source_name} ({source_grid.describe()}). Give the day-of-year layer imported "
            "with the source, on the same grid.")
    if all(dates):
        for b, (own, src) in enumerate(zip(dates, source_dates)):
            if own.when != src.when:
                raise InputError(
                    f"Band {b + 1} of the observation-day stack {name} is dated {own.iso} but "
                    f"band {b + 1} of {source_name} is dated {src.iso}. Give the day-of-year "
                    "layer of the same composites, in the same order.")


# -- the alignment of values ---------------------------------------------------------------

def smooth_observations(values, days, max_gap_days, half_window, order, smoother=None):
    """SG-smoothed observations on the band ``days``; missing values stay missing.

    ``values``: (bands, cells) float, NaN = missing. :func:`.gapfill.fill_and_smooth`
    bridges gaps of at most ``max_gap_days`` so that the windows reach across them; the
    bridged values are dropped again (the interpolation bridges gaps itself).
    """
    smoothed, _ = fill_and_smooth(values, days, max_gap_days, half_window, order,
                                  min_observations=1, smoother=smoother)
    return np.where(np.isfinite(values), smoothed, np.nan)


def align_values(values, times, targets, max_gap_days=DEFAULT_MAX_GAP_DAYS,
                 extend_days=DEFAULT_EXTEND_DAYS):
    """Values at the ``targets`` (days) from observations at ``times`` (days), per cell.

    ``values``: (bands, cells) float, NaN = missing; ``times``: (bands,) or (bands, cells)
    days, in any order (NaN = missing observation); ``targets``: (m,) days. Returns
    (result (m, cells) float32 with NaN, counts of :data:`OUTCOMES` over all targets ×
    cells). Vectorised over cells: one sweep through the sorted observations and targets.
    """
    values = np.asarray(values, dtype=np.float64)
    bands, cells = values.shape
    times = np.broadcast_to(np.asarray(times, dtype=np.float64).reshape(bands, -1),
                            values.shape)
    key = np.where(np.isfinite(values) & np.isfinite(times), times, np.inf)
    order = np.argsort(key, axis=0, kind="stable")
    # Sorted per cell, plus a padding row (inf, NaN) read after the last observation and,
    # through a negative flat index, before the first.
    t = np.vstack([np.take_along_axis(key, order, 0), np.full((1, cells), np.inf)]).ravel()
    v = np.vstack([np.take_along_axis(values, order, 0), np.full((1, cells), np.nan)]).ravel()
    targets = np.asarray(targets, dtype=np.float64)
    result = np.full((targets.size, cells), np.nan, dtype=np.float32)
    counts = dict.fromkeys(OUTCOMES, 0)
    later = np.arange(cells)  # flat index of each cell's first observation after the target
    for j in np.argsort(targets, kind="stable"):
        day = targets[j]
        while True:  # move each cell past its observations up to this target
            t1 = t[later]
            step = t1 <= day + DAY_TOLERANCE
            if not step.any():
                break
            later[step] += cells
        result[j] = _at_target(day, t, v, later, t1, cells, max_gap_days, extend_days, counts)
    return result, counts


def _at_target(day, t, v, later, t1, cells, max_gap_days, extend_days, counts):
    """One target date's values for every cell; adds its outcomes to ``counts``.

    ``later``: flat indices into the sorted ``t``, ``v`` of the next observation after the
    target (times ``t1``); the one before is ``cells`` earlier (the padding row if none).
    """
    earlier = later - cells
    t0, v0, v1 = t[earlier], v[earlier], v[later]
    has0, has1 = earlier >= 0, t1 < np.inf
    tol = DAY_TOLERANCE
    with np.errstate(invalid="ignore", divide="ignore"):
        copied = has0 & (day - t0 <= tol)
        both = ~copied & has0 & has1
        interpolated = both & (t1 - t0 <= max_gap_days + tol)
        ext_last = ~copied & has0 & ~has1 & (day - t0 <= extend_days + tol)
        ext_first = ~has0 & (t1 - day <= extend_days + tol)
        out = np.where(copied | ext_last, v0, np.nan)
        out = np.where(ext_first, v1, out)
        np.copyto(out, v0 + (day - t0) / (t1 - t0) * (v1 - v0), where=interpolated)
    extended = ext_last | ext_first
    for name, mask in (("interpolated", interpolated), ("copied", copied),
                       ("extended", extended), ("gap", both & ~interpolated)):
        counts[name] += int(np.count_nonzero(mask))
    counts["outside"] += cells - int(np.count_nonzero(copied | both | extended))
    return out


# -- the stack -----------------------------------------------------------------------------

def align_stack(path, output, targets, options=None, observation_days=None, block=None,
                progress=None):
    """Align the time stack ``path`` onto the BandDates ``targets``; write ``output``.

    ``options``: :class:`AlignOptions`; ``observation_days``: optional path of a stack of
    per-pixel observation days of year (same bands and grid as ``path``). Works window by
    window; the output is written completely or not at all. Returns a summary: the
    :data:`OUTCOMES` counts (target cells), ``bands``, ``dates`` (ISO), ``cells``,
    ``filled_percent`` (% of target cells with a value), ``missing_days``, ``grid``.
    """
    progress = ensure_progress(progress)
    options = (options or AlignOptions()).validated()
    name = _quoted(path)
    dates, grid, nodata, units = _open_source(path, name)
    days = day_offsets(dates)
    origin = dates[0].when
    if not targets:
        raise InputError("No target dates were given.")
    target_days = days_after(targets, origin)
    _check_periods(name, dates, days, targets, target_days, options,
                   observation_days is not None)
    if observation_days:
        check_observation_days(observation_days, dates, grid, name)
    # ≈ 6 float64 arrays per source band (values, times, sorting) and one float32 per target
    block = block or block_size(6 * len(dates) + len(targets))
    task = WindowAligner(path, nodata, observation_days, dates, days, target_days, options)
    totals = dict.fromkeys(OUTCOMES + ("missing_days",), 0)
    with StackWriter(output, grid, targets, DEFAULT_NODATA, units=units) as out:
        for unit, (result, counts) in BlockWalker(grid, block, progress).map(task):
            for key in totals:
                totals[key] += counts[key]
            _write_window(out, result, unit.window)
    cells = len(targets) * grid.width * grid.height
    filled = totals["interpolated"] + totals["copied"] + totals["extended"]
    summary = dict(totals, bands=len(targets), dates=[d.iso for d in targets], cells=cells,
                   filled_percent=100.0 * filled / cells, grid=grid, block=block)
    _report(progress, summary, dates, targets, options, observation_days is not None)
    return summary


def _quoted(path):
    return f"'{os.path.basename(str(path))}'"


def _open_source(path, name):
    """Dates, grid, nodata and units of the source; refuse fewer than 2 dated bands."""
    with rasterio.open(path) as ds:
        count, grid, nodata, units = ds.count, Grid.of(ds), ds.nodata, Units.of(ds)
    if count < 2:
        raise InputError(
            f"{name} has {count} band(s). Aligning to other dates needs a time stack of at "
            "least 2 dates (one band per date) to interpolate between; build one with "
            "'Build time stack'.")
    return read_dates(path, name), grid, nodata, units


def _check_periods(name, dates, days, targets, target_days, options, per_pixel):
    """Refuse target dates that all lie outside the source's period (± extension).

    With per-pixel observation days an observation may lie up to about one band spacing
    (a composite period) from its band date, so the period is widened by the median spacing.
    """
    margin = options.extend_days + DAY_TOLERANCE
    if per_pixel:
        margin += float(np.median(np.diff(days)))
    outside = (target_days < days[0] - margin) | (target_days > days[-1] + margin)
    if outside.all():
        raise InputError(
            f"Every target date ({targets[0].iso} to {targets[-1].iso}) lies outside the "
            f"period of {name} ({dates[0].iso} to {dates[-1].iso}), so there is nothing to "
            "interpolate between. Choose target dates within that period, or a stack that "
            "covers the target dates.")


class WindowAligner(UnitTask):
    """The aligned values (targets, rows, cols) of a unit's window and their counts.

    A :class:`~..raster.executors.UnitTask`: holds the source (and the optional
    observation-day stack) as :class:`~..raster.lazy_raster.LazyRaster`, the source
    ``dates`` and ``days``, the ``target_days`` and the :class:`AlignOptions`, so it
    computes the same result here or on a Dask worker.
    """

    def __init__(self, path, nodata, observation_days, dates, days, target_days, options):
        self.src, self.nodata = LazyRaster(path), nodata
        self.doy = LazyRaster(observation_days) if observation_days else None
        self.dates, self.days, self.target_days = list(dates), days, target_days
        self.options = options
        self.smoother = SavitzkyGolay(days, options.sg_half_window, options.sg_order)

    def __call__(self, unit):
        options = self.options
        values = _read_window(self.src, unit.window, self.nodata)
        shape = values.shape[1:]
        flat = values.reshape(values.shape[0], -1)
        if options.sg_half_window > 0:
            flat = smooth_observations(flat, self.days, options.max_gap_days,
                                       options.sg_half_window, options.sg_order, self.smoother)
        times, missing = self.days, 0
        if self.doy is not None:
            day_of_year = _read_window(self.doy, unit.window, self.doy.nodata)
            times, missing = observation_times(day_of_year.reshape(flat.shape), self.dates,
                                               self.dates[0].when)
        result, counts = align_values(flat, times, self.target_days, options.max_gap_days,
                                      options.extend_days)
        counts["missing_days"] = missing
        return result.reshape((len(self.target_days),) + shape), counts


def _read_window(src, window, nodata):
    """All bands of ``window`` as float64 with NaN for nodata."""
    raw = readable.read(src, None, window)
    data = raw.astype(np.float64)
    data[nodata_mask(raw, nodata)] = np.nan
    return data


def _write_window(out, result, window):
    """Write every band of ``result`` into ``window``, NaN as the output nodata."""
    result = np.where(np.isfinite(result), result, np.float32(DEFAULT_NODATA))
    for b in range(result.shape[0]):
        out.write(b + 1, result[b], window)


def _report(progress, summary, dates, targets, options, per_pixel):
    """Log what was interpolated, copied, extended and left nodata."""
    progress.info(f"Aligned {len(dates)} source dates ({dates[0].iso} to {dates[-1].iso}) "
                  f"onto {len(targets)} target dates ({targets[0].iso} to {targets[-1].iso}).")
    if options.sg_half_window > 0:
        progress.info(f"Smoothed the observations with Savitzky–Golay on the source dates "
                      f"first: half-window {options.sg_half_window} bands, order "
                      f"{options.sg_order}.")
    if per_pixel:
        progress.info(f"Observation days of year missing or not a day of the year: "
                      f"{summary['missing_days']}; those observations were placed on their "
                      "band dates.")
    progress.info(
        f"Target cells: {summary['interpolated']} interpolated between observations at "
        f"most {options.max_gap_days:g} days apart, {summary['copied']} copied from an "
        f"observation on the target date, {summary['extended']} extended from the first or "
        f"last observation (at most {options.extend_days:g} days away); {summary['gap']} "
        f"left nodata in longer gaps, {summary['outside']} left nodata before the first or "
        "after the last observation (or without any observation).")
    progress.info(f"Output cells with a value: {summary['filled_percent']:.1f} %.")
    if summary["interpolated"] + summary["copied"] + summary["extended"] == 0:
        progress.warning("No target cell got a value: raise MAX_GAP_DAYS, or check that the "
                         "target dates fall between the source's observations.")

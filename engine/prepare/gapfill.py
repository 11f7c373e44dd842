"""Temporal gap filling and Savitzky–Golay smoothing of time stacks (DESIGN §5).

Xu et al. (2024), "A Spatial Downscaling Framework for SMAP Soil Moisture Based on
Stacking Strategy", Remote Sens. 16, 200 (paper 004), fill missing MODIS values by
linear interpolation in time and then smooth them with a Savitzky–Golay (SG) filter of
half-window m = 5 and polynomial order d = 4. This module does both, per pixel, on the
real band dates (stacks are rarely evenly spaced: missed overpasses, dropped dates).

Gap filling. A gap is a run of bands without a valid value between two valid
observations at days t_a < t_b. Its length is t_b − t_a, the days between the valid
observations that bound it (one missing day between two daily observations is a 2-day
gap). A gap no longer than ``max_gap_days`` is filled by linear interpolation at each
band's date; a longer gap, and bands before the first or after the last observation
(no extrapolation), stay nodata. ``max_gap_days = 0`` fills nothing.

Smoothing. Classic SG assumes evenly spaced samples. Here each band's value becomes the
value, at the band's own date, of the least-squares polynomial of degree d fitted on the
actual day offsets of the bands in its window (the band and up to m bands either side).
On even spacing this is exactly the classic SG filter. Only bands with a value (observed
or filled) in the same unbroken run as the band take part, so smoothing never reaches
across, nor fills, a gap left as nodata. At the ends of the series and of each run the
window is cut to the bands that exist (asymmetric, no extrapolation); where fewer than
d + 1 bands remain the value passes through. ``half_window = 0`` turns smoothing off.

A pixel with fewer valid observations than ``min_observations`` (and, when smoothing,
fewer than d + 1) passes through unchanged: not filled, not smoothed.
"""
import os

import numpy as np
import rasterio

from ..errors import InputError
from ..progress import ensure_progress
from ..raster import readable
from ..raster.executors import UnitTask
from ..raster.grids import Grid
from ..raster.lazy_raster import LazyRaster
from ..raster.timestack import DEFAULT_NODATA, StackWriter, Units, read_dates
from ..raster.windows import BlockWalker

DEFAULT_MAX_GAP_DAYS = 10.0  # days between the valid observations bounding a gap
DEFAULT_SG_HALF_WINDOW = 5  # bands either side (paper 004: m = 5)
DEFAULT_SG_ORDER = 4  # polynomial degree (paper 004: d = 4)
DEFAULT_MIN_OBSERVATIONS = 5  # = d + 1 for the default order

_DAY_TOLERANCE = 1e-6  # days (0.09 s): a gap of exactly max_gap_days is filled
_WINDOW_ELEMENTS = 1 << 22  # bands × cells read per window (≈ 32 MB as float64)
_LOOKUP_BITS = 16  # SG windows up to this many bands: lookup table, not np.unique


def check_settings(max_gap_days, half_window, order, min_observations=1):
    """Raise :class:`InputError` for negative values or an SG order ≥ window (2m + 1)."""
    for label, value in (("Maximum gap (MAX_GAP_DAYS)", max_gap_days),
                         ("Savitzky–Golay half-window (SG_HALF_WINDOW)", half_window),
                         ("Savitzky–Golay order (SG_ORDER)", order),
                         ("Minimum observations (MIN_OBSERVATIONS)", min_observations)):
        if not np.isfinite(value) or value < 0:
            raise InputError(f"{label} is {value:g}; it must be zero or positive.")
    if half_window > 0 and order >= 2 * half_window + 1:
        raise InputError(
            f"The Savitzky–Golay order ({order}) must be smaller than the window of "
            f"2 × half-window + 1 = {2 * half_window + 1} bands. Lower SG_ORDER or raise "
            f"SG_HALF_WINDOW (Xu et al. 2024 use half-window 5, order 4), or set the "
            f"half-window to 0 to turn smoothing off.")


def day_offsets(dates):
    """Days (float, fractions for times of day) of each band date after the first.

    Raises :class:`InputError` unless the dates strictly increase band by band.
    """
    first = dates[0].when
    days = np.array([(d.when - first).total_seconds() / 86400.0 for d in dates])
    bad = np.flatnonzero(np.diff(days) <= 0)
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"Band {i + 2} ({dates[i + 1].iso}) does not come after band {i + 1} "
            f"({dates[i].iso}). A time stack needs one band per date in increasing date "
            "order; rebuild it with 'Build time stack'.")
    return days


def interpolate_gaps(values, days, max_gap_days):
    """Fill gaps of at most ``max_gap_days`` by linear interpolation in time.

    ``values``: (bands, cells) float array, NaN = missing; ``days``: band days.
    Returns a filled copy; gaps that are longer or open-ended stay NaN.
    """
    out = values.copy()
    if max_gap_days <= 0 or values.shape[0] < 3:
        return out
    next_value, next_day = _next_valid(values, days)
    last_value = np.full(values.shape[1], np.nan)
    last_day = np.full(values.shape[1], np.nan)
    for j, day in enumerate(days):  # one band at a time: vectorised over cells
        valid = np.isfinite(values[j])
        span = next_day[j] - last_day  # NaN when open-ended
        fill = ~valid & (span <= max_gap_days + _DAY_TOLERANCE)
        with np.errstate(invalid="ignore", divide="ignore"):
            line = last_value + (day - last_day) / span * (next_value[j] - last_value)
        np.copyto(out[j], line, where=fill)
        last_value = np.where(valid, values[j], last_value)
        last_day = np.where(valid, day, last_day)
    return out


def _next_valid(values, days):
    """Per band and cell: value and day of the next valid observation after it (NaN)."""
    next_value = np.empty_like(values)
    next_day = np.empty_like(values)
    value = np.full(values.shape[1], np.nan)
    day_after = np.full(values.shape[1], np.nan)
    for j in range(values.shape[0] - 1, -1, -1):
        next_value[j], next_day[j] = value, day_after
        valid = np.isfinite(values[j])
        value = np.where(valid, values[j], value)
        day_after = np.where(valid, days[j], day_after)
    return next_value, next_day


def _sg_weights(offsets, order):
    """Weights giving the value at offset 0 of the degree-``order`` LS polynomial.

    ``offsets``: days of the window's points relative to the target band.
    """
    scale = max(float(np.abs(offsets).max()), 1e-9)  # conditioning only
    vander = np.vander(offsets / scale, order + 1, increasing=True)
    return np.linalg.pinv(vander)[0]


class SavitzkyGolay:
    """SG smoothing on irregular dates; caches weights per (band, window pattern)."""

    def __init__(self, days, half_window, order):
        self.days = np.asarray(days, dtype=float)
        self.half_window = int(half_window)
        self.order = int(order)
        self._cache = {}

    def smooth(self, values):
        """Smoothed copy of ``values`` (bands, cells; NaN = missing, stays NaN)."""
        out = values.copy()
        if self.half_window <= 0:
            return out
        has = np.isfinite(values)
        run = _run_ids(has)
        zeroed = np.where(has, values, 0.0)
        for j in range(values.shape[0]):
            if has[j].any():
                out[j] = np.where(has[j], self._smooth_band(j, has, run, zeroed), np.nan)
        return out

    def _smooth_band(self, j, has, run, zeroed):
        """Smoothed values of band ``j`` for every cell (meaningless where it has none)."""
        lo = max(0, j - self.half_window)
        hi = min(has.shape[0], j + self.half_window + 1)
        take = has[lo:hi] & (run[lo:hi] == run[j])  # bands of j's run in its window
        uniq, inverse = _patterns(take)
        table = np.stack([self._weights(j, lo, hi, c) for c in uniq], axis=1)
        result = np.zeros(has.shape[1])
        for i, k in enumerate(range(lo, hi)):
            result += table[i][inverse] * zeroed[k]
        return result

    def _weights(self, j, lo, hi, code):
        """Weights over bands lo..hi−1 for band ``j`` and the fit pattern ``code``."""
        key = (j, code)
        if key not in self._cache:
            take = np.array([(code >> i) & 1 for i in range(hi - lo)], dtype=bool)
            weights = np.zeros(hi - lo)
            if take.sum() >= self.order + 1:
                offsets = self.days[lo:hi][take] - self.days[j]
                weights[take] = _sg_weights(offsets, self.order)
            else:  # too few points in the window: pass through
                weights[j - lo] = 1.0
            self._cache[key] = weights
        return self._cache[key]


def _run_ids(has):
    """Per band and cell: count of missing bands so far (constant along unbroken runs)."""
    run = np.empty(has.shape, dtype=np.int32)
    run[0] = ~has[0]
    for j in range(1, has.shape[0]):  # band by band: contiguous, unlike cumsum(axis=0)
        np.add(run[j - 1], ~has[j], out=run[j])
    return run


def _patterns(take):
    """Distinct columns of the (bands, cells) bool array ``take`` and each cell's index.

    A pattern is an int whose bit i says whether window band i takes part.
    """
    bits = take.shape[0]
    if bits <= _LOOKUP_BITS:
        code = np.zeros(take.shape[1], dtype=np.int64)
        for i in range(bits):
            code |= take[i].astype(np.int64) << i
        uniq = np.flatnonzero(np.bincount(code, minlength=1 << bits))
        lookup = np.zeros(1 << bits, dtype=np.int32)
        lookup[uniq] = np.arange(uniq.size, dtype=np.int32)
        return [int(c) for c in uniq], lookup[code]
    packed = np.ascontiguousarray(np.packbits(take, axis=0, bitorder="little").T)
    rows = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    uniq, inverse = np.unique(rows, return_inverse=True)
    return [int.from_bytes(bytes(u), "little") for u in uniq], inverse


def minimum_observations(half_window, order, min_observations):
    """Valid observations a pixel needs to be filled/smoothed (≥ d + 1 when smoothing)."""
    return max(int(min_observations), int(order) + 1 if half_window > 0 else 1)


def fill_and_smooth(values, days, max_gap_days=DEFAULT_MAX_GAP_DAYS,
                    half_window=DEFAULT_SG_HALF_WINDOW, order=DEFAULT_SG_ORDER,
                    min_observations=DEFAULT_MIN_OBSERVATIONS, smoother=None):
    """Gap-fill then SG-smooth a (bands, ...) array whose NaNs are missing values.

    ``days``: band dates in days (increasing). Returns (result, stats) with stats
    ``filled`` (values filled), ``missing`` (NaNs left) and ``passed`` (pixels with too
    few observations, returned unchanged). ``smoother`` reuses a :class:`SavitzkyGolay`.
    """
    shape = values.shape
    flat = np.asarray(values, dtype=np.float64).reshape(shape[0], -1)
    valid = np.isfinite(flat)
    passed = valid.sum(axis=0) < minimum_observations(half_window, order, min_observations)
    work = flat[:, ~passed] if passed.any() else flat
    filled = interpolate_gaps(work, days, max_gap_days)
    n_filled = int(np.isfinite(filled).sum() - np.isfinite(work).sum())
    smoother = smoother or SavitzkyGolay(days, half_window, order)
    smoothed = smoother.smooth(filled)
    if passed.any():
        result = flat.copy()
        result[:, ~passed] = smoothed
    else:
        result = smoothed
    stats = {"filled": n_filled, "missing": int((~np.isfinite(result)).sum()),
             "passed": int(passed.sum())}
    return result.reshape(shape), stats


def block_size(count):
    """Window edge (cells) so that a window of ``count`` bands stays ≈ 32 MB as float64."""
    for block in (512, 256, 128, 64):
        if count * block * block <= _WINDOW_ELEMENTS:
            return block
    return 32


def gap_fill_stack(path, output, max_gap_days=DEFAULT_MAX_GAP_DAYS,
                   half_window=DEFAULT_SG_HALF_WINDOW, order=DEFAULT_SG_ORDER,
                   min_observations=DEFAULT_MIN_OBSERVATIONS, block=None, progress=None):
    """Gap-fill and SG-smooth the time stack ``path`` into ``output``; return a summary.

    Works window by window (all bands of a window at once), so memory does not grow
    with the raster size. The output keeps the input's grid and band dates and is
    float32 with nodata −9999. See the module docstring for the rules.
    """
    progress = ensure_progress(progress)
    check_settings(max_gap_days, half_window, order, min_observations)
    name = f"'{os.path.basename(str(path))}'"
    dates, days, grid, src_nodata = _open_stack(path, name)
    count = len(dates)
    if half_window > 0 and 2 * half_window + 1 > count:
        progress.warning(f"The Savitzky–Golay window ({2 * half_window + 1} bands) is longer "
                         f"than the series ({count} bands); windows are cut to the bands "
                         "that exist.")
    block = block or block_size(count)
    task = WindowFiller(path, src_nodata, days, max_gap_days, half_window, order,
                        min_observations)
    totals = {"filled": 0, "missing": 0, "passed": 0}
    with rasterio.open(path) as src:
        units = Units.of(src)
    with StackWriter(output, grid, dates, DEFAULT_NODATA, units=units) as out:
        for unit, (result, stats) in BlockWalker(grid, block, progress).map(task):
            for key in totals:
                totals[key] += stats[key]
            _write_window(out, result, unit.window)
        _check_not_empty(name, totals["missing"], count * grid.width * grid.height)
    _report(progress, totals, max_gap_days, half_window, order,
            minimum_observations(half_window, order, min_observations))
    return dict(totals, bands=count, dates=[d.iso for d in dates], grid=grid, block=block)


def _check_not_empty(name, missing, values):
    """Refuse (before the output is kept) a stack all of whose ``values`` stay missing:
    the input holds no valid value, so the output would be empty."""
    if missing == values:
        raise InputError(
            f"{name} holds no valid value in any band (every cell is nodata or not a "
            "number), so the gap-filled stack would be empty and nothing was written. Check "
            "the input's nodata value and that it holds data.")


def _open_stack(path, name):
    """Dates, day offsets, grid and nodata of a stack; refuse fewer than 2 dated bands."""
    with rasterio.open(path) as ds:
        count, grid, nodata = ds.count, Grid.of(ds), ds.nodata
    if count < 2:
        raise InputError(
            f"{name} has {count} band(s). Gap filling needs a time stack of at least 2 "
            "dates (one band per date); build one with 'Build time stack'.")
    dates = read_dates(path, name)
    return dates, day_offsets(dates), grid, nodata


class WindowFiller(UnitTask):
    """:func:`fill_and_smooth` of every band of the stack at ``path`` on a unit's window.

    A :class:`~..raster.executors.UnitTask`: holds the stack as a
    :class:`~..raster.lazy_raster.LazyRaster` and the settings (``days``: band days),
    so it computes the same (result, stats) here or on a Dask worker.
    """

    def __init__(self, path, nodata, days, max_gap_days, half_window, order,
                 min_observations):
        self.src, self.nodata, self.days = LazyRaster(path), nodata, np.asarray(days)
        self.settings = (max_gap_days, half_window, order, min_observations)
        self.smoother = SavitzkyGolay(days, half_window, order)

    def __call__(self, unit):
        return fill_and_smooth(_read_window(self.src, unit.window, self.nodata), self.days,
                               *self.settings, smoother=self.smoother)


def _read_window(src, window, nodata):
    """All bands of ``window`` as float64 with NaN for nodata."""
    raw = readable.read(src, None, window)
    data = raw.astype(np.float64)
    if nodata is not None and not np.isnan(nodata):
        data[raw == np.array(nodata).astype(raw.dtype)] = np.nan
    return data


def _write_window(out, result, window):
    """Write every band of ``result`` into ``window``, NaN as the output nodata."""
    result = np.where(np.isfinite(result), result, DEFAULT_NODATA).astype(np.float32)
    for b in range(result.shape[0]):
        out.write(b + 1, result[b], window)


def _report(progress, totals, max_gap_days, half_window, order, min_obs):
    """Log what was filled, smoothed and left."""
    progress.info(f"Filled {totals['filled']} missing values by linear interpolation in "
                  f"time across gaps of at most {max_gap_days:g} days.")
    if half_window > 0:
        progress.info(f"Smoothed with Savitzky–Golay on the band dates: half-window "
                      f"{half_window} bands, order {order}.")
    progress.info(f"{totals['missing']} values stay nodata (longer gaps, before the first "
                  "or after the last observation, or in pixels passed through).")
    if totals["passed"]:
        progress.warning(f"{totals['passed']} pixel(s) with fewer than {min_obs} valid "
                         "observations were passed through unchanged.")

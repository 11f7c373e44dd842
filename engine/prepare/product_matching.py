"""Match one coarse soil-moisture product to another over their common dates and cells.

Extending a series across sensors (AMSR-E → AMSR2, AMSR2 → SMAP) needs the second
product rescaled to the first one's climatology. Paper 002 (Yan & Bai 2020, "A New
Approach for Soil Moisture Downscaling in the Presence of Seasonal Difference", §2.2
"AMSR-E and AMSR2 Soil Moisture Products") related the two sensors before joining them
into one 2002–2017 series: "Considering that the two sensors AMSR-E and AMSR2 are
slightly different, we conducted regression analysis on the two sets of soil moisture
data and obtained R² of 0.703." This module offers that linear regression and the two
other rescalings common in soil-moisture work, with the conventions of pytesmo (TU
Wien's soil-moisture toolbox, ``pytesmo.scaling``):

- ``linear_regression``, ``mean_std`` and ``cdf``: the transfer functions of
  :mod:`.transfer_functions` (formulas there).

Pairs. A pair is a source value and a reference value on the same source cell and a
common date, both valid (the files' nodata and NaN are missing; packed values are
unpacked with the band's declared scale and offset). Common dates: each source band
pairs with the reference's nearest calendar day at most ``date_tolerance`` days from
its own (the earlier one on a tie; times of day are ignored); several reference bands
on that day (AM and PM) give their mean per cell. Only common pairs enter a fit
(pytesmo's ``combine_invalid``), so seasons one product misses do not bias it.

Grids. The output keeps the source's grid and dates: what a user extending the source
series wants. The reference is therefore brought onto the source grid for the fit,
never the reverse, so every output cell is fitted on its own series: each source
cell takes the mean of the valid reference cells whose centres fall in it (reference
finer than source: SMAP 9 km → AMSR2 25 km) or, holding none, the reference cell under
its own centre (reference coarser: SMAP 36 km → AMSR2 25 km), the exact cell
membership of :class:`~..raster.regrid.Regridder` (the mean is not area-weighted;
neighbouring reference cells have nearly equal areas). Grids may differ in CRS; grids
that do not overlap are refused.

Scope. ``global``: one fit over all common pairs (robust with few dates). ``per_cell``:
every source cell with at least ``min_pairs`` pairs gets its own fit; the others
(fewer pairs, or a degenerate own fit: constant source, slope ≤ 0) take the global
fit, and the log counts them. Every fit needs at least ``min_pairs`` pairs; fewer in
all is refused. Beyond :data:`MAX_HELD_PAIRS` possible pairs only every k-th common
date is used for the fits (said in the log).

Output: the matched source, every source band (also those without a reference date),
clipped to [``clip_min``, ``clip_max``] (in the reference's units, default 0–0.6
m³/m³), float32, nodata −9999, band descriptions the source's ISO dates, the unit text
of the reference (else the source's). The agreement with the reference on the pairs
(bias = mean(matched) − mean(reference), ubRMSE, Pearson R: :func:`..metrics.agreement`)
is reported before and after matching; it is in-sample, measured on the pairs fitted.
"""
import math
import os
from dataclasses import dataclass, field, replace

import numpy as np
import rasterio
from rasterio.windows import Window

from ..errors import InputError, check_choice
from ..metrics import agreement
from ..progress import ensure_progress
from ..raster.grids import Grid, check_overlap
from ..raster.regrid import Regridder, source_region
from ..raster.timestack import DEFAULT_NODATA, StackWriter, Units, read_dates
from ..raster.windows import BlockWalker, read_window
from .transfer_functions import apply_fit, fit_groups

METHODS = ("linear_regression", "mean_std", "cdf")
SCOPES = ("global", "per_cell")
DEFAULT_PERCENTILES = (0.0, 5.0, 10.0, 30.0, 50.0, 70.0, 90.0, 95.0, 100.0)
DEFAULT_MIN_PAIRS = 20  # pairs a fit needs (pytesmo's cdf_match minobs default)
DEFAULT_CLIP = (0.0, 0.6)  # m³/m³, the physical limits of a soil-moisture map
MAX_HELD_PAIRS = 25_000_000  # pairs held for the fits (12 bytes each)
BLOCK = 512  # source cells per window side
FALLBACKS = ("too_few_pairs", "degenerate", "no_pairs")


@dataclass(frozen=True)
class MatchOptions:
    """How the source is matched to the reference (see the module docstring).

    ``method``: one of :data:`METHODS`; ``scope``: one of :data:`SCOPES`; ``min_pairs``:
    pairs a fit needs (≥ 3); ``date_tolerance``: days (≥ 0) between a source date and
    its reference date; ``percentiles``: increasing, 0–100, at least 2 (CDF matching);
    ``clip_min``/``clip_max``: output limits in the reference's units (m³/m³).
    Frozen: change a copy with ``dataclasses.replace``.
    """

    method: str = "linear_regression"
    scope: str = "global"
    min_pairs: int = DEFAULT_MIN_PAIRS
    date_tolerance: int = 0
    percentiles: tuple = DEFAULT_PERCENTILES
    clip_min: float = DEFAULT_CLIP[0]
    clip_max: float = DEFAULT_CLIP[1]

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        check_choice(self.method, METHODS, "matching method")
        check_choice(self.scope, SCOPES, "fit scope")
        if int(self.min_pairs) != self.min_pairs or self.min_pairs < 3:
            raise InputError(f"The minimum number of pairs (MIN_PAIRS) is {self.min_pairs}; "
                             "a fit needs a whole number of at least 3 pairs.")
        if int(self.date_tolerance) != self.date_tolerance or self.date_tolerance < 0:
            raise InputError(f"The date tolerance (DATE_TOLERANCE) is {self.date_tolerance} "
                             "days; give a whole number of days, 0 or more.")
        percentiles = tuple(float(p) for p in self.percentiles)
        if (len(percentiles) < 2 or any(not 0.0 <= p <= 100.0 for p in percentiles)
                or any(b <= a for a, b in zip(percentiles, percentiles[1:]))):
            raise InputError(f"The percentiles {', '.join(f'{p:g}' for p in percentiles)} "
                             "are not usable: give at least 2 increasing values between 0 "
                             "and 100, such as 0,5,10,30,50,70,90,95,100.")
        if not self.clip_min < self.clip_max:
            raise InputError(f"The lower limit ({self.clip_min:g}) must be below the upper "
                             f"limit ({self.clip_max:g}).")
        return replace(self, min_pairs=int(self.min_pairs),
                       date_tolerance=int(self.date_tolerance), percentiles=percentiles,
                       clip_min=float(self.clip_min), clip_max=float(self.clip_max))


def parse_percentiles(text):
    """Percentiles from text such as "0,5,10,30,50,70,90,95,100"; InputError if not numbers."""
    items = [t for t in (text or "").replace(";", ",").replace(" ", ",").split(",") if t]
    try:
        return tuple(float(t) for t in items)
    except ValueError:
        raise InputError(f"'{text}' is not a list of percentiles. Give numbers between 0 and "
                         "100 separated by commas, such as 0,5,10,30,50,70,90,95,100.") from None


@dataclass(frozen=True)
class FitRecord:
    """One row of the fit table: the global fit or one cell's.

    ``scope``: "all cells" or "cell"; ``row``/``col``: the source cell (0-based, None for
    the global fit), ``x``/``y`` its centre in the source CRS; ``pairs``: its common pairs;
    ``fit``: "own" or why the global fit was used; ``slope``/``intercept``: the linear
    map (empty for CDF matching); ``knots``: the CDF points (source_pP, reference_pP).
    """

    scope: str
    row: int
    col: int
    x: float
    y: float
    pairs: int
    fit: str
    slope: float
    intercept: float
    knots: dict = field(default_factory=dict)


def knot_columns(options):
    """The table's CDF columns (key in FitRecord.knots, column name): for write_date_table."""
    if options.method != "cdf":
        return {"knots": ()}
    names = [f"{side}_p{p:g}" for side in ("source", "reference") for p in options.percentiles]
    return {"knots": tuple((name, name) for name in names)}


# -- common dates ----------------------------------------------------------------------------

def pair_dates(source_dates, reference_dates, tolerance=0):
    """For each source band, the 0-based reference bands of its reference day (may be empty).

    The reference day is the reference's calendar day nearest the source band's, at
    most ``tolerance`` days away; the earlier one on a tie. Every reference band of
    that day is returned (AM and PM), to be averaged.
    """
    days = {}
    for i, date in enumerate(reference_dates):
        days.setdefault(date.day.toordinal(), []).append(i)
    known = np.array(sorted(days))
    pairs = []
    for date in source_dates:
        gap = np.abs(known - date.day.toordinal())
        best = int(np.argmin(gap))  # the first (earlier) of equal gaps
        pairs.append(tuple(days[int(known[best])]) if gap[best] <= tolerance else ())
    return pairs


def _no_common_date(source_name, source_dates, reference_name, reference_dates, tolerance):
    within = "on the same day" if tolerance == 0 else f"within {tolerance} day(s)"
    return InputError(
        f"No date of the source {source_name} ({_span(source_dates)}) has a reference "
        f"date {within} in {reference_name} ({_span(reference_dates)}). Choose stacks "
        "that overlap in time, or allow a larger date tolerance (DATE_TOLERANCE).")


def _span(dates):
    return f"{len(dates)} band(s), {dates[0].iso} to {dates[-1].iso}"


# -- the reference on the source grid -------------------------------------------------------

class ReferenceOnSource:
    """Reference bands read on windows of the source grid (float64, NaN = missing).

    Same grid: read as is; else the :class:`~..raster.regrid.Regridder` rule (mean of
    the reference cells whose centres fall in a source cell, else the cell under its
    centre). Values are unpacked with each band's declared scale and offset.
    """

    def __init__(self, dataset, source_grid):
        self.ds, self.source = dataset, source_grid
        self.grid = Grid.of(dataset)
        self.identical = self.grid.same_as(source_grid)
        self._window = self._region = self._regridder = None

    def describe(self):
        """How the reference is put on the source grid, for the log."""
        if self.identical:
            return "the reference is on the source grid"
        return ("the reference was put on the source grid: each source cell takes the mean "
                "of the reference cells whose centres fall in it, or the reference cell "
                "under its centre when it holds none")

    def read(self, bands, window):
        """Mean per cell of the 0-based reference ``bands`` on a source ``window``."""
        values = [self._read(b, window) for b in bands]
        if len(values) == 1:
            return values[0]
        stack = np.stack(values)
        count = np.isfinite(stack).sum(axis=0)
        total = np.nansum(stack, axis=0)
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)

    def _read(self, band, window):
        if self.identical:
            return unpacked(self.ds, band, window)
        if self._window != window:
            self._window = window
            self._region = source_region(self.grid, self.source, window)
            empty = 0 in self._region[1]
            self._regridder = None if empty else Regridder(self._region, self.source, window)
        if self._regridder is None:
            return np.full((int(window.height), int(window.width)), np.nan)
        transform, shape, _ = self._region
        col = int(round((transform.c - self.grid.transform.c) / self.grid.res[0]))
        row = int(round((self.grid.transform.f - transform.f) / self.grid.res[1]))
        native = unpacked(self.ds, band, Window(col, row, shape[1], shape[0]))
        return self._regridder.apply(native)


def unpacked(dataset, band, window):
    """0-based ``band`` on ``window`` as float64 values (raw × scale + offset), NaN = missing."""
    units = Units.of(dataset, band + 1)
    raw = read_window(dataset, band + 1, window, "float64")
    return raw * units.scale + units.offset if units.packed else raw


# -- the whole step -------------------------------------------------------------------------

@dataclass
class Pairs:
    """The common pairs held for the fits: source x, reference y, flat source cell."""

    x: np.ndarray
    y: np.ndarray
    cell: np.ndarray


def match_products(source_path, reference_path, output, options=None, progress=None,
                   cell_records=True):
    """Match the source stack to the reference stack; write the matched source to ``output``.

    Returns a summary: ``pairs``, ``common_dates``, ``date_stride``, ``before`` and
    ``after`` (:func:`..metrics.agreement` of source and matched values with the
    reference on the pairs), ``own_fits`` (cells with their own fit), ``fallbacks``
    (cells per reason in :data:`FALLBACKS`, per-cell scope), ``global_params`` (the
    global fit's parameters), ``records`` (:class:`FitRecord`, the global fit first; the
    cells' only with ``cell_records``), ``clipped`` (output values raised to clip_min,
    lowered to clip_max), ``dates``.
    """
    progress = ensure_progress(progress)
    options = (options or MatchOptions()).validated()
    source_name, reference_name = _quoted(source_path), _quoted(reference_path)
    source_dates = read_dates(source_path, source_name)
    reference_dates = read_dates(reference_path, reference_name)
    source_grid, reference_grid = Grid.from_path(source_path), Grid.from_path(reference_path)
    check_overlap(source_grid, reference_grid, f"the source {source_name}",
                  f"the reference {reference_name}")
    day_pairs = pair_dates(source_dates, reference_dates, options.date_tolerance)
    common = [i for i, bands in enumerate(day_pairs) if bands]
    if not common:
        raise _no_common_date(source_name, source_dates, reference_name, reference_dates,
                              options.date_tolerance)
    stride = max(1, math.ceil(len(common) * source_grid.width * source_grid.height
                              / MAX_HELD_PAIRS))
    with rasterio.open(source_path) as src, rasterio.open(reference_path) as ref:
        reference = ReferenceOnSource(ref, source_grid)
        pairs = collect_pairs(src, reference, [(i, day_pairs[i]) for i in common[::stride]],
                              progress)
    _report_dates(progress, source_dates, reference_dates, common, stride, reference, options)
    params, records, counts = fit(pairs, source_grid, options, source_name, cell_records)
    matched = matched_pairs(pairs, params, options)
    summary = dict(pairs=int(pairs.x.size), common_dates=len(common), date_stride=stride,
                   before=agreement(pairs.x, pairs.y), after=agreement(matched, pairs.y),
                   records=records, dates=[d.iso for d in source_dates], **counts)
    _report_fit(progress, summary, options)
    units = _output_units(source_path, reference_path)
    summary["clipped"] = write_matched(source_path, output, source_dates, params, options,
                                       units, progress)
    _report_output(progress, summary, options)
    return summary


def _quoted(path):
    return f"'{os.path.basename(str(path))}'"


def collect_pairs(src, reference, band_days, progress):
    """The common pairs of the source bands ``band_days`` ((band, reference bands), 0-based).

    Windows of the source grid, the first half of the progress bar.
    """
    xs, ys, cells = [], [], []
    grid = Grid.of(src)
    walker = BlockWalker(grid, BLOCK, progress, span=(0.0, 50.0))
    for unit in walker:
        window = unit.window
        rows, cols = np.mgrid[window.row_off:window.row_off + window.height,
                              window.col_off:window.col_off + window.width]
        flat = (rows * grid.width + cols).ravel()
        cache = {}
        for band, ref_bands in band_days:
            x = unpacked(src, band, window).ravel()
            if ref_bands not in cache:
                cache[ref_bands] = reference.read(ref_bands, window).ravel()
            y = cache[ref_bands]
            ok = np.isfinite(x) & np.isfinite(y)
            xs.append(x[ok].astype(np.float32))
            ys.append(y[ok].astype(np.float32))
            cells.append(flat[ok])
    cell = np.concatenate(cells) if cells else np.zeros(0, np.int64)
    return Pairs(np.concatenate(xs), np.concatenate(ys),
                 cell.astype(np.int32 if grid.width * grid.height < 2 ** 31 else np.int64))


def fit(pairs, grid, options, source_name, cell_records=True):
    """(parameters (P, 1) or (P, cells), table records, counts) of the fits.

    The records hold the global fit and, with ``cell_records``, every cell with pairs.
    Raises :class:`InputError` when there are fewer than ``min_pairs`` pairs in all or
    the global fit is degenerate.
    """
    n = pairs.x.size
    if n < options.min_pairs:
        raise InputError(
            f"Only {n} pair(s) of source and reference values (same cell, common date) were "
            f"found; a fit needs at least {options.min_pairs} (MIN_PAIRS). Give stacks that "
            "share more dates and cells, allow a date tolerance (DATE_TOLERANCE), or lower "
            "MIN_PAIRS.")
    params, usable = fit_groups(pairs.x, pairs.y, np.zeros(n, np.int64), 1, options)
    if not usable[0]:
        raise _degenerate(pairs, params, options, source_name)
    counts = dict(global_params=params[:, 0].tolist(), own_fits=0,
                  fallbacks=dict.fromkeys(FALLBACKS, 0))
    records = [_record("all cells", None, grid, n, "own", params[:, 0], options)]
    if options.scope == "global":
        return params, records, counts
    cells = grid.width * grid.height
    own, own_usable = fit_groups(pairs.x, pairs.y, pairs.cell, cells, options)
    count = np.bincount(pairs.cell, minlength=cells)
    enough = count >= options.min_pairs
    keep = enough & own_usable
    grid_params = np.where(keep[np.newaxis], own, params)
    counts["own_fits"] = int(keep.sum())
    counts["fallbacks"] = {"too_few_pairs": int(((count > 0) & ~enough).sum()),
                           "degenerate": int((enough & ~own_usable).sum()),
                           "no_pairs": int((count == 0).sum())}
    for cell in np.flatnonzero(count) if cell_records else ():
        why = ("own" if keep[cell] else "global: too few pairs" if not enough[cell]
               else "global: degenerate own fit")
        records.append(_record("cell", int(cell), grid, int(count[cell]), why,
                               grid_params[:, cell], options))
    return grid_params, records, counts


def matched_pairs(pairs, params, options, chunk=1 << 20):
    """The pairs' source values matched and clipped, as the output holds them (chunks of
    ``chunk`` pairs, so per-cell parameters are never gathered for all pairs at once)."""
    out = np.empty(pairs.x.size)
    per_cell = params.shape[1] > 1
    for start in range(0, pairs.x.size, chunk):
        part = slice(start, start + chunk)
        out[part] = apply_fit(pairs.x[part], params[:, pairs.cell[part]] if per_cell
                              else params, options.method)
    return np.clip(out, options.clip_min, options.clip_max)


def _degenerate(pairs, params, options, source_name):
    """The InputError for a global fit that cannot be used."""
    n = pairs.x.size
    if np.ptp(pairs.x) == 0:
        return InputError(
            f"Every source value of the {n} common pairs is {float(pairs.x[0]):g}: no "
            f"function can map a constant. Check the nodata of {source_name}.")
    if options.method == "mean_std" and np.ptp(pairs.y) == 0:
        return InputError(
            f"Every reference value of the {n} common pairs is {float(pairs.y[0]):g}, so "
            "variance matching would map the source to a constant. Check the reference's "
            "nodata.")
    r = agreement(pairs.x, pairs.y)["r"]
    return InputError(
        f"The reference falls as the source rises over the {n} common pairs (regression "
        f"slope {params[0, 0]:.4g}, R = {r:.3f}), so a linear regression would turn wet "
        "into dry. Check that both stacks hold soil moisture of the same dates, or use "
        "mean–standard-deviation or CDF matching.")


def _record(scope, cell, grid, pairs, why, params, options):
    """The table row of one fit (``cell`` flat, None for the global fit)."""
    row = col = x = y = None
    if cell is not None:
        row, col = divmod(cell, grid.width)
        x, y = grid.transform * (col + 0.5, row + 0.5)
    if options.method == "cdf":
        names = [name for name, _ in knot_columns(options)["knots"]]
        return FitRecord(scope, row, col, x, y, pairs, why, None, None,
                         dict(zip(names, (float(v) for v in params))))
    return FitRecord(scope, row, col, x, y, pairs, why, float(params[0]), float(params[1]))


def _output_units(source_path, reference_path):
    """The reference's unit text (the matched values are on its scale), else the source's."""
    with rasterio.open(reference_path) as ref, rasterio.open(source_path) as src:
        text = Units.of(ref).text or Units.of(src).text
    return Units(text)


def write_matched(source_path, output, dates, params, options, units, progress):
    """Write every source band matched and clipped; return (values raised, values lowered).

    ``params``: (P, 1), or (P, cells) with one fit per source cell (row-major). The
    second half of the progress bar; the output is written completely or not at all.
    """
    raised = lowered = 0
    with rasterio.open(source_path) as src:
        grid = Grid.of(src)
        walker = BlockWalker(grid, BLOCK, progress, passes=src.count, span=(50.0, 100.0))
        with StackWriter(output, grid, dates, DEFAULT_NODATA, units=units) as out:
            local = {}  # the window's parameters, shared by its bands (units by window)
            for unit in walker.walk(walker.units(range(1, src.count + 1), by_window=True)):
                window = unit.window
                if unit.tile not in local:
                    local = {unit.tile: _window_params(params, grid, window)}
                x = unpacked(src, unit.band - 1, window).ravel()
                with np.errstate(invalid="ignore"):
                    y = apply_fit(x, local[unit.tile], options.method)
                    raised += int(np.count_nonzero(y < options.clip_min))
                    lowered += int(np.count_nonzero(y > options.clip_max))
                y = np.clip(y, options.clip_min, options.clip_max)
                y = np.where(np.isfinite(y), y, DEFAULT_NODATA).astype(np.float32)
                out.write(unit.band, y.reshape(int(window.height), int(window.width)),
                          window)
    return raised, lowered


def _window_params(params, grid, window):
    """The parameters of a window's cells (P, cells), or the global (P, 1)."""
    if params.shape[1] == 1:
        return params
    rows = np.arange(window.row_off, window.row_off + window.height)
    cols = np.arange(window.col_off, window.col_off + window.width)
    return params[:, (rows[:, np.newaxis] * grid.width + cols).ravel()]


# -- the log --------------------------------------------------------------------------------

def _report_dates(progress, source_dates, reference_dates, common, stride, reference,
                  options):
    within = "the same day" if options.date_tolerance == 0 else \
        f"a day at most {options.date_tolerance} day(s) away"
    progress.info(f"Source: {_span(source_dates)}; reference: {_span(reference_dates)}. "
                  f"Common dates (a reference date on {within}): {len(common)} of the "
                  "source's.")
    progress.info(f"Grids: {reference.describe()}.")
    if stride > 1:
        progress.warning(f"Too many possible pairs to hold: the fits use one common date "
                         f"in {stride} only.")


def _report_fit(progress, summary, options):
    progress.info(f"Pairs (same cell, common date, both valid): {summary['pairs']}.")
    params = summary["global_params"]
    if options.method == "cdf":
        k = len(params) // 2
        points = ", ".join(f"{a:.4f}→{b:.4f}" for a, b in zip(params[:k], params[k:]))
        progress.info(f"Global fit, source → reference at the percentiles "
                      f"{', '.join(f'{p:g}' for p in options.percentiles)}: {points}.")
    else:
        progress.info(f"Global fit: matched = {params[0]:.6g} × source + {params[1]:.6g}.")
    if options.scope == "per_cell":
        f = summary["fallbacks"]
        progress.info(
            f"Cells with their own fit: {summary['own_fits']}; with the global fit: "
            f"{f['too_few_pairs']} with fewer than {options.min_pairs} pairs, "
            f"{f['degenerate']} whose own fit was degenerate (constant source or slope ≤ 0), "
            f"{f['no_pairs']} without any pair.")
    for when in ("before", "after"):
        m = summary[when]
        progress.info(f"Agreement with the reference on the pairs {when} matching: bias "
                      f"{m['bias']:.4f}, ubRMSE {m['ubrmse']:.4f}, R {m['r']:.3f}.")


def _report_output(progress, summary, options):
    raised, lowered = summary["clipped"]
    progress.info(f"Clipped to {options.clip_min:g}–{options.clip_max:g}: {raised} values "
                  f"raised, {lowered} lowered; wrote {len(summary['dates'])} band(s).")

"""Sentinel-1 σ⁰ VV/VH acquisitions → daily sliding-window composites (DESIGN §7).

Xu et al. (2024), "A Spatial Downscaling Framework for SMAP Soil Moisture Based on
Stacking Strategy", Remote Sens. 16, 200 (paper 004, §2.2.4), used ascending IW
passes and made daily radar data by a sliding window: each day's value is the mean of
all Sentinel-1 images within 6 days before and after it. Here, for each chosen date τ
and polarisation:

    composite(τ) = 10·log10( mean of P_a over the acquisitions a with |day(a) − τ| ≤ N )

with P_a an acquisition's linear power at the cell (:mod:`.acquisitions`: one value per
pass), N = ``half_window_days`` (default 6, inclusive, on UTC calendar days), written
in dB (default) or linear power. Only acquisitions with a value at the cell count; a
cell none of them covers, and every cell of a date without an acquisition in its
window, is nodata (the dates are counted in the log). The count stack holds, per date
and cell, the number of acquisitions averaged (of VV; of VH when VV is not written).

Grid: with a target grid each target cell takes, per acquisition, the mean linear
power of its source cells whose centres fall in it (exact aggregation,
:class:`~..raster.regrid.Regridder`), before the temporal mean; without one, all
files must share one grid, which the outputs keep.

Dates: given (a stack's band dates, typically the coarse soil-moisture product's, or
a list) or, by default, every day from the first to the last acquisition kept.

Work goes window by window of the output grid (:class:`BlockWalker`: progress,
Cancel), each window in runs of consecutive dates (:class:`WindowComposer`, a unit
task: on the Dask cluster of the session if any, the results written here in order;
a run's composites stay within :data:`UNIT_BYTES`); in a run each acquisition is read
once and kept only while a date's window still needs it (dates and acquisitions are
walked in time order), so memory holds at most the acquisitions of one ±N-day window.
Outputs are written completely or not at all (:class:`StackWriter`).
"""
import bisect
import contextlib
import datetime as dt
import os
from dataclasses import dataclass, replace

import numpy as np
import rasterio
from rasterio.windows import Window

from ...errors import InputError, check_choice
from ...progress import ensure_progress
from ...raster import readable
from ...raster.dates import BandDate
from ...raster.executors import UnitTask
from ...raster.regrid import Regridder, source_region
from ...raster.timestack import DEFAULT_NODATA, StackWriter
from ...raster.windows import BlockWalker, read_window
from ..date_alignment import MAX_TARGET_DATES, parse_target_dates, target_dates_of
from ..optical_mosaic import BLOCK, target_block
from .acquisitions import (DIRECTION_CHOICES, assign_scales, decide_directions,
                           group_passes, select)
from .names import POLARISATIONS, compile_pattern, expand_inputs, read_sources
from .orbits import ORBITS_PER_CYCLE
from .scale import from_linear, to_linear

DEFAULT_HALF_WINDOW_DAYS = 6  # Xu et al. 2024: 6 days before and after
INPUT_SCALES = ("auto", "db", "linear")
OUTPUT_SCALES = ("db", "linear")
UNITS = {"db": "dB", "linear": "linear power"}
COUNT_NODATA = -1
MAX_LISTED = 8  # dates named in a log line
UNIT_BYTES = 64 * 2 ** 20  # bytes of composites one unit of work returns at most


@dataclass(frozen=True)
class Sentinel1Options:
    """How the composites are made (days; see the module docstring).

    ``direction``: "ascending", "descending" or "both"; ``relative_orbits``: the
    relative orbits kept (empty: all); ``input_scale``: "auto", "db" or "linear";
    ``output_scale``: "db" or "linear"; ``pattern``: a regular expression for other
    file names (:mod:`.names`); ``block``: output window edge (cells).
    """

    half_window_days: int = DEFAULT_HALF_WINDOW_DAYS
    direction: str = "ascending"
    relative_orbits: tuple = ()
    input_scale: str = "auto"
    output_scale: str = "db"
    pattern: str = ""
    block: int = BLOCK

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        check_choice(self.direction, DIRECTION_CHOICES, "orbit direction")
        check_choice(self.input_scale, INPUT_SCALES, "input scale")
        check_choice(self.output_scale, OUTPUT_SCALES, "output scale")
        days = self.half_window_days
        if days != int(days) or not 0 <= days <= 183:
            raise InputError(f"The half-window of {days} days must be a whole number of days "
                             "from 0 to 183 (Xu et al. 2024: 6).")
        orbits = tuple(int(o) for o in self.relative_orbits)
        bad = [o for o in orbits if not 1 <= o <= ORBITS_PER_CYCLE]
        if bad:
            raise InputError(f"Relative orbit {bad[0]} does not exist; Sentinel-1 relative "
                             f"orbits run from 1 to {ORBITS_PER_CYCLE}.")
        compile_pattern(self.pattern)
        return replace(self, half_window_days=int(days), relative_orbits=orbits,
                       pattern=(self.pattern or "").strip())


def choose_dates(stack_path=None, text="", stack_name=None):
    """The output dates: a stack's band dates, or dates from text, or None (every day
    spanned by the acquisitions); InputError when both are given."""
    if stack_path and (text or "").strip():
        raise InputError("Both a stack to take the dates from and dates were given. Give one "
                         "of them, or neither for every day from the first to the last "
                         "acquisition.")
    if stack_path:
        return target_dates_of(stack_path, stack_name or f"'{os.path.basename(stack_path)}'")
    if (text or "").strip():
        return parse_target_dates(text)
    return None


def composite_sentinel1(paths, outputs, dates=None, options=None, target=None, count=None,
                        progress=None):
    """Write the composites; return a summary dict.

    ``outputs``: {"VV": path, "VH": path} (a polarisation left out or None is not
    written); ``dates``: BandDates or None (every day of the acquisitions' span);
    ``target``: a :class:`Grid` or None (the files' own common grid); ``count``: path of
    the count stack or None. Summary: dates (ISO), outputs, acquisitions (number used),
    empty_dates (ISO), per_date (ISO → acquisitions in the window), grid.
    """
    options = (options or Sentinel1Options()).validated()
    progress = ensure_progress(progress)
    wanted = [p for p in POLARISATIONS if outputs.get(p)]
    if not wanted:
        raise InputError("No output was chosen. Choose where to write the VV and/or VH "
                         "composites.")
    if not paths:
        raise InputError("No Sentinel-1 file was given. Select σ⁰ GeoTIFFs (one per "
                         "acquisition and polarisation).")
    paths = list(dict.fromkeys(os.path.abspath(p) for p in expand_inputs(paths)))
    if not paths:
        raise InputError("The folders given hold no σ⁰ GeoTIFF (.tif files whose names carry "
                         "VV or VH). Select the files themselves.")
    sources = read_sources(paths, compile_pattern(options.pattern))
    _check_polarisations(sources, wanted)
    sources = [s for s in sources if s.pol in wanted]
    run = _plan(sources, wanted, options, dates, target, progress)
    _write(run, outputs, wanted, count, options, progress)
    return run.summary(outputs, wanted, count)


def _check_polarisations(sources, wanted):
    have = {s.pol for s in sources}
    for pol in wanted:
        if pol not in have:
            raise InputError(f"No {pol} file is among the inputs (found "
                             f"{', '.join(sorted(have))}). Add the {pol} files, or leave the "
                             f"{pol} output empty.")


@dataclass
class _Run:
    """What the run will do: acquisitions, dates, grid and each date's window."""

    passes: list
    dates: list
    grid: object
    target: object
    edge: int
    windows: dict  # pol → [(lo, hi)] per date: the date's passes are passes[pol][lo:hi]
    by_pol: dict  # pol → passes having that polarisation

    def used(self):
        used = set()
        for pol, spans in self.windows.items():
            for lo, hi in spans:
                used.update(id(p) for p in self.by_pol[pol][lo:hi])
        return used

    def summary(self, outputs, wanted, count):
        pol = wanted[0]
        per_date = {d.iso: hi - lo for d, (lo, hi) in zip(self.dates, self.windows[pol])}
        empty = [d.iso for d, (lo, hi) in zip(self.dates, self.windows[pol]) if hi == lo]
        files = {p: outputs[p] for p in wanted}
        if count:
            files["count"] = count
        return dict(dates=[d.iso for d in self.dates], outputs=files,
                    acquisitions=len(self.used()), empty_dates=empty, per_date=per_date,
                    grid=self.grid)


def _plan(sources, wanted, options, dates, target, progress):
    rules = _count(s.rules["date"] for s in sources)
    directions = decide_directions(sources)
    progress.info(f"Sentinel-1: {len(sources)} σ⁰ band(s) in {len({s.path for s in sources})} "
                  f"file(s); date from {_listing(rules)}; direction from "
                  f"{_listing(directions)} (the time: local solar time at the scene centre, "
                  "12–24 h ascending).")
    kept, removed = select(sources, options.direction, options.relative_orbits)
    if removed:
        progress.info(f"Filter (direction {options.direction}, relative orbits "
                      f"{', '.join(map(str, options.relative_orbits)) or 'all'}): kept "
                      f"{len(kept)}, removed {_listing(removed)}.")
    for pol in wanted:
        if not any(s.pol == pol for s in kept):
            raise InputError(f"No {pol} acquisition is left after filtering (removed: "
                             f"{_listing(removed)}). Check the orbit direction and relative "
                             f"orbits, or leave the {pol} output empty.")
    scales = assign_scales(kept, options.input_scale)
    progress.info(f"Scale of the inputs: {_listing(scales)}.")
    passes = group_passes(kept)
    if dates is None:
        dates = _daily(passes[0].day, passes[-1].day)
    grid = target if target is not None else _common_grid(kept)
    if target is not None:
        _check_reach(target, kept)
    natives = list({_grid_key(s.grid): s.grid for s in kept}.values())
    edge = options.block if target is None else target_block(natives, target, options.block)
    by_pol = {pol: [p for p in passes if p.of(pol)] for pol in {s.pol for s in kept}}
    windows = {pol: _spans(ps, dates, options.half_window_days) for pol, ps in by_pol.items()}
    run = _Run(passes, list(dates), grid, target, edge, windows, by_pol)
    if not run.used():
        raise InputError(
            f"No acquisition lies within ±{options.half_window_days} days of any date: the "
            f"acquisitions run from {passes[0].day} to {passes[-1].day}, the dates from "
            f"{dates[0].iso} to {dates[-1].iso}. Give files of the dates' period, or other "
            "dates.")
    return run


def _count(items):
    counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _listing(counts):
    return ", ".join(f"{k} {n}" for k, n in counts.items()) or "nothing"


def _daily(first, last):
    days = (last - first).days + 1
    if days > MAX_TARGET_DATES:
        raise InputError(f"The acquisitions span {days} days, more bands than a GeoTIFF can "
                         "hold. Give dates (a stack or a list) or fewer files.")
    return [BandDate(dt.datetime(first.year, first.month, first.day) + dt.timedelta(days=k))
            for k in range(days)]


def _grid_key(grid):
    return (grid.crs.to_string() if grid.crs else "", tuple(grid.transform)[:6], grid.width,
            grid.height)


def _common_grid(sources):
    first = sources[0]
    for s in sources[1:]:
        if not s.grid.same_as(first.grid):
            raise InputError(
                f"{first.name} ({first.grid.describe()}) and {s.name} ({s.grid.describe()}) "
                "are on different grids. Choose a target grid (TARGET, e.g. the 1 km study "
                "grid) to average them onto.")
    return first.grid


def _check_reach(target, sources):
    """Refuse a target grid that no file reaches (the first file's overlap error)."""
    from ...raster.grids import check_overlap

    first = None
    for s in {_grid_key(s.grid): s for s in sources}.values():
        try:
            check_overlap(target, s.grid, "The target grid", s.name)
            return
        except InputError as err:
            first = first or err
    raise first


def _spans(passes, dates, half):
    """(lo, hi) per date: the passes (sorted by day) within ±``half`` days of it."""
    days = [p.day for p in passes]
    delta = dt.timedelta(days=half)
    return [(bisect.bisect_left(days, d.day - delta), bisect.bisect_right(days, d.day + delta))
            for d in dates]


def _write(run, outputs, wanted, count, options, progress):
    half = options.half_window_days
    empty = [d.iso for d, (lo, hi) in zip(run.dates, run.windows[wanted[0]]) if hi == lo]
    progress.info(
        f"Composites: {len(run.dates)} date(s) from {run.dates[0].iso} to {run.dates[-1].iso}, "
        f"window ±{half} days; {len(run.used())} of {len(run.passes)} acquisition(s) used; "
        f"{len(empty)} date(s) without an acquisition in the window (nodata)"
        + (f": {', '.join(empty[:MAX_LISTED])}{' …' if len(empty) > MAX_LISTED else ''}"
           if empty else "")
        + f"; output {run.grid.describe()} in {UNITS[options.output_scale]}.")
    task = WindowComposer(run, wanted, options.output_scale, bool(count),
                          dates_per_unit(run.edge, len(wanted), bool(count)))
    starts = range(1, len(run.dates) + 1, task.dates_per_unit)
    walker = BlockWalker(run.grid, run.edge, progress, passes=len(starts))
    with contextlib.ExitStack() as stack:
        writers = {pol: stack.enter_context(StackWriter(
            outputs[pol], run.grid, run.dates, DEFAULT_NODATA,
            units=UNITS[options.output_scale], band_tags=_tags(run, pol, half)))
            for pol in wanted}
        counter = None if not count else stack.enter_context(StackWriter(
            count, run.grid, run.dates, COUNT_NODATA, dtype="int16", units="acquisitions",
            band_tags=_tags(run, wanted[0], half)))
        for unit, result in walker.map(task, walker.units(starts, by_window=True,
                                                          stage="composite")):
            for pol in wanted:
                for k, values in enumerate(result.values[pol]):
                    writers[pol].write(unit.band + k, values, unit.window)
            for k, n in enumerate(result.counts or ()):
                counter.write(unit.band + k, n, unit.window)


def dates_per_unit(edge, pols, with_count):
    """Dates one unit composes: as many as keep its result within :data:`UNIT_BYTES`
    (float32 per polarisation, int16 counts, on a window of ``edge`` × ``edge`` cells)."""
    per_date = edge * edge * (4 * pols + (2 if with_count else 0))
    return max(1, UNIT_BYTES // per_date)


@dataclass
class WindowComposite:
    """The composites of one unit: per polarisation the float32 bands of its dates (in
    the output scale, :data:`DEFAULT_NODATA` = none) and the int16 counts (or None)."""

    values: dict
    counts: list = None


class WindowComposer(UnitTask):
    """The unit task of the composites: one output window and a run of dates.

    ``unit.window``: the window of the output grid; ``unit.band``: its first date
    (1-based), followed by up to ``dates_per_unit`` − 1 more. Reads each acquisition
    the dates need once (files opened on each read, wherever the task runs).
    """

    def __init__(self, run, wanted, output_scale, with_count, dates_per_unit):
        self.run, self.wanted, self.output_scale = run, list(wanted), output_scale
        self.with_count, self.dates_per_unit = with_count, dates_per_unit

    def __call__(self, unit):
        bands = range(unit.band, min(unit.band + self.dates_per_unit, len(self.run.dates) + 1))
        reader = _WindowReader(self.run, unit.window)
        result = WindowComposite({pol: [] for pol in self.wanted},
                                 [] if self.with_count else None)
        with rasterio.Env():  # one GDAL environment for the unit's many opens
            for pol in self.wanted:
                for values, n in _composites(self.run, pol, reader, bands):
                    result.values[pol].append(_nodata(from_linear(values, self.output_scale)))
                    if self.with_count and pol == self.wanted[0]:
                        result.counts.append(n.astype(np.int16))
        return result


def _tags(run, pol, half):
    tags = []
    for lo, hi in run.windows[pol]:
        chosen = run.by_pol[pol][lo:hi]
        tags.append(dict(acquisition_count=str(len(chosen)), window_days=f"±{half}",
                         acquisitions=", ".join(p.label for p in chosen)))
    return tags


def _composites(run, pol, reader, bands):
    """Yield (mean linear power, number of acquisitions) per date of ``bands`` (1-based,
    consecutive) in one window."""
    passes = run.by_pol[pol]
    cache = {}
    shape = reader.shape
    for band in bands:
        lo, hi = run.windows[pol][band - 1]
        for k in [k for k in cache if k < lo]:
            del cache[k]  # out of every later window: dates and passes run in time order
        total, n = np.zeros(shape), np.zeros(shape, np.int64)
        for k in range(lo, hi):
            if k not in cache:
                cache[k] = reader.pass_values(passes[k], pol)
            values = cache[k]
            if values is not None:
                have = np.isfinite(values)
                total[have] += values[have]
                n += have
        with np.errstate(invalid="ignore", divide="ignore"):
            yield np.where(n > 0, total / np.maximum(n, 1), np.nan), n


class _WindowReader:
    """Reads acquisitions on one window of the output grid (linear power, NaN = none)."""

    def __init__(self, run, window):
        self.run, self.window = run, window
        self.shape = (int(window.height), int(window.width))
        self.regridders = {}

    def pass_values(self, acquisition, pol):
        """Mean linear power of the pass's ``pol`` sources on the window; None if none."""
        total, n = np.zeros(self.shape), np.zeros(self.shape, np.int64)
        for source in acquisition.of(pol):
            values = self._source_values(source)
            if values is not None:
                have = np.isfinite(values)
                total[have] += values[have]
                n += have
        if not n.any():
            return None
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)

    def _source_values(self, source):
        if self.run.target is None:
            with readable.open_raster(source.path) as ds:
                return to_linear(read_window(ds, source.band, self.window, "float64"),
                                 source.scale)
        key = _grid_key(source.grid)
        if key not in self.regridders:
            region = source_region(source.grid, self.run.target, self.window)
            empty = region[1][0] == 0 or region[1][1] == 0
            self.regridders[key] = None if empty else \
                (region, Regridder(region, self.run.target, self.window))
        if self.regridders[key] is None:
            return None
        region, regridder = self.regridders[key]
        transform, (h, w), _ = region
        native = source.grid.transform
        col0 = int(round((transform.c - native.c) / native.a))
        row0 = int(round((transform.f - native.f) / native.e))
        with readable.open_raster(source.path) as ds:
            values = read_window(ds, source.band, Window(col0, row0, w, h), "float64")
        return regridder.apply(to_linear(values, source.scale))


def _nodata(values):
    return np.where(np.isfinite(values), values, DEFAULT_NODATA).astype(np.float32)

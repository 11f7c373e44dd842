"""What the coarse soil-moisture importers share (SMAP, AMSR2, SMOS, ESA CCI).

- :func:`open_files`: every file identified and dated by the product's own functions,
  one product per run, no (date, overpass) twice, sorted by date;
- :class:`Screen`: the screening rules applied in order, each counted in the cells it
  removes (NaN where a rule removes a cell);
- :func:`plan_bands`: the overpass choice put into output bands (one pass, the other
  filling its gaps, or each pass its own band with the overpass time);
- :func:`write_sources`: the one write loop — strips of rows of the product's global
  array read by :class:`StripReader` (a unit task: on the Dask cluster of the session,
  if any; each read opens its file) through :class:`~..raster.windows.BlockWalker`
  into a :class:`~..raster.timestack.StackWriter` (float32, nodata −9999, units
  declared, all-or-nothing), refusing a run in which every value was removed. With
  resume on (the default), each finished source is kept beside the output
  (:mod:`~..raster.resume`): a rerun of the same files, settings and extent copies
  them and reads the rest.
"""
import datetime as dt
import os
import re
import functools
from dataclasses import asdict, dataclass, is_dataclass

import numpy as np

from ...errors import InputError
from ...progress import ensure_progress
from ...raster.dates import BandDate, parse_date_from_name
from ...raster.executors import UnitTask
from ...raster.resume import BandsWritten, grid_identity, open_checkpoint, run_identity
from ...raster.timestack import SOIL_MOISTURE_UNITS, StackWriter
from ...raster.windows import BlockWalker

FILL = -9999.0  # nodata of every output stack
STRIP_ROWS = 256  # rows read at once: memory stays bounded for global 0.1° / 9 km arrays
_DAY_TIME = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(\d{6})(?!\d)")  # 20190601000000


def file_name(path):
    """The file's base name (messages name the file the user gave)."""
    return os.path.basename(str(path))


def day_from_name(path, example):
    """The calendar day in a file name (a :class:`BandDate` without time).

    Understood: what :func:`~..raster.dates.parse_date_from_name` reads, and the
    14-digit ``YYYYMMDDhhmmss`` of ESA CCI names. ``example`` is an original name of
    the product, quoted when no date is found.
    """
    date = parse_date_from_name(path)
    if date is None:
        m = _DAY_TIME.search(file_name(path))
        if m:
            try:
                date = BandDate(dt.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))))
            except ValueError:
                date = None
    if date is None:
        raise InputError(f"No date was found in the file name '{file_name(path)}'; the "
                         f"product's names carry it ({example}). Keep the original file "
                         "names.")
    return BandDate(dt.datetime.combine(date.day, dt.time()))


@dataclass
class ProductFile:
    """One input file: path, product, day and overpass ("A", "D", or None)."""

    path: str
    product: str
    date: BandDate
    overpass: str = None

    @property
    def name(self):
        return file_name(self.path)


def open_files(paths, describe, what):
    """Identify and date every file with ``describe(path)`` → :class:`ProductFile`.

    One product only, no (date, overpass) twice; sorted by date then overpass.
    ``what`` names the expected files in the message when none is given.
    """
    if not paths:
        raise InputError(f"No file was given. Select one or more {what}.")
    files = [describe(str(p)) for p in paths]
    first = files[0]
    other = next((f for f in files if f.product != first.product), None)
    if other is not None:
        raise InputError(f"The files mix products: '{first.name}' is {first.product} but "
                         f"'{other.name}' is {other.product}. Import each product into its "
                         "own stack.")
    files.sort(key=lambda f: (f.date, f.overpass or ""))
    for a, b in zip(files, files[1:]):
        if (a.date, a.overpass) == (b.date, b.overpass):
            passes = f" ({a.overpass} pass)" if a.overpass else ""
            raise InputError(f"'{a.name}' and '{b.name}' have the same date {a.date.iso}"
                             f"{passes}; keep one of them (e.g. the latest release).")
    return files


def check_valid_range(valid_min, valid_max):
    """Refuse an empty valid range (m³/m³)."""
    if not valid_min < valid_max:
        raise InputError(f"The valid range {valid_min}–{valid_max} m³/m³ is empty; the "
                         "minimum must be below the maximum.")


def check_grid_shape(path, shape, shapes, product):
    """The key of ``shapes`` ({key: (rows, cols)}) that ``shape`` is; InputError otherwise."""
    for key, expected in shapes.items():
        if tuple(shape) == tuple(expected):
            return key
    known = " or ".join(f"{r} × {c}" for r, c in shapes.values())
    raise InputError(f"'{file_name(path)}' holds a {' × '.join(str(n) for n in shape)} "
                     f"array, not the {product} global grid ({known}). Give the global "
                     "daily files as distributed (not subsets or regridded copies).")


class Screen:
    """The screening rules of one read, applied in order and counted per rule."""

    def __init__(self, rules):
        self.counts = dict.fromkeys(rules, 0)

    def drop(self, rule, data, where):
        """Set ``data`` to NaN where ``where`` holds and data still has a value."""
        hit = np.asarray(where) & np.isfinite(data)
        self.counts[rule] += int(hit.sum())
        data[hit] = np.nan

    def missing(self, data, rule="fill"):
        """Count the cells that hold no value already (masked fill read as NaN)."""
        self.counts[rule] += int((~np.isfinite(data)).sum())

    def range(self, data, valid_min, valid_max, rule="range"):
        """Remove values outside ``valid_min``–``valid_max``."""
        with np.errstate(invalid="ignore"):
            self.drop(rule, data, (data < valid_min) | (data > valid_max))


def add_counts(totals, counts):
    """Add one read's counts into the run's totals (in place)."""
    for rule, n in counts.items():
        totals[rule] = totals.get(rule, 0) + n


# -- overpasses into bands ------------------------------------------------------------------
@dataclass(frozen=True)
class Band:
    """One output band: its date, the file read and the file filling its gaps (or None)."""

    date: BandDate
    main: ProductFile
    filler: ProductFile = None


def at_hour(day, hour, minute=0):
    """The band date ``day`` at the overpass time (local solar time)."""
    return BandDate(dt.datetime(day.year, day.month, day.day, hour, minute), True)


def plan_bands(files, kind, first=None, second=None, times=None):
    """The output bands of dated files with overpasses ("A"/"D") or without (None).

    ``kind``: "fill" — one band per day from the ``first`` pass, its gaps filled from
    the ``second``; "only" — one band per day, ``first`` pass only; "separate" — one
    band per file, dated at ``times[pass]`` = (hour, minute). Files of a pass not used
    are left out; InputError when no file of the needed pass remains.
    """
    if kind == "separate":
        return sorted((Band(at_hour(f.date.day, *times[f.overpass]) if f.overpass
                            else f.date, f) for f in files), key=lambda b: b.date)
    by_day = {}
    for f in files:
        by_day.setdefault(f.date, {})[f.overpass] = f
    bands = []
    for day, passes in sorted(by_day.items()):
        main = passes.get(first)
        filler = passes.get(second) if kind == "fill" else None
        if main is None and filler is not None:
            main, filler = filler, None
        if main is not None:
            bands.append(Band(day, main, filler))
    if not bands:
        raise InputError(f"None of the {len(files)} file(s) is of the chosen pass "
                         f"({first}); give files of that pass or choose another pass.")
    return bands


def planned_bands(files, plan, times, progress, other):
    """:func:`plan_bands` of a (kind, first, second) ``plan``; logs how many files of the
    ``other`` pass (e.g. "orbit direction") the plan left out."""
    bands = plan_bands(files, *plan, times)
    unused = len(files) - len(bands) - sum(1 for b in bands if b.filler)
    if unused:
        progress.info(f"Files of the other {other} left out: {unused}.")
    return bands


# -- the write loop -------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """What one walk over the strips reads: ``count`` bands from ``read(strip)``.

    ``read`` takes (row slice, col slice) of the global array and returns (``count``
    float arrays with NaN = no value, in band order; {rule: cells removed}). It travels
    to cluster workers: a module-level function, a ``functools.partial`` of one or a
    plain object holding paths and settings (files are opened on each read).
    """

    name: str
    count: int
    read: object


@dataclass(frozen=True)
class BandRead:
    """Reads one :class:`Band`: ``read_file(file, strip)`` → (float array with NaN,
    counts) of the main file, its gaps filled from the filler (counted as "filled")."""

    band: Band
    read_file: object

    def __call__(self, strip):
        data, counts = self.read_file(self.band.main, strip)
        counts = dict(counts)
        if self.band.filler is not None:
            other, more = self.read_file(self.band.filler, strip)
            add_counts(counts, more)
            gaps = ~np.isfinite(data) & np.isfinite(other)
            counts["filled"] = counts.get("filled", 0) + int(gaps.sum())
            data = np.where(gaps, other, data)
        return [data], counts


def band_source(band, read_file):
    """A :class:`Source` for one :class:`Band` (see :class:`BandRead`)."""
    return Source(file_name(band.main.path), 1, BandRead(band, read_file))


@dataclass
class StripResult:
    """One strip of one source: float32 arrays (:data:`FILL` = no value) in band order,
    the counts per rule of the read and the number of values kept."""

    arrays: list
    counts: dict
    kept: int


class StripReader(UnitTask):
    """The unit task of :func:`write_sources`: reads one strip of one source.

    ``unit.band``: the 1-based source; ``unit.window``: the strip on the output grid,
    which is the cut ``window`` = (row slice, col slice) of the global array.
    """

    def __init__(self, sources, window):
        self.sources = list(sources)
        self.rows, self.cols = window

    def __call__(self, unit):
        source = self.sources[unit.band - 1]
        top = self.rows.start + unit.window.row_off
        arrays, counts = source.read((slice(top, top + unit.window.height), self.cols))
        kept, out = 0, []
        for data in arrays:
            valid = np.isfinite(data)
            kept += int(valid.sum())
            out.append(np.where(valid, data, FILL).astype("float32"))
        return StripResult(out, dict(counts), kept)


def write_sources(output, grid, window, dates, sources, progress=None,
                  units=SOIL_MOISTURE_UNITS, empty_message=None, identity=None):
    """Write ``sources`` strip by strip as the stack ``output``; return (values kept,
    {rule: cells} summed over every read).

    ``grid``: the output grid (a cut of the product's global grid); ``window``: (row
    slice, col slice) of the global array it covers. The strips are read by a
    :class:`StripReader` (on the cluster of the session, if any) and written here in
    order. With ``empty_message`` (a text, or a function of the counts), a run in which
    no value is left raises :class:`InputError` with that message and writes nothing.
    ``identity`` (:func:`~..raster.resume.run_identity`): resume from the checkpoint of
    an interrupted run with this identity, and keep each finished source; None: never.
    """
    progress = ensure_progress(progress)
    walker = BlockWalker(grid, (STRIP_ROWS, grid.width), progress, passes=len(sources))
    first_band = [int(b) for b in np.cumsum([1] + [s.count for s in sources])]
    with StackWriter(output, grid, dates=dates, nodata=FILL, units=units,
                     readable=identity is not None) as out:
        checkpoint = open_checkpoint(identity is not None, output, identity, grid, progress)
        kept, totals, todo = _reused_sources(checkpoint, out, walker, first_band)
        written, per_source = BandsWritten(walker.windows), {}
        work = walker.units(bands=todo, stage="strips")
        for unit, result in walker.map(StripReader(sources, window), work):
            band = first_band[unit.band - 1]
            for j, data in enumerate(result.arrays):
                out.write(band + j, data, window=unit.window)
            kept += result.kept
            add_counts(totals, result.counts)
            record = per_source.setdefault(unit.band, {"kept": 0, "counts": {}})
            record["kept"] += result.kept
            add_counts(record["counts"], result.counts)
            if written.add(unit.band):
                _keep_source(checkpoint, out, walker,
                             range(band, first_band[unit.band]), per_source.pop(unit.band))
        if kept == 0 and empty_message:
            raise InputError(empty_message(totals) if callable(empty_message)
                             else empty_message)
    checkpoint.discard()
    return kept, totals


def _reused_sources(checkpoint, out, walker, first_band):
    """Copy the sources the checkpoint holds into ``out``; return (values kept, counts)
    of those and the 1-based sources left to read."""
    done = checkpoint.restore({"values": out}, walker.windows, first_band[-1] - 1, "band(s)")
    kept, totals, todo = 0, {}, []
    for source, (start, end) in enumerate(zip(first_band, first_band[1:]), start=1):
        record = checkpoint.records.get(end - 1)
        if record is not None and set(range(start, end)) <= done:
            kept += record["kept"]
            add_counts(totals, record["counts"])
        else:
            todo.append(source)
    walker.drop_passes(len(first_band) - 1 - len(todo))
    return kept, totals, todo


def _keep_source(checkpoint, out, walker, bands, record):
    """Checkpoint the output ``bands`` of one source; its record with the last."""
    for band in bands:
        checkpoint.save_band(band, {"values": out}, walker.windows,
                             record if band == bands[-1] else None)


def source_identity(output, files, options, grid, bands):
    """The resume identity of an import: the product ``files`` (paths), the reading
    ``options`` (a dataclass, a functools.partial's keywords or a dict), the output
    ``grid`` and the ``bands`` planned (labels: dates and files)."""
    if isinstance(options, functools.partial):
        options = dict(options.keywords, reader=options.func.__qualname__)
    if is_dataclass(options):
        options = asdict(options)
    options = {k: asdict(v) if is_dataclass(v) else v for k, v in dict(options).items()}
    return run_identity(output, [("product file", path) for path in files], options,
                        grid=grid_identity(grid), bands=[str(b) for b in bands])


def removal_line(totals, rules, labels):
    """The log line of the cells each rule removed."""
    return "Cells removed: " + "; ".join(f"{labels[r]} {totals.get(r, 0)}" for r in rules)


def empty_message(files, totals, rules, labels, extent):
    """The message of a run that kept no value: the file(s), why (fill only, or the
    screening rule that removed most) and what to do."""
    names = f"'{files[0].name}'" if len(files) == 1 else \
        f"the {len(files)} files ('{files[0].name}' … '{files[-1].name}')"
    where = " in the chosen extent" if extent else ""
    screened = [r for r in rules if r != "fill" and totals.get(r, 0)]
    if not screened:
        return (f"No value is left in {names}{where}: it holds only fill values there. "
                "Widen the extent or check that the files cover the area.")
    worst = max(screened, key=lambda r: totals[r])
    return (f"No value is left in {names}{where}: every value was removed by the "
            f"screening (most by '{labels[worst]}': {totals[worst]} cells). Loosen that "
            "rule, widen the extent, or check that the files cover the area.")


def import_bands(bands, grid, window, read_file, output, progress=None, *, rules, labels,
                 product, extent=False, units=SOIL_MOISTURE_UNITS, filled_label=None,
                 resume=True):
    """Write :class:`Band` s (one file, or a file and its gap filler, per band) as a
    stack; log what each rule removed; return the summary (product, band dates, counts
    per rule and "filled", grid). A run that keeps no value is refused.

    ``read_file(file, strip)`` → (float array with NaN, {rule: cells removed}); it
    travels to cluster workers (a module-level function or a ``functools.partial`` of
    one, never a lambda). ``resume``: see :func:`write_sources`.
    """
    progress = ensure_progress(progress)
    files = sorted([b.main for b in bands] + [b.filler for b in bands if b.filler],
                   key=lambda f: (f.date, f.overpass or ""))
    dates = [b.date for b in bands]
    identity = source_identity(output, [f.path for f in files], read_file, grid, [
        f"{b.date.iso}: {b.main.path}" + (f" + {b.filler.path}" if b.filler else "")
        for b in bands]) if resume else None
    _, counts = write_sources(
        output, grid, window, dates, [band_source(b, read_file) for b in bands], progress,
        units, empty_message=lambda c: empty_message(files, c, rules, labels, extent),
        identity=identity)
    totals = dict.fromkeys(rules, 0)
    totals["filled"] = 0
    add_counts(totals, counts)
    progress.info(f"{product}: {len(files)} file(s) → {len(dates)} band(s) on "
                  f"{grid.describe()}.")
    progress.info(removal_line(totals, rules, labels))
    if filled_label and any(b.filler for b in bands):
        progress.info(f"{filled_label}: {totals['filled']} cell(s).")
    return {"product": product, "dates": [d.iso for d in dates], "counts": totals,
            "grid": grid}

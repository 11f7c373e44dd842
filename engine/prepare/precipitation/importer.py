"""Import precipitation product files into one dated daily stack (mm/day) on the product's grid.

Products (one per run; each module cites its specification): GPM IMERG daily
(:mod:`.imerg`, 0.1°), CHIRPS v2.0 daily (:mod:`.chirps`, 0.05°) and ERA5-Land hourly total
precipitation (:mod:`.era5land`, 0.1° with centres on the 0.1° lines). The product is
recognised from each file's layout (``product="auto"``) or checked against the one
chosen. Every band is one UTC day (00–24 UTC; CHIRPS: the day CHC labels), its ISO date
in the band description, in mm/day (float32, nodata −9999, units "mm/day" declared),
on the product's global grid cut to ``bounds`` in whole cells (or to the files' cover).

Rules, each counted in the cells it touches: fill values (declared ``_FillValue``/
``missing_value``/nodata, IMERG −9999.9, CHIRPS −9999; for CHIRPS also the ocean) are
nodata; negative totals above −1 mm/day (rounding and packing artefacts, e.g. ERA5-Land's
int16 packing) are set to 0; totals of −1 mm/day or less are removed as undeclared fill.
Work goes date by date in strips of rows (:class:`...raster.windows.BlockWalker`), so
memory stays bounded on the global grids; the strips are read by a unit task
(:class:`DayStripReader`), on the Dask cluster of the session if any, and written here
in order; a failed run leaves no output.
"""
import contextlib
import functools
import os
from dataclasses import dataclass, replace

import numpy as np

from ...errors import InputError, check_choice
from ...progress import ensure_progress
from ...raster.executors import UnitTask
from ...raster.grids import Grid
from ...raster.resume import (BandsWritten, grid_identity, open_checkpoint, options_of,
                              run_identity)
from ...raster.timestack import StackWriter
from ...raster.windows import BlockWalker
from . import chirps, era5land, imerg
from .netcdf import variable_names

PRODUCTS = ("auto", "imerg", "chirps", "era5land")
PRODUCT_NAMES = {"imerg": imerg.PRODUCT, "chirps": chirps.PRODUCT,
                 "era5land": era5land.PRODUCT}
IMERG_VARIABLES = tuple(imerg.VARIABLES)   # ("calibrated", "microwave")
UNITS = "mm/day"
NODATA = -9999.0
NEGATIVE_LIMIT = -1.0   # mm/day: negative totals above it are artefacts (→ 0), below it fill
RULES = ("fill", "negative_zeroed", "negative_removed")
RULE_LABELS = {"fill": "fill value (no estimate)", "negative_zeroed": "negative, set to 0",
               "negative_removed": "−1 mm/day or less, removed"}
STRIP_ROWS = 256


@dataclass(frozen=True)
class PrecipitationOptions:
    """Which product to expect ("auto" = recognise it from the files) and which IMERG
    variable to read ("calibrated": precipitationCal / precipitation; "microwave":
    HQprecipitation / MWprecipitation). Frozen: change a copy with ``dataclasses.replace``."""

    product: str = "auto"
    imerg_variable: str = "calibrated"

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        check_choice(self.product, PRODUCTS, "precipitation product")
        check_choice(self.imerg_variable, IMERG_VARIABLES, "IMERG variable")
        return replace(self)


def detect(path):
    """(product key, opener) recognised from the file's layout; InputError otherwise."""
    import h5py

    name = os.path.basename(str(path))
    if not os.path.isfile(str(path)):
        raise InputError(f"The file '{path}' was not found. Select existing product files.")
    if h5py.is_hdf5(str(path)):
        with h5py.File(str(path), "r") as f:
            if imerg.is_imerg(f):
                return "imerg", imerg.open_imerg
    names = variable_names(path)
    if names is not None:
        if era5land.VARIABLE in names:
            return "era5land", era5land.open_era5land
        if chirps.VARIABLE in names:
            return "chirps", chirps.open_chirps_netcdf
        raise InputError(
            f"'{name}' has none of the precipitation variables read here: tp (ERA5-Land), "
            "precip (CHIRPS), precipitationCal or precipitation (IMERG). Give the product "
            "files as downloaded.")
    if _is_geotiff(path):
        return "chirps", chirps.open_chirps_tiff
    raise InputError(f"'{name}' is not an IMERG (HDF5/NetCDF4), CHIRPS (GeoTIFF/NetCDF) or "
                     "ERA5-Land (NetCDF) file; give the product files as downloaded.")


def _is_geotiff(path):
    import rasterio

    try:
        with rasterio.open(chirps.gdal_path(path)) as ds:
            return ds.driver == "GTiff"
    except rasterio.errors.RasterioIOError:
        return False


def open_source(path, options):
    """Open one file as a source of its product, checked against ``options.product``."""
    product, opener = detect(path)
    if options.product != "auto" and product != options.product:
        raise InputError(
            f"'{os.path.basename(str(path))}' holds {PRODUCT_NAMES[product]} data, not "
            f"{PRODUCT_NAMES[options.product]}. Choose the product {PRODUCT_NAMES[product]} "
            "(or let it be recognised from the files), or give "
            f"{PRODUCT_NAMES[options.product]} files.")
    if product == "imerg":
        return opener(path, options.imerg_variable)
    return opener(path)


def open_sources(paths, options):
    """Open every file (one product only); closes what it opened when one is refused."""
    if not paths:
        raise InputError("No precipitation file was given. Select IMERG, CHIRPS or ERA5-Land "
                         "files as downloaded.")
    sources = []
    try:
        for path in paths:
            sources.append(open_source(path, options))
        mixed = [s for s in sources if s.product != sources[0].product]
        if mixed:
            raise InputError(f"The files mix products: '{sources[0].name}' is "
                             f"{sources[0].product} but '{mixed[0].name}' is "
                             f"{mixed[0].product}. Import each product into its own stack.")
    except BaseException:
        for s in sources:
            s.close()
        raise
    return sources


def plan_bands(sources):
    """[(BandDate, source, Day)] in date order; InputError when a day comes twice."""
    bands = sorted(((day.date, s, day) for s in sources for day in s.days),
                   key=lambda b: b[0])
    for (d1, s1, _), (d2, s2, _) in zip(bands, bands[1:]):
        if d1 == d2:
            where = f"'{s1.name}'" + ("" if s1 is s2 else f" and '{s2.name}'")
            raise InputError(f"The day {d1.iso} comes twice, from {where}; keep one file per "
                             "day (e.g. only the Final run of IMERG, or files that do not "
                             "overlap).")
    if not bands:
        raise InputError(_no_day_message(sources))
    return bands


def _no_day_message(sources):
    names = ", ".join(f"'{s.name}'" for s in sources[:3])
    if sources[0].product == era5land.PRODUCT:
        return (f"No daily total could be formed from {names}: an ERA5-Land day's total is "
                "the accumulation at 00 UTC of the next day. Add the file holding that step.")
    return f"No day was found in {names}; give the product files as downloaded."


def output_grid(sources, bounds):
    """The product grid cut to ``bounds`` (lon/lat degrees) or to the files' cover."""
    product_grid = sources[0].grid
    if bounds is not None:
        grid = product_grid.cut(bounds)
        rows, cols = product_grid.window_of(grid)
        if not any(s.placement.covered(rows.start, cols.start, grid.height, grid.width)
                   for s in sources):
            raise InputError("The files do not cover the requested extent; give files of "
                             "that region or change the extent.")
        return grid
    r0 = min(s.placement.row_range[0] for s in sources)
    r1 = max(s.placement.row_range[1] for s in sources)
    c0 = min(s.placement.col_range[0] for s in sources)
    c1 = max(s.placement.col_range[1] for s in sources)
    return Grid(product_grid.crs, product_grid.transform(r0, c0), c1 - c0, r1 - r0)


def screen(values, counts):
    """Apply the negative-value rules to mm/day ``values`` (NaN = no value); count them."""
    negative = np.isfinite(values) & (values < 0)
    removed = negative & (values <= NEGATIVE_LIMIT)
    counts["negative_zeroed"] += int((negative & ~removed).sum())
    counts["negative_removed"] += int(removed.sum())
    values[negative & ~removed] = 0.0
    values[removed] = np.nan
    return values


def import_precipitation(paths, output, options=None, bounds=None, progress=None,
                         resume=True):
    """Write the files' daily precipitation (mm/day) as a dated stack; return a summary.

    ``bounds`` (west, south, east, north) in degrees cut the product's global grid to
    whole cells; None keeps the cells the files cover. Summary: product, dates (ISO),
    labels (product/run/variable read), counts per rule, grid. ``resume``: keep each
    finished day beside the output and continue an interrupted run with the same
    files, options and extent (:mod:`...raster.resume`; False: never).
    """
    options = (options or PrecipitationOptions()).validated()
    progress = ensure_progress(progress)
    sources = open_sources(paths, options)
    with contextlib.ExitStack() as opened:
        for s in sources:
            opened.callback(s.close)
        bands = plan_bands(sources)
        _warn_incomplete_days(sources, bands, progress)
        grid = output_grid(sources, bounds)
        identity = run_identity(output, [("precipitation file", s.path) for s in sources],
                                options_of(options), grid=grid_identity(grid),
                                days=[f"{d.iso}: {source.path}" for d, source, _ in bands]) \
            if resume else None
        counts = _write(bands, grid, sources[0].grid, output, progress, identity)
    labels = sorted({s.label for s in sources})
    dates = [d.iso for d, _, _ in bands]
    progress.info(f"Imported {', '.join(labels)}: {len(sources)} file(s) → {len(dates)} daily "
                  f"band(s) in mm/day (UTC days {dates[0]} … {dates[-1]}) on "
                  f"{grid.describe()}.")
    progress.info("Cells per rule: " + "; ".join(f"{RULE_LABELS[r]} {counts[r]}"
                                                   for r in RULES))
    return {"product": sources[0].product, "dates": dates, "labels": labels,
            "counts": counts, "grid": grid}


@dataclass
class DayStrip:
    """One strip of one day: mm/day (float32, :data:`NODATA` = no value) and the cells
    per rule."""

    values: np.ndarray
    counts: dict


class DayStripReader(UnitTask):
    """The unit task of the import: reads, converts and screens one strip of one day.

    ``bands``: the planned (BandDate, source, Day) triples; ``window``: (row slice, col
    slice) of the product's global grid that the output grid covers. ``unit.band`` is
    the 1-based band, ``unit.window`` a strip of the output grid. The sources open
    their files on first use, wherever the task runs.
    """

    def __init__(self, bands, window):
        self.days = [(source, day) for _, source, day in bands]
        self.rows, self.cols = window

    def __call__(self, unit):
        source, day = self.days[unit.band - 1]
        top, height = self.rows.start + unit.window.row_off, unit.window.height
        width = unit.window.width
        counts = dict.fromkeys(RULES, 0)
        raw = source.placement.read(functools.partial(source.read, day.step), top,
                                    self.cols.start, height, width)
        covered = source.placement.covered(top, self.cols.start, height, width)
        counts["fill"] += covered - int(np.isfinite(raw).sum())
        values = screen(raw * day.factor, counts)
        return DayStrip(np.where(np.isfinite(values), values, NODATA).astype("float32"),
                        counts)


def _write(bands, grid, product_grid, output, progress, identity=None):
    """Write every band strip by strip (read by :class:`DayStripReader`, on the cluster
    of the session if any); the counts per rule. ``identity``: resume the checkpoint of
    an interrupted run with this identity and keep each finished day (None: never)."""
    counts = dict.fromkeys(RULES, 0)
    walker = BlockWalker(grid, (STRIP_ROWS, grid.width), progress, passes=len(bands))
    tags = [{"source_file": s.name, "product": s.label} for _, s, _ in bands]
    task = DayStripReader(bands, product_grid.window_of(grid))
    with StackWriter(output, grid, dates=[d for d, _, _ in bands], nodata=NODATA,
                     units=UNITS, band_tags=tags, readable=identity is not None) as out:
        checkpoint = open_checkpoint(identity is not None, output, identity, grid, progress)
        reused = checkpoint.restore({"values": out}, walker.windows, len(bands), "day(s)")
        walker.drop_passes(len(reused))
        for band in reused:
            _add(counts, checkpoint.records[band])
        todo = [b for b in range(1, len(bands) + 1) if b not in reused]
        written, per_day = BandsWritten(walker.windows), {}
        for unit, strip in walker.map(task, walker.units(todo, stage="days")):
            out.write(unit.band, strip.values, window=unit.window)
            _add(counts, strip.counts)
            _add(per_day.setdefault(unit.band, dict.fromkeys(RULES, 0)), strip.counts)
            if written.add(unit.band):
                checkpoint.save_band(unit.band, {"values": out}, walker.windows,
                                     per_day.pop(unit.band))
    checkpoint.discard()
    return counts


def _add(counts, more):
    """Add the cells per rule of ``more`` to ``counts``."""
    for rule, n in more.items():
        counts[rule] += n


def _warn_incomplete_days(sources, bands, progress):
    """ERA5-Land: say which days have hours in the files but no total (next 00 UTC)."""
    have = {d.day for d, _, _ in bands}
    missing = sorted(set().union(*(getattr(s, "partial", set()) for s in sources)) - have)
    if missing:
        shown = ", ".join(d.isoformat() for d in missing[:5]) + (" …" if len(missing) > 5
                                                                 else "")
        progress.warning(f"Days left out ({len(missing)}): {shown}. An ERA5-Land day's total "
                         "is the accumulation at 00 UTC of the next day, which no file holds; "
                         "add the next day's file to get them.")

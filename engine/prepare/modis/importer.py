"""Import MODIS tiles or AppEEARS layers into dated stacks, screened by their QA bits.

For each date (the file names' AYYYYDDD), the tiles of that date are mosaicked on
their common sinusoidal grid; each variable's DN are scaled (:mod:`.products`), fill
values and DN outside the valid range removed, and the QA rules of the chosen level
applied (:mod:`.qa`); every removal is counted per date and rule. Output grid: the
union of the tiles at the product's resolution (``target`` None), or a target grid,
onto which the screened values are averaged (mean of the valid source cells whose
centres fall in each target cell, the most frequent class for land cover; a
target cell finer than the native cells takes the native cell under its centre).

Band dates: the acquisition day of a daily product; for a composite (8-day, 16-day,
yearly) the centre of its period (``date_basis="centre"``, default: start + half the
period in days, the period cut at the year's end as the products cut it) or its first
day (``"start"``). Where the product records each pixel's observation day (MOD13
composite day of the year, MOD09A1 sur_refl_day_of_year) it is written as a stack of
its own (day of year, 1–366) for ``aligndates``.

Outputs, in ``folder``: ``<PRODUCT>_<variable>.tif`` stacks (float32, nodata −9999; LST
in K, indices unitless, land cover as class numbers) and, for surface reflectance, one
7-band file per date ``<PRODUCT>_reflectance_<YYYY-MM-DD>.tif`` (int16 DN, nodata
−28672, bands 1–7 in MODIS order, reflectance = DN × 0.0001: the input of
``deriveindices`` with its MODIS preset). Everything is written into a hidden folder
beside the outputs and moved into place at the end: a failed or cancelled run leaves
no output.

Each output window of a date is a :class:`ModisWindow` unit: computed in this process
or on a Dask cluster (:func:`~...raster.executors.cluster_session`; the workers open
the tiles' layers themselves, so they need read access to the files) and written here
in window order, so the bytes are the same either way.
"""
import contextlib
import datetime as dt
import math
import os
import threading
from dataclasses import dataclass, replace

import numpy as np
from affine import Affine
from rasterio.windows import Window

from ...errors import InputError, check_choice
from ...progress import ensure_progress
from ...raster import readable
from ...raster.dates import BandDate
from ...raster.folder_resume import FolderResume
from ...raster.executors import UnitTask
from ...raster.grids import Grid, check_overlap
from ...raster.lazy_raster import LazyRaster
from ...raster.timestack import DEFAULT_NODATA, StackWriter, Units
from ...raster.regrid import Regridder, source_region
from ...raster.resume import options_of
from ...raster.staging import Staging
from ...raster.windows import BlockWalker
from . import qa as qa_rules
from .products import REFLECTANCE_FILL, product as product_named
from .sources import open_granules

DATE_BASES = ("centre", "start")
BLOCK = 512  # output window edge, cells
REGRID_CACHE_BYTES = 96 << 20  # Regridders kept across dates (one per output window)


@dataclass(frozen=True)
class ModisOptions:
    """What to import and how to screen it.

    ``product``: expected product name (None = the files'); ``variables``: keys of the
    product's variables (empty = all); ``quality``: a level of :data:`.qa.LEVELS`;
    ``date_basis``: "centre" or "start" of a composite period; ``observation_days``:
    also write the per-pixel observation day where the product has it.
    """

    product: str = None
    variables: tuple = ()
    quality: str = qa_rules.DEFAULT_LEVEL
    date_basis: str = "centre"
    observation_days: bool = True
    block: int = BLOCK

    def validated(self):
        check_choice(self.quality, qa_rules.LEVELS, "quality level")
        check_choice(self.date_basis, DATE_BASES, "date basis")
        if self.product:
            product_named(self.product)
        return replace(self, variables=tuple(self.variables or ()))


def band_date(prod, start, basis):
    """The :class:`BandDate` of a granule starting on ``start`` (see module docstring)."""
    when = dt.datetime(start.year, start.month, start.day)
    if prod.period_days == 1 or basis == "start":
        return BandDate(when)
    end = min(when + dt.timedelta(days=prod.period_days), dt.datetime(start.year + 1, 1, 1))
    centre = when + (end - when) / 2
    return BandDate(centre, has_time=centre.time() != dt.time(0))


def period_text(prod, start):
    """The composite period as 'YYYY-MM-DD/YYYY-MM-DD' (first and last day)."""
    end = min(start + dt.timedelta(days=prod.period_days), dt.date(start.year + 1, 1, 1))
    return f"{start.isoformat()}/{(end - dt.timedelta(days=1)).isoformat()}"


def native_grid(granules, layer):
    """The union of the granules' grids of ``layer`` (same CRS and cell size)."""
    grids = [(g, Grid.from_path(g.path(layer))) for g in granules]
    first_g, first = grids[0]
    xres, yres = first.res
    for g, grid in grids[1:]:
        if not _same_crs(grid.crs, first.crs) or not np.allclose(grid.res, first.res,
                                                                 rtol=1e-9):
            raise InputError(f"{g.source} is on another grid ({grid.describe()}) than "
                             f"{first_g.source} ({first.describe()}). Give tiles of one "
                             "product and resolution, as distributed.")
    left = min(gr.bounds[0] for _, gr in grids)
    top = max(gr.bounds[3] for _, gr in grids)
    right = max(gr.bounds[2] for _, gr in grids)
    bottom = min(gr.bounds[1] for _, gr in grids)
    width, height = round((right - left) / xres), round((top - bottom) / yres)
    return Grid(first.crs, Affine(xres, 0, left, 0, -yres, top), width, height)


class DateReader:
    """The layers of one date's granules, read onto any region of the native CRS.

    Each layer is opened on first use (:class:`~...raster.lazy_raster.LazyRaster`) and
    stays open until :meth:`close`; one reader serves one thread.
    """

    def __init__(self, granules, crs, crs_equal):
        self.granules = granules
        self.crs = crs  # the native grid's CRS, in which regions are given
        self._crs_equal = crs_equal  # layer → bool, shared by the dates of a run
        self._open = {}
        self._bounds = None

    def _dataset(self, granule, layer):
        key = (id(granule), layer)
        if key not in self._open:
            self._open[key] = LazyRaster(granule.path(layer))
        return self._open[key].dataset

    def close(self):
        """Close every layer opened."""
        for raster in self._open.values():
            raster.close()
        self._open.clear()

    def read(self, layer, transform, shape, crs):
        """``layer`` on the region (float64, NaN where no tile or GDAL nodata)."""
        out = np.full(shape, np.nan)
        left, top = transform.c, transform.f
        right, bottom = left + shape[1] * transform.a, top + shape[0] * transform.e
        for g in self.granules:
            ds = self._dataset(g, layer)
            b = ds.bounds
            if b.left >= right or b.right <= left or b.bottom >= top or b.top <= bottom:
                continue
            part = self._lattice_read(ds, layer, transform, shape)
            if part is None:
                part = self._warp_read(ds, transform, shape, crs)
            take = np.isfinite(part)
            out[take] = part[take]
        return out

    def _lattice_read(self, ds, layer, transform, shape):
        """A direct read when the region's cells subdivide the dataset's (same CRS,
        aligned, k × k region cells per dataset cell); None otherwise."""
        t = ds.transform
        k = t.a / transform.a
        col = (transform.c - t.c) / transform.a
        row = (transform.f - t.f) / transform.e
        if not (self._same_crs(ds, layer) and abs(k - round(k)) < 1e-9 and round(k) >= 1
                and abs(t.e / transform.e - k) < 1e-9
                and abs(col - round(col)) < 1e-6 and abs(row - round(row)) < 1e-6):
            return None
        k, col, row = int(round(k)), int(round(col)), int(round(row))
        # dataset cells covering region cells [row, row + rows) at k sub-cells each
        r0, c0 = math.floor(row / k), math.floor(col / k)
        r1, c1 = math.ceil((row + shape[0]) / k), math.ceil((col + shape[1]) / k)
        rr0, cc0 = max(r0, 0), max(c0, 0)
        rr1, cc1 = min(r1, ds.height), min(c1, ds.width)
        coarse = np.full((r1 - r0, c1 - c0), np.nan)
        if rr1 > rr0 and cc1 > cc0:
            data = readable.read(ds, 1, Window(cc0, rr0, cc1 - cc0, rr1 - rr0), masked=True)
            coarse[rr0 - r0:rr1 - r0, cc0 - c0:cc1 - c0] = data.astype(np.float64).filled(np.nan)
        fine = np.repeat(np.repeat(coarse, k, axis=0), k, axis=1) if k > 1 else coarse
        i, j = row - r0 * k, col - c0 * k
        return fine[i:i + shape[0], j:j + shape[1]]

    def _same_crs(self, ds, layer):
        """Whether ``layer`` is in the native CRS: compared on its first dataset only (the
        layers of a product share their CRS across tiles and dates; PROJ is slow: the same
        WKT text, the usual case, answers without it)."""
        if layer not in self._crs_equal:
            self._crs_equal[layer] = _same_crs(ds.crs, self.crs)
        return self._crs_equal[layer]

    def _warp_read(self, ds, transform, shape, crs):
        import rasterio
        from rasterio.warp import Resampling, reproject

        part = np.full(shape, np.nan)
        with readable.reading(ds, 1, _source_window(ds, transform, shape, crs)):
            reproject(rasterio.band(ds, 1), part, dst_transform=transform,
                      dst_crs=crs, dst_nodata=np.nan, resampling=Resampling.nearest)
        return part

    def overlaps(self, region):
        """Whether any granule of the date covers part of ``region``."""
        transform, shape, _ = region
        if shape[0] == 0 or shape[1] == 0:
            return False
        left, top = transform.c, transform.f
        right, bottom = left + shape[1] * transform.a, top + shape[0] * transform.e
        return any(_overlap(b, left, bottom, right, top) for b in self.bounds())

    def bounds(self):
        """Bounds of every granule (of its first layer), read once."""
        if self._bounds is None:
            self._bounds = []
            for g in self.granules:
                layer = next(iter(g.paths))
                self._bounds.append(self._dataset(g, layer).bounds)
        return self._bounds

    def coverage(self, transform, shape):
        """Cells of the region whose centres lie inside a granule (tile or subset)."""
        rows = transform.f + (np.arange(shape[0]) + 0.5) * transform.e
        cols = transform.c + (np.arange(shape[1]) + 0.5) * transform.a
        inside = np.zeros(shape, bool)
        for b in self.bounds():
            r = (rows > b.bottom) & (rows < b.top)
            c = (cols > b.left) & (cols < b.right)
            inside |= r[:, None] & c[None, :]
        return inside


def screened(reader, prod, var, band_index, region, level, counts, qa_cache, counted=None):
    """One band of ``var`` on ``region`` in physical units, NaN where removed.

    Rules in order: the QA rules of ``level``, then "fill" (inside a tile but without
    a value: the fill value, which GDAL may already hide as nodata, or a DN outside the
    valid range), so that a cloud the product left as fill counts as cloud. Removals
    are counted among the ``counted`` cells (None = all).
    """
    transform, shape, crs = region
    name = var.layers[band_index]
    layer = prod.layer(name)
    dn = reader.read(name, transform, shape, crs)
    values = dn if any(name in g.scaled for g in reader.granules) \
        else dn * layer.scale + layer.offset
    if "coverage" not in qa_cache:
        qa_cache["coverage"] = reader.coverage(transform, shape)
    bad = qa_cache["coverage"] & ~np.isfinite(dn)
    values = np.where(bad, 0.0, values)
    if layer.fill is not None:
        bad |= dn == layer.fill
    if layer.valid is not None:
        bad |= (dn < layer.valid[0]) | (dn > layer.valid[1])
    rules = []
    if var.qa and level != "none":
        if "qa" not in qa_cache:
            qa_cache["qa"] = [np.nan_to_num(reader.read(q, transform, shape, crs)).astype(np.int64)
                              for q in var.qa_layers]
        rules = qa_rules.rules(var.qa, qa_cache["qa"], level, band_index + 1,
                               qa_cache.setdefault("rules", {}))
    return qa_rules.screen(values, rules + [("fill", bad)], counts, counted)


def observation_day(reader, prod, region):
    """The per-pixel observation day of year (1–366, NaN where missing) on ``region``."""
    transform, shape, crs = region
    layer = prod.layer(prod.obs_day)
    dn = reader.read(prod.obs_day, transform, shape, crs)
    ok = np.isfinite(dn) & (dn != layer.fill) & (dn >= layer.valid[0]) & (dn <= layer.valid[1])
    return np.where(ok, dn, np.nan)


def _variables(prod, keys):
    if not keys:
        return list(prod.variables.values())
    for key in keys:
        check_choice(key, tuple(prod.variables), f"{prod.name} variable")
    return [prod.variables[k] for k in keys]


def _check_qa_present(granules, variables, level):
    if level == "none":
        return
    for g in granules:
        for var in variables:
            for q in var.qa_layers:
                g.path(q)


def import_modis(paths, folder, options=None, target=None, progress=None, resume=True):
    """Import MODIS files into stacks in ``folder``; return a summary dict.

    ``target``: a :class:`Grid` to warp onto, or None to keep the sinusoidal grid.
    ``resume``: keep each finished date (its bands of the stacks, its reflectance file)
    in ``folder`` and continue an interrupted import of the same granules, options and
    grid (:mod:`...raster.resume`; False: never). One import of a product runs in a
    folder at a time.
    Summary: product, dates (ISO), outputs (variable → path, or list of per-date
    paths for reflectance; "observation_day" when written), counts (date → variable
    → rule → cells), kept (date → variable → share of valid cells kept), grid.
    """
    progress = ensure_progress(progress)
    options = (options or ModisOptions()).validated()
    granules = open_granules(paths, options.product)
    prod = granules[0].product
    variables = _variables(prod, options.variables)
    _check_qa_present(granules, variables, options.quality)
    starts = sorted({g.start for g in granules})
    by_date = {s: [g for g in granules if g.start == s] for s in starts}
    tiles = sorted({g.tile for g in granules})
    for s in starts:
        missing = sorted(set(tiles) - {g.tile for g in by_date[s]})
        if missing:
            progress.warning(f"{prod.name} {s.isoformat()}: tile(s) {', '.join(missing)} "
                             "missing; those cells are nodata on that date.")
    native = native_grid(granules, variables[0].layers[0])
    grid = target or native
    if target is not None:
        check_overlap(target, native, "The target grid", f"the {prod.name} tiles")
    dates = [band_date(prod, s, options.date_basis) for s in starts]
    if len({d.iso for d in dates}) < len(dates):
        raise InputError("Two composites fall on the same band date; use date basis 'start'.")
    obs = options.observation_days and prod.obs_day is not None
    os.makedirs(folder, exist_ok=True)
    summary = dict(product=prod.name, dates=[d.iso for d in dates], outputs={}, counts={},
                   kept={}, grid=grid, variables=[v.key for v in variables])
    walker = BlockWalker(grid, _block(options.block, native, target), progress,
                         passes=len(starts))
    progress.info(f"{prod.name}: {len(granules)} granule(s), {len(starts)} date(s), "
                  f"tiles {', '.join(tiles)}; output {grid.describe()}; quality "
                  f"'{options.quality}'.")
    task = ModisWindow(prod, variables, [by_date[s] for s in starts], native, target,
                       options.quality, obs)
    resumable = FolderResume(folder, prod.name, [("granule", g.path) for g in granules],
                             options_of(options), grid, dates, progress, resume)
    with resumable.locked(), Staging(folder) as staging, contextlib.ExitStack() as writers:
        stacks = _open_stacks(writers, staging, prod, variables, grid, dates, starts, obs,
                              options.date_basis, summary, readable=resume)
        reused = resumable.reuse(stacks, walker, staging, summary)
        for i in range(len(starts)):
            if i + 1 not in reused:
                files = _import_date(walker, task, prod, variables, grid, i, dates[i], stacks,
                                     staging, summary)
                resumable.keep(i + 1, stacks, walker, staging, summary, files)
            _log_date(progress, prod, dates[i], summary)
        writers.close()
    resumable.discard()
    summary["outputs"] = {k: ([os.path.join(folder, os.path.basename(p)) for p in v]
                              if isinstance(v, list) else os.path.join(folder,
                                                                       os.path.basename(v)))
                          for k, v in summary["outputs"].items()}
    return summary


def _open_stacks(writers, staging, prod, variables, grid, dates, starts, obs, basis, summary,
                 readable=False):
    stacks = {}
    tags = [dict(date_basis=_basis_text(prod, basis),
                 period=period_text(prod, s)) for s in starts]
    for var in variables:
        if var.kind == "reflectance":
            summary["outputs"][var.key] = []
            continue
        name = f"{prod.name}_{var.key}.tif"
        stacks[var.key] = writers.enter_context(StackWriter(
            staging.file(name), grid, dates, DEFAULT_NODATA, units=var.units,
            band_tags=tags, readable=readable))
        summary["outputs"][var.key] = name
    if obs:
        name = f"{prod.name}_observation_day.tif"
        stacks["observation_day"] = writers.enter_context(StackWriter(
            staging.file(name), grid, dates, DEFAULT_NODATA, units="day of year",
            band_tags=tags, readable=readable))
        summary["outputs"]["observation_day"] = name
    return stacks


def _basis_text(prod, basis):
    if prod.period_days == 1:
        return "acquisition day"
    per_pixel = " (each pixel's observation day: see the observation_day stack)" \
        if prod.obs_day else ""
    return f"{'centre' if basis == 'centre' else 'first day'} of the {prod.period_days}-day " \
           f"period{per_pixel}" if prod.period_days < 365 else \
           f"{'centre' if basis == 'centre' else 'first day'} of the year"


def _import_date(walker, task, prod, variables, grid, index, date, stacks, staging, summary):
    """Write the outputs of date ``index`` window by window (:class:`ModisWindow` units,
    in this process or on a cluster) and record its counts in ``summary``; return the
    date's own files (name → variable), finished in the staging folder."""
    counts = {v.key: {} for v in variables}
    totals = {v.key: 0 for v in variables}
    files = {}
    with contextlib.ExitStack() as opened:
        opened.callback(task.close)
        refl_writer = None
        for var in variables:
            if var.kind == "reflectance":
                name = f"{prod.name}_reflectance_{date.iso.replace(':', '')}.tif"
                refl_writer = opened.enter_context(StackWriter(
                    staging.file(name), grid, None, REFLECTANCE_FILL, dtype="int16",
                    count=7, descriptions=[f"{date.iso} band {b}" for b in range(1, 8)],
                    units=Units("reflectance", 0.0001, 0.0)))
                summary["outputs"][var.key].append(name)
                files[name] = var.key
        units = walker.units(bands=[index + 1], stage=date.iso)
        for unit, result in walker.map(task, units):
            for key, band, data in result.writes:
                writer = refl_writer if key is None else stacks[key]
                writer.write(band, data, unit.window)
            for key, found in result.counts.items():
                for rule, n in found.items():
                    counts[key][rule] = counts[key].get(rule, 0) + n
                totals[key] += result.kept[key]
    summary["counts"][date.iso] = counts
    summary["kept"][date.iso] = {k: totals[k] for k in totals}
    return files


@dataclass
class ModisResult:
    """One output window of one date.

    ``writes``: (output, band, array) in writing order, output None for the date's
    reflectance file (int16 DN, band 1–7) else the stack's key (float32, nodata −9999,
    band = the date's); ``counts``: variable → rule → values removed; ``kept``:
    variable → values kept (native cells of the window, all bands of the variable).
    """

    writes: list
    counts: dict
    kept: dict


class ModisWindow(UnitTask):
    """One output window of one date (``unit.band`` = 1-based date index): what a cluster
    computes.

    Holds the product, the variables, each date's granules (their layers' GDAL paths,
    opened on first use by the thread that reads them and kept for the units of the
    same date), the native grid, the target grid (None: the native grid), the quality
    level and whether observation days are written. A worker keeps the native regions
    and :class:`Regridder` objects of the windows it computed for the next dates
    (at most :data:`REGRID_CACHE_BYTES` of Regridders).
    """

    def __init__(self, prod, variables, granules_by_date, native, target, quality, obs):
        self.prod, self.variables = prod, list(variables)
        self.granules_by_date = [list(g) for g in granules_by_date]
        self.native, self.target, self.quality, self.obs = native, target, quality, obs
        self._reset()

    def _reset(self):
        self._lock = threading.Lock()
        # shared by the dates: window → native region, → Regridder; layer → CRS equal
        self._regions, self._regridders, self._crs_equal = {}, {}, {}

    def __getstate__(self):
        state = super().__getstate__()
        for name in ("_lock", "_regions", "_regridders", "_crs_equal"):
            del state[name]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._reset()

    def reader(self, index):
        """This thread's :class:`DateReader` of date ``index`` (0-based)."""
        return self.kept("reader", index, lambda: DateReader(
            self.granules_by_date[index], self.native.crs, self._crs_equal))

    def close(self):
        """Close the layers this thread opened."""
        self.release("reader")

    def __call__(self, unit):
        """The :class:`ModisResult` of ``unit``."""
        index, window = unit.band - 1, unit.window
        reader = self.reader(index)
        counts = {v.key: {} for v in self.variables}
        kept = {v.key: 0 for v in self.variables}
        region = self._region(unit)
        if not reader.overlaps(region):  # no tile under this window: nodata
            return ModisResult(self._empty(index, window), counts, kept)
        regridder = None if self.target is None else self._regridder(unit, region)
        counted = None if regridder is None else regridder.member  # one mask per window
        writes, qa_cache = [], {}
        for var in self.variables:
            for b in range(len(var.layers)):
                values = screened(reader, self.prod, var, b, region, self.quality,
                                  counts[var.key], qa_cache, counted)
                ok = np.isfinite(values)
                kept[var.key] += int(ok.sum() if counted is None else (ok & counted).sum())
                if regridder is not None:
                    values = regridder.apply(values, var.categorical)
                if var.kind == "reflectance":
                    dn = np.where(np.isfinite(values), np.round(values / 0.0001),
                                  REFLECTANCE_FILL)
                    writes.append((None, b + 1, dn.astype(np.int16)))
                else:
                    writes.append((var.key, index + 1, _nodata(values)))
        if self.obs:
            days = observation_day(reader, self.prod, region)
            if regridder is not None:
                days = regridder.apply(days)
            writes.append(("observation_day", index + 1, _nodata(days)))
        return ModisResult(writes, counts, kept)

    def _region(self, unit):
        """The native region (transform, shape, crs) the output window needs."""
        window = unit.window
        if self.target is None:
            return (self.native.window_transform(window),
                    (int(window.height), int(window.width)), self.native.crs)
        region = self._regions.get(unit.tile)  # the same for every date
        if region is None:
            region = source_region(self.native, self.target, window)
            self._regions[unit.tile] = region
        return region

    def _regridder(self, unit, region):
        """The window's :class:`Regridder`, kept for the next dates while memory allows."""
        regridder = self._regridders.get(unit.tile)
        if regridder is None:
            regridder = Regridder(region, self.target, unit.window)
            with self._lock:
                held = sum(r.nbytes for r in self._regridders.values())
                if held + regridder.nbytes <= REGRID_CACHE_BYTES:  # memory stays bounded
                    self._regridders[unit.tile] = regridder
        return regridder

    def _empty(self, index, window):
        """Nodata in every output of a window no granule covers."""
        shape = (int(window.height), int(window.width))
        writes = []
        for var in self.variables:
            if var.kind == "reflectance":
                writes += [(None, b + 1, np.full(shape, REFLECTANCE_FILL, np.int16))
                           for b in range(len(var.layers))]
            else:
                writes.append((var.key, index + 1, np.full(shape, DEFAULT_NODATA, np.float32)))
        if self.obs:
            writes.append(("observation_day", index + 1,
                           np.full(shape, DEFAULT_NODATA, np.float32)))
        return writes


def _block(block, native, target):
    """Output window edge: ``block`` cells, less when the native cells are finer than the
    target's, so that a window's native region stays near ``block``² cells."""
    if target is None:
        return block
    from ...raster.grids import km_scale

    ratio = km_scale(target)[0] / km_scale(native)[0]
    return int(max(32, min(block, block / max(ratio, 1e-9))))


def _source_window(ds, transform, shape, crs):
    """The window of ``ds`` under a region of ``crs`` (for messages; None: all of it)."""
    from rasterio.errors import RasterioError
    from rasterio.warp import transform_bounds
    from rasterio.windows import from_bounds

    left, top = transform.c, transform.f
    right, bottom = left + shape[1] * transform.a, top + shape[0] * transform.e
    try:
        box = transform_bounds(crs, ds.crs, left, bottom, right, top)
        window = from_bounds(*box, transform=ds.transform).round_offsets().round_lengths()
        return window.intersection(Window(0, 0, ds.width, ds.height))
    except (ValueError, RasterioError):  # outside the CRS's area, or of the layer
        return None


def _same_crs(a, b):
    """Whether two CRSs are the same; the same WKT text (the usual case between the layers
    and tiles of a product) answers without PROJ's slow comparison (≈ 0.2 s each)."""
    return a.to_wkt() == b.to_wkt() or a == b


def _overlap(b, left, bottom, right, top):
    return b.left < right and b.right > left and b.bottom < top and b.top > bottom


def _nodata(values):
    return np.where(np.isfinite(values), values, DEFAULT_NODATA).astype(np.float32)


def _log_date(progress, prod, date, summary):
    for key, counts in summary["counts"][date.iso].items():
        kept = summary["kept"][date.iso][key]
        removed = sum(counts.values())
        total = kept + removed
        share = 100.0 * kept / total if total else 0.0
        detail = ", ".join(f"{rule.replace('_', ' ')} {n}" for rule, n in counts.items()
                           if n) or "nothing"
        progress.info(f"{date.iso} {key}: {kept} of {total} values kept ({share:.1f} %); "
                      f"removed: {detail}.")

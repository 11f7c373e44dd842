"""Optical scenes of one date → one output grid: mosaic, screening, counts, averaging.

Shared by the Landsat and Sentinel-2 importers (each describes its scenes as
:class:`Scene` objects whose reader returns a :class:`Sample` for any region of the
scene's working grid; this module does the rest the same way for both):

- The scenes of a date are grouped by CRS (UTM zone). Each group is read on its
  *working grid*, the union of its scenes' grids (Landsat 30 m, Sentinel-2 20 m).
  Where scenes overlap, a cell takes the first scene (in input order) that has data
  there, and that scene's quality flags. Cells where no scene has data (fill: the
  borders around a scene's imaged footprint, the no-data class) are outside the
  imaged area: nodata in every output, and not counted.
- An imaged cell is removed by the first rule of the quality level that flags it;
  each removal is counted per date and rule, each working cell once.
- Without a target grid the output is the working grid (one CRS only: scenes in
  different UTM zones need a target). With a target, every target cell takes the mean
  of the valid working cells whose centres fall in it (:class:`~..raster.regrid.Regridder`,
  one per window), and the *valid fraction*, the share of its working cells that are
  valid (0–1). A target cell that two CRS groups both reach
  takes the group that covers more of it.
- Reflectance is written as one file per date, bands in the order of the
  ``deriveindices`` presets (blue, green, red, NIR, SWIR1, SWIR2), as uint16 DN in
  the preset's encoding (reflectance = DN × scale + offset, fill 0) with GDAL scale and
  offset declared; extra layers (surface temperature) and the valid fraction are
  float32 stacks with one band per date (nodata −9999).

Work goes window by window of the output grid (:class:`BlockWalker`: progress and
Cancel), reading only the working cells a window needs (at most about
:data:`MAX_REGION` per side). A window of a date is a :class:`MosaicWindow` unit,
computed in this process or on a Dask cluster (:func:`~..raster.executors.cluster_session`)
and written here in window order, so the bytes are the same either way. Outputs go
into a hidden folder moved into place at the end (:class:`Staging`): a failed or
cancelled run leaves no output.
"""
import contextlib
import datetime as dt
import math
import os
from dataclasses import dataclass, field

import numpy as np
from affine import Affine
from rasterio.windows import Window

from ..errors import InputError
from ..progress import ensure_progress
from ..raster import readable
from ..raster.dates import BandDate
from ..raster.executors import UnitTask
from ..raster.grids import Grid, check_overlap, crs_label
from ..raster.regrid import Regridder, source_region
from ..raster.staging import Staging
from ..raster.folder_resume import FolderResume
from ..raster.timestack import DEFAULT_NODATA, StackWriter, Units
from ..raster.windows import BlockWalker

BLOCK = 512  # output window edge, cells
MAX_REGION = 1024  # working cells per side read for one output window (about)
DN_FILL = 0  # fill of the reflectance files
FRACTION_UNITS = "fraction"


@dataclass
class Sample:
    """One scene read on a region of its working grid (arrays of the region's shape).

    ``covered``: the cell centre lies inside the scene's raster; ``fill``: covered
    but without data (fill value, no-data class); ``bands``: (n, rows, cols)
    reflectance (unitless, 0–1), NaN where fill or outside; ``rules``: (rule name,
    drop mask) pairs of the quality level; ``extras``: other layers in physical
    units (surface temperature in K), NaN where missing.
    """

    covered: np.ndarray
    fill: np.ndarray
    bands: np.ndarray
    rules: list
    extras: dict = field(default_factory=dict)


@dataclass
class Scene:
    """One scene (Landsat) or granule (Sentinel-2) as the importers found it.

    ``ident``: product identifier; ``source``: its file or folder, for messages;
    ``date``: acquisition day (UTC); ``grid``: its working grid; ``band_names``: the
    product's names of the bands in role order ("SR_B2", … or "B02", …); ``extras``:
    names of the extra layers it has; ``open``: a picklable function (module-level,
    or a :func:`functools.partial` of one) of a :class:`contextlib.ExitStack` returning
    a reader whose ``sample(transform, shape, level)`` gives a :class:`Sample` (it runs
    where the windows are computed: in this process or on a Dask worker); ``tags``:
    metadata written on the bands of its date's reflectance file (sensor, processing
    baseline).
    """

    ident: str
    source: str
    date: dt.date
    grid: Grid
    band_names: tuple
    extras: tuple
    open: object
    tags: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    """What an importer writes: file ``prefix``, band ``roles``, the reflectance DN
    encoding (``scale``, ``offset``: those of the deriveindices preset), ``extras``
    (name → units), the rule names in counting order (``rules``) and
    the working cell and the word for a scene in the log (``cell``, e.g. "30 m cells";
    ``noun``, e.g. "scene")."""

    prefix: str
    roles: tuple
    scale: float
    offset: float
    extras: dict
    rules: tuple
    cell: str
    noun: str = "scene"


def read_on(dataset, transform, shape, band=1):
    """Band values of an open dataset at the centres of a region's cells (float64).

    The region (``transform``, ``shape``) is in the dataset's CRS, north-up; each
    cell takes the dataset cell under its centre (exact when the grids are aligned;
    a 20 m cell takes the 20 m cell, a 10 m sub-cell the 10 m cell). No nodata is
    applied; NaN marks centres outside the dataset.
    """
    t = dataset.transform
    xs = transform.c + (np.arange(shape[1]) + 0.5) * transform.a
    ys = transform.f + (np.arange(shape[0]) + 0.5) * transform.e
    cols = np.floor((xs - t.c) / t.a).astype(np.int64)
    rows = np.floor((ys - t.f) / t.e).astype(np.int64)
    ok_c = (cols >= 0) & (cols < dataset.width)
    ok_r = (rows >= 0) & (rows < dataset.height)
    out = np.full(shape, np.nan)
    if not ok_c.any() or not ok_r.any():
        return out
    c0, c1 = int(cols[ok_c].min()), int(cols[ok_c].max()) + 1
    r0, r1 = int(rows[ok_r].min()), int(rows[ok_r].max()) + 1
    data = readable.read(dataset, band, Window(c0, r0, c1 - c0, r1 - r0))
    out[np.ix_(ok_r, ok_c)] = data[np.ix_(rows[ok_r] - r0, cols[ok_c] - c0)]
    return out


def union_grid(grids, names):
    """The union of same-CRS grids of one cell size, on the first grid's lattice."""
    first = grids[0]
    xres, yres = first.res
    for grid, name in zip(grids[1:], names[1:]):
        if not np.allclose(grid.res, first.res, rtol=1e-9):
            raise InputError(f"{name} has cells of {grid.res[0]:g} m, {names[0]} of "
                             f"{xres:g} m. Give products as distributed (one cell size).")
    x0, y0 = first.transform.c, first.transform.f
    left = min(g.bounds[0] for g in grids)
    bottom = min(g.bounds[1] for g in grids)
    right = max(g.bounds[2] for g in grids)
    top = max(g.bounds[3] for g in grids)
    c0 = math.floor((left - x0) / xres + 1e-6)
    c1 = math.ceil((right - x0) / xres - 1e-6)
    r0 = math.floor((y0 - top) / yres + 1e-6)
    r1 = math.ceil((y0 - bottom) / yres - 1e-6)
    return Grid(first.crs, Affine(xres, 0, x0 + c0 * xres, 0, -yres, y0 - r0 * yres),
                c1 - c0, r1 - r0)


def group_by_crs(scenes):
    """{CRS label: scenes}, in input order."""
    groups = {}
    for s in scenes:
        groups.setdefault(crs_label(s.grid.crs), []).append(s)
    return groups


def check_unique(scenes, what):
    """Refuse the same product given twice (from two places)."""
    seen = {}
    for s in scenes:
        if s.ident in seen and seen[s.ident] != s.source:
            raise InputError(f"{what} {s.ident} is given twice ({seen[s.ident]} and "
                             f"{s.source}). Give each once.")
        seen[s.ident] = s.source


def import_scenes(scenes, folder, layout, level, target=None, progress=None, block=BLOCK,
                  inputs=(), resume=True):
    """Write the dated outputs of ``scenes`` into ``folder``; return a summary dict.

    ``inputs``: the files or folders the scenes were found in; ``resume``: keep each
    finished date in ``folder`` and continue an interrupted import of the same inputs,
    quality level and grid (:mod:`..raster.folder_resume`; False: never).

    Summary: dates (ISO), outputs ("reflectance": per-date paths; extras and
    "valid_fraction": stack paths), counts (date → rule → working cells removed),
    kept (date → working cells kept), scenes (date → product ids), grid. Counts are
    of imaged working cells: kept + removed = the imaged cells of a date.
    """
    progress = ensure_progress(progress)
    groups = group_by_crs(scenes)
    if target is None and len(groups) > 1:
        listing = "; ".join(f"{crs}: {', '.join(s.ident for s in g)}" for crs, g in
                            groups.items())
        raise InputError(f"The scenes are in different UTM zones ({listing}). Choose a "
                         "target grid (TARGET) to put them on one grid, or import each "
                         "zone separately.")
    if target is not None:
        for s in scenes:
            check_overlap(target, s.grid, "The target grid", f"scene {s.source}")
    natives = {crs: union_grid([s.grid for s in g], [s.source for s in g])
               for crs, g in groups.items()}
    grid = target if target is not None else next(iter(natives.values()))
    days = sorted({s.date for s in scenes})
    dates = [BandDate(dt.datetime(d.year, d.month, d.day)) for d in days]
    by_date = {d: [s for s in scenes if s.date == d] for d in days}
    extras = [e for e in layout.extras if any(e in s.extras for s in scenes)]
    edge = block if target is None else target_block(natives.values(), target, block)
    walker = BlockWalker(grid, edge, progress, passes=len(days))
    os.makedirs(folder, exist_ok=True)
    summary = dict(dates=[d.iso for d in dates], outputs={"reflectance": []}, counts={},
                   kept={}, scenes={}, grid=grid)
    progress.info(f"{layout.prefix}: {len(scenes)} {layout.noun}(s), {len(days)} date(s); "
                  f"output {grid.describe()}; quality '{level}'.")
    task = MosaicWindow(layout, level, target, groups, natives, days,
                        tuple(extras) + ("valid_fraction",))
    run = _Run(layout, level, grid, task, walker, summary)
    resumable = FolderResume(folder, layout.prefix, [("scene", p) for p in inputs],
                             {"level": level}, grid, dates, progress, resume)
    with resumable.locked(), Staging(folder) as staging, contextlib.ExitStack() as writers:
        tags = [dict(scenes=", ".join(s.ident for s in by_date[d]), quality=level)
                for d in days]
        stacks = {}
        for name in task.stack_names:
            file = f"{layout.prefix}_{name}.tif"
            stacks[name] = writers.enter_context(StackWriter(
                staging.file(file), grid, dates, DEFAULT_NODATA,
                units=layout.extras.get(name, FRACTION_UNITS), band_tags=tags,
                readable=resume))
            summary["outputs"][name] = file
        reused = resumable.reuse(stacks, walker, staging, summary)
        for i, (day, date) in enumerate(zip(days, dates)):
            if i + 1 not in reused:
                files = run.date(i, date, by_date[day], stacks, staging)
                resumable.keep(i + 1, stacks, walker, staging, summary, files)
            _log_date(progress, layout, date.iso, summary)
        writers.close()
    resumable.discard()
    summary["outputs"] = {k: ([os.path.join(folder, p) for p in v] if isinstance(v, list)
                              else os.path.join(folder, v))
                          for k, v in summary["outputs"].items()}
    return summary


def target_block(natives, target, block):
    """Output window edge (target cells) that keeps the working region ≲ MAX_REGION."""
    from rasterio.warp import transform_bounds

    ratio = 1.0
    for native in natives:
        b = transform_bounds(native.crs, target.crs, *native.bounds, densify_pts=21)
        across = max((b[2] - b[0]) / target.res[0], 1e-9)
        down = max((b[3] - b[1]) / target.res[1], 1e-9)
        ratio = max(ratio, native.width / across, native.height / down)
    return max(1, min(block, int(MAX_REGION // ratio)))


def _overlaps(grid, region):
    transform, shape, _ = region
    left, top = transform.c, transform.f
    right, bottom = left + shape[1] * transform.a, top + shape[0] * transform.e
    b = grid.bounds
    return b[0] < right and b[2] > left and b[1] < top and b[3] > bottom


class _Run:
    """The state of one import: grids, writers, counts."""

    def __init__(self, layout, level, grid, task, walker, summary):
        self.layout, self.level, self.grid = layout, level, grid
        self.task, self.walker, self.summary = task, walker, summary

    def date(self, index, date, scenes, stacks, staging):
        """Write date ``index`` (its reflectance file and its band of ``stacks``) and
        record its counts; return its own file (name → "reflectance")."""
        layout = self.layout
        counts = {}
        kept = 0
        first = scenes[0]
        ids = ", ".join(s.ident for s in scenes)
        name = f"{layout.prefix}_reflectance_{date.iso}.tif"
        with StackWriter(
                staging.file(name), self.grid, None, DN_FILL, dtype="uint16",
                count=len(layout.roles),
                descriptions=[f"{date.iso} {role} ({band})" for role, band in
                              zip(layout.roles, first.band_names)],
                units=Units("reflectance", layout.scale, layout.offset),
                band_tags=[dict(role=role, band=band, scenes=ids, quality=self.level,
                                **first.tags)
                           for role, band in zip(layout.roles, first.band_names)]) as refl:
            self.summary["outputs"]["reflectance"].append(name)
            try:
                units = self.walker.units(bands=[index + 1], stage=date.iso)
                for unit, result in self.walker.map(self.task, units):
                    for rule, n in result.counts.items():
                        counts[rule] = counts.get(rule, 0) + n
                    kept += result.kept
                    for b, dn in enumerate(result.dn):
                        refl.write(b + 1, dn, unit.window)
                    for key, writer in stacks.items():
                        writer.write(index + 1, result.stacks[key], unit.window)
            finally:
                self.task.close()
        self.summary["counts"][date.iso] = {r: counts[r] for r in layout.rules if counts.get(r)}
        self.summary["kept"][date.iso] = kept
        self.summary["scenes"][date.iso] = [s.ident for s in scenes]
        return {name: "reflectance"}


@dataclass
class MosaicResult:
    """One output window of one date: ``dn`` (uint16 reflectance DN per role, fill 0),
    ``stacks`` (stack name → float32 values, nodata −9999), ``counts`` (rule → working
    cells removed in the window) and ``kept`` (working cells kept)."""

    dn: list
    stacks: dict
    counts: dict
    kept: int


class _DayScenes:
    """The open readers of one day's scenes: (CRS, position in group) → reader."""

    def __init__(self, groups, day):
        self.stack = contextlib.ExitStack()
        self.readers = {(crs, j): s.open(self.stack) for crs, group in groups.items()
                        for j, s in enumerate(group) if s.date == day}

    def close(self):
        self.stack.close()


class MosaicWindow(UnitTask):
    """The mosaic of one date on one output window: what a cluster computes.

    Holds the scenes grouped by CRS (``groups``: CRS label → scenes, in input order;
    each scene's ``open`` must be picklable: a module-level function or a
    :func:`functools.partial`), their working grids (``natives``), the layout, quality
    level, target grid (None: the working grid), the acquisition ``days`` (a unit's
    ``band`` is the 1-based index of its day) and the names of the float32 stacks
    written (``stack_names``). A thread opens the files of a day's scenes on first use
    and keeps them for the units of that day (:meth:`close` closes them).
    """

    def __init__(self, layout, level, target, groups, natives, days, stack_names):
        self.layout, self.level, self.target = layout, level, target
        self.groups, self.natives = groups, natives
        self.days, self.stack_names = list(days), tuple(stack_names)

    def readers(self, day):
        """This thread's readers of the scenes of ``day``: (CRS, position in group) → reader."""
        return self.kept("opened", day, lambda: _DayScenes(self.groups, day)).readers

    def close(self):
        """Close the files this thread opened."""
        self.release("opened")

    def __call__(self, unit):
        """The :class:`MosaicResult` of ``unit`` (window × day)."""
        window, day = unit.window, self.days[unit.band - 1]
        readers = self.readers(day)
        counts, kept, results = {}, 0, []
        for crs, group in self.groups.items():
            members = [j for j, s in enumerate(group) if s.date == day]
            if not members:
                continue
            region = self._region(crs, window)
            members = [j for j in members if _overlaps(group[j].grid, region)]
            if not members:
                continue
            comp = _composite((readers[crs, j].sample(region[0], region[1], self.level)
                               for j in members), self.layout)
            # one mapping per window and CRS group, applied to every layer
            regridder = None if self.target is None else \
                Regridder(region, self.target, window)
            inside = True if regridder is None else regridder.member
            valid = _screen(comp, inside, counts)
            kept += int(np.sum(valid & inside))
            results.append(_onto_output(comp, valid, regridder))
        out = _combine(results, (int(window.height), int(window.width)),
                       len(self.layout.roles), self.stack_names)
        dn = np.round((out["bands"] - self.layout.offset) / self.layout.scale)
        dn = np.where(np.isfinite(dn), np.clip(dn, 1, 65535), DN_FILL).astype(np.uint16)
        return MosaicResult(list(dn), {k: _nodata(out[k]) for k in self.stack_names},
                            counts, kept)

    def _region(self, crs, window):
        native = self.natives[crs]
        if self.target is None:
            return (native.window_transform(window), (int(window.height), int(window.width)),
                    native.crs)
        return source_region(native, self.target, window)


def _onto_output(comp, valid, regridder):
    """Screened values of one CRS group on the output window (dict of arrays);
    ``regridder``: the window's :class:`Regridder`, None on the working grid."""
    bands = np.where(valid[np.newaxis], comp.bands, np.nan)
    extras = {k: np.where(valid, v, np.nan) for k, v in comp.extras.items()}
    if regridder is None:
        return dict(bands=bands, **extras, cover=comp.covered.astype(float),
                    valid_fraction=np.where(comp.covered, valid.astype(float), np.nan))
    on = {k: regridder.apply(v) for k, v in extras.items()}
    cover = regridder.apply(comp.covered.astype(float))
    fraction = regridder.apply(valid.astype(float))
    return dict(bands=np.stack([regridder.apply(b) for b in bands]), **on, cover=cover,
                valid_fraction=np.where(cover > 0, fraction, np.nan))


@dataclass
class _Composite:
    """Mosaicked scenes on a region: ``covered`` = imaged (some scene has data)."""

    covered: np.ndarray
    bands: np.ndarray
    rules: list
    extras: dict


def _composite(samples, layout):
    """The samples of one region mosaicked: each cell from the first scene with data."""
    comp = None
    for s in samples:
        if comp is None:
            shape = s.covered.shape
            comp = _Composite(np.zeros(shape, bool), np.full((len(layout.roles),) + shape,
                                                             np.nan),
                              {}, {e: np.full(shape, np.nan) for e in layout.extras})
            flags = {}
        take = ~comp.covered & s.covered & ~s.fill
        comp.bands[:, take] = s.bands[:, take]
        for name, mask in s.rules:
            flags[name] = flags.get(name, np.zeros(shape, bool)) | (take & mask)
        for name, values in s.extras.items():
            comp.extras[name][take] = values[take]
        comp.covered |= take
        del s  # one scene's arrays at a time beside the mosaic
    comp.rules = [(name, flags[name]) for name in layout.rules if name in flags]
    return comp


def _screen(comp, inside, counts):
    """Cells that survive the rules (bool); removals inside the window counted per rule."""
    alive = comp.covered.copy()
    for name, drop in comp.rules:
        hit = alive & drop
        n = int(np.sum(hit & inside))
        if n:
            counts[name] = counts.get(name, 0) + n
        alive &= ~hit
    return alive


def _combine(results, shape, n_bands, stacks):
    """One output window from the CRS groups' results (the group covering most wins)."""
    out = {"bands": np.full((n_bands,) + shape, np.nan)}
    out.update({k: np.full(shape, np.nan) for k in stacks})
    if not results:
        return out
    if len(results) == 1:
        best = np.zeros(shape, int)
    else:
        best = np.argmax(np.stack([np.nan_to_num(r["cover"]) for r in results]), axis=0)
    for g, r in enumerate(results):
        take = best == g
        out["bands"][:, take] = r["bands"][:, take]
        for k in stacks:
            if k in r:
                out[k][take] = r[k][take]
    return out


def _nodata(values):
    return np.where(np.isfinite(values), values, DEFAULT_NODATA).astype(np.float32)


def _log_date(progress, layout, iso, summary):
    counts = summary["counts"][iso]
    kept = summary["kept"][iso]
    total = kept + sum(counts.values())
    share = 100.0 * kept / total if total else 0.0
    detail = ", ".join(f"{rule.replace('_', ' ')} {n}" for rule, n in counts.items()) \
        or "nothing"
    progress.info(f"{iso}: {len(summary['scenes'][iso])} {layout.noun}(s) "
                  f"({', '.join(summary['scenes'][iso])}); {kept} of {total} {layout.cell} "
                  f"kept ({share:.1f} %); removed: {detail}.")

"""Build one time stack from single-date rasters (DESIGN §3).

Dates come from the user or from the file names; bands are sorted by date. Inputs on
another grid than the first input are aligned onto the first input's grid (nearest
neighbour by default, so categorical and flag layers stay valid); each input's own
nodata becomes the output nodata. Values are copied as they are, so the units the
inputs declare (with the scale and offset of packed integers) carry over when they agree.
"""
import os
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.enums import Resampling

from ..errors import InputError, check_choice
from ..progress import ensure_progress
from ..raster.dates import parse_date_from_name
from ..raster.executors import UnitTask
from ..raster.grids import Grid, check_overlap
from ..raster.lazy_warp import LazyWarp
from ..raster.readable import check_raster
from ..raster.timestack import DEFAULT_NODATA, StackWriter, Units
from ..raster.windows import BlockWalker

RESAMPLING = {"nearest": Resampling.nearest, "bilinear": Resampling.bilinear,
              "cubic": Resampling.cubic, "average": Resampling.average}


@dataclass(frozen=True)
class DatedInput:
    """One single-date raster and its date."""

    path: str
    date: object  # BandDate


def assign_dates(paths, dates=None):
    """Pair each path with its date (given, or parsed from its name), sorted by date.

    Raises :class:`InputError` for no input, a count mismatch, an unparseable name
    or a duplicate date, naming the file(s).
    """
    if not paths:
        raise InputError("No input rasters were given. Select at least one single-date raster.")
    if dates:
        if len(dates) != len(paths):
            raise InputError(
                f"{len(dates)} dates were given for {len(paths)} input rasters. Give one "
                "date per input, in the same order, or leave the dates empty to read them "
                "from the file names.")
        items = [DatedInput(str(p), d) for p, d in zip(paths, dates)]
    else:
        items = []
        for p in paths:
            date = parse_date_from_name(p)
            if date is None:
                raise InputError(
                    f"No date found in the file name '{os.path.basename(str(p))}'. Name files "
                    "with a date (2019-04-01, 20190401 or MODIS A2019091) or give the dates "
                    "in the Dates parameter.")
            items.append(DatedInput(str(p), date))
    seen = {}
    for item in items:
        if item.date in seen:
            raise InputError(
                f"Date {item.date.iso} occurs twice: '{os.path.basename(seen[item.date])}' and "
                f"'{os.path.basename(item.path)}'. A time stack holds one band per date; "
                "remove one of them.")
        seen[item.date] = item.path
    return sorted(items, key=lambda i: i.date)


def build_time_stack(paths, output, dates=None, band=1, resampling="nearest",
                     nodata=None, block=512, progress=None):
    """Write a time stack of ``paths`` to ``output``; return a summary dict.

    ``band`` is the 1-based band taken from every input. ``nodata`` overrides the
    output nodata (default: the first input's nodata, else −9999). Inputs on other
    grids are warped onto the first input's grid with ``resampling``.
    """
    progress = ensure_progress(progress)
    items = assign_dates(paths, dates)
    for item in items:
        check_raster(item.path)  # damaged, cut short or not a raster: refused before writing
    first = str(paths[0])
    with rasterio.open(first) as ds:
        target = Grid.of(ds)
        first_nodata = ds.nodata
    if target.crs is None:
        raise InputError(f"'{os.path.basename(first)}' has no coordinate reference system. "
                         "Assign its CRS and run again.")
    out_nodata = nodata if nodata is not None else (
        first_nodata if first_nodata is not None and np.isfinite(first_nodata) else DEFAULT_NODATA)
    out_nodata = float(np.float32(out_nodata))
    check_choice(resampling, RESAMPLING, "resampling")
    aligned = [os.path.basename(i.path) for i in items if _needs_alignment(i.path, band, target)]
    units = _shared_units(items, band, progress)
    walker = BlockWalker(target, block, progress, passes=len(items))
    task = BandCopier([i.path for i in items], band, target, out_nodata,
                      RESAMPLING[resampling])
    with StackWriter(output, target, [i.date for i in items], out_nodata, units=units) as out:
        try:
            for unit, data in walker.map(task, walker.units(bands=range(1, len(items) + 1))):
                out.write(unit.band, data, unit.window)
        finally:
            task.close()
    if aligned:
        progress.warning(f"Aligned {len(aligned)} input(s) onto the grid of "
                         f"'{os.path.basename(first)}' ({target.describe()}) with "
                         f"{resampling} resampling: {', '.join(aligned)}")
    progress.info(f"Wrote {len(items)} bands ({items[0].date.iso} … {items[-1].date.iso}) "
                  f"to {output}")
    return {"bands": len(items), "dates": [i.date.iso for i in items], "grid": target,
            "nodata": out_nodata, "aligned": aligned}


def _shared_units(items, band, progress):
    """The units (and scale/offset) the inputs declare, when they all agree; else None."""
    found = set()
    for item in items:
        with rasterio.open(item.path) as ds:
            if band <= ds.count:
                found.add(Units.of(ds, band))
    if len(found) > 1:
        progress.warning("The inputs declare different units ("
                         + ", ".join(sorted(u.describe() or "none" for u in found))
                         + "); the stack declares none.")
    return found.pop() if len(found) == 1 else None


def _needs_alignment(path, band, target):
    """True when the input's grid differs from ``target``; refuse an unusable input.

    Raises :class:`InputError` when the input lacks ``band``, or is on another grid
    without a CRS or without overlap with the target.
    """
    name = os.path.basename(path)
    with rasterio.open(path) as src:
        if band > src.count:
            raise InputError(f"'{name}' has {src.count} band(s); band {band} was requested. "
                             "Choose a band number every input has.")
        grid = Grid.of(src)
    if grid.same_as(target):
        return False
    if grid.crs is None:
        raise InputError(f"'{name}' has no coordinate reference system. Assign its "
                         "CRS and run again.")
    check_overlap(target, grid, "the first input", f"'{name}'")
    return True


class BandCopier(UnitTask):
    """Copies one unit: ``band`` of input ``unit.band`` (1-based, date order) on a window.

    Returns the window's float32 values on the target grid, ``out_nodata`` where
    the input is missing (its nodata, non-finite, outside it). Inputs on another
    grid are read through a WarpedVRT with ``resampling``, built on first use in
    each thread (:class:`~..raster.lazy_warp.LazyWarp`); each thread keeps only the
    input it read last open (units run date by date).
    """

    def __init__(self, paths, band, target, out_nodata, resampling):
        # The VRT's source nodata defaults to the input's own nodata.
        self.inputs = [LazyWarp(p, target, resampling, nodata=out_nodata) for p in paths]
        self.band, self.out_nodata = band, out_nodata

    def __call__(self, unit):
        raster = self.kept("raster", unit.band, lambda: self.inputs[unit.band - 1])
        src_nodata = raster.source.nodata
        data = raster.read(self.band, unit.window).astype("float32")
        invalid = ~np.isfinite(data)
        if src_nodata is not None:
            invalid |= data == np.float32(src_nodata)
        if raster.warped:
            invalid |= data == np.float32(self.out_nodata)
        data[invalid] = self.out_nodata
        return data

    def close(self):
        """Close the input this thread read last."""
        self.release("raster")

"""Fine raster (or time stack) → the coarse grid of a reference layer (DESIGN §5).

Papers 000 and 004 aggregate 1 km predictors to the soil-moisture grid before
training: the mean for continuous layers, the mode (majority) for land cover.

**Exact cell membership.** Every fine cell belongs wholly to the coarse cell that
contains its centre (the centre transformed into the reference CRS). Each coarse
value is then a plain statistic of its member cells. For nested grids (1 km cells
inside 36 km EASE-Grid 2.0 cells) this is exact; for grids that are not nested
(other CRS or cell size) a fine cell that straddles a coarse edge is counted whole
on one side, so the error is at most half a fine cell along each coarse edge.

The mean and standard deviation weight each fine cell by its area: projected fine
grids (UTM, EASE-Grid 2.0, …) have cells of equal area, geographic ones (WGS 84)
are weighted by the cosine of the cell centre's latitude, which is proportional to
a degree cell's true area on the sphere (sin φ₂ − sin φ₁ = 2 cos φ̄ sin(Δφ/2)).
Median, mode, min and max count cells.

The **valid share** of a coarse cell is the (area-weighted) share of its member
cells that hold data; member cells outside the input raster count as missing, so
coarse cells only partly covered by the input get a share below 1. A coarse cell
whose share is below ``min_valid_fraction`` becomes nodata.

Memory does not grow with the raster: the reference grid is processed in blocks of
coarse cells; for each block only the fine window covering its footprint is read.
"""
import math
import os
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.warp import transform as warp_transform
from rasterio.windows import Window

from ..errors import InputError, check_choice
from ..raster.executors import UnitTask
from ..raster.grids import Grid, _same_crs, bounds_in, check_overlap
from ..raster.lazy_raster import LazyRaster
from ..raster.missing_values import nonfinite_warning, undeclared_nonfinite
from ..raster.output_guard import human_bytes
from ..raster.windows import (BlockWalker, cell_weights, floor_index, north_up,
                              pixel_coords, read_window)
from ..progress import ensure_progress
from ..raster.timestack import DEFAULT_NODATA, StackWriter, Units

METHODS = ("mean", "median", "mode", "min", "max", "std")
FRACTION_UNITS = "fraction (0-1)"
DEFAULT_MIN_VALID_FRACTION = 0.5
DEFAULT_BLOCK_CELLS = 1 << 22  # fine cells per block (≈ 16 MB per float32 band)
# A block holds at least one whole coarse cell, so one coarse cell's input cells are
# held at once: about BYTES_PER_FINE_CELL each (the value, its coarse cell, its weight
# and the sort of the median), measured ≈ 40 for the mean on a nested grid.
MAX_FINE_PER_COARSE = 1 << 25  # ≈ 33.5 M input cells in one coarse cell (≈ 1.5 GiB)
BYTES_PER_FINE_CELL = 48
# Input cells over the reference grid, per band: every one is read and assigned (≈ 30–50 M
# cells/s on one core), so more than this takes minutes per band and is refused up front.
MAX_OVERLAP_CELLS = 1 << 32  # ≈ 4.3 × 10⁹ (a 650 km square at 10 m)
_EPS = 1e-9  # tolerance when comparing a valid share with the threshold


def aggregate(input_path, reference_path, output, method="mean",
              min_valid_fraction=DEFAULT_MIN_VALID_FRACTION, fraction_output=None,
              block_cells=DEFAULT_BLOCK_CELLS, progress=None):
    """Aggregate ``input_path`` onto the grid of ``reference_path``; return a summary dict.

    ``method``: one of :data:`METHODS`. ``min_valid_fraction`` (0–1): coarse cells
    with a smaller valid share become nodata. ``fraction_output``: optional path of
    a raster of the valid share (0–1) per band. Every band of the input is
    aggregated and keeps its description (its ISO date in a time stack).
    ``block_cells`` bounds the fine cells held in memory at once.
    """
    progress = ensure_progress(progress)
    check_method(method, min_valid_fraction)
    ref = Grid.from_path(reference_path)
    with rasterio.open(input_path) as src:
        fine = _check_input(src, input_path)
        check_overlap(fine, ref, f"the input '{_name(input_path)}'",
                      f"the reference '{_name(reference_path)}'")
        plan = plan_blocks(fine, ref, block_cells)
        check_size(plan, _name(input_path))
        _report_plan(plan, progress)
        descriptions, count = _descriptions(src), src.count
        with StackWriter(output, ref, count=count, descriptions=descriptions,
                         units=_output_units(src, method)) as out:
            frac = (StackWriter(fraction_output, ref, count=count, descriptions=descriptions,
                                units=FRACTION_UNITS) if fraction_output else None)
            with frac or _Null():
                stats = _run(input_path, count, plan, method, min_valid_fraction, out,
                             frac, progress)
    valid, covered, nonfinite = stats
    if nonfinite:
        progress.warning(nonfinite_warning(input_path, nonfinite))
    progress.info(f"Aggregated {count} band(s) of '{_name(input_path)}' by {method} onto "
                  f"{ref.describe()}: {valid} of {covered} band-cells in the overlap valid "
                  f"(valid share ≥ {min_valid_fraction:g}); wrote {output}")
    if covered and not valid:
        progress.warning("No output cell is valid: every coarse cell has a valid share below "
                         f"{min_valid_fraction:g}. Lower the minimum valid fraction or check "
                         "the input's nodata.")
    return {"bands": count, "descriptions": descriptions, "grid": ref, "method": method,
            "valid_cells": valid, "overlap_cells": covered,
            "fine_per_coarse": plan.fine_per_coarse, "nested": plan.nested}


def _output_units(src, method):
    """The input's declared units, which every method keeps (a spread has no offset)."""
    units = Units.of(src)
    return Units(units.text, units.scale) if method == "std" else units


def check_method(method, min_valid_fraction):
    """Raise :class:`InputError` for an unknown method or a fraction outside [0, 1]."""
    check_choice(method, METHODS, "aggregation method")
    if not 0.0 <= float(min_valid_fraction) <= 1.0:
        raise InputError(f"The minimum valid fraction must lie between 0 and 1 (got "
                         f"{min_valid_fraction:g}); e.g. 0.5 keeps coarse cells at least "
                         "half covered by valid input cells.")


def _name(path):
    return os.path.basename(str(path))


def _check_input(src, path):
    """The input's grid; refuse a raster without bands."""
    if src.count == 0:
        raise InputError(f"'{_name(path)}' has no bands: an empty stack cannot be aggregated. "
                         "Choose a raster with at least one band.")
    return Grid.of(src)


def _descriptions(src):
    """The input's band descriptions (ISO dates of a stack), or None when all are empty."""
    texts = [d or "" for d in src.descriptions]
    return texts if any(texts) else None


class _Null:
    """Stand-in context manager when no fraction raster is requested."""

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


# --- planning: which coarse cells, in which blocks ------------------------------------------

class Plan:
    """Blocks of reference cells to process and what is known about the two grids."""

    def __init__(self, fine, ref, rows, cols, strip_rows, chunk_cols, fine_per_coarse, nested):
        self.fine, self.ref = fine, ref
        self.rows, self.cols = rows, cols  # (first, stop) reference rows/cols over the input
        self.strip_rows, self.chunk_cols = strip_rows, chunk_cols
        self.fine_per_coarse = fine_per_coarse
        self.nested = nested

    def strips(self):
        """(first row, stop row) of every strip covering the whole reference grid."""
        return [(r, min(r + self.strip_rows, self.ref.height))
                for r in range(0, self.ref.height, self.strip_rows)]

    def blocks(self, row0, row1):
        """Blocks (row0, row1, col0, col1) of a strip that overlap the input."""
        r0, r1 = max(row0, self.rows[0]), min(row1, self.rows[1])
        if r0 >= r1:
            return []
        return [(r0, r1, c, min(c + self.chunk_cols, self.cols[1]))
                for c in range(self.cols[0], self.cols[1], self.chunk_cols)]

    def all_blocks(self):
        """Every block that overlaps the input, strip by strip."""
        return [block for strip in self.strips() for block in self.blocks(*strip)]


def _as_window(block):
    """A block (row0, row1, col0, col1) as a window of the reference grid."""
    r0, r1, c0, c1 = block
    return Window(c0, r0, c1 - c0, r1 - r0)


def plan_blocks(fine, ref, block_cells=DEFAULT_BLOCK_CELLS):
    """Choose the blocks of reference cells so each reads ≤ about ``block_cells`` fine cells.

    Strips are a power of two of coarse rows (≤ 256) so they fill whole 256-row
    output tiles. Raises :class:`InputError` when the input is coarser than the
    reference (aggregation goes fine → coarse).
    """
    rows, cols = _overlap_range(fine, ref)
    per_coarse = fine_cells_per_coarse(fine, ref, rows, cols)
    if per_coarse < 1.0 - 1e-6:
        raise InputError(
            f"The input cells ({fine.describe()}) are larger than the reference cells "
            f"({ref.describe()}). Aggregation goes from a fine to a coarse grid; use "
            "'Resample to fine grid' (smdownscale:resample) for the other direction.")
    side = math.sqrt(per_coarse)
    ncols = cols[1] - cols[0]
    row_cells = (ncols * side + 4) * (side + 4)  # one coarse row incl. a 2-cell margin
    if row_cells <= block_cells:
        chunk = ncols
        strip = 1 << int(math.log2(max(1.0, block_cells / row_cells)))
    else:
        chunk = max(1, int(block_cells / ((side + 4) ** 2)))
        strip = 1
    nested = _nested(fine, ref)
    return Plan(fine, ref, rows, cols, min(strip, 256), chunk, per_coarse, nested)


def check_size(plan, name, max_per_coarse=MAX_FINE_PER_COARSE,
               max_overlap=MAX_OVERLAP_CELLS):
    """Refuse, before anything is read or written, an input too large to aggregate.

    A coarse cell's input cells are held in memory at once, so more than
    ``max_per_coarse`` in one coarse cell would exhaust it; more than ``max_overlap``
    input cells over the reference grid (per band) would take minutes per band to read.
    """
    per_coarse = plan.fine_per_coarse
    if per_coarse > max_per_coarse:
        need = human_bytes(per_coarse * BYTES_PER_FINE_CELL)
        raise InputError(
            f"One cell of the reference ({plan.ref.describe()}) holds about "
            f"{per_coarse:,.0f} cells of '{name}' ({plan.fine.describe()}); aggregating it "
            f"would need about {need} of memory at once (the limit is {max_per_coarse:,} "
            "input cells per reference cell). Aggregate the input onto an intermediate grid "
            "first (e.g. cells 10 times larger than the input's), then that onto the "
            "reference.")
    overlap = overlap_cells(plan)
    if overlap > max_overlap:
        raise InputError(
            f"'{name}' has about {overlap:,.0f} cells per band over the reference grid "
            f"({plan.ref.describe()}: {plan.ref.width * plan.ref.height:,} cells), more "
            f"than {max_overlap:,}: reading them all would take many minutes per band. "
            "If most of the input is empty, clip it to the region that holds data first "
            "(Raster ▸ Extraction ▸ Clip Raster by Extent), or cut it into parts, aggregate "
            "each and merge the outputs.")


def overlap_cells(plan):
    """Estimated input cells under the reference cells the input touches (per band)."""
    coarse = (plan.rows[1] - plan.rows[0]) * (plan.cols[1] - plan.cols[0])
    return min(coarse * plan.fine_per_coarse, plan.fine.width * plan.fine.height)


def _overlap_range(fine, ref):
    """(first, stop) rows and cols of the reference cells that the input's bounds touch."""
    left, bottom, right, top = bounds_in(fine, ref.crs)
    inv = ~ref.transform
    xs, ys = zip(*(inv * (x, y) for x in (left, right) for y in (bottom, top)))
    c0 = max(0, int(math.floor(min(xs))))
    c1 = min(ref.width, int(math.ceil(max(xs))))
    r0 = max(0, int(math.floor(min(ys))))
    r1 = min(ref.height, int(math.ceil(max(ys))))
    if c0 >= c1 or r0 >= r1:
        raise InputError(f"The input ({fine.describe()}) and the reference "
                         f"({ref.describe()}) do not overlap. Check that both cover the "
                         "same region and that their CRSs are set correctly.")
    return (r0, r1), (c0, c1)


def fine_cells_per_coarse(fine, ref, rows, cols):
    """Approximate number of fine cells in one reference cell at the overlap's centre."""
    row, col = (rows[0] + rows[1]) // 2, (cols[0] + cols[1]) // 2
    corners = [ref.transform * (col + dc, row + dr) for dc, dr in ((0, 0), (1, 0), (1, 1), (0, 1))]
    xs, ys = _to_fine_pixels(fine, ref, *zip(*corners))
    area = 0.5 * abs(sum(xs[i] * ys[i - 1] - xs[i - 1] * ys[i] for i in range(4)))
    return float(area)


def _nested(fine, ref):
    """True when the fine grid is exactly nested in the reference grid (same CRS)."""
    if not _same_crs(fine.crs, ref.crs) or not (north_up(fine) and north_up(ref)):
        return False
    f, r = fine.transform, ref.transform
    ratios = (r.a / f.a, r.e / f.e, (f.c - r.c) / f.a, (f.f - r.f) / f.e)
    return all(abs(x - round(x)) < 1e-6 for x in ratios) and ratios[0] >= 1


def _to_fine_pixels(fine, ref, xs, ys):
    """(col, row) pixel coordinates on the fine grid of points given in the reference CRS."""
    xs, ys = np.asarray(xs, "float64"), np.asarray(ys, "float64")
    if not _same_crs(fine.crs, ref.crs):
        xs, ys = (np.asarray(a) for a in warp_transform(ref.crs, fine.crs, xs, ys))
    return ~fine.transform * (xs, ys)


def _report_plan(plan, progress):
    """Tell the user how the two grids relate."""
    if plan.nested:
        progress.info(f"The input grid is nested in the reference grid "
                      f"({round(plan.fine_per_coarse)} input cells per coarse cell): "
                      "aggregation is exact.")
    else:
        progress.info(f"About {plan.fine_per_coarse:.1f} input cells per coarse cell; the "
                      "grids are not nested, so each input cell is assigned whole to the "
                      "coarse cell holding its centre (error ≤ half an input cell along "
                      "coarse edges).")
    if plan.fine_per_coarse < 4:
        progress.warning(f"Each coarse cell holds only about {plan.fine_per_coarse:.1f} input "
                         "cells; the statistics rest on very few cells.")


# --- per-block membership --------------------------------------------------------------------

def block_window(fine, ref, block, margin=2):
    """The fine-grid window (may extend beyond the raster) covering a block's footprint.

    The block outline is sampled every half coarse cell, transformed into the fine
    CRS and widened by ``margin`` fine cells. Returns None when it cannot be placed.
    """
    r0, r1, c0, c1 = block
    cs = np.arange(c0, c1 + 0.25, 0.5)
    rs = np.arange(r0, r1 + 0.25, 0.5)
    px = np.concatenate([cs, cs, np.full(rs.size, c0), np.full(rs.size, c1)])
    py = np.concatenate([np.full(cs.size, r0), np.full(cs.size, r1), rs, rs])
    xs, ys = ref.transform * (px, py)
    cols, rows = _to_fine_pixels(fine, ref, xs, ys)
    ok = np.isfinite(cols) & np.isfinite(rows)
    if not ok.any():
        return None
    col0 = int(math.floor(cols[ok].min())) - margin
    row0 = int(math.floor(rows[ok].min())) - margin
    col1 = int(math.ceil(cols[ok].max())) + margin
    row1 = int(math.ceil(rows[ok].max())) + margin
    return Window(col0, row0, col1 - col0, row1 - row0)


def coarse_cells(fine, ref, window):
    """Reference (row, col) of the cell holding each fine cell centre in ``window``.

    Integer arrays broadcastable to the window's shape; −1 where a centre cannot be
    transformed.
    """
    rows, cols = pixel_coords(fine, ref, window)
    return floor_index(rows), floor_index(cols)


class Members:
    """The fine cells of one block, grouped by the coarse cell they belong to.

    ``window`` is the fine window to read; ``inside`` (window-shaped bool) marks the
    member cells; ``index`` is each member's coarse cell as a flat index into the
    block (row-major); ``weight`` its relative area (None = equal); ``total`` the
    summed weight of all members per coarse cell.
    """

    def __init__(self, fine, ref, block, window):
        r0, r1, c0, c1 = block
        self.window = window
        rows, cols = coarse_cells(fine, ref, window)
        self.shape = (r1 - r0, c1 - c0)
        self.size = self.shape[0] * self.shape[1]
        inside = (rows >= r0) & (rows < r1) & (cols >= c0) & (cols < c1)
        self.inside = np.broadcast_to(inside, (window.height, window.width))
        flat = (rows - r0) * self.shape[1] + (cols - c0)
        self.index = np.broadcast_to(flat, self.inside.shape)[self.inside]
        w = cell_weights(fine, window)
        self.weight = None if w is None else np.broadcast_to(w, self.inside.shape)[self.inside]
        self.total = np.bincount(self.index, self.weight, minlength=self.size)
        self._order = None

    def sorted_groups(self):
        """(order, starts, groups): members sorted by coarse cell and each group's start."""
        if self._order is None:
            order = np.argsort(self.index, kind="stable")
            self._order = (order, *_group_starts(self.index[order]))
        return self._order


# --- reductions ------------------------------------------------------------------------------

def reduce_block(members, values, method):
    """(statistic, valid weight) per coarse cell of a block from members' ``values``.

    ``values``: 1-D float array aligned with ``members.index``, NaN = missing.
    Cells without valid members get NaN.
    """
    valid = np.isfinite(values)
    idx = members.index[valid]
    v = values[valid]
    w = None if members.weight is None else members.weight[valid]
    wsum = np.bincount(idx, w, minlength=members.size)
    if method in ("mean", "std"):
        stat = _weighted_mean(idx, v, w, wsum)
        if method == "std":
            dev = v - stat[idx]
            var = np.bincount(idx, dev * dev if w is None else w * dev * dev,
                              minlength=members.size)
            stat = np.sqrt(_divide(var, wsum))
    elif method in ("min", "max"):
        stat = _extreme(members, values, valid, method)
    elif method == "median":
        stat = _median(idx, v, members.size)
    else:
        stat = _mode(idx, v, members.size)
    return np.where(wsum > 0, stat, np.nan), wsum


def _divide(a, b):
    out = np.full(a.shape, np.nan)
    np.divide(a, b, out=out, where=b > 0)
    return out


def _weighted_mean(idx, v, w, wsum):
    total = np.bincount(idx, v if w is None else w * v, minlength=wsum.size)
    return _divide(total, wsum)


def _extreme(members, values, valid, method):
    """Min or max per coarse cell by reduceat over members sorted by cell."""
    order, starts, groups = members.sorted_groups()
    out = np.full(members.size, np.nan)
    fill = np.inf if method == "min" else -np.inf
    ordered = np.where(valid, values, fill)[order]
    ufunc = np.minimum if method == "min" else np.maximum
    out[groups] = ufunc.reduceat(ordered, starts)
    return out


def _group_starts(idx_sorted):
    """Start positions and ids of the runs of equal values in a sorted (non-empty) index."""
    starts = np.flatnonzero(np.r_[True, idx_sorted[1:] != idx_sorted[:-1]])
    return starts, idx_sorted[starts]


def sort_by_cell(idx, v):
    """(idx, v) sorted by cell, then by value.

    float32 values are packed with the cell into one uint64 key (their bits made
    order-preserving), which sorts about twice as fast as ``np.lexsort``.
    """
    if v.dtype != np.float32 or idx.max(initial=0) >= 1 << 31:
        order = np.lexsort((v, idx))
        return idx[order], v[order]
    bits = v.view(np.uint32)
    ordered = np.where(bits & 0x80000000, ~bits, bits | 0x80000000).astype(np.uint64)
    key = np.sort((idx.astype(np.uint64) << np.uint64(32)) | ordered)
    low = (key & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    bits = np.where(low & 0x80000000, low ^ 0x80000000, ~low).astype(np.uint32)
    return (key >> np.uint64(32)).astype(np.int64), bits.view(np.float32)


def _median(idx, v, size):
    """Median per coarse cell (mean of the two middle values for an even count)."""
    out = np.full(size, np.nan)
    if not idx.size:
        return out
    idx_s, v_s = sort_by_cell(idx, v)
    starts, groups = _group_starts(idx_s)
    counts = np.diff(np.r_[starts, idx_s.size])
    low = starts + (counts - 1) // 2
    high = starts + counts // 2
    out[groups] = 0.5 * (v_s[low] + v_s[high])
    return out


def _mode(idx, v, size):
    """Most frequent integer value per coarse cell; ties go to the smallest value."""
    out = np.full(size, np.nan)
    if not idx.size:
        return out
    codes = np.round(v)
    if np.any(codes != v):
        bad = v[codes != v][0]
        raise InputError(
            f"The mode needs integer class codes (land cover), but the input holds "
            f"non-integer values such as {bad:g}. Use mean or median for continuous layers, "
            "or round the layer to classes first.")
    low = codes.min()
    span = int(codes.max() - low) + 1
    keys = idx * span + (codes - low).astype("int64")
    unique, counts = np.unique(keys, return_counts=True)
    cell, code = unique // span, unique % span
    order = np.lexsort((code, -counts, cell))
    cell, code = cell[order], code[order]
    first = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    out[cell[first]] = code[first] + low
    return out


# --- reading and the main loop ---------------------------------------------------------------

def _run(input_path, count, plan, method, min_valid_fraction, out, frac, progress):
    """Process every strip and write it; return (valid, overlap, undeclared NaN/inf)
    band-cell counts.

    The units are (block, band), blocks outer, so a block's members are found once
    per worker thread; :class:`BlockAggregator` computes them here or on the
    cluster of the current :func:`~..raster.executors.cluster_session`.
    """
    task = BlockAggregator(input_path, plan, method, min_valid_fraction)
    blocks = task.blocks
    walker = BlockWalker(plan.ref, progress=progress, passes=count,
                         windows=[_as_window(b) for b in blocks])
    bands = range(1, count + 1)
    first = valid = covered = nonfinite = 0
    try:
        for row0, row1 in plan.strips():
            result = np.full((count, row1 - row0, plan.ref.width), DEFAULT_NODATA, "float32")
            share = np.zeros_like(result)
            tiles = range(first, first + len(plan.blocks(row0, row1)))
            first = tiles.stop
            for unit, done in walker.map(task, walker.units(bands, by_window=True, tiles=tiles)):
                r0, r1, c0, c1 = blocks[unit.tile]
                if done is not None:
                    result[unit.band - 1, r0 - row0:r1 - row0, c0:c1] = done.cells
                    share[unit.band - 1, r0 - row0:r1 - row0, c0:c1] = done.fraction
                    valid += done.valid
                    nonfinite += done.nonfinite
                covered += (r1 - r0) * (c1 - c0)
            window = Window(0, row0, plan.ref.width, row1 - row0)
            for b in range(count):
                out.write(b + 1, result[b], window)
                if frac is not None:
                    frac.write(b + 1, share[b], window)
    finally:
        task.close()
    return valid, covered, nonfinite


@dataclass
class BlockBand:
    """One band aggregated over one block: block-shaped ``cells`` (nodata where not
    kept), ``fraction`` (valid share, 0–1), ``valid`` (cells kept) and ``nonfinite``
    (member cells of the input holding NaN/inf though it declares no nodata)."""

    cells: np.ndarray
    fraction: np.ndarray
    valid: int
    nonfinite: int = 0


class BlockAggregator(UnitTask):
    """Aggregates one unit: a block of the plan (``unit.tile``) × a band (``unit.band``).

    Returns a :class:`BlockBand`, or None when no fine cell falls in the block.
    Holds the input as a :class:`~..raster.lazy_raster.LazyRaster`; the members of
    the last block are kept per thread for the block's next bands.
    """

    def __init__(self, input_path, plan, method, min_valid_fraction):
        self.src = LazyRaster(input_path)
        self.plan, self.blocks = plan, plan.all_blocks()
        self.method, self.min_valid_fraction = method, min_valid_fraction
        self.dtype = "float64" if method == "mode" else "float32"

    def members(self, tile):
        """The :class:`Members` of block ``tile`` (or None), kept for its next bands."""
        last = getattr(self.local, "members", None)
        if last is None or last[0] != tile:
            last = (tile, _members(self.plan, self.blocks[tile]))
            self.local.members = last
        return last[1]

    def __call__(self, unit):
        members = self.members(unit.tile)
        if members is None:
            return None
        cells, fraction, nonfinite = _aggregate_band(self.src, unit.band, members, self.method,
                                                     self.min_valid_fraction, self.dtype)
        return BlockBand(cells, fraction, int((cells != DEFAULT_NODATA).sum()), nonfinite)

    def close(self):
        """Close this thread's input dataset."""
        self.src.close()


def _members(plan, block):
    """The block's :class:`Members`, or None when no fine cell falls in it."""
    window = block_window(plan.fine, plan.ref, block)
    if window is None:
        return None
    members = Members(plan.fine, plan.ref, block, window)
    return members if members.index.size else None


def _aggregate_band(src, band, members, method, min_valid_fraction, dtype):
    """(values with nodata, valid share, undeclared NaN/inf members) of one band over
    one block, block-shaped."""
    data = read_window(src, band, members.window, dtype)
    stat, wsum = reduce_block(members, data[members.inside], method)
    fraction = np.nan_to_num(_divide(wsum, members.total))
    keep = (wsum > 0) & (fraction >= min_valid_fraction - _EPS)
    cells = np.where(keep, stat, DEFAULT_NODATA)
    nonfinite = 0
    if src.nodatavals[band - 1] is None:  # NaN here is the file's own, or outside it
        nonfinite = undeclared_nonfinite(
            np.where(members.inside & _within(src, members.window), data, 0.0), None)
    return cells.reshape(members.shape), fraction.reshape(members.shape), nonfinite


def _within(src, window):
    """Window-shaped: True where a cell of ``window`` lies inside the raster ``src``."""
    rows = np.arange(window.row_off, window.row_off + window.height)
    cols = np.arange(window.col_off, window.col_off + window.width)
    return ((rows >= 0) & (rows < src.height))[:, None] & ((cols >= 0) & (cols < src.width))


# --- in memory: predictors onto a small coarse grid for training -----------------------------

def aggregate_to_grid(input_path, ref, bands, method="mean",
                      min_valid_fraction=DEFAULT_MIN_VALID_FRACTION, classes=None,
                      block_cells=DEFAULT_BLOCK_CELLS, progress=None):
    """Aggregate ``bands`` (1-based) of a fine raster onto grid ``ref``; return float64 arrays.

    Returns shape (len(bands), rows, cols) with NaN where a coarse cell is missing
    or its valid share is below ``min_valid_fraction``. With ``classes`` (class
    codes), each band gives the area share (0–1) of every class instead:
    shape (len(bands), len(classes), rows, cols). Meant for coarse grids that fit
    in memory (the soil-moisture grid); the fine input is read block by block.
    """
    progress = ensure_progress(progress)
    check_method(method, min_valid_fraction)
    nb = len(bands)
    shape = (nb, len(classes)) if classes is not None else (nb,)
    out = np.full(shape + (ref.height, ref.width), np.nan)
    with rasterio.open(input_path) as src:
        fine = _check_input(src, input_path)
        check_overlap(fine, ref, f"the predictor '{_name(input_path)}'",
                      "the coarse soil-moisture grid")
        plan = plan_blocks(fine, ref, block_cells)
        check_size(plan, _name(input_path))
        blocks = plan.all_blocks()
        for unit in BlockWalker(ref, progress=progress, windows=[_as_window(b) for b in blocks]):
            members = _members(plan, blocks[unit.tile])
            if members is None:
                continue
            r0, r1, c0, c1 = blocks[unit.tile]
            for i, band in enumerate(bands):
                data = read_window(src, band, members.window, "float64")[members.inside]
                if classes is None:
                    cells, _ = _reduce_kept(members, data, method, min_valid_fraction)
                    out[i, r0:r1, c0:c1] = cells
                    continue
                missing = ~np.isfinite(data)
                for k, code in enumerate(classes):
                    indicator = np.where(missing, np.nan, (data == code).astype(float))
                    cells, _ = _reduce_kept(members, indicator, "mean", min_valid_fraction)
                    out[i, k, r0:r1, c0:c1] = cells
    return out


def _reduce_kept(members, values, method, min_valid_fraction):
    """Block-shaped statistic with NaN where the valid share is below the threshold."""
    stat, wsum = reduce_block(members, values, method)
    fraction = np.nan_to_num(_divide(wsum, members.total))
    keep = (wsum > 0) & (fraction >= min_valid_fraction - _EPS)
    return np.where(keep, stat, np.nan).reshape(members.shape), fraction.reshape(members.shape)

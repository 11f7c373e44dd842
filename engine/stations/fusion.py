"""Merge station observations into a fine soil-moisture map (paper 001, eqs. 1 and 2).

Geographical difference analysis (GDA), additive:
    F(i) = F_hr(i) + Σ wⱼ (obsⱼ − F_hr(j))
Geographical ratio analysis (GRA), multiplicative:
    F(i) = F_hr(i) · Σ wⱼ (obsⱼ / F_hr(j))
The station differences (or ratios) of a date are spread over the grid by ordinary
kriging, simple kriging (known mean = the date's mean difference or ratio) or
inverse-distance weighting; kriging's variogram is fitted to that date's values or
fixed by the user. Distances are in km (geographic grids use the local km per
degree at the grid's central latitude).

Stations are placed at the centre of the cell that holds them: every observation of
one date in one cell (one station, or several) is averaged into one point, so
kriging with a zero nugget reproduces the observation at its cell exactly.

GRA and a zero background: obsⱼ / F_hr(j) is undefined where the map is 0 at a
station (paper 001 dropped GRA for this) and explodes where it is nearly 0. Station
cells where the map is below ``ratio_floor`` (default 0.01 m³/m³) carry no usable
ratio: they are left out of that date's ratio field (counted as ``below_floor``),
and the cells there get the ratio interpolated from the other stations, so the
output is always finite; a cell where the map is 0 stays 0 (0 × any ratio), which
the log counts. A date whose map holds negative values is not fused by GRA (a ratio
would turn the stations' correction upside down there): it is copied, with a warning
naming the date and its non-positive cells.

Every band written, fused or copied, is clipped to the physical limits
(``clip_min``–``clip_max`` m³/m³); the cells clipped are counted per date and told
in one warning, so no value outside the limits is written, and none is changed
silently. A fusion that makes the held-out stations worse (higher RMSE) is told too.

Resume (``resume``, on by default): every fused band is kept beside the output as soon
as it is written (:mod:`..raster.resume`); a rerun with the same map (path, size,
modification time), the same observations (:meth:`.Observations.fingerprint`), the
same options and plugin version copies those bands and fuses the rest, giving the
output of an uninterrupted run.
"""
import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import rasterio

from ..errors import InputError, check_choice
from ..geostat.idw import InverseDistance
from ..geostat.kriging import MODELS, Kriging, Variogram, fit_variogram
from ..progress import ensure_progress
from ..raster import readable
from ..raster.executors import UnitTask
from ..raster.grids import Grid, km_scale
from ..raster.lazy_raster import LazyRaster
from ..raster.point_sampling import cell_of, sample_points
from ..raster.resume import open_checkpoint, options_of, run_identity
from ..raster.timestack import DEFAULT_NODATA, SOIL_MOISTURE_UNITS, StackWriter, band_dates
from ..raster.windows import BlockWalker
from .holdout import choose_holdout, station_scores
from .observations import grouped_mean, match_bands, raster_date

METHODS = ("gda", "gra")
INTERPOLATIONS = ("ordinary_kriging", "simple_kriging", "idw")
LABELS = {"gda": "GDA (difference)", "gra": "GRA (ratio)", "ordinary_kriging": "ordinary kriging",
          "simple_kriging": "simple kriging", "idw": "IDW"}
MIN_STATIONS = {"ordinary_kriging": 3, "simple_kriging": 3, "idw": 1}
DEFAULT_RATIO_FLOOR = 0.01  # m³/m³
RADIUS_TOLERANCE = 1 + 1e-9  # a station exactly at the search radius counts


@dataclass(frozen=True)
class FuseOptions:
    """Settings of :func:`fuse_stack`; distances in km, soil moisture in m³/m³.

    A fixed variogram is used when ``sill`` and ``range_km`` are given (``nugget``
    defaults to 0); otherwise one is fitted per date. ``search_radius_km`` 0 or
    None: no limit (IDW). ``date``: the date of an undated single-band map.
    Frozen: change a copy with ``dataclasses.replace``.
    """

    method: str = "gda"
    interpolation: str = "ordinary_kriging"
    variogram_model: str = "spherical"
    sill: float = None
    range_km: float = None
    nugget: float = None
    neighbours: int = 16
    idw_power: float = 2.0
    search_radius_km: float = None
    holdout_fraction: float = 0.3
    seed: int = 42
    ratio_floor: float = DEFAULT_RATIO_FLOOR
    clip_min: float = 0.0
    clip_max: float = 0.6
    date: str = None
    block: int = 512
    resume: bool = True

    def validated(self):
        """A checked copy (a 0 search radius becomes None); raises :class:`InputError`."""
        check_choice(self.method, METHODS, "fusion method")
        check_choice(self.interpolation, INTERPOLATIONS, "interpolation")
        check_choice(self.variogram_model, MODELS, "variogram model")
        if self.clip_min >= self.clip_max:
            raise InputError(f"The lower limit ({self.clip_min}) must be below the upper "
                             f"limit ({self.clip_max}).")
        if not self.ratio_floor > 0:
            raise InputError(f"The GRA floor must be > 0 m³/m³ (got {self.ratio_floor}).")
        if (self.sill is None) != (self.range_km is None):
            raise InputError("A fixed variogram needs both its sill and its range; give both, "
                             "or neither to fit one per date.")
        self.fixed_variogram()
        return replace(self, search_radius_km=self.search_radius_km or None)

    def fixed_variogram(self):
        """The user's variogram, or None when one is fitted per date."""
        if self.sill is None:
            return None
        nugget = float(self.nugget or 0.0)
        if self.sill < nugget:
            raise InputError(f"The variogram sill ({self.sill}) must be at least its nugget "
                             f"({nugget}).")
        return Variogram(self.variogram_model, nugget, float(self.sill) - nugget,
                         float(self.range_km), source="fixed")


@dataclass
class DateRecord:
    """What happened to one band (field order = the columns of the date report)."""

    date: str
    status: str = "fused"
    station_cells: int = 0
    observations: int = 0
    on_nodata: int = 0
    mean_value: float = math.nan
    variogram: dict = None
    below_floor: int = 0
    clipped: int = 0
    changed: int = 0
    non_positive: int = 0


@dataclass
class _Stations:
    """Observations prepared for fusion: cells, bands, background, held-out flags."""

    rows: np.ndarray
    cols: np.ndarray
    band: np.ndarray
    values: np.ndarray
    background: np.ndarray
    held: np.ndarray
    usable: np.ndarray
    held_ids: list = field(default_factory=list)


def fuse_stack(input_path, observations, output, options=None, progress=None):
    """Fuse ``observations`` into every band of ``input_path``; write ``output``.

    Returns a summary dict: ``records`` (DateRecord per band), ``held_out`` (ids),
    ``holdout`` (per held-out station: before/after n, RMSE, MAE, bias, R and its
    x/y in the station layer's CRS), ``holdout_overall``, ``counts``.
    """
    options = (options or FuseOptions()).validated()
    progress = ensure_progress(progress)
    with rasterio.open(input_path) as src:
        grid, dates = Grid.of(src), band_dates(src)
        nodata = src.nodata if src.nodata is not None else DEFAULT_NODATA
        descriptions = list(src.descriptions)
    if grid.crs is None:
        raise InputError("The soil-moisture raster has no coordinate reference system. "
                         "Assign its CRS and run again.")
    fixed = raster_date(options.date)
    stations = _prepare(input_path, grid, dates, fixed, observations, options, progress)
    identity = run_identity(output, [("soil-moisture map", input_path)], options_of(options),
                            observations=observations.fingerprint())
    walker = BlockWalker(grid, options.block, progress, passes=len(dates), span=(0.0, 90.0))
    with StackWriter(output, grid, nodata=nodata, count=len(dates),
                     descriptions=descriptions if any(descriptions) else None,
                     units=SOIL_MOISTURE_UNITS, readable=options.resume) as out:
        checkpoint = open_checkpoint(options.resume, output, identity, grid, progress)
        records = _fuse_bands(input_path, dates, fixed, stations, out, walker, checkpoint,
                              options, progress)
    checkpoint.discard()  # the output is in place: nothing left to resume
    _warn_clipped(records, options, progress)
    rows, overall = _holdout_scores(output, stations, observations, grid)
    _warn_if_worse(overall, progress)
    progress.set_progress(100)
    counts = {"observations": len(observations), "usable": int(stations.usable.sum()),
              "outside": int((stations.band == -2).sum()),
              "no_band": int((stations.band == -1).sum())}
    return {"records": records, "held_out": stations.held_ids, "holdout": rows,
            "holdout_overall": overall, "counts": counts}


def _fuse_bands(input_path, dates, fixed, stations, out, walker, checkpoint, options,
                progress):
    """Fuse and write every band not in ``checkpoint`` (those are copied); return the
    DateRecord of each band."""
    grid, scale = walker.grid, km_scale(walker.grid)
    reused = checkpoint.restore({"values": out}, walker.windows, len(dates))
    walker.drop_passes(len(reused))
    records = []
    for b in range(len(dates)):
        if b + 1 in reused:
            records.append(DateRecord(**checkpoint.records[b + 1]))
            continue
        record = DateRecord(_date_text(dates[b], fixed))
        interpolator = _date_field(stations, b, grid, scale, options, record, progress)
        if interpolator is not None and options.method == "gra":
            interpolator = _gra_checked(input_path, b + 1, grid, options, record,
                                        progress, interpolator)
        task = WindowFusion(input_path, interpolator, scale, options)
        for unit, (fused, clipped, changed) in walker.map(task, walker.units([b + 1])):
            record.clipped += clipped
            record.changed += changed
            out.write(unit.band, np.where(np.isfinite(fused), fused, out.nodata), unit.window)
        checkpoint.save_band(b + 1, {"values": out}, walker.windows, asdict(record))
        records.append(record)
    return records


# -- preparation -----------------------------------------------------------------------------
def _date_text(date, fixed):
    return (date or fixed).iso if (date or fixed) is not None else "undated"


def _prepare(input_path, grid, dates, fixed, observations, options, progress):
    """Cells, bands and background value of every observation; choose held-out stations."""
    x, y = observations.positions_in(grid.crs)
    rows, cols = cell_of(grid, x, y)
    inside = (rows >= 0) & (rows < grid.height) & (cols >= 0) & (cols < grid.width)
    if not inside.any():
        raise InputError(
            f"No station lies inside the raster ({grid.describe()}). Check that the station "
            "layer and the raster cover the same region and that both have the right CRS.")
    outside_ids = sorted(set(observations.station_ids[~inside].tolist()))
    if outside_ids:
        progress.warning(f"{len(outside_ids)} station(s) outside the raster are skipped: "
                         f"{', '.join(outside_ids[:10])}{' …' if len(outside_ids) > 10 else ''}")
    band = match_bands(observations.dates, dates, 0, fixed)
    band = np.where(inside, band, -2)
    usable = (band >= 0) & np.isfinite(observations.values)
    background = np.full(len(observations), np.nan)
    if usable.any():
        background[usable] = _background(input_path, grid, rows[usable], cols[usable],
                                         band[usable])
    held_ids = choose_holdout(observations.station_ids[inside], options.holdout_fraction,
                              options.seed)
    held = np.isin(observations.station_ids, held_ids)
    if held_ids:
        progress.info(f"Held out of the fusion (seed {options.seed}): {len(held_ids)} "
                      f"station(s): {', '.join(held_ids)}")
    return _Stations(rows, cols, band, observations.values, background, held, usable, held_ids)


def _background(path, grid, rows, cols, bands):
    """The raster value at each (row, col, band) triple (NaN on nodata)."""
    t = grid.transform
    cells, which = np.unique(np.stack([rows, cols], axis=1), axis=0, return_inverse=True)
    needed = sorted(set(bands.tolist()))
    xs, ys = t.c + (cells[:, 1] + 0.5) * t.a, t.f + (cells[:, 0] + 0.5) * t.e
    values, _ = sample_points(path, xs, ys, [b + 1 for b in needed])
    column = {b: i for i, b in enumerate(needed)}
    return values[which.ravel(), [column[b] for b in bands.tolist()]]


# -- one date --------------------------------------------------------------------------------
def _date_field(stations, b, grid, scale, options, record, progress):
    """The interpolator of band ``b``'s difference/ratio field, or None.

    An :class:`~..geostat.idw.InverseDistance` or :class:`~..geostat.kriging.Kriging`
    (plain objects of arrays, a variogram and a k-d tree: picklable).
    """
    mine = stations.usable & ~stations.held & (stations.band == b)
    record.on_nodata = int((mine & ~np.isfinite(stations.background)).sum())
    mine &= np.isfinite(stations.background)
    record.observations = int(mine.sum())
    if not mine.any():
        record.status = ("unchanged: every station on nodata" if record.on_nodata
                         else "unchanged: no station")
        if record.on_nodata:
            progress.warning(f"{record.date}: {record.status} of the map "
                             f"({record.on_nodata} observation(s)); the band is copied.")
        return None
    key = stations.rows[mine] * grid.width + stations.cols[mine]
    cells, inverse = np.unique(key, return_inverse=True)
    count = np.bincount(inverse)
    obs = np.bincount(inverse, stations.values[mine]) / count
    bg = np.bincount(inverse, stations.background[mine]) / count
    if options.method == "gra":
        low = bg < options.ratio_floor
        record.below_floor = int(low.sum())
        cells, obs, bg = cells[~low], obs[~low], bg[~low]
    record.station_cells = len(cells)
    need = MIN_STATIONS[options.interpolation]
    if len(cells) < need:
        record.status = (f"unchanged: {len(cells)} station cell(s), "
                         f"{LABELS[options.interpolation]} needs at least {need}")
        progress.warning(f"{record.date}: {record.status}" + (_floor_note(
            record.below_floor, options) if record.below_floor else "") + ".")
        return None
    values = obs - bg if options.method == "gda" else obs / bg
    record.mean_value = float(values.mean())
    xy = np.column_stack([(cells % grid.width + 0.5) * scale[0],
                          (cells // grid.width + 0.5) * scale[1]])
    interpolator = _interpolator(xy, values, options, record)
    progress.info(_describe(record, options))
    return interpolator


def _floor_note(below, options):
    """Why GRA left ``below`` station cells out of a date's ratio field, and what helps."""
    return (f" ({below} station cell(s) left out: the map is below the GRA floor of "
            f"{options.ratio_floor:g} m³/m³ there, 0 m³/m³ or nearly, where a ratio is "
            f"undefined; {LABELS['gda']} corrects such a date)")


def _interpolator(xy, values, options, record):
    neutral = 0.0 if options.method == "gda" else 1.0
    if options.interpolation == "idw":
        radius = options.search_radius_km
        return InverseDistance(xy, values, options.idw_power, options.neighbours,
                               radius * RADIUS_TOLERANCE if radius else None, neutral)
    variogram = options.fixed_variogram() or fit_variogram(xy, values, options.variogram_model,
                                                           seed=options.seed)
    record.variogram = variogram.as_dict()
    kind = "simple" if options.interpolation == "simple_kriging" else "ordinary"
    return Kriging(xy, values, variogram, kind, mean=float(values.mean()) if kind == "simple"
                   else None, neighbours=options.neighbours)


def _describe(record, options):
    what = "difference" if options.method == "gda" else "ratio"
    text = (f"{record.date}: {record.station_cells} station cell(s), mean {what} "
            f"{record.mean_value:.4f}")
    if record.variogram:
        v = record.variogram
        text += (f"; variogram {v['model']} ({v['source']}): nugget {v['nugget']:.3g}, "
                 f"partial sill {v['psill']:.3g}, range {v['range']:.3g} km")
    if record.on_nodata:
        text += f"; {record.on_nodata} observation(s) on nodata of the map skipped"
    if record.below_floor:
        text += (f"; {record.below_floor} station cell(s) left out: the map is below the GRA "
                 f"floor there")
    return text


def _gra_checked(path, band, grid, options, record, progress, interpolator):
    """``interpolator``, or None (the date is copied) when the map holds negative values.

    GRA multiplies the map by the stations' ratio field: where the map is 0 the
    fused value stays 0 whatever the stations say, and where it is negative the
    ratio's correction is upside down (and ratios near a station on such a map
    explode). Counts the date's non-positive cells in ``record`` and warns.
    """
    negative, zero = _non_positive_cells(path, band, grid, options.block)
    record.non_positive = negative + zero
    if negative:
        record.status = (f"unchanged: {negative + zero} non-positive cell(s) in the map "
                         f"({negative} negative)")
        progress.warning(
            f"{record.date}: not fused — the map holds {negative + zero:,} cell(s) ≤ 0 m³/m³ "
            f"({negative:,} negative), where a ratio (GRA) cannot correct it; the band is "
            "copied (clipped to the physical limits). Use GDA (difference), or fix the map's "
            "negative values.")
        return None
    if zero:
        progress.warning(f"{record.date}: the map is 0 m³/m³ in {zero:,} cell(s); a ratio "
                         "(GRA) cannot change them, so they stay 0. GDA (difference) corrects "
                         "them.")
    return interpolator


def _non_positive_cells(path, band, grid, block):
    """(negative, zero) valid cells of ``band`` of the map (nodata and NaN excluded)."""
    from ..raster.windows import iter_windows

    negative = zero = 0
    with readable.open_raster(path) as src:
        for window in iter_windows(grid, block):
            data = readable.read(src, band, window, out_dtype="float64")
            if src.nodata is not None:
                data[data == src.nodata] = np.nan
            negative += int(np.count_nonzero(data < 0))
            zero += int(np.count_nonzero(data == 0))
    return negative, zero


def _warn_clipped(records, options, progress):
    """One warning for the cells clipped to the physical limits, with the dates."""
    clipped = [r for r in records if r.clipped]
    if not clipped:
        return
    dates = ", ".join(f"{r.date}: {r.clipped:,}" for r in clipped[:10])
    more = f" and {len(clipped) - 10} more date(s)" if len(clipped) > 10 else ""
    progress.warning(
        f"Clipped to the physical limits {options.clip_min:g}–{options.clip_max:g} m³/m³: "
        f"{sum(r.clipped for r in clipped):,} cell(s) in {len(clipped)} date(s) ({dates}"
        f"{more}). Values outside the limits are never written.")


def _warn_if_worse(overall, progress):
    """Warn when the fused map fits the held-out stations worse than the input map."""
    if not overall:
        return
    before, after = overall["before"]["rmse"], overall["after"]["rmse"]
    if np.isfinite(before) and np.isfinite(after) and after > before:
        progress.warning(
            f"Held-out stations fit worse after the fusion: RMSE {before:.4f} → {after:.4f} "
            "m³/m³. The fused map is written, but check the method (GDA is usually better "
            "than GRA), the interpolation and the stations.")


class WindowFusion(UnitTask):
    """:func:`_fuse_window` of band ``unit.band`` of the map at ``path`` on ``unit.window``.

    A :class:`~..raster.executors.UnitTask`: holds the map as a
    :class:`~..raster.lazy_raster.LazyRaster`, the date's ``interpolator`` of the
    difference/ratio field (None: the band is copied), the km per cell ``scale`` and the :class:`FuseOptions`,
    so it computes the same result here or on a Dask worker. Kriging caches the
    weights of the tiles it has solved, so every thread predicts with a copy of its own.
    """

    def __init__(self, path, interpolator, scale, options):
        self.src, self.interpolator = LazyRaster(path), interpolator
        self.scale, self.options = scale, options

    def field_at(self):
        """This thread's copy of the interpolator's ``predict`` (None without a field)."""
        if self.interpolator is None:
            return None
        return self.thread_copy("interpolator", self.interpolator).predict

    def __call__(self, unit):
        data = readable.read(self.src, unit.band, unit.window, out_dtype="float64")
        return _fuse_window(data, self.src.nodata, unit.window, self.field_at(), self.scale,
                            self.options)


def _fuse_window(data, nodata, window, field_at, scale, options):
    """(fused values of one window (NaN on nodata), cells clipped, cells changed)."""
    if nodata is not None:
        data[data == nodata] = np.nan
    data[~np.isfinite(data)] = np.nan
    valid = np.isfinite(data)
    if not valid.any():
        return data, 0, 0
    if field_at is None:  # copied, but never outside the physical limits
        clipped = np.clip(data, options.clip_min, options.clip_max)
        count = int(np.count_nonzero(clipped[valid] != data[valid]))
        return clipped, count, count
    rows, cols = np.nonzero(valid)
    pts = np.column_stack([(window.col_off + cols + 0.5) * scale[0],
                           (window.row_off + rows + 0.5) * scale[1]])
    field_values = field_at(pts)
    before = data[valid]
    fused = before + field_values if options.method == "gda" else before * field_values
    clipped = np.clip(fused, options.clip_min, options.clip_max)
    out = data.copy()
    out[valid] = clipped
    return (out, int(np.count_nonzero(clipped != fused)),
            int(np.count_nonzero(clipped != before)))


# -- held-out stations -----------------------------------------------------------------------
def _holdout_scores(output, stations, observations, grid):
    """Before/after scores of the held-out stations, one pair per station and band."""
    pick = stations.held & stations.usable
    if not pick.any():
        return [], None
    after = _background(output, grid, stations.rows[pick], stations.cols[pick],
                        stations.band[pick])
    ids = observations.station_ids[pick]
    key = [f"{s}\x00{b}" for s, b in zip(ids, stations.band[pick])]
    uniq, inverse = np.unique(key, return_inverse=True)
    pair_ids = [u.split("\x00")[0] for u in uniq]
    rows, overall = station_scores(pair_ids, grouped_mean(inverse, stations.values[pick]),
                                   grouped_mean(inverse, stations.background[pick]),
                                   grouped_mean(inverse, after))
    first = observations.first_of_station()
    for row in rows:
        i = first[row["station_id"]]
        row["x"], row["y"] = float(observations.x[i]), float(observations.y[i])
    return rows, overall

"""Validate a soil-moisture map or stack against station observations.

Papers 000, 002, 003 and 004 end with this comparison. :func:`validate` pairs every
observation with the map at its station and date (:mod:`.observations`,
:mod:`.point_sampling`), scores the pairs per station, per group, pooled and as the
mean over stations (:mod:`.metrics`), optionally does the same for the coarse
product, and measures how well the map aggregated back onto the coarse grid keeps
the coarse values (paper 002 Table 5).

Pairs (:func:`_plan_pairs`), one rule per band, each counted in the log:

- nearest (default ``matching``, as pytesmo's temporal collocation): a band with a
  time (``2019-06-01T06:00``; local solar time unless ``band_time`` is "utc") pairs at
  every station with the observation nearest that time within ±``window_hours``
  (default 1 h; :mod:`.time_matching`). A date-only band does the same at the nominal
  overpass of the ``overpass`` product named by the user (e.g. SMAP AM 06:00 local
  solar time). Observation times are UTC.
- day mean (``matching="day_mean"``, bands without a time and no product overpass,
  or observations with dates only): the observations of one station that meet the
  same band (its day, within ``tolerance`` days) are averaged into one pair (for an
  undated single band: those of the same day), so a station logging hourly is not
  counted 24 times against a daily map.
"""
import math
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
import rasterio
from rasterio.crs import CRS

from ..errors import InputError, check_choice
from ..metrics import empty_score, mean_of_scores, score
from ..prepare.aggregation import aggregate_to_grid
from ..progress import ensure_progress
from ..raster import readable
from ..raster.grids import Grid, check_overlap
from ..raster.point_sampling import sample_points
from ..raster.timestack import band_dates, find_band
from .observations import grouped_mean, match_bands, raster_date
from .time_matching import (BAND_TIME, BAND_TIMES, DAY_MEAN, DEFAULT_WINDOW_HOURS, MATCHINGS,
                            NEAR_MISS_HOURS, NOMINAL_OVERPASS, OVERPASS_LABELS, OVERPASSES,
                            band_hours_utc, band_rules, nearest_in_window)

PRODUCTS = ("downscaled", "coarse")
AGGREGATIONS = ("pooled", "station mean")
ALL_GROUPS = "all"
DEFAULT_MIN_PAIRS = 10
DEFAULT_MIN_VALID_FRACTION = 0.5
CONSISTENCY_BLOCK_CELLS = 1_000_000  # fine cells aggregated at once: bounds the peak memory


@dataclass(frozen=True)
class ValidateOptions:
    """How observations are paired and scored (frozen: change a copy with ``replace``).

    ``window``: side (odd, cells) of the square of map cells averaged at a station;
    ``tolerance``: days an observation may lie from its band's date;
    ``date``: ISO date of an undated single-band map (None: pair every observation);
    ``min_pairs``: fewer pairs leave a station's (or group's) metrics empty;
    ``common_pairs``: score map and coarse product on the pairs both have;
    ``min_valid_fraction``: share of a coarse cell the map must cover to be compared;
    ``matching``: "nearest" (observation nearest the band time within ±``window_hours``
    hours) or "day_mean" (a station's observations on the band's day averaged);
    ``overpass``: nominal overpass of date-only bands (a key of
    :data:`.time_matching.OVERPASSES`, local solar time; "none" → day mean);
    ``band_time``: "local_solar" (band times as the product files define them) or "utc".
    """

    window: int = 1
    tolerance: int = 0
    date: str = None
    min_pairs: int = DEFAULT_MIN_PAIRS
    common_pairs: bool = True
    min_valid_fraction: float = DEFAULT_MIN_VALID_FRACTION
    matching: str = "nearest"
    window_hours: float = DEFAULT_WINDOW_HOURS
    overpass: str = "none"
    band_time: str = "local_solar"

    def validated(self):
        """A checked copy (an empty date becomes None); raises :class:`InputError`."""
        check_choice(self.matching, MATCHINGS, "matching rule")
        check_choice(self.overpass, tuple(OVERPASSES), "product overpass")
        check_choice(self.band_time, BAND_TIMES, "band time reference")
        if not self.window_hours > 0:
            raise InputError(f"The matching window must be more than 0 hours (got "
                             f"{self.window_hours}).")
        if self.min_pairs < 2:
            raise InputError(f"The minimum number of pairs must be at least 2 (got "
                             f"{self.min_pairs}); correlation needs 3.")
        if not 0.0 < self.min_valid_fraction <= 1.0:
            raise InputError("The minimum valid share of a coarse cell must lie in (0, 1] (got "
                             f"{self.min_valid_fraction}).")
        raster_date(self.date)  # refuses a date that is not ISO
        return replace(self, date=self.date or None)


@dataclass
class StationResult:
    """One station: id, group, position (layer CRS and map CRS), counts and scores."""

    station_id: str
    group: str
    x: float
    y: float
    map_x: float
    map_y: float
    n_obs: int
    metrics: dict
    coarse: dict = None


@dataclass
class ValidationResult:
    """Everything :func:`validate` measured; see the module docstring."""

    stations: list
    pairs: dict
    summary: list
    consistency: list
    counts: dict
    groups: list
    options: ValidateOptions
    has_coarse: bool = False
    map_crs: object = None  # rasterio CRS of the map (the station positions map_x, map_y)
    others: dict = field(default_factory=dict)  # label of a further product → its pairs key

    def overall(self, product="downscaled"):
        """The pooled score over all pairs for ``product``."""
        for row in self.summary:
            if (row["product"], row["group"], row["aggregation"]) == (product, ALL_GROUPS,
                                                                      "pooled"):
                return row
        return None


def validate(map_path, observations, coarse_path=None, options=None, progress=None,
             others=None):
    """Pair, score and compare; return a :class:`ValidationResult`.

    ``others``: further products to read at the same pairs, [(label, path)] (e.g. the
    fused map, another downscaled product); each is read like the coarse product (the
    cell containing the station, the band of the pair's date) into ``pairs["other_<i>"]``
    (NaN where it has no value; it does not remove pairs) and named in ``result.others``.

    Raises :class:`InputError` when no station lies on the map, no observation date
    meets a band, no observation lies within the matching window of a band's time
    (with the counts), or every pair is nodata. ``result.counts`` holds the pairs each
    rule made (``nearest_band_time``, ``nearest_overpass``, ``day_mean``) and
    ``no_window`` (station–band times with observations within 24 h, none in the window).
    """
    options = (options or ValidateOptions()).validated()
    progress = ensure_progress(progress)
    fixed = raster_date(options.date)
    counts = {"observations": len(observations)}
    keep = np.isfinite(observations.values)
    counts["no_value"] = int((~keep).sum())
    if not keep.any():
        raise InputError("No observation has a numeric value. Check the value field.")
    station_ids, station_of = observations.station_table()

    with rasterio.open(map_path) as src:
        grid, map_dates = Grid.of(src), band_dates(src)
    _check_crs(grid, "The map")
    first = np.unique(station_of, return_index=True)[1]  # first observation per station
    sx, sy = observations.positions_in(grid.crs, first)
    plan = _plan_pairs(observations, station_of, first, map_dates, fixed, options, keep)
    progress.info(f"{len(observations)} observations at {len(station_ids)} stations; map: "
                  f"{len(map_dates)} band(s), {grid.describe()}.")
    needed = sorted(set(plan.band.tolist()))
    progress.set_progress(5)
    values, inside = sample_points(map_path, sx, sy, [b + 1 for b in needed], options.window,
                                   progress=_Scaled(progress, 5, 45))
    _check_inside(inside, station_ids, grid, observations)
    counts["stations_outside"] = int((~inside).sum())
    counts["no_band"] = int((keep & inside[station_of] & (plan.day_band < 0)).sum())
    plan = plan.subset(inside[station_of[plan.obs]])
    if plan.obs.size == 0:
        raise InputError(_nothing_paired(observations, map_dates, options, fixed, plan))
    column = {b: i for i, b in enumerate(needed)}
    at_map = values[station_of[plan.obs], [column[b] for b in plan.band]]

    at_coarse = None
    if coarse_path:
        at_coarse = _coarse_at_pairs(coarse_path, observations, station_of, first, fixed,
                                     map_dates, options, plan, progress)
    labels = {}
    at_others = {}
    for i, (label, path) in enumerate(others or ()):
        labels[label] = f"other_{i}"
        at_others[f"other_{i}"] = _coarse_at_pairs(path, observations, station_of, first, fixed,
                                                   map_dates, options, plan, progress,
                                                   what=f"'{label}'")
    pairs = _pairs(observations, station_of, plan, map_dates, at_map, at_coarse, at_others)
    counts["nodata"] = int((~np.isfinite(pairs["map"])).sum())
    valid = np.isfinite(pairs["map"])
    if at_coarse is not None:
        counts["no_coarse"] = int((valid & ~np.isfinite(pairs["coarse"])).sum())
        if options.common_pairs:
            valid &= np.isfinite(pairs["coarse"])
    if not valid.any():
        raise InputError(
            "Every station–date pair falls on nodata cells of the map"
            + (" or of the coarse product" if at_coarse is not None and options.common_pairs
               else "") + ". Check that the map covers the stations on the observed dates.")
    pairs = {k: (v[valid] if isinstance(v, np.ndarray) else [v[i] for i in np.flatnonzero(valid)])
             for k, v in pairs.items()}
    counts["pairs"] = int(valid.sum())
    _count_rules(counts, pairs, plan)
    _log_matching(progress, plan, counts, options, observations)
    progress.set_progress(60)

    groups = _station_groups(observations, station_of, len(station_ids))
    stations = _station_results(observations, station_ids, station_of, first, sx, sy, groups,
                                pairs, options, at_coarse is not None)
    summary = _summary(stations, pairs, groups, options, at_coarse is not None)
    consistency = []
    if coarse_path:
        consistency = _consistency(map_path, coarse_path, map_dates, options,
                                   _Scaled(progress, 65, 98))
    progress.set_progress(100)
    named = sorted({g for g in groups if g})
    return ValidationResult(stations, pairs, summary, consistency, counts, named, options,
                            coarse_path is not None, grid.crs, labels)


# -- checks ----------------------------------------------------------------------------------
def _check_crs(grid, what):
    if grid.crs is None:
        raise InputError(f"{what} has no coordinate reference system. Assign its CRS (Raster "
                         "▸ Projections ▸ Assign Projection) and run again.")


def _check_inside(inside, station_ids, grid, observations):
    if inside.any():
        return
    raise InputError(
        f"None of the {len(station_ids)} stations lies on the map ({grid.describe()}). "
        "Check that the station layer and the map cover the same region and that both "
        f"have the right CRS (stations: {_crs_text(observations.crs)}).")


def _crs_text(crs):
    from ..raster.grids import crs_label
    from rasterio.crs import CRS

    try:
        return crs_label(crs if isinstance(crs, CRS) else CRS.from_user_input(crs))
    except Exception:  # noqa: BLE001 - only for a message
        return str(crs)[:40]


def _no_common_date(observations, map_dates, tolerance, fixed):
    obs = sorted(d for d in observations.dates if d is not None)
    bands = sorted(d for d in (map_dates if fixed is None else [fixed]) if d is not None)
    span = (lambda ds: f"{ds[0].iso} … {ds[-1].iso}" if ds else "none")
    return (f"No observation date meets a band date of the map within {tolerance} day(s) "
            f"(observations {span(obs)}; map {span(bands)}). Check the date field and the "
            "map, or allow a larger date tolerance.")


class _Scaled:
    """A progress view that maps 0–100 % onto ``low``–``high`` % of ``parent``."""

    def __init__(self, parent, low, high):
        self.parent, self.low, self.high = parent, low, high

    def set_progress(self, percent):
        self.parent.set_progress(self.low + (self.high - self.low) * percent / 100.0)

    def __getattr__(self, name):
        return getattr(self.parent, name)


# -- pairing ---------------------------------------------------------------------------------
@dataclass
class _Plan:
    """Which observation pairs with which map band (one entry per assignment).

    ``obs``/``band``: observation and 0-based map band of every assignment (an
    observation may serve two bands under the nearest rule); ``day_band``: the day
    rule's band of every observation (−1: none within the tolerance); ``rules``: the
    rule of every map band (:data:`.time_matching.BAND_TIME`, ``NOMINAL_OVERPASS`` or
    ``DAY_MEAN``); ``stats``: the nearest search's counts (None when no band is timed).
    """

    obs: np.ndarray
    band: np.ndarray
    day_band: np.ndarray
    rules: list
    stats: dict = None

    def subset(self, keep):
        """The assignments where ``keep`` holds."""
        return replace(self, obs=self.obs[keep], band=self.band[keep])

    @property
    def nearest(self):
        """True for the assignments made by the nearest-in-time rule."""
        timed = np.array([r != DAY_MEAN for r in self.rules])
        return timed[self.band]


def _plan_pairs(observations, station_of, first, map_dates, fixed, options, keep):
    """The :class:`_Plan` of the module docstring's rules."""
    day_band = match_bands(observations.dates, map_dates, options.tolerance, fixed)
    undated = len(map_dates) == 1 and map_dates[0] is None
    bands = [fixed] if undated else list(map_dates)
    use_times = options.matching == "nearest" and observations.has_times
    rules = band_rules(bands, options.overpass, use_times)
    timed = np.array([r != DAY_MEAN for r in rules])
    by_day = np.flatnonzero(keep & (day_band >= 0) & ~timed[np.maximum(day_band, 0)])
    obs, band, stats = [by_day], [day_band[by_day]], None
    if timed.any():
        lons, _ = observations.positions_in(CRS.from_epsg(4326), first)
        hours = band_hours_utc(bands, rules, lons, options.band_time, options.overpass)
        near_obs, near_band, stats = nearest_in_window(
            station_of, observations.hours_utc(), keep, hours, options.window_hours)
        obs.append(near_obs)
        band.append(near_band)
    return _Plan(np.concatenate(obs).astype(int), np.concatenate(band).astype(int), day_band,
                 rules, stats)


def _nothing_paired(observations, map_dates, options, fixed, plan):
    """The message when no observation pairs with a band (stations on the map)."""
    if plan.stats is None:
        return _no_common_date(observations, map_dates, options.tolerance, fixed)
    stats = plan.stats
    n_timed = sum(1 for r in plan.rules if r != DAY_MEAN)
    closest = (f", the closest {stats['closest_miss']:.2f} h away"
               if stats["missed"] else "")
    return (f"No observation lies within ±{options.window_hours:g} h of a band's time: "
            f"{n_timed} band(s) with a time were searched at every station "
            f"({stats['searched']} station–band times); {stats['missed']} of them had "
            f"observations within {NEAR_MISS_HOURS:g} h but none in the window{closest}. "
            "Widen the matching window, check whether the band times are local solar "
            "time or UTC (band time reference) and that the observation times are UTC, or "
            "choose the day-mean matching.")


def _count_rules(counts, pairs, plan):
    """Pairs made by each rule, and station–band times without an observation in the window."""
    made = Counter(pairs["rule"])
    counts["nearest_band_time"] = made.get(BAND_TIME, 0)
    counts["nearest_overpass"] = made.get(NOMINAL_OVERPASS, 0)
    counts["day_mean"] = made.get(DAY_MEAN, 0)
    counts["no_window"] = plan.stats["missed"] if plan.stats else 0


def _log_matching(progress, plan, counts, options, observations):
    """One log line per rule that ran: its bands and the pairs it made."""
    n = Counter(plan.rules)
    window = f"±{options.window_hours:g} h"
    if n[BAND_TIME]:
        basis = ("band times read as UTC" if options.band_time == "utc" else
                 "band times read as local solar time, UTC = local solar time − "
                 "longitude / 15 h")
        progress.info(f"Matching: nearest observation (UTC) within {window} of the band time "
                      f"({basis}) for {n[BAND_TIME]} band(s): "
                      f"{counts['nearest_band_time']} pair(s).")
    if n[NOMINAL_OVERPASS]:
        hour, minute = OVERPASSES[options.overpass]
        progress.info(f"Matching: nearest observation (UTC) within {window} of the nominal "
                      f"{OVERPASS_LABELS[options.overpass]} overpass ({hour:02d}:{minute:02d} "
                      f"local solar time) for {n[NOMINAL_OVERPASS]} date-only band(s): "
                      f"{counts['nearest_overpass']} pair(s).")
    if n[DAY_MEAN]:
        if options.matching == "day_mean":
            why = "day-mean matching was chosen"
        elif not observations.has_times:
            why = "the observations have dates without times"
        else:
            why = "these bands have no time and no product overpass was given"
        progress.info(f"Matching: day mean (a station's observations on the band's day "
                      f"averaged) for {n[DAY_MEAN]} band(s), as {why}: "
                      f"{counts['day_mean']} pair(s).")
    if counts["no_window"]:
        progress.info(f"Matching: {counts['no_window']} station–band time(s) had observations "
                      f"within {NEAR_MISS_HOURS:g} h but none within {window}; they have no "
                      "pair.")


def _coarse_at_pairs(coarse_path, observations, station_of, first, fixed, map_dates, options,
                     plan, progress, what="the coarse product"):
    """The coarse value of every assignment of ``plan`` (NaN where it has none); ``what``
    names the product in messages (another product is read the same way).

    Day-mean assignments use the coarse band of the observation's day (as the map);
    nearest assignments the coarse band dated like their map band, else that of the
    observation's day.
    """
    with rasterio.open(coarse_path) as src:
        grid, dates = Grid.of(src), band_dates(src)
    _check_crs(grid, what[0].upper() + what[1:])
    coarse_fixed = fixed if len(dates) == 1 and dates[0] is None else None
    band = match_bands(observations.dates, dates, options.tolerance, coarse_fixed)[plan.obs]
    same = {b: (find_band(dates, map_dates[b]) or 0) - 1 for b in set(plan.band.tolist())}
    same_band = np.array([same[b] for b in plan.band], dtype=int)
    band = np.where(plan.nearest & (same_band >= 0), same_band, band)
    x, y = observations.positions_in(grid.crs, first)
    needed = sorted(set(band[band >= 0].tolist()))
    values, inside = sample_points(coarse_path, x, y, [b + 1 for b in needed], 1,
                                   progress=_Scaled(progress, 45, 55))
    if not inside.any():
        raise InputError(f"None of the stations lies on {what}. Check that it covers the "
                         "same region as the map and has the right CRS.")
    column = {b: i for i, b in enumerate(needed)}
    out = np.full(band.size, np.nan)
    use = np.flatnonzero(band >= 0)
    out[use] = values[station_of[plan.obs[use]], [column[b] for b in band[use]]]
    return out


def _pairs(observations, station_of, plan, map_dates, at_map, at_coarse, at_others=None):
    """Assignments averaged per (station, band[, day]) into pairs, in station–date order.

    ``at_map``/``at_coarse``: the map (coarse) value of every assignment of ``plan``;
    ``at_others``: {pairs key: values} of further products, averaged the same way.
    """
    undated_map = len(map_dates) == 1 and map_dates[0] is None
    day = np.array([d.day.toordinal() if d is not None else 0 for d in observations.dates])
    idx = plan.obs
    keys = np.stack([station_of[idx], plan.band, day[idx] if undated_map
                     else np.zeros(idx.size, dtype=int)], axis=1)
    order = np.lexsort((day[idx], keys[:, 2], keys[:, 1], keys[:, 0]))
    idx, keys = idx[order], keys[order]
    uniq, start, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    count = np.bincount(inverse)

    dates = []
    for k, s in zip(uniq, start):
        band_date = None if undated_map else map_dates[k[1]]
        date = band_date or observations.dates[idx[s]]
        dates.append(date.iso if date is not None else "")
    return {"station": uniq[:, 0].astype(int), "date": dates, "n_obs": count,
            "observed": grouped_mean(inverse, observations.values[idx]),
            "map": grouped_mean(inverse, at_map[order]),
            "coarse": grouped_mean(inverse, at_coarse[order]) if at_coarse is not None
            else np.full(len(uniq), np.nan),
            "rule": [plan.rules[k[1]] for k in uniq],
            **{key: grouped_mean(inverse, values[order])
               for key, values in (at_others or {}).items()}}


# -- scores ----------------------------------------------------------------------------------
def _station_groups(observations, station_of, n):
    """The most frequent non-empty group of every station ('' when none).

    A group named like the overall scope ('all') becomes 'all (group)'.
    """
    counters = [Counter() for _ in range(n)]
    for s, g in zip(station_of, observations.groups):
        if g is not None and str(g).strip() != "":
            name = str(g).strip()
            counters[s][f"{name} (group)" if name.lower() == ALL_GROUPS else name] += 1
    return [c.most_common(1)[0][0] if c else "" for c in counters]


def _scored(estimate, reference, min_pairs):
    s = score(estimate, reference)
    if s["n"] < min_pairs:
        n = s["n"]
        s = empty_score()
        s["n"] = n
    return s


def _station_results(observations, station_ids, station_of, first, sx, sy, groups, pairs,
                     options, with_coarse):
    n_obs = np.bincount(station_of, minlength=len(station_ids))
    results = []
    for s, sid in enumerate(station_ids):
        mine = pairs["station"] == s
        i = first[s]
        results.append(StationResult(
            str(sid), groups[s], float(observations.x[i]), float(observations.y[i]),
            float(sx[s]), float(sy[s]), int(n_obs[s]),
            _scored(pairs["map"][mine], pairs["observed"][mine], options.min_pairs),
            _scored(pairs["coarse"][mine], pairs["observed"][mine], options.min_pairs)
            if with_coarse else None))
    return results


def _summary(stations, pairs, groups, options, with_coarse):
    """Rows per product × (each group, all) × (pooled, station mean)."""
    station_group = np.array(groups, dtype=object)
    named = sorted({g for g in groups if g})
    scopes = [(g, station_group == g) for g in named] + [(ALL_GROUPS, None)]
    rows = []
    for product in PRODUCTS[:2 if with_coarse else 1]:
        key = "map" if product == "downscaled" else "coarse"
        for name, members in scopes:
            chosen = np.ones(len(stations), bool) if members is None else members
            in_scope = chosen[pairs["station"]]
            pooled = _scored(pairs[key][in_scope], pairs["observed"][in_scope],
                             options.min_pairs)
            per_station = [_station_score(st, product) for st, c in zip(stations, chosen) if c]
            scored = [s for s in per_station if math.isfinite(s["rmse"])]
            rows.append(_row(product, name, "pooled",
                             len({int(s) for s in pairs["station"][in_scope]}), pooled))
            rows.append(_row(product, name, "station mean", len(scored),
                             mean_of_scores(scored)))
    return rows


def _station_score(station, product):
    return station.metrics if product == "downscaled" else station.coarse


def _row(product, group, aggregation, n_stations, metrics):
    return {"product": product, "group": group, "aggregation": aggregation,
            "n_stations": n_stations, **metrics}


# -- consistency with the coarse product (paper 002 Table 5) ---------------------------------
def _consistency(map_path, coarse_path, map_dates, options, progress):
    """Per date and overall: map aggregated onto the coarse grid vs the coarse product."""
    with rasterio.open(coarse_path) as src:
        coarse_grid, coarse_dates = Grid.of(src), band_dates(src)
        check_overlap(coarse_grid, Grid.from_path(map_path), "the coarse product", "the map")
        pairs = _consistency_bands(map_dates, coarse_dates)
        if not pairs:
            progress.warning("No map band shares a date with the coarse product; the "
                             "consistency with the coarse product is not computed.")
            return []
        coarse = readable.read(src, [c + 1 for _, c in pairs], out_dtype="float64")
        if src.nodata is not None:
            coarse[coarse == src.nodata] = np.nan
    fine = aggregate_to_grid(map_path, coarse_grid, [m + 1 for m, _ in pairs], "mean",
                             options.min_valid_fraction, block_cells=CONSISTENCY_BLOCK_CELLS,
                             progress=progress)
    rows = []
    for k, (m, _) in enumerate(pairs):
        date = map_dates[m].iso if map_dates[m] is not None else ""
        rows.append(_consistency_row(date, fine[k], coarse[k]))
    rows.append(_consistency_row("all dates", fine, coarse))
    return rows


def _consistency_bands(map_dates, coarse_dates):
    """(map band, coarse band) 0-based pairs with the same date (or both undated)."""
    if len(map_dates) == 1 and map_dates[0] is None:
        return [(0, 0)] if len(coarse_dates) == 1 else []
    out = []
    for m, date in enumerate(map_dates):
        c = find_band(coarse_dates, date)
        if c is not None:
            out.append((m, c - 1))
    return out


def _consistency_row(date, fine, coarse):
    s = score(fine, coarse)
    return {"date": date, "n_cells": s["n"], "mape": s["mape"], "bias": s["bias"],
            "rmse": s["rmse"], "r": s["r"]}

"""Validate a soil-moisture map or stack against station observations.

Papers 000, 002, 003 and 004 end with this comparison. :func:`validate` pairs every
observation with the map at its station and date (:mod:`.observations`,
:mod:`.point_sampling`), scores the pairs per station, per group, pooled and as the
mean over stations (:mod:`.metrics`), optionally does the same for the coarse
product, and measures how well the map aggregated back onto the coarse grid keeps
the coarse values (paper 002 Table 5).

Pairs: the observations of one station that meet the same band are averaged into
one pair (for an undated single band: those of the same day), so a station logging
hourly is not counted 24 times against a daily map.
"""
import math
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
import rasterio

from ..errors import InputError
from ..metrics import empty_score, mean_of_scores, score
from ..prepare.aggregation import aggregate_to_grid
from ..progress import ensure_progress
from ..raster.grids import Grid, check_overlap
from ..raster.point_sampling import sample_points
from ..raster.timestack import band_dates, find_band
from .observations import grouped_mean, match_bands, raster_date

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
    ``min_valid_fraction``: share of a coarse cell the map must cover to be compared.
    """

    window: int = 1
    tolerance: int = 0
    date: str = None
    min_pairs: int = DEFAULT_MIN_PAIRS
    common_pairs: bool = True
    min_valid_fraction: float = DEFAULT_MIN_VALID_FRACTION

    def validated(self):
        """A checked copy (an empty date becomes None); raises :class:`InputError`."""
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

    def overall(self, product="downscaled"):
        """The pooled score over all pairs for ``product``."""
        for row in self.summary:
            if (row["product"], row["group"], row["aggregation"]) == (product, ALL_GROUPS,
                                                                      "pooled"):
                return row
        return None


def validate(map_path, observations, coarse_path=None, options=None, progress=None):
    """Pair, score and compare; return a :class:`ValidationResult`.

    Raises :class:`InputError` when no station lies on the map, no observation date
    meets a band, or every pair is nodata.
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
    sx, sy = observations.positions_in(grid.crs)
    sx, sy = sx[first], sy[first]
    map_band = match_bands(observations.dates, map_dates, options.tolerance, fixed)
    progress.info(f"{len(observations)} observations at {len(station_ids)} stations; map: "
                  f"{len(map_dates)} band(s), {grid.describe()}.")
    needed = sorted(set(map_band[keep & (map_band >= 0)].tolist()))
    progress.set_progress(5)
    values, inside = sample_points(map_path, sx, sy, [b + 1 for b in needed], options.window,
                                   progress=_Scaled(progress, 5, 45))
    _check_inside(inside, station_ids, grid, observations)
    counts["stations_outside"] = int((~inside).sum())
    column = {b: i for i, b in enumerate(needed)}
    ok = keep & (map_band >= 0) & inside[station_of]
    counts["no_band"] = int((keep & inside[station_of] & (map_band < 0)).sum())
    if not ok.any():
        raise InputError(_no_common_date(observations, map_dates, options.tolerance, fixed))
    obs_map = np.full(len(observations), np.nan)
    idx = np.flatnonzero(ok)
    obs_map[idx] = values[station_of[idx], [column[b] for b in map_band[idx]]]

    obs_coarse = None
    if coarse_path:
        obs_coarse = _coarse_at_observations(coarse_path, observations, station_of, first,
                                             fixed, options, ok, progress)
    pairs = _pairs(observations, station_of, map_band, map_dates, ok, obs_map, obs_coarse)
    counts["nodata"] = int((~np.isfinite(pairs["map"])).sum())
    valid = np.isfinite(pairs["map"])
    if obs_coarse is not None:
        counts["no_coarse"] = int((valid & ~np.isfinite(pairs["coarse"])).sum())
        if options.common_pairs:
            valid &= np.isfinite(pairs["coarse"])
    if not valid.any():
        raise InputError(
            "Every station–date pair falls on nodata cells of the map"
            + (" or of the coarse product" if obs_coarse is not None and options.common_pairs
               else "") + ". Check that the map covers the stations on the observed dates.")
    pairs = {k: (v[valid] if isinstance(v, np.ndarray) else [v[i] for i in np.flatnonzero(valid)])
             for k, v in pairs.items()}
    counts["pairs"] = int(valid.sum())
    progress.set_progress(60)

    groups = _station_groups(observations, station_of, len(station_ids))
    stations = _station_results(observations, station_ids, station_of, first, sx, sy, groups,
                                pairs, options, obs_coarse is not None)
    summary = _summary(stations, pairs, groups, options, obs_coarse is not None)
    consistency = []
    if coarse_path:
        consistency = _consistency(map_path, coarse_path, map_dates, options,
                                   _Scaled(progress, 65, 98))
    progress.set_progress(100)
    named = sorted({g for g in groups if g})
    return ValidationResult(stations, pairs, summary, consistency, counts, named, options,
                            coarse_path is not None, grid.crs)


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
def _coarse_at_observations(coarse_path, observations, station_of, first, fixed, options, ok,
                            progress):
    """The coarse value at every usable observation (NaN elsewhere)."""
    with rasterio.open(coarse_path) as src:
        grid, dates = Grid.of(src), band_dates(src)
    _check_crs(grid, "The coarse product")
    coarse_fixed = fixed if len(dates) == 1 and dates[0] is None else None
    band = match_bands(observations.dates, dates, options.tolerance, coarse_fixed)
    x, y = observations.positions_in(grid.crs)
    needed = sorted(set(band[ok & (band >= 0)].tolist()))
    values, inside = sample_points(coarse_path, x[first], y[first], [b + 1 for b in needed], 1,
                                   progress=_Scaled(progress, 45, 55))
    if not inside.any():
        raise InputError("None of the stations lies on the coarse product. Check that it "
                         "covers the same region as the map and has the right CRS.")
    column = {b: i for i, b in enumerate(needed)}
    out = np.full(len(observations), np.nan)
    use = np.flatnonzero(ok & (band >= 0))
    out[use] = values[station_of[use], [column[b] for b in band[use]]]
    return out


def _pairs(observations, station_of, map_band, map_dates, ok, obs_map, obs_coarse):
    """Observations averaged per (station, band[, day]) into pairs, in station–date order."""
    undated_map = len(map_dates) == 1 and map_dates[0] is None
    day = np.array([d.day.toordinal() if d is not None else 0 for d in observations.dates])
    idx = np.flatnonzero(ok)
    keys = np.stack([station_of[idx], map_band[idx], day[idx] if undated_map
                     else np.zeros(idx.size, dtype=int)], axis=1)
    order = np.lexsort((day[idx], keys[:, 2], keys[:, 1], keys[:, 0]))
    idx, keys = idx[order], keys[order]
    uniq, start, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    count = np.bincount(inverse)

    def mean(values):
        return grouped_mean(inverse, values[idx])

    dates = []
    for k, s in zip(uniq, start):
        band_date = None if undated_map else map_dates[k[1]]
        date = band_date or observations.dates[idx[s]]
        dates.append(date.iso if date is not None else "")
    return {"station": uniq[:, 0].astype(int), "date": dates, "n_obs": count,
            "observed": mean(observations.values), "map": mean(obs_map),
            "coarse": mean(obs_coarse) if obs_coarse is not None
            else np.full(len(uniq), np.nan)}


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
        coarse = src.read([c + 1 for _, c in pairs], out_dtype="float64")
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

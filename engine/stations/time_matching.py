"""Overpass-time matching: which station observation pairs with a band that has a time.

Soil-moisture validation pairs a satellite retrieval with the in-situ observation
nearest its overpass (pytesmo's temporal collocation: for every reference time the
nearest other time within ±window, ties going to the later one as pandas' "nearest"
does; ISMN data are hourly, the default window is ±1 h). Averaging every observation
of the day instead mixes the morning with the afternoon (issue 19: ubRMSE 0.0165 with
±1 h matching, 0.0265 with the day mean at one ISMN station).

Time conventions (stated in validate's help):

- Observation times are UTC (ISMN files are in UTC; a field with an offset is
  converted to UTC when read).
- A band time (band description ``2019-06-01T06:00``) is, by default, the LOCAL SOLAR
  time of the overpass, as the product files define it and as the importers write it:
  SMAP L3 AM 06:00 / PM 18:00 (importsmap, "separate" passes), AMSR2 descending 01:30 /
  ascending 13:30 (importamsr2), SMOS-IC ascending 06:00 / descending 18:00
  (importsmos). At a station at longitude λ (degrees east, WGS 84)
  UTC = local solar time − λ / 15 h, e.g. 06:00 at 116° E is 22:16 UTC of the day before.
  Band times that are UTC already (SMAP L4 granules: the time in the file name; stacks
  the user dated in UTC) are read as UTC with ``band_time="utc"``.
- A band with a date only has no time: it uses the product's nominal overpass (local
  solar time, :data:`OVERPASSES`) when the user names the product, otherwise the day
  mean (:func:`..observations.match_bands`).

Times are handled as float hours since 1970-01-01 00:00 (naive datetimes, UTC).
"""
import datetime as _dt

import numpy as np

from ..prepare.coarse.amsr2 import PASS_TIMES as AMSR2_PASS_TIMES
from ..prepare.coarse.smos import PASS_TIMES as SMOS_PASS_TIMES
from ..prepare.smap import PASS_HOURS as SMAP_PASS_HOURS

MATCHINGS = ("nearest", "day_mean")
BAND_TIMES = ("local_solar", "utc")
# Nominal overpass of a date-only band: (hour, minute) local solar time, from the importers.
OVERPASSES = {
    "none": None,
    "smap_am": (SMAP_PASS_HOURS["AM"], 0),
    "smap_pm": (SMAP_PASS_HOURS["PM"], 0),
    "amsr2_desc": AMSR2_PASS_TIMES["D"],
    "amsr2_asc": AMSR2_PASS_TIMES["A"],
    "smos_asc": SMOS_PASS_TIMES["A"],
    "smos_desc": SMOS_PASS_TIMES["D"],
}
OVERPASS_LABELS = {"smap_am": "SMAP AM", "smap_pm": "SMAP PM", "amsr2_desc": "AMSR2 descending",
                   "amsr2_asc": "AMSR2 ascending", "smos_asc": "SMOS ascending",
                   "smos_desc": "SMOS descending"}
DEFAULT_WINDOW_HOURS = 1.0
NEAR_MISS_HOURS = 24.0  # a station–band whose nearest observation is this close was "missed"
_EPOCH = _dt.datetime(1970, 1, 1)
_EPS_HOURS = 1e-6  # an observation exactly at the window's edge pairs

# Rules of a band (how its pairs are made).
BAND_TIME, NOMINAL_OVERPASS, DAY_MEAN = "band time", "nominal overpass", "day mean"


def hours_since_epoch(when):
    """A naive datetime as float hours since 1970-01-01 00:00."""
    return (when - _EPOCH).total_seconds() / 3600.0


def utc_of_local_solar(when, lon):
    """UTC datetime of local solar time ``when`` at longitude ``lon`` (degrees east).

    UTC = local solar time − lon / 15 h (15° of longitude per hour of sun time).
    """
    return when - _dt.timedelta(hours=float(lon) / 15.0)


def band_rules(band_dates, overpass="none", use_times=True):
    """How each band pairs: :data:`BAND_TIME`, :data:`NOMINAL_OVERPASS` or :data:`DAY_MEAN`.

    ``use_times`` False (day-mean matching chosen, or observations without times):
    every band uses the day mean.
    """
    nominal = OVERPASSES[overpass]
    rules = []
    for date in band_dates:
        if not use_times or date is None:
            rules.append(DAY_MEAN)
        elif date.has_time:
            rules.append(BAND_TIME)
        else:
            rules.append(NOMINAL_OVERPASS if nominal is not None else DAY_MEAN)
    return rules


def band_hours_utc(band_dates, rules, lons, band_time="local_solar", overpass="none"):
    """(stations × bands) UTC time of every band at every station, float hours; NaN for
    day-mean bands.

    ``lons``: station longitudes (degrees east). Band times are local solar time unless
    ``band_time`` is "utc"; nominal overpasses are always local solar time.
    """
    lons = np.asarray(lons, float)
    out = np.full((lons.size, len(band_dates)), np.nan)
    nominal = OVERPASSES[overpass]
    for b, (date, rule) in enumerate(zip(band_dates, rules)):
        if rule == DAY_MEAN:
            continue
        if rule == NOMINAL_OVERPASS:
            local = _dt.datetime.combine(date.day, _dt.time(*nominal))
            out[:, b] = hours_since_epoch(local) - lons / 15.0
        elif band_time == "utc":
            out[:, b] = hours_since_epoch(date.when)
        else:
            out[:, b] = hours_since_epoch(date.when) - lons / 15.0
    return out


def nearest_in_window(station_of, obs_hours, usable, band_hours, window_hours):
    """The observation nearest each (station, band) time within ±``window_hours``.

    ``station_of``: station of every observation; ``obs_hours``: its UTC time (float
    hours, NaN when it has none); ``usable``: observations that may pair;
    ``band_hours``: (stations × bands) UTC times, NaN where a band is not timed.
    Ties (one observation as far before as another after) go to the later one.

    Returns (observation index, band index) of every pair found and ``stats``:
    ``searched`` station–band times, ``missed`` those whose nearest observation lies
    beyond the window but within :data:`NEAR_MISS_HOURS`, ``closest_miss`` the smallest
    such distance (h, NaN when none).
    """
    obs_idx, band_idx, gaps = [], [], []
    searched = 0
    candidates = usable & np.isfinite(obs_hours)
    by_station = _indices_by_station(station_of, candidates, band_hours.shape[0])
    for s, mine in enumerate(by_station):
        timed = np.flatnonzero(np.isfinite(band_hours[s]))
        searched += timed.size
        if mine.size == 0 or timed.size == 0:
            continue
        mine = mine[np.argsort(obs_hours[mine], kind="stable")]
        chosen, gap = _nearest(obs_hours[mine], band_hours[s, timed])
        hit = gap <= window_hours + _EPS_HOURS
        obs_idx.append(mine[chosen[hit]])
        band_idx.append(timed[hit])
        gaps.append(gap[~hit])
    misses = np.concatenate(gaps) if gaps else np.zeros(0)
    misses = misses[misses <= NEAR_MISS_HOURS]
    stats = {"searched": searched, "missed": int(misses.size),
             "closest_miss": float(misses.min()) if misses.size else float("nan")}
    join = (lambda parts: np.concatenate(parts).astype(int) if parts else np.zeros(0, int))
    return join(obs_idx), join(band_idx), stats


def _indices_by_station(station_of, mask, n_stations):
    """The observation indices of each station where ``mask`` holds."""
    idx = np.flatnonzero(mask)
    order = np.argsort(station_of[idx], kind="stable")
    idx = idx[order]
    bounds = np.searchsorted(station_of[idx], np.arange(n_stations + 1))
    return [idx[bounds[s]:bounds[s + 1]] for s in range(n_stations)]


def _nearest(times, targets):
    """(position in sorted ``times`` nearest each target, its distance); ties → later."""
    right = np.clip(np.searchsorted(times, targets, side="left"), 0, times.size - 1)
    left = np.clip(right - 1, 0, times.size - 1)
    d_right = np.abs(times[right] - targets)
    d_left = np.abs(targets - times[left])
    use_right = d_right <= d_left
    return np.where(use_right, right, left), np.where(use_right, d_right, d_left)

"""Station observations as plain arrays, and their pairing with the bands of a stack.

The algorithm layer reads a point layer or a table with x/y fields (one feature per
observation, DESIGN §3) into :class:`Observations`; the engine never sees QGIS
objects. Positions are kept in the layer's CRS and reprojected to each raster's CRS
when sampled. Observation times are UTC (ISMN convention); a date-time column whose
times are all 00:00 holds dates (a date stored as date-time) and is read as dates.
"""
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, replace

import numpy as np

from ..errors import InputError
from ..raster.dates import parse_iso


@dataclass
class Observations:
    """One entry per observation.

    ``station_ids`` (str), ``x``/``y`` (layer CRS units), ``values`` (m³/m³),
    ``dates`` (BandDate or None each, UTC when it has a time; None throughout when
    there is no date field),
    ``groups`` (str or None each), ``crs`` (a rasterio CRS or WKT/EPSG text).
    """

    station_ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    dates: list
    groups: list
    crs: object

    @classmethod
    def build(cls, station_ids, x, y, values, dates=None, groups=None, crs=None):
        """Check and pack observations; raise :class:`InputError` when unusable."""
        n = len(values)
        if n == 0:
            raise InputError("The station layer has no observations. Choose a point layer "
                             "with at least one feature.")
        if crs is None or crs == "":
            raise InputError("The station layer has no coordinate reference system. Set its "
                             "CRS (Layer Properties ▸ Source) and run again.")
        dates = _midnight_as_dates(list(dates)) if dates is not None else [None] * n
        groups = list(groups) if groups is not None else [None] * n
        if not len(station_ids) == len(x) == len(y) == len(dates) == len(groups) == n:
            raise ValueError("Observation arrays differ in length.")
        return cls(np.asarray([str(s) for s in station_ids], dtype=object),
                   np.asarray(x, "float64"), np.asarray(y, "float64"),
                   np.asarray(values, "float64"), dates, groups, crs)

    def __len__(self):
        return len(self.values)

    def fingerprint(self):
        """SHA-256 of every observation (station, position, value, date, group) and the
        CRS: what proves a rerun fuses the same observations (resume)."""
        digest = hashlib.sha256()
        for array in (self.x, self.y, self.values):
            digest.update(np.ascontiguousarray(array, dtype="<f8").tobytes())
        text = [list(map(str, self.station_ids)), [d.iso if d else "" for d in self.dates],
                [g or "" for g in self.groups], str(self.crs)]
        digest.update(json.dumps(text).encode("utf-8"))
        return digest.hexdigest()

    @property
    def has_dates(self):
        """True when any observation has a date."""
        return any(d is not None for d in self.dates)

    @property
    def has_times(self):
        """True when any observation has a time of day (not only a date)."""
        return any(d is not None and d.has_time for d in self.dates)

    def hours_utc(self):
        """UTC time of every observation as float hours since 1970 (NaN without a time)."""
        from .time_matching import hours_since_epoch

        return np.array([hours_since_epoch(d.when) if d is not None and d.has_time
                         else np.nan for d in self.dates], "float64")

    def positions_in(self, crs, index=None):
        """x, y of every observation (or of those at ``index``) in ``crs`` (rasterio CRS)."""
        from rasterio.crs import CRS
        from rasterio.warp import transform

        x, y = (self.x, self.y) if index is None else (self.x[index], self.y[index])
        source = self.crs if isinstance(self.crs, CRS) else CRS.from_user_input(self.crs)
        if source == crs:
            return x, y
        xs, ys = transform(source, crs, list(x), list(y))
        return np.asarray(xs, "float64"), np.asarray(ys, "float64")

    def first_of_station(self):
        """{station id: index of its first observation}."""
        ids, first = np.unique(self.station_ids, return_index=True)
        return dict(zip(ids.tolist(), first.tolist()))

    def station_table(self):
        """Stations in order of first appearance: (ids, index of each observation's station)."""
        ids, first, inverse = np.unique(self.station_ids, return_index=True,
                                        return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        return ids[order], rank[inverse]


def _midnight_as_dates(dates):
    """Dates whose times are all 00:00 (a date stored as date-time) become dates."""
    timed = [d for d in dates if d is not None and d.has_time]
    if not timed or any(d.when.time() != _dt.time(0) for d in timed):
        return dates
    return [replace(d, has_time=False) if d is not None else None for d in dates]


def grouped_mean(inverse, values):
    """Mean of the finite ``values`` of each group (``inverse``: group of every value).

    NaN for a group without a finite value.
    """
    v = np.asarray(values, float)
    good = np.isfinite(v)
    total = np.bincount(inverse, np.where(good, v, 0.0))
    n = np.bincount(inverse, good.astype(float))
    return np.where(n > 0, total / np.maximum(n, 1), np.nan)


def raster_date(text):
    """The user-given date of an undated single-band raster (None when empty)."""
    if not text:
        return None
    date = parse_iso(text)
    if date is None:
        raise InputError(f"The raster date '{text}' is not a date; give it as YYYY-MM-DD.")
    return date


def day_number(date):
    """Days since 0001-01-01 as a float (time of day as a fraction)."""
    w = date.when
    return w.toordinal() + (w.hour * 60 + w.minute) / 1440.0


def match_bands(obs_dates, band_dates, tolerance=0, fixed=None):
    """The band (0-based, −1 when none) each observation pairs with.

    - A stack with dates: the band whose calendar day is nearest the observation's,
      within ``tolerance`` days; ties go to the band nearest in time of day when both
      have times, then to the first band (AM before PM).
    - A single band without date (``band_dates == [None]``): every observation
      pairs with it; with ``fixed`` (a BandDate) only those within ``tolerance`` days.

    Raises :class:`InputError` when a dated stack meets undated observations.
    """
    n = len(obs_dates)
    if len(band_dates) == 1 and band_dates[0] is None:
        if fixed is None:
            return np.zeros(n, dtype=int)
        band_dates = [fixed]
    elif fixed is not None:
        raise InputError("A date for the raster was given, but its bands carry dates of "
                         "their own. Leave the raster date empty.")
    if any(d is None for d in band_dates):
        raise InputError("Some bands of the raster have no date in their description. Build "
                         "the stack with 'Build time stack' or set band descriptions to "
                         "YYYY-MM-DD.")
    if any(d is None for d in obs_dates):
        raise InputError("The raster has dated bands but observations have no date. Choose "
                         "the date field of the station layer.")
    if tolerance < 0:
        raise InputError(f"The date tolerance must be 0 days or more (got {tolerance}).")
    band_day = np.array([d.day.toordinal() for d in band_dates])
    band_time = np.array([day_number(d) if d.has_time else np.nan for d in band_dates])
    found = {}
    for when in set(obs_dates):
        gap = np.abs(band_day - when.day.toordinal())
        best = gap.min()
        if best > tolerance:
            found[when] = -1
            continue
        candidates = np.flatnonzero(gap == best)
        if when.has_time and candidates.size > 1:
            dt = np.abs(band_time[candidates] - day_number(when))
            if np.isfinite(dt).any():
                candidates = candidates[[int(np.nanargmin(dt))]]
        found[when] = int(candidates[0])
    return np.array([found[when] for when in obs_dates], dtype=int)

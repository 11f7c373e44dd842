"""Soil-moisture anomalies and the agreement of two series' anomalies.

Two references, as pytesmo src/pytesmo/time_series/anomaly.py:

- moving average (``calc_anomaly`` without a climatology, ``window_size`` = 35 days):
  anomaly = value − the mean of the series' valid values whose date lies within
  ±``window``/2 days of it (pytesmo time_series/filters.pyx ``boxcar_filter``,
  ``fillna=False``, ``min_obs=1``): with daily dates a centred 35-day window
  (±17 days). Missing days (absent dates or NaN values) are not filled: the mean is
  over the valid values present in the window, and a NaN value has a NaN anomaly.
- day-of-year climatology (``calc_climatology`` defaults, then ``calc_anomaly`` with
  it): the series is first smoothed by a 5-day moving average that also fills NaN
  values at the dates given (``moving_avg_orig=5``, ``fillna=True``); the smoothed
  values are averaged per day of year on a 366-day calendar (29 February = 60,
  1 March = 61 in every year: ``respect_leap_years=False``); those 366 means are
  smoothed circularly by a 35-day moving average (``moving_avg_clim=35``,
  ``wraparound=True``, filling days without data). The anomaly is the value minus the
  climatology of its day of year, counted in the date's own year as pytesmo's
  ``calc_anomaly`` does by default (``respect_leap_years=True``: in a non-leap year
  1 March is day 60). A day of year no data reaches stays NaN. It is meant for
  series covering several years: :func:`covered_years` measures the span.

Dates are numpy ``datetime64`` values or proleptic Gregorian ordinal days
(``datetime.date.toordinal()``, 1 = 0001-01-01), possibly fractional.
"""
import math

import numpy as np

from ..errors import InputError
from ..metrics import paired, pearson

DEFAULT_WINDOW = 35        # days, pytesmo calc_anomaly window_size
CLIMATOLOGY_ORIG_WINDOW = 5    # days, pytesmo calc_climatology moving_avg_orig
CLIMATOLOGY_WINDOW = 35    # days of year, pytesmo calc_climatology moving_avg_clim
DEFAULT_MIN_YEARS = 3.0    # span (years) below which a climatology is refused
_EPOCH_ORDINAL = 719163    # datetime.date(1970, 1, 1).toordinal()
_DAYS_PAST_LEAP = np.array([0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335])


def day_numbers(dates):
    """Dates as float64 ordinal days (1 = 0001-01-01; fractions for times of day)."""
    d = np.asarray(dates)
    if np.issubdtype(d.dtype, np.datetime64):
        seconds = d.astype("datetime64[s]").astype("float64")
        return seconds / 86400.0 + _EPOCH_ORDINAL
    return d.astype("float64")


def moving_average(dates, values, window=DEFAULT_WINDOW, fill=False, min_obs=1):
    """Mean of the valid values within ±``window``/2 days of each date (pytesmo
    ``moving_average``/``boxcar_filter``); NaN where the value is NaN (unless ``fill``)
    or fewer than ``min_obs`` values are in the window."""
    t = day_numbers(dates)
    v = np.asarray(values, "float64")
    ok = np.isfinite(v) & np.isfinite(t)
    order = np.argsort(t[ok], kind="stable")
    tv, vv = t[ok][order], v[ok][order]
    half = window / 2.0
    lo = np.searchsorted(tv, t - half, side="left")
    hi = np.searchsorted(tv, t + half, side="right")
    centre = vv.mean() if vv.size else 0.0  # running sums of small numbers: less rounding
    total = np.concatenate(([0.0], np.cumsum(vv - centre)))
    count = hi - lo
    out = np.full(v.shape, np.nan)
    want = (ok | (fill & np.isfinite(t))) & (count >= max(min_obs, 1))
    out[want] = centre + (total[hi[want]] - total[lo[want]]) / count[want]
    return out


def moving_average_anomaly(dates, values, window=DEFAULT_WINDOW):
    """values − their centred ``window``-day moving average (pytesmo ``calc_anomaly``)."""
    return np.asarray(values, "float64") - moving_average(dates, values, window)


def covered_years(dates, values):
    """Years (365.25 days) between the first and the last valid value."""
    t = day_numbers(dates)[np.isfinite(np.asarray(values, "float64"))]
    return float((t.max() - t.min()) / 365.25) if t.size else 0.0


def day_of_year(dates, respect_leap_years=False):
    """Day of year 1–366 (cadati ``doy``): on the 366-day calendar, or the date's own
    year's day when ``respect_leap_years``."""
    days = np.floor(day_numbers(dates)).astype("int64") - _EPOCH_ORDINAL
    d = days.astype("datetime64[D]")
    year = d.astype("datetime64[Y]")
    month = (d.astype("datetime64[M]") - year.astype("datetime64[M]")).astype(int) + 1
    day = (d - d.astype("datetime64[M]")).astype(int) + 1
    doy = _DAYS_PAST_LEAP[month - 1] + day
    if respect_leap_years:
        y = year.astype(int) + 1970
        nonleap = ~((y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0)))
        doy = doy - nonleap + (nonleap & (doy < 60))
    return doy


def climatology(dates, values, min_years=DEFAULT_MIN_YEARS):
    """The 366 day-of-year means (index 0 = day 1) of pytesmo ``calc_climatology``.

    Raises :class:`InputError` when the valid values span less than ``min_years``.
    """
    span = covered_years(dates, values)
    if span < min_years:
        raise InputError(f"A day-of-year climatology needs a series covering at least "
                         f"{min_years:g} years; this one covers {span:.1f}. Use the "
                         "moving-average anomalies instead.")
    smooth = moving_average(dates, values, CLIMATOLOGY_ORIG_WINDOW, fill=True)
    doy = day_of_year(dates)
    ok = np.isfinite(smooth)
    sums = np.bincount(doy[ok] - 1, smooth[ok], minlength=366)
    counts = np.bincount(doy[ok] - 1, minlength=366)
    means = np.full(366, np.nan)
    means[counts > 0] = sums[counts > 0] / counts[counts > 0]
    days = np.arange(1, 367, dtype="float64")
    pad = CLIMATOLOGY_WINDOW
    wrapped = moving_average(np.concatenate((days[-pad:] - 366, days, days[:pad] + 366)),
                             np.concatenate((means[-pad:], means, means[:pad])),
                             CLIMATOLOGY_WINDOW, fill=True)
    return wrapped[pad:-pad]


def climatology_anomaly(dates, values, min_years=DEFAULT_MIN_YEARS):
    """values − the day-of-year climatology of the same series (see the module)."""
    clim = climatology(dates, values, min_years)
    return np.asarray(values, "float64") - clim[day_of_year(dates, True) - 1]


def anomaly_agreement(dates, estimate, reference, method="moving_average",
                      window=DEFAULT_WINDOW, min_years=DEFAULT_MIN_YEARS):
    """dict n, r, ubrmse of the anomalies of two series sampled on the same ``dates``.

    Each series' anomalies are taken over all its own valid values
    (``method`` "moving_average" with ``window`` days, or "climatology"), then paired
    where both are finite: ``r`` is Pearson R (NaN below 2 pairs), ``ubrmse`` the
    ubRMSD (m³/m³) of the anomalies (pytesmo ``ubrmsd``), ``n`` the pairs used.
    """
    if method == "moving_average":
        ae = moving_average_anomaly(dates, estimate, window)
        ar = moving_average_anomaly(dates, reference, window)
    elif method == "climatology":
        ae = climatology_anomaly(dates, estimate, min_years)
        ar = climatology_anomaly(dates, reference, min_years)
    else:
        raise InputError(f"Unknown anomaly method {method!r}; use 'moving_average' or "
                         "'climatology'.")
    e, r = paired(ae, ar)
    if e.size == 0:
        return {"n": 0, "r": math.nan, "ubrmse": math.nan}
    ub = float(np.sqrt(np.mean(((e - e.mean()) - (r - r.mean())) ** 2)))
    return {"n": int(e.size), "r": pearson(e, r)[0], "ubrmse": ub}

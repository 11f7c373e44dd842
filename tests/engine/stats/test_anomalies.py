"""Anomalies from a moving average and from a day-of-year climatology (pytesmo's rules)."""
import datetime as dt
import math

import numpy as np
import pytest

from smdownscale.engine.errors import InputError
from smdownscale.engine.stats.anomalies import (anomaly_agreement, climatology,
                                                climatology_anomaly, day_of_year,
                                                moving_average_anomaly)

START = dt.date(2001, 1, 1).toordinal()


def test_moving_average_anomaly_of_a_sine_is_its_dirichlet_remainder():
    """The mean of A·sin(ω(t+k)), k = −17…17, is A·sin(ωt)·sin(35ω/2)/(35 sin(ω/2))."""
    days = np.arange(START, START + 400)
    omega, amplitude = 2 * math.pi / 60.0, 0.08
    values = 0.25 + amplitude * np.sin(omega * days)
    kernel = math.sin(35 * omega / 2) / (35 * math.sin(omega / 2))
    anomaly = moving_average_anomaly(days, values)
    inner = slice(17, -17)
    expected = amplitude * np.sin(omega * days) * (1 - kernel)
    assert np.max(np.abs(anomaly[inner] - expected[inner])) < 1e-12


def test_moving_average_skips_gaps_and_keeps_nan_values_nan():
    rng = np.random.default_rng(2)
    days = np.setdiff1d(np.arange(START, START + 90), [START + 5, START + 40, START + 41])
    values = rng.uniform(0.1, 0.4, days.size)
    values[[3, 30, 31, 60]] = np.nan
    anomaly = moving_average_anomaly(days, values)
    for i, (d, v) in enumerate(zip(days, values)):
        window = [w for e, w in zip(days, values) if abs(e - d) <= 17.5 and not np.isnan(w)]
        expected = v - sum(window) / len(window) if not np.isnan(v) else np.nan
        assert anomaly[i] == pytest.approx(expected, abs=1e-12, nan_ok=True)
    as_dates = (days - dt.date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    assert np.array_equal(moving_average_anomaly(as_dates, values), anomaly, equal_nan=True)


def test_day_of_year_on_the_366_day_calendar_and_in_the_own_year():
    march1 = [dt.date(2001, 3, 1).toordinal(), dt.date(2004, 3, 1).toordinal()]
    assert day_of_year(march1).tolist() == [61, 61]
    assert day_of_year(march1, respect_leap_years=True).tolist() == [60, 61]
    assert day_of_year([dt.date(2003, 12, 31).toordinal()]).tolist() == [366]


def _textbook_climatology(days, values):
    """pytesmo calc_climatology written out: 5-day mean filling gaps, per-day-of-year mean on
    the leap calendar, then a circular 35-day mean filling empty days."""
    smooth = []
    for i, d in enumerate(days):                           # days are consecutive here
        near = [w for e, w in zip(days[max(i - 3, 0):i + 4], values[max(i - 3, 0):i + 4])
                if abs(e - d) <= 2.5 and not np.isnan(w)]
        smooth.append(sum(near) / len(near) if near else np.nan)
    per_doy = {}
    for d, s in zip(days, smooth):
        date = dt.date.fromordinal(int(d))
        doy = (dt.date(2000, date.month, date.day) - dt.date(2000, 1, 1)).days + 1
        if not np.isnan(s):
            per_doy.setdefault(doy, []).append(s)
    means = [np.mean(per_doy[k]) if k in per_doy else np.nan for k in range(1, 367)]
    clim = []
    for k in range(366):
        near = [means[(k + o) % 366] for o in range(-17, 18) if not np.isnan(means[(k + o) % 366])]
        clim.append(sum(near) / len(near) if near else np.nan)
    return np.array(clim)


def test_climatology_and_its_anomaly_follow_the_textbook_pipeline():
    rng = np.random.default_rng(4)
    days = np.arange(START, dt.date(2004, 12, 31).toordinal() + 1)
    values = 0.25 + 0.1 * np.sin(2 * math.pi * days / 365.25) + rng.normal(0, 0.02, days.size)
    values[rng.choice(days.size, 300, replace=False)] = np.nan
    values[100:160] = np.nan                               # a two-month gap in 2001
    clim = _textbook_climatology(days, values)
    assert np.max(np.abs(climatology(days, values) - clim)) < 1e-12
    anomaly = climatology_anomaly(days, values)
    for i in (0, 58, 59, 365 + 59, 3 * 365 + 59, 3 * 365 + 60, days.size - 1):
        date = dt.date.fromordinal(int(days[i]))           # own-year day of year
        doy = date.timetuple().tm_yday
        assert anomaly[i] == pytest.approx(values[i] - clim[doy - 1], abs=1e-12, nan_ok=True)


def test_climatology_of_a_constant_is_the_constant_and_short_series_are_refused():
    days = np.arange(START, START + 4 * 365)
    values = np.full(days.size, 0.3)
    values[::7] = np.nan
    anomaly = climatology_anomaly(days, values)
    assert np.nanmax(np.abs(anomaly)) < 1e-15 and np.isnan(anomaly[::7]).all()
    with pytest.raises(InputError, match="at least 3 years; this one covers 1.0"):
        climatology(days[:366], values[:366])


def test_anomaly_agreement_removes_a_bias_and_counts_the_pairs():
    rng = np.random.default_rng(8)
    days = np.arange(START, START + 200)
    ref = 0.25 + 0.05 * np.sin(days / 9.0) + rng.normal(0, 0.01, days.size)
    est = ref + 0.04
    same = anomaly_agreement(days, est, ref)
    assert same["n"] == 200 and same["r"] == pytest.approx(1.0, abs=1e-12)
    assert same["ubrmse"] == pytest.approx(0.0, abs=1e-12)
    gappy = est.copy()
    gappy[:10] = np.nan
    assert anomaly_agreement(days, gappy, ref)["n"] == 190
    noisy = est + rng.normal(0, 0.02, days.size)
    m = anomaly_agreement(days, noisy, ref)
    a, b = moving_average_anomaly(days, noisy), moving_average_anomaly(days, ref)
    ok = np.isfinite(a) & np.isfinite(b)
    da, db = a[ok] - a[ok].mean(), b[ok] - b[ok].mean()
    assert m["r"] == pytest.approx(np.sum(da * db) / math.sqrt(np.sum(da ** 2) * np.sum(db ** 2)),
                                   abs=1e-12)
    assert m["ubrmse"] == pytest.approx(math.sqrt(np.mean((da - db) ** 2)), abs=1e-12)
    with pytest.raises(InputError, match="Unknown anomaly method"):
        anomaly_agreement(days, est, ref, method="monthly")

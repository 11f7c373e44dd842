"""The numbers behind every figure of the validation report, as tables.

:func:`figure_data` computes them once from a
:class:`~..stations.validation.ValidationResult` (plus, optionally, the map for its
period mean and a precipitation stack); the report draws its figures from the
same rows, so a table written for a later Modeler step holds exactly what a
figure shows. :data:`TABLE_COLUMNS` documents every table's columns (units in
brackets); ``<product>`` stands for each product key of :func:`.products_of`
("downscaled", "coarse", …). Missing numbers are None.
"""
from dataclasses import dataclass

import numpy as np

from ..metrics import UNITS
from ..raster.dates import parse_iso
from .period_mean import DEFAULT_MAX_CELLS, period_mean
from .station_precipitation import station_precipitation
from .validation_products import pair_key, products_of, station_score

BOX_METRICS = ("r", "ubrmse", "bias", "rmse", "mae", "r2", "nse", "mape", "mre", "kl")
METRIC_UNITS = {**UNITS, "kl": "nats"}  # the others are unitless
WHISKER = 1.5  # whiskers reach the furthest station within 1.5 × IQR of the box
DEFAULT_SERIES_STATIONS = 4
MIN_BINS, MAX_BINS = 10, 40
ONE_DAY = np.timedelta64(1, "D")

TABLE_COLUMNS = {
    "station_metric_boxes": (
        "One row per product and per-station metric (box plots): product; metric (r, "
        "ubrmse, bias, rmse, mae, r2, nse, mape, mre, kl); unit (m³/m³, %, nats or "
        "unitless); n_stations (stations with that metric); mean, minimum, q1, median, "
        "q3, maximum (linear-interpolated quartiles of the stations' values); "
        "whisker_low, whisker_high (furthest station values within 1.5 × IQR of the box); "
        "outliers (stations beyond the whiskers)."),
    "value_density": (
        "Histogram density of the values at the pairs, per product: product; series "
        "(station: the observations; product: the product's values, on the same pairs); "
        "bin (1-based); sm_from, sm_to (bin edges, m³/m³; the same edges for every "
        "product); count (pairs in the bin); density (count / (pairs × bin width), "
        "per m³/m³; sums to 1 over the bins when multiplied by the width)."),
    "r_ubrmse": (
        "One row per product and station with metrics (R against ubRMSE coloured by "
        "bias): product; station; group; n (pairs); r (Pearson R, unitless); ubrmse "
        "(m³/m³); bias (m³/m³, product − station, negative: dry)."),
    "station_series": (
        "The time series of the stations with the most pairs: station; date (ISO, '' "
        "when undated); pair (1-based order within the station); observed (m³/m³); "
        "<product> (each product's value at the pair, m³/m³)."),
    "station_precipitation": (
        "Only with a precipitation stack: station; date (ISO); precipitation (the stack's "
        "units, mm/day) at the cell containing the station, on the stack's dates within "
        "one day of the shown time series."),
    "station_map": (
        "One row per station (the station map): station; group; x, y (map CRS units); "
        "n_pairs; period_mean (the map's mean over its bands at the station's figure "
        "cell, m³/m³; None without the map); ubrmse_<product> (m³/m³) and r_<product> "
        "(unitless) of each product."),
    "map_period_mean": (
        "Only with the map (from FigureData.map_rows, one row per valid cell of the "
        "figure grid, at most ~1000 × 1000): row, col (0-based, figure grid); x, y (cell "
        "centre, map CRS units); period_mean (mean of the valid band values, m³/m³; a "
        "decimated map averages each block of step × step map cells); n_dates (bands "
        "with a value)."),
}


@dataclass
class FigureData:
    """What the report's figures draw: ``rows`` (table name → list of row dicts, see
    :data:`TABLE_COLUMNS`) and what a table cannot hold: the box plots' outlier values
    (``fliers``: (product, metric) → array), the density bin ``edges`` (m³/m³), the
    stations of the time series (``series``: station indices), the precipitation at
    them (``precipitation``: a :class:`.StationPrecipitation` or None) and the map's
    ``period`` mean (a :class:`.PeriodMean` or None)."""

    products: tuple
    rows: dict
    fliers: dict
    edges: np.ndarray
    series: list
    precipitation: object = None
    period: object = None

    def tables(self):
        """Table name → rows of every figure table present (not map_period_mean, which
        :meth:`map_rows` yields cell by cell)."""
        return {name: rows for name, rows in self.rows.items() if rows is not None}

    def map_rows(self):
        """Yield the rows of ``map_period_mean`` (nothing without the map)."""
        if self.period is None:
            return
        grid, mean, count = self.period.grid, self.period.mean, self.period.count
        t = grid.transform
        for r, c in zip(*np.nonzero(count)):
            x, y = t * (c + 0.5, r + 0.5)
            yield {"row": int(r), "col": int(c), "x": float(x), "y": float(y),
                   "period_mean": float(mean[r, c]), "n_dates": int(count[r, c])}


def figure_data(result, map_path=None, precipitation_path=None,
                series_stations=DEFAULT_SERIES_STATIONS, max_map_cells=DEFAULT_MAX_CELLS,
                progress=None):
    """The :class:`FigureData` of ``result``.

    ``map_path``: the validated map (its period mean under the station map);
    ``precipitation_path``: a dated daily precipitation stack (mm/day) whose values at
    the stations are drawn as bars under the time series; ``series_stations``: how
    many stations (those with the most pairs) get a time series;
    ``max_map_cells``: cells per side of the period-mean figure grid at most.
    """
    products = products_of(result)
    boxes, fliers = _box_rows(result, products)
    edges = _density_edges(result, products)
    series = _series_stations(result, series_stations)
    period = period_mean(map_path, max_map_cells, progress) if map_path else None
    rain = _precipitation(result, series, precipitation_path, progress)
    rows = {"station_metric_boxes": boxes,
            "value_density": _density_rows(result, products, edges),
            "r_ubrmse": _scatter_rows(result, products),
            "station_series": _series_rows(result, products, series),
            "station_precipitation": _precipitation_rows(result, series, rain)
            if precipitation_path else None,
            "station_map": _station_map_rows(result, products, period)}
    return FigureData(products, rows, fliers, edges, series, rain, period)


def _value(value):
    """A finite float, or None."""
    return float(value) if value is not None and np.isfinite(value) else None


# -- box plots ------------------------------------------------------------------------------
def box_stats(values):
    """Box-plot numbers of the finite ``values`` (None when there are none) and the
    outliers: ({n_stations, mean, minimum, q1, median, q3, maximum, whisker_low,
    whisker_high, outliers}, outlier values)."""
    v = np.sort(np.asarray(values, float))
    v = v[np.isfinite(v)]
    if not v.size:
        return None, v
    q1, median, q3 = np.percentile(v, [25, 50, 75])
    reach = WHISKER * (q3 - q1)
    within = v[(v >= q1 - reach) & (v <= q3 + reach)]
    low, high = float(within.min()), float(within.max())
    outside = v[(v < low) | (v > high)]
    return {"n_stations": int(v.size), "mean": float(v.mean()), "minimum": float(v[0]),
            "q1": float(q1), "median": float(median), "q3": float(q3),
            "maximum": float(v[-1]), "whisker_low": low, "whisker_high": high,
            "outliers": int(outside.size)}, outside


def _box_rows(result, products):
    """Rows of station_metric_boxes, and the outliers of every (product, metric)."""
    rows, fliers = [], {}
    for product in products:
        for metric in BOX_METRICS:
            values = [station_score(s, product).get(metric, np.nan) for s in result.stations]
            stats, outside = box_stats(np.array(values, float))
            if stats is None:
                continue
            rows.append({"product": product, "metric": metric,
                         "unit": METRIC_UNITS.get(metric, "unitless"), **stats})
            fliers[(product, metric)] = outside
    return rows, fliers


# -- density --------------------------------------------------------------------------------
def _density_values(result, product):
    """(station, product) values at the pairs where both are finite."""
    observed = np.asarray(result.pairs["observed"], float)
    estimate = np.asarray(result.pairs[pair_key(product)], float)
    ok = np.isfinite(observed) & np.isfinite(estimate)
    return observed[ok], estimate[ok]


def _density_edges(result, products):
    """Common bin edges (m³/m³) of every product's and the stations' values."""
    values = np.concatenate([np.concatenate(_density_values(result, p)) for p in products])
    if not values.size:
        return np.linspace(0.0, 0.5, MIN_BINS + 1)
    bins = int(np.clip(np.ceil(np.sqrt(values.size / 2)), MIN_BINS, MAX_BINS))
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-6:
        low, high = low - 0.005, high + 0.005
    return np.linspace(low, high, bins + 1)


def _density_rows(result, products, edges):
    """Rows of value_density."""
    rows, width = [], np.diff(edges)
    for product in products:
        for series, values in zip(("station", "product"), _density_values(result, product)):
            counts = np.histogram(values, bins=edges)[0]
            density = counts / (values.size * width) if values.size else np.zeros(counts.size)
            rows += [{"product": product, "series": series, "bin": k + 1,
                      "sm_from": float(edges[k]), "sm_to": float(edges[k + 1]),
                      "count": int(counts[k]), "density": float(density[k])}
                     for k in range(counts.size)]
    return rows


# -- R against ubRMSE -----------------------------------------------------------------------
def _scatter_rows(result, products):
    """Rows of r_ubrmse: stations with R and ubRMSE, per product."""
    rows = []
    for product in products:
        for station in result.stations:
            score = station_score(station, product)
            r, ubrmse = _value(score.get("r")), _value(score.get("ubrmse"))
            if r is None or ubrmse is None:
                continue
            rows.append({"product": product, "station": station.station_id,
                         "group": station.group, "n": int(score.get("n", 0)), "r": r,
                         "ubrmse": ubrmse, "bias": _value(score.get("bias"))})
    return rows


# -- time series ----------------------------------------------------------------------------
def _series_stations(result, count):
    """Indices of the ``count`` stations with the most pairs (ties: station order)."""
    pairs = np.bincount(np.asarray(result.pairs["station"], int),
                        minlength=len(result.stations))
    order = sorted(np.flatnonzero(pairs), key=lambda s: (-pairs[s], s))
    return [int(s) for s in order[:max(0, int(count))]]


def _series_rows(result, products, stations):
    """Rows of station_series: the pairs of ``stations``, in station then pair order."""
    pairs, rows = result.pairs, []
    station_of = np.asarray(pairs["station"], int)
    for s in stations:
        for k, i in enumerate(np.flatnonzero(station_of == s)):
            row = {"station": result.stations[s].station_id, "date": pairs["date"][i],
                   "pair": k + 1, "observed": _value(pairs["observed"][i])}
            row.update({p: _value(pairs[pair_key(p)][i]) for p in products})
            rows.append(row)
    return rows


def pair_dates(texts):
    """datetime of every ISO date text, or None when any is missing or not a date."""
    parsed = [parse_iso(t) for t in texts]
    return None if not parsed or any(d is None for d in parsed) else [d.when for d in parsed]


def series_dates(result, stations):
    """The datetimes of the pairs of ``stations`` (None when they are undated)."""
    chosen = np.flatnonzero(np.isin(np.asarray(result.pairs["station"], int), stations))
    return pair_dates([result.pairs["date"][i] for i in chosen])


def _precipitation(result, stations, path, progress):
    """The precipitation at the time-series stations, or None without a stack."""
    if not path:
        return None
    xs = [result.stations[s].map_x for s in stations]
    ys = [result.stations[s].map_y for s in stations]
    return station_precipitation(path, xs, ys, result.map_crs, progress)


def precipitation_days(result, stations, rain):
    """Indices of the precipitation dates within one day of the series' dates."""
    when = series_dates(result, stations)
    if rain is None or when is None:
        return np.zeros(0, dtype=int)
    first, last = np.datetime64(min(when), "m"), np.datetime64(max(when), "m")
    days = np.array([d.when for d in rain.dates], dtype="datetime64[m]")
    return np.flatnonzero((days >= first - ONE_DAY) & (days <= last + ONE_DAY))


def _precipitation_rows(result, stations, rain):
    """Rows of station_precipitation."""
    days = precipitation_days(result, stations, rain)
    rows = []
    for k, s in enumerate(stations):
        rows += [{"station": result.stations[s].station_id, "date": rain.dates[d].iso,
                  "precipitation": float(rain.values[k, d])}
                 for d in days if np.isfinite(rain.values[k, d])]
    return rows


# -- station map ----------------------------------------------------------------------------
def _station_map_rows(result, products, period):
    """Rows of station_map."""
    x = np.array([s.map_x for s in result.stations], float)
    y = np.array([s.map_y for s in result.stations], float)
    means = period.at(x, y) if period is not None else np.full(x.size, np.nan)
    n_pairs = np.bincount(np.asarray(result.pairs["station"], int),
                          minlength=len(result.stations))
    rows = []
    for i, station in enumerate(result.stations):
        row = {"station": station.station_id, "group": station.group, "x": _value(x[i]),
               "y": _value(y[i]), "n_pairs": int(n_pairs[i]), "period_mean": _value(means[i])}
        for product in products:
            score = station_score(station, product)
            row[f"ubrmse_{product}"] = _value(score.get("ubrmse"))
            row[f"r_{product}"] = _value(score.get("r"))
        rows.append(row)
    return rows


"""The reviewer's tables of issue 19 §3, computed from validation's station–date pairs.

Input: the ``pairs`` dict of :func:`.validation.validate` (arrays or lists of one
length, one entry per station–date pair): ``station`` (index into ``station_ids``),
``date`` (ISO "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"; "" when undated), ``observed``
(m³/m³) and one float array per product (NaN where missing). ``products`` maps a
product label to its column, e.g. ``{"downscaled": "map", "coarse": "coarse",
"fused": "fused", "other": "extra_0"}``; a product whose column has no finite value
is left out (:attr:`StatisticsResult.skipped_products`). With ``common_pairs`` every
product is scored on the pairs where the station and all products have a value.
Scores follow :func:`..stats.scores.extended_score` (pytesmo's definitions; estimate
= the product, reference = the station), computed for many groups at once by
:mod:`..stats.grouped`.

Score columns (``SCORE_COLUMNS``; units of :mod:`..metrics` and :mod:`..stats.scores`):
n (pairs), bias, rmse, ubrmse, mae (m³/m³), r, p_value, r2 (= R², the square of
Pearson R), nse (Nash–Sutcliffe efficiency, not R²), mape, mre (%), kl (nats), rho,
p_rho (Spearman), tau, p_tau (Kendall τ-b), mse, mse_corr, mse_bias, mse_var
((m³/m³)²; mse = the sum of the three), bias_ci_lower/upper, ubrmse_ci_lower/upper
(m³/m³), r_ci_lower/upper, rho_ci_lower/upper, tau_ci_lower/upper (analytical, level
1 − ``alpha``). Fewer than ``min_pairs`` pairs leave every score NaN but n
(validation's ``_scored`` rule).

1. :func:`station_table` — one row per station × product (``STATION_COLUMNS``):
   station_id, group, product, the score columns, and the agreement of anomalies
   (:mod:`..stats.anomalies`, each series' anomalies over its own valid dated values,
   paired where both exist): anomaly_r_ma, anomaly_ubrmse_ma (m³/m³), anomaly_n_ma
   from a centred ``anomaly_window``-day moving average (35 days by default), and
   anomaly_r_clim, anomaly_ubrmse_clim, anomaly_n_clim from a day-of-year
   climatology, which are NaN (n 0) for a station whose observations (or that
   product's values) span less than ``min_years`` years. Anomaly R and ubRMSE are
   NaN below ``min_pairs`` anomaly pairs; undated pairs have no anomaly.
2. :func:`summary_table` — rows per product × scope × aggregation
   (``SUMMARY_COLUMNS``): product, scope_kind ("all", "group" — a station attribute,
   "season" — DJF, MAM, JJA, SON: northern-hemisphere meteorological seasons, December
   with the January and February that follow it in the same scope — or "month" —
   "01" … "12"), scope, aggregation, n_pairs, n_stations, then the score columns
   (without n). Seasons and months come from the pair's date; undated pairs count
   only in "all" and "group". Aggregation "pooled": every pair of the scope scored
   together (n_stations: stations with a pair in the scope); "station mean": the mean
   over the stations having at least ``min_pairs`` pairs in the scope (n_stations of
   them, n_pairs their pairs) of each station's score in that scope — R and its
   interval through Fisher's z (:func:`..stats.fisher.station_mean_r`, weighted by
   n − 3), every other score the plain mean; p-values and the other intervals are
   NaN there. With ``bootstrap``, pooled rows with at least 100 pairs add
   bias/rmse/ubrmse/r_bootstrap_ci_lower/upper (``BOOTSTRAP_COLUMNS``: percentile,
   ``bootstrap_samples`` resamples of the pairs, seeded by ``seed``).
3. :func:`triple_collocation` — the downscaled map, the coarse product and the
   stations (:mod:`..stats.triple_collocation`, scaled to the station, ``ref_ind`` 2)
   over the dates where all three have a value: pooled over stations with bootstrap
   intervals, and per station for every station with at least ``min_triplets``
   triplets (its intervals only with ``bootstrap``). ``TC_COLUMNS``: scope ("all" or
   the station id), group, dataset (product label or "station"), n_triplets, snr,
   snr_ci_lower/upper (dB), err_std, err_std_ci_lower/upper (m³/m³, scaled to the
   station), beta, beta_ci_lower/upper, refused (why the pooled estimate is missing,
   with the count; "" when computed). :func:`require_triple_collocation` raises it.
4. :func:`side_by_side` — the summary pivoted to one row per scope and aggregation
   with a ``<metric> (<product>)`` column per product.
"""
import math
from dataclasses import dataclass, field, replace

import numpy as np

from ..errors import InputError
from ..stats.anomalies import (DEFAULT_MIN_YEARS, DEFAULT_WINDOW, climatology_anomaly,
                               covered_years, day_numbers, moving_average_anomaly)
from ..stats.fisher import station_mean_r
from ..stats.grouped import KEYS, GroupScorer, grouped_agreement
from ..metrics import agreement
from ..stats.intervals import (DEFAULT_ALPHA, DEFAULT_MIN_BOOTSTRAP, DEFAULT_SAMPLES,
                               percentile_ci, resampled_indices)
from ..stats.triple_collocation import DEFAULT_MIN_TRIPLETS, metrics_from_cov, tcol_metrics

DEFAULT_PRODUCTS = {"downscaled": "map", "coarse": "coarse"}
DEFAULT_MIN_PAIRS = 10
STATION = "station"
SEASONS = ("DJF", "MAM", "JJA", "SON")
SEASON_OF_MONTH = np.array([0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0])  # index: month − 1
MONTHS = tuple(f"{m:02d}" for m in range(1, 13))
SCOPE_KINDS = ("all", "group", "season", "month")
AGGREGATIONS = ("pooled", "station mean")
SCORE_COLUMNS = KEYS
ANOMALY_COLUMNS = ("anomaly_r_ma", "anomaly_ubrmse_ma", "anomaly_n_ma", "anomaly_r_clim",
                   "anomaly_ubrmse_clim", "anomaly_n_clim")
STATION_COLUMNS = ("station_id", "group", "product") + SCORE_COLUMNS + ANOMALY_COLUMNS
SUMMARY_COLUMNS = ("product", "scope_kind", "scope", "aggregation", "n_pairs",
                   "n_stations") + tuple(k for k in SCORE_COLUMNS if k != "n")
BOOTSTRAP_METRICS = ("bias", "rmse", "ubrmse", "r")
BOOTSTRAP_COLUMNS = tuple(f"{m}_bootstrap_ci_{side}" for m in BOOTSTRAP_METRICS
                          for side in ("lower", "upper"))
TC_METRICS = ("snr", "err_std", "beta")
TC_COLUMNS = ("scope", "group", "dataset", "n_triplets") + tuple(
    f"{m}{suffix}" for m in TC_METRICS for suffix in ("", "_ci_lower", "_ci_upper")) + \
    ("refused",)
_TC_WEIGHTS_AT_ONCE = 2 ** 23  # resample weights held at once (bounds memory: 64 MB)
_NOT_AVERAGED = ("n", "p_value", "p_rho", "p_tau") + tuple(k for k in KEYS if "_ci_" in k)


@dataclass(frozen=True)
class StatisticsOptions:
    """How the tables are computed (frozen: change a copy with ``replace``).

    ``alpha``: 1 − confidence level of every interval (0.05: 95 %);
    ``bootstrap``: add bootstrap percentile intervals to the pooled summary rows and
    to the per-station triple collocation; ``bootstrap_samples``: resamples;
    ``seed``: of the resampling (same seed, same intervals); ``anomaly_window``: days
    of the moving average; ``min_years``: span (years) a station needs for the
    day-of-year climatology; ``min_pairs``: fewer pairs leave a score empty;
    ``min_triplets``: fewer triplets refuse triple collocation; ``seasons``,
    ``months``: add those scopes to the summary; ``common_pairs``: score every
    product on the pairs all products have.
    """

    alpha: float = DEFAULT_ALPHA
    bootstrap: bool = False
    bootstrap_samples: int = DEFAULT_SAMPLES
    seed: int = 0
    anomaly_window: float = DEFAULT_WINDOW
    min_years: float = DEFAULT_MIN_YEARS
    min_pairs: int = DEFAULT_MIN_PAIRS
    min_triplets: int = DEFAULT_MIN_TRIPLETS
    seasons: bool = True
    months: bool = True
    common_pairs: bool = True

    def validated(self):
        """A checked copy (numbers as float/int, switches as bool); raises InputError."""
        checked = replace(self, alpha=float(self.alpha), bootstrap=bool(self.bootstrap),
                          bootstrap_samples=int(self.bootstrap_samples), seed=int(self.seed),
                          anomaly_window=float(self.anomaly_window),
                          min_years=float(self.min_years), min_pairs=int(self.min_pairs),
                          min_triplets=int(self.min_triplets), seasons=bool(self.seasons),
                          months=bool(self.months), common_pairs=bool(self.common_pairs))
        _require(0.0 < checked.alpha < 1.0, f"The significance level alpha must lie in "
                 f"(0, 1) (got {self.alpha}); 0.05 gives 95 % intervals.")
        _require(checked.bootstrap_samples >= 10, "The number of bootstrap samples must be "
                 f"at least 10 (got {self.bootstrap_samples}); 1000 is usual.")
        _require(checked.seed >= 0, f"The bootstrap seed must be 0 or more (got {self.seed}).")
        _require(checked.anomaly_window > 0, "The anomaly moving-average window must be "
                 f"more than 0 days (got {self.anomaly_window}).")
        _require(checked.min_years > 0, "The years a climatology needs must be more than 0 "
                 f"(got {self.min_years}).")
        _require(checked.min_pairs >= 3, "The minimum number of pairs must be at least 3 "
                 f"(got {self.min_pairs}); correlation needs 3.")
        _require(checked.min_triplets >= 10, "The minimum number of triple collocation "
                 f"triplets must be at least 10 (got {self.min_triplets}).")
        return checked


def _require(condition, message):
    if not condition:
        raise InputError(message)


@dataclass
class TripleCollocationResult:
    """Rows of ``TC_COLUMNS``; ``refused``: why the pooled estimate is missing ("" when
    computed); ``n_triplets``: pooled triplets; ``stations_below``: stations with some
    but fewer than ``min_triplets`` triplets (no row of their own)."""

    rows: list
    n_triplets: int
    refused: str = ""
    stations_below: int = 0


@dataclass
class StatisticsResult:
    """The three tables, their columns and the products scored."""

    stations: list
    summary: list
    triple_collocation: TripleCollocationResult
    products: dict
    skipped_products: list = field(default_factory=list)
    summary_columns: tuple = SUMMARY_COLUMNS
    station_columns: tuple = STATION_COLUMNS
    tc_columns: tuple = TC_COLUMNS


def compute_statistics(pairs, station_ids, station_groups, products=None, options=None,
                       triplet=("downscaled", "coarse")):
    """All the tables of the module docstring as a :class:`StatisticsResult`."""
    options = (options or StatisticsOptions()).validated()
    data = PairData(pairs, station_ids, station_groups, products, options.common_pairs)
    summary = summary_table(data, options)
    return StatisticsResult(station_table(data, options), summary,
                            triple_collocation(data, options, triplet), data.products,
                            data.skipped, SUMMARY_COLUMNS + (BOOTSTRAP_COLUMNS if
                                                             options.bootstrap else ()))


class PairData:
    """The pairs prepared once for every table: valid rows, calendar and scorers.

    ``products``: label → column of the products kept; ``skipped``: labels without
    a finite value. Rows kept: observed finite and, with ``common_pairs``, every kept
    product finite.
    """

    def __init__(self, pairs, station_ids, station_groups, products=None, common_pairs=True):
        products = dict(products or DEFAULT_PRODUCTS)
        missing = [c for c in products.values() if c not in pairs]
        if missing:
            raise InputError(f"The pairs have no column {', '.join(missing)}; they have "
                             f"{', '.join(sorted(pairs))}.")
        observed = np.asarray(pairs["observed"], "float64")
        columns = {label: np.asarray(pairs[c], "float64") for label, c in products.items()}
        self.skipped = [label for label, v in columns.items() if not np.isfinite(v).any()]
        self.products = {label: c for label, c in products.items() if label not in self.skipped}
        keep = np.isfinite(observed)
        if common_pairs:
            for label in self.products:
                keep &= np.isfinite(columns[label])
        self.station_ids = [str(s) for s in station_ids]
        groups = [str(g or "").strip() for g in station_groups]
        _check_stations(pairs["station"], self.station_ids, groups)
        self.group_names = sorted({g for g in groups if g})
        self.station_group = np.array([self.group_names.index(g) if g else -1 for g in groups],
                                      dtype="int64")
        self.groups = groups
        self.station = np.asarray(pairs["station"], "int64")[keep]
        self.observed = observed[keep]
        self.values = {label: columns[label][keep] for label in self.products}
        dates = [d or "" for d in np.asarray(pairs["date"], dtype=object)[keep]]
        self.days, self.month = _calendar(dates)
        self.n_stations = len(self.station_ids)
        self._scorers, self._station_scores = {}, {}
        self.anomalies = {}  # (window, min_years) → the stations' anomalies (:func:`_anomalies`)

    def scorer(self, label, alpha):
        """The :class:`..stats.grouped.GroupScorer` of a product against the stations."""
        if (label, alpha) not in self._scorers:
            self._scorers[label, alpha] = GroupScorer(self.values[label], self.observed, alpha)
        return self._scorers[label, alpha]

    def station_scores(self, label, options):
        """Each station's score of a product (arrays over stations; see :func:`_emptied`)."""
        key = (label, options.alpha, options.min_pairs)
        if key not in self._station_scores:
            scores = self.scorer(label, options.alpha).scores(self.station, self.n_stations)
            self._station_scores[key] = _emptied(scores, options.min_pairs)
        return self._station_scores[key]

    def scopes(self, options):
        """[(kind, names, code of every pair (−1: not in the scope kind))]."""
        out = [("all", ["all"], np.zeros(self.station.size, "int64"))]
        if self.group_names:
            out.append(("group", self.group_names, self.station_group[self.station]))
        if options.seasons:
            out.append(("season", list(SEASONS),
                        np.where(self.month > 0, SEASON_OF_MONTH[self.month - 1], -1)))
        if options.months:
            out.append(("month", list(MONTHS), self.month - 1))
        return out


def _check_stations(station, station_ids, groups):
    if len(groups) != len(station_ids):
        raise InputError(f"{len(station_ids)} station ids but {len(groups)} station groups; "
                         "give one group ('' for none) per station.")
    station = np.asarray(station)
    if station.size and (station.min() < 0 or station.max() >= len(station_ids)):
        raise InputError(f"A pair refers to station {int(station.max())} of only "
                         f"{len(station_ids)}; the station column indexes station_ids.")


def _calendar(dates):
    """(ordinal day, float, NaN when undated; month 1–12, 0 when undated) of ISO texts."""
    parsed = np.array(dates, dtype="datetime64[m]") if len(dates) else \
        np.array([], "datetime64[m]")
    undated = np.isnat(parsed)
    days = np.where(undated, np.nan, day_numbers(parsed))
    month = parsed.astype("datetime64[M]").astype("int64") % 12 + 1
    return days, np.where(undated, 0, month)


# -- 1. stations -----------------------------------------------------------------------------
def station_table(data, options):
    """Rows of ``STATION_COLUMNS``, station by station, each product in turn."""
    per_product = {}
    for label in data.products:
        scores = data.station_scores(label, options)
        per_product[label] = {**scores, **_anomaly_columns(data, label, options)}
    rows = []
    for s, sid in enumerate(data.station_ids):
        for label, columns in per_product.items():
            row = {"station_id": sid, "group": data.groups[s], "product": label}
            row.update({k: _plain(k, columns[k][s]) for k in SCORE_COLUMNS + ANOMALY_COLUMNS})
            rows.append(row)
    return rows


def _emptied(scores, min_pairs):
    """Every score NaN (n kept) where n < ``min_pairs``."""
    few = scores["n"] < min_pairs
    return {k: (v if k == "n" else np.where(few, np.nan, v)) for k, v in scores.items()}


def _plain(key, value):
    return int(value) if key == "n" or key.startswith("anomaly_n") else float(value)


def _anomaly_columns(data, label, options):
    """The anomaly columns of one product, arrays over stations."""
    out = {}
    key = (options.anomaly_window, options.min_years)
    if key not in data.anomalies:
        data.anomalies[key] = _anomalies(data, data.observed, options)
    observed = data.anomalies[key]
    for k, (suffix, estimate) in enumerate(zip(("ma", "clim"),
                                               _anomalies(data, data.values[label], options))):
        result = grouped_agreement(data.station, estimate, observed[k], data.n_stations)
        few = result["n"] < options.min_pairs
        out[f"anomaly_r_{suffix}"] = np.where(few, np.nan, result["r"])
        out[f"anomaly_ubrmse_{suffix}"] = np.where(few, np.nan, result["ubrmse"])
        out[f"anomaly_n_{suffix}"] = result["n"]
    return out


def _anomalies(data, values, options):
    """(moving-average, climatology) anomalies of a series at every pair (NaN: none)."""
    dated = np.isfinite(data.days)
    return (_moving_average_anomalies(data, values, dated, options),
            _climatology_anomalies(data, values, dated, options))


def _moving_average_anomalies(data, values, dated, options):
    """Moving-average anomalies of every station at once: each station's days are
    shifted into a range of its own, wider than the window, so no window spans two."""
    out = np.full(data.station.size, np.nan)
    if not dated.any():
        return out
    station, days = data.station[dated], data.days[dated]
    gap = days.max() - days.min() + 2 * options.anomaly_window + 1
    out[dated] = moving_average_anomaly(days - days.min() + station * gap, values[dated],
                                        options.anomaly_window)
    return out


def _climatology_anomalies(data, values, dated, options):
    """Day-of-year climatology anomalies, station by station (NaN for a station whose
    valid values span less than ``min_years``)."""
    out = np.full(data.station.size, np.nan)
    for s, rows in _rows_by_station(data.station, dated):
        days, series = data.days[rows], values[rows]
        if covered_years(days, series) >= options.min_years:
            out[rows] = climatology_anomaly(days, series, options.min_years)
    return out


def _rows_by_station(station, where):
    """Yield (station, row indices) for the rows where ``where`` holds."""
    rows = np.flatnonzero(where)
    order = rows[np.argsort(station[rows], kind="stable")]
    cut = np.flatnonzero(np.diff(station[order])) + 1
    for part in np.split(order, cut):
        if part.size:
            yield int(station[part[0]]), part


# -- 2. summary ------------------------------------------------------------------------------
def summary_table(data, options):
    """Rows of ``SUMMARY_COLUMNS`` (+ ``BOOTSTRAP_COLUMNS`` with ``bootstrap``)."""
    rows = []
    for label in data.products:
        scorer = data.scorer(label, options.alpha)
        for kind, names, codes in data.scopes(options):
            pooled = _emptied(scorer.scores(codes, len(names)), options.min_pairs)
            stations_in = _stations_in_scope(data, codes, len(names))
            per_station = _per_station_in_scope(data, scorer, kind, codes, len(names),
                                                data.station_scores(label, options))
            for k, name in enumerate(names):
                row = _summary_row(label, kind, name, "pooled", int(stations_in[k]),
                                   {key: v[k] for key, v in pooled.items()})
                if options.bootstrap:
                    row.update(_bootstrap(data, label, codes == k, options))
                rows.append(row)
                mean = _station_mean({key: v[:, k] for key, v in per_station.items()},
                                     options)
                rows.append(_summary_row(label, kind, name, "station mean",
                                         mean.pop("n_stations"), mean))
    return rows


def _summary_row(label, kind, name, aggregation, n_stations, scores):
    row = {"product": label, "scope_kind": kind, "scope": name, "aggregation": aggregation,
           "n_pairs": int(scores["n"]), "n_stations": int(n_stations)}
    row.update({k: float(scores[k]) for k in SCORE_COLUMNS if k != "n"})
    return row


def _stations_in_scope(data, codes, n_scopes):
    """Number of stations with at least one pair in each scope."""
    inside = codes >= 0
    combos = np.unique(codes[inside] * data.n_stations + data.station[inside])
    return np.bincount(combos // data.n_stations, minlength=n_scopes)


def _per_station_in_scope(data, scorer, kind, codes, n_scopes, station_scores):
    """dict key → (stations, scopes) array of each station's score in each scope.

    "all" and "group" are station attributes: a station's score in its scope is its
    own (NaN in the others); seasons and months split each station's pairs.
    """
    if kind in ("all", "group"):
        member = (data.station_group if kind == "group"
                  else np.zeros(data.n_stations, "int64"))
        inside = member[:, None] == np.arange(n_scopes)[None, :]
        return {k: np.where(inside, v[:, None], 0 if k == "n" else np.nan)
                for k, v in station_scores.items()}
    combined = np.where(codes >= 0, data.station * n_scopes + codes, -1)
    scores = scorer.scores(combined, data.n_stations * n_scopes)
    return {k: v.reshape(data.n_stations, n_scopes) for k, v in scores.items()}


def _station_mean(scores, options):
    """The "station mean" aggregation of one scope (see the module docstring)."""
    use = (scores["n"] >= options.min_pairs) & np.isfinite(scores["rmse"])
    out = {k: math.nan for k in KEYS}
    out["n"] = int(scores["n"][use].sum())
    out["n_stations"] = int(use.sum())
    if not use.any():
        return out
    for key in KEYS:
        if key in _NOT_AVERAGED:
            continue
        values = scores[key][use]
        values = values[np.isfinite(values)]
        if values.size:
            out[key] = float(values.mean())
    fisher = station_mean_r(scores["r"][use], scores["n"][use], options.alpha)
    out.update(r=fisher["r"], r_ci_lower=fisher["r_ci_lower"],
               r_ci_upper=fisher["r_ci_upper"])
    return out


def _bootstrap(data, label, in_scope, options):
    """Bootstrap percentile columns of one pooled row (NaN below 100 pairs).

    The values of :func:`..stats.scores.bootstrap_cis` (the same resamples for every
    metric), with the four metrics computed from one pass over the resamples.
    """
    out = dict.fromkeys(BOOTSTRAP_COLUMNS, math.nan)
    e, r = data.values[label][in_scope], data.observed[in_scope]
    ok = np.isfinite(e) & np.isfinite(r)
    e, r = e[ok], r[ok]
    if e.size < max(DEFAULT_MIN_BOOTSTRAP, options.min_pairs):
        return out
    samples = np.array([[agreement(e[idx], r[idx])[m] for m in BOOTSTRAP_METRICS]
                        for idx in resampled_indices(e.size, options.bootstrap_samples,
                                                     options.seed)])
    lower, upper = percentile_ci(samples, options.alpha)
    for k, metric in enumerate(BOOTSTRAP_METRICS):
        out[f"{metric}_bootstrap_ci_lower"] = float(lower[k])
        out[f"{metric}_bootstrap_ci_upper"] = float(upper[k])
    return out


# -- 3. triple collocation -------------------------------------------------------------------
def triple_collocation(data, options, triplet=("downscaled", "coarse")):
    """A :class:`TripleCollocationResult` of the two products named in ``triplet``
    (labels of ``data.products``) and the stations; refusals are reported, not raised."""
    missing = [label for label in triplet if label not in data.products]
    if missing:
        reason = (f"Triple collocation needs the {' and the '.join(triplet)} products; "
                  f"{', '.join(missing)} has no value at the stations.")
        return TripleCollocationResult(_refused_rows(triplet, 0, reason), 0, reason)
    x, y, z = data.values[triplet[0]], data.values[triplet[1]], data.observed
    complete = np.isfinite(x) & np.isfinite(y) & np.isfinite(z)
    n = int(complete.sum())
    names = (triplet[0], triplet[1], STATION)
    try:
        pooled = tcol_metrics(x[complete], y[complete], z[complete], ref_ind=2,
                              min_triplets=options.min_triplets, names=names)
    except InputError as error:
        return TripleCollocationResult(_refused_rows(names[:2], n, str(error)), n, str(error))
    pooled.update(_tc_bootstrap(np.vstack((x[complete], y[complete], z[complete])), options))
    rows = _tc_rows("all", "", names, pooled)
    below = 0
    for s, part in _rows_by_station(data.station, complete):
        if part.size < options.min_triplets:
            below += 1
            continue
        rows.extend(_tc_rows(data.station_ids[s], data.groups[s], names,
                             _station_tc(x[part], y[part], z[part], names, options)))
    return TripleCollocationResult(rows, n, "", below)


def _station_tc(x, y, z, names, options):
    out = tcol_metrics(x, y, z, ref_ind=2, min_triplets=options.min_triplets, names=names)
    if options.bootstrap:
        out.update(_tc_bootstrap(np.vstack((x, y, z)), options))
    return out


def _tc_bootstrap(data, options):
    """``<metric>_ci_lower/upper`` of :func:`..stats.triple_collocation.
    tcol_metrics_with_bootstrap_ci` (same resamples, same values to rounding) for the
    (3, n) triplets ``data``, the reference the station (index 2).

    Each resample's covariance comes from its multiplicity weights w (``bincount`` of
    the drawn indices): C = (Σ w·xᵢxⱼ − n·x̄ᵢx̄ⱼ) / (n − 1) over the centred triplets,
    a matrix product instead of copying the resampled triplets.
    """
    n = data.shape[1]
    centred = data - data.mean(axis=1, keepdims=True)
    i, j = np.triu_indices(3)
    products = np.vstack((centred, centred[i] * centred[j]))
    covs = np.empty((options.bootstrap_samples, 3, 3))
    chunk = max(1, min(16, _TC_WEIGHTS_AT_ONCE // n))
    weights, done = [], 0
    for idx in resampled_indices(n, options.bootstrap_samples, options.seed):
        weights.append(np.bincount(idx, minlength=n).astype("float64"))
        if len(weights) == chunk or done + len(weights) == options.bootstrap_samples:
            sums = products @ np.array(weights).T / n  # (9, samples): means, then Σ w xᵢxⱼ / n
            mean = sums[:3]
            cov = (sums[3:] - mean[i] * mean[j]) * (n / (n - 1.0))
            covs[done:done + len(weights)][:, i, j] = cov.T
            covs[done:done + len(weights)][:, j, i] = cov.T
            done += len(weights)
            weights = []
    out = {}
    for key, values in zip(TC_METRICS, metrics_from_cov(covs, 2)):
        out[f"{key}_ci_lower"], out[f"{key}_ci_upper"] = percentile_ci(values, options.alpha)
    out["beta_ci_lower"][2] = out["beta_ci_upper"][2] = 1.0
    return out


def _tc_rows(scope, group, names, result):
    rows = []
    for i, dataset in enumerate(names):
        row = {"scope": scope, "group": group, "dataset": dataset,
               "n_triplets": int(result["n"])}
        for metric in TC_METRICS:
            for suffix in ("", "_ci_lower", "_ci_upper"):
                values = result.get(metric + suffix)
                row[metric + suffix] = float(values[i]) if values is not None else math.nan
        row["refused"] = ""
        rows.append(row)
    return rows


def _refused_rows(products, n, reason):
    rows = []
    for dataset in tuple(products) + (STATION,):
        row = dict.fromkeys(TC_COLUMNS, math.nan)
        row.update(scope="all", group="", dataset=dataset, n_triplets=int(n), refused=reason)
        rows.append(row)
    return rows


def require_triple_collocation(result):
    """Raise :class:`InputError` with the refusal (and count) when there is one."""
    if result.refused:
        raise InputError(result.refused)
    return result


# -- 4. side by side -------------------------------------------------------------------------
def side_by_side(summary, metrics=("n_pairs", "bias", "ubrmse", "r")):
    """One row per (scope_kind, scope, aggregation) with ``<metric> (<product>)``
    columns for every product of ``summary`` (rows of :func:`summary_table`)."""
    out = {}
    for row in summary:
        key = (row["scope_kind"], row["scope"], row["aggregation"])
        target = out.setdefault(key, {"scope_kind": key[0], "scope": key[1],
                                      "aggregation": key[2]})
        for metric in metrics:
            target[f"{metric} ({row['product']})"] = row[metric]
    return list(out.values())

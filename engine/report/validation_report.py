"""The HTML report of a station validation (:mod:`.station_validation`).

:func:`write_validation_report` writes one self-contained HTML file for a reviewer:
how observations were paired with the map, the metrics per product, group and
aggregation, observed-versus-map scatter plots, the distribution of the values,
box plots of the per-station metrics, R against ubRMSE coloured by bias (paper 004
Fig. 6), a map of the per-station ubRMSE over the map's period mean, time series
of the stations with the most pairs (with precipitation bars from an optional
precipitation stack), a per-station table and the consistency of the map with the
coarse product (paper 002 Table 5). The figures' numbers come from
:func:`.validation_data.figure_data`, whose tables the algorithm can also write.
Built from :mod:`.htmlpage`.
"""
import os

import numpy as np

from ..dependencies import missing_message
from ..errors import InputError
from .htmlpage import (DASH, axis_limits, e, img, figure, is_missing, num, page, para,
                       plot_text, table, write_atomic)
from ..metrics import LABELS, METRICS, UNITS, agreement
from ..stations.validation import ALL_GROUPS
from .validation_data import DEFAULT_SERIES_STATIONS, figure_data
from .validation_figures import box_section, density_section, r_ubrmse_section
from .validation_products import (PRODUCT_COLOURS, SM_UNITS, pair_key, product_names,
                                  products_of)
from .validation_station_plots import (date_span, map_axis_labels,  # noqa: F401 (kept)
                                       series_panel, series_section, station_map_section,
                                       station_panel)

DEFAULT_TITLE = "Soil-moisture downscaling: validation against stations"
NO_GROUP_COLOUR = "#999999"
GROUP_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                 "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
STATION_COLUMNS = (("ubrmse", "ubRMSE"), ("r", "R"), ("bias", "bias"), ("rmse", "RMSE"),
                   ("mae", "MAE"))
COARSE_COLUMNS = (("ubrmse", "ubRMSE"), ("r", "R"), ("bias", "bias"))
DEFINITIONS = (
    "Definitions (estimate: the product, reference: the station): bias = "
    "mean(estimate) − mean(reference) (negative: the estimate is too dry); RMSE = "
    "√mean((estimate − reference)²); ubRMSE = √(RMSE² − bias²); R: Pearson correlation, "
    "p (R) its two-sided p-value; R² = R × R; NSE = 1 − Σ(estimate − reference)² / "
    "Σ(reference − mean(reference))², the Nash–Sutcliffe efficiency (1: perfect, 0: no "
    "better than the reference's mean; it can be negative and is not the square of R); MAE "
    "= mean |estimate − reference|; MAPE = 100 % · mean(|estimate − reference| / "
    "reference) and MRE = 100 % · mean((estimate − reference) / reference), over pairs with "
    "a positive "
    "reference; K-L = Σ p ln(p / q), the Kullback–Leibler divergence (nats) of the "
    "reference from the estimate after normalising each series to sum to 1 over the pairs "
    "(so it compares shapes and ignores a constant factor; pairs with a value ≤ 0 left out).")
# kept for callers of the helpers that moved to .validation_station_plots (map_axis_labels too)
_station_panel, _series_panel, _date_span = station_panel, series_panel, date_span


def write_validation_report(path, result, title=None, map_name="downscaled map",
                            coarse_name="coarse product", map_path=None,
                            precipitation_path=None, series_stations=DEFAULT_SERIES_STATIONS,
                            data=None, progress=None):
    """Write the HTML report of ``result`` (a ValidationResult) to ``path``; return it.

    The keywords after ``coarse_name`` are those of :func:`render_validation_report`.
    """
    message = missing_message(["matplotlib"])
    if message:
        raise InputError(message)
    path = os.path.abspath(str(path))
    write_atomic(path, render_validation_report(
        result, title, map_name, coarse_name, map_path=map_path,
        precipitation_path=precipitation_path, series_stations=series_stations, data=data,
        progress=progress))
    return path


def render_validation_report(result, title=None, map_name="downscaled map",
                             coarse_name="coarse product", map_path=None,
                             precipitation_path=None, series_stations=DEFAULT_SERIES_STATIONS,
                             data=None, progress=None):
    """The report of ``result`` as HTML text.

    ``map_path``: the validated map, whose mean over its bands is drawn under the
    station map; ``precipitation_path``: a dated daily precipitation stack (mm/day)
    drawn as bars in the time series; ``series_stations``: how many stations (those
    with the most pairs) get a time series (default 4); ``data``: the
    :class:`.validation_data.FigureData` when already computed (then the three
    keywords before it are not used); ``progress``: cancel checks while reading.
    """
    title = title or DEFAULT_TITLE
    if data is None:
        data = figure_data(result, map_path, precipitation_path, series_stations,
                           progress=progress)
    names = product_names(data.products, map_name, coarse_name)
    sections = [f"<h1>{e(title)}</h1>", _summary(result, names), _matching_section(result),
                _metrics_section(result, names), _scatter_section(result, names),
                density_section(data, names), box_section(data, names),
                r_ubrmse_section(data, names), station_map_section(result, data, names),
                series_section(result, data, names), _station_table_section(result, names)]
    if result.has_coarse:
        sections.append(_consistency_section(result, names))
    return page(title, sections)


# -- small helpers --------------------------------------------------------------------------
def _products(result):
    """The products scored: the map, the coarse product when given, any further one."""
    return products_of(result)


def _pair_key(product):
    """The key of ``result.pairs`` holding ``product``'s values."""
    return pair_key(product)


def _station_score(station, product):
    """The metrics of one station for ``product`` (empty dict when absent)."""
    return (station.metrics if product == "downscaled" else station.coarse) or {}


def _overall(result, product):
    """The pooled row over all stations of ``product`` ({} when absent)."""
    return result.overall(product) or {}


def _metric_text(key, value):
    """A metric as shown in the tables: p-values as 1.2e-05, % with 1 decimal, else 4."""
    if key == "p_value" and not is_missing(value):
        return "<1e-16" if float(value) == 0 else f"{float(value):.1e}"
    if key == "n" and not is_missing(value):
        return str(int(value))
    return num(value, 1 if key in ("mape", "mre") else 4)


def _tiny_text(value, digits=4):
    """Like :func:`num`, but values that would round to zero are written as 4.8e-09."""
    if not is_missing(value) and 0 < abs(float(value)) < 0.5 * 10 ** -digits:
        return f"{float(value):.1e}"
    return num(value, digits)


def _header(key, prefix=""):
    """Column header of a metric: label and unit."""
    unit = UNITS.get(key)
    return f"{prefix}{LABELS.get(key, key)}" + (f" ({unit})" if unit else "")


def _group_text(group):
    """Readable group name ('all' → all stations, '' → —)."""
    return "all stations" if group == ALL_GROUPS else (group or DASH)


def _pair_count(result):
    """Stations with at least one scored pair."""
    return len({int(s) for s in result.pairs["station"]})


# -- summary --------------------------------------------------------------------------------
def _summary(result, names):
    """Pairs, stations, dates and the overall pooled skill (both products when present)."""
    dates = sorted({d for d in result.pairs["date"] if d})
    if dates:
        span = (f"on {len(dates)} dates from {dates[0]} to {dates[-1]}" if len(dates) > 1
                else f"on {dates[0]}")
    else:
        span = "without dates"
    used, total = _pair_count(result), len(result.stations)
    where = f"{used} stations" if used == total else f"{used} of the {total} stations"
    text = (f"{result.counts.get('pairs', len(result.pairs['station']))} station–date pairs at "
            f"{where}, {span}. ")
    apart = result.has_coarse and not result.options.common_pairs  # products differ in n
    skills = [_skill_text(_overall(result, p), names[p], apart) for p in _products(result)]
    if any(skills):
        n = "" if apart else f" (n = {_overall(result, 'downscaled').get('n')})"
        text += f"Pooled over all pairs{n}: " + "; ".join(s for s in skills if s) + "."
    else:
        text += (f"There are too few pairs (fewer than {result.options.min_pairs}) or too "
                 "little variation for pooled metrics.")
    if result.has_coarse:
        text += " " + _lower_text(result, names)
    return para(text.strip())


def _skill_text(row, name, with_n=False):
    """The pooled ubRMSE, R and bias of one product ('' when it has none)."""
    if not row or is_missing(row.get("ubrmse")):
        return ""
    n = f" (n = {row.get('n')})" if with_n else ""
    return (f"the {name}{n} has ubRMSE = {num(row['ubrmse'])} {SM_UNITS}, R = "
            f"{num(row.get('r'))} and bias = {num(row.get('bias'))} {SM_UNITS}")


def _lower_text(result, names):
    """Which product has the lower pooled ubRMSE."""
    a = _overall(result, "downscaled").get("ubrmse")
    b = _overall(result, "coarse").get("ubrmse")
    if is_missing(a) or is_missing(b):
        return ""
    same = " (same pairs)" if result.options.common_pairs else ""
    if num(a) == num(b):
        return f"Both have the same ubRMSE{same}."
    low, high = ("downscaled", "coarse") if a < b else ("coarse", "downscaled")
    return f"The ubRMSE of the {names[low]} is lower than that of the {names[high]}{same}."


# -- matching -------------------------------------------------------------------------------
def _matching_section(result):
    """How pairs were formed, and what was dropped on the way."""
    return "\n".join(["<h2>Matching</h2>", para(_matching_text(result)),
                      table(("Step", "Count"), _count_rows(result), numeric=(1,))])


def _matching_text(result):
    """The pairing rule in words."""
    o = result.options
    where = ("the map cell containing the station" if o.window <= 1 else
             f"the mean of the valid cells of the {o.window}×{o.window} map cells centred on "
             "the station's cell")
    days = ("of the same day as the observation" if not o.tolerance else
            f"nearest the observation's date, at most {o.tolerance} day(s) away")
    undated = (f"is taken as {o.date} (± {o.tolerance} day(s))" if o.date else
               "pairs with every observation")
    text = (f"Each observation is compared with {where}, on the band {days} (a map with one "
            f"undated band {undated}). Observations of one station that meet the same band "
            "are averaged into one pair. Stations with fewer than "
            f"{o.min_pairs} pairs get no metrics of their own.")
    if result.has_coarse:
        text += (" The coarse product is read at the coarse cell containing the station on the "
                 "band matching the observation's date; "
                 + ("both products are scored on the pairs where both have a value."
                    if o.common_pairs else
                    "each product is scored on the pairs where it has a value."))
    return text


def _count_rows(result):
    """(step, count) rows of ``result.counts`` in words."""
    c, o = result.counts, result.options
    dropped_coarse = result.has_coarse and o.common_pairs
    formed = c.get("pairs", 0) + c.get("nodata", 0) + (c.get("no_coarse", 0) if dropped_coarse
                                                        else 0)
    rows = [("Observations in the station layer", c.get("observations")),
            ("… without a numeric value (dropped)", c.get("no_value")),
            ("Stations outside the map (their observations dropped)", c.get("stations_outside")),
            ("… observations whose date meets no band of the map ("
             + (f"± {o.tolerance} day(s)" if o.tolerance else "same day") + "; dropped)",
             c.get("no_band")),
            ("Station–date pairs formed", formed),
            ("… pairs on nodata of the map (dropped)", c.get("nodata"))]
    if result.has_coarse:
        rows.append(("… pairs on nodata of the coarse product " + (
            "(dropped)" if dropped_coarse else "(kept; left out of the coarse scores)"),
            c.get("no_coarse")))
    rows.append(("Pairs scored", c.get("pairs")))
    return [(label, num(value)) for label, value in rows]


# -- metrics --------------------------------------------------------------------------------
def _metrics_section(result, names):
    """Summary table (product × group × aggregation) and the metric definitions."""
    header = ["Product", "Group", "Aggregation", "Stations"] + [_header(k) for k in METRICS]
    rows = [[names.get(r["product"], r["product"]), _group_text(r["group"]),
             r["aggregation"], num(r.get("n_stations"))]
            + [_metric_text(k, r.get(k)) for k in METRICS] for r in _paired_rows(result)]
    note = (f"Pooled: all pairs of the stations in the group scored together (at least "
            f"{result.options.min_pairs} pairs). Station mean: the mean of the metrics of the "
            "stations with metrics (n is the sum of their pairs; no p-value). Estimate − "
            "reference, so a negative bias means the product is drier than the stations.")
    return "\n".join(["<h2>Metrics</h2>",
                      table(header, rows, numeric=range(3, len(header))),
                      para(note, "note"), para(DEFINITIONS, "note")])


def _paired_rows(result):
    """Summary rows with the coarse row right after the map row of the same scope."""
    by_product = [[r for r in result.summary if r["product"] == p] for p in _products(result)]
    if len(by_product) == 1 or len(by_product[0]) != len(by_product[1]):
        return [r for rows in by_product for r in rows]
    return [r for pair in zip(*by_product) for r in pair]


# -- scatter plots --------------------------------------------------------------------------
def _scatter_section(result, names):
    """Observed (x) against each product (y), coloured by group, with a 1:1 line."""
    products = _products(result)
    pairs = result.pairs
    observed = np.asarray(pairs["observed"], float)
    limits = axis_limits([observed] + [np.asarray(pairs[_pair_key(p)], float) for p in products])
    groups = np.array([result.stations[int(s)].group for s in pairs["station"]], dtype=object)
    fig = figure(4.6 * len(products) + (1.4 if result.groups else 0.0), 4.6)
    for i, product in enumerate(products):
        ax = fig.add_subplot(1, len(products), i + 1)
        _scatter_panel(ax, observed, np.asarray(pairs[_pair_key(product)], float), groups,
                       result.groups, limits, names[product])
    if result.groups:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, title="group",
                  title_fontsize=8, frameon=False)
    return "\n".join([
        "<h2>Map versus stations</h2>",
        img(fig, "Station observations against the products"),
        para("Each dot is one station–date pair; the dashed line is 1:1. n, R and ubRMSE "
             f"({SM_UNITS}) in the titles are pooled over the pairs shown.", "note")])


def _scatter_panel(ax, observed, estimate, groups, named, limits, name):
    """One observed-versus-product panel."""
    m = agreement(estimate, observed)
    ax.plot(limits, limits, color="#888888", lw=1, ls="--", zorder=1)
    for group, colour in _group_colours(named, groups):
        mine = (groups == group) & np.isfinite(observed) & np.isfinite(estimate)
        if mine.any():
            ax.scatter(observed[mine], estimate[mine], s=12, alpha=0.7, color=colour,
                       edgecolors="none", zorder=2, label=plot_text(group or "no group"))
    if not m["n"]:
        ax.text(0.5, 0.5, "no pairs", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(limits)
    ax.set_ylim(limits)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(f"station ({SM_UNITS})")
    ax.set_ylabel(plot_text(f"{name} ({SM_UNITS})"))
    ax.set_title(plot_text(f"{name}\nn = {m['n']}, R = {num(m['r'], 3)}, "
                 f"ubRMSE = {num(m['ubrmse'])}"), fontsize=9)


def _group_colours(named, groups):
    """(group, colour) of the named groups, then of stations without a group if any."""
    out = [(g, GROUP_COLOURS[i % len(GROUP_COLOURS)]) for i, g in enumerate(named)]
    if not named:
        return [("", PRODUCT_COLOURS["downscaled"])]
    if any(not g for g in groups):
        out.append(("", NO_GROUP_COLOUR))
    return out


# -- per-station table ----------------------------------------------------------------------
def _station_table_section(result, names):
    """Station id, group, counts and the main metrics of every station."""
    header = (["Station", "Group", "Observations", "Pairs"]
              + [_header(k) for k, _ in STATION_COLUMNS])
    if result.has_coarse:
        header += [_header(k, "coarse ") for k, _ in COARSE_COLUMNS]
    rows = [_station_row(s, result.has_coarse) for s in result.stations]
    coarse = f" Coarse: the {names['coarse']}." if result.has_coarse else ""
    return "\n".join([
        "<h2>Per-station metrics</h2>",
        table(header, rows, numeric=range(2, len(header))),
        para(f"Metrics of the {names['downscaled']} at each station. Stations with fewer than "
             f"{result.options.min_pairs} pairs have no metrics ({DASH}).{coarse}", "note")])


def _station_row(station, with_coarse):
    """One row of the per-station table."""
    row = [station.station_id, station.group or DASH, num(station.n_obs),
           num(int(station.metrics.get("n", 0)))]
    row += [_metric_text(k, station.metrics.get(k)) for k, _ in STATION_COLUMNS]
    if with_coarse:
        row += [_metric_text(k, (station.coarse or {}).get(k)) for k, _ in COARSE_COLUMNS]
    return row


# -- consistency ----------------------------------------------------------------------------
def _consistency_section(result, names):
    """Map aggregated onto the coarse grid against the coarse product, per date and overall."""
    parts = ["<h2>Consistency with the coarse product</h2>"]
    if not result.consistency:
        parts.append(para(f"No band of the {names['downscaled']} shares a date with the "
                          f"{names['coarse']}, so the consistency is not computed.", "note"))
        return "\n".join(parts)
    header = ("Date", "Coarse cells", "MAPE (%)", f"bias ({SM_UNITS})", f"RMSE ({SM_UNITS})",
              "R")
    rows = [(r["date"] or "undated", num(r.get("n_cells")), _tiny_text(r.get("mape"), 1),
             _tiny_text(r.get("bias")), _tiny_text(r.get("rmse")), num(r.get("r")))
            for r in result.consistency]
    text = table(header, rows, numeric=range(1, 6))
    if result.consistency[-1]["date"] == "all dates":
        head, tail = text.rsplit("<tr>", 1)
        text = head + "<tr style=\"font-weight:bold\">" + tail
    return "\n".join(parts + [text, para(
        f"The {names['downscaled']} aggregated back onto the grid of the {names['coarse']} "
        "(area-weighted mean of the fine cells; coarse cells with less than "
        f"{result.options.min_valid_fraction:.0%} of their area covered are left out) "
        f"against the {names['coarse']} on the same dates, as in Yan & Bai 2020, Table 5. "
        "Bias = aggregated − coarse; values near zero mean the downscaling preserves the "
        "coarse soil moisture.", "note")])

"""Station figures of the validation report: the station map and the time series.

- Station map: every station at its position in the map's CRS, coloured by its
  ubRMSE, one panel per product, over the map's period mean (the mean over its
  bands, :mod:`.period_mean`) when the map is given; axes in the CRS units.
- Time series: for the stations with the most pairs, the observations and each
  product over time, with the daily precipitation at the station as bars (mm/day,
  right axis, hanging from the top) when a precipitation stack is given.

Both draw from :class:`.validation_data.FigureData` and list its rows under the figure.
"""
import datetime
import math

import numpy as np

from ..raster.grids import crs_label
from .htmlpage import DASH, axis_limits, figure, img, num, para, plot_text
from .validation_data import pair_dates, precipitation_days
from .validation_figures import details
from .validation_products import SM_UNITS, pair_key, product_colour, products_of, \
    station_score

MAX_LABELS = 40
OBSERVED_COLOUR = "#222222"
NO_METRICS_COLOUR = "#999999"
MEAN_CMAP = "YlGnBu"  # dry yellow → wet blue
STATION_CMAP = "Reds"  # ubRMSE: pale = small, dark red = large
RAIN_COLOUR = "#4a90d9"
BAR_WIDTH = 0.9  # days
RAIN_SHARE = 3.0  # the tallest bar fills 1 / RAIN_SHARE of the panel's height
LINEAR_UNITS = {"metre": "m", "meter": "m", "kilometre": "km", "foot": "ft",
                "US survey foot": "US ft"}
LINE_STYLES = (("-", "solid"), ("--", "dashed"), ("-.", "dash-dotted"), (":", "dotted"))


def map_axis_labels(crs):
    """(x, y) axis labels of a map in ``crs`` (rasterio CRS): degrees, or its linear unit."""
    if crs is None:
        return "x (map CRS)", "y (map CRS)"
    name = crs_label(crs)
    if crs.is_geographic:
        return f"longitude (degrees, {name})", f"latitude (degrees, {name})"
    unit = crs.linear_units or "unknown"
    unit = LINEAR_UNITS.get(unit, "CRS units" if unit == "unknown" else unit)
    return f"x ({unit}, {name})", f"y ({unit}, {name})"


# -- station map ----------------------------------------------------------------------------
def station_map_section(result, data, names):
    """Stations coloured by ubRMSE over the map's period mean, one panel per product."""
    from matplotlib.colors import Normalize

    products = data.products
    x = np.array([s.map_x for s in result.stations], float)
    y = np.array([s.map_y for s in result.stations], float)
    values = {p: np.array([station_score(s, p).get("ubrmse", np.nan) for s in result.stations],
                          float) for p in products}
    finite = np.concatenate([v[np.isfinite(v)] for v in values.values()])
    norm = Normalize(float(finite.min()), float(finite.max())) if finite.size else None
    fig = figure(4.8 * len(products) + (2.4 if data.period is not None else 1.2), 4.6)
    axes, drawn, shown = [], None, None
    for i, product in enumerate(products):
        ax = fig.add_subplot(1, len(products), i + 1)
        if data.period is not None:
            shown = draw_period_mean(ax, data.period)
        drawn = station_panel(ax, x, y, values[product], norm, result.stations,
                              names[product], result.map_crs) or drawn
        axes.append(ax)
    if shown is not None:
        fig.colorbar(shown, ax=axes, shrink=0.85, label=f"mean soil moisture ({SM_UNITS})")
    if drawn is not None:
        fig.colorbar(drawn, ax=axes, shrink=0.85, label=f"station ubRMSE ({SM_UNITS})")
    return "\n".join([
        "<h2>Per-station ubRMSE</h2>",
        img(fig, "Per-station ubRMSE at the station positions"),
        para(_map_note(result, data), "note"),
        details("Station map numbers", *_map_table(data, names))])


def _map_note(result, data):
    """The station map's caption."""
    text = ("Stations at their position in the map's coordinate reference system, coloured "
            "by their ubRMSE (same colour scale in every panel); hollow grey circles: "
            f"stations without metrics (fewer than {result.options.min_pairs} pairs).")
    period = data.period
    if period is not None:
        text += (f" Background: the map's mean over its {period.n_bands} band(s), cell by cell"
                 + (f", averaged over blocks of {period.step} × {period.step} map cells for "
                    "the figure" if period.step > 1 else "") + ".")
    if len(result.stations) > MAX_LABELS:
        return text + f" Station ids are not drawn for more than {MAX_LABELS} stations."
    return text + " Labels are station ids."


def _map_table(data, names):
    """(summary, header, rows, numeric) of the station map's numbers."""
    header = ["Station", "Group", "x", "y", "Pairs", f"Period mean ({SM_UNITS})"]
    header += [f"ubRMSE {names[p]} ({SM_UNITS})" for p in data.products]
    rows = [[r["station"], r["group"] or DASH, num(r["x"], 6), num(r["y"], 6), r["n_pairs"],
             num(r["period_mean"])] + [num(r[f"ubrmse_{p}"]) for p in data.products]
            for r in data.rows["station_map"]]
    return header, rows, range(2, len(header))


def draw_period_mean(ax, period):
    """The period mean as an image in the map CRS; returns it (for the colour bar)."""
    left, bottom, right, top = period.grid.bounds
    finite = period.mean[np.isfinite(period.mean)]
    if not finite.size:
        return None
    return ax.imshow(period.mean, extent=(left, right, bottom, top), origin="upper",
                     cmap=MEAN_CMAP, vmin=float(finite.min()), vmax=float(finite.max()),
                     interpolation="nearest", zorder=1)


def station_panel(ax, x, y, values, norm, stations, name, crs=None):
    """One station-map panel; returns the coloured scatter (None when nothing is coloured)."""
    from matplotlib.ticker import MaxNLocator

    ok = np.isfinite(values) & np.isfinite(x) & np.isfinite(y)
    empty = ~np.isfinite(values) & np.isfinite(x) & np.isfinite(y)
    drawn = None
    if empty.any():
        ax.scatter(x[empty], y[empty], s=36, facecolors="none", edgecolors=NO_METRICS_COLOUR,
                   linewidths=1.2, zorder=2)
    if ok.any():
        drawn = ax.scatter(x[ok], y[ok], c=values[ok], cmap=STATION_CMAP, norm=norm, s=46,
                           edgecolors="#222222", linewidths=0.7, zorder=3)
    else:
        ax.text(0.5, 0.5, "no station has metrics", ha="center", va="center",
                transform=ax.transAxes)
    if len(stations) <= MAX_LABELS:
        for s, xi, yi in zip(stations, x, y):
            if math.isfinite(xi) and math.isfinite(yi):
                ax.annotate(plot_text(s.station_id), (xi, yi), xytext=(4, 4),
                            textcoords="offset points", fontsize=7, color="#333333")
    ax.set_aspect("equal", adjustable="datalim")
    ax.ticklabel_format(useOffset=False, style="plain")
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.tick_params(labelsize=7)
    x_label, y_label = map_axis_labels(crs)
    ax.set_xlabel(plot_text(x_label), fontsize=8)
    ax.set_ylabel(plot_text(y_label), fontsize=8)
    ax.set_title(plot_text(name), fontsize=9)
    return drawn


# -- time series ----------------------------------------------------------------------------
def series_section(result, data, names):
    """One wide panel per chosen station: observations, products and precipitation."""
    shown, products = data.series, data.products
    if not shown:
        return "<h2>Time series</h2>\n" + para("No station has pairs.", "note")
    pairs = result.pairs
    station = np.asarray(pairs["station"], int)
    height = 0.5 + 2.3 * len(shown)
    fig = figure(11.0, height, constrained=False)  # fixed layout: fast, twin axes
    fig.subplots_adjust(left=0.07, right=0.92 if data.precipitation else 0.98,
                        bottom=0.45 / height, top=1 - 0.3 / height, hspace=0.5)
    limits = axis_limits([pairs["observed"]] + [pairs[pair_key(p)] for p in products])
    chosen = np.isin(station, shown)
    span = date_span([pairs["date"][i] for i in np.flatnonzero(chosen)])
    rain = _rain(result, data)
    for k, s in enumerate(shown):
        ax = fig.add_subplot(len(shown), 1, k + 1)
        series_panel(ax, result, np.flatnonzero(station == s), result.stations[s], names,
                     limits, span, products)
        if rain is not None:
            rain_bars(ax, rain["dates"], rain["values"][k], rain["top"], rain["units"])
        if k == 0:
            ax.legend(fontsize=7, loc="upper left", frameon=False,
                      ncol=len(products) + 1)
    return "\n".join([
        "<h2>Time series</h2>",
        img(fig, "Station observations and products over time"),
        para(_series_note(result, data, names, int(chosen.any() and span is None)), "note"),
        _series_tables(data, names)])


def _rain(result, data):
    """Precipitation to draw: dates, values per shown station, the common top, units."""
    rain = data.precipitation
    days = precipitation_days(result, data.series, rain)
    if rain is None or not days.size:
        return None
    values = rain.values[:, days]
    finite = values[np.isfinite(values)]
    top = max(float(finite.max()) if finite.size else 0.0, 1.0)
    return {"dates": [rain.dates[d].when for d in days], "values": values, "top": top,
            "units": rain.units}


def _series_note(result, data, names, undated):
    """The time series' caption."""
    total = len(set(np.asarray(result.pairs["station"], int).tolist()))
    text = (f"The {len(data.series)} station(s) with the most pairs"
            + (f" of {total}" if total > len(data.series) else "") + ": dots: station; "
            + "; ".join(f"{LINE_STYLES[k % len(LINE_STYLES)][1]} line: {names[p]}"
                        for k, p in enumerate(data.products))
            + f". Same axes in every panel (soil moisture in {SM_UNITS}); ubRMSE of the "
            f"{names[data.products[0]]} in the titles.")
    rain = data.precipitation
    if rain is not None:
        text += (f" Bars: daily precipitation at the station ({rain.units}, right axis, "
                 "hanging from the top), from the precipitation stack.")
        if undated:
            text += " The pairs have no dates, so the precipitation is not drawn."
        elif not rain.inside.all():
            text += " Stations outside the precipitation stack have no bars."
    if undated:
        text += " Undated pairs are plotted in order."
    return text


def _series_tables(data, names):
    """The time series' (and precipitation's) numbers, collapsible."""
    header = ["Station", "Date", "Pair", f"Station ({SM_UNITS})"]
    header += [f"{names[p]} ({SM_UNITS})" for p in data.products]
    rows = [[r["station"], r["date"] or DASH, r["pair"], num(r["observed"])]
            + [num(r[p]) for p in data.products] for r in data.rows["station_series"]]
    parts = [details("Time series numbers", header, rows, numeric=range(2, len(header)))]
    rain = data.rows.get("station_precipitation")
    if rain is not None:
        units = data.precipitation.units
        parts.append(details("Precipitation numbers", ("Station", "Date",
                                                       f"Precipitation ({units})"),
                             [(r["station"], r["date"], num(r["precipitation"], 2))
                              for r in rain], numeric=(2,)))
    return "\n".join(parts)


def date_span(texts):
    """Common x limits (datetimes, padded by half a day) of dated pairs, None when undated."""
    when = pair_dates(texts)
    if not when:
        return None
    half = datetime.timedelta(hours=12)
    return min(when) - half, max(when) + half


def series_panel(ax, result, idx, station, names, limits, span, products=None):
    """One station's time series: the station's observations and each product."""
    from matplotlib.ticker import MaxNLocator

    products = products or products_of(result)
    pairs = result.pairs
    when = pair_dates([pairs["date"][i] for i in idx])
    x = when if when is not None else np.arange(1, idx.size + 1)
    for k, product in enumerate(products):
        ax.plot(x, np.asarray(pairs[pair_key(product)])[idx], lw=1.2,
                color=product_colour(products, product), ls=LINE_STYLES[k % len(LINE_STYLES)][0],
                marker="o" if k == 0 else None, ms=2.5, label=plot_text(names[product]))
    ax.plot(x, np.asarray(pairs["observed"])[idx], ls="none", marker="o", ms=3.5,
            color=OBSERVED_COLOUR, label="station")
    if when is not None:
        _date_axis(ax, span)
        ax.set_xlabel("date", fontsize=7)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.set_xlabel("pair", fontsize=7)
    ax.set_ylim(limits)
    ax.set_ylabel(f"soil moisture ({SM_UNITS})", fontsize=7, labelpad=1)
    ax.tick_params(labelsize=7)
    group = f" ({station.group})" if station.group else ""
    ubrmse = station_score(station, products[0]).get("ubrmse")
    ax.set_title(plot_text(f"{station.station_id}{group}, {len(idx)} pairs, ubRMSE = "
                           f"{num(ubrmse)} {SM_UNITS}"), fontsize=8)


def rain_bars(ax, dates, values, top, units):
    """Daily precipitation bars on a right axis, hanging from the top; returns that axis.

    The bars of a day span that day (drawn as one collection: hundreds of days stay fast).
    """
    from matplotlib.collections import PolyCollection
    from matplotlib.dates import date2num

    twin = ax.twinx()
    ok = np.isfinite(values)
    starts = date2num([d for d, good in zip(dates, ok) if good])
    bars = [((x, 0.0), (x, h), (x + BAR_WIDTH, h), (x + BAR_WIDTH, 0.0))
            for x, h in zip(starts, values[ok])]
    twin.add_collection(PolyCollection(bars, facecolors=RAIN_COLOUR, alpha=0.55,
                                       linewidths=0), autolim=False)
    twin.set_ylim(RAIN_SHARE * top, 0)
    twin.set_ylabel(plot_text(f"precipitation ({units})"), fontsize=7, color=RAIN_COLOUR)
    twin.tick_params(labelsize=7, colors=RAIN_COLOUR)
    ax.set_zorder(twin.get_zorder() + 1)  # the soil moisture over the bars
    ax.patch.set_visible(False)
    return twin


def _date_axis(ax, span):
    """Concise date ticks over the dates of all shown stations."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.xaxis.get_offset_text().set_fontsize(7)
    if span is not None:
        ax.set_xlim(span)

"""Distribution figures of the validation report: box plots, densities, R against ubRMSE.

Each section draws from the rows of :class:`.validation_data.FigureData` (so the
figure and the table written for the Modeler hold the same numbers) and lists them
in a collapsible table under the figure:

- box plots of every per-station metric, one box per product;
- the density of the station values and of each product's values at the pairs;
- R against ubRMSE per station, coloured by bias (paper 004, Fig. 6: red dry, blue
  wet), one panel per product.
"""
import math

import numpy as np

from ..metrics import LABELS
from .htmlpage import e, figure, img, num, para, plot_text, table
from .validation_products import SM_UNITS, product_colour

BOX_COLUMNS = 5
OBSERVED_FILL = "#bbbbbb"
BIAS_CMAP = "RdBu"  # negative bias (dry) red, positive (wet) blue


def details(summary, header, rows, numeric=()):
    """A collapsible HTML table (``rows`` already formatted)."""
    return (f"<details><summary>{e(summary)}</summary>\n"
            + table(header, rows, numeric=numeric) + "\n</details>")


def metric_label(metric, unit):
    """Axis label of a metric with its unit, e.g. 'ubRMSE (m³/m³)', 'R (unitless)'."""
    return f"{LABELS.get(metric, metric)} ({unit})"


# -- box plots ------------------------------------------------------------------------------
def box_section(data, names):
    """Box plots of the per-station metrics, one panel per metric, one box per product."""
    rows = data.rows["station_metric_boxes"]
    parts = ["<h2>Spread of the per-station metrics</h2>"]
    metrics = list(dict.fromkeys(r["metric"] for r in rows))
    if not metrics:
        return "\n".join(parts + [para("No station has metrics, so there is nothing to "
                                       "plot.", "note")])
    columns = min(BOX_COLUMNS, len(metrics))
    lines = math.ceil(len(metrics) / columns)
    height = 0.4 + 2.6 * lines
    fig = figure(2.3 * columns, height, constrained=False)  # fixed layout: fast
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.55 / height, top=1 - 0.3 / height,
                        wspace=0.45, hspace=0.45)
    for k, metric in enumerate(metrics):
        _box_panel(fig.add_subplot(lines, columns, k + 1), data,
                   [r for r in rows if r["metric"] == metric], names)
    header = ("Product", "Metric", "Unit", "Stations", "Mean", "Minimum", "Q1", "Median", "Q3",
              "Maximum", "Outliers")
    cells = [(names[r["product"]], LABELS.get(r["metric"], r["metric"]), r["unit"],
              r["n_stations"], num(r["mean"]), num(r["minimum"]), num(r["q1"]),
              num(r["median"]), num(r["q3"]), num(r["maximum"]), r["outliers"]) for r in rows]
    return "\n".join(parts + [
        img(fig, "Box plots of the per-station metrics per product"),
        para("One box per product over the stations with metrics: the box spans the first to "
             "the third quartile, the line is the median, the triangle the mean, the whiskers "
             "reach the furthest station within 1.5 × the interquartile range and circles are "
             "stations beyond them.", "note"),
        details("Box-plot numbers", header, cells, numeric=range(3, 11))])


def _box_panel(ax, data, rows, names):
    """One metric's boxes, one per product."""
    stats = [{"med": r["median"], "q1": r["q1"], "q3": r["q3"], "whislo": r["whisker_low"],
              "whishi": r["whisker_high"], "mean": r["mean"],
              "fliers": data.fliers[(r["product"], r["metric"])],
              "label": plot_text(names[r["product"]])} for r in rows]
    drawn = ax.bxp(stats, showmeans=True, patch_artist=True, widths=0.6,
                   medianprops={"color": "#222222"},
                   meanprops={"marker": "^", "markerfacecolor": "#222222",
                              "markeredgecolor": "none", "markersize": 4},
                   flierprops={"marker": "o", "markersize": 3})
    for box, r in zip(drawn["boxes"], rows):
        box.set_facecolor(product_colour(data.products, r["product"]))
        box.set_alpha(0.75)
    ax.set_ylabel(metric_label(rows[0]["metric"], rows[0]["unit"]), fontsize=8)
    ax.tick_params(labelsize=7)
    ax.tick_params(axis="x", labelrotation=15)
    ax.set_title(plot_text(LABELS.get(rows[0]["metric"], rows[0]["metric"])), fontsize=9)


# -- densities ------------------------------------------------------------------------------
def density_section(data, names):
    """Histogram densities of the station values and each product's values at the pairs."""
    rows = data.rows["value_density"]
    fig = figure(4.4 * len(data.products), 3.4)
    axes = []
    for k, product in enumerate(data.products):
        ax = fig.add_subplot(1, len(data.products), k + 1, sharey=axes[0] if axes else None)
        _density_panel(ax, data, [r for r in rows if r["product"] == product], product, names)
        axes.append(ax)
    header = ("Product", "Series", "Bin", f"From ({SM_UNITS})", f"To ({SM_UNITS})", "Pairs",
              f"Density (per {SM_UNITS})")
    cells = [(names[r["product"]], "station" if r["series"] == "station" else "product",
              r["bin"], num(r["sm_from"]), num(r["sm_to"]), r["count"], num(r["density"], 3))
             for r in rows]
    return "\n".join([
        "<h2>Distribution of the values</h2>",
        img(fig, "Density of the station and product values at the pairs"),
        para("Histogram density of the station observations (grey) and of each product's "
             f"values (line) at the same pairs, over {len(data.edges) - 1} bins shared by all "
             f"panels; the area under each curve is 1 (density in 1 / ({SM_UNITS})).",
             "note"),
        details("Density numbers", header, cells, numeric=range(2, 7))])


def _density_panel(ax, data, rows, product, names):
    """One product's density against the stations'."""
    edges = data.edges
    by_series = {s: np.array([r["density"] for r in rows if r["series"] == s])
                 for s in ("station", "product")}
    n = sum(r["count"] for r in rows if r["series"] == "product")
    if n:
        ax.stairs(by_series["station"], edges, fill=True, color=OBSERVED_FILL, alpha=0.8,
                  label="station")
        ax.stairs(by_series["product"], edges, color=product_colour(data.products, product),
                  lw=1.8, label=plot_text(names[product]))
        ax.legend(fontsize=7, frameon=False, loc="upper right")
    else:
        ax.text(0.5, 0.5, "no pairs", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel(f"soil moisture ({SM_UNITS})")
    ax.set_ylabel(f"probability density (per {SM_UNITS})")
    ax.set_title(plot_text(f"{names[product]} (n = {n} pairs)"), fontsize=9)


# -- R against ubRMSE -----------------------------------------------------------------------
def r_ubrmse_section(data, names):
    """R against ubRMSE per station, coloured by bias, one panel per product."""
    from matplotlib.colors import Normalize

    rows = data.rows["r_ubrmse"]
    biases = np.array([r["bias"] for r in rows if r["bias"] is not None], float)
    reach = float(np.abs(biases).max()) if biases.size else 0.0
    norm = Normalize(-reach, reach) if reach > 0 else Normalize(-0.01, 0.01)
    fig = figure(4.4 * len(data.products) + 1.0, 4.0)
    axes, drawn = [], None
    for k, product in enumerate(data.products):
        ax = fig.add_subplot(1, len(data.products), k + 1,
                             sharex=axes[0] if axes else None, sharey=axes[0] if axes else None)
        drawn = _r_ubrmse_panel(ax, [r for r in rows if r["product"] == product], norm,
                                names[product]) or drawn
        axes.append(ax)
    if drawn is not None:
        fig.colorbar(drawn, ax=axes, shrink=0.9,
                     label=f"bias ({SM_UNITS}); red: dry, blue: wet")
    return "\n".join([
        "<h2>R against ubRMSE per station</h2>",
        img(fig, "Per-station R against ubRMSE coloured by bias"),
        para("Each dot is one station with metrics: its ubRMSE (x) and R (y), coloured by its "
             "bias (product − station; red: the product is drier, blue: wetter; the colour "
             "scale is centred on 0 and the same in every panel), as in paper 004, Fig. 6. "
             "Stations with a negative R are shown too. The values are in the per-station "
             "table below.", "note")])


def _r_ubrmse_panel(ax, rows, norm, name):
    """One product's stations; returns the coloured scatter (None when empty)."""
    drawn = None
    if rows:
        bias = np.array([np.nan if r["bias"] is None else r["bias"] for r in rows])
        drawn = ax.scatter([r["ubrmse"] for r in rows], [r["r"] for r in rows],
                           c=bias, cmap=BIAS_CMAP, norm=norm, s=40, edgecolors="#333333",
                           linewidths=0.5)
        ax.set_title(plot_text(f"{name} (n = {len(rows)} stations)"), fontsize=9)
    else:
        ax.text(0.5, 0.5, "no station has metrics", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_title(plot_text(name), fontsize=9)
    ax.axhline(0, color="#999999", lw=0.8, ls=":")
    ax.set_xlabel(f"ubRMSE ({SM_UNITS})")
    ax.set_ylabel("R (unitless)")
    return drawn

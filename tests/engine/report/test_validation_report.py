"""The HTML report of a station validation, written for results of the real engine."""
import base64
import copy
import dataclasses
import datetime
import math
import os
import re
import struct
import subprocess
import sys
from html.parser import HTMLParser

import numpy as np
import pytest
from rasterio.transform import from_origin
from helpers import PKG_DIR

from smdownscale.engine.report import validation_report, validation_station_plots
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.stations.observations import Observations
from smdownscale.engine.stations.validation import ValidateOptions, validate
from smdownscale.engine.raster.timestack import write_stack
from smdownscale.engine.report.validation_data import (BOX_METRICS, TABLE_COLUMNS, box_stats,
                                                       figure_data)
from smdownscale.engine.report.validation_report import (render_validation_report,
                                                         write_validation_report)

CRS = "EPSG:4326"
WEST, NORTH, CELL = 116.0, 42.0, 0.01  # fine grid: 12 × 12 cells of 0.01°
DAYS = [datetime.datetime(2020, 5, 1) + datetime.timedelta(days=i) for i in range(8)]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="[^"<>]*">')
SECTIONS = ["Matching", "Metrics", "Map versus stations", "Distribution of the values",
            "Spread of the per-station metrics", "R against ubRMSE per station",
            "Per-station ubRMSE", "Time series", "Per-station metrics",
            "Consistency with the coarse product"]
FIGURES = 6  # scatter, density, box plots, R against ubRMSE, station map, time series
NAMES = {"map_name": "fine map", "coarse_name": "SMAP"}


# -- inputs ---------------------------------------------------------------------------------
def _grid(cell, size):
    from rasterio.crs import CRS as RioCRS

    return Grid(RioCRS.from_user_input(CRS), from_origin(WEST, NORTH, cell, cell), size, size)


@pytest.fixture(scope="module")
def rasters(tmp_path_factory):
    """A dated 12 × 12 fine map (one nodata cell), its 3 × 3 block mean and an undated band."""
    folder = tmp_path_factory.mktemp("validation_inputs")
    rng = np.random.default_rng(3)
    fine = rng.uniform(0.05, 0.4, (len(DAYS), 12, 12)).astype("float32")
    coarse = fine.reshape(len(DAYS), 3, 4, 3, 4).mean(axis=(2, 4))
    fine[2, 1, 1] = np.nan  # station A1 on the third day
    dates = [BandDate(d) for d in DAYS]
    return {"fine": write_stack(str(folder / "fine.tif"), _grid(CELL, 12), fine, dates),
            "coarse": write_stack(str(folder / "coarse.tif"), _grid(4 * CELL, 3), coarse, dates),
            "undated": write_stack(str(folder / "undated.tif"), _grid(CELL, 12), fine[0]),
            "values": fine}


def _observations(rows_cols, ids, groups, days, values, dated=True, seed=0):
    """One observation per station and day: the map value plus noise."""
    rng = np.random.default_rng(seed)
    out = {k: [] for k in ("ids", "x", "y", "v", "d", "g")}
    for (r, c), sid, group, n_days in zip(rows_cols, ids, groups, days):
        for t in range(n_days):
            value = values[t, r, c]
            out["ids"].append(sid)
            out["x"].append(WEST + (c + 0.5) * CELL)
            out["y"].append(NORTH - (r + 0.5) * CELL)
            out["v"].append(float(np.nan_to_num(value, nan=0.2) + rng.normal(0.02, 0.02)))
            out["d"].append(BandDate(DAYS[t]) if dated else None)
            out["g"].append(group)
    return Observations.build(out["ids"], out["x"], out["y"], out["v"], out["d"],
                              out["g"] if any(groups) else None, CRS)


STATIONS = [(1, 1), (2, 6), (5, 9), (7, 2), (9, 9), (10, 5)]
IDS = ["A1", "A2", "<i>s&", "B1", "B2", "C1"]
GROUPS = ["north", "north", "<b>&", "<b>&", "south", "south"]
DAYS_SEEN = [8, 8, 8, 7, 8, 4]  # C1: 4 pairs, fewer than min_pairs = 5


@pytest.fixture(scope="module")
def results(rasters):
    """Real validation results: with coarse product, without, without any station metrics,
    50 stations, and an undated map with undated observations."""
    obs = _observations(STATIONS, IDS, GROUPS, DAYS_SEEN, rasters["values"])
    plain = _observations(STATIONS, IDS, [None] * 6, DAYS_SEEN, rasters["values"])
    cells = [(r, c) for r in range(0, 12, 2) for c in range(12)][:50]
    many = _observations(cells, [f"M{i:02d}" for i in range(50)], [""] * 50,
                         [3 + i % 6 for i in range(50)], rasters["values"], seed=1)
    undated = _observations(STATIONS, IDS, GROUPS, [3] * 6, rasters["values"], dated=False)
    five = ValidateOptions(min_pairs=5)
    return {"coarse": validate(rasters["fine"], obs, rasters["coarse"], five),
            "plain": validate(rasters["fine"], plain, None, five),
            "empty": validate(rasters["fine"], obs, None, ValidateOptions(min_pairs=50)),
            "many": validate(rasters["fine"], many, None, ValidateOptions(min_pairs=3)),
            "undated": validate(rasters["undated"], undated, None, ValidateOptions(min_pairs=2))}


@pytest.fixture(scope="module")
def pages(results):
    """Each result rendered as HTML text."""
    return {k: render_validation_report(r, **NAMES) for k, r in results.items()}


# -- helpers --------------------------------------------------------------------------------
class _Page(HTMLParser):
    """Headings and tables (cell text, unescaped) of a page; checks tags are balanced."""

    VOID = {"meta", "img", "br"}

    def __init__(self, text):
        super().__init__()
        self.headings, self.tables, self.stack = [], [], []
        self._cell = self._heading = None
        self.feed(text)
        self.close()
        assert self.stack == [], self.stack

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "table":
            self.tables.append({"after": self.headings[-1] if self.headings else "",
                                "rows": [], "styles": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
            self.tables[-1]["styles"].append(dict(attrs).get("style", ""))
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag in ("h1", "h2"):
            self._heading = ""

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        if tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append(self._cell)
            self._cell = None
        elif tag in ("h1", "h2"):
            self.headings.append(self._heading)
            self._heading = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._heading is not None:
            self._heading += data

    def table(self, heading):
        """Rows (header first) of the first table after ``heading``."""
        return next(t["rows"] for t in self.tables if t["after"] == heading)


def _images(text):
    """Decoded PNG bytes of every embedded image."""
    return [base64.b64decode(d, validate=True) for d in IMAGE.findall(text)]


def _png_size(data):
    """(width, height) of a PNG from its IHDR chunk."""
    return struct.unpack(">II", data[16:24])


def _f4(value):
    return f"{value:.4f}"


# -- tests ----------------------------------------------------------------------------------
def test_sections_in_order(pages):
    page = _Page(pages["coarse"])
    assert page.headings == ["Soil-moisture downscaling: validation against stations"] + SECTIONS
    assert "<!DOCTYPE html>" in pages["coarse"] and "Written by smdownscale on" in pages["coarse"]


def test_summary_paragraph_gives_pooled_skill_of_both_products(results, pages):
    result, text = results["coarse"], pages["coarse"]
    fine, coarse = result.overall("downscaled"), result.overall("coarse")
    n_pairs = len(result.pairs["station"])
    assert f"{n_pairs} station–date pairs at 6 stations, on 8 dates from 2020-05-01 to " \
           "2020-05-08." in text
    for name, row in (("fine map", fine), ("SMAP", coarse)):
        assert (f"the {name} has ubRMSE = {_f4(row['ubrmse'])} m³/m³, R = {_f4(row['r'])} and "
                f"bias = {_f4(row['bias'])} m³/m³") in text
    low, high = ("fine map", "SMAP") if fine["ubrmse"] < coarse["ubrmse"] else ("SMAP",
                                                                                 "fine map")
    assert f"The ubRMSE of the {low} is lower than that of the {high} (same pairs)." in text


def test_counts_in_words(results, pages):
    counts = results["coarse"].counts
    rows = dict(_Page(pages["coarse"]).table("Matching")[1:])
    assert counts["nodata"] == 1 and counts["no_coarse"] == 0
    assert rows["Observations in the station layer"] == str(sum(DAYS_SEEN))
    assert rows["… pairs on nodata of the map (dropped)"] == "1"
    assert rows["… pairs on nodata of the coarse product (dropped)"] == "0"
    assert rows["Station–date pairs formed"] == str(sum(DAYS_SEEN))
    assert rows["Pairs scored"] == str(counts["pairs"]) == str(sum(DAYS_SEEN) - 1)


def test_metrics_table_pairs_products_and_formats_numbers(results, pages):
    summary = results["coarse"].summary
    table = _Page(pages["coarse"]).table("Metrics")
    header, rows = table[0], table[1:]
    assert header[:5] == ["Product", "Group", "Aggregation", "Stations", "n"]
    for label in ("ubRMSE (m³/m³)", "bias (m³/m³)", "p (R)", "R²", "NSE", "MAPE (%)", "MRE (%)",
                  "K-L"):
        assert label in header
    assert len(rows) == len(summary) == 2 * 4 * 2  # products × (3 groups + all) × aggregations
    assert [r[0] for r in rows] == ["fine map", "SMAP"] * 8
    col = {h: i for i, h in enumerate(header)}
    for row in rows:
        product = "downscaled" if row[0] == "fine map" else "coarse"
        group = "all" if row[1] == "all stations" else row[1]
        expected = next(s for s in summary if (s["product"], s["group"], s["aggregation"])
                        == (product, group, row[2]))
        assert row[col["Stations"]] == str(expected["n_stations"])
        assert row[col["n"]] == str(expected["n"])
        assert row[col["ubRMSE (m³/m³)"]] == _f4(expected["ubrmse"])
        assert row[col["R²"]] == _f4(expected["r2"])
        assert row[col["NSE"]] == _f4(expected["nse"])
        assert row[col["MAPE (%)"]] == f"{expected['mape']:.1f}"
        assert row[col["MRE (%)"]] == f"{expected['mre']:.1f}"
        if row[2] == "pooled":
            assert re.fullmatch(r"\d\.\de-\d\d|<1e-16", row[col["p (R)"]])
            assert float(row[col["p (R)"]]) == pytest.approx(expected["p_value"], rel=0.06)
        else:
            assert row[col["p (R)"]] == "—"
    assert [r[1] for r in rows[::4]] == ["<b>&", "north", "south", "all stations"]
    assert [r[2] for r in rows[:4]] == ["pooled", "pooled", "station mean", "station mean"]
    assert "not the square of R" in pages["coarse"] and "normalising each series" in \
        pages["coarse"]


def test_one_valid_png_per_figure(pages):
    for name, text in pages.items():
        images = _images(text)
        no_boxes = name in ("empty", "undated")  # no station has metrics: no box plot
        assert len(images) == text.count("<img ") == FIGURES - no_boxes, name
        assert all(i.startswith(PNG_SIGNATURE) for i in images), name
    with_coarse = [_png_size(i) for i in _images(pages["coarse"])]
    without = [_png_size(i) for i in _images(pages["plain"])]
    for figure in (0, 1, 3, 4):  # scatter, density, R–ubRMSE, station map: a second panel
        assert with_coarse[figure][0] > 1.5 * without[figure][0], figure


def test_station_map_axes_are_in_the_map_crs_units(results):
    from rasterio.crs import CRS as RioCRS

    from smdownscale.engine.report.htmlpage import figure

    result = results["coarse"]
    assert result.map_crs.to_epsg() == 4326
    ax = figure(4, 4).add_subplot()
    x = np.array([s.map_x for s in result.stations])
    y = np.array([s.map_y for s in result.stations])
    validation_report._station_panel(ax, x, y, np.full(x.size, 0.03), None, result.stations,
                                     "fine map", result.map_crs)
    assert ax.get_xlabel() == "longitude (degrees, EPSG:4326)"
    assert ax.get_ylabel() == "latitude (degrees, EPSG:4326)"
    labels = validation_report.map_axis_labels
    assert labels(RioCRS.from_epsg(6933)) == ("x (m, EPSG:6933)", "y (m, EPSG:6933)")
    assert labels(RioCRS.from_epsg(2263))[0] == "x (US ft, EPSG:2263)"


@pytest.mark.parametrize("kind", ["coarse", "undated"])
def test_time_series_y_axes_are_labelled_with_the_unit(results, kind):
    from smdownscale.engine.report.htmlpage import figure

    result = results[kind]
    ax = figure(4, 3).add_subplot()
    idx = np.flatnonzero(np.asarray(result.pairs["station"]) == 0)
    validation_report._series_panel(ax, result, idx, result.stations[0],
                                    {"downscaled": "fine map", "coarse": "SMAP"}, (0.0, 0.5),
                                    validation_report._date_span(result.pairs["date"]))
    assert ax.get_ylabel() == "soil moisture (m³/m³)"


def test_station_ids_and_groups_are_escaped(pages):
    text = pages["coarse"]
    assert "<b>&" not in text and "<i>s&" not in text
    assert "&lt;b&gt;&amp;" in text and "&lt;i&gt;s&amp;" in text
    rows = _Page(text).table("Per-station metrics")[1:]
    assert ["<i>s&", "<b>&"] == rows[2][:2]


def test_dollar_signs_are_not_read_as_mathtext(results):
    result = copy.deepcopy(results["coarse"])
    for station in result.stations:
        station.station_id, station.group = f"{station.station_id} $\\b$", "$\\frac{$"
    result.groups = ["$\\frac{$"]
    text = render_validation_report(result, map_name="map $\\x$", coarse_name="$5 product")
    assert len(_images(text)) == FIGURES and "A1 $\\b$" in text and "map $\\x$" in text


def test_per_station_table(results, pages):
    table = _Page(pages["coarse"]).table("Per-station metrics")
    header, rows = table[0], table[1:]
    assert header[:4] == ["Station", "Group", "Observations", "Pairs"]
    assert "coarse ubRMSE (m³/m³)" in header and "MAE (m³/m³)" in header
    assert [r[0] for r in rows] == IDS
    for station, row in zip(results["coarse"].stations[:5], rows):
        assert row[2] == str(station.n_obs) and row[3] == str(station.metrics["n"])
        assert row[4] == _f4(station.metrics["ubrmse"])
        assert row[9] == _f4(station.coarse["ubrmse"])
    c1 = rows[IDS.index("C1")]
    assert c1[3] == "4" and set(c1[4:]) == {"—"}
    assert "fewer than 5 pairs have no metrics" in pages["coarse"]


def test_without_coarse_product_nothing_coarse_is_shown(results, pages):
    text = pages["plain"]
    page = _Page(text)
    assert page.headings[1:] == SECTIONS[:-1]
    assert not results["plain"].has_coarse and not results["plain"].groups
    assert {r[0] for r in page.table("Metrics")[1:]} == {"fine map"}
    assert not any("coarse" in h for h in page.table("Per-station metrics")[0])
    visible = re.sub(r"<img [^>]*>", "", text.split("</style>")[1])
    assert "coarse" not in visible.lower() and "SMAP" not in visible
    assert "dashed line: " not in text


def test_consistency_table(results, pages):
    rows = _Page(pages["coarse"]).tables[-1]
    consistency = results["coarse"].consistency
    assert rows["after"] == "Consistency with the coarse product"
    assert [r[0] for r in rows["rows"][1:]] == [c["date"] for c in consistency]
    assert rows["rows"][-1][0] == "all dates" and "bold" in rows["styles"][-1]
    assert rows["rows"][-1][1] == str(consistency[-1]["n_cells"])
    assert "Yan &amp; Bai 2020, Table 5" in pages["coarse"] and "aggregated − coarse" in pages["coarse"]


def test_no_shared_date_is_explained(results):
    result = dataclasses.replace(results["coarse"], consistency=[])
    text = render_validation_report(result, **NAMES)
    assert "Consistency with the coarse product" in text
    assert "No band of the fine map shares a date with the SMAP" in text


def test_stations_without_metrics_still_render(results, pages):
    result, text = results["empty"], pages["empty"]
    assert all(np.isnan(s.metrics["ubrmse"]) for s in result.stations)
    assert "too few pairs (fewer than 50)" in text
    rows = _Page(text).table("Per-station metrics")[1:]
    assert all(set(r[4:]) == {"—"} for r in rows)
    assert _Page(text).headings[1:] == SECTIONS[:-1]


def test_many_stations_are_capped(pages):
    text = pages["many"]
    assert "The 4 station(s) with the most pairs of 50: " in text
    assert "Station ids are not drawn for more than 40 stations." in text
    few, many = _images(pages["plain"])[5], _images(text)[5]
    assert _png_size(many) == _png_size(few)  # 4 panels each


def test_undated_pairs(results, pages):
    assert set(results["undated"].pairs["date"]) == {""}
    text = pages["undated"]
    assert "without dates" in text and "Undated pairs are plotted in order." in text


def test_write_is_atomic_and_escapes_the_title(results, tmp_path):
    path = write_validation_report(tmp_path / "sub" / "report.html", results["coarse"],
                                   title="Stations <&>")
    assert path == str(tmp_path / "sub" / "report.html")
    assert os.listdir(tmp_path / "sub") == ["report.html"]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert "<title>Stations &lt;&amp;&gt;</title>" in text and "<h1>Stations &lt;&amp;&gt;</h1>" \
        in text


def test_refuses_without_matplotlib(results, tmp_path, monkeypatch):
    monkeypatch.setattr(validation_report, "missing_message",
                        lambda modules: f"Install {', '.join(modules)}.")
    with pytest.raises(InputError, match="matplotlib"):
        write_validation_report(tmp_path / "report.html", results["coarse"])
    assert os.listdir(tmp_path) == []


def test_module_imports_no_qgis_or_pyplot():
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "import smdownscale.engine.report.validation_report; "
            "bad = [m for m in sys.modules if m == 'qgis' or m.startswith(('qgis.', "
            "'matplotlib.pyplot'))]; assert not bad, bad")
    pkg = PKG_DIR
    subprocess.run([sys.executable, "-c", code, pkg], check=True, timeout=120)


# -- figure data (issue 19 §4) ----------------------------------------------------------------
RAIN_CRS = "EPSG:32650"  # UTM 50N: a precipitation stack in another CRS than the map
RAIN_CELL = 1000.0  # m
RAIN_DAYS = [datetime.datetime(2020, 4, 28) + datetime.timedelta(days=i) for i in range(14)]


@pytest.fixture(scope="module")
def rain(tmp_path_factory):
    """A dated daily precipitation stack on a 1 km UTM grid: value = 10·day + row + col/100
    (mm/day), so the value names its day and cell; origin and size from the map's corner."""
    from rasterio.crs import CRS as RioCRS
    from rasterio.warp import transform as warp

    (x0,), (y0,) = warp(CRS, RAIN_CRS, [WEST - 0.02], [NORTH + 0.02])
    left, top = math.floor(x0 / RAIN_CELL) * RAIN_CELL, math.ceil(y0 / RAIN_CELL) * RAIN_CELL
    t, r, c = np.meshgrid(np.arange(len(RAIN_DAYS)), np.arange(20), np.arange(20),
                          indexing="ij")
    grid = Grid(RioCRS.from_user_input(RAIN_CRS), from_origin(left, top, RAIN_CELL, RAIN_CELL),
                20, 20)
    path = str(tmp_path_factory.mktemp("rain") / "rain.tif")
    write_stack(path, grid, (10.0 * t + r + c / 100.0).astype("float32"),
                [BandDate(d) for d in RAIN_DAYS], units="mm/day")
    return {"path": path, "left": left, "top": top}


@pytest.fixture(scope="module")
def full(results, rasters, rain):
    """Figure data and page of the result with a coarse product, the map and rain."""
    data = figure_data(results["coarse"], rasters["fine"], rain["path"])
    return {"data": data, "page": render_validation_report(results["coarse"], data=data,
                                                           **NAMES)}


def _rows(data, name, **where):
    return [r for r in data.tables()[name] if all(r[k] == v for k, v in where.items())]


def test_box_plot_numbers_are_the_quartiles_of_the_station_metrics(results, full):
    result, data = results["coarse"], full["data"]
    assert {r["metric"] for r in data.tables()["station_metric_boxes"]} == set(BOX_METRICS)
    for product, attribute in (("downscaled", "metrics"), ("coarse", "coarse")):
        for metric in ("r", "ubrmse", "bias", "nse"):
            values = np.array([getattr(s, attribute)[metric] for s in result.stations])
            values = values[np.isfinite(values)]
            assert values.size == 5  # C1 has too few pairs
            (row,) = _rows(data, "station_metric_boxes", product=product, metric=metric)
            assert row["n_stations"] == 5
            assert row["median"] == pytest.approx(np.median(values))
            assert (row["q1"], row["q3"]) == pytest.approx(tuple(np.percentile(values, [25, 75])))
            assert (row["minimum"], row["maximum"]) == pytest.approx((values.min(),
                                                                      values.max()))
            assert row["unit"] == {"r": "unitless", "nse": "unitless"}.get(metric, "m³/m³")
    assert box_stats([1, 2, 3, 4, 100])[0]["whisker_high"] == 4  # 100 beyond 1.5 × IQR
    assert box_stats([1, 2, 3, 4, 100])[0]["outliers"] == 1


def test_density_counts_the_pairs_in_each_bin(results, full):
    pairs, data = results["coarse"].pairs, full["data"]
    for product, key in (("downscaled", "map"), ("coarse", "coarse")):
        for series, values in (("station", pairs["observed"]), ("product", pairs[key])):
            rows = _rows(data, "value_density", product=product, series=series)
            edges = [r["sm_from"] for r in rows] + [rows[-1]["sm_to"]]
            assert [r["count"] for r in rows] == np.histogram(values, bins=edges)[0].tolist()
            area = sum(r["density"] * (r["sm_to"] - r["sm_from"]) for r in rows)
            assert area == pytest.approx(1.0)


def test_r_ubrmse_rows_are_the_station_metrics(results, full):
    stations = {s.station_id: s for s in results["coarse"].stations}
    rows = full["data"].tables()["r_ubrmse"]
    assert len(rows) == 10 and "C1" not in {r["station"] for r in rows}
    for row in rows:
        score = getattr(stations[row["station"]],
                        "metrics" if row["product"] == "downscaled" else "coarse")
        assert (row["r"], row["ubrmse"], row["bias"]) == pytest.approx(
            (score["r"], score["ubrmse"], score["bias"]))


def test_time_series_of_the_stations_with_most_pairs(results):
    # pairs: A1 7 (one nodata), A2 8, <i>s& 8, B1 7, B2 8, C1 4
    data = figure_data(results["coarse"])
    rows = data.tables()["station_series"]
    assert [r["station"] for r in rows] == ["A2"] * 8 + ["<i>s&"] * 8 + ["B2"] * 8 + ["A1"] * 7
    assert "2020-05-03" not in {r["date"] for r in rows if r["station"] == "A1"}
    assert set(rows[0]) == {"station", "date", "pair", "observed", "downscaled", "coarse"}
    two = figure_data(results["coarse"], series_stations=2).tables()["station_series"]
    assert {r["station"] for r in two} == {"A2", "<i>s&"}
    assert "station_precipitation" not in data.tables() and data.period is None


def test_precipitation_is_sampled_at_the_stations_in_the_stack_crs(results, rain, full):
    from rasterio.warp import transform as warp

    rows = full["data"].tables()["station_precipitation"]
    stations = {s.station_id: s for s in results["coarse"].stations}
    assert sorted({r["date"] for r in rows}) == [f"2020-{d}" for d in (
        "04-30", "05-01", "05-02", "05-03", "05-04", "05-05", "05-06", "05-07", "05-08",
        "05-09")]  # one day either side of the series
    for row in rows:
        s = stations[row["station"]]
        (x,), (y,) = warp(CRS, RAIN_CRS, [s.map_x], [s.map_y])
        r, c = math.floor((rain["top"] - y) / RAIN_CELL), math.floor((x - rain["left"]) /
                                                                     RAIN_CELL)
        day = RAIN_DAYS.index(datetime.datetime.fromisoformat(row["date"]))
        assert row["precipitation"] == pytest.approx(10 * day + r + c / 100, abs=1e-4)
    assert full["data"].precipitation.units == "mm/day"


def test_precipitation_bars_only_with_a_stack(results, full, pages, monkeypatch):
    calls = []
    monkeypatch.setattr(validation_station_plots, "rain_bars",
                        lambda ax, dates, values, top, units: calls.append(values))
    names = {"downscaled": "fine map", "coarse": "SMAP"}
    validation_station_plots.series_section(results["coarse"], figure_data(results["coarse"]),
                                            names)
    assert calls == []
    text = validation_station_plots.series_section(results["coarse"], full["data"], names)
    assert len(calls) == 4 and all(len(v) == 10 for v in calls)
    assert "Bars: daily precipitation at the station (mm/day" in text
    assert "Precipitation numbers" in full["page"] and "Precipitation numbers" not in \
        pages["coarse"]


def test_rain_bars_hang_from_the_top_on_a_right_axis():
    from smdownscale.engine.report.htmlpage import figure

    ax = figure(4, 3).add_subplot()
    twin = validation_station_plots.rain_bars(ax, DAYS[:3], np.array([2.0, np.nan, 5.0]), 5.0,
                                              "mm/day")
    (bars,) = twin.collections
    assert [p.vertices[:, 1].max() for p in bars.get_paths()] == [2.0, 5.0]
    assert twin.get_ylim()[0] > twin.get_ylim()[1] == 0  # inverted: bars from the top
    assert twin.get_ylabel() == "precipitation (mm/day)"


def test_station_map_uses_the_period_mean_of_the_map(rasters, full, pages):
    values = rasters["values"]  # (dates, rows, cols), NaN at day 3 of A1's cell (1, 1)
    data = full["data"]
    for row, (r, c) in zip(data.tables()["station_map"], STATIONS):
        assert row["period_mean"] == pytest.approx(np.nanmean(values[:, r, c]), rel=1e-5)
    cells = {(m["row"], m["col"]): m for m in data.map_rows()}
    assert len(cells) == 144 and data.period.step == 1
    a1 = cells[(1, 1)]
    assert a1["n_dates"] == 7 and a1["period_mean"] == pytest.approx(
        np.nanmean(values[:, 1, 1]), rel=1e-5)
    assert (a1["x"], a1["y"]) == pytest.approx((WEST + 1.5 * CELL, NORTH - 1.5 * CELL))
    assert "Background: the map&#x27;s mean over its 8 band(s), cell by cell." in full["page"]
    assert "Background:" not in pages["coarse"]


def test_large_maps_are_averaged_over_blocks(rasters, results):
    values = rasters["values"]
    data = figure_data(results["plain"], rasters["fine"], max_map_cells=4)
    assert data.period.step == 3 and data.period.mean.shape == (4, 4)
    block = values[:, 0:3, 0:3].reshape(len(DAYS), 9)  # day 3 has the nodata cell
    expected = np.mean([np.nanmean(day) for day in block])
    assert data.period.mean[0, 0] == pytest.approx(expected, rel=1e-5)
    assert data.period.grid.res == pytest.approx((3 * CELL, 3 * CELL))


def test_every_figure_table_is_documented(full):
    tables = full["data"].tables()
    assert set(tables) == set(TABLE_COLUMNS) - {"map_period_mean"}
    rows = dict(tables, map_period_mean=list(full["data"].map_rows()))
    for name, table_rows in rows.items():
        for column in table_rows[0]:
            generic = re.sub(r"_(downscaled|coarse)$", "_<product>", column)
            generic = "<product>" if generic in ("downscaled", "coarse") else generic
            assert generic in TABLE_COLUMNS[name], (name, column)


def test_full_report_has_every_figure(full):
    page = _Page(full["page"])
    assert page.headings[1:] == SECTIONS
    assert len(_images(full["page"])) == FIGURES


def test_undated_precipitation_stack_is_refused(results, rasters):
    with pytest.raises(InputError, match="precipitation stack undated.tif"):
        figure_data(results["coarse"], precipitation_path=rasters["undated"])

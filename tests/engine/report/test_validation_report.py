"""The HTML report of a station validation, written for results of the real engine."""
import base64
import copy
import dataclasses
import datetime
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

from smdownscale.engine.report import validation_report
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.stations.observations import Observations
from smdownscale.engine.stations.validation import ValidateOptions, validate
from smdownscale.engine.raster.timestack import write_stack
from smdownscale.engine.report.validation_report import (render_validation_report,
                                                         write_validation_report)

CRS = "EPSG:4326"
WEST, NORTH, CELL = 116.0, 42.0, 0.01  # fine grid: 12 × 12 cells of 0.01°
DAYS = [datetime.datetime(2020, 5, 1) + datetime.timedelta(days=i) for i in range(8)]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="[^"<>]*">')
SECTIONS = ["Matching", "Metrics", "Map versus stations", "Per-station ubRMSE", "Time series",
            "Per-station metrics", "Consistency with the coarse product"]
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
        assert len(images) == text.count("<img ") == 3, name
        assert all(i.startswith(PNG_SIGNATURE) for i in images), name
    with_coarse = [_png_size(i) for i in _images(pages["coarse"])]
    without = [_png_size(i) for i in _images(pages["plain"])]
    assert with_coarse[0][0] > 1.5 * without[0][0]  # a second scatter panel
    assert with_coarse[1][0] > 1.5 * without[1][0]  # a second station-map panel


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
    assert len(_images(text)) == 3 and "A1 $\\b$" in text and "map $\\x$" in text


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
    assert "Only the 48 of the 50 stations with the most pairs are shown." in text
    assert "Station ids are not drawn for more than 40 stations." in text
    few, many = _images(pages["plain"])[2], _images(text)[2]
    assert _png_size(many)[1] > 5 * _png_size(few)[1]  # 16 rows of panels instead of 2


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

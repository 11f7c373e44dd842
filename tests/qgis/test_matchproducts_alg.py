"""smdownscale:matchproducts through processing.run in a real QGIS.

Synthetic stacks (6 cells, 30 dates) where the reference is a known line of the source
(reference = 0.8 × source + 0.05), so the fitted numbers and the output are known.
"""
import csv
import datetime as dt

import numpy as np
import processing
import pytest
from qgis.core import QgsProcessingException
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.algorithms import matchproducts as alg
from smdownscale.engine.prepare import product_matching as pm
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack

GRID = Grid(CRS.from_epsg(6933), from_origin(1_000_000, 4_000_000, 25_000, 25_000), 3, 2)


def days(n, start=dt.datetime(2019, 6, 1)):
    return [BandDate(start + dt.timedelta(days=k)) for k in range(n)]


def source_values(n=30):
    return np.random.default_rng(0).uniform(0.1, 0.4, (n, 2, 3)).astype("float32")


@pytest.fixture
def stacks(tmp_path):
    x = source_values()
    y = 0.8 * x.astype(float) + 0.05
    return (str(write_stack(tmp_path / "amsr2.tif", GRID, x, days(30), units="m³/m³")),
            str(write_stack(tmp_path / "smap.tif", GRID, y.astype("float32"), days(30),
                            units="m³/m³")), x, y)


def test_enums_and_defaults_match_the_engine():
    assert alg.METHOD_KEYS == list(pm.METHODS)
    assert alg.SCOPE_KEYS == list(pm.SCOPES)
    assert alg.DEFAULT_MIN_PAIRS == pm.DEFAULT_MIN_PAIRS
    assert pm.parse_percentiles(alg.DEFAULT_PERCENTILES) == pm.DEFAULT_PERCENTILES


def test_linear_regression_per_cell_with_table(registry, stacks, tmp_path, feedback):
    source, reference, x, y = stacks
    out, table = str(tmp_path / "matched.tif"), str(tmp_path / "fits.csv")
    result = processing.run("smdownscale:matchproducts", {
        "SOURCE": source, "REFERENCE": reference, "METHOD": 0, "FIT_SCOPE": 1,
        "OUTPUT": out, "OUTPUT_TABLE": table}, feedback=feedback)
    assert result["OUTPUT"] == out and result["OUTPUT_TABLE"] == table
    assert result["PAIR_COUNT"] == 180 and result["COMMON_DATE_COUNT"] == 30
    assert result["OWN_FIT_CELLS"] == 6
    assert result["SLOPE"] == pytest.approx(0.8, abs=1e-5)
    assert result["INTERCEPT"] == pytest.approx(0.05, abs=1e-5)
    assert result["BIAS_BEFORE"] == pytest.approx(float(np.mean(x) - np.mean(
        y.astype("float32"))), abs=1e-6)
    assert result["BIAS_AFTER"] == pytest.approx(0, abs=1e-6)
    assert result["R_AFTER"] == pytest.approx(1, abs=1e-6)
    data, grid, dates = read_stack(out)
    assert grid.same_as(GRID) and [d.iso for d in dates][:2] == ["2019-06-01", "2019-06-02"]
    assert np.allclose(data, y, atol=1e-5)
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    assert [r["scope"] for r in rows] == ["all cells"] + ["cell"] * 6
    assert rows[1]["row"] == "0" and rows[1]["col"] == "0" and rows[1]["fit"] == "own"
    assert float(rows[1]["slope"]) == pytest.approx(0.8, abs=1e-4)
    assert any(m.startswith("Cells with their own fit: 6") for m in feedback.infos)


def test_cdf_matching_reports_no_slope(registry, stacks, tmp_path, feedback):
    source, reference, x, y = stacks
    result = processing.run("smdownscale:matchproducts", {
        "SOURCE": source, "REFERENCE": reference, "METHOD": 2, "PERCENTILES": "0,50,100",
        "OUTPUT": str(tmp_path / "m.tif")}, feedback=feedback)
    assert result["SLOPE"] is None and result["INTERCEPT"] is None
    assert result["UBRMSE_AFTER"] == pytest.approx(0, abs=1e-5)  # a line is monotonic


def test_no_common_date_is_refused(registry, stacks, tmp_path, feedback):
    source, _, x, _ = stacks
    later = str(write_stack(tmp_path / "later.tif", GRID, x, days(30, dt.datetime(2020, 6, 1))))
    out = tmp_path / "m.tif"
    with pytest.raises(QgsProcessingException,
                       match=r"No date of the source 'amsr2.tif' \(30 band\(s\), 2019-06-01 "
                             r"to 2019-06-30\) has a reference date on the same day in "
                             r"'later.tif' \(30 band\(s\), 2020-06-01 to 2020-06-30\)"):
        processing.run("smdownscale:matchproducts", {
            "SOURCE": source, "REFERENCE": later, "OUTPUT": str(out)}, feedback=feedback)
    assert not out.exists()


def test_other_crs_without_overlap_is_refused(registry, stacks, tmp_path, feedback):
    source, _, x, _ = stacks
    far = Grid(CRS.from_epsg(4326), from_origin(-75, -10, 0.25, 0.25), 3, 2)
    elsewhere = str(write_stack(tmp_path / "elsewhere.tif", far, x, days(30)))
    out = tmp_path / "m.tif"
    with pytest.raises(QgsProcessingException, match=r"the source 'amsr2.tif' .* and the "
                                                     r"reference 'elsewhere.tif' .* do not "
                                                     r"overlap"):
        processing.run("smdownscale:matchproducts", {
            "SOURCE": source, "REFERENCE": elsewhere, "OUTPUT": str(out)}, feedback=feedback)
    assert not out.exists()


def test_bad_percentiles_are_refused(registry, stacks, tmp_path, feedback):
    source, reference, _, _ = stacks
    with pytest.raises(QgsProcessingException, match="percentiles 0, 50, 20 are not usable"):
        processing.run("smdownscale:matchproducts", {
            "SOURCE": source, "REFERENCE": reference, "METHOD": 2, "PERCENTILES": "0,50,20",
            "OUTPUT": str(tmp_path / "m.tif")}, feedback=feedback)


def test_undated_source_is_named(registry, stacks, tmp_path, feedback):
    _, reference, x, _ = stacks
    plain = str(write_stack(tmp_path / "plain.tif", GRID, x[:2]))
    with pytest.raises(QgsProcessingException, match="Band 1 of 'plain.tif' has no ISO date"):
        processing.run("smdownscale:matchproducts", {
            "SOURCE": plain, "REFERENCE": reference, "OUTPUT": str(tmp_path / "m.tif")},
            feedback=feedback)
    assert not (tmp_path / "m.tif").exists()

"""Matching one coarse product to another (engine level; expected values from the formulas).

Synthetic stacks of a few cells and ~30 dates written with write_stack. The expected
values come from the definitions in the module docstring: OLS slope/intercept,
population standard deviations, numpy's linear percentiles and the piecewise-linear map
through them, the regridding rule (mean of reference cells whose centres fall in a
source cell, else the cell under its centre).
"""
import datetime as dt

import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin

from helpers import Messages
from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare import product_matching as pm
from smdownscale.engine.prepare import transfer_functions as transfer
from smdownscale.engine.prepare.product_matching import MatchOptions, match_products
from smdownscale.engine.raster.dates import BandDate, parse_iso
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack
from smdownscale.engine.report.date_table import write_date_table

EASE = CRS.from_epsg(6933)
KM = 1000.0
GRID = Grid(EASE, from_origin(1000 * KM, 4000 * KM, 25 * KM, 25 * KM), 3, 2)
P = np.array(pm.DEFAULT_PERCENTILES)


def days(n, start="2019-06-01", step=1):
    first = parse_iso(start).when
    return [BandDate(first + dt.timedelta(days=step * k)) for k in range(n)]


def stack(path, data, dates, grid=GRID, units="m³/m³"):
    return str(write_stack(path, grid, np.asarray(data, "float32"), dates, units=units))


def source_values(n_dates, grid=GRID, seed=0):
    """Distinct values in 0.1–0.4 m³/m³, (dates, rows, cols)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(0.1, 0.4, (n_dates, grid.height, grid.width)).astype("float32")


def run(tmp_path, source, reference, progress=None, **options):
    out = str(tmp_path / "matched.tif")
    summary = match_products(source, reference, out, MatchOptions(**options), progress)
    data, grid, dates = read_stack(out)
    return summary, data


# -- the three methods, one fit -------------------------------------------------------------

def test_linear_regression_recovers_slope_and_intercept_and_gives_the_reference(tmp_path):
    x = source_values(30)
    y = 0.8 * x.astype(float) + 0.05  # reference = a·source + b, no noise
    src = stack(tmp_path / "amsr2.tif", x, days(30))
    ref = stack(tmp_path / "smap.tif", y, days(30))
    messages = Messages()
    summary, data = run(tmp_path, src, ref, messages)
    slope, intercept = summary["global_params"]
    assert slope == pytest.approx(0.8, abs=1e-5) and intercept == pytest.approx(0.05, abs=1e-5)
    assert np.allclose(data, y, atol=1e-5)
    assert summary["pairs"] == 30 * 6 and summary["common_dates"] == 30
    before = summary["before"]
    assert before["bias"] == pytest.approx(float(np.mean(x) - np.mean(y.astype("float32"))),
                                           abs=1e-6)
    assert summary["after"]["bias"] == pytest.approx(0, abs=1e-6)
    assert summary["after"]["ubrmse"] == pytest.approx(0, abs=1e-5)
    assert summary["after"]["r"] == pytest.approx(1.0, abs=1e-6)
    assert any(m.startswith("Global fit: matched = 0.8") for m in messages.infos)
    assert all(m[0].isalpha() for m in messages.infos)
    with rasterio.open(str(tmp_path / "matched.tif")) as ds:
        assert ds.dtypes[0] == "float32" and ds.nodata == -9999.0
        assert ds.units[0] == "m³/m³" and ds.descriptions[0] == "2019-06-01"


def test_mean_std_matching_gives_the_reference_mean_and_standard_deviation(tmp_path):
    x = source_values(30).astype(float)
    rng = np.random.default_rng(1)
    y = 0.5 * x + 0.12 + rng.normal(0, 0.01, x.shape)  # noisy: regression ≠ variance matching
    src = stack(tmp_path / "s.tif", x, days(30))
    ref = stack(tmp_path / "r.tif", y, days(30))
    summary, data = run(tmp_path, src, ref, method="mean_std")
    x32, y32 = x.astype("float32").astype(float), y.astype("float32").astype(float)
    slope = np.std(y32) / np.std(x32)  # population standard deviations (ddof 0)
    assert summary["global_params"][0] == pytest.approx(slope, rel=1e-6)
    assert summary["global_params"][1] == pytest.approx(np.mean(y32) - slope * np.mean(x32),
                                                        abs=1e-6)
    assert np.mean(data) == pytest.approx(np.mean(y32), abs=1e-6)
    assert np.std(data) == pytest.approx(np.std(y32), rel=1e-5)
    # linear regression on the same pairs shrinks the spread (σ = R·σ_ref)
    linear, data_lr = run(tmp_path, src, ref, method="linear_regression")
    assert np.std(data_lr) == pytest.approx(linear["before"]["r"] * np.std(y32), rel=1e-4)


def test_cdf_matching_of_a_monotonic_transform_recovers_the_reference(tmp_path):
    # 3 cells × 27 dates = 81 pairs: (n − 1)·p/100 is a whole number for every default
    # percentile, so each knot is an order statistic and a monotonic transform maps
    # the source's order statistics onto the reference's.
    grid = Grid(EASE, GRID.transform, 3, 1)
    y = source_values(27, grid, seed=3).astype(float)
    x = np.exp(3 * y) / 10  # strictly increasing in y
    src = stack(tmp_path / "s.tif", x, days(27), grid)
    ref = stack(tmp_path / "r.tif", y, days(27), grid)
    summary, data = run(tmp_path, src, ref, method="cdf")
    xs, ys = np.percentile(x.astype("float32"), P), np.percentile(y.astype("float32"), P)
    knots = summary["global_params"]
    assert np.allclose(knots[:9], xs, atol=1e-6) and np.allclose(knots[9:], ys, atol=1e-6)
    assert np.allclose(np.percentile(data, P), ys, atol=1e-6)
    expected = np.interp(x.astype("float32"), xs, ys)  # piecewise linear through the knots
    assert np.allclose(data, expected, atol=1e-6)


def test_cdf_matching_extends_the_end_segments_linearly(tmp_path):
    grid = Grid(EASE, GRID.transform, 3, 1)
    y = source_values(27, grid, seed=4).astype(float)
    x = 2 * y + 0.05
    wetter = np.full((1, 1, 3), x.max() + 0.1)  # a source date without reference date
    src = stack(tmp_path / "s.tif", np.concatenate([x, wetter]), days(28), grid)
    ref = stack(tmp_path / "r.tif", y, days(27), grid)
    summary, data = run(tmp_path, src, ref, method="cdf", clip_max=1.0)
    k = summary["global_params"]
    x0, x1, y0, y1 = k[7], k[8], k[16], k[17]  # the last segment: 95th → 100th percentile
    expected = y0 + (wetter[0, 0, 0] - x0) * (y1 - y0) / (x1 - x0)
    assert expected > y.max()
    assert data[-1, 0, 0] == pytest.approx(expected, abs=1e-6)
    assert summary["common_dates"] == 27 and len(summary["dates"]) == 28


def test_tied_percentiles_are_made_distinct_as_pytesmo_does():
    p = np.array([0.0, 5, 10, 20])
    fixed = transfer.distinct_knots(np.array([[1.0], [1.0], [1.0], [2.0]]), p)
    assert fixed[:, 0] == pytest.approx([1.0, 1.25, 1.5, 2.0])
    p = np.array([0.0, 85, 90, 95, 100])
    fixed = transfer.distinct_knots(np.array([[0.0], [8.0], [10.0], [10.0], [10.0]]), p)
    assert fixed[:, 0] == pytest.approx([0.0, 8.0, 8 + 2 / 3, 8 + 4 / 3, 10.0])


def test_group_percentiles_equal_numpy_percentile():
    rng = np.random.default_rng(5)
    values = rng.uniform(0, 1, 50).astype("float32")
    group = np.repeat([0, 2], [23, 27])
    got = transfer.group_percentiles(values, group, 3, P)
    assert np.allclose(got[:, 0], np.percentile(values[:23], P))
    assert np.allclose(got[:, 2], np.percentile(values[23:], P))
    assert np.isnan(got[:, 1]).all()


# -- per-cell fits --------------------------------------------------------------------------

def test_per_cell_fits_differ_where_cells_differ(tmp_path):
    x = source_values(30).astype(float)
    slopes = np.array([[0.5, 1.5, 1.0], [0.8, 1.2, 0.9]])
    offsets = np.array([[0.1, -0.05, 0.0], [0.05, 0.0, 0.02]])
    y = slopes * x + offsets
    y[5:, 1, 2] = np.nan  # cell (1, 2): 5 pairs, fewer than MIN_PAIRS → the global fit
    src = stack(tmp_path / "s.tif", x, days(30))
    ref = stack(tmp_path / "r.tif", y, days(30))
    messages = Messages()
    summary, data = run(tmp_path, src, ref, messages, scope="per_cell", min_pairs=20)
    own = np.ones((2, 3), bool)
    own[1, 2] = False
    assert np.allclose(data[:, own], y[:, own], atol=1e-5)  # each cell its own line
    g_slope, g_intercept = summary["global_params"]
    assert np.allclose(data[:, 1, 2], g_slope * x[:, 1, 2].astype("float32") + g_intercept,
                       atol=1e-5)
    assert summary["own_fits"] == 5
    assert summary["fallbacks"] == {"too_few_pairs": 1, "degenerate": 0, "no_pairs": 0}
    assert any("with the global fit: 1 with fewer than 20 pairs" in m for m in messages.infos)
    records = summary["records"]
    assert records[0].scope == "all cells" and records[0].row is None
    by_cell = {(r.row, r.col): r for r in records[1:]}
    assert by_cell[(0, 1)].slope == pytest.approx(1.5, abs=1e-4)
    assert by_cell[(0, 0)].intercept == pytest.approx(0.1, abs=1e-4)
    assert by_cell[(1, 2)].fit == "global: too few pairs" and by_cell[(1, 2)].pairs == 5
    assert by_cell[(0, 1)].x == pytest.approx(1000 * KM + 1.5 * 25 * KM)  # cell centre
    one, data_one = run(tmp_path, src, ref, scope="global")
    assert not np.allclose(data_one[:, 0, 0], y[:, 0, 0], atol=1e-3)  # one line fits none


def test_fit_table_has_the_knots_of_every_cell(tmp_path):
    x = source_values(30).astype(float)
    src = stack(tmp_path / "s.tif", x, days(30))
    ref = stack(tmp_path / "r.tif", x ** 2 + 0.05, days(30))
    options = MatchOptions(method="cdf", scope="per_cell")
    summary = match_products(src, ref, str(tmp_path / "m.tif"), options)
    path = write_date_table(str(tmp_path / "fits.csv"), pm.FitRecord, summary["records"],
                            pm.knot_columns(options))
    lines = open(path, encoding="utf-8").read().splitlines()
    header = lines[0].split(",")
    assert header[:9] == ["scope", "row", "col", "x", "y", "pairs", "fit", "slope",
                          "intercept"]
    assert header[9] == "source_p0" and header[-1] == "reference_p100" and len(header) == 27
    assert len(lines) == 1 + 1 + 6
    first_cell = lines[2].split(",")
    assert first_cell[:3] == ["cell", "0", "0"] and first_cell[5:7] == ["30", "own"]
    assert float(first_cell[9]) == pytest.approx(float(np.min(x[:, 0, 0].astype("float32"))),
                                                 rel=1e-5)


# -- grids ----------------------------------------------------------------------------------

def test_a_finer_reference_is_averaged_over_each_source_cell(tmp_path):
    x = source_values(30)
    fine = Grid(EASE, from_origin(1000 * KM, 4000 * KM, 12.5 * KM, 12.5 * KM), 6, 4)  # 4 per cell
    parent = np.repeat(np.repeat(0.7 * x.astype(float) + 0.08, 2, axis=1), 2, axis=2)
    wiggle = np.tile([[0.01, -0.01], [-0.02, 0.02]], (2, 3))  # sums to 0 in every parent
    src = stack(tmp_path / "s.tif", x, days(30))
    ref = stack(tmp_path / "r.tif", parent + wiggle, days(30), fine)
    summary, data = run(tmp_path, src, ref)
    assert summary["global_params"] == pytest.approx([0.7, 0.08], abs=1e-5)
    assert np.allclose(data, 0.7 * x + 0.08, atol=1e-5)


def test_a_coarser_reference_in_another_crs_is_taken_under_each_source_centre(tmp_path):
    """Reference on 1° WGS 84 cells, source on 25 km EASE-Grid 2.0 cells: each source cell
    takes the reference cell that holds its centre (it holds no reference centre)."""
    from rasterio.warp import transform

    coarse = Grid(CRS.from_epsg(4326), from_origin(110, 41, 1.0, 1.0), 2, 2)
    x0, y0 = transform("EPSG:4326", "EPSG:6933", [110.1], [40.9])
    ease = Grid(EASE, from_origin(x0[0], y0[0], 25 * KM, 25 * KM), 7, 7)  # ≈ 1.8° × 1.6°
    xs, ys = ease.cell_centres()
    lon, lat = transform("EPSG:6933", "EPSG:4326", xs.ravel(), ys.ravel())
    col = np.floor(np.array(lon) - 110).astype(int).reshape(xs.shape)
    row = np.floor(41 - np.array(lat)).astype(int).reshape(xs.shape)
    assert set(col.ravel()) == {0, 1} and set(row.ravel()) == {0, 1}
    y = 0.1 + np.random.default_rng(6).uniform(0, 0.3, (30, 2, 2))
    x = (y[:, row, col] - 0.02) / 1.25  # reference = 1.25 · source + 0.02
    x[:, 0, 0] = np.nan  # missing source cells stay missing
    src = stack(tmp_path / "s.tif", x, days(30), ease)
    ref = stack(tmp_path / "r.tif", y, days(30), coarse)
    summary, data = run(tmp_path, src, ref)
    assert summary["global_params"] == pytest.approx([1.25, 0.02], abs=1e-5)
    assert summary["pairs"] == 30 * 48
    assert np.isnan(data[:, 0, 0]).all()
    expected = y[:, row, col]
    expected[:, 0, 0] = np.nan
    assert np.allclose(data, expected, atol=1e-5, equal_nan=True)


def test_grids_that_do_not_overlap_are_refused(tmp_path):
    far = Grid(CRS.from_epsg(4326), from_origin(-80, -10, 1, 1), 2, 2)
    src = stack(tmp_path / "s.tif", source_values(3), days(3))
    ref = stack(tmp_path / "r.tif", source_values(3, far), days(3), far)
    with pytest.raises(InputError, match=r"the source 's.tif' .* and the reference 'r.tif' "
                                         r".* do not overlap"):
        run(tmp_path, src, ref)
    assert not (tmp_path / "matched.tif").exists()


# -- dates ----------------------------------------------------------------------------------

def test_pair_dates_takes_the_nearest_day_and_every_band_of_it():
    source = [parse_iso(t) for t in ("2019-06-01", "2019-06-03", "2019-06-05T06:00",
                                     "2019-06-09")]
    reference = [parse_iso(t) for t in ("2019-06-02", "2019-06-04", "2019-06-05T06:00",
                                        "2019-06-05T18:00")]
    assert pm.pair_dates(source, reference, 0) == [(), (), (2, 3), ()]
    # 06-03 is 1 day from 06-02 and from 06-04: the earlier wins
    assert pm.pair_dates(source, reference, 1) == [(0,), (0,), (2, 3), ()]


def test_am_and_pm_reference_bands_are_averaged(tmp_path):
    x = source_values(25)
    y = 0.9 * x.astype(float) + 0.03
    ref_dates = [BandDate(d.when.replace(hour=h), True) for d in days(25) for h in (6, 18)]
    am_pm = np.repeat(y, 2, axis=0) + np.tile([[[0.01]], [[-0.01]]], (25, 1, 1))
    src = stack(tmp_path / "s.tif", x, days(25))
    ref = stack(tmp_path / "r.tif", am_pm, ref_dates)
    summary, data = run(tmp_path, src, ref)
    assert summary["global_params"] == pytest.approx([0.9, 0.03], abs=1e-5)


def test_date_tolerance_pairs_neighbouring_days(tmp_path):
    x = source_values(30)
    x[0] = x[1]
    # every source day lies 1 day from a reference day; from the second on, from two:
    # source band k pairs with the earlier, reference band k − 1 (band 0 with band 0)
    y = 0.5 * np.concatenate([x[1:], x[:1]]).astype(float) + 0.1
    src = stack(tmp_path / "s.tif", x, days(30, step=2))
    ref = stack(tmp_path / "r.tif", y, days(30, "2019-06-02", 2))
    with pytest.raises(InputError) as err:
        run(tmp_path, src, ref)
    assert str(err.value) == (
        "No date of the source 's.tif' (30 band(s), 2019-06-01 to 2019-07-29) has a "
        "reference date on the same day in 'r.tif' (30 band(s), 2019-06-02 to 2019-07-30). "
        "Choose stacks that overlap in time, or allow a larger date tolerance "
        "(DATE_TOLERANCE).")
    assert not (tmp_path / "matched.tif").exists()
    summary, data = run(tmp_path, src, ref, date_tolerance=1)
    assert summary["common_dates"] == 30
    assert summary["global_params"] == pytest.approx([0.5, 0.1], abs=1e-5)


def test_too_few_pairs_are_refused_with_the_count(tmp_path):
    x = source_values(30)
    y = np.full(x.shape, np.nan)
    y[:2, 0, :] = 0.3  # 6 pairs
    src = stack(tmp_path / "s.tif", x, days(30))
    ref = stack(tmp_path / "r.tif", y, days(30))
    with pytest.raises(InputError, match=r"^Only 6 pair\(s\) of source and reference values "
                                         r"\(same cell, common date\) were found; a fit needs "
                                         r"at least 20 \(MIN_PAIRS\)\. .*DATE_TOLERANCE"):
        run(tmp_path, src, ref)
    assert not (tmp_path / "matched.tif").exists()


def test_a_falling_reference_is_refused_for_linear_regression(tmp_path):
    x = source_values(30)
    src = stack(tmp_path / "s.tif", x, days(30))
    ref = stack(tmp_path / "r.tif", 0.5 - x.astype(float), days(30))
    with pytest.raises(InputError, match=r"falls as the source rises .* slope -1\b"):
        run(tmp_path, src, ref)
    summary, data = run(tmp_path, src, ref, method="mean_std")  # still a rescaling
    assert summary["global_params"][0] == pytest.approx(1.0, abs=1e-5)


def test_output_keeps_gaps_dates_and_is_clipped(tmp_path):
    x = source_values(30)
    x[3, 0, 0] = np.nan
    x[4, 1, 1] = 0.58  # matched: 2 · 0.58 − 0.2 = 0.96 > 0.6
    y = 2.0 * x.astype(float) - 0.2
    src = stack(tmp_path / "s.tif", x, days(30))
    ref = stack(tmp_path / "r.tif", y, days(30), units="")
    messages = Messages()
    summary, data = run(tmp_path, src, ref, messages)
    assert np.isnan(data[3, 0, 0]) and data[4, 1, 1] == pytest.approx(0.6)
    assert summary["clipped"] == (int(np.sum(y < 0)), int(np.sum(y > 0.6)))
    assert any(m.startswith("Clipped to 0–0.6:") for m in messages.infos)
    with rasterio.open(str(tmp_path / "matched.tif")) as ds:
        assert ds.units[0] == "m³/m³"  # the reference declares none: the source's


# -- options --------------------------------------------------------------------------------

@pytest.mark.parametrize("options, message", [
    (MatchOptions(method="quantile"), r"Unknown matching method 'quantile'; use one of "
                                      r"linear_regression, mean_std, cdf\."),
    (MatchOptions(scope="zone"), r"Unknown fit scope 'zone'; use one of global, per_cell\."),
    (MatchOptions(min_pairs=2), r"MIN_PAIRS\) is 2; a fit needs a whole number of at least 3"),
    (MatchOptions(date_tolerance=-1), r"DATE_TOLERANCE\) is -1 days"),
    (MatchOptions(percentiles=(0, 50, 40, 100)), r"percentiles 0, 50, 40, 100 are not usable"),
    (MatchOptions(percentiles=(0, 120)), r"percentiles 0, 120 are not usable"),
    (MatchOptions(clip_min=0.6, clip_max=0.1), r"lower limit \(0\.6\) must be below"),
])
def test_bad_options_are_refused(options, message):
    with pytest.raises(InputError, match=message):
        options.validated()


def test_percentiles_are_parsed_from_text():
    assert pm.parse_percentiles("0, 25,50;75 100") == (0.0, 25.0, 50.0, 75.0, 100.0)
    with pytest.raises(InputError, match="'0,a,100' is not a list of percentiles"):
        pm.parse_percentiles("0,a,100")


def test_packed_values_are_unpacked_with_their_scale(tmp_path):
    from smdownscale.engine.raster.timestack import Units

    x = np.round(source_values(30) * 1000)  # stored as thousandths of m³/m³
    src = str(write_stack(tmp_path / "s.tif", GRID, x.astype("int16"), days(30),
                          nodata=-9999, dtype="int16", units=Units("m³/m³", 0.001)))
    ref = stack(tmp_path / "r.tif", 0.8 * x / 1000 + 0.05, days(30))
    summary, data = run(tmp_path, src, ref)
    assert summary["global_params"] == pytest.approx([0.8, 0.05], abs=1e-5)
    assert np.allclose(data, 0.8 * x / 1000 + 0.05, atol=1e-5)


def test_cancel_leaves_no_output(tmp_path):
    from helpers import CancelAfter

    from smdownscale.engine.errors import Cancelled

    x = source_values(30)
    src = stack(tmp_path / "s.tif", x, days(30))
    ref = stack(tmp_path / "r.tif", 0.8 * x.astype(float) + 0.05, days(30))
    with pytest.raises(Cancelled):  # the fit's one window passes, the writing is cancelled
        run(tmp_path, src, ref, CancelAfter(1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.tif", "s.tif"]

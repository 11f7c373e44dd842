"""Coarse residuals and their interpolation to fine cells (engine/predict/residuals.py).

Small grids written by hand: 3 km coarse cells holding 3 × 3 fine 1 km cells in
UTM 50N, so every fine cell's position on the coarse grid is known exactly.
"""
import math

import numpy as np
import pytest
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.windows import Window

from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import Grid, ease2_grid
from smdownscale.engine.predict.residuals import (CellSums, CoarseMap, ResidualField, adjustment,
                                                  cell_centres_km, coarse_residual,
                                                  fit_date_variogram, fit_pooled_variogram,
                                                  km_scale)

ORIGIN = (500000.0, 4600000.0)
N = 6  # coarse cells per side
FACTOR = 3  # fine cells per coarse cell side


def utm_grid(n, cell):
    return Grid(CRS.from_epsg(32650), from_origin(ORIGIN[0], ORIGIN[1], cell, cell), n, n)


COARSE = utm_grid(N, 3000.0)
FINE = utm_grid(N * FACTOR, 1000.0)
WHOLE = Window(0, 0, N * FACTOR, N * FACTOR)


def located(window=WHOLE):
    """(index, rows, cols, weights) of the fine cells of ``window``, full-shaped arrays."""
    shape = (window.height, window.width)
    return tuple(np.broadcast_to(a, shape).copy() for a in CoarseMap(FINE, COARSE).locate(window))


def linear_residual(a=0.01, b=0.002, c=-0.003):
    """Residual a + b·col + c·row at the coarse cell centres (row, col + 0.5): flat array."""
    rr, cc = np.indices((N, N)) + 0.5
    return (a + b * cc + c * rr).ravel()


# --- km_scale ---------------------------------------------------------------------------------


def test_km_scale_ease_grid_36km():
    sx, sy = km_scale(ease2_grid(36))
    assert sx == pytest.approx(36.032220840584, abs=1e-9)
    assert sy == pytest.approx(36.032220840584, abs=1e-9)


def test_km_scale_geographic_grid_uses_cosine_of_central_latitude():
    # 8 × 8 cells of 0.25° from 48° to 50° N: central latitude 49°
    grid = Grid(CRS.from_epsg(4326), from_origin(100.0, 50.0, 0.25, 0.25), 8, 8)
    sx, sy = km_scale(grid)
    assert sx == pytest.approx(0.25 * 111.32 * math.cos(math.radians(49.0)), rel=1e-12)
    assert sy == pytest.approx(0.25 * 110.57, rel=1e-12)
    equator = Grid(CRS.from_epsg(4326), from_origin(100.0, 1.0, 0.25, 0.25), 8, 8)
    assert km_scale(equator)[0] == pytest.approx(0.25 * 111.32, rel=1e-12)
    assert km_scale(equator)[0] > sx


def test_km_scale_projected_in_feet():
    # NAD83 / California zone 3 (US survey feet): 1000 ft cells are 0.3048006 km
    grid = Grid(CRS.from_epsg(2227), from_origin(6000000.0, 2000000.0, 1000.0, 1000.0), 4, 4)
    sx, sy = km_scale(grid)
    assert sx == pytest.approx(0.3048006096, rel=1e-6)
    assert sy == pytest.approx(0.3048006096, rel=1e-6)


def test_cell_centres_km():
    centres = cell_centres_km(COARSE)
    assert centres.shape == (N * N, 2)
    np.testing.assert_allclose(centres[:2], [[1.5, 1.5], [4.5, 1.5]])  # row-major, (x, y)
    valid = np.zeros((N, N), bool)
    valid[2, 4] = True
    np.testing.assert_allclose(cell_centres_km(COARSE, valid), [[13.5, 7.5]])


# --- CoarseMap, CellSums, coarse_residual, adjustment -------------------------------------


def test_coarse_map_locates_every_fine_cell():
    index, rows, cols, weights = located()
    expected = (np.arange(N * FACTOR)[:, None] // FACTOR) * N + \
        (np.arange(N * FACTOR)[None, :] // FACTOR)
    np.testing.assert_array_equal(index, expected)
    np.testing.assert_allclose(rows[:, 0], (np.arange(N * FACTOR) + 0.5) / FACTOR)
    np.testing.assert_allclose(cols[0], (np.arange(N * FACTOR) + 0.5) / FACTOR)
    assert (weights == 1.0).all()
    # a window partly outside the coarse grid: −1 there
    index, *_ = located(Window(15, 15, 6, 6))
    assert (index[:3, :3] == N * N - 1).all()
    assert (index[3:, :] == -1).all() and (index[:, 3:] == -1).all()


def test_cell_sums_weighted_mean_and_extremes():
    sums = CellSums(4)
    sums.add(np.array([0, 0, 2]), np.array([0.1, 0.4, 0.3]), np.array([1.0, 3.0, 2.0]),
             extremes=True)
    sums.add(np.array([2]), np.array([0.5]), np.array([2.0]), extremes=True)
    sums.add(np.array([], dtype=int), np.array([]), np.array([]))  # nothing to add
    np.testing.assert_allclose(sums.weight, [4.0, 0.0, 4.0, 0.0])
    mean = sums.mean()
    assert mean[0] == pytest.approx((0.1 * 1 + 0.4 * 3) / 4)
    assert mean[2] == pytest.approx(0.4)
    assert np.isnan(mean[1]) and np.isnan(mean[3])
    np.testing.assert_allclose(sums.low[[0, 2]], [0.1, 0.3])
    np.testing.assert_allclose(sums.high[[0, 2]], [0.4, 0.5])
    assert np.isinf(sums.low[1]) and np.isinf(sums.high[1])
    plain = CellSums(4)
    plain.add(np.array([1]), np.array([0.2]), np.array([1.0]))
    assert np.isinf(plain.low).all()  # extremes only on request


def test_coarse_residual_needs_half_the_cell():
    observed = np.array([0.30, 0.30, 0.30, 0.30, np.nan, 0.30])
    predicted = np.array([0.25, 0.20, 0.10, np.nan, 0.20, 0.28])
    covered = np.array([9.0, 4.5, 4.4, 0.0, 9.0, 1.0])
    area = np.array([9.0, 9.0, 9.0, 9.0, 9.0, 0.0])
    residual = coarse_residual(observed, predicted, covered, area)
    assert residual[0] == pytest.approx(0.05)
    assert residual[1] == pytest.approx(0.10)  # exactly half: kept
    assert np.isnan(residual[2])  # share 0.49 < 0.5
    assert np.isnan(residual[3])  # no prediction
    assert np.isnan(residual[4])  # no observation
    assert np.isnan(residual[5])  # no fine cell at all


def test_adjustment_is_observation_minus_mean():
    sums = CellSums(4)
    sums.add(np.array([0, 0, 1, 3]), np.array([0.2, 0.4, 0.1, 0.3]), np.ones(4))
    observed = np.array([0.35, 0.05, 0.2, np.nan])
    np.testing.assert_allclose(adjustment(observed, sums), [0.05, -0.05, 0.0, 0.0])
    assert np.isfinite(adjustment(observed, sums)).all()


# --- ResidualField --------------------------------------------------------------------------


def test_bilinear_reproduces_a_linear_field_inside_the_centres():
    residual = linear_residual()
    field = ResidualField(COARSE, residual, "bilinear")
    index, rows, cols, _ = located()
    out = field.at(WHOLE, index, rows, cols)
    inner = (rows >= 0.5) & (rows <= N - 0.5) & (cols >= 0.5) & (cols <= N - 0.5)
    assert inner.sum() == (N * FACTOR - 2) ** 2
    np.testing.assert_allclose(out[inner], (0.01 + 0.002 * cols - 0.003 * rows)[inner],
                               rtol=0, atol=1e-12)
    assert field.variogram is None and not field.constant
    # at the coarse cell centres the field is the residual itself, edges included
    centre = (np.arange(N * FACTOR) % FACTOR) == 1
    np.testing.assert_allclose(out[np.ix_(centre, centre)], residual.reshape(N, N), atol=1e-12)


def test_bilinear_leans_on_valid_neighbours_in_gaps():
    residual = linear_residual()
    residual[2 * N + 3] = np.nan  # one coarse cell without a residual
    residual[5 * N + 0] = np.nan
    field = ResidualField(COARSE, residual, "bilinear")
    assert field.n == N * N - 2
    assert field.mean == pytest.approx(np.nanmean(residual))
    index, rows, cols, _ = located()
    out = field.at(WHOLE, index, rows, cols)
    gap = np.isin(index, [2 * N + 3, 5 * N])
    assert gap.sum() == 2 * FACTOR ** 2
    # gap cells take their valid neighbours (or the mean where all four taps are gaps)
    assert np.isfinite(out).all()
    assert (out[gap] >= min(np.nanmin(residual), field.mean) - 1e-12).all()
    assert (out[gap] <= max(np.nanmax(residual), field.mean) + 1e-12).all()
    assert not np.allclose(out[gap], field.mean)
    # beside the gap only the valid cells around are blended (weights renormalised):
    # fine cells of cell (2, 2) right of its centre lean on rows 1–3, columns 2–3
    beside = (index == 2 * N + 2) & (cols > 2.5)
    taps = residual.reshape(N, N)[1:4, 2:4]
    assert np.isfinite(out[beside]).all()
    assert (out[beside] >= np.nanmin(taps) - 1e-12).all()
    assert (out[beside] <= np.nanmax(taps) + 1e-12).all()
    assert not np.allclose(out[beside], field.mean)


def test_bilinear_mean_deep_inside_a_large_gap():
    residual = linear_residual().reshape(N, N)
    residual[1:5, 1:5] = np.nan  # a 4 × 4 gap
    residual = residual.ravel()
    field = ResidualField(COARSE, residual, "bilinear")
    index, rows, cols, _ = located()
    out = field.at(WHOLE, index, rows, cols)
    # the inner 2 × 2 gap cells: all four centres around each of their fine cells are gaps
    deep = np.isin(index, [2 * N + 2, 2 * N + 3, 3 * N + 2, 3 * N + 3])
    np.testing.assert_allclose(out[deep], np.nanmean(residual), rtol=0, atol=1e-15)


def test_bilinear_reaches_one_cell_into_a_gap():
    """The module docstring: "bilinear reaches one coarse cell into a gap and uses the
    date's mean residual beyond it". A fine cell of an isolated gap cell has valid
    centres around it, so its residual should come from them (renormalised weights),
    not from the date's mean.

    Fails: ResidualField.at uses resampling.interpolate, which returns NaN for every
    fine cell whose *holding* coarse cell is missing, so the whole gap cell gets the
    mean residual (0.0068 here, against 0.0128–0.0162 in the cell). The fine cell at
    the gap cell's centre puts all its bilinear weight on the gap itself, so only the
    8 other fine cells are checked.
    """
    residual = linear_residual()
    gap_cell = 1 * N + 4  # field 0.01 + 0.002·4.5 − 0.003·1.5 = 0.0145 at its centre
    residual[gap_cell] = np.nan
    field = ResidualField(COARSE, residual, "bilinear")
    index, rows, cols, _ = located()
    out = field.at(WHOLE, index, rows, cols)
    centre = (np.abs(rows % 1 - 0.5) < 1e-9) & (np.abs(cols % 1 - 0.5) < 1e-9)
    off_centre = (index == gap_cell) & ~centre
    assert off_centre.sum() == FACTOR ** 2 - 1
    linear = 0.01 + 0.002 * cols - 0.003 * rows
    assert np.abs(out[off_centre] - linear[off_centre]).max() < 0.004


@pytest.mark.parametrize("method", ["simple_kriging", "ordinary_kriging", "bilinear"])
def test_fewer_than_three_residuals_give_the_mean_everywhere(method):
    residual = np.full(N * N, np.nan)
    residual[[4, 20]] = [0.02, 0.04]
    field = ResidualField(COARSE, residual, method)
    assert field.constant and field.variogram is None and field.n == 2
    index, rows, cols, _ = located()
    out = field.at(WHOLE, index, rows, cols)
    assert out.shape == (N * FACTOR, N * FACTOR)
    np.testing.assert_allclose(out, 0.03, rtol=0, atol=1e-15)
    assert "mean residual +0.0300" in field.describe()
    empty = ResidualField(COARSE, np.full(N * N, np.nan), method)
    assert (empty.at(WHOLE, index, rows, cols) == 0.0).all()


@pytest.mark.parametrize("method", ["simple_kriging", "ordinary_kriging"])
def test_kriging_honours_the_residuals_at_cell_centres(method):
    rng = np.random.default_rng(5)
    rr, cc = np.indices((N, N))
    residual = (0.02 * np.sin(rr / 2.0) + 0.01 * np.cos(cc / 3.0)
                + rng.normal(0, 0.003, (N, N))).ravel()
    residual[7] = np.nan  # one gap
    field = ResidualField(COARSE, residual, method)
    assert field.variogram is not None and not field.constant
    assert set(field.variogram.as_dict()) >= {"model", "nugget", "psill", "range"}
    index, rows, cols, _ = located()
    out = field.at(WHOLE, index, rows, cols)
    assert np.isfinite(out).all()
    centre = (np.arange(N * FACTOR) % FACTOR) == 1
    at_centres = out[np.ix_(centre, centre)].ravel()
    ok = np.isfinite(residual)
    np.testing.assert_allclose(at_centres[ok], residual[ok], atol=1e-9)
    # the gap cell is filled from its neighbours, within their range
    gap = out[index == 7]
    assert np.nanmin(residual) <= gap.min() and gap.max() <= np.nanmax(residual)


def test_kriging_with_a_given_variogram_keeps_it():
    residual = linear_residual()
    pooled = fit_pooled_variogram(COARSE, [residual, linear_residual(0.0, -0.001, 0.002)],
                                  "exponential")
    assert pooled.source == "pooled" and pooled.model == "exponential"
    field = ResidualField(COARSE, residual, "simple_kriging", pooled)
    assert field.variogram is pooled
    assert "variogram exponential" in field.describe()


def test_date_variogram_needs_three_residuals():
    residual = np.full(N * N, np.nan)
    residual[[1, 2]] = [0.01, 0.02]
    assert fit_date_variogram(COARSE, residual, "spherical") is None
    assert fit_pooled_variogram(COARSE, [residual], "spherical") is None
    residual[3] = 0.05
    variogram = fit_date_variogram(COARSE, residual, "gaussian")
    assert variogram is not None and variogram.model == "gaussian"


def test_unknown_correction_is_refused():
    with pytest.raises(InputError, match="Unknown residual correction 'none'"):
        ResidualField(COARSE, linear_residual(), "none")
    with pytest.raises(InputError, match="Unknown residual correction 'idw'"):
        ResidualField(COARSE, linear_residual(), "idw")

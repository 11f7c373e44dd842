"""Grids, EASE-Grid 2.0 and overlap checks."""
import pytest
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import (EASE2_CELL_SIZE, EASE2_ORIGIN_X, EASE2_ORIGIN_Y, Grid,
                                             check_overlap, ease2_grid, ease2_row_col)


def test_ease2_global_grids_match_nsidc_specification():
    g36 = ease2_grid(36)
    assert (g36.width, g36.height) == (964, 406)
    assert g36.crs.to_epsg() == 6933
    # The global grid spans ±17367530.445 m in x and ±7314540.83 m in y.
    left, bottom, right, top = g36.bounds
    assert left == pytest.approx(-17367530.445, abs=1e-3)
    assert right == pytest.approx(17367530.445, abs=1e-2)
    assert top == pytest.approx(7314540.831, abs=1e-3)
    assert bottom == pytest.approx(-7314540.831, abs=1e-2)
    g9 = ease2_grid(9)
    assert (g9.width, g9.height) == (3856, 1624)
    assert EASE2_CELL_SIZE[36][0] == pytest.approx(4 * EASE2_CELL_SIZE[9][0], rel=1e-12)


def test_ease2_subgrid_snaps_to_global_cells():
    cell = EASE2_CELL_SIZE[36][0]
    g = ease2_grid(36, bounds=(1.0e7 + 10, 4.5e6, 1.0e7 + 3 * cell, 4.6e6))
    col0 = (g.transform.c - EASE2_ORIGIN_X) / cell
    row0 = (EASE2_ORIGIN_Y - g.transform.f) / cell
    assert col0 == pytest.approx(round(col0), abs=1e-9)
    assert row0 == pytest.approx(round(row0), abs=1e-9)
    assert g.bounds[0] <= 1.0e7 + 10 and g.bounds[2] >= 1.0e7 + 3 * cell


def test_ease2_row_col_of_a_known_point():
    # 0°E, 0°N lies at the grid centre: column 482 (964/2), row 203 (406/2).
    assert ease2_row_col(36, 0.0001, -0.0001) == (203, 482)
    row, col = ease2_row_col(36, 116.0, 41.5)
    assert 0 <= row < 406 and 0 <= col < 964 and col > 482 and row < 203


def test_overlap_is_checked_across_crs():
    utm = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 50, 50)
    ease_near = ease2_grid(36, bounds=(1.118e7, 4.6e6, 1.13e7, 4.7e6))
    far = Grid(CRS.from_epsg(4326), from_origin(-70, -30, 0.1, 0.1), 10, 10)
    with pytest.raises(InputError, match="do not overlap"):
        check_overlap(utm, far, "the predictors", "the coarse product")
    no_crs = Grid(None, from_origin(0, 0, 1, 1), 5, 5)
    with pytest.raises(InputError, match="no coordinate reference system"):
        check_overlap(utm, no_crs)
    del ease_near


def test_same_as_and_cell_centres():
    a = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 4, 3)
    b = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 4, 3)
    c = Grid(CRS.from_epsg(32650), from_origin(500500, 4600000, 1000, 1000), 4, 3)
    assert a.same_as(b) and not a.same_as(c)
    xs, ys = a.cell_centres()
    assert xs[0, 0] == 500500 and ys[0, 0] == 4599500 and xs.shape == (3, 4)

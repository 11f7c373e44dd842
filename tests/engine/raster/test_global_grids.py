"""Global product grids: definitions checked against their published parameters."""
import pytest
from rasterio.crs import CRS
from rasterio.warp import transform as warp_transform

from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.global_grids import CHIRPS_005, EASE2_25KM, LATLON_01, LATLON_025


def test_ease2_25km_edges_are_the_nsidc_bounds():
    # NSIDC EASE2_M25km.gpd: edges at ±180° longitude and ±84.439790° latitude.
    xs, ys = warp_transform(EASE2_25KM.crs, CRS.from_epsg(4326),
                            [EASE2_25KM.origin_x, -EASE2_25KM.origin_x],
                            [EASE2_25KM.origin_y, EASE2_25KM.origin_y - 584 * 25025.26])
    assert xs == pytest.approx([-180.0, 180.0], abs=1e-6)
    assert ys == pytest.approx([84.439790, -84.439790], abs=1e-6)


def test_latlon_rows_and_columns_follow_the_definition():
    # 0.1°: row = floor((90 − lat) / 0.1), col = floor((lon + 180) / 0.1)
    assert LATLON_01.row_col(116.05, 40.95) == (490, 2960)
    assert LATLON_025.row_col(-0.1, -0.1) == (360, 719)
    assert CHIRPS_005.row_col(10.0, 49.99) == (0, 3800)
    assert LATLON_025.centre(0, 0) == (-179.875, 89.875)


def test_cut_snaps_outward_and_window_finds_it_again():
    grid = LATLON_025.cut((116.1, 40.1, 117.0, 41.3))
    assert (grid.width, grid.height) == (4, 6)   # 116.0–117.0, 41.5–40.0
    assert grid.transform.c == pytest.approx(116.0) and grid.transform.f == pytest.approx(41.5)
    rows, cols = LATLON_025.window_of(grid)
    assert (rows.start, rows.stop, cols.start, cols.stop) == (194, 200, 1184, 1188)


def test_cut_outside_the_grid_is_refused():
    with pytest.raises(InputError, match="outside the CHIRPS"):
        CHIRPS_005.cut((0.0, 60.0, 1.0, 70.0))

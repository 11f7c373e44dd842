"""The block walker (windows, units, cancel, progress, map) and the aligned reader."""
import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.windows import Window

from helpers import CancelAfter, write_raster
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.raster.aligned import AlignedReader
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.resampling import GridSampler
from smdownscale.engine.raster.windows import (BlockWalker, Unit, iter_windows, read_window,
                                               window_count)

GRID = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 23, 17)


class Recorder(SilentProgress):
    """Records every progress value and every cancel check, in order."""

    def __init__(self):
        self.events = []

    def set_progress(self, percent):
        self.events.append(percent)

    def is_cancelled(self):
        self.events.append("check")
        return False


def hits(windows, grid):
    count = np.zeros(grid.shape, int)
    for w in windows:
        count[w.row_off:w.row_off + w.height, w.col_off:w.col_off + w.width] += 1
    return count


# --- windows and units --------------------------------------------------------------------


def test_windows_cover_grid_exactly_once():
    g = Grid(CRS.from_epsg(4326), from_origin(0, 10, 0.01, 0.01), 1030, 517)
    hits_ = np.zeros(g.shape, dtype=int)
    wins = list(iter_windows(g, 256))
    for w in wins:
        hits_[w.row_off:w.row_off + w.height, w.col_off:w.col_off + w.width] += 1
    assert (hits_ == 1).all()
    assert len(wins) == window_count(g, 256) == 5 * 3


def test_walker_visits_every_window_once_row_major():
    units = list(BlockWalker(GRID, 5))
    assert len(units) == window_count(GRID, 5) == 4 * 5
    assert (hits([u.window for u in units], GRID) == 1).all()
    corners = [(u.window.row_off, u.window.col_off) for u in units]
    assert corners == sorted(corners)  # row-major: rows of windows, left to right in each
    assert [u.index for u in units] == [u.tile for u in units] == list(range(20))
    assert all(u.band is None and u.stage is None for u in units)
    assert units[-1].window == Window(20, 15, 3, 2)  # cut at the grid's edges


def test_rectangular_blocks_make_strips():
    strips = list(iter_windows(GRID, (4, GRID.width)))
    assert [(w.row_off, w.height, w.col_off, w.width) for w in strips] == [
        (0, 4, 0, 23), (4, 4, 0, 23), (8, 4, 0, 23), (12, 4, 0, 23), (16, 1, 0, 23)]
    assert window_count(GRID, (4, GRID.width)) == 5


def test_a_window_of_no_cells_is_refused():
    with pytest.raises(InputError, match="at least one cell"):
        BlockWalker(GRID, 0)


def test_units_of_bands_are_bands_outer_or_windows_outer():
    walker = BlockWalker(GRID, 12)  # 2 × 2 windows
    by_band = walker.units(bands=[1, 2], stage="predict")
    assert [(u.band, u.tile) for u in by_band] == [(1, 0), (1, 1), (1, 2), (1, 3),
                                                  (2, 0), (2, 1), (2, 2), (2, 3)]
    by_window = walker.units(bands=[1, 2], by_window=True)
    assert [(u.tile, u.band) for u in by_window] == [(0, 1), (0, 2), (1, 1), (1, 2),
                                                    (2, 1), (2, 2), (3, 1), (3, 2)]
    assert [u.index for u in by_window] == list(range(8))
    assert by_band[5] == Unit(5, 1, walker.windows[1], 2, "predict")
    assert [u.tile for u in walker.units(tiles=[3, 1])] == [3, 1]


def test_given_windows_replace_the_tiling():
    blocks = [Window(0, 0, 4, 3), Window(4, 0, 9, 3)]
    walker = BlockWalker(GRID, windows=blocks)
    assert len(walker) == 2 and [u.window for u in walker] == blocks


# --- progress and cancel ------------------------------------------------------------------


def test_progress_rises_after_each_unit_to_the_top():
    progress = Recorder()
    for _ in BlockWalker(GRID, 10, progress):  # 2 × 3 windows
        progress.events.append("unit")
    events = progress.events  # before each unit a cancel check, after it one progress value
    assert events[0::3] == ["check"] * 6 and events[1::3] == ["unit"] * 6
    values = events[2::3]
    assert values == pytest.approx([100.0 * k / 6 for k in range(1, 7)])
    assert all(a < b for a, b in zip(values, values[1:])) and values[-1] == 100.0


def test_passes_and_span_share_one_progress_bar():
    progress = Recorder()
    walker = BlockWalker(GRID, 12, progress, passes=3, span=(10.0, 90.0))  # 4 windows
    for band in (1, 2, 3):
        for _ in walker.walk(walker.units(bands=[band])):
            pass
    values = [e for e in progress.events if e != "check"]
    assert len(values) == 12 and progress.events.count("check") == 12
    assert values == pytest.approx([10.0 + 80.0 * k / 12 for k in range(1, 13)])
    assert values[3] < values[4] and values[-1] == pytest.approx(90.0)
    assert walker.done == 12


def test_progress_never_passes_the_top_of_the_span():
    progress = Recorder()
    walker = BlockWalker(GRID, 12, progress, passes=1, span=(0.0, 99.0))
    for _ in walker.walk(walker.units(bands=[1, 2])):  # twice the declared work
        pass
    values = [e for e in progress.events if e != "check"]
    assert max(values) == 99.0 and values[-4:] == [99.0] * 4


@pytest.mark.parametrize("checks", [0, 1, 5])
def test_cancel_raises_before_the_next_unit(checks):
    progress = CancelAfter(checks)
    seen = []
    with pytest.raises(Cancelled):
        for unit in BlockWalker(GRID, 5, progress):
            seen.append(unit.index)
    assert seen == list(range(checks)) and progress.calls == checks + 1


def test_cancel_stops_map_before_computing_the_next_unit():
    computed = []
    walker = BlockWalker(GRID, 5, CancelAfter(2))
    with pytest.raises(Cancelled):
        for _ in walker.map(lambda unit: computed.append(unit.index)):
            pass
    assert computed == [0, 1]


def test_map_yields_results_in_unit_order():
    walker = BlockWalker(GRID, 6)
    units = walker.units(bands=[2, 1])
    results = list(walker.map(lambda u: (u.band, u.window.row_off, u.window.col_off), units))
    assert [u for u, _ in results] == list(units)
    assert [r for _, r in results] == [(u.band, u.window.row_off, u.window.col_off)
                                       for u in units]
    assert walker.done == len(units)


def test_map_counts_a_unit_after_its_result_is_taken():
    progress = Recorder()
    walker = BlockWalker(GRID, 12, progress)
    results = walker.map(lambda u: u.tile)
    assert next(results)[1] == 0 and walker.done == 0  # being written
    assert next(results)[1] == 1 and walker.done == 1


# --- the aligned reader -------------------------------------------------------------------


@pytest.fixture
def coarse(tmp_path):
    """A 6 × 5 raster of 3 km cells over GRID's area, with nodata and a NaN."""
    data = np.arange(30, dtype="float32").reshape(5, 6) / 10.0
    data[1, 2] = -9999.0
    data[3, 4] = np.nan
    return write_raster(tmp_path / "coarse.tif", data, origin=(499500.0, 4600500.0),
                        cell=3000.0)


def test_identical_grid_reads_the_window(tmp_path):
    data = np.random.default_rng(0).random((17, 23)).astype("float32")
    data[4, 5] = -9999.0
    path = write_raster(tmp_path / "same.tif", data)
    window = Window(20, 10, 8, 9)  # reaches beyond the raster: NaN there
    with AlignedReader(path, GRID, "bilinear") as reader, rasterio.open(path) as src:
        assert reader.identical
        values = reader.read(1, window)
        expected = read_window(src, 1, window, "float64")
    assert values.dtype == np.float64
    np.testing.assert_array_equal(values, expected)
    assert np.isnan(values[:, 3:]).all() and np.isnan(values[7:]).all()
    assert np.isnan(reader_value(path, 4, 5))


def reader_value(path, row, col):
    with AlignedReader(path, GRID) as reader:
        return reader.read(1, Window(col, row, 1, 1))[0, 0]


@pytest.mark.parametrize("method", ["nearest", "bilinear"])
def test_other_grid_equals_the_grid_sampler(coarse, method):
    with AlignedReader(coarse, GRID, method) as reader, rasterio.open(coarse) as src:
        assert not reader.identical
        sampler = GridSampler(Grid.of(src), GRID, method)
        for window in iter_windows(GRID, 7):
            np.testing.assert_array_equal(reader.read(1, window),
                                          sampler.read(src, 1, window))


def test_nodata_and_outside_are_nan(coarse):
    with AlignedReader(coarse, GRID, "nearest") as reader:
        values = reader.read(1, Window(0, 0, 23, 17))
        outside = reader.read(1, Window(-10, -10, 5, 5))  # north-west of the raster
    # coarse cell (r, c) holds fine rows/cols 3r − 1 … 3r + 1 (the grids are 500 m apart):
    # (1, 2) is nodata, (3, 4) NaN
    assert np.isnan(values[2:5, 5:8]).all() and np.isnan(values[8:11, 11:14]).all()
    # the coarse raster ends before the fine grid's last 3 rows and 6 columns
    assert np.isnan(values[14:]).all() and np.isnan(values[:, 17:]).all()
    assert np.isfinite(values).sum() == 14 * 17 - 18
    assert values[0, 0] == pytest.approx(0.0) and values[0, 3] == pytest.approx(0.1)
    assert np.isnan(outside).all() and outside.shape == (5, 5)


def test_unknown_method_is_refused(coarse):
    with pytest.raises(InputError, match="Unknown resampling method"):
        AlignedReader(coarse, GRID, "cubic")

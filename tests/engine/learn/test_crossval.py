"""Hold-out schemes (engine/learn/crossval.py): split sizes, seeded folds, whole groups, errors."""
import numpy as np
import pytest
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.learn.samples import SampleSet
from smdownscale.engine.learn.crossval import assign_folds, folds, groups_for, random_split


def sample_set(n_rows, n_cols, n_dates, seed=0):
    """A SampleSet of every cell of an n_rows × n_cols coarse grid on n_dates dates."""
    d, r, c = (a.ravel() for a in np.meshgrid(np.arange(n_dates), np.arange(n_rows),
                                              np.arange(n_cols), indexing="ij"))
    n = d.size
    y = np.random.default_rng(seed).uniform(0.05, 0.45, n)
    grid = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 3000, 3000), n_cols, n_rows)
    return SampleSet(X=y[:, None], y=y, features=[{"name": "x", "kind": "continuous"}],
                     dates=[f"2019-06-{i + 1:02d}" for i in range(n_dates)], date_index=d,
                     months=np.full(n, 6), rows=r, cols=c, zones=np.full(n, np.nan), grid=grid)


def test_random_split_is_70_15_15():
    labels = random_split(1000, seed=1)
    assert labels.dtype == object
    counts = {k: int((labels == k).sum()) for k in ("train", "validation", "test")}
    assert counts == {"train": 700, "validation": 150, "test": 150}
    labels = random_split(101, seed=1)
    assert [(labels == k).sum() for k in ("train", "validation", "test")] == [71, 15, 15]


def test_random_split_is_seeded():
    a, b, c = random_split(500, 7), random_split(500, 7), random_split(500, 8)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    # Not a block split: the test samples are spread over the whole index range.
    test_idx = np.flatnonzero(a == "test")
    assert test_idx.min() < 50 and test_idx.max() > 450


def test_random_split_needs_20_samples():
    with pytest.raises(InputError, match=r"Only 19 samples: a 70/15/15 split needs at least 20"):
        random_split(19, 0)


def test_assign_folds_keeps_groups_whole_and_balances():
    rng = np.random.default_rng(3)
    sizes = rng.integers(1, 30, 40)  # 40 groups of 1–29 samples
    groups = rng.permutation(np.repeat(np.arange(40) * 10 + 5, sizes))  # non-contiguous ids
    fold = assign_folds(groups, 5, seed=11)
    assert set(fold) == set(range(5))
    for g in np.unique(groups):
        assert len(set(fold[groups == g])) == 1, f"group {g} is split over folds"
    load = np.bincount(fold, minlength=5)
    assert load.max() - load.min() <= sizes.max()
    assert load.max() - load.min() <= 0.1 * len(groups)  # largest first: nearly equal
    np.testing.assert_array_equal(fold, assign_folds(groups, 5, seed=11))
    assert not np.array_equal(fold, assign_folds(groups, 5, seed=12))


def test_assign_folds_errors():
    with pytest.raises(InputError, match=r"Only 3 dates for 5 folds: each fold needs at least "
                       r"one"):
        assign_folds([0, 0, 1, 2, 2, 2], 5, 0, what="dates")
    with pytest.raises(InputError, match=r"at least 2 folds \(got 1\)"):
        assign_folds(np.arange(10), 1, 0)


def test_spatial_groups_are_blocks_of_coarse_cells():
    rows, cols = (a.ravel() for a in np.meshgrid(np.arange(7), np.arange(8), indexing="ij"))
    groups = groups_for("spatial", rows.size, rows, cols, block=3)
    blocks = list(zip(rows // 3, cols // 3))
    # One group per block, and one block per group.
    assert len(np.unique(groups)) == len(set(blocks)) == 9
    for g in np.unique(groups):
        assert len({blocks[i] for i in np.flatnonzero(groups == g)}) == 1
    assert groups[(rows == 0) & (cols == 0)] == groups[(rows == 2) & (cols == 2)]
    assert groups[(rows == 0) & (cols == 2)] != groups[(rows == 0) & (cols == 3)]
    assert len(np.unique(groups_for("spatial", rows.size, rows, cols, block=1))) == 56
    with pytest.raises(InputError, match=r"block size must be at least 1 coarse cell \(got 0\)"):
        groups_for("spatial", rows.size, rows, cols, block=0)


def test_other_group_kinds():
    np.testing.assert_array_equal(groups_for("kfold", 4), np.arange(4))
    np.testing.assert_array_equal(groups_for("random", 3), np.arange(3))
    np.testing.assert_array_equal(groups_for("dates", 3, date_index=[2, 0, 2]), [2, 0, 2])
    with pytest.raises(InputError, match=r"Unknown validation scheme 'loo'"):
        groups_for("loo", 3)


def test_folds_of_a_sample_set():
    s = sample_set(9, 9, 4)  # 324 samples, 9 blocks of 3×3, 4 dates
    spatial = folds("spatial", s, k=3, seed=5, block=3)
    for block in set(zip(s.rows // 3, s.cols // 3)):
        members = (s.rows // 3 == block[0]) & (s.cols // 3 == block[1])
        assert len(set(spatial[members])) == 1  # a block and all its dates: one fold
    assert np.bincount(spatial).tolist() == [108, 108, 108]
    dates = folds("dates", s, k=4, seed=5)
    for i in range(4):
        assert len(set(dates[s.date_index == i])) == 1  # a date: one fold
    assert {int(dates[s.date_index == i][0]) for i in range(4)} == {0, 1, 2, 3}
    kfold = folds("kfold", s, k=5, seed=5)
    assert sorted(np.bincount(kfold).tolist()) == [64, 65, 65, 65, 65]
    assert len(set(kfold[(s.rows == 0) & (s.cols == 0)])) > 1  # samples, not cells


def test_folds_errors():
    with pytest.raises(InputError, match=r"Only 3 samples for 5 folds"):
        folds("kfold", sample_set(1, 3, 1), k=5)
    with pytest.raises(InputError, match=r"Only 4 spatial blocks of 3×3 coarse cells for 5 "
                       r"folds"):
        folds("spatial", sample_set(6, 6, 3), k=5, block=3)
    with pytest.raises(InputError, match=r"Only 2 dates for 3 folds"):
        folds("dates", sample_set(4, 4, 2), k=3)
    with pytest.raises(InputError, match=r"Unknown validation scheme 'blocks'"):
        folds("blocks", sample_set(4, 4, 2), k=3)

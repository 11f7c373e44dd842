"""Variograms and local kriging (engine/geostat/kriging.py), against pykrige and direct solves."""
import json
import math

import numpy as np
import pytest
from pykrige.ok import OrdinaryKriging
from scipy.spatial.distance import cdist

from smdownscale.engine.geostat import kriging
from smdownscale.engine.errors import InputError
from smdownscale.engine.geostat.kriging import Kriging, Variogram


def _scattered(n=40, seed=1):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 10, (n, 2))
    return xy, np.sin(xy[:, 0]) + 0.1 * xy[:, 1] + rng.normal(0, 0.05, n)


def _grid(side=40):
    g = np.arange(side) + 0.5
    x, y = np.meshgrid(g, g)
    xy = np.column_stack([x.ravel(), y.ravel()])
    return xy, np.sin(xy[:, 0] / 6) + np.cos(xy[:, 1] / 8)


# --- variogram models ---------------------------------------------------------------------


def test_gamma_known_values():
    nug, ps, r = 0.1, 2.0, 4.0
    h = np.array([0.0, r / 2, r, 2 * r])
    sph = Variogram("spherical", nug, ps, r).gamma(h)
    np.testing.assert_allclose(sph, [0, nug + ps * (1.5 * 0.5 - 0.5 * 0.125), nug + ps, nug + ps])
    exp_ = Variogram("exponential", nug, ps, r).gamma(h)
    np.testing.assert_allclose(exp_, [0, nug + ps * (1 - math.exp(-1.5)),
                                      nug + ps * (1 - math.exp(-3)), nug + ps * (1 - math.exp(-6))])
    gau = Variogram("gaussian", nug, ps, r).gamma(h)
    np.testing.assert_allclose(gau, [0, nug + ps * (1 - math.exp(-0.75)),
                                     nug + ps * (1 - math.exp(-3)), nug + ps * (1 - math.exp(-12))])
    lin = Variogram("linear", nug, ps, r).gamma(h)
    np.testing.assert_allclose(lin, [0, nug + ps / 2, nug + ps, nug + 2 * ps])
    for model in kriging.MODELS:
        assert Variogram(model, nug, ps, r).gamma(0.0) == 0.0  # exact interpolator
        assert Variogram(model, nug, ps, r).gamma(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]


def test_covariance_sill_and_description():
    v = Variogram("spherical", 0.0001, 0.0004, 3.2)
    assert v.sill == pytest.approx(0.0005)
    np.testing.assert_allclose(v.covariance([0.0, 1.6, 5.0]),
                               [0.0005, 0.0004 * (1 - 0.6875), 0.0])
    assert v.describe() == "spherical: nugget 0.0001, partial sill 0.0004, range 3.2"
    d = json.loads(json.dumps(v.as_dict(), allow_nan=False))
    assert d == {"model": "spherical", "nugget": 0.0001, "psill": 0.0004, "range": 3.2,
                 "n_data": 0, "fit_rmse": None, "source": "fitted"}
    with pytest.raises(InputError, match="unbounded"):
        Variogram("linear", 0.0, 1.0, 1.0).covariance(1.0)


@pytest.mark.parametrize("kwargs", [{"model": "cubic"}, {"nugget": -1.0}, {"psill": np.nan},
                                    {"range": 0.0}, {"source": "guessed"}])
def test_bad_variogram_parameters(kwargs):
    args = {"model": "spherical", "nugget": 0.0, "psill": 1.0, "range": 1.0} | kwargs
    with pytest.raises(InputError):
        Variogram(**args)


# --- global kriging against references ---------------------------------------------------

# pykrige's gaussian is exp(−h²/(4/7·r)²) = exp(−(49/16)·h²/r²); ours exp(−3h²/r²): same
# function with pykrige range r·7/(4√3). Its exponential uses exp(−h/(r/3)) like ours.
PYKRIGE = {
    "spherical": ("spherical", {"psill": 1.0, "range": 4.0, "nugget": 0.1}),
    "exponential": ("exponential", {"psill": 1.0, "range": 4.0, "nugget": 0.1}),
    "gaussian": ("gaussian", {"psill": 1.0, "range": 4.0 * 7 / (4 * math.sqrt(3)),
                              "nugget": 0.1}),
    "linear": ("linear", [1.0 / 4.0, 0.1]),  # [slope, nugget]: psill 1 over range 4
}


@pytest.mark.parametrize("model", kriging.MODELS)
def test_global_ordinary_matches_pykrige(model):
    xy, z = _scattered()
    points = np.random.default_rng(7).uniform(-1, 11, (60, 2))
    name, params = PYKRIGE[model]
    ref = OrdinaryKriging(xy[:, 0], xy[:, 1], z, variogram_model=name,
                          variogram_parameters=params).execute("points", points[:, 0],
                                                               points[:, 1])[0]
    krig = Kriging(xy, z, Variogram(model, 0.1, 1.0, 4.0), neighbours=40)
    assert krig.is_global
    np.testing.assert_allclose(krig.predict(points), np.asarray(ref), rtol=0, atol=1e-8)


@pytest.mark.parametrize("model", ["spherical", "exponential", "gaussian"])
def test_global_simple_matches_direct_solve(model):
    xy, z = _scattered()
    points = np.random.default_rng(8).uniform(-1, 11, (60, 2))
    v = Variogram(model, 0.05, 1.0, 3.0)
    mean = 0.3
    weights = np.linalg.solve(v.covariance(cdist(xy, xy)), v.covariance(cdist(xy, points)))
    expected = mean + weights.T @ (z - mean)
    got = Kriging(xy, z, v, kind="simple", mean=mean, neighbours=100).predict(points)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-8)


@pytest.mark.parametrize("kind", kriging.KINDS)
@pytest.mark.parametrize("neighbours", [8, 100])
def test_exact_at_data_points_even_with_a_nugget(kind, neighbours):
    xy, z = _scattered()
    krig = Kriging(xy, z, Variogram("exponential", 0.3, 1.0, 4.0), kind=kind,
                   neighbours=neighbours)
    np.testing.assert_allclose(krig.predict(xy), z, rtol=0, atol=1e-10)
    # just off a data point the nugget shows: the value is not reproduced
    assert abs(krig.predict(xy[:1] + 1e-6)[0] - z[0]) > 1e-4


def test_simple_far_from_data_returns_the_mean():
    xy, z = _scattered()
    far = np.array([[30.0, 30.0], [-20.0, 5.0]])
    for neighbours in (10, 100):
        got = Kriging(xy, z, Variogram("spherical", 0.0, 1.0, 4.0), kind="simple",
                      neighbours=neighbours).predict(far)
        np.testing.assert_allclose(got, z.mean(), rtol=0, atol=1e-12)
    got = Kriging(xy, z, Variogram("spherical", 0.0, 1.0, 4.0), kind="simple",
                  mean=2.5).predict(far)
    np.testing.assert_allclose(got, 2.5, rtol=0, atol=1e-12)


def test_ordinary_pure_nugget_returns_the_neighbourhood_mean():
    xy, z = _scattered()
    v = Variogram("spherical", 1.0, 0.0, 4.0)
    points = np.array([[3.3, 4.4], [20.0, -3.0]])
    np.testing.assert_allclose(Kriging(xy, z, v, neighbours=100).predict(points), z.mean(),
                               rtol=0, atol=1e-12)
    centre = np.array([5.0, 5.0])
    nearest = np.argsort(np.hypot(*(xy - centre).T))[:6]
    got = Kriging(xy, z, v, neighbours=6).predict(points, np.array([0, 0]), {0: centre})
    np.testing.assert_allclose(got, z[nearest].mean(), rtol=0, atol=1e-12)


# --- local neighbourhoods, tiles and the cache -------------------------------------------


@pytest.mark.parametrize("model", ["spherical", "exponential"])
def test_local_neighbourhood_close_to_global(model):
    xy, z = _grid()
    v = Variogram(model, 0.001, 1.0, 8.0)
    points = np.random.default_rng(3).uniform(0.5, 39.5, (1500, 2))  # inside the data
    full = Kriging(xy, z, v, neighbours=1600).predict(points)
    local = Kriging(xy, z, v, neighbours=25)
    assert not local.is_global and local.tile_size == pytest.approx(39 / 40)
    tol = 0.02 * np.ptp(z)
    assert np.abs(local.predict(points) - full).max() < tol
    ids = np.floor(points[:, 1]).astype(int) * 40 + np.floor(points[:, 0]).astype(int)
    by_cell = Kriging(xy, z, v, neighbours=25).predict(points, ids, xy)  # xy: cell centres
    assert np.abs(by_cell - full).max() < tol


def test_one_call_or_split_calls_give_identical_values():
    xy, z = _grid()
    v = Variogram("spherical", 0.01, 1.0, 6.0)
    rng = np.random.default_rng(4)
    points = rng.uniform(-2, 42, (5000, 2))
    ids = np.floor(points[:, 1]).astype(int).clip(0, 39) * 40 \
        + np.floor(points[:, 0]).astype(int).clip(0, 39)
    whole = Kriging(xy, z, v, neighbours=25).predict(points)
    whole_ids = Kriging(xy, z, v, neighbours=25).predict(points, ids, xy)
    split, split_ids = np.empty(len(points)), np.empty(len(points))
    krig, krig_ids = Kriging(xy, z, v, neighbours=25), Kriging(xy, z, v, neighbours=25)
    order = rng.permutation(len(points))
    for part in np.split(order, [1, 1700, 1701, 4000]):
        split[part] = krig.predict(points[part])
        split_ids[part] = krig_ids.predict(points[part], ids[part], xy)
    np.testing.assert_array_equal(split, whole)
    np.testing.assert_array_equal(split_ids, whole_ids)
    # caller tile ids through a dict give the same as through an array
    as_dict = {i: tuple(c) for i, c in enumerate(xy)}
    np.testing.assert_array_equal(Kriging(xy, z, v, neighbours=25).predict(points, ids, as_dict),
                                  whole_ids)


def test_chunking_does_not_change_values(monkeypatch):
    xy, z = _grid(20)
    v = Variogram("gaussian", 0.01, 1.0, 5.0)
    points = np.random.default_rng(5).uniform(0, 20, (3000, 2))
    whole = Kriging(xy, z, v, neighbours=12).predict(points)
    monkeypatch.setattr(kriging, "CHUNK_ROWS", 7)
    np.testing.assert_array_equal(Kriging(xy, z, v, neighbours=12).predict(points), whole)


def test_duplicate_points_fall_back_to_least_squares():
    xy, z = _scattered(30)
    xy2 = np.vstack([xy, xy[:1]])
    v = Variogram("spherical", 0.0, 1.0, 4.0)
    for kind in kriging.KINDS:
        same = Kriging(xy2, np.append(z, z[0]), v, kind=kind, neighbours=10)
        assert same.predict(xy[:1])[0] == pytest.approx(z[0], abs=1e-9)
        other = Kriging(xy2, np.append(z, z[0] + 1.0), v, kind=kind, neighbours=10)
        out = other.predict(np.vstack([xy[:1], [[5.0, 5.0]]]))
        assert np.isfinite(out).all()
        assert out[0] == pytest.approx(z[0] + 0.5, abs=1e-9)  # the mean of the two


def test_nan_data_are_dropped_and_nan_points_give_nan():
    xy, z = _scattered()
    v = Variogram("spherical", 0.01, 1.0, 4.0)
    z_nan = z.copy()
    z_nan[[3, 7]] = np.nan
    keep = np.isfinite(z_nan)
    points = np.array([[1.0, 1.0], [np.nan, 2.0], [5.0, 5.0]])
    got = Kriging(xy, z_nan, v, neighbours=10).predict(points)
    expected = Kriging(xy[keep], z[keep], v, neighbours=10).predict(points)
    assert np.isnan(got[1]) and np.isnan(expected[1])
    np.testing.assert_array_equal(got[[0, 2]], expected[[0, 2]])


def test_bad_kriging_input():
    xy, z = _scattered()
    with pytest.raises(InputError, match="simple kriging needs a bounded model"):
        Kriging(xy, z, Variogram("linear", 0.0, 1.0, 1.0), kind="simple")
    with pytest.raises(InputError, match="NaN or infinite"):
        Kriging(xy, np.full(len(z), np.nan), Variogram("spherical", 0.0, 1.0, 1.0))
    with pytest.raises(InputError, match="one value per point"):
        Kriging(xy, z[:-1], Variogram("spherical", 0.0, 1.0, 1.0))
    with pytest.raises(InputError, match="kind"):
        Kriging(xy, z, Variogram("spherical", 0.0, 1.0, 1.0), kind="universal")
    krig = Kriging(xy, z, Variogram("spherical", 0.0, 1.0, 1.0), neighbours=5)
    with pytest.raises(InputError, match="tile_centres"):
        krig.predict(xy[:3], np.array([0, 1, 2]))
    with pytest.raises(InputError, match="centre for tile id"):
        krig.predict(xy[:3], np.array([0, 1, 5]), {0: (1, 1), 1: (2, 2), 2: (3, 3)})
    with pytest.raises(InputError, match=r"\(m, 2\)"):
        krig.predict(np.zeros(4))


# --- empirical semivariogram and fitting ------------------------------------------------


def _random_field(seed, n=400, side=30.0, range_=6.0):
    """Seeded Gaussian random field with a unit-sill spherical covariance."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, side, (n, 2))
    cov = Variogram("spherical", 0.0, 1.0, range_).covariance(cdist(xy, xy))
    return xy, np.linalg.cholesky(cov + 1e-8 * np.eye(n)) @ rng.standard_normal(n)


def test_fit_recovers_range_and_sill():
    xy, z = _random_field(1)
    v = kriging.fit_variogram(xy, z, "spherical")
    assert v.source == "fitted" and v.n_data == 400 and v.fit_rmse > 0
    assert 3.0 < v.range < 12.0
    assert 0.5 < v.sill < 1.5


def test_empirical_semivariogram_bins_and_sampling():
    xy, z = _random_field(2, n=120)
    centres, gammas, counts = kriging.empirical_semivariogram(xy, z, n_lags=10, max_lag=15.0)
    assert counts.sum() <= 120 * 119 // 2 and (counts > 0).all()
    np.testing.assert_allclose(centres, np.arange(10) * 1.5 + 0.75)
    sparse = kriging.empirical_semivariogram([[0, 0], [1, 0], [9, 0]], [1.0, 2.0, 4.0],
                                             n_lags=10, max_lag=10.0)  # lags 1, 8 and 9
    np.testing.assert_allclose(sparse[0], [1.5, 8.5, 9.5])  # empty bins dropped
    np.testing.assert_allclose(sparse[1], [0.5, 2.0, 4.5])
    assert sparse[2].tolist() == [1, 1, 1]
    i, j = np.triu_indices(120, 1)
    d = np.hypot(*(xy[i] - xy[j]).T)
    first = d <= 1.5
    assert counts[0] == first.sum()
    assert gammas[0] == pytest.approx(np.mean(0.5 * (z[i] - z[j])[first] ** 2))
    # subsampled pairs: deterministic for a seed, different for another
    a = kriging.empirical_semivariogram(xy, z, max_pairs=2000, seed=3)
    b = kriging.empirical_semivariogram(xy, z, max_pairs=2000, seed=3)
    c = kriging.empirical_semivariogram(xy, z, max_pairs=2000, seed=4)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert a[2].sum() <= 2000 and not np.array_equal(a[1], c[1])
    assert kriging.fit_variogram(xy, z, seed=5) == kriging.fit_variogram(xy, z, seed=5)


def test_given_edges_keep_empty_bins_and_pooling():
    xy, z = _random_field(3, n=100)
    edges = kriging.lag_bins(60.0, 12)
    part = kriging.empirical_semivariogram(xy, z, edges=edges)
    assert len(part[0]) == 12 and part[2][-1] == 0 and np.isnan(part[1][-1])  # > diagonal
    pooled = kriging.pool_semivariograms([part, part])
    keep = part[2] > 0
    np.testing.assert_allclose(pooled[0], part[0][keep])
    np.testing.assert_allclose(pooled[1], part[1][keep])
    np.testing.assert_array_equal(pooled[2], 2 * part[2][keep])
    other = kriging.empirical_semivariogram(xy[:50], z[:50] * 2, edges=edges)
    mixed = kriging.pool_semivariograms([part, other])
    n = part[2] + other[2]
    expected = (np.nan_to_num(part[1]) * part[2] + np.nan_to_num(other[1]) * other[2])[n > 0]
    np.testing.assert_allclose(mixed[1], expected / n[n > 0])
    v = kriging.fit_variogram(None, None, "exponential", lags=pooled)
    assert v.source == "pooled" and v.psill > 0
    with pytest.raises(InputError, match="same lag bins"):
        kriging.pool_semivariograms([part, kriging.empirical_semivariogram(xy, z, n_lags=5)])


def test_thin_data_give_a_nugget_only_variogram():
    three = kriging.fit_variogram([[0, 0], [1, 0], [0, 1]], [1.0, 2.0, 4.0])
    assert three.source == "nugget-only" and three.psill == 0
    assert three.nugget == pytest.approx(np.var([1.0, 2.0, 4.0]))
    flat = kriging.fit_variogram(np.random.default_rng(0).uniform(0, 5, (50, 2)), np.full(50, 0.3))
    assert flat.source == "nugget-only" and flat.nugget == 1e-12 and flat.range > 0
    none = kriging.fit_variogram(np.zeros((0, 2)), [])
    assert none.source == "nugget-only" and none.range == 1.0
    # a nugget-only variogram still krigs: ordinary gives the neighbourhood mean
    xy = np.array([[0.0, 0], [1, 0], [0, 1]])
    got = Kriging(xy, [1.0, 2.0, 4.0], three).predict([[0.4, 0.4]])
    assert got[0] == pytest.approx(7 / 3)

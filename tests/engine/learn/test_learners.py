"""Learners (engine/learn/learners.py): every available learner fits; scaling; checks;
search spaces."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import r2_score
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits
from helpers import PKG_DIR

from smdownscale.engine.learn import learners
from smdownscale.engine.errors import InputError
from smdownscale.engine.learn.learners import (LEARNERS, available, check_learner, make_learner,
                                               search_space)

# One thread per learner: OpenMP learners (LightGBM, XGBoost) slow down by orders of
# magnitude when their threads compete with other busy processes on a small machine.
# make_learner's histogram gradient boosting has no thread parameter (training limits
# OpenMP around fit), so OpenMP is limited here too.
PKG = PKG_DIR
THREADS = 1


@pytest.fixture(autouse=True, scope="module")
def one_openmp_thread():
    import sklearn.ensemble  # noqa: F401  (loads OpenMP, so that threadpoolctl can limit it)

    with threadpool_limits(limits=THREADS, user_api="openmp"):
        yield


def regression(n=300, seed=0):
    """A smooth soil-moisture-like target (m³/m³, 0.05–0.45) of elevation and sand."""
    rng = np.random.default_rng(seed)
    elevation = rng.uniform(600.0, 1800.0, n)  # m
    sand = rng.uniform(0.0, 1.0, n)  # fraction
    noise = rng.normal(0.0, 1.0, (n, 2))  # irrelevant features
    y = (0.25 + 0.18 * np.sin(2 * np.pi * sand) + 0.02 * (elevation - 1200.0) / 600.0
         + rng.normal(0.0, 0.005, n))
    return np.column_stack([elevation, sand, noise]), y


def learner_params(key):
    if not available(key):
        pytest.skip(f"{key} is not installed (python3 -m pip install {key})")
    if key == "stacking":
        return {"stack_base": ["lightgbm", "knn"]}  # small and fast members
    return {}


@pytest.mark.parametrize("key", LEARNERS)
def test_every_available_learner_fits_and_predicts(key):
    kwargs = learner_params(key)
    X, y = regression()
    est = make_learner(key, seed=1, n_threads=THREADS, **kwargs)
    est.fit(X[:240], y[:240])
    pred = est.predict(X[240:])
    assert pred.shape == (60,) and np.isfinite(pred).all()
    assert r2_score(y[240:], pred) > 0.5, key
    assert 0.0 < pred.min() and pred.max() < 0.6  # in the target's units, not standardised


def test_scaled_learners_are_wrapped():
    for key in learners.SCALED:
        est = make_learner(key)
        assert isinstance(est, TransformedTargetRegressor), key
        assert isinstance(est.transformer, StandardScaler)
        assert [name for name, _ in est.regressor.steps] == ["scale", "model"]
        assert isinstance(est.regressor.steps[0][1], StandardScaler)


def test_svr_fits_a_target_in_volumetric_units():
    """ε = 0.1 would swallow a 0.05–0.45 m³/m³ target, and elevation in metres would
    dominate the RBF distances, unless features and target are standardised."""
    from sklearn.svm import SVR

    X, y = regression(400, seed=2)
    est = make_learner("svr").fit(X[:300], y[:300])
    assert r2_score(y[300:], est.predict(X[300:])) > 0.5
    raw = SVR(kernel="rbf", C=1.0, epsilon=0.1, gamma="scale").fit(X[:300], y[:300])
    assert r2_score(y[300:], raw.predict(X[300:])) < 0.2  # what the wrapper avoids


def test_defaults_threads_and_overrides():
    rf = make_learner("rf", seed=3, n_threads=2)
    assert (rf.n_estimators, rf.max_features, rf.min_samples_leaf, rf.n_jobs,
            rf.random_state) == (500, 1 / 3, 5, 2, 3)
    assert make_learner("rf", params={"n_estimators": 7}).n_estimators == 7
    svr = make_learner("svr", params={"C": 5.0})
    assert svr.get_params()["regressor__model__C"] == 5.0
    assert learners.threads(3) == 3 and learners.threads(0) == (os.cpu_count() or 1)
    expected = ["xgboost", "lightgbm"] + (["catboost"] if available("catboost") else []) + ["rf"]
    assert learners.default_stack_base() == expected


def test_stacking_combines_its_base_learners():
    from sklearn.ensemble import StackingRegressor

    est = make_learner("stacking", seed=1, n_threads=THREADS, stack_base=["lightgbm", "knn"])
    assert isinstance(est, StackingRegressor)
    assert [name for name, _ in est.estimators] == ["lightgbm", "knn"]
    assert est.final_estimator.positive
    default = make_learner("stacking", n_threads=THREADS)
    assert [name for name, _ in default.estimators] == learners.default_stack_base()


def test_check_learner_errors():
    with pytest.raises(InputError, match=r"Unknown learner 'gbm'; use one of rf, extratrees, "
                       r"hgb, xgboost, lightgbm, catboost, mlp, svr, knn, stacking"):
        check_learner("gbm")
    with pytest.raises(InputError, match=r"'gbm' cannot be a base learner of the stacking "
                       r"ensemble"):
        check_learner("stacking", ["rf", "gbm"])
    with pytest.raises(InputError, match=r"'stacking' cannot be a base learner"):
        make_learner("stacking", stack_base=["rf", "stacking"])
    for key in LEARNERS:
        if key != "stacking" and available(key):
            check_learner(key)  # no error


def test_every_learner_has_a_builder():
    """make_learner picks builders from learners.BUILDERS: one per key of LEARNERS."""
    assert set(learners.BUILDERS) == set(LEARNERS)
    assert all(callable(build) for build in learners.BUILDERS.values())
    assert learners.BUILDERS["rf"] is learners._make_rf


def test_stacking_needs_two_base_learners():
    with pytest.raises(InputError, match=r"A stacking ensemble needs at least two base "
                                         r"learners"):
        check_learner("stacking", ["rf"])
    check_learner("stacking", ["rf", "knn"])  # fine


def test_missing_catboost_names_the_install_command():
    """In a Python where catboost cannot be imported (blocked), the learner says how to get it."""
    script = textwrap.dedent(f"""
        import sys, importlib.util
        orig = importlib.util.find_spec
        importlib.util.find_spec = lambda name, *a: None if name == "catboost" else orig(name, *a)
        sys.path.insert(0, {PKG!r})
        from smdownscale.engine.errors import InputError
        from smdownscale.engine.learn.learners import available, check_learner, default_stack_base
        assert not available("catboost")
        assert default_stack_base() == ["xgboost", "lightgbm", "rf"]
        try:
            check_learner("catboost")
        except InputError as err:
            print(err)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "The CatBoost learner is not available" in run.stdout
    assert "python3 -m pip install --break-system-packages catboost" in run.stdout


def _draw(distribution, rng):
    if isinstance(distribution, list):
        return distribution[rng.integers(len(distribution))]
    return distribution.rvs(random_state=rng)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("key", [k for k in LEARNERS if k != "stacking"])
def test_search_space_names_valid_parameters(key):
    if not available(key):
        pytest.skip(f"{key} is not installed")
    est = make_learner(key, n_threads=THREADS)
    space = search_space(key)
    assert space, key
    unknown = set(space) - set(est.get_params())
    assert not unknown, f"{key}: {sorted(unknown)} are not parameters of make_learner({key!r})"
    # A drawn candidate is accepted by the estimator and fits.
    rng = np.random.default_rng(0)
    est.set_params(**{name: _draw(d, rng) for name, d in space.items()})
    X, y = regression(80)
    assert np.isfinite(est.fit(X, y).predict(X[:5])).all()


def test_stacking_has_no_search_space():
    assert search_space("stacking") == {}


def test_auto_threads_grow_with_the_samples():
    assert learners.auto_threads(5000) == 1
    assert learners.auto_threads(5000, 3) == 3  # asked for
    assert learners.auto_threads(10 ** 8) == learners.threads(0)
    assert learners.auto_threads(25000) == min(2, learners.threads(0))


def test_rows_get_the_same_bytes_with_any_thread_count():
    """map_rows: fixed chunks and one BLAS thread, so a matrix product gives each row the
    same bits with 1 or 2 threads (a cluster worker runs 1, QGIS every core)."""
    rng = np.random.default_rng(3)
    X = rng.standard_normal((3 * learners.PREDICT_CHUNK + 17, 40))
    w = rng.standard_normal(40)
    product = lambda rows: rows @ w  # noqa: E731 (a linear model's predict)
    one, two = learners.map_rows(product, X, 1), learners.map_rows(product, X, 2)
    assert one.shape == (len(X),) and np.array_equal(one, two)
    np.testing.assert_allclose(one, X @ w, rtol=1e-12, atol=1e-12)

"""Importance: %IncMSE by permutation for any learner, exact TreeSHAP for boosted trees."""
import numpy as np
import pytest

from smdownscale.engine.learn import importance
from smdownscale.engine.learn.learners import available, make_learner


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, (600, 3))
    y = 0.1 + 0.3 * X[:, 0] + 0.06 * X[:, 1] + rng.normal(0, 0.005, 600)  # x2: no effect
    return X, y


def test_incmse_ranks_the_driving_feature_first(problem):
    X, y = problem
    model = make_learner("rf", seed=1, n_threads=1).fit(X[:400], y[:400])
    ranked = importance.permutation_incmse(model.predict, X[400:], y[400:], ["a", "b", "c"],
                                           repeats=4, seed=0)
    names = [d["feature"] for d in ranked]
    assert names == ["a", "b", "c"]
    values = {d["feature"]: d["incmse"] for d in ranked}
    assert values["a"] > 1000 and values["b"] > 30 and abs(values["c"]) < 10
    again = importance.permutation_incmse(model.predict, X[400:], y[400:], ["a", "b", "c"],
                                          repeats=4, seed=0)
    assert again == ranked  # seeded


def test_merge_averages_folds():
    a = [{"feature": "x", "incmse": 10.0, "incmse_sd": 1.0},
         {"feature": "y", "incmse": 2.0, "incmse_sd": 0.5}]
    b = [{"feature": "y", "incmse": 30.0, "incmse_sd": 1.5},
         {"feature": "x", "incmse": 20.0, "incmse_sd": 3.0}]
    merged = importance.merge_incmse([a, b])
    assert merged == [{"feature": "y", "incmse": 16.0, "incmse_sd": 1.0},
                      {"feature": "x", "incmse": 15.0, "incmse_sd": 2.0}]


@pytest.mark.parametrize("key", ["xgboost", "lightgbm", "catboost"])
def test_native_tree_shap_is_exact(problem, key):
    if not available(key):
        pytest.skip(f"{key} is not installed")
    X, y = problem
    model = make_learner(key, seed=1, n_threads=1).fit(X, y)
    contributions = np.asarray(importance._contributions(key, model, X[:50]))
    # SHAP values plus the expected value add up to the prediction (local accuracy)
    np.testing.assert_allclose(contributions.sum(axis=1), model.predict(X[:50]), atol=1e-5)
    shap = importance.tree_shap(key, model, X, ["a", "b", "c"])
    assert [d["feature"] for d in shap] == ["a", "b", "c"]
    assert shap[0]["mean_abs_shap"] > 10 * shap[2]["mean_abs_shap"]


def test_shap_needs_the_shap_package_for_sklearn_forests(problem):
    X, y = problem
    model = make_learner("rf", seed=1, n_threads=1).fit(X, y)
    result = importance.tree_shap("rf", model, X, ["a", "b", "c"])
    assert (result is None) == (importance.shap_source("rf") is None)
    assert importance.shap_source("svr") is None and importance.tree_shap(
        "svr", None, X, ["a", "b", "c"]) is None

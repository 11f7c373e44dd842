"""Which features a fitted model relies on.

- **%IncMSE** (papers 000 and 002, R randomForest's ``importance``): the increase of
  the mean squared error, in % of the unpermuted MSE, when one feature's values are
  shuffled among the held-out samples; the mean and standard deviation over
  ``repeats`` shuffles. It works for every learner (it only calls ``predict``).
- **mean |SHAP|** (paper 004): the mean absolute SHAP contribution (m³/m³) of each
  feature, exact TreeSHAP. XGBoost, LightGBM and CatBoost compute it themselves;
  random forest, extra trees and histogram gradient boosting need the ``shap``
  package, and get none without it.
"""
import importlib
import importlib.util

import numpy as np

DEFAULT_REPEATS = 5
SHAP_MAX_ROWS = 2000


def permutation_incmse(predict, X, y, names, repeats=DEFAULT_REPEATS, seed=42):
    """List of {feature, incmse, incmse_sd} (%), most important first.

    The ``repeats`` shuffles of one feature are predicted in one call.
    """
    rng = np.random.default_rng(seed)
    base = _mse(predict(X), y)
    n = len(X)
    out = []
    for j, name in enumerate(names):
        Xp = np.tile(X, (repeats, 1))
        for r in range(repeats):
            Xp[r * n:(r + 1) * n, j] = X[rng.permutation(n), j]
        pred = np.asarray(predict(Xp), float).reshape(repeats, n)
        scores = [100.0 * (_mse(p, y) - base) / max(base, 1e-12) for p in pred]
        out.append({"feature": name, "incmse": float(np.mean(scores)),
                    "incmse_sd": float(np.std(scores))})
    return sorted(out, key=lambda d: -d["incmse"])


def _mse(pred, y):
    return float(np.mean((np.asarray(pred, float) - y) ** 2))


def merge_incmse(per_fold):
    """Average %IncMSE lists from several folds (same features)."""
    if not per_fold:
        return []
    names = [d["feature"] for d in per_fold[0]]
    table = {n: [] for n in names}
    sds = {n: [] for n in names}
    for fold in per_fold:
        for d in fold:
            table[d["feature"]].append(d["incmse"])
            sds[d["feature"]].append(d["incmse_sd"])
    merged = [{"feature": n, "incmse": float(np.mean(table[n])),
               "incmse_sd": float(np.mean(sds[n]))} for n in names]
    return sorted(merged, key=lambda d: -d["incmse"])


def tree_shap(key, estimator, X, names, seed=42, max_rows=SHAP_MAX_ROWS):
    """List of {feature, mean_abs_shap} for a tree learner, or None when not available."""
    if len(X) > max_rows:
        X = X[np.random.default_rng(seed).choice(len(X), max_rows, replace=False)]
    contributions = _contributions(key, estimator, X)
    if contributions is None:
        return None
    values = np.abs(np.asarray(contributions)[:, :len(names)]).mean(axis=0)
    out = [{"feature": n, "mean_abs_shap": float(v)} for n, v in zip(names, values)]
    return sorted(out, key=lambda d: -d["mean_abs_shap"])


def shap_source(key):
    """How SHAP values are obtained for learner ``key``: 'native', 'shap' or None."""
    if key in ("xgboost", "lightgbm", "catboost"):
        return "native"
    if key in ("rf", "extratrees", "hgb") and importlib.util.find_spec("shap"):
        return "shap"
    return None


def _contributions(key, estimator, X):
    source = shap_source(key)
    if source is None:
        return None
    if key == "xgboost":
        xgb = importlib.import_module("xgboost")
        return estimator.get_booster().predict(xgb.DMatrix(X), pred_contribs=True)
    if key == "lightgbm":
        return estimator.predict(X, pred_contrib=True)
    if key == "catboost":
        cb = importlib.import_module("catboost")
        return estimator.get_feature_importance(cb.Pool(X), type="ShapValues")
    shap = importlib.import_module("shap")
    return shap.TreeExplainer(estimator).shap_values(X)

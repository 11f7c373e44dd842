"""Per-pixel spread of a prediction: how much the members of an ensemble disagree.

- random forest and extra trees: the standard deviation (m³/m³, ddof 0) of the
  individual trees' predictions — the forest's prediction is their mean;
- stacking: the standard deviation of the base learners' predictions (the
  XGBoost, LightGBM, CatBoost… members the meta-learner combines).

A large spread flags pixels whose predictors lie where the training samples
disagree or are scarce (e.g. a land cover or terrain absent at the coarse
scale). It is not a calibrated error bar, and it ignores the coarse product's
own error and the residual correction. Single learners (boosting, MLP, SVR,
KNN) have no members to compare, so they have no spread.
"""
import numpy as np

from ..errors import InputError
from .learners import LABELS

SUPPORTED = ("rf", "extratrees", "stacking")


def check_supported(learner):
    """Refuse a learner without an ensemble spread, naming the ones that have it."""
    if learner not in SUPPORTED:
        raise InputError(
            f"A spread (uncertainty) needs an ensemble model; this model is "
            f"{LABELS.get(learner, learner)}. Train a random forest, extra trees or stacking "
            "model, or leave the uncertainty output empty.")


def spread(estimator, X):
    """Standard deviation (n,) of the members' predictions for rows ``X``."""
    if hasattr(estimator, "estimators_") and hasattr(estimator, "n_outputs_") and \
            type(estimator).__module__.startswith("sklearn.ensemble._forest"):
        return _forest_spread(estimator, X)
    if type(estimator).__name__ == "StackingRegressor":
        return np.asarray(estimator.transform(X), float).std(axis=1)
    raise InputError(f"No spread for a {type(estimator).__name__} estimator.")


def _forest_spread(forest, X):
    X32 = np.ascontiguousarray(X, dtype=np.float32)
    total = np.zeros(len(X))
    total_sq = np.zeros(len(X))
    for tree in forest.estimators_:
        p = tree.predict(X32, check_input=False)
        total += p
        total_sq += p * p
    n = len(forest.estimators_)
    mean = total / n
    return np.sqrt(np.maximum(total_sq / n - mean * mean, 0.0))

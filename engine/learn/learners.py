"""The learners of the five papers, built with their defaults, imported lazily.

Every learner is a scikit-learn-style regressor (``fit(X, y)``, ``predict(X)``,
parameters in ``__init__``). Learners that need scaled inputs (MLP, SVR, KNN)
are wrapped so both the features and the target (m³/m³) are standardised inside
the estimator: the caller never scales. All use threads, never process pools
(process spawning inside QGIS relaunches QGIS on some platforms), so ``n_jobs``
of scikit-learn meta-estimators stays at 1 and parallelism comes from the
learners' own threads.

Defaults, and where they come from:

- random forest: 500 trees, a third of the features tried per split, leaves of
  ≥ 5 samples — R randomForest's regression defaults, the package papers 000 and
  002 used;
- extra trees: 500 trees, scikit-learn's other defaults;
- histogram gradient boosting, XGBoost, LightGBM, CatBoost: 500 rounds, learning
  rate 0.05, depth 6 (31 leaves for LightGBM), row and column subsampling 0.8 —
  common settings (paper 004 does not list its values);
- MLP: two hidden layers (paper 000: "two hidden layers … 200 hidden neurons",
  read as 100 + 100), ReLU (paper 000's rectifier), Adam, early stopping on 10 % of
  the training samples, at most 200 epochs;
- SVR: RBF kernel, C = 1, ε = 0.1 standard deviations of the target, γ = 'scale';
- KNN: 10 neighbours weighted by inverse distance;
- stacking (paper 004): base learners fitted on 5-fold out-of-fold predictions,
  combined by a non-negative linear regression (meta-learner), then refitted
  on all samples;
- GABP (paper 001): :mod:`.gabp` — a GA (population 30, 30 generations; the paper:
  100 and 262) picks the hidden size (4–20) and initial weights, Levenberg–Marquardt
  trains it (≤ 100 epochs or MSE 1e-4);
- DBN (paper 003): :mod:`.dbn` — RBMs [128, 64] pre-trained by CD-1 (20 epochs),
  fine-tuned with Smooth-L1 loss and dropout 0.05 (200 epochs); the paper: [1000,
  1000], 400 and 800 epochs.

For per-date and windowed models (:mod:`.date_models`; a date has ~100 coarse
samples), three small-sample learners:

- ridge: standardised features, L2 penalty 1 on the standardised coefficients;
- bagged linear-leaf trees (:mod:`.linear_leaf`; Gao et al. 2012's data-mining
  sharpener): 10 bootstrap trees of ≤ 10 leaves of ≥ 10 samples, a ridge regression
  in each leaf, leaf predictions clipped to the leaf's target range ± 25 %;
- LightGBM with linear leaves (``linear_tree``, a close relative of the same
  idea): 100 rounds, rate 0.1, 4 leaves of ≥ 10 samples, linear penalty 1.

Paper 001's 1-D CNN is not offered: it needs a deep-learning library (none is a
dependency) and the paper found it over-smooths the downscaled field.
"""
import importlib
import os

from ..dependencies import missing_message
from ..errors import InputError, check_choice

LEARNERS = ("rf", "extratrees", "hgb", "xgboost", "lightgbm", "catboost", "mlp", "svr", "knn",
            "stacking", "gabp", "dbn", "ridge", "linear_leaf", "lightgbm_linear")
LABELS = {
    "rf": "random forest", "extratrees": "extra trees",
    "hgb": "histogram gradient boosting", "xgboost": "XGBoost", "lightgbm": "LightGBM",
    "catboost": "CatBoost", "mlp": "MLP neural network", "svr": "support-vector regression",
    "knn": "k-nearest neighbours", "stacking": "stacking ensemble",
    "gabp": "GA-optimised BP network", "dbn": "deep belief network",
    "ridge": "ridge regression", "linear_leaf": "bagged linear-leaf trees",
    "lightgbm_linear": "LightGBM with linear leaves",
}
REQUIRES = {"xgboost": ("xgboost",), "lightgbm": ("lightgbm",), "catboost": ("catboost",),
            "lightgbm_linear": ("lightgbm",)}
# Learners that take per-sample weights (homogeneity weighting).
WEIGHTED = ("rf", "extratrees", "hgb", "xgboost", "lightgbm", "catboost", "ridge", "linear_leaf",
            "lightgbm_linear")
# Learners that suit the ~100 coarse samples of one date (or a short window of dates).
SMALL_SAMPLE = ("ridge", "linear_leaf", "lightgbm_linear")
TREES = ("rf", "extratrees", "hgb", "xgboost", "lightgbm", "catboost")
SCALED = ("mlp", "svr", "knn")
STACK_CANDIDATES = ("xgboost", "lightgbm", "catboost", "rf", "extratrees", "hgb", "mlp", "svr",
                    "knn", "gabp", "dbn")
STACK_FOLDS = 5
ROUNDS, RATE, DEPTH = 500, 0.05, 6


def available(key):
    """True when the packages learner ``key`` needs can be imported."""
    return not missing_message(REQUIRES.get(key, ()))


def default_stack_base():
    """Paper 004's base learners: XGBoost, LightGBM, random forest, plus CatBoost if installed."""
    base = ["xgboost", "lightgbm", "rf"]
    if available("catboost"):
        base.insert(2, "catboost")
    return base


def threads(n=0):
    """Thread count: ``n`` if positive, else every core."""
    return int(n) if n and n > 0 else (os.cpu_count() or 1)


AUTO_ROWS_PER_THREAD = 20000


def auto_threads(n_rows, n=0):
    """Threads for fitting on ``n_rows`` samples: ``n`` if positive, else by data size.

    Boosting libraries on a few thousand rows gain nothing from more threads, and
    their OpenMP threads spin-wait: on a busy machine (QGIS drawing, another job)
    such fits were measured 100× slower with every core than with one. So the
    default is one thread per 20,000 samples, up to every core.
    """
    if n and n > 0:
        return int(n)
    return max(1, min(threads(0), 1 + int(n_rows) // AUTO_ROWS_PER_THREAD))


def check_learner(key, stack_base=None):
    """Refuse an unknown learner or one whose package is missing, naming the fix."""
    check_choice(key, LEARNERS, "learner")
    base = list(stack_base or default_stack_base()) if key == "stacking" else []
    if len(set(base)) < len(base):
        raise InputError(f"The stacking base learners repeat a learner ({', '.join(base)}); "
                         "choose each at most once.")
    for k in base:
        if k not in STACK_CANDIDATES:
            raise InputError(f"'{k}' cannot be a base learner of the stacking ensemble; use "
                             f"{', '.join(STACK_CANDIDATES)}.")
    for k in [key] + base:
        message = missing_message(REQUIRES.get(k, ()))
        if message:
            raise InputError(f"The {LABELS[k]} learner is not available. {message}")
    if key == "stacking" and len(base) < 2:
        raise InputError("A stacking ensemble needs at least two base learners.")


def make_learner(key, seed=42, n_threads=0, stack_base=None, params=None):
    """A new, unfitted estimator for learner ``key`` with the papers' defaults.

    ``params``: overrides named as the learner's own parameters (e.g.
    ``{"n_estimators": 200}``; for MLP, SVR and KNN the inner model's, e.g. ``{"C": 10}``).
    """
    check_learner(key, stack_base)
    nt = threads(n_threads)
    builder = BUILDERS[key]
    if key == "stacking":
        return builder(seed, nt, list(stack_base or default_stack_base()))
    estimator = builder(seed, nt)
    if params:
        estimator.set_params(**{_param_path(key, k): v for k, v in params.items()})
    return estimator


def _param_path(key, name):
    """Full parameter name inside the wrappers of scaled learners."""
    return f"regressor__model__{name}" if key in SCALED else name


def _scaled(model):
    """Standardise the features and the target around ``model``."""
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return TransformedTargetRegressor(
        regressor=Pipeline([("scale", StandardScaler()), ("model", model)]),
        transformer=StandardScaler())


def _make_rf(seed, nt):
    from sklearn.ensemble import RandomForestRegressor

    return RandomForestRegressor(n_estimators=500, max_features=1 / 3, min_samples_leaf=5,
                                 n_jobs=nt, random_state=seed)


def _make_extratrees(seed, nt):
    from sklearn.ensemble import ExtraTreesRegressor

    return ExtraTreesRegressor(n_estimators=500, n_jobs=nt, random_state=seed)


def _make_hgb(seed, nt):
    from sklearn.ensemble import HistGradientBoostingRegressor

    return HistGradientBoostingRegressor(max_iter=ROUNDS, learning_rate=RATE, max_depth=DEPTH,
                                         early_stopping=False, random_state=seed)


def _make_xgboost(seed, nt):
    xgb = importlib.import_module("xgboost")
    return xgb.XGBRegressor(n_estimators=ROUNDS, learning_rate=RATE, max_depth=DEPTH,
                            subsample=0.8, colsample_bytree=0.8, tree_method="hist",
                            n_jobs=nt, random_state=seed)


def _make_lightgbm(seed, nt):
    lgb = importlib.import_module("lightgbm")
    return lgb.LGBMRegressor(n_estimators=ROUNDS, learning_rate=RATE, num_leaves=31,
                             subsample=0.8, subsample_freq=1, colsample_bytree=0.8,
                             n_jobs=nt, random_state=seed, deterministic=True,
                             force_row_wise=True, verbose=-1)


def _make_catboost(seed, nt):
    cb = importlib.import_module("catboost")
    return cb.CatBoostRegressor(iterations=ROUNDS, learning_rate=RATE, depth=DEPTH,
                                random_seed=seed, thread_count=nt, verbose=0,
                                allow_writing_files=False)


def _make_mlp(seed, nt):
    from sklearn.neural_network import MLPRegressor

    return _scaled(MLPRegressor(hidden_layer_sizes=(100, 100), activation="relu",
                                alpha=1e-4, learning_rate_init=1e-3, max_iter=200,
                                early_stopping=True, validation_fraction=0.1,
                                n_iter_no_change=20, random_state=seed))


def _make_svr(seed, nt):
    from sklearn.svm import SVR

    return _scaled(SVR(kernel="rbf", C=1.0, epsilon=0.1, gamma="scale"))


def _make_knn(seed, nt):
    from sklearn.neighbors import KNeighborsRegressor

    return _scaled(KNeighborsRegressor(n_neighbors=10, weights="distance"))


def _make_gabp(seed, nt):
    from .gabp import GABPRegressor

    return GABPRegressor(random_state=seed)


def _make_dbn(seed, nt):
    from .dbn import DBNRegressor

    return DBNRegressor(random_state=seed)


def _make_stacking(seed, nt, base):
    from sklearn.ensemble import StackingRegressor
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import KFold

    members = [(k, make_learner(k, seed, nt)) for k in base]
    return StackingRegressor(estimators=members, final_estimator=LinearRegression(positive=True),
                             cv=KFold(STACK_FOLDS, shuffle=True, random_state=seed), n_jobs=None)


def _make_ridge(seed, nt):
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), Ridge(alpha=1.0))


def _make_linear_leaf(seed, nt):
    from .linear_leaf import BaggedLinearLeafTrees

    return BaggedLinearLeafTrees(random_state=seed)


def _make_lightgbm_linear(seed, nt):
    lgb = importlib.import_module("lightgbm")
    return lgb.LGBMRegressor(n_estimators=100, learning_rate=0.1, num_leaves=4,
                             min_child_samples=10, linear_tree=True, linear_lambda=1.0,
                             subsample=0.8, subsample_freq=1, n_jobs=nt, random_state=seed,
                             deterministic=True, force_row_wise=True, verbose=-1)


# Learner key → builder(seed, threads) of its unfitted estimator (stacking also takes its base).
BUILDERS = {"rf": _make_rf, "extratrees": _make_extratrees, "hgb": _make_hgb,
            "xgboost": _make_xgboost, "lightgbm": _make_lightgbm, "catboost": _make_catboost,
            "mlp": _make_mlp, "svr": _make_svr, "knn": _make_knn, "stacking": _make_stacking,
            "gabp": _make_gabp, "dbn": _make_dbn, "ridge": _make_ridge,
            "linear_leaf": _make_linear_leaf, "lightgbm_linear": _make_lightgbm_linear}


def search_space(key):
    """Parameter distributions for the randomised search (names as in ``make_learner``)."""
    from scipy.stats import loguniform, randint, uniform

    trees = {"n_estimators": randint(200, 800)}
    boost = {"n_estimators": randint(200, 1000), "learning_rate": loguniform(0.01, 0.2),
             "subsample": uniform(0.6, 0.4), "colsample_bytree": uniform(0.6, 0.4)}
    spaces = {
        "rf": dict(trees, max_features=uniform(0.2, 0.8), min_samples_leaf=randint(1, 10)),
        "extratrees": dict(trees, max_features=uniform(0.3, 0.7),
                           min_samples_leaf=randint(1, 10)),
        "hgb": {"max_iter": randint(200, 1000), "learning_rate": loguniform(0.01, 0.2),
                "max_depth": randint(3, 10), "min_samples_leaf": randint(5, 50)},
        "xgboost": dict(boost, max_depth=randint(3, 10)),
        "lightgbm": dict(boost, num_leaves=randint(8, 128)),
        "catboost": {"iterations": randint(200, 1000), "learning_rate": loguniform(0.01, 0.2),
                     "depth": randint(4, 9)},
        "mlp": {"hidden_layer_sizes": [(50, 50), (100, 100), (200, 200), (100,), (200, 100)],
                "alpha": loguniform(1e-6, 1e-2), "learning_rate_init": loguniform(1e-4, 1e-2)},
        "svr": {"C": loguniform(0.1, 100), "epsilon": uniform(0.01, 0.3),
                "gamma": loguniform(0.01, 1.0)},
        "knn": {"n_neighbors": randint(3, 40), "weights": ["uniform", "distance"]},
        "gabp": {"hidden_max": randint(8, 30), "population": randint(20, 60),
                 "generations": randint(20, 60)},
        "ridge": {"ridge__alpha": loguniform(1e-3, 1e2)},
        "linear_leaf": {"max_leaf_nodes": randint(2, 20), "alpha": loguniform(1e-2, 1e2)},
        "lightgbm_linear": {"n_estimators": randint(50, 300), "num_leaves": randint(2, 16),
                            "linear_lambda": loguniform(1e-2, 1e2)},
        "dbn": {"hidden_layers": [(64, 32), (128, 64), (256, 128)],
                "bp_learning_rate": loguniform(0.01, 0.2), "dropout": uniform(0.0, 0.2)},
    }
    if key not in spaces:
        return {}
    return {_param_path(key, k): v for k, v in spaces[key].items()}


# --- deterministic, threaded prediction --------------------------------------------------------

PREDICT_CHUNK = 16384  # rows per prediction task


def freeze_for_prediction(estimator):
    """Make a fitted estimator's predictions bit-reproducible; return it.

    scikit-learn forests predicting with several threads add the trees' outputs in
    whatever order the threads finish, so the last bits of a prediction vary from
    run to run. Forests (also inside a stacking ensemble) are set to one thread;
    :func:`predict_rows` parallelises over rows instead, which keeps the sum order.
    """
    for est in _members(estimator):
        if hasattr(est, "estimators_") and hasattr(est, "n_jobs") and \
                type(est).__module__.startswith("sklearn.ensemble"):
            est.n_jobs = 1
    return estimator


def _members(estimator):
    """The estimator and every fitted estimator inside it (stacking, pipelines, wrappers)."""
    yield estimator
    for name in ("estimators_", "regressor_", "final_estimator_"):
        inner = getattr(estimator, name, None)
        if inner is None or (name == "estimators_" and not _is_ensemble_of_learners(estimator)):
            continue
        for sub in (inner if isinstance(inner, list) else [inner]):
            yield from _members(sub)
    if hasattr(estimator, "steps"):
        for _, step in estimator.steps:
            yield from _members(step)


def _is_ensemble_of_learners(estimator):
    return type(estimator).__name__ in ("StackingRegressor", "VotingRegressor")


def fit_threads(estimator, X, y, n_threads=0, sample_weight=None):
    """Fit with OpenMP limited to ``n_threads`` (histogram boosting has no thread parameter).

    ``sample_weight``: per-row weights, for the learners in :data:`WEIGHTED` (a
    pipeline passes them to its last step).
    """
    from threadpoolctl import threadpool_limits

    kwargs = {}
    if sample_weight is not None:
        steps = getattr(estimator, "steps", None)
        name = f"{steps[-1][0]}__sample_weight" if steps else "sample_weight"
        kwargs[name] = sample_weight
    with threadpool_limits(limits=threads(n_threads), user_api="openmp"):
        return estimator.fit(X, y, **kwargs)


def predict_rows(estimator, X, n_threads=0):
    """``estimator.predict(X)`` over chunks of rows in threads; same result for any threads."""
    return map_rows(estimator.predict, X, n_threads)


def map_rows(function, X, n_threads=0):
    """``function(X)`` applied to chunks of rows in threads, results concatenated (axis 0).

    The learners release Python's lock while predicting, so chunks run in parallel.
    The chunks are the same whatever the thread count (one thread takes them in
    turn), and matrix products run on one BLAS thread: their last bits depend on
    the rows they are given and on BLAS's own threads, so this way a row gets the
    same bytes with 1 thread, 2 threads or on a cluster worker.
    """
    from ..raster.blas_identity import one_blas_thread

    with one_blas_thread():
        return _map_chunks(function, X, threads(n_threads))


def _map_chunks(function, X, nt):
    n = len(X)
    if n <= PREDICT_CHUNK:
        return function(X)
    import numpy as np

    starts = range(0, n, PREDICT_CHUNK)
    if nt == 1:
        return np.concatenate([function(X[s:s + PREDICT_CHUNK]) for s in starts])
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=nt) as pool:
        parts = list(pool.map(lambda s: function(X[s:s + PREDICT_CHUNK]), starts))
    return np.concatenate(parts)


def single_threaded(estimator):
    """Set boosting learners (also inside stacking) to one thread each; return the estimator.

    :func:`map_rows` runs one prediction per core over row chunks; a learner that
    also started a thread per core inside each chunk would oversubscribe the CPU.
    """
    for est in _members(estimator):
        module = type(est).__module__
        if module.startswith(("xgboost", "lightgbm")) and hasattr(est, "n_jobs"):
            est.set_params(n_jobs=1)
    return estimator

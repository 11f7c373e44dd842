"""Train a downscaler on coarse samples: partitions, validation, search, importance.

:func:`train` fits the chosen learner on a :class:`~.samples.SampleSet`, one
model per season and/or zone where asked (with the global model as fallback),
measures its skill with the chosen validation scheme and returns a
:class:`DownscalingModel` holding everything needed to apply it.

Skill is always measured on samples the model did not see: the test split
(random 70/15/15) or the out-of-fold predictions (k-fold schemes). "Train"
metrics are in-sample and only show over-fitting. ``skill`` = 1 − MSE / MSE of
predicting the training mean (> 0: better than the mean).

**Date models** (``date_models`` = ``date`` or ``window``, :mod:`.date_models`):
next to the pooled model, one small model per training date, fitted on the
samples of the dates within ``date_window`` days (``window``) or of the date alone
(``date``) with ``date_learner``, and blended with the pooled model. They are
fitted and scored inside the same scheme as the pooled model (on its training
rows, predicting its held-out rows), so the reported skill is the blend's.

**Homogeneity** (Gao et al. 2012; samples built with ``homogeneity``):
``homogeneity_drop`` leaves the given share of least homogeneous samples (highest
mean coefficient of variation) out of every fit, and ``homogeneity_weight`` weighs
the others by homogeneity, w = 0.1 + (1/CV − min) / (max − min) over the samples
(learners of :data:`.learners.WEIGHTED`). Held-out skill is still measured on
every sample.
"""
import time
from dataclasses import asdict, dataclass, field, fields, replace

import numpy as np

from ..errors import InputError, check_choice
from ..metrics import agreement
from ..progress import ensure_progress
from . import crossval, importance, learners, partitions
from . import date_models as datemodels
from .features import ENCODINGS

SEARCH_INNER_FOLDS = 3


@dataclass(frozen=True)
class TrainConfig:
    """The choices of one training run (all stored in the model file).

    ``learner``: a key of :data:`.learners.LEARNERS`; ``seasons``: ``none``,
    ``meteorological`` or ``custom`` (then ``custom_seasons``, e.g. "DJF:12,1,2; …");
    ``use_zones``: one model per zone; ``validation``: a scheme of
    :data:`.crossval.SCHEMES` with ``folds`` and ``block`` (coarse cells per side of a
    spatial block); ``search_budget``: hyperparameter candidates tried (0: defaults);
    ``min_partition_samples``: fewer training samples leave a partition to the global
    model; ``n_threads``: 0 chooses by data size; ``stack_base``: base learners of a
    stacking ensemble (empty: paper 004's); ``importance_repeats``: shuffles per
    feature; ``learner_params``: e.g. ``{"population": 100}`` for GABP;
    ``encoding``: of the categorical layers, as the samples were built
    (:class:`.samples.SampleOptions`); ``date_models``: ``none``, ``date`` or
    ``window`` with ``date_window`` (days either side), ``date_learner`` (a key of
    :data:`.learners.SMALL_SAMPLE` or any learner), ``date_blend`` (``skill``,
    ``equal``, ``date``) and ``min_date_samples`` (fewer samples in its window: no
    model for that date); ``homogeneity_drop`` (0–0.9) and ``homogeneity_weight``:
    see the module docstring. Frozen: change a copy with ``dataclasses.replace``.
    """

    learner: str = "rf"
    seasons: str = "none"
    custom_seasons: str = ""
    use_zones: bool = False
    validation: str = "random"
    folds: int = crossval.DEFAULT_FOLDS
    block: int = crossval.DEFAULT_BLOCK
    search_budget: int = 0
    min_partition_samples: int = partitions.DEFAULT_MIN_SAMPLES
    seed: int = 42
    n_threads: int = 0
    stack_base: tuple = ()
    importance_repeats: int = importance.DEFAULT_REPEATS
    learner_params: dict = field(default_factory=dict)
    encoding: str = "fractions"
    date_models: str = "window"
    date_window: int = datemodels.DEFAULT_WINDOW_DAYS
    date_learner: str = "ridge"
    date_blend: str = "skill"
    min_date_samples: int = datemodels.DEFAULT_MIN_SAMPLES
    homogeneity_drop: float = 0.0
    homogeneity_weight: bool = False
    gap_model: bool = True

    def validated(self):
        """A checked, normalised copy (see :meth:`_normalised`); raises :class:`InputError`
        naming the bad choice, or the package a learner needs that is missing."""
        config = self._normalised()
        learners.check_learner(config.learner, config.stack_base or None)
        check_choice(config.validation, crossval.SCHEMES, "validation scheme")
        partitions.season_table(config.seasons, config.custom_seasons)
        check_choice(config.encoding, ENCODINGS, "categorical encoding")
        check_choice(config.date_models, datemodels.MODES, "date model mode")
        check_choice(config.date_blend, datemodels.BLENDS, "date model blend")
        if config.date_models != "none":
            if config.date_learner == "stacking":
                raise InputError("A stacking ensemble cannot be a date model's learner; use "
                                 f"one of {', '.join(learners.SMALL_SAMPLE)}.")
            learners.check_learner(config.date_learner)
        if config.date_window < 0:
            raise InputError(f"The date window must be 0 or more days (got "
                             f"{config.date_window}).")
        if config.min_date_samples < 2:
            raise InputError("A date model needs at least 2 samples (minimum date samples).")
        if not 0.0 <= config.homogeneity_drop <= 0.9:
            raise InputError(f"The share of least homogeneous samples to drop must lie "
                             f"between 0 and 0.9 (got {config.homogeneity_drop:g}).")
        if config.homogeneity_weight:
            used = [config.learner] + ([config.date_learner]
                                       if config.date_models != "none" else [])
            for key in used:
                if key not in learners.WEIGHTED:
                    raise InputError(
                        f"The {learners.LABELS[key]} learner takes no sample weights, so "
                        "homogeneity weighting cannot apply to it. Choose one of "
                        f"{', '.join(learners.WEIGHTED)}, or turn the weighting off.")
        return config

    def _normalised(self):
        """A copy with numbers as int, ``stack_base`` a tuple (paper 004's base learners
        for a stacking ensemble given none) and ``learner_params`` a new dict."""
        base = tuple(self.stack_base or ())
        if not base and self.learner == "stacking":
            base = tuple(learners.default_stack_base())
        numbers = {name: int(getattr(self, name)) for name in _INTEGERS}
        return replace(self, use_zones=bool(self.use_zones), stack_base=base,
                       gap_model=bool(self.gap_model),
                       learner_params=dict(self.learner_params or {}),
                       homogeneity_drop=float(self.homogeneity_drop),
                       homogeneity_weight=bool(self.homogeneity_weight), **numbers)

    def as_dict(self):
        """The choices as JSON-friendly types (tuples become lists when written)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values, encoding=None):
        """The config a model file stored: unknown keys are ignored, missing ones default.

        ``encoding``: the model file's top-level encoding (version-1 files keep it there,
        outside ``config``); an ``encoding`` inside ``values`` wins. Files from before
        date models have none (``date_models`` = ``none``).
        """
        known = {f.name for f in fields(cls)}
        kept = {k: v for k, v in values.items() if k in known}
        kept.setdefault("date_models", "none")
        kept.setdefault("gap_model", False)
        if encoding is not None:
            kept.setdefault("encoding", encoding)
        return cls(**kept)._normalised()


_INTEGERS = ("folds", "block", "search_budget", "min_partition_samples", "seed", "n_threads",
             "importance_repeats", "date_window", "min_date_samples")


class DownscalingModel:
    """Fitted estimators per partition and what is needed to apply them.

    ``estimators``: dict partition key → fitted estimator (always has ``"all"``).
    ``date_models``: :class:`.date_models.DateModels` or None; ``gap_model``:
    :class:`GapModel` or None. ``predict(X, months, zones, dates)`` routes every row to
    its partition's estimator and blends in the model of its date.
    """

    def __init__(self, config, features, estimators, season_table, classes, info=None,
                 date_models=None, gap_model=None):
        self.config = config
        self.features = features
        self.estimators = estimators
        self.season_table = season_table
        self.classes = classes
        self.info = info or {}
        self.date_models = date_models
        self.gap_model = gap_model  # GapModel or None

    @property
    def encoding(self):
        """The categorical encoding the features were built with (``config.encoding``)."""
        return self.config.encoding

    @property
    def feature_names(self):
        return [f["name"] for f in self.features]

    def keys(self, months, zones=None):
        """Partition of every row (after fallback to the global model)."""
        n = len(months)
        zones = np.full(n, np.nan) if zones is None else zones
        raw = partitions.keys_for(months, zones, self.season_table, self.config.use_zones)
        return partitions.route(raw, self.estimators)

    def predict(self, X, months=None, zones=None, dates=None):
        """Soil moisture (m³/m³) for rows of X; ``months`` (1–12) and ``zones`` route rows;
        ``dates`` (ISO text per row, or one for all) picks the date models."""
        X = np.asarray(X, float)
        if len(self.estimators) == 1:
            pooled = np.asarray(self.estimators[partitions.GLOBAL].predict(X), float)
        elif months is None:
            raise InputError("This model has seasonal or zone partitions: give the month (and "
                             "zone) of every row to predict.")
        else:
            pooled = predict_routed(self.estimators, X, self.keys(months, zones))
        return self.blend_dates(pooled, X, dates)

    def blend_dates(self, pooled, X, dates, n_threads=0):
        """The pooled predictions of rows X blended with their dates' models."""
        if self.date_models is None or dates is None:
            return pooled
        if isinstance(dates, str):
            return self.date_models.blend(pooled, X, dates, _predictor(n_threads))
        dates = np.asarray(dates).astype(str)
        out = np.array(pooled, float)
        for iso in np.unique(dates):
            rows = dates == iso
            out[rows] = self.date_models.blend(out[rows], X[rows], iso, _predictor(n_threads))
        return out


@dataclass
class GapModel:
    """The model for pixels whose cloud-prone predictors are missing (issue: no cloud holes).

    A dynamic predictor that is missing on some coarse cell with soil moisture on some
    training date (MODIS reflectance or LST under clouds) can be missing on a fine pixel
    at prediction time. The gap model is fitted on the same samples with the features of
    those ``layers`` left out (``columns``: the indices of the features it keeps), with
    the same learner and seed, as one global model (no partitions, no date models). A
    pixel missing any of ``layers`` but none of the kept features is predicted by it.
    """

    estimator: object
    columns: list
    layers: list

    def predict(self, X_full, n_threads=0):
        """Soil moisture (m³/m³) of rows given with every feature column (NaN allowed in
        the left-out ones)."""
        return learners.predict_rows(self.estimator, np.asarray(X_full)[:, self.columns],
                                     n_threads)


def gap_columns(features, layers):
    """Indices of the features that do not come from ``layers``."""
    return [j for j, f in enumerate(features) if f.get("source") not in set(layers)]


def _predictor(n_threads):
    return lambda est, X: learners.predict_rows(est, X, n_threads)


def predict_routed(estimators, X, keys):
    """Predict each group of rows with the estimator of its key."""
    out = np.empty(len(X))
    for key in np.unique(keys):
        rows = keys == key
        out[rows] = learners.predict_rows(estimators[key], X[rows])
    return out


def train(samples, config, progress=None):
    """Fit, validate and explain; return a :class:`DownscalingModel`.

    ``config``: a :class:`TrainConfig`; the model keeps its validated copy.
    """
    progress = ensure_progress(progress)
    config = config.validated()
    check_same_encoding(samples, config)
    table = partitions.season_table(config.seasons, config.custom_seasons)
    if config.use_zones and not np.isfinite(samples.zones).any():
        raise InputError("No coarse cell has a zone: the zone raster does not overlap the "
                         "samples (or holds only nodata). Check its extent and nodata.")
    check_homogeneity(samples, config)
    keys = partitions.keys_for(samples.months, samples.zones, table, config.use_zones)
    progress.info(f"Learner: {learners.LABELS[config.learner]}"
                  + (f" (base learners: {', '.join(config.stack_base)})"
                     if config.learner == "stacking" else "")
                  + f"; validation: {crossval.LABELS[config.validation]}; seed {config.seed}")
    run = _Run(samples, config, keys, progress)
    if config.validation == "random":
        result = run.random_split()
    else:
        result = run.cross_validate()
    result["fallbacks"], result["best_params"] = dict(run.fallbacks), run.best_params
    for key, n in sorted(run.fallbacks.items()):
        progress.warning(f"Partition '{key}' has only {n} training sample(s) (minimum "
                         f"{config.min_partition_samples}); its samples and pixels use the "
                         "global model.")
    gap = fit_gap_model(run, samples) if config.gap_model else None
    model = DownscalingModel(config, samples.features, result["estimators"], table,
                             samples.classes, date_models=result["date_models"], gap_model=gap)
    model.info = _info(samples, config, table, keys, result)
    model.info["date_models"] = _date_info(config, result["date_models"], run)
    model.info["homogeneity"] = {"dropped": int((~run.usable).sum()),
                                 "weighted": run.weights is not None}
    model.info["gap_model"] = None if gap is None else {
        "layers": gap.layers, "features": [samples.features[j]["name"] for j in gap.columns]}
    progress.set_progress(100)
    return model


def fit_gap_model(run, samples):
    """The :class:`GapModel` of a run, or None when no predictor is cloud-prone (or every
    feature comes from one)."""
    layers = list(getattr(samples, "gappy_layers", None) or [])
    columns = gap_columns(samples.features, layers)
    if not layers or not columns:
        return None
    run.progress.check_cancelled()
    rows = np.flatnonzero(run.usable)
    nt = learners.auto_threads(len(rows), run.c.n_threads)
    est = learners.make_learner(run.c.learner, run.c.seed, nt, run.c.stack_base or None,
                                params=run.c.learner_params or None)
    if run.best_params:
        est.set_params(**run.best_params)
    learners.fit_threads(est, run.X[rows][:, columns], run.y[rows], nt, run._w(rows))
    run.progress.info(f"Gap model (for pixels where {', '.join(layers)} are missing, e.g. "
                      f"under clouds): {len(columns)} of {len(samples.features)} features, "
                      f"{len(rows)} samples")
    return GapModel(est, columns, layers)


def check_same_encoding(samples, config):
    """Refuse samples whose categorical layers were encoded otherwise than ``config`` says."""
    if samples.classes and samples.encoding != config.encoding:
        raise InputError(
            f"The samples were built with the '{samples.encoding}' encoding of categorical "
            f"layers, but the training configuration says '{config.encoding}'. Give the "
            "same encoding to SampleOptions and TrainConfig.")


def check_homogeneity(samples, config):
    """Refuse homogeneity choices for samples built without heterogeneity."""
    if (config.homogeneity_drop > 0 or config.homogeneity_weight) and \
            samples.heterogeneity is None:
        raise InputError("Dropping or weighting samples by homogeneity needs samples built "
                         "with SampleOptions(homogeneity=True).")


def homogeneity(samples, config):
    """(rows usable for fitting (bool), weights or None) from the samples' heterogeneity.

    Drops the ``homogeneity_drop`` share with the highest mean CV (ties kept); a sample
    whose CV is unknown is kept with the median weight.
    """
    n = len(samples)
    usable, weights = np.ones(n, bool), None
    cv = samples.heterogeneity
    if cv is None or not (config.homogeneity_drop > 0 or config.homogeneity_weight):
        return usable, weights
    cv = np.asarray(cv, float)
    known = np.isfinite(cv)
    if not known.any():
        return usable, weights
    if config.homogeneity_drop > 0:
        limit = np.quantile(cv[known], 1.0 - config.homogeneity_drop)
        usable = ~known | (cv <= limit)
    if config.homogeneity_weight:
        inverse = 1.0 / np.maximum(np.where(known, cv, np.median(cv[known])), 1e-6)
        span = inverse.max() - inverse.min()
        weights = 0.1 + (inverse - inverse.min()) / span if span > 0 else np.ones(n)
    return usable, weights


class _Run:
    """State shared by the fits of one training run."""

    def __init__(self, samples, config, keys, progress):
        self.s, self.c, self.keys, self.progress = samples, config, keys, progress
        self.X, self.y = samples.X, samples.y
        self.fallbacks = {}
        self.best_params = None
        self.usable, self.weights = homogeneity(samples, config)
        self.mse = None  # held-out MSE of the date models and the pooled model
        self.row_dates = samples.row_dates
        self.date_days = np.array([datemodels.day_number(d) for d in samples.dates])
        self.half_width = datemodels.window_days(config.date_models, config.date_window)
        if (~self.usable).any():
            progress.info(f"Homogeneity: {int((~self.usable).sum())} of {len(self.y)} "
                          "sample(s) (the least homogeneous) left out of the fits")

    def _w(self, rows):
        return None if self.weights is None else self.weights[rows]

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, rows, search_rows=None, search_cv=None):
        """Fit the global model and the partition models on ``rows``; return estimators.

        With a search budget, the parameters are searched first on ``search_rows``
        (default ``rows``) with ``search_cv`` (default: inner folds of the scheme).
        """
        self.progress.check_cancelled()
        rows = rows[self.usable[rows]]
        params = None
        if self.c.search_budget > 0:
            params = self.search(rows if search_rows is None else search_rows, search_cv)
        estimators = {partitions.GLOBAL: self._fit_one(rows, params)}
        for key in sorted(set(self.keys[rows]) - {partitions.GLOBAL}):
            part = rows[self.keys[rows] == key]
            if len(part) < self.c.min_partition_samples:
                self.fallbacks[key] = len(part)
                continue
            self.progress.check_cancelled()
            estimators[key] = self._fit_one(part, params)
        return estimators

    def _fit_one(self, rows, params):
        nt = learners.auto_threads(len(rows), self.c.n_threads)
        est = learners.make_learner(self.c.learner, self.c.seed, nt, self.c.stack_base or None,
                                    params=self.c.learner_params or None)
        if params:
            est.set_params(**params)
        learners.fit_threads(est, self.X[rows], self.y[rows], nt, self._w(rows))
        return learners.freeze_for_prediction(est)

    def fit_dates(self, rows):
        """Date models fitted on ``rows`` (training date ISO → ClampedRegressor).

        A date gets a model when the usable rows of its window (its own date for
        ``date``) number at least ``min_date_samples``; the window's dates need not
        include the date itself (a held-out date borrows from its neighbours).
        """
        if self.c.date_models == "none":
            return {}
        rows = rows[self.usable[rows]]
        days = self.date_days[self.s.date_index[rows]]
        fitted = {}
        for d, iso in enumerate(self.s.dates):
            self.progress.check_cancelled()
            part = rows[datemodels.in_window(days, self.date_days[d], self.half_width)]
            if len(part) < self.c.min_date_samples or np.ptp(self.y[part]) <= 0:
                continue
            est = learners.make_learner(self.c.date_learner, self.c.seed, 1)

            def fit(e, X, y, w=self._w(part)):
                learners.fit_threads(e, X, y, 1, w)

            clamped = datemodels.ClampedRegressor.fit_on(est, self.X[part], self.y[part], fit)
            learners.freeze_for_prediction(clamped.estimator)
            fitted[iso] = clamped
        return fitted

    def date_predictions(self, fitted, rows):
        """The date models' predictions of ``rows`` (NaN where a date has no model)."""
        out = np.full(len(rows), np.nan)
        holder = datemodels.DateModels(fitted, self.half_width, 1.0)
        dates = self.row_dates[rows]
        for iso in np.unique(dates) if len(rows) else []:
            key = holder.key_for(iso)
            if key is not None:
                at = dates == iso
                out[at] = learners.predict_rows(fitted[key], self.X[rows][at])
        return out

    def date_weight(self, pooled, own, rows):
        """The date models' blend weight, from the held-out ``rows`` (inverse MSE)."""
        weight = datemodels.fixed_weight(self.c.date_blend)
        if weight is not None:
            return weight
        has = rows[np.isfinite(own[rows])]
        if not len(has):
            return 0.0
        mse_date = float(np.mean((own[has] - self.y[has]) ** 2))
        mse_pooled = float(np.mean((pooled[has] - self.y[has]) ** 2))
        self.mse = {"date": mse_date, "pooled": mse_pooled, "n": int(len(has))}
        return datemodels.blend_weight(mse_date, mse_pooled)

    def _dates_result(self, fitted, weight):
        if self.c.date_models == "none":
            return None
        self.progress.info(f"Date models ({self.c.date_models}, ±{self.half_width:g} days, "
                           f"{learners.LABELS[self.c.date_learner]}): {len(fitted)} of "
                           f"{len(self.s.dates)} date(s) have one; weight in the blend "
                           f"{weight:.2f}")
        return datemodels.DateModels(fitted, self.half_width, weight)

    def search(self, rows, cv):
        """Randomised hyperparameter search on ``rows``; returns the best parameters."""
        from sklearn.model_selection import RandomizedSearchCV

        space = learners.search_space(self.c.learner)
        if not space:
            self.progress.warning(f"No hyperparameter search for the "
                                  f"{learners.LABELS[self.c.learner]}: its members keep their "
                                  "defaults.")
            return None
        if cv is None:
            cv = self._inner_folds(rows)
        nt = learners.auto_threads(len(rows), self.c.n_threads)
        est = learners.make_learner(self.c.learner, self.c.seed, nt,
                                    params=self.c.learner_params or None)
        search = RandomizedSearchCV(est, space, n_iter=self.c.search_budget, cv=cv,
                                    scoring="neg_mean_squared_error", refit=False,
                                    random_state=self.c.seed, n_jobs=None)
        learners.fit_threads(search, self.X[rows], self.y[rows], nt)
        self.best_params = {k: _plain(v) for k, v in search.best_params_.items()}
        self.progress.info(f"Search ({self.c.search_budget} candidates): best "
                           f"{self.best_params}, CV RMSE {np.sqrt(-search.best_score_):.4f}")
        return search.best_params_

    def _inner_folds(self, rows):
        """Up to 3 search folds inside ``rows``, holding out groups of the outer scheme."""
        scheme = self.c.validation if self.c.validation in ("spatial", "dates") else "kfold"
        groups = crossval.groups_for(scheme, len(rows), self.s.rows[rows], self.s.cols[rows],
                                       self.s.date_index[rows], self.c.block)
        k = min(SEARCH_INNER_FOLDS, len(np.unique(groups)))
        if k < 2:
            what = {"spatial": "spatial blocks", "dates": "dates"}.get(scheme, "samples")
            raise InputError(
                f"The hyperparameter search needs at least 2 {what} in each training set to "
                f"cross-validate, but a training fold has {len(np.unique(groups))}. Use fewer "
                "outer folds, more dates or smaller blocks, or set the search budget to 0.")
        fold = crossval.assign_folds(groups, k, self.c.seed)
        return [(np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(k)]

    # -- schemes ---------------------------------------------------------------------------
    def random_split(self):
        labels = crossval.random_split(len(self.y), self.c.seed)
        train = np.flatnonzero(labels == "train")
        val = np.flatnonzero(labels == "validation")
        test = np.flatnonzero(labels == "test")
        both = np.concatenate([train, val])  # the search fits on train, scores on validation
        search_cv = [(np.arange(len(train)), np.arange(len(train), len(both)))]
        self.progress.set_progress(35)
        self.fallbacks = {}
        t0 = time.perf_counter()
        estimators = self.fit(train, search_rows=both, search_cv=search_cv)
        fitted = self.fit_dates(train)
        seconds = time.perf_counter() - t0
        self.progress.set_progress(80)
        everything = np.arange(len(self.y))
        pooled = predict_routed(estimators, self.X, partitions.route(self.keys, estimators))
        own = self.date_predictions(fitted, everything)
        weight = self.date_weight(pooled, own, val)
        pred = _blend(pooled, own, weight)
        dated = self._dates_result(fitted, weight)
        mean = self.y[train].mean()
        metrics = {name: _metrics(pred[idx], self.y[idx], mean)
                   for name, idx in (("train", train), ("validation", val), ("test", test))}
        imp = self._importance(estimators, dated, test)
        return {"estimators": estimators, "metrics": metrics, "pred": pred, "split": labels,
                "fit_seconds": seconds, "importance": imp, "shap": self._shap(estimators, test),
                "folds": [], "date_models": dated, "pooled": pooled}

    def cross_validate(self):
        fold = crossval.folds(self.c.validation, self.s, self.c.folds, self.c.seed,
                                self.c.block)
        oof = np.full(len(self.y), np.nan)
        oof_own = np.full(len(self.y), np.nan)
        fits = []
        for f in range(self.c.folds):
            train, test = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
            estimators = self.fit(train)
            fitted = self.fit_dates(train)
            keys = partitions.route(self.keys[test], estimators)
            oof[test] = predict_routed(estimators, self.X[test], keys)
            oof_own[test] = self.date_predictions(fitted, test)
            fits.append((train, test, estimators, fitted))
            self.progress.set_progress(30 + 55 * (f + 1) / (self.c.folds + 1))
        everything = np.arange(len(self.y))
        weight = self.date_weight(oof, oof_own, everything)
        oof = _blend(oof, oof_own, weight)
        per_fold, imps = [], []
        for f, (train, test, estimators, fitted) in enumerate(fits):
            row = _metrics(oof[test], self.y[test], self.y[train].mean())
            row["fold"] = f + 1
            per_fold.append(row)
            imps.append(self._importance(
                estimators, datemodels.DateModels(fitted, self.half_width, weight), test))
            self.progress.info(f"Fold {f + 1}/{self.c.folds}: {len(train)} train, {len(test)} "
                               f"held out; RMSE {row['rmse']:.4f}, R {row['r']:.3f}")
        t0 = time.perf_counter()
        self.fallbacks = {}
        estimators = self.fit(everything)
        fitted = self.fit_dates(everything)
        seconds = time.perf_counter() - t0
        self.progress.set_progress(90)
        pooled = predict_routed(estimators, self.X, partitions.route(self.keys, estimators))
        pred = _blend(pooled, self.date_predictions(fitted, everything), weight)
        mean = self.y.mean()
        metrics = {"train": _metrics(pred, self.y, mean), "test": _metrics(oof, self.y, mean)}
        return {"estimators": estimators, "metrics": metrics, "pred": pred, "oof": oof,
                "split": fold + 1, "fit_seconds": seconds,
                "importance": importance.merge_incmse(imps),
                "shap": self._shap(estimators, everything), "folds": per_fold,
                "date_models": self._dates_result(fitted, weight), "pooled": pooled}

    # -- explanation -----------------------------------------------------------------------
    def _importance(self, estimators, dated, rows):
        keys = partitions.route(self.keys[rows], estimators)
        dates = self.row_dates[rows]
        names = [f["name"] for f in self.s.features]

        def predict(X):  # X may hold several shuffled copies of the rows
            copies = len(X) // max(len(keys), 1)
            pooled = predict_routed(estimators, X, np.tile(keys, copies))
            if dated is None or not dated.estimators:
                return pooled
            tiled = np.tile(dates, copies)
            out = pooled.copy()
            for iso in np.unique(dates):
                at = tiled == iso
                out[at] = dated.blend(pooled[at], X[at], iso, learners.predict_rows)
            return out

        return importance.permutation_incmse(predict, self.X[rows], self.y[rows], names,
                                             self.c.importance_repeats, self.c.seed)

    def _shap(self, estimators, rows):
        names = [f["name"] for f in self.s.features]
        return importance.tree_shap(self.c.learner, estimators[partitions.GLOBAL],
                                    self.X[rows], names, self.c.seed)


def _blend(pooled, own, weight):
    """``weight`` · date model + (1 − weight) · pooled where a date model predicted."""
    return np.where(np.isfinite(own), weight * own + (1.0 - weight) * pooled, pooled)


def _metrics(pred, obs, train_mean):
    """agreement() plus skill against predicting the training mean."""
    m = agreement(pred, obs)
    mse_mean = float(np.mean((obs - train_mean) ** 2)) if len(obs) else np.nan
    m["skill"] = float(1.0 - m["rmse"] ** 2 / mse_mean) if mse_mean and mse_mean > 0 else np.nan
    m["rmse_mean"] = float(np.sqrt(mse_mean)) if len(obs) else np.nan
    return m


def _plain(value):
    """A JSON-friendly copy of a parameter value."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    return value


def _info(samples, config, table, keys, result):
    """Everything about the run that goes into the model file and the report."""
    fitted = result["estimators"]
    routed = partitions.route(keys, fitted)
    counts = {k: int((keys == k).sum()) for k in np.unique(keys)}
    partition_rows = []
    test_rows = _test_rows(config, result)
    train_mean = samples.y[_train_rows(config, result)].mean()
    pred = result["oof"] if result.get("oof") is not None else result["pred"]
    for key in sorted(counts):
        rows = keys == key
        held = rows & test_rows
        partition_rows.append({
            "partition": key, "samples": counts[key], "model": routed[rows][0],
            "test": _metrics(pred[held], samples.y[held], train_mean) if held.any() else None})
    return {
        "metrics": result["metrics"],
        "folds": result["folds"],
        "fit_seconds": result["fit_seconds"],
        "importance": result["importance"],
        "shap": result["shap"],
        "shap_source": importance.shap_source(config.learner),
        "partitions": partition_rows,
        "fallbacks": {k: int(v) for k, v in sorted(result["fallbacks"].items())},
        "best_params": result["best_params"],
        "n_samples": int(len(samples)),
        "dates": list(samples.dates),
        "dropped": [list(d) for d in samples.dropped],
        "coverage": samples.coverage,
        "layers": samples.layers,
        "seasons": {k: list(v) for k, v in table.items()},
        "split": result["split"],
        "pred": result["pred"],
        "oof": result.get("oof"),
        "y": samples.y,
    }


def _date_info(config, dated, run):
    """What the model file and the report say about the date models (None without)."""
    if dated is None:
        return None
    return {"mode": config.date_models, "window_days": dated.half_width,
            "learner": config.date_learner, "blend": config.date_blend,
            "weight": dated.weight, "dates": sorted(dated.estimators),
            "held_out_mse": run.mse}


def _train_rows(config, result):
    """Boolean mask of the samples whose mean is the 'predict the mean' reference."""
    if config.validation == "random":
        return np.asarray(result["split"]) == "train"
    return np.ones(len(result["pred"]), bool)


def _test_rows(config, result):
    """Boolean mask of the held-out samples whose predictions measure skill."""
    if config.validation == "random":
        return np.asarray(result["split"]) == "test"
    return np.ones(len(result["pred"]), bool)

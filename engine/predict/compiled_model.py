"""A downscaling model whose LightGBM parts predict through compiled code.

:func:`compiled_model` returns a shallow copy of a
:class:`~..learn.training.DownscalingModel` in which every LightGBM estimator
predict will call is replaced by its compiled form (:mod:`.compiled`): the
partition models, the gap model, the date models serving the dates predicted, and
LightGBM members of a stacking ensemble (also inside a date model's
:class:`~..learn.date_models.ClampedRegressor`). The original model is left as it
is (the spread and anything else that needs the learner keep using it). Identical
models (the same model text) are compiled once.

``rows`` (fine cells × dates to predict) is split over the parts as predict will
use them: the partitions share them, the gap model and the pooled model each may
see all of them, a date model sees the rows of the dates it serves.
"""
import copy
import dataclasses

from ..learn.date_models import ClampedRegressor
from .compiled import CompileOptions, booster_of, compile_estimator


@dataclasses.dataclass
class CompiledParts:
    """What :func:`compiled_model` did: one :class:`~.compiled.Compiled` per LightGBM
    estimator met (the same object for identical models)."""

    results: list

    @property
    def count(self):
        """Estimators that now predict through compiled code."""
        return sum(r.compiled for r in self.results)


def compiled_model(model, options=None, dates=None, rows=0):
    """(model copy with compiled LightGBM parts, :class:`CompiledParts`).

    ``dates``: ISO texts to be predicted (None: every date model); ``rows``: fine
    cells × dates to predict (0: compile whatever it costs).
    """
    opts = options or CompileOptions()
    seen, results = {}, []

    def compiled(est, share):
        return _compiled_form(est, lambda lgb: _compile_once(lgb, opts, share, seen, results))

    view = copy.copy(model)
    parts = max(len(model.estimators), 1)
    view.estimators = {k: compiled(e, _share(rows, 1, parts)) for k, e in model.estimators.items()}
    if model.gap_model is not None:
        view.gap_model = dataclasses.replace(
            model.gap_model, estimator=compiled(model.gap_model.estimator, rows))
    if model.date_models is not None:
        view.date_models = _compiled_date_models(model.date_models, dates, rows, compiled)
    return view, CompiledParts(results)


def _compiled_date_models(date_models, dates, rows, compiled):
    """A copy of ``date_models`` with the models serving ``dates`` compiled."""
    served = {}
    for iso in (dates if dates is not None else list(date_models.estimators)):
        key = date_models.key_for(iso)
        if key is not None:
            served[key] = served.get(key, 0) + 1
    n_dates = max(len(dates or ()), 1)
    view = copy.copy(date_models)
    view.estimators = {k: compiled(e, _share(rows, served[k], n_dates)) if k in served else e
                       for k, e in date_models.estimators.items()}
    return view


def _share(rows, part, whole):
    """``rows`` × part / whole, at least 1 unless ``rows`` is 0 (unknown)."""
    return max(rows * part // whole, 1) if rows else 0


def _compiled_form(est, compile_lightgbm):
    """``est`` with its LightGBM parts replaced by ``compile_lightgbm(part)``."""
    if booster_of(est) is not None:
        return compile_lightgbm(est)
    if isinstance(est, ClampedRegressor):
        inner = _compiled_form(est.estimator, compile_lightgbm)
        if inner is est.estimator:
            return est
        return ClampedRegressor(inner, est.x_low, est.x_high, est.y_low, est.y_high)
    if hasattr(est, "final_estimator_") and isinstance(getattr(est, "estimators_", None), list):
        members = [m if isinstance(m, str) else _compiled_form(m, compile_lightgbm)
                   for m in est.estimators_]
        if all(a is b for a, b in zip(members, est.estimators_)):
            return est
        view = copy.copy(est)
        view.estimators_ = members
        return view
    return est


def _compile_once(est, opts, rows, seen, results):
    """The compiled form of one LightGBM estimator; identical models compiled once."""
    key = booster_of(est).model_to_string()
    if key not in seen:
        seen[key] = compile_estimator(est, dataclasses.replace(opts, rows=rows), key)
        results.append(seen[key])
    result = seen[key]
    return result.predictor if result.compiled else est

"""Per-date and windowed models, and their blend with the pooled model.

The relation between the predictors and soil moisture changes from date to date
(the day's radiation sets how much cooler a wet pixel is; in wet spells topography
orders the field, in dry spells texture and vegetation do). One pooled model with
day-of-year features misses most of that. A date model is fitted on the coarse
samples of the dates within ``window`` days of its date (0: its own date only), so
it follows the date while borrowing enough samples from its neighbours; it is
applied to every fine cell of its date.

**Bounded extrapolation.** A date model is fitted on coarse-cell means and applied
to fine cells whose values spread far beyond them. :class:`ClampedRegressor` clips
every feature to its training range widened by ``x_margin`` times that range on each
side, and the prediction to the training targets' range widened by ``y_margin``
times theirs (the widening of Gao et al. 2012's linear leaves).

**Blend.** The date model and the pooled model are averaged, by ``blend``:
``skill`` (default) weighs them by their held-out skill at the coarse scale,
w_date = (1/MSE_date) / (1/MSE_date + 1/MSE_pooled), MSE over the held-out samples
of the training scheme that have a date model; ``equal`` takes w_date = 0.5;
``date`` the date model alone (w_date = 1). A date without a model within the
window (too few samples) uses the pooled model alone.
"""
import datetime as _dt
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin

MODES = ("none", "date", "window")
BLENDS = ("skill", "equal", "date")
DEFAULT_WINDOW_DAYS = 7
DEFAULT_MIN_SAMPLES = 30
X_MARGIN = 0.5
Y_MARGIN = 0.25


class ClampedRegressor(BaseEstimator, RegressorMixin):
    """A fitted estimator whose features and predictions are clipped to widened ranges."""

    def __init__(self, estimator, x_low, x_high, y_low, y_high):
        self.estimator = estimator
        self.x_low, self.x_high = x_low, x_high
        self.y_low, self.y_high = y_low, y_high

    @classmethod
    def fit_on(cls, estimator, X, y, fit, x_margin=X_MARGIN, y_margin=Y_MARGIN):
        """Fit ``estimator`` with ``fit(estimator, X, y)``; record the widened ranges."""
        fit(estimator, X, y)
        low, high = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
        span = high - low
        y_low, y_high = float(np.min(y)), float(np.max(y))
        y_span = y_high - y_low
        return cls(estimator, low - x_margin * span, high + x_margin * span,
                   y_low - y_margin * y_span, y_high + y_margin * y_span)

    def predict(self, X):
        """The estimator's prediction of the clipped features, clipped."""
        clipped = np.clip(np.asarray(X, float), self.x_low, self.x_high)
        return np.clip(self.estimator.predict(clipped), self.y_low, self.y_high)


def day_number(iso):
    """Days (float) since 1970-01-01 of an ISO date or date-time text."""
    text = str(iso)
    when = _dt.datetime.fromisoformat(text) if "T" in text else \
        _dt.datetime.combine(_dt.date.fromisoformat(text), _dt.time())
    return (when - _dt.datetime(1970, 1, 1)).total_seconds() / 86400.0


def window_days(mode, window):
    """Half-width in days of a date model's window: 0 for per-date models."""
    return 0.0 if mode == "date" else float(window)


def in_window(sample_days, centre, half_width):
    """Boolean rows whose date lies within ``half_width`` days of ``centre`` (days)."""
    return np.abs(np.asarray(sample_days) - centre) <= half_width + 1e-9


def model_for(iso, model_dates, half_width):
    """The training date whose model serves date ``iso``: itself, else the nearest within
    ``half_width`` days (ties: the earlier); None when none is that near."""
    if iso in model_dates:
        return iso
    if not model_dates or half_width <= 0:
        return None
    day = day_number(iso)
    best = min(model_dates, key=lambda d: (abs(day_number(d) - day), day_number(d)))
    return best if abs(day_number(best) - day) <= half_width + 1e-9 else None


def blend_weight(mse_date, mse_pooled):
    """Weight of the date models: inverse-MSE share; 0 when either MSE is missing."""
    if not (np.isfinite(mse_date) and np.isfinite(mse_pooled)) or mse_date <= 0:
        return 0.0 if not np.isfinite(mse_date) else 1.0
    if mse_pooled <= 0:
        return 0.0
    return float((1.0 / mse_date) / (1.0 / mse_date + 1.0 / mse_pooled))


def fixed_weight(blend):
    """The date models' weight a blend sets by itself (None for ``skill``)."""
    return {"equal": 0.5, "date": 1.0}.get(blend)


@dataclass
class DateModels:
    """Fitted date models and how they join the pooled model's prediction.

    ``estimators``: training date (ISO) → fitted :class:`ClampedRegressor`;
    ``half_width``: days around a date within which its model serves other dates;
    ``weight``: share (0–1) of the date model in the blend.
    """

    estimators: dict
    half_width: float
    weight: float
    _days: dict = field(default_factory=dict, repr=False)

    def key_for(self, iso):
        """The date whose model serves ``iso`` (see :func:`model_for`), or None."""
        if not iso or not self.estimators:
            return None
        if iso not in self._days:
            self._days[iso] = model_for(iso, sorted(self.estimators), self.half_width)
        return self._days[iso]

    def blend(self, pooled, X, iso, predict):
        """``pooled`` predictions of rows X of date ``iso`` blended with its date model.

        ``predict(estimator, X)`` predicts the rows (threads chosen by the caller).
        """
        key = self.key_for(iso)
        if key is None or self.weight <= 0 or not len(X):
            return pooled
        own = predict(self.estimators[key], X)
        return self.weight * own + (1.0 - self.weight) * pooled

"""The model's prediction on one window and date: the part of predict a cluster computes.

:class:`WindowPredictor` is the :class:`~..raster.executors.UnitTask` of predict's
first pass: from a unit (window × date) it reads the predictors and the mask,
builds the design rows, predicts them with the model (and the gap model, the
date models' blend, the spread) and returns a :class:`WindowPrediction` with every
count the run records, so the same object gives the same result in this process
or on a Dask worker. The residual correction and mass preservation need a whole
date's prediction and stay with the caller (:mod:`.prediction`).
"""
from dataclasses import dataclass

import numpy as np

from ..learn import learners
from ..learn.uncertainty import spread
from ..raster.executors import UnitTask


@dataclass
class WindowPrediction:
    """Result of one unit: values in m³/m³ (NaN where not predicted) and counts.

    ``valid``: cells predicted (by the model or the gap model); ``spread``: the
    uncertainty values or None; ``exclude``: masked cells or None; ``land``: land
    cells of the window; ``gap_model``: cells the gap model predicted; ``unseen``:
    categorical layer → cells of classes the model never saw.
    """

    values: np.ndarray
    spread: np.ndarray
    valid: np.ndarray
    exclude: np.ndarray
    land: int
    gap_model: int
    unseen: dict


class WindowPredictor(UnitTask):
    """Predicts units (``unit.band`` = 1-based date index into ``dates``).

    ``source``: the :class:`~.inference.FeatureSource`; ``mask``: a
    :class:`~.mask.MaskSource` or None; ``n_threads``: threads for the rows of one
    window (0 = every core); ``want_spread``: also compute the spread.
    """

    def __init__(self, model, source, mask, dates, n_threads=0, want_spread=False):
        self.model, self.source, self.mask = model, source, mask
        self.dates, self.n_threads, self.want_spread = list(dates), n_threads, want_spread
        self.fast = model  # what predicts: the model, or its copy with compiled parts

    def exclude(self, unit):
        """Masked cells of the unit's window (kept for the next unit on the same window)."""
        if self.mask is None:
            return None
        last = getattr(self.local, "exclude", (None, None))
        if last[0] != unit.tile:
            last = (unit.tile, self.mask.read(unit.window))
            self.local.exclude = last
        return last[1]

    def __call__(self, unit):
        """The :class:`WindowPrediction` of ``unit``.

        Valid cells are those with every feature, predicted by the model, and those
        missing only cloud-prone predictors, predicted by the gap model.
        """
        exclude = self.exclude(unit)
        when = self.dates[unit.band - 1]
        unseen = {}
        rows = self.source.rows(unit.window, when, exclude, unseen)
        valid = rows.valid
        values = np.full(valid.shape, np.nan)
        spreads = np.full(valid.shape, np.nan) if self.want_spread else None
        if rows.X.shape[0]:
            pred, spread_rows = self._predict_rows(rows.X, rows.keys)
            values[valid] = self.fast.blend_dates(pred, rows.X, when.iso if when else None,
                                                  self.n_threads)
            if self.want_spread:
                spreads[valid] = spread_rows
        if rows.X_gap.shape[0]:
            gap_model = self.model.gap_model
            values[rows.gap] = self.fast.gap_model.predict(rows.X_gap, self.n_threads)
            if self.want_spread:
                spreads[rows.gap] = learners.map_rows(
                    lambda x: spread(gap_model.estimator, x[:, gap_model.columns]),
                    rows.X_gap, self.n_threads)
            valid = valid | rows.gap
        return WindowPrediction(values, spreads, valid, exclude, int(rows.land.sum()),
                                int(rows.gap.sum()), unseen)

    def _predict_rows(self, X, keys):
        """(predictions, spreads or None) of rows X routed to their partition's estimator."""
        estimators = self.model.estimators
        if isinstance(keys, str):
            groups = [(keys, slice(None))]
        else:
            groups = [(key, keys == key) for key in np.unique(keys)]
        values = np.empty(len(X))
        spreads = np.empty(len(X)) if self.want_spread else None
        for key, rows in groups:
            est = estimators[key]
            part = X[rows]
            values[rows] = learners.predict_rows(self.fast.estimators[key], part, self.n_threads)
            if self.want_spread:
                spreads[rows] = learners.map_rows(lambda x, e=est: spread(e, x), part,
                                                  self.n_threads)
        return values, spreads


class WindowResidual(UnitTask):
    """The interpolated coarse residual (m³/m³) on one unit's window: predict's second phase.

    ``field``: the date's :class:`~.residuals.ResidualField` (fitted on the client
    from the whole date's aggregated prediction, so a date split over tiles is
    corrected exactly as in one piece); ``coarse_map``: the
    :class:`~.residuals.CoarseMap` locating fine cells in coarse cells. The field's
    Kriging caches the weights of the tiles it has solved, so every thread
    interpolates with a copy of its own.
    """

    def __init__(self, field, coarse_map):
        self.field, self.coarse_map = field, coarse_map

    def __call__(self, unit):
        located = self.coarse_map.locate(unit.window)
        field = self.thread_copy("field", self.field)
        return field.at(unit.window, *located[:3])

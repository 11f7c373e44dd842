"""Coarse residuals of a fine prediction, interpolated back to the fine grid.

Paper 000, steps 2–4: the fine prediction is aggregated onto the coarse grid
(area-weighted mean of the fine cells whose centre falls in each coarse cell,
as in :mod:`.aggregation`); the coarse residual is the coarse observation minus
that mean (m³/m³); it is interpolated to every fine cell and added back.

Interpolation (``CORRECTIONS``):

- ``bilinear`` between the four coarse cell centres around each fine cell,
  using only cells with a residual (weights renormalised);
- ``simple_kriging`` (paper 000) with the date's mean residual as the known
  mean, and ``ordinary_kriging`` (local mean); both treat each residual as a
  point value at its coarse cell centre, with a variogram fitted to the date's
  residuals (or pooled over all dates) and the nearest ``neighbours`` coarse
  cells of the fine cell's coarse cell (:mod:`.kriging`).

Distances are in kilometres: coarse-cell offsets times the cell size (for a
geographic coarse grid, 111.32 km per degree of longitude times the cosine of
the grid's central latitude, 110.57 km per degree of latitude). A coarse cell's
residual is used only where at least half of its fine cells hold a prediction.

**Gaps** (coarse cells without an observation): kriging extends the residual
from the valid cells around them (tending to the mean residual far from data);
bilinear leans on the valid cells among the four around a fine cell, so it
reaches up to one coarse cell into a gap, and uses the date's mean residual
beyond. With fewer than three residual cells, the mean residual is used
everywhere (zero when there is none).
"""
import numpy as np

from ..errors import check_choice
from ..raster.grids import km_scale
from ..raster.windows import cell_weights, floor_index, pixel_coords
from ..geostat.kriging import (Kriging, empirical_semivariogram, fit_variogram, lag_bins,
                               pool_semivariograms)
from ..raster.resampling import taps

CORRECTIONS = ("none", "bilinear", "simple_kriging", "ordinary_kriging")
LABELS = {"none": "none", "bilinear": "bilinear", "simple_kriging": "simple kriging",
          "ordinary_kriging": "ordinary kriging"}
KRIGING = {"simple_kriging": "simple", "ordinary_kriging": "ordinary"}
MIN_SHARE = 0.5  # share of a coarse cell's fine cells that must hold a prediction
MIN_KRIGING_CELLS = 3
DEFAULT_NEIGHBOURS = 25
N_LAGS = 12
MIN_RANGE_CELLS = 1.5  # shortest variogram range, in coarse cells (see min_range_km)


class CoarseMap:
    """Which coarse cell holds each fine cell, and the fine cells' relative areas."""

    def __init__(self, fine, coarse):
        self.fine, self.coarse = fine, coarse
        self.size = coarse.width * coarse.height
        self.scale = km_scale(coarse)

    def locate(self, window):
        """(flat coarse index (h, w) with −1 outside, fractional rows, cols, weights)."""
        rows, cols = pixel_coords(self.fine, self.coarse, window)
        shape = (window.height, window.width)
        r, c = floor_index(rows), floor_index(cols)
        inside = (r >= 0) & (c >= 0) & (r < self.coarse.height) & (c < self.coarse.width)
        index = np.broadcast_to(np.where(inside, r * self.coarse.width + c, -1), shape)
        w = cell_weights(self.fine, window)
        weights = np.ones(shape) if w is None else np.broadcast_to(w, shape)
        return index, np.broadcast_to(rows, shape), np.broadcast_to(cols, shape), weights


class CellSums:
    """Area-weighted sums of fine values per coarse cell (flat index)."""

    def __init__(self, size):
        self.size = size
        self.weight = np.zeros(size)
        self.total = np.zeros(size)
        self.low = np.full(size, np.inf)
        self.high = np.full(size, -np.inf)

    def add(self, index, values, weights, extremes=False):
        """Add fine ``values`` (1-D, finite) at coarse ``index`` with ``weights``."""
        if not index.size:
            return
        self.weight += np.bincount(index, weights, minlength=self.size)
        self.total += np.bincount(index, weights * values, minlength=self.size)
        if extremes:
            np.minimum.at(self.low, index, values)
            np.maximum.at(self.high, index, values)

    def mean(self):
        """Weighted mean per coarse cell, NaN where no fine value was added."""
        out = np.full(self.size, np.nan)
        np.divide(self.total, self.weight, out=out, where=self.weight > 0)
        return out


def coarse_residual(observed, predicted, covered, area):
    """Residual (observed − aggregated prediction) per coarse cell, flat; NaN where unusable.

    ``covered``/``area``: summed weight of the fine cells with a prediction / of all
    fine cells of each coarse cell.
    """
    share = np.zeros_like(covered)
    np.divide(covered, area, out=share, where=area > 0)
    residual = observed - predicted
    residual[~(share >= MIN_SHARE - 1e-9)] = np.nan
    return residual


class ResidualField:
    """One date's coarse residuals and their interpolation onto fine cells.

    ``variogram``: the kriging variogram (None: a spherical one fitted to the
    residuals); ``neighbours``: coarse cells each kriging estimate uses.
    """

    def __init__(self, coarse, residual, method, variogram=None, neighbours=DEFAULT_NEIGHBOURS):
        check_choice(method, [c for c in CORRECTIONS if c != "none"], "residual correction")
        self.coarse, self.method = coarse, method
        self.residual = residual.reshape(coarse.height, coarse.width)
        valid = np.isfinite(self.residual)
        self.n = int(valid.sum())
        self.mean = float(self.residual[valid].mean()) if self.n else 0.0
        self.variogram = None
        self.kriging = None
        self.constant = self.n < MIN_KRIGING_CELLS
        if method in KRIGING and not self.constant:
            xy = cell_centres_km(coarse, valid)
            values = self.residual[valid]
            self.variogram = variogram or fit_variogram(xy, values, "spherical")
            mean = self.mean if KRIGING[method] == "simple" else None
            self.kriging = Kriging(xy, values, self.variogram, kind=KRIGING[method], mean=mean,
                                   neighbours=neighbours)
            self._centres = None

    def describe(self):
        """One line for the log."""
        if self.constant:
            return (f"{self.n} coarse residual(s): the mean residual {self.mean:+.4f} m³/m³ "
                    "is added everywhere")
        text = f"{self.n} coarse residuals, mean {self.mean:+.4f} m³/m³"
        if self.variogram is not None:
            text += f"; variogram {self.variogram.describe()} (km)"
        return text

    def at(self, window, index, rows, cols):
        """Residual (h, w) at the fine cells of ``window`` (from :meth:`CoarseMap.locate`)."""
        shape = (window.height, window.width)
        if self.constant:
            return np.full(shape, self.mean)
        if self.method == "bilinear":
            return self._bilinear(rows, cols)
        return self._krige(index, rows, cols)

    def _bilinear(self, rows, cols):
        """Bilinear over the valid cells among the four around each point, else the mean.

        Unlike resampling, a point in a gap cell still leans on its valid neighbours.
        """
        _, tap_list = taps(rows, cols, "bilinear")
        total = np.zeros(rows.shape)
        weight = np.zeros(rows.shape)
        h, w = self.residual.shape
        for r, c, wt in tap_list:
            inside = (r >= 0) & (c >= 0) & (r < h) & (c < w)
            values = self.residual[np.where(inside, r, 0), np.where(inside, c, 0)]
            ok = inside & np.isfinite(values) & (wt > 0)
            total += np.where(ok, values * wt, 0.0)
            weight += np.where(ok, wt, 0.0)
        out = np.full(rows.shape, self.mean)
        np.divide(total, weight, out=out, where=weight > 1e-12)
        return out

    def _krige(self, index, rows, cols):
        sx, sy = km_scale(self.coarse)
        points = np.column_stack([cols.ravel() * sx, rows.ravel() * sy])
        ok = np.isfinite(points).all(axis=1)
        out = np.full(points.shape[0], self.mean)
        if not ok.any():
            return out.reshape(rows.shape)
        r = np.clip(np.floor(rows.ravel()[ok]), 0, self.coarse.height - 1).astype(np.int64)
        c = np.clip(np.floor(cols.ravel()[ok]), 0, self.coarse.width - 1).astype(np.int64)
        tiles = r * self.coarse.width + c
        out[ok] = self.kriging.predict(points[ok], tile_ids=tiles,
                                       tile_centres=self._tile_centres())
        return out.reshape(rows.shape)

    def _tile_centres(self):
        if self._centres is None:
            self._centres = cell_centres_km(self.coarse)
        return self._centres


def cell_centres_km(coarse, valid=None):
    """(n, 2) centres (x, y) in km of all coarse cells (row-major) or of ``valid`` ones."""
    sx, sy = km_scale(coarse)
    rr, cc = np.indices((coarse.height, coarse.width))
    if valid is not None:
        rr, cc = rr[valid], cc[valid]
    return np.column_stack([(cc.ravel() + 0.5) * sx, (rr.ravel() + 0.5) * sy])


def min_range_km(coarse):
    """The shortest range a residual variogram may have: 1.5 coarse cells (km).

    A coarse residual is the retrieval's noise plus the model's spatially coherent
    error. Structure shorter than the cell spacing cannot be told from noise; fitted
    as a short range, it would make kriging reproduce each cell's noise around its
    centre. With this bound it goes to the nugget, which kriging does not interpolate
    (the nugget's square root is reported as the coarse noise).
    """
    return MIN_RANGE_CELLS * float(min(km_scale(coarse)))


def fit_date_variogram(coarse, residual, model):
    """The variogram fitted to one date's residuals (flat coarse array), or None if too few."""
    valid = np.isfinite(residual.reshape(coarse.height, coarse.width))
    if valid.sum() < MIN_KRIGING_CELLS:
        return None
    return fit_variogram(cell_centres_km(coarse, valid), residual[valid.ravel()], model,
                         n_lags=N_LAGS, min_range=min_range_km(coarse))


def fit_pooled_variogram(coarse, residuals, model):
    """One variogram fitted to the empirical semivariograms of all dates, pooled by pairs."""
    centres = cell_centres_km(coarse)
    span = np.hypot(*(centres.max(axis=0) - centres.min(axis=0)))
    edges = lag_bins(max(span / 2.0, 1e-9), N_LAGS)
    parts = []
    for residual in residuals:
        ok = np.isfinite(residual)
        if ok.sum() >= MIN_KRIGING_CELLS:
            parts.append(empirical_semivariogram(centres[ok], residual[ok], edges=edges))
    if not parts:
        return None
    variogram = fit_variogram(None, None, model, lags=pool_semivariograms(parts),
                              min_range=min_range_km(coarse))
    variogram.source = "pooled"
    return variogram


def adjustment(observed, sums):
    """Per-cell shift making the fine mean equal the observation (0 where not applicable)."""
    shift = observed - sums.mean()
    return np.where(np.isfinite(shift), shift, 0.0)

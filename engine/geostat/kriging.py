"""Variograms and fast local-neighbourhood kriging (simple and ordinary).

Used to spread coarse soil-moisture residuals (given at coarse cell centres) onto
millions of fine cells, and to interpolate station differences onto a raster.

Conventions. Coordinates are in the caller's units (metres, degrees, coarse-cell
units…); a variogram's ``range`` is in the same units. Values are usually m³/m³
but any unit works; nugget and partial sill are in value units squared.

Variogram models (h > 0; ``gamma(0) = 0`` exactly, so kriging is an exact
interpolator and the nugget shows as a jump just off the data points):

* spherical:   nugget + psill·(1.5·h/r − 0.5·(h/r)³) for h < r, else nugget + psill
* exponential: nugget + psill·(1 − exp(−3h/r))         (r = practical range)
* gaussian:    nugget + psill·(1 − exp(−3h²/r²))       (r = practical range)
* linear:      nugget + psill·h/r   (unbounded: r is only a scale; ordinary only)

Empirical semivariograms use equal-width lag bins from 0 to ``max_lag`` (by
default half the bounding-box diagonal), on a seeded random subset of pairs when
there are too many. :func:`fit_variogram` fits a model by least squares weighted
by pair counts and falls back to a pure nugget (``source = "nugget-only"``) when
the data are too thin to fit anything.

Kriging (:class:`Kriging`) works in dual form on local neighbourhoods. Points are
grouped into square tiles (or tiles given by the caller); each tile uses the
``neighbours`` data points nearest to its centre and solves its kriging system
once for dual weights ``a`` (cached per tile across calls), so that

* ordinary: z(x) = Σ a_i γ(|x − x_i|) + b,   with [Γ 1; 1ᵀ 0][a; b] = [z; 0]
* simple:   z(x) = m + Σ a_i C(|x − x_i|),    with C a = z − m

costs k operations per point. No (all points × all data) matrix is ever built:
points are evaluated in row chunks, memory is O(chunk × k).
"""
import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import least_squares
from scipy.spatial import cKDTree

from ..errors import InputError, check_choice

MODELS = ("spherical", "exponential", "gaussian", "linear")
KINDS = ("simple", "ordinary")
SOURCES = ("fitted", "fixed", "nugget-only", "pooled")
CHUNK_ROWS = 8192  # points evaluated at once by Kriging.predict (fits the cache: 2× faster)
_SOLVE_BATCH = 2048  # tile systems solved at once
_TINY = 1e-12  # nugget of a nugget-only variogram fitted on constant values


def _shape(model, s2):
    """Structural part of ``model`` (0 at 0, → 1 at the sill) of squared scaled lags s2 = (h/r)²."""
    if model == "gaussian":
        return 1.0 - np.exp(-3.0 * s2)
    s = np.sqrt(s2)
    if model == "spherical":
        s = np.minimum(s, 1.0)
        return s * (1.5 - 0.5 * s * s)
    if model == "exponential":
        return 1.0 - np.exp(-3.0 * s)
    return s  # linear


@dataclass
class Variogram:
    """A semivariogram model; see the module docstring for the formulas."""

    model: str
    nugget: float
    psill: float
    range: float
    n_data: int = 0
    fit_rmse: float = float("nan")
    source: str = "fitted"

    def __post_init__(self):
        check_choice(self.model, MODELS, "variogram model")
        for name in ("nugget", "psill"):
            value = float(getattr(self, name))
            if not (math.isfinite(value) and value >= 0):
                raise InputError(f"The variogram {name} must be a finite number ≥ 0, "
                                 f"not {value}.")
        if not (math.isfinite(float(self.range)) and self.range > 0):
            raise InputError(f"The variogram range must be a finite number > 0 (in coordinate "
                             f"units), not {self.range}.")
        check_choice(self.source, SOURCES, "variogram source")

    @property
    def sill(self):
        """Total sill, nugget + partial sill (for linear: the semivariance at h = range)."""
        return self.nugget + self.psill

    def gamma(self, h):
        """Semivariance at lags ``h`` (array in, array out); exactly 0 at h = 0."""
        h = np.asarray(h, dtype=float)
        s = h / self.range
        g = self.nugget + self.psill * _shape(self.model, s * s)
        return np.where(h > 0, g, 0.0)

    def covariance(self, h):
        """Covariance sill − gamma(h); InputError for the unbounded linear model."""
        if self.model == "linear":
            raise InputError("The linear variogram is unbounded and has no covariance: "
                             "simple kriging needs a bounded model (spherical, exponential "
                             "or gaussian), or use ordinary kriging.")
        return self.sill - self.gamma(h)

    def as_dict(self):
        """All fields as a JSON-able dict (a NaN fit_rmse becomes None)."""
        out = asdict(self)
        for key in ("nugget", "psill", "range", "fit_rmse"):
            value = float(out[key])
            out[key] = value if math.isfinite(value) else None
        out["n_data"] = int(out["n_data"])
        return out

    def describe(self):
        """One line, e.g. "spherical: nugget 0.0001, partial sill 0.0004, range 3.2"."""
        return (f"{self.model}: nugget {self.nugget:.4g}, partial sill {self.psill:.4g}, "
                f"range {self.range:.4g}")


# --- empirical semivariogram and fitting -------------------------------------------------


def _finite_data(xy, values):
    """(xy, values) as float arrays without rows holding a NaN/inf; InputError on bad shapes."""
    xy = np.asarray(xy, dtype=float)
    values = np.asarray(values, dtype=float).ravel()
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise InputError(f"Data coordinates must be an (n, 2) array of x, y; got shape "
                         f"{xy.shape}.")
    if len(xy) != len(values):
        raise InputError(f"{len(xy)} data points but {len(values)} values: give one value "
                         "per point.")
    ok = np.isfinite(values) & np.isfinite(xy).all(axis=1)
    return xy[ok], values[ok]


def _half_diagonal(xy):
    """Half the diagonal of the bounding box of xy (0 for fewer than two distinct points)."""
    if len(xy) == 0:
        return 0.0
    return 0.5 * float(np.hypot(*(xy.max(axis=0) - xy.min(axis=0))))


def lag_bins(max_lag, n_lags=12):
    """Edges of ``n_lags`` equal-width lag bins from 0 to ``max_lag``."""
    if not (math.isfinite(max_lag) and max_lag > 0):
        raise InputError(f"The largest lag must be a finite distance > 0, not {max_lag}.")
    if int(n_lags) < 1:
        raise InputError(f"The number of lag bins must be at least 1, not {n_lags}.")
    return np.linspace(0.0, float(max_lag), int(n_lags) + 1)


def _pairs(n, max_pairs, seed):
    """Index arrays (i, j) of all pairs i < j, or of ``max_pairs`` seeded random pairs i ≠ j."""
    if n * (n - 1) // 2 <= max_pairs:
        return np.triu_indices(n, 1)
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, int(max_pairs))
    j = rng.integers(0, n - 1, int(max_pairs))
    j += j >= i  # uniform over j ≠ i
    return i, j


def empirical_semivariogram(xy, values, n_lags=12, max_lag=None, max_pairs=2_000_000, seed=0,
                            edges=None):
    """(lag centres, mean semivariance, pair counts) of ``values`` at points ``xy`` (n, 2).

    Bins of equal width from 0 to ``max_lag`` (default: half the bounding-box
    diagonal); when n·(n−1)/2 > ``max_pairs`` a seeded random subset of pairs is
    used. Empty bins are dropped. With ``edges`` (from :func:`lag_bins`) those bins
    are used instead and all of them are returned, empty ones with count 0 and
    gamma NaN, so parts computed on the same edges line up for
    :func:`pool_semivariograms`. Rows with a NaN value are ignored.
    """
    xy, values = _finite_data(xy, values)
    drop_empty = edges is None
    if edges is None:
        if max_lag is None:
            max_lag = _half_diagonal(xy) or 1.0  # 1.0: fewer than two distinct points
        edges = lag_bins(max_lag, n_lags)
    edges = np.asarray(edges, dtype=float)
    nbins = len(edges) - 1
    sums, counts = np.zeros(nbins), np.zeros(nbins, dtype=np.int64)
    if len(values) >= 2:
        i, j = _pairs(len(values), max_pairs, seed)
        d = np.hypot(xy[i, 0] - xy[j, 0], xy[i, 1] - xy[j, 1])
        half_sq = 0.5 * (values[i] - values[j]) ** 2
        b = np.searchsorted(edges, d, side="right") - 1
        b[d == edges[-1]] = nbins - 1  # the largest lag closes the last bin
        keep = (b >= 0) & (b < nbins)
        sums = np.bincount(b[keep], half_sq[keep], minlength=nbins)
        counts = np.bincount(b[keep], minlength=nbins).astype(np.int64)
    centres = 0.5 * (edges[:-1] + edges[1:])
    with np.errstate(invalid="ignore", divide="ignore"):
        gammas = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    if drop_empty:
        keep = counts > 0
        return centres[keep], gammas[keep], counts[keep]
    return centres, gammas, counts


def pool_semivariograms(parts):
    """Pool (centres, gammas, counts) parts computed on the SAME bins.

    Returns (centres, count-weighted mean gamma, summed counts) with empty bins dropped.
    """
    parts = list(parts)
    if not parts:
        raise InputError("No semivariograms to pool: give at least one (centres, gammas, "
                         "counts) part.")
    centres = np.asarray(parts[0][0], dtype=float)
    sums, counts = np.zeros(len(centres)), np.zeros(len(centres), dtype=np.int64)
    for c, g, n in parts:
        c, g, n = np.asarray(c, float), np.asarray(g, float), np.asarray(n, np.int64)
        if c.shape != centres.shape or not np.allclose(c, centres):
            raise InputError("Semivariograms to pool must use the same lag bins: compute "
                             "each part with empirical_semivariogram(..., edges=lag_bins(...)).")
        sums += np.where(n > 0, g * n, 0.0)
        counts += n
    keep = counts > 0
    return centres[keep], sums[keep] / counts[keep], counts[keep]


def _nugget_only(model, sill, max_lag, n_data):
    """Pure-nugget fallback variogram (psill 0, so the model's shape plays no part)."""
    sill = float(sill) if sill > 0 and math.isfinite(sill) else _TINY
    rng = float(max_lag) if max_lag and max_lag > 0 and math.isfinite(max_lag) else 1.0
    return Variogram(model, sill, 0.0, rng, n_data=n_data, source="nugget-only")


def _model_gamma(model, h, nugget, psill, rng):
    """Semivariance at lags h > 0 (no h = 0 special case), for fitting."""
    return nugget + psill * _shape(model, (h / rng) ** 2)


def _wls_fit(model, centres, gammas, counts, max_lag, min_range=0.0):
    """(nugget, psill, range) by count-weighted least squares, in the data's units."""
    hscale, gscale = max_lag, float(np.max(gammas))
    h, g = centres / hscale, gammas / gscale
    w = np.sqrt(counts / counts.sum())
    lo_g, hi_g = float(g.min()), float(g.max())
    if model == "linear":
        def resid(p):
            return w * (p[0] + p[1] * h - g)
        fit = least_squares(resid, [0.5 * lo_g, max(hi_g - 0.5 * lo_g, 1e-6)],
                            bounds=([0, 0], [np.inf, np.inf]))
        return fit.x[0] * gscale, fit.x[1] * gscale, max_lag
    r_lo, r_hi = min(max(0.5 * float(h.min()), min_range / hscale), 1.9), 2.0
    best = None
    for r0 in (0.25, 0.5, 1.0):
        p0 = [0.5 * lo_g, max(hi_g - 0.5 * lo_g, 1e-6), min(max(r0, r_lo * 1.01), r_hi * 0.99)]

        def resid(p):
            return w * (_model_gamma(model, h, *p) - g)
        fit = least_squares(resid, p0, bounds=([0, 0, r_lo], [np.inf, np.inf, r_hi]))
        if best is None or fit.cost < best.cost:
            best = fit
    nugget, psill, rng = best.x
    return nugget * gscale, psill * gscale, rng * hscale


def fit_variogram(xy, values, model="spherical", n_lags=12, seed=0, lags=None, min_range=0.0):
    """Variogram ``model`` fitted to the empirical semivariogram of ``values`` at ``xy``.

    Weighted least squares (weights = pair counts) with nugget ≥ 0, psill ≥ 0 and
    range in [smallest lag / 2, 2·max_lag]; the linear model keeps range = max_lag
    and fits nugget and slope. ``lags``: an already computed (centres, gammas,
    counts) tuple, e.g. from :func:`pool_semivariograms`, used instead of xy/values
    (then ``source`` is "pooled" and ``n_data`` is 0: set it yourself).
    ``min_range`` (xy units) raises the range's lower bound: variance at shorter scales
    than the data's spacing cannot be told from noise, so it goes to the nugget.
    ``fit_rmse`` is the count-weighted RMSE of the fit over the lag bins.

    Never raises for thin data: with fewer than 4 points, fewer than 3 non-empty
    bins, zero variance or a failed fit, returns a nugget-only variogram (nugget =
    variance of the values, or the mean semivariance for ``lags``; 1e-12 if 0).
    Deterministic for a given ``seed``.
    """
    check_choice(model, MODELS, "variogram model")
    if lags is None:
        xy, values = _finite_data(xy, values)
        n_data, max_lag = len(values), _half_diagonal(xy)
        constant = n_data == 0 or values.min() == values.max()
        variance = 0.0 if constant else float(values.var())  # var() of constants may be 1e-33
        if n_data < 4 or variance <= 0 or max_lag <= 0:
            return _nugget_only(model, variance, max_lag, n_data)
        centres, gammas, counts = empirical_semivariogram(xy, values, n_lags, max_lag,
                                                          seed=seed)
        source = "fitted"
    else:
        centres, gammas, counts = (np.asarray(a, dtype=float) for a in lags)
        n_data, source = 0, "pooled"
        max_lag = float(centres.max()) if centres.size else 0.0
        variance = float(np.nansum(gammas * counts) / counts.sum()) if counts.sum() > 0 else 0.0
    keep = (counts > 0) & np.isfinite(gammas)
    centres, gammas, counts = centres[keep], gammas[keep], counts[keep]
    if len(centres) < 3 or not np.max(gammas) > 0 or max_lag <= 0:
        return _nugget_only(model, variance, max_lag, n_data)
    try:
        nugget, psill, rng = _wls_fit(model, centres, gammas, counts, max_lag, min_range)
    except (ValueError, np.linalg.LinAlgError):
        return _nugget_only(model, variance, max_lag, n_data)
    if not all(math.isfinite(v) for v in (nugget, psill, rng)):
        return _nugget_only(model, variance, max_lag, n_data)
    resid = _model_gamma(model, centres, nugget, psill, rng) - gammas
    rmse = float(np.sqrt(np.sum(counts * resid ** 2) / counts.sum()))
    return Variogram(model, float(max(nugget, 0.0)), float(max(psill, 0.0)), float(rng),
                     n_data=n_data, fit_rmse=rmse, source=source)


# --- kriging ------------------------------------------------------------------------------


def _unique_inverse(ids):
    """(unique ids, inverse) like np.unique(ids, return_inverse=True), fast for compact ids."""
    lo, hi = int(ids.min()), int(ids.max())
    span = hi - lo + 1
    if span > 4 * len(ids) + 4096:
        return np.unique(ids, return_inverse=True)
    local = ids - lo
    present = np.zeros(span, dtype=bool)
    present[local] = True
    uniq = np.flatnonzero(present)
    lut = np.empty(span, dtype=np.int64)
    lut[uniq] = np.arange(len(uniq))
    return uniq + lo, lut[local]


def _solve(matrices, rhs):
    """Solutions of stacked systems; a singular (or inaccurate) one falls back to lstsq.

    The systems are tiny (k ≈ 25): BLAS threads only add start-up and, on a busy
    machine, spin-waiting (measured 0.004 s with one thread, up to 4 s with two).
    """
    from ..raster.blas_identity import one_blas_thread

    with one_blas_thread():
        try:
            sol = np.linalg.solve(matrices, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:
            sol = np.full(rhs.shape, np.nan)
    resid = np.abs(np.einsum("tij,tj->ti", matrices, sol) - rhs).max(axis=1)
    bad = ~(resid <= 1e-9 * (1.0 + np.abs(rhs).max(axis=1)))  # also catches NaN
    for t in np.flatnonzero(bad):
        sol[t] = np.linalg.lstsq(matrices[t], rhs[t], rcond=None)[0]
    return sol


_KEY_SHIFT = 1 << 31  # default tile key = ix · 2³¹ + iy, with |ix|, |iy| ≤ 2³⁰ (cache key)
_KEY_LIMIT = 1 << 30


class Kriging:
    """Local-neighbourhood kriging in dual form (see the module docstring).

    Points to predict are grouped into square tiles of side ``tile_size`` (default:
    the typical data spacing sqrt(bbox area / n)), or into caller-given tile ids
    with tile centres. Every tile uses the ``neighbours`` data points nearest to its
    centre (cKDTree), solves one (k+1)×(k+1) (ordinary) or k×k (simple) system for
    dual weights once — systems of new tiles are solved batched, a singular one
    (duplicate points) by least squares — and the weights are cached per tile id
    across predict calls. When n ≤ neighbours every point uses all data (global
    kriging). Exact at a data point (γ(0) = 0) whenever that point is among its
    tile's neighbours — always when a tile holds at most ``neighbours`` data points;
    with strongly clustered data choose a smaller ``tile_size``. Neighbourhoods
    change from tile to tile, so the surface may step slightly at tile borders
    (much less than the local–global kriging difference).

    ``kind``: "ordinary" (unknown local mean) or "simple" (known ``mean``, default
    the data mean; needs a bounded model). Data rows with a NaN/inf value or
    coordinate are dropped.
    """

    def __init__(self, xy, values, variogram, kind="ordinary", mean=None, neighbours=25,
                 tile_size=None):
        if not isinstance(variogram, Variogram):
            raise InputError("Kriging needs a Variogram (e.g. from fit_variogram), not "
                             f"{type(variogram).__name__}.")
        check_choice(kind, KINDS, "kriging kind")
        xy, values = _finite_data(xy, values)
        if len(values) == 0:
            raise InputError("No data to krige: every value (or coordinate) is NaN or "
                             "infinite. Check the input's nodata handling, or give at least "
                             "one point with a finite value.")
        if kind == "simple":
            variogram.covariance(0.0)  # InputError for the unbounded linear model
            mean = float(values.mean()) if mean is None else float(mean)
            if not math.isfinite(mean):
                raise InputError(f"The simple-kriging mean must be finite, not {mean}.")
        if int(neighbours) < 1:
            raise InputError(f"Kriging needs at least 1 neighbour, not {neighbours}.")
        self.xy, self.values, self.variogram, self.kind = xy, values, variogram, kind
        self.mean = mean if kind == "simple" else None
        self.neighbours = min(int(neighbours), len(values))
        self.is_global = self.neighbours == len(values)
        self.tile_size = self._tile_size(tile_size)
        self._origin = xy.min(axis=0)
        self._scaled = self._scale(xy)
        self._tree = None if self.is_global else cKDTree(self._scaled)
        norm = variogram.sill if variogram.sill > 0 else 1.0  # solve in units of the sill
        self._nug, self._ps = variogram.nugget / norm, variogram.psill / norm
        k = self.neighbours
        self._nx, self._ny, self._w = (np.empty((0, k)) for _ in range(3))
        self._b, self._a_sum = np.empty(0), np.empty(0)
        self._auto, self._user = {}, {}
        if self.is_global:
            self._add_tiles(None)

    def _tile_size(self, tile_size):
        """Given tile side, or the typical data spacing."""
        if tile_size is not None:
            if not (math.isfinite(tile_size) and tile_size > 0):
                raise InputError(f"The tile size must be a finite distance > 0, not "
                                 f"{tile_size}.")
            return float(tile_size)
        extent = self.xy.max(axis=0) - self.xy.min(axis=0)
        n = len(self.values)
        if extent[0] > 0 and extent[1] > 0:
            return float(math.sqrt(extent[0] * extent[1] / n))
        return float(extent.max() / n) if extent.max() > 0 else 1.0

    def _scale(self, xy):
        """Coordinates relative to the data's lower-left corner, in variogram ranges."""
        return (xy - self._origin) / self.variogram.range

    # tiles

    def _add_tiles(self, centres):
        """Solve and store the systems of tiles centred at ``centres`` (t, 2); first row."""
        start = len(self._b)
        if centres is None:  # global: one tile with all data
            idx = np.arange(len(self.values))[None, :]
        else:
            idx = self._tree.query(self._scale(centres), k=self.neighbours)[1]
            idx = idx.reshape(len(centres), self.neighbours)
        parts = [self._solve_tiles(idx[i:i + _SOLVE_BATCH])
                 for i in range(0, len(idx), _SOLVE_BATCH)]
        pts = self._scaled[idx]
        self._nx = np.concatenate([self._nx, pts[:, :, 0]])
        self._ny = np.concatenate([self._ny, pts[:, :, 1]])
        self._w = np.concatenate([self._w] + [p[0] for p in parts])
        self._b = np.concatenate([self._b] + [p[1] for p in parts])
        self._a_sum = self._w.sum(axis=1)
        return start

    def _solve_tiles(self, idx):
        """Dual weights (t, k) and constants (t,) of tiles with neighbour indices idx (t, k)."""
        t, k = idx.shape
        pts = self._scaled[idx]
        diff = pts[:, :, None, :] - pts[:, None, :, :]
        d2 = diff[..., 0] ** 2 + diff[..., 1] ** 2
        gamma = self._ps * _shape(self.variogram.model, d2) + self._nug * (d2 > 0)
        z = self.values[idx]
        if self.kind == "simple":
            sol = _solve((self._nug + self._ps) - gamma, z - self.mean)
            return sol, np.full(t, self.mean)
        mat = np.ones((t, k + 1, k + 1))
        mat[:, :k, :k] = gamma
        mat[:, k, k] = 0.0
        sol = _solve(mat, np.concatenate([z, np.zeros((t, 1))], axis=1))
        return sol[:, :k], sol[:, k]

    def _rows_for(self, cache, keys, centres_of):
        """Cache rows of tiles ``keys`` (unique), solving new ones at ``centres_of(positions)``."""
        rows = np.empty(len(keys), dtype=np.int64)
        new = []
        for i, key in enumerate(keys.tolist()):
            row = cache.get(key)
            if row is None:
                new.append(i)
            else:
                rows[i] = row
        if new:
            new = np.asarray(new)
            start = self._add_tiles(np.asarray(centres_of(new), dtype=float).reshape(-1, 2))
            rows[new] = start + np.arange(len(new))
            for key, row in zip(keys[new].tolist(), rows[new].tolist()):
                cache[key] = row
        return rows

    def _auto_rows(self, pts):
        """Tile row of every point for the default square tiling."""
        cells = np.floor((pts - self._origin) / self.tile_size)
        cells = np.clip(cells, -_KEY_LIMIT, _KEY_LIMIT - 1).astype(np.int64)
        low = cells.min(axis=0)
        cells -= low
        height = int(cells[:, 1].max()) + 1
        local, inverse = _unique_inverse(cells[:, 0] * height + cells[:, 1])
        ix, iy = local // height + low[0], local % height + low[1]
        keys = ix * _KEY_SHIFT + iy

        def centres_of(new):
            return self._origin + (np.column_stack([ix[new], iy[new]]) + 0.5) * self.tile_size
        return self._rows_for(self._auto, keys, centres_of)[inverse]

    def _user_rows(self, tile_ids, tile_centres, m):
        """Tile row of every point for caller-given tile ids and centres."""
        ids = np.asarray(tile_ids)
        if ids.shape != (m,) or not np.issubdtype(ids.dtype, np.integer):
            raise InputError(f"tile_ids must be an integer array with one id per point "
                             f"({m}); got {ids.dtype} array of shape {ids.shape}.")
        if tile_centres is None:
            raise InputError("tile_ids were given without tile_centres: give the (x, y) "
                             "centre of every tile id too.")
        keys, inverse = _unique_inverse(ids.astype(np.int64))

        def centres_of(new):
            try:
                if isinstance(tile_centres, np.ndarray):
                    if keys[new].min() < 0:
                        raise IndexError(int(keys[new].min()))
                    return tile_centres[keys[new]]
                return [tile_centres[key] for key in keys[new].tolist()]
            except (KeyError, IndexError) as exc:
                raise InputError(f"No centre for tile id {exc}: tile_centres must give "
                                 "the (x, y) centre of every tile id used.") from None
        return self._rows_for(self._user, keys, centres_of)[inverse]

    # prediction

    def predict(self, points, tile_ids=None, tile_centres=None):
        """Kriged values (m,) at ``points`` (m, 2); NaN at points with a NaN coordinate.

        ``tile_ids`` (m,) int and ``tile_centres`` (indexable by id → (x, y)) group the
        points into the caller's tiles; a tile id must keep the same centre across
        calls (its weights are cached). Points are evaluated in chunks of
        CHUNK_ROWS rows, so memory stays bounded.
        """
        pts = np.asarray(points, dtype=float)
        if pts.ndim != 2 or pts.shape[1] != 2:
            raise InputError(f"Points to predict must be an (m, 2) array of x, y; got shape "
                             f"{pts.shape}.")
        m = len(pts)
        out = np.empty(m)
        if m == 0:
            return out
        bad = ~np.isfinite(pts).all(axis=1)
        if bad.any():
            pts = pts.copy()
            pts[bad] = self._origin
        if self.is_global:
            rows = None
        elif tile_ids is None:
            rows = self._auto_rows(pts)
        else:
            rows = self._user_rows(tile_ids, tile_centres, m)
        for i in range(0, m, CHUNK_ROWS):
            chunk = slice(i, i + CHUNK_ROWS)
            out[chunk] = self._evaluate(pts[chunk], None if rows is None else rows[chunk])
        out[bad] = np.nan
        return out

    def _evaluate(self, pts, rows):
        """Dual-form prediction at pts (c, 2), each using its tile's row (None: global)."""
        scaled = self._scale(pts)
        px, py = scaled[:, :1], scaled[:, 1:]
        if rows is None:
            s2 = self._nx[:1] - px
            dy = self._ny[:1] - py
            w, b, a_sum = self._w[:1], self._b[0], self._a_sum[0]
        else:
            s2, dy = self._nx[rows], self._ny[rows]
            s2 -= px
            dy -= py
            w, b, a_sum = self._w[rows], self._b[rows], self._a_sum[rows]
        s2 *= s2
        dy *= dy
        s2 += dy
        zero_sum = 0.0
        if self._nug > 0:
            zero = s2 == 0.0
            if zero.any():
                zero_sum = np.where(zero, w, 0.0).sum(axis=1)
        structure = self._weighted_shape(s2, w, a_sum)
        if self.kind == "simple":
            return b + self._ps * (a_sum - structure) + self._nug * zero_sum
        return b + self._nug * (a_sum - zero_sum) + self._ps * structure

    def _weighted_shape(self, s2, w, a_sum):
        """Σ_i w_i · shape(s2_i) per row; overwrites s2."""
        model = self.variogram.model
        if model == "gaussian":
            s2 *= -3.0
            np.exp(s2, out=s2)
            return a_sum - np.einsum("ij,ij->i", s2, w)
        np.sqrt(s2, out=s2)
        if model == "exponential":
            s2 *= -3.0
            np.exp(s2, out=s2)
            return a_sum - np.einsum("ij,ij->i", s2, w)
        if model == "spherical":
            np.minimum(s2, 1.0, out=s2)
            sq = s2 * s2
            sq *= -0.5
            sq += 1.5
            s2 *= sq
        return np.einsum("ij,ij->i", s2, w)

"""Transfer functions that rescale one soil-moisture series to another (pytesmo conventions).

Fitted on pairs (x = source, y = reference) for one group (a global fit) or many at
once (one group per cell), with the conventions of pytesmo (TU Wien's soil-moisture
toolbox, ``pytesmo.scaling``):

- ``linear_regression``: ordinary least squares of the reference y on the source x
  (pytesmo ``linreg``, scipy.stats.linregress): slope a = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²,
  intercept b = ȳ − a·x̄; the matched value is a·x + b. It minimises the squared error,
  so with R < 1 the matched values vary less than the reference (σ = R·σ_ref).
  pytesmo applies |a|; here a fit with a ≤ 0 is refused (one fit) or replaced by the
  global fit (per cell), since it would turn wet into dry.
- ``mean_std`` (variance matching): a = σ_y / σ_x, b = ȳ − a·x̄ with population standard
  deviations (ddof 0, numpy ``std``), pytesmo ``mean_std``: the matched values have the
  reference's mean and standard deviation over the pairs.
- ``cdf`` (CDF matching): the values of x and of y at the percentiles P (default 0, 5,
  10, 30, 50, 70, 90, 95, 100, the default of pytesmo's ``scaling.lin_cdf_match``,
  replaced in March 2023 by ``cdf_matching.CDFMatching`` with ``percentiles=``), each
  computed like ``numpy.percentile`` (linear between order statistics: position
  (n − 1)·p/100 in the sorted values). Tied percentile values are made distinct as
  pytesmo's ``_unique_percentile_interpolation`` does: the first of equal values is
  kept, the last percentile is kept, and the others are interpolated linearly in p
  between them. The matched value is the piecewise-linear function through the points
  (x_P, y_P), extended linearly beyond the first and last point (pytesmo:
  ``InterpolatedUnivariateSpline(k=1, ext=0)``). pytesmo's optional linear edge
  scaling (Moesinger et al. 2020) is not done. With P = 0, 100 it is min–max matching.
"""
import numpy as np

from .aggregation import sort_by_cell


def fit_groups(x, y, group, groups, options):
    """Parameters (P, groups) of every group's fit and whether each is usable (groups,).

    ``x``, ``y``: paired source and reference values; ``group``: 0-based group of each
    pair (all 0 for the global fit). Linear methods give rows (slope, intercept); CDF
    matching gives the K source knots then the K reference knots. A group is unusable
    when it has no pair or its fit is degenerate (constant source, slope ≤ 0).
    """
    if options.method == "cdf":
        p = np.asarray(options.percentiles)
        xs = distinct_knots(group_percentiles(x, group, groups, p), p)
        ys = distinct_knots(group_percentiles(y, group, groups, p), p)
        usable = np.all(np.diff(xs, axis=0) > 0, axis=0) & np.isfinite(ys).all(axis=0)
        return np.vstack([xs, ys]), usable
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    count = np.bincount(group, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx = np.bincount(group, x, groups) / count
        my = np.bincount(group, y, groups) / count
        dx, dy = x - mx[group], y - my[group]
        sxx = np.bincount(group, dx * dx, groups)
        sxy = np.bincount(group, dx * dy, groups)
        syy = np.bincount(group, dy * dy, groups)
        slope = sxy / sxx if options.method == "linear_regression" else np.sqrt(syy / sxx)
        intercept = my - slope * mx
    usable = (count > 0) & (sxx > 0) & (slope > 0) & np.isfinite(intercept)
    return np.vstack([slope, intercept]), usable


def group_percentiles(values, group, groups, percentiles):
    """(K, groups) percentiles of ``values`` per group, like ``numpy.percentile`` (linear).

    The value at p of n sorted values v is v[i] + f·(v[i+1] − v[i]) with i + f =
    (n − 1)·p/100. NaN for a group without values.
    """
    out = np.full((len(percentiles), groups), np.nan)
    if not np.size(values):
        return out
    if groups == 1:  # one group (the global fit): numpy's selection beats a full sort
        out[:, 0] = np.percentile(np.asarray(values, np.float64), percentiles)
        return out
    idx, v = sort_by_cell(np.asarray(group, np.int64), np.asarray(values))  # float32: fast
    v = v.astype(np.float64)
    starts = np.searchsorted(idx, np.arange(groups), "left")
    n = np.searchsorted(idx, np.arange(groups), "right") - starts
    has = n > 0
    start, n = starts[has], n[has]
    h = (n - 1)[np.newaxis] * (np.asarray(percentiles, np.float64)[:, np.newaxis] / 100.0)
    low = np.floor(h).astype(np.int64)
    high = np.minimum(low + 1, n - 1)
    v0, v1 = v[start + low], v[start + high]
    out[:, has] = v0 + (h - low) * (v1 - v0)
    return out


def distinct_knots(knots, percentiles):
    """Knots (K, groups) with tied values made distinct as pytesmo does (see module).

    A group whose values are all equal keeps them (its source fit is degenerate).
    """
    knots = np.array(knots, dtype=np.float64)
    tied = np.flatnonzero(np.any(np.diff(knots, axis=0) <= 0, axis=0))
    for g in tied:
        _, first = np.unique(knots[:, g], return_index=True)
        if first.size > 1:
            where = np.asarray(percentiles, np.float64)[first]
            where[-1] = percentiles[-1]
            knots[:, g] = np.interp(percentiles, where, knots[first, g])
    return knots


def apply_fit(values, params, method):
    """Matched values of ``values`` (n,) with parameters (P, n) or (P, 1) (see fit_groups)."""
    x = np.asarray(values, np.float64)
    if method != "cdf":
        return params[0] * x + params[1]
    k = params.shape[0] // 2
    xs = np.broadcast_to(params[:k], (k, x.size))
    ys = np.broadcast_to(params[k:], (k, x.size))
    segment = np.zeros(x.size, np.int64)  # the segment of x; the first and last extend
    for j in range(1, k - 1):
        segment += x >= xs[j]
    x0, x1 = (np.take_along_axis(xs, (segment + d)[np.newaxis], 0)[0] for d in (0, 1))
    y0, y1 = (np.take_along_axis(ys, (segment + d)[np.newaxis], 0)[0] for d in (0, 1))
    return y0 + (x - x0) * (y1 - y0) / (x1 - x0)

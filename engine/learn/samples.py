"""Training samples: fine predictors aggregated onto the coarse soil-moisture grid.

Every paper's first step: for each date of the coarse product, aggregate the
1 km predictors to the coarse cells (mean for continuous layers; class shares or
the mode for categorical ones), pair them with the coarse soil moisture, and keep
cells where the target and every predictor are valid. Static layers (one band,
no date) apply to every date; dynamic stacks are matched to the coarse dates by
date. Dates whose valid share of coarse cells is below ``min_coverage`` are dropped
(paper 000 keeps dates with ≥ 90 % valid cells); the share is taken over the
coarse cells that hold soil moisture on at least one date (so sea or cells outside
the study area do not count against a date).

With ``date_anomalies`` (:class:`SampleOptions`), each dynamic continuous layer
gives its date anomaly and date mean instead of its value (:mod:`.features`).
With ``homogeneity``, every sample also gets its heterogeneity: the coefficient of
variation (standard deviation / |mean| of the fine cells, from the same exact
area-weighted aggregation) of each continuous predictor inside its coarse cell,
averaged over those predictors (Gao et al. 2012 train on the most homogeneous
cells; training can drop or down-weight the least homogeneous ones).
"""
import math
from dataclasses import dataclass, field, replace

import numpy as np
import rasterio

from ..errors import InputError, check_choice
from ..prepare.aggregation import aggregate_to_grid
from ..raster.band_stats import BandMeans
from ..raster.windows import read_window
from .features import (ENCODINGS, check_unique_names, design_matrix, extra_features,
                       layer_features, lonlat, needs_band_means, scan_classes)
from ..progress import ensure_progress
from ..raster.grids import Grid, bounds_in
from ..raster.timestack import read_dates

DEFAULT_MIN_COVERAGE = 0.5
PREDICTOR_MIN_VALID_FRACTION = 0.5  # of a coarse cell's area, when aggregating predictors
_DATE_CHUNK = 16  # dates aggregated per pass over a dynamic predictor


@dataclass(frozen=True)
class SampleOptions:
    """How :func:`build_samples` turns layers into features and which dates it keeps.

    ``encoding``: ``fractions`` (one share feature per class) or ``mode`` (one
    class-code feature) for categorical layers; ``add_doy``, ``add_coords``,
    ``add_pm``: day-of-year, lon/lat (degrees) and AM/PM features (``add_pm`` only
    applies when the coarse band dates carry a time); ``min_coverage``: share (0–1)
    of the coarse cells with soil moisture a date must have valid to be kept;
    ``date_anomalies``: dynamic continuous layers as date anomaly + date mean;
    ``homogeneity``: also compute each sample's heterogeneity (one more
    aggregation per continuous layer and date). Frozen: change a copy with
    ``dataclasses.replace``.
    """

    encoding: str = "fractions"
    add_doy: bool = True
    add_coords: bool = False
    add_pm: bool = True
    min_coverage: float = DEFAULT_MIN_COVERAGE
    date_anomalies: bool = True
    homogeneity: bool = False

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        check_choice(self.encoding, ENCODINGS, "categorical encoding")
        if not 0.0 <= self.min_coverage <= 1.0:
            raise InputError(f"The minimum coverage must lie between 0 and 1 (got "
                             f"{self.min_coverage:g}).")
        return replace(self, add_doy=bool(self.add_doy), add_coords=bool(self.add_coords),
                       add_pm=bool(self.add_pm), min_coverage=float(self.min_coverage),
                       date_anomalies=bool(self.date_anomalies),
                       homogeneity=bool(self.homogeneity))


@dataclass
class SampleSet:
    """Coarse-scale training samples and what they were built from."""

    X: np.ndarray  # (n, features) float64
    y: np.ndarray  # (n,) m³/m³
    features: list  # feature dicts (features.py), column order of X
    dates: list  # ISO text of the dates kept
    date_index: np.ndarray  # (n,) index into ``dates``
    months: np.ndarray  # (n,) 1–12
    rows: np.ndarray  # (n,) coarse row
    cols: np.ndarray  # (n,) coarse column
    zones: np.ndarray  # (n,) zone code, NaN = no zone
    grid: Grid
    dropped: list = field(default_factory=list)  # (ISO date, reason)
    coverage: dict = field(default_factory=dict)  # ISO date → valid share
    classes: dict = field(default_factory=dict)  # categorical layer → class codes
    layers: list = field(default_factory=list)  # dicts describing the predictor layers
    encoding: str = "fractions"  # of the categorical layers (SampleOptions.encoding)
    heterogeneity: np.ndarray = None  # (n,) mean CV of the continuous predictors, or None
    gappy_layers: list = field(default_factory=list)  # dynamic layers missing on some
    # coarse cell with soil moisture on some date (clouds): the gap model goes without them

    @property
    def feature_names(self):
        return [f["name"] for f in self.features]

    @property
    def row_dates(self):
        """(n,) ISO date of every sample (object array)."""
        return np.asarray(self.dates, dtype=object)[self.date_index] if len(self.dates) \
            else np.empty(0, object)

    def __len__(self):
        return len(self.y)


def build_samples(coarse_path, layers, zones_path=None, options=None, progress=None):
    """Build a :class:`SampleSet` from a coarse stack and :class:`PredictorLayer` objects.

    ``zones_path``: optional raster of zone codes, aggregated by mode. ``options``:
    a :class:`SampleOptions` (default: its defaults).
    """
    opts = (options or SampleOptions()).validated()
    encoding, min_coverage = opts.encoding, opts.min_coverage
    progress = ensure_progress(progress)
    if not layers:
        raise InputError("No predictor layer was given. Add at least one predictor raster.")
    check_unique_names(layers)
    grid = Grid.from_path(coarse_path)
    if grid.crs is None:
        raise InputError("The coarse soil-moisture stack has no coordinate reference system. "
                         "Assign its CRS (e.g. EPSG:6933 for SMAP EASE-Grid 2.0) and run again.")
    coarse_dates = read_dates(coarse_path, "the coarse soil-moisture stack")
    shared, missing = match_dates(coarse_dates, layers)
    classes = {l.name: scan_classes(l.path, l.name) for l in layers if l.categorical}
    add_pm = opts.add_pm and any(d.has_time for d in coarse_dates)
    features = [f for l in layers
                for f in layer_features(l, encoding, classes.get(l.name), opts.date_anomalies)]
    features += extra_features(opts.add_doy, opts.add_coords, add_pm)
    progress.info(f"{len(shared)} of {len(coarse_dates)} coarse date(s) have every dynamic "
                  f"predictor; {len(features)} feature(s): {', '.join(f['name'] for f in features)}")
    target = _Target(coarse_path, shared)
    land = target.land()
    if not land.any():
        raise InputError("The coarse soil-moisture stack holds no valid cell on any date that "
                         "the dynamic predictors share. Check its nodata value and dates.")
    for layer in layers:
        check_covers(layer, grid, land, min_coverage)
    progress.set_progress(2)
    static = _static_values(layers, grid, encoding, classes, progress)
    zones = _zones(zones_path, grid) if zones_path else np.full(grid.shape, np.nan)
    coords = lonlat(grid) if opts.add_coords else (None, None)
    out = _collect(shared, layers, target, land, static, features, encoding, classes, grid,
                   coords, opts, progress)
    dropped = [(d.iso, reason) for d, reason in missing] + out.pop("dropped")
    dropped.sort()
    result = SampleSet(features=features, grid=grid, dropped=dropped, classes=classes,
                       zones=zones[out["rows"], out["cols"]],
                       layers=[_describe(l) for l in layers], encoding=encoding, **out)
    _check_result(result, coarse_dates, min_coverage)
    progress.info(f"{len(result)} sample(s) on {len(result.dates)} date(s); "
                  f"{len(dropped)} date(s) dropped")
    return result


def _describe(layer):
    return {"name": layer.name, "dynamic": layer.dynamic, "categorical": layer.categorical,
            "units": layer.units, "bands": layer.count}


def check_covers(layer, grid, land, min_coverage):
    """Refuse a predictor whose extent misses too many of the cells with soil moisture.

    ``land``: coarse cells valid on some date; a predictor must contain the centres
    of at least ``min_coverage`` of them (and at least one).
    """
    with rasterio.open(layer.path) as ds:
        fine = Grid.of(ds)
    if fine.crs is None:
        raise InputError(f"Predictor '{layer.name}' has no CRS. Assign its CRS and run again.")
    left, bottom, right, top = bounds_in(fine, grid.crs)
    xs, ys = grid.cell_centres()
    inside = (xs > left) & (xs < right) & (ys > bottom) & (ys < top)
    share = inside[land].mean()
    if share == 0 or share + 1e-9 < min_coverage:
        shown, least = percent_below(share, min_coverage)
        raise InputError(
            f"Predictor '{layer.name}' covers only {shown} of the coarse cells with soil "
            f"moisture (the minimum coverage is {least}) "
            f"(its extent {left:.6g}, {bottom:.6g} – {right:.6g}, {top:.6g} in the coarse CRS; "
            f"the coarse grid's {grid.bounds[0]:.6g}, {grid.bounds[1]:.6g} – "
            f"{grid.bounds[2]:.6g}, {grid.bounds[3]:.6g}). Predictors must cover the area of "
            "the coarse product: clip the coarse stack to the predictors' extent, or supply "
            "predictors for the whole area.")


def match_dates(coarse_dates, layers):
    """(coarse dates every dynamic layer has, [(date, reason)] for the others)."""
    dynamic = [l for l in layers if l.dynamic]
    shared, missing = [], []
    for when in coarse_dates:
        lacking = [l.name for l in dynamic if l.band_for(when) is None]
        if lacking:
            missing.append((when, f"no band of {', '.join(lacking)} for this date"))
        else:
            shared.append(when)
    if not shared:
        spans = "; ".join(f"{l.name}: {_span(l.dates)}" for l in dynamic)
        raise InputError(
            f"No date of the coarse soil-moisture stack ({_span(coarse_dates)}) is shared by "
            f"every dynamic predictor ({spans}). Dynamic stacks are matched to the coarse "
            "dates by their band dates; build them for the same days.")
    return shared, missing


def _span(dates):
    dates = [d for d in dates if d is not None]
    if not dates:
        return "no dates"
    return f"{len(dates)} date(s), {min(dates).iso} to {max(dates).iso}"


class _Target:
    """The coarse stack's bands of the shared dates, read one date at a time.

    Memory holds one coarse band, not the stack: a multi-year 9 km stack need not fit.
    """

    def __init__(self, path, dates):
        self.path = path
        all_dates = read_dates(path)
        self.bands = [all_dates.index(d) + 1 for d in dates]

    def read(self, i):
        """Soil moisture of the i-th shared date (rows, cols), NaN for nodata."""
        with rasterio.open(self.path) as src:
            window = rasterio.windows.Window(0, 0, src.width, src.height)
            return read_window(src, self.bands[i], window, "float64")

    def land(self):
        """Cells valid on at least one shared date."""
        with rasterio.open(self.path) as src:
            window = rasterio.windows.Window(0, 0, src.width, src.height)
            valid = np.zeros((src.height, src.width), bool)
            for band in self.bands:
                valid |= np.isfinite(read_window(src, band, window, "float64"))
        return valid


def _static_values(layers, grid, encoding, classes, progress):
    """dict layer name → aggregated static array (or dict code → share)."""
    values = {}
    for layer in layers:
        if not layer.dynamic:
            values[layer.name] = _aggregate(layer, [1], grid, encoding, classes)[0]
            progress.check_cancelled()
    return values


def _aggregate(layer, bands, grid, encoding, classes):
    """Per band: an array (continuous, mode) or dict code → share array (fractions)."""
    if not layer.categorical:
        return list(aggregate_to_grid(layer.path, grid, bands, "mean",
                                      PREDICTOR_MIN_VALID_FRACTION))
    codes = classes[layer.name]
    if encoding == "mode":
        return list(aggregate_to_grid(layer.path, grid, bands, "mode",
                                      PREDICTOR_MIN_VALID_FRACTION))
    shares = aggregate_to_grid(layer.path, grid, bands, "mean", PREDICTOR_MIN_VALID_FRACTION,
                               classes=codes)
    return [dict(zip(codes, per_band)) for per_band in shares]


def _zones(path, grid):
    """Zone code of each coarse cell (mode of the fine zones), NaN where none."""
    return aggregate_to_grid(path, grid, [1], "mode", PREDICTOR_MIN_VALID_FRACTION)[0]


def _collect(dates, layers, target, land, static, features, encoding, classes, grid, coords,
             opts, progress):
    """Aggregate the dynamic layers date by date and gather the valid samples."""
    min_coverage = opts.min_coverage
    dynamic = [l for l in layers if l.dynamic]
    by_name = {l.name: l for l in layers}
    with_mean = needs_band_means(features)
    band_means = BandMeans()
    spread = _Heterogeneity(layers, grid) if opts.homogeneity else None
    parts = {k: [] for k in ("X", "y", "date_index", "months", "rows", "cols")}
    if spread is not None:
        parts["heterogeneity"] = []
    kept, dropped, coverage = [], [], {}
    seen = {l.name: False for l in layers}  # has the layer a valid value over land yet?
    gappy = set()  # dynamic continuous layers with a missing coarse cell over land
    n_land = int(land.sum())
    for start in range(0, len(dates), _DATE_CHUNK):
        chunk = dates[start:start + _DATE_CHUNK]
        values = {l.name: _aggregate(l, [l.band_for(d) for d in chunk], grid, encoding, classes)
                  for l in dynamic}
        for i, when in enumerate(chunk):
            progress.check_cancelled()
            layer_values = dict(static)
            layer_values.update({name: v[i] for name, v in values.items()})
            for name in seen:
                seen[name] = seen[name] or _any_valid(layer_values[name], land)
            gappy.update(l.name for l in dynamic if not l.categorical and l.name not in gappy
                         and np.isnan(layer_values[l.name][land]).any())
            means = {name: band_means(by_name[name].path, by_name[name].band_for(when))
                     for name in with_mean}
            X = design_matrix(features, layer_values, when, coords, grid.shape, means)
            y = target.read(start + i).ravel()
            ok = np.isfinite(y) & np.isfinite(X).all(axis=1) & land.ravel()
            share = ok.sum() / n_land
            coverage[when.iso] = float(share)
            if share + 1e-9 < min_coverage:
                shown, least = percent_below(share, min_coverage)
                dropped.append((when.iso, f"{shown} of the coarse cells valid (minimum {least})"))
                continue
            idx = np.flatnonzero(ok)
            parts["X"].append(X[idx])
            parts["y"].append(y[idx])
            parts["date_index"].append(np.full(idx.size, len(kept)))
            parts["months"].append(np.full(idx.size, when.when.month))
            parts["rows"].append(idx // grid.width)
            parts["cols"].append(idx % grid.width)
            if spread is not None:
                parts["heterogeneity"].append(spread.of_date(when, layer_values)[idx])
            kept.append(when.iso)
        progress.set_progress(5 + 25 * min(1.0, (start + len(chunk)) / len(dates)))
    empty = {"X": np.empty((0, len(features))), "y": np.empty(0),
             "heterogeneity": np.empty(0)}  # others: int indices
    out = {k: (np.concatenate(v) if v else empty.get(k, np.empty(0, int)))
           for k, v in parts.items()}
    empty = [name for name, ok in seen.items() if not ok]
    if empty:
        raise InputError(
            f"Predictor(s) {', '.join(empty)} hold no valid value over the coarse cells with "
            "soil moisture on any shared date (all nodata there, or less than half of each "
            "coarse cell valid). Check their nodata value, extent and dates.")
    out["dates"], out["dropped"], out["coverage"] = kept, dropped, coverage
    out["gappy_layers"] = [l.name for l in dynamic if l.name in gappy]
    return out


class _Heterogeneity:
    """Mean coefficient of variation of the continuous layers in every coarse cell."""

    def __init__(self, layers, grid):
        self.layers = [l for l in layers if not l.categorical]
        self.grid = grid
        self.static = {l.name: self._std(l, 1) for l in self.layers if not l.dynamic}

    def _std(self, layer, band):
        return aggregate_to_grid(layer.path, self.grid, [band], "std",
                                 PREDICTOR_MIN_VALID_FRACTION)[0]

    def of_date(self, when, layer_values):
        """Flat (cells,) mean CV over the continuous layers; NaN where none is known."""
        if not self.layers:
            return np.full(self.grid.width * self.grid.height, np.nan)
        cvs = []
        for layer in self.layers:
            std = self.static.get(layer.name)
            if std is None:
                std = self._std(layer, layer.band_for(when))
            mean = np.abs(layer_values[layer.name])
            with np.errstate(divide="ignore", invalid="ignore"):
                cvs.append(np.where(mean > 0, std / mean, np.nan))
        with np.errstate(invalid="ignore"):
            stacked = np.stack(cvs)
            count = np.isfinite(stacked).sum(axis=0)
            total = np.nansum(stacked, axis=0)
        return np.where(count > 0, total / np.maximum(count, 1), np.nan).ravel()


def _any_valid(values, land):
    """True when an aggregated layer (array, or dict class → share) has a value on land."""
    arrays = values.values() if isinstance(values, dict) else [values]
    return any(np.isfinite(a[land]).any() for a in arrays)


def _check_result(samples, coarse_dates, min_coverage):
    """Refuse an empty or constant sample set with the reason."""
    if not len(samples):
        worst = ", ".join(f"{d} ({r})" for d, r in samples.dropped[:5])
        raise InputError(
            f"No date has at least {min_coverage:.0%} of its coarse cells valid in the target "
            f"and in every predictor, so there is nothing to train on (of "
            f"{len(coarse_dates)} date(s): {worst}…). Lower the minimum coverage, check the "
            "predictors' nodata and extent, or gap-fill the dynamic predictors first.")
    if np.nanstd(samples.y) < 1e-9:
        raise InputError(
            f"The coarse soil moisture is constant ({samples.y[0]:g}) over all "
            f"{len(samples)} samples: there is nothing to learn. Check the coarse stack "
            "(a wrong band, a fill value without nodata set?).")


def percent_below(share, minimum):
    """(share, minimum) as percent texts that read share < minimum: ("79.7%", "80%").

    Whole percents when they differ; otherwise one more decimal at a time (the last,
    at the 1e-9 tolerance of the comparison, rounds the share down), so a share below
    the minimum never reads as the minimum itself.
    """
    for decimals in range(8):
        shown, least = round(100 * share, decimals), round(100 * minimum, decimals)
        if decimals == 7:
            shown = min(shown, math.floor(share * 1e9) / 1e7)
        if shown < least:
            break
    return tuple(f"{v:.{decimals}f}".rstrip("0").rstrip(".") + "%" if decimals
                 else f"{v:.0f}%" for v in (shown, least))

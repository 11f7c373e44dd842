"""Apply a trained model to fine predictors, one window and one date at a time.

The model's features (:mod:`.features`) name the predictor layers they come
from; :func:`match_layers` pairs them with the layers given by name and refuses
a missing, unexpected or differently typed layer. :class:`FeatureSource` reads
every layer onto a window of the output grid (layers on another grid are
resampled on the fly: bilinear for continuous layers, nearest for class codes),
encodes categorical layers exactly as in training (0/1 class shares or class
codes) and builds the design matrix of the window's valid cells, routed to
their season and zone model. Dates the model needs come from the band dates.
"""
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..learn.features import (check_unique_names, design_matrix, lonlat, needs_band_means,
                              one_hot)
from ..learn.partitions import GLOBAL, make_key, month_to_season
from ..raster.dates import parse_iso
from ..raster.aligned import AlignedReader
from ..raster.band_stats import BandMeans
from ..raster.grids import check_overlap
from ..raster.timestack import find_band

DATE_KINDS = ("doy_sin", "doy_cos", "pm")


def match_layers(model, layers):
    """dict source name → :class:`PredictorLayer` for every layer the model needs.

    Raises :class:`InputError` naming a missing or unexpected layer, a layer
    given as continuous that was categorical in training (or the reverse), and
    a static/dynamic mismatch.
    """
    check_unique_names(layers)
    trained = {d["name"]: d for d in model.info.get("layers", [])}
    needed = []
    for f in model.features:
        source = f.get("source")
        if source and source not in needed:
            needed.append(source)
    given = {l.name: l for l in layers}
    missing = [n for n in needed if n not in given]
    extra = [n for n in given if n not in needed]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"the model needs predictor layer(s) {_names(missing)}, which were "
                         "not given")
        if extra:
            parts.append(f"layer(s) {_names(extra)} are not features of this model")
        raise InputError(
            "The predictor layers do not match the model: " + "; ".join(parts) + ". The model "
            f"was trained on {_names(needed)}. Layers are matched by name: give exactly these "
            "layers, named as in training (rename a layer in the Layers panel if needed).")
    for name in needed:
        _check_kind(name, given[name], model, trained.get(name))
    return {n: given[n] for n in needed}


def _names(names):
    return ", ".join(f"'{n}'" for n in names)


def _check_kind(name, layer, model, trained):
    categorical = any(f.get("source") == name and f["kind"].startswith("class_")
                      for f in model.features)
    if categorical != layer.categorical:
        want = "categorical layers" if categorical else "predictors"
        raise InputError(f"Layer '{name}' was a {'categorical' if categorical else 'continuous'} "
                         f"predictor in training; give it under '{want}'.")
    dynamic = trained["dynamic"] if trained else layer.dynamic
    if dynamic and not layer.dynamic:
        raise InputError(f"Layer '{name}' was a time stack (one band per date) in training, "
                         "but the layer given has a single band without a date. Give its "
                         "time stack.")
    if not dynamic and layer.dynamic:
        raise InputError(f"Layer '{name}' was a static (single-band) layer in training, but "
                         f"the layer given is a time stack of {layer.count} band(s). Give the "
                         "static layer.")


def needs_dates(model):
    """True when the model needs the date of each band (date features or seasons)."""
    return any(f["kind"] in DATE_KINDS for f in model.features) or bool(model.season_table)


def output_dates(layers, requested=None, coarse_dates=None, model=None, progress=None):
    """(dates to predict, [(ISO, reason)] skipped).

    ``requested``: ISO texts the user chose (each must be in every dynamic
    layer). Otherwise the dates shared by every dynamic layer; with only static
    layers, the coarse stack's dates, or one undated band when the model needs
    no date.
    """
    dynamic = [l for l in layers if l.dynamic]
    if requested:
        dates = [_parse_requested(text) for text in requested]
        for when in dates:
            lacking = [l.name for l in dynamic if find_band(l.dates, when) is None]
            if lacking:
                raise InputError(f"The date {when.iso} is not in the time stack(s) of "
                                 f"{_names(lacking)}. Choose dates those stacks hold, or "
                                 "leave the dates empty to predict every date.")
        return dates, []
    if dynamic:
        first = dynamic[0]
        dates, skipped = [], []
        for when in first.dates:
            lacking = [l.name for l in dynamic[1:] if find_band(l.dates, when) is None]
            if lacking:
                skipped.append((when.iso, f"no band of {', '.join(lacking)} for this date"))
            else:
                dates.append(when)
        if not dates:
            raise InputError("The dynamic predictor stacks share no date "
                             f"({'; '.join(f'{l.name}: {len(l.dates)} dates' for l in dynamic)}). "
                             "Build them for the same days.")
        return dates, skipped
    if coarse_dates:
        return list(coarse_dates), []
    if model is not None and needs_dates(model):
        raise InputError("Every predictor is static and no coarse soil-moisture stack was "
                         "given, but the model uses the date (day of year, AM/PM or seasons). "
                         "Give the dates to predict.")
    return [None], []


def _parse_requested(text):
    when = parse_iso(str(text).strip())
    if when is None:
        raise InputError(f"'{text}' is not a date: write dates as YYYY-MM-DD (or "
                         "YYYY-MM-DDTHH:MM), separated by commas.")
    return when


class FeatureSource:
    """Predictor values of the output grid, window by window, as the model's features.

    ``grid``: the output (fine) grid; ``layers``: dict source → PredictorLayer from
    :func:`match_layers`; ``zones_path``: zone raster when the model has zone
    partitions. Layers are read by :class:`~..raster.aligned.AlignedReader` (nearest
    for class codes and zones, bilinear otherwise), kept open until :meth:`close`.
    """

    def __init__(self, model, layers, grid, zones_path=None):
        self.model, self.grid = model, grid
        self.layers = layers
        self.features = model.features
        self.classes = {k: list(v) for k, v in (model.classes or {}).items()}
        self._readers = {}
        try:
            for name, layer in layers.items():
                reader = self._reader(layer.path, _method(layer))
                check_overlap(grid, reader.source_grid, "the output grid",
                              f"predictor '{name}'")
            if model.config.use_zones and not zones_path:
                raise InputError("This model has one model per zone: give the zone raster it "
                                 "was trained with (Zones).")
        except Exception:
            self.close()
            raise
        self.zones_path = zones_path
        self.coords = any(f["kind"] in ("lon", "lat") for f in self.features)
        self.month_season = month_to_season(model.season_table)  # None without seasons
        self.unseen = {}  # categorical layer → count of fine cells of classes not in training
        self.with_mean = needs_band_means(self.features)  # layers with date anomalies
        self.band_means = BandMeans()
        # columns that exist for every date (static layers, day of year, coordinates):
        # a cell where one is missing is not land to be mapped (water, outside the data)
        self.static_columns = [j for j, f in enumerate(self.features) if not f.get("dynamic")]

    def _reader(self, path, method):
        key = (path, method)
        if key not in self._readers:
            self._readers[key] = AlignedReader(path, self.grid, method)
        return self._readers[key]

    def close(self):
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()

    def read(self, path, band, window, method):
        """One band of ``path`` on ``window`` of the output grid, float64 with NaN."""
        return self._reader(path, method).read(band, window)

    def layer_values(self, window, when, unseen=None):
        """dict source → encoded values on ``window`` for date ``when``.

        ``unseen``: dict counting cells of classes the model never saw, per layer
        (default: :attr:`unseen`).
        """
        values = {}
        for name, layer in self.layers.items():
            band = find_band(layer.dates, when) if layer.dynamic else 1
            if band is None:
                raise InputError(f"Predictor '{name}' has no band for {when.iso}.")
            data = self.read(layer.path, band, window, _method(layer))
            if layer.categorical:
                data = self._encode(name, data, self.unseen if unseen is None else unseen)
            values[name] = data
        return values

    def _encode(self, name, codes, unseen):
        classes = self.classes.get(name, [])
        known = np.isin(codes, classes) | ~np.isfinite(codes)
        if not known.all():
            unseen[name] = unseen.get(name, 0) + int((~known).sum())
        if self.model.encoding == "mode":
            return codes
        return one_hot(codes, classes)

    def zones(self, window):
        """Zone code of every cell of ``window`` (NaN = none), or None without zones."""
        if not self.model.config.use_zones:
            return None
        return self.read(self.zones_path, 1, window, "nearest")

    def matrix(self, window, when, exclude=None):
        """(X of the valid cells, valid mask (h, w), partition key of every row).

        ``exclude``: optional (h, w) bool mask of cells not to predict (masked).
        """
        rows = self.rows(window, when, exclude)
        return rows.X, rows.valid, rows.keys

    def rows(self, window, when, exclude=None, unseen=None):
        """The window's :class:`Rows`: complete cells for the model, cells missing only
        cloud-prone predictors for the gap model, and the land cells.

        ``unseen``: as in :meth:`layer_values`.
        """
        shape = (window.height, window.width)
        values = self.layer_values(window, when, unseen)
        coords = lonlat(self.grid, window) if self.coords else (None, None)
        means = {name: self.band_means(self.layers[name].path,
                                       find_band(self.layers[name].dates, when))
                 for name in self.with_mean}
        X = design_matrix(self.features, values, when, coords, shape, means)
        finite = np.isfinite(X)
        valid = finite.all(axis=1)
        land = finite[:, self.static_columns].all(axis=1)
        if exclude is not None:
            keep = ~exclude.ravel()
            valid &= keep
            land &= keep
        gap = np.zeros_like(valid)
        gap_model = self.model.gap_model
        if gap_model is not None:
            gap = ~valid & land & finite[:, gap_model.columns].all(axis=1)
        keys = self._keys(window, when, valid)
        return Rows(X[valid], valid.reshape(shape), keys, X[gap], gap.reshape(shape),
                    land.reshape(shape))

    def _keys(self, window, when, valid):
        """Partition key per valid row (a single key string when all rows share it)."""
        estimators = self.model.estimators
        season = None
        if when is not None and self.month_season is not None:
            season = self.month_season[when.when.month]
        zones = self.zones(window)
        if zones is None:
            key = make_key(season, np.nan)
            return key if key in estimators else GLOBAL
        zone_rows = zones.ravel()[valid]
        keys = np.empty(zone_rows.size, dtype=object)
        finite = np.isfinite(zone_rows)
        keys[~finite] = self._route(make_key(season, np.nan))
        for code in np.unique(zone_rows[finite]):
            keys[zone_rows == code] = self._route(make_key(season, code))
        return keys

    def _route(self, key):
        return key if key in self.model.estimators else GLOBAL


@dataclass
class Rows:
    """The design rows of one window and date.

    ``X``: rows of the cells with every feature (``valid``, (h, w)); ``keys``: their
    partition keys; ``X_gap``: full-width rows of the cells the gap model predicts
    (``gap``: every static feature present, some cloud-prone one missing); ``land``:
    cells with every static feature and not masked, the cells a map should cover.
    """

    X: np.ndarray
    valid: np.ndarray
    keys: object
    X_gap: np.ndarray
    gap: np.ndarray
    land: np.ndarray


def _method(layer):
    """Resampling of a layer onto the output grid: nearest for class codes, else bilinear."""
    return "nearest" if layer.categorical else "bilinear"

"""Features of a downscaling model: what each column means and how it is computed.

Training (coarse cells) and prediction (fine cells) build the same columns in the
same order from the same descriptions, so a model applies to 1 km predictors
exactly as it was fitted at the coarse scale. A feature is a dict (stored in the
model file as JSON):

- ``continuous``: the value of predictor layer ``source`` (its mean over a coarse
  cell when training), in the units the layer declares ("" when it declares none);
- ``class_fraction``: the area share (0–1) of class ``code`` of categorical layer
  ``source`` (0 or 1 for a single fine cell);
- ``class_code``: the class code of categorical layer ``source`` (the mode over a
  coarse cell; trees split on it, scaled learners treat it as a number);
- ``doy_sin``/``doy_cos``: day of year on the unit circle, so 31 December and
  1 January are neighbours: sin(2π·(doy − 0.5)/365.25), cos(…);
- ``lon``/``lat``: cell-centre longitude/latitude (degrees, WGS 84);
- ``pm``: 1 for an afternoon (PM, hour ≥ 12) pass, 0 for a morning pass;
- ``date_anomaly``/``date_mean`` (a dynamic continuous layer, with date anomalies
  on): the layer's value minus the mean of its band for the date (the mean over
  every valid fine cell of that band, :func:`..raster.band_stats.band_mean`), and
  that band mean itself. The same band mean is used in training (subtracted from
  the coarse-cell means) and in prediction (from the fine values), so a model
  learns from the day's contrasts between cells apart from the day's overall level
  (a hot, dry day shifts every cell's LST).
"""
import math

import numpy as np
import rasterio
from rasterio.warp import transform as warp_transform

from ..errors import InputError, check_choice
from ..raster.readable import open_raster, read
from ..raster.timestack import Units, band_dates, find_band

ENCODINGS = ("fractions", "mode")
KINDS = ("continuous", "class_fraction", "class_code", "doy_sin", "doy_cos", "lon", "lat", "pm",
         "date_anomaly", "date_mean")
DATE_MEAN_KINDS = ("date_anomaly", "date_mean")
MAX_CLASSES = 50
DOY_PERIOD = 365.25


class PredictorLayer:
    """One predictor raster: its feature name, file, and whether it holds class codes."""

    def __init__(self, name, path, categorical=False):
        self.name = clean_name(name)
        self.path = str(path)
        self.categorical = bool(categorical)
        with open_raster(self.path) as ds:
            self.count = ds.count
            self.dates = band_dates(ds)
            self.units = Units.of(ds).describe()  # "" when the layer declares none
        self.dynamic = self.count > 1 or self.dates[0] is not None
        if self.count > 1 and any(d is None for d in self.dates):
            raise InputError(
                f"Predictor '{self.name}' has {self.count} bands but not every band has an ISO "
                "date as its description. Build a time stack with 'Build time stack', or "
                "choose a single-band (static) layer.")

    def band_for(self, when):
        """1-based band of this dynamic layer for a coarse BandDate, or None."""
        return find_band(self.dates, when)

    def __repr__(self):
        kind = "dynamic" if self.dynamic else "static"
        return f"PredictorLayer({self.name!r}, {kind}, categorical={self.categorical})"


def clean_name(name):
    """A feature name from a layer name: letters, digits and underscores."""
    text = "".join(c if c.isalnum() else "_" for c in str(name).strip()).strip("_")
    if not text:
        raise InputError(f"The layer name {name!r} cannot name a feature; rename the layer.")
    return text


def check_unique_names(layers):
    """Refuse two predictor layers with the same (cleaned) name."""
    seen = {}
    for layer in layers:
        if layer.name in seen:
            raise InputError(
                f"Two predictor layers are both named '{layer.name}' ({seen[layer.name]} and "
                f"{layer.path}). Features are matched by layer name; rename one of them.")
        seen[layer.name] = layer.path


def scan_classes(path, name, max_classes=MAX_CLASSES):
    """Sorted class codes (ints) of a categorical raster, read block by block."""
    codes = set()
    with rasterio.open(path) as ds:
        nodata = ds.nodata
        for _, window in ds.block_windows(1):
            for band in range(1, ds.count + 1):
                data = read(ds, band, window)
                values = data[np.isfinite(data)] if data.dtype.kind == "f" else data.ravel()
                if nodata is not None:
                    values = values[values != nodata]
                uniq = np.unique(values)
                if uniq.size and np.any(uniq != np.round(uniq)):
                    raise InputError(
                        f"Categorical layer '{name}' holds non-integer values (e.g. "
                        f"{uniq[uniq != np.round(uniq)][0]:g}); it must hold class codes. "
                        "Move continuous layers to 'Predictors'.")
                codes.update(int(v) for v in uniq)
                if len(codes) > max_classes:
                    raise InputError(
                        f"Categorical layer '{name}' has more than {max_classes} classes "
                        f"(found {len(codes)} so far). Reclassify it into fewer classes "
                        "(e.g. with r.reclass), or give it as a continuous predictor if "
                        "its codes are really quantities.")
    if not codes:
        raise InputError(f"Categorical layer '{name}' holds no valid cells.")
    return sorted(codes)


def layer_features(layer, encoding="fractions", classes=None, anomalies=False):
    """The feature dicts of one predictor layer.

    ``anomalies``: a dynamic continuous layer gives two features, its date anomaly
    (named as the layer) and its date mean (``<name>_date_mean``), instead of its value.
    """
    base = {"source": layer.name, "dynamic": layer.dynamic}
    if not layer.categorical:
        if anomalies and layer.dynamic:
            return [dict(base, name=layer.name, kind="date_anomaly", units=layer.units),
                    dict(base, name=f"{layer.name}_date_mean", kind="date_mean",
                         units=layer.units)]
        return [dict(base, name=layer.name, kind="continuous", units=layer.units)]
    if encoding == "mode":
        return [dict(base, name=layer.name, kind="class_code", units="class code",
                     classes=list(classes))]
    return [dict(base, name=f"{layer.name}_class{code}", kind="class_fraction", code=int(code),
                 units="fraction (0-1)") for code in classes]


def extra_features(add_doy, add_coords, add_pm):
    """Feature dicts of day of year, coordinates and AM/PM, in this order."""
    features = []
    if add_doy:
        features += [{"name": "doy_sin", "kind": "doy_sin", "units": "unitless"},
                     {"name": "doy_cos", "kind": "doy_cos", "units": "unitless"}]
    if add_coords:
        features += [{"name": "lon", "kind": "lon", "units": "degrees east"},
                     {"name": "lat", "kind": "lat", "units": "degrees north"}]
    if add_pm:
        features.append({"name": "pm", "kind": "pm", "units": "0 = AM, 1 = PM"})
    return features


def doy_terms(when):
    """(sin, cos) of the day of year of a BandDate on the annual circle."""
    angle = 2.0 * math.pi * (when.day_of_year - 0.5) / DOY_PERIOD
    return math.sin(angle), math.cos(angle)


def is_pm(when):
    """1.0 for an afternoon (hour ≥ 12) band date, else 0.0."""
    return 1.0 if when.has_time and when.when.hour >= 12 else 0.0


def lonlat(grid, window=None):
    """Cell-centre longitude and latitude (degrees, 2-D) of a grid or a window of it."""
    xs, ys = grid.cell_centres(window)
    if grid.crs.to_epsg() == 4326:
        return xs, ys
    lon, lat = warp_transform(grid.crs, "EPSG:4326", xs.ravel(), ys.ravel())
    return np.reshape(lon, xs.shape), np.reshape(lat, xs.shape)


def needs_band_means(features):
    """Sources whose band mean of the date the features use (date anomalies)."""
    return sorted({f["source"] for f in features if f["kind"] in DATE_MEAN_KINDS})


def column(feature, layers, when, coords, means=None):
    """One feature's values for one date, broadcastable to the cell shape.

    ``layers``: dict source name → encoded array (continuous: values; categorical:
    dict code → share for fractions, or codes for mode); ``coords``: (lon, lat);
    ``means``: dict source name → its band's mean for the date (date anomalies).
    """
    kind = check_choice(feature["kind"], KINDS, "feature kind", hint=(
        "The model file comes from a newer plugin or is damaged: update the plugin, or "
        "train the model again."))
    if kind in ("continuous", "class_code"):
        return layers[feature["source"]]
    if kind == "date_anomaly":
        return layers[feature["source"]] - means[feature["source"]]
    if kind == "date_mean":
        return np.where(np.isfinite(layers[feature["source"]]), means[feature["source"]],
                        np.nan)
    if kind == "class_fraction":
        return layers[feature["source"]][feature["code"]]
    if kind == "doy_sin":
        return doy_terms(when)[0]
    if kind == "doy_cos":
        return doy_terms(when)[1]
    if kind == "lon":
        return coords[0]
    if kind == "lat":
        return coords[1]
    return is_pm(when)  # pm


def design_matrix(features, layers, when, coords, shape, means=None):
    """(cells, features) float64 matrix for one date over cells of ``shape``."""
    out = np.empty((int(np.prod(shape)), len(features)))
    for j, feature in enumerate(features):
        values = np.broadcast_to(np.asarray(column(feature, layers, when, coords, means),
                                            float), shape)
        out[:, j] = values.ravel()
    return out


def one_hot(codes, classes):
    """dict code → 0/1 share for fine cells holding class ``codes`` (NaN stays NaN)."""
    missing = ~np.isfinite(codes)
    return {c: np.where(missing, np.nan, (codes == c).astype(float)) for c in classes}

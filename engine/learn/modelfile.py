"""The model file: one trained downscaler in one portable file (``.smdm``).

A ``.smdm`` file is a ZIP archive with three members:

- ``manifest.json`` — readable with any text tool: format name and version, the
  learner and every training choice (seed included), the features in column order
  with their units and the categorical encodings, the seasons and zones and which
  partitions have their own model, the training metrics and importance, the dates
  used and dropped, the library versions it was trained with, and the SHA-256 of
  the estimators;
- ``estimators.pkl`` — the fitted estimators, a Python pickle of a dict
  partition key → estimator, with the date models (if any) under ``date:<ISO>`` and
  the gap model (if any; its left-out layers in the manifest's ``info.gap_model``)
  under ``gap:model``;
- ``samples.npz`` — the per-sample predictions, observations and split labels
  (for later diagnostics).

In plain Python::

    from smdownscale.engine.learn.modelfile import load_model
    model = load_model("sm.smdm")          # a training.DownscalingModel
    model.feature_names, model.info["metrics"]["test"]
    model.predict(X, months, zones)

Loading refuses, with the reason: a file that is not a model (saying what it is:
a text file, a GeoTIFF, a ZIP archive without the manifest, …), a format version
newer than this plugin knows, estimators whose checksum does not match or that
are not fitted models (no ``predict``), and estimators saved with a different
major.minor version of scikit-learn, XGBoost, LightGBM or CatBoost than the one
installed (pickles do not survive such upgrades reliably; retrain, or install the
version named). A pickle runs code
when loaded: load only model files you trust.
"""
import datetime as _dt
import hashlib
import importlib
import io
import json
import os
import pickle
import platform
import zipfile

import numpy as np

from ..errors import InputError
from ..raster.file_kind import file_kind
from ..raster.plugin_version import plugin_version
from .partitions import GLOBAL

FORMAT = "smdownscale-model"
FORMAT_VERSION = 2  # 2: date or gap models (files without them are still version 1)
DATE_PREFIX = "date:"
GAP_KEY = "gap:model"  # the gap model's estimator (older plugins keep it as an unused key)
EXTENSION = ".smdm"
_LIBRARIES = {"sklearn": "scikit-learn", "xgboost": "XGBoost", "lightgbm": "LightGBM",
              "catboost": "CatBoost"}
_LEARNER_LIBRARY = {"xgboost": "xgboost", "lightgbm": "lightgbm", "catboost": "catboost"}
_ARRAYS = ("split", "pred", "oof", "y")


def library_versions():
    """Versions of Python, numpy and the learner libraries that are installed."""
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    for module in _LIBRARIES:
        try:
            versions[module] = importlib.import_module(module).__version__
        except ImportError:
            versions[module] = None
    return versions


def libraries_used(config):
    """Import names of the libraries a model's estimators need."""
    keys = [config.learner] + list(config.stack_base or [])
    return ["sklearn"] + sorted({_LEARNER_LIBRARY[k] for k in keys if k in _LEARNER_LIBRARY})


def save_model(model, path):
    """Write ``model`` (a DownscalingModel) to ``path`` atomically; return the path."""
    estimators = dict(model.estimators)
    dated = model.date_models
    if dated is not None:
        estimators.update({DATE_PREFIX + iso: est for iso, est in dated.estimators.items()})
    if model.gap_model is not None:
        estimators[GAP_KEY] = model.gap_model.estimator
    blob = pickle.dumps(estimators, protocol=4)
    info = {k: v for k, v in model.info.items() if k not in _ARRAYS}
    manifest = {
        "format": FORMAT,
        "format_version": 1 if dated is None and model.gap_model is None else FORMAT_VERSION,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "plugin_version": plugin_version(),
        "learner": model.config.learner, "seed": model.config.seed,
        "config": _config_entry(model.config), "features": model.features,
        "encoding": model.encoding,
        "classes": {k: [int(c) for c in v] for k, v in model.classes.items()},
        "seasons": {k: list(v) for k, v in model.season_table.items()},
        "partitions": sorted(model.estimators),
        "versions": library_versions(),
        "libraries": libraries_used(model.config),
        "estimators_sha256": hashlib.sha256(blob).hexdigest(),
        "info": _jsonable(info),
    }
    arrays = io.BytesIO()
    np.savez_compressed(arrays, **{k: _array(model.info[k]) for k in _ARRAYS
                                   if model.info.get(k) is not None})
    # a full disk or a folder one may not write in: InputError; killed: swept next time
    from ..raster.output_guard import guarded, sweep_stale, temp_path

    folder = os.path.dirname(os.path.abspath(path))
    sweep_stale(folder)
    tmp = temp_path(folder, "partial", EXTENSION)
    try:
        with guarded(folder, name=os.path.basename(path)):
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("manifest.json", json.dumps(manifest, indent=1, allow_nan=True))
                z.writestr("estimators.pkl", blob)
                z.writestr("samples.npz", arrays.getvalue())
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def _config_entry(config):
    """The manifest's ``config``: every choice but the encoding, which version-1 files keep
    at the top level (so plugins that read version 1 still read new files)."""
    return {k: v for k, v in config.as_dict().items() if k != "encoding"}


def read_manifest(path):
    """The manifest of a model file (no estimators loaded); refuses non-model files."""
    name = os.path.basename(str(path))
    if not os.path.isfile(path):
        raise InputError(f"The model file '{path}' does not exist.")
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise InputError(f"'{name}' is not a soil-moisture downscaling model: it is "
                         f"{_what_it_is(path, err)}. {_EXPECTED}") from None
    if manifest.get("format") != FORMAT:
        raise InputError(f"'{name}' is not a soil-moisture downscaling model (its manifest "
                         f"says format {manifest.get('format')!r}, expected {FORMAT!r}).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InputError(
            f"'{name}' uses model format version {version}, but this plugin "
            f"({plugin_version() or 'unknown version'}) reads up to version {FORMAT_VERSION}. "
            "Update the plugin, or retrain the model with this version.")
    return manifest


_EXPECTED = ("A model file is a ZIP archive holding manifest.json and estimators.pkl, "
             "written by 'Train downscaling model' (.smdm): choose that file, or train one.")


def _what_it_is(path, err):
    """What a file that is not a model file is, for the message (see :func:`file_kind`)."""
    if isinstance(err, KeyError):  # a ZIP without a manifest
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        return f"a ZIP archive without manifest.json (it holds {shown or 'nothing'})"
    if isinstance(err, ValueError) and not isinstance(err, zipfile.BadZipFile):
        return f"a ZIP archive whose manifest.json is not valid JSON ({err})"
    kind = file_kind(path) or "a file that cannot be read"
    return "a damaged ZIP archive" if kind == "a ZIP archive" else kind


def check_compatible(manifest, name="the model"):
    """Refuse a model whose learner libraries differ (major.minor) from the installed ones."""
    installed = library_versions()
    for module in manifest.get("libraries", ["sklearn"]):
        saved = manifest["versions"].get(module)
        here = installed.get(module)
        label = _LIBRARIES.get(module, module)
        if here is None:
            raise InputError(f"{name} needs {label} {saved}, which is not installed. Install it "
                             "(scripts/setup.sh installs the plugin's libraries).")
        if saved and _minor(saved) != _minor(here):
            raise InputError(
                f"{name} was trained with {label} {saved}, but {label} {here} is installed. "
                "Fitted estimators do not survive such upgrades reliably: retrain the model "
                f"here, or install {label} {_minor(saved)}.x.")


def _minor(version):
    return ".".join(str(version).split(".")[:2])


def load_model(path, check_versions=True):
    """Load a model file into a DownscalingModel (see the module docstring)."""
    from .training import DownscalingModel, TrainConfig

    name = os.path.basename(str(path))
    manifest = read_manifest(path)
    if check_versions:
        check_compatible(manifest, f"The model '{name}'")
    with zipfile.ZipFile(path) as z:
        blob = z.read("estimators.pkl")
        arrays = dict(np.load(io.BytesIO(z.read("samples.npz")))) \
            if "samples.npz" in z.namelist() else {}
    if hashlib.sha256(blob).hexdigest() != manifest["estimators_sha256"]:
        raise InputError(f"The estimators in '{name}' do not match their checksum: the file "
                         "is damaged or was altered. Train the model again.")
    estimators = _Unpickler(io.BytesIO(blob)).load()
    _check_estimators(estimators, name)
    dated = {k[len(DATE_PREFIX):]: estimators.pop(k) for k in list(estimators)
             if k.startswith(DATE_PREFIX)}
    gap_estimator = estimators.pop(GAP_KEY, None)
    if GLOBAL not in estimators:
        raise InputError(f"'{name}' has no global model; the file is damaged.")
    config = TrainConfig.from_dict(manifest["config"], encoding=manifest.get("encoding"))
    info = dict(manifest["info"], versions=manifest["versions"], created=manifest["created"],
                plugin_version=manifest["plugin_version"],
                estimators_sha256=manifest["estimators_sha256"])
    info.update({k: v for k, v in arrays.items()})
    seasons = {k: tuple(v) for k, v in manifest["seasons"].items()}
    classes = {k: list(v) for k, v in manifest["classes"].items()}
    date_models = None
    if config.date_models != "none":
        from .date_models import DateModels

        about = info.get("date_models") or {}
        date_models = DateModels(dated, float(about.get("window_days", 0.0)),
                                 float(about.get("weight", 0.0)))
    gap_model = None
    about_gap = info.get("gap_model")
    if gap_estimator is not None and about_gap:
        from .training import GapModel, gap_columns

        gap_model = GapModel(gap_estimator, gap_columns(manifest["features"],
                                                        about_gap["layers"]),
                             list(about_gap["layers"]))
    return DownscalingModel(config, manifest["features"], estimators, seasons, classes, info,
                            date_models=date_models, gap_model=gap_model)


def _check_estimators(estimators, name):
    """Refuse estimators that cannot predict: a file whose checksum matches what was
    written, but what was written is not a fitted model (a dict, a number, …)."""
    retrain = "train it again with 'Train downscaling model'."
    if not isinstance(estimators, dict):
        raise InputError(f"'{name}' holds no fitted models (its estimators are "
                         f"{_a(estimators)}, not a table of models); {retrain}")
    for key, estimator in estimators.items():
        if not callable(getattr(estimator, "predict", None)):
            what = ("the gap model" if key == GAP_KEY else
                    f"the date {key[len(DATE_PREFIX):]}" if str(key).startswith(DATE_PREFIX)
                    else f"partition '{key}'")
            raise InputError(f"'{name}' holds no fitted model for {what} "
                             f"({_a(estimator)}); {retrain}")


def _a(value):
    """'a dict', 'an int', … for messages."""
    kind = type(value).__name__
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


# Engine modules that moved into subpackages, whose classes older model files name.
_MOVED_MODULES = {"gabp": "learn.gabp", "dbn": "learn.dbn"}


class _Unpickler(pickle.Unpickler):
    """Loads pickles that name engine modules by their path before the subpackages."""

    def find_class(self, module, name):
        head, sep, tail = module.rpartition(".engine.")
        if sep and tail in _MOVED_MODULES:
            module = f"{head}.engine.{_MOVED_MODULES[tail]}"
        return super().find_class(module, name)


def _array(value):
    """A numpy array without Python objects (labels become fixed-width text)."""
    arr = np.asarray(value)
    return arr.astype(str) if arr.dtype == object else arr


def _jsonable(value):
    """Numpy scalars/arrays and tuples → JSON types; NaN kept (JSON NaN)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value

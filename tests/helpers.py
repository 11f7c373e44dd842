"""Small rasters for tests, written with rasterio (no QGIS)."""
import os
import re
import subprocess

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin


def write_raster(path, data, crs="EPSG:32650", origin=(500000.0, 4600000.0), cell=1000.0,
                 nodata=-9999.0, dtype=None):
    """Write a single- or multi-band GeoTIFF; return its path as str."""
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[np.newaxis]
    with rasterio.open(
            path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1],
            count=data.shape[0], dtype=dtype or data.dtype, crs=CRS.from_user_input(crs),
            transform=from_origin(origin[0], origin[1], cell, cell), nodata=nodata) as ds:
        ds.write(data.astype(dtype or data.dtype))
    return str(path)


def dated_rasters(folder, names, shape=(20, 30), seed=0, **kwargs):
    """One random float32 raster per name; returns (paths, arrays) in name order."""
    rng = np.random.default_rng(seed)
    paths, arrays = [], []
    for name in names:
        arr = rng.uniform(0.05, 0.5, shape).astype("float32")
        paths.append(write_raster(folder / name, arr, **kwargs))
        arrays.append(arr)
    return paths, arrays


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QGIS_PROCESS = os.path.join(REPO, "scripts", "qgis_process")
PKG_DIR = os.path.join(REPO, "tests", ".pkg")  # the checkout linked as package smdownscale


def run_qgis_process(env, *args, cwd=None):
    """Run the repository's qgis_process wrapper; return the CompletedProcess."""
    return subprocess.run([QGIS_PROCESS, *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def glued_to_progress(line):
    """True when a qgis_process log line is a message run on from its progress ticks.

    qgis_process draws progress as "0...10...20" without a newline; a message printed
    next was glued to them: "...30.Wrote NDVI", ".949 sample(s)", "702019-06-09: …".
    A line of ticks alone ("...", "90...100 - done.") is not glued.
    """
    if re.fullmatch(r"[.\d]+( - done\.)?", line):
        return False
    return bool(re.match(r"[.\d]*\.|\d+[^\W\d_]|\d{5,}-\d\d-\d\d", line))


class CancelAfter:
    """Engine progress that reports cancellation from its (n+1)-th check on (n = 0: always)."""

    def __init__(self, checks):
        from smdownscale.engine.progress import SilentProgress

        self._silent = SilentProgress()
        self.checks = checks
        self.calls = 0

    def __getattr__(self, name):  # set_progress, info, warning: silent
        return getattr(self._silent, name)

    def is_cancelled(self):
        self.calls += 1
        return self.calls > self.checks

    def check_cancelled(self):
        from smdownscale.engine.errors import Cancelled

        if self.is_cancelled():
            raise Cancelled("Cancelled by the user.")


def assert_same_stack(path_a, path_b):
    """The two rasters hold the same arrays (NaN = NaN), dtypes, nodata, descriptions, units."""
    with rasterio.open(path_a) as a, rasterio.open(path_b) as b:
        assert a.dtypes == b.dtypes and a.nodata == b.nodata
        assert a.descriptions == b.descriptions and a.units == b.units
        assert np.array_equal(a.read(), b.read(), equal_nan=True)


def short_lightgbm(path, rounds=20):
    """The LightGBM model saved at ``path`` cut to its first ``rounds`` rounds (partitions
    and gap model, as Boosters): the same kind of model, compiled in a fraction of a second."""
    import lightgbm as lgb

    from smdownscale.engine.learn.modelfile import load_model

    def cut(estimator):
        text = estimator.booster_.model_to_string(num_iteration=rounds)
        return lgb.Booster(model_str=text)

    model = load_model(path)
    model.estimators = {k: cut(e) for k, e in model.estimators.items()}
    if model.gap_model is not None:
        model.gap_model.estimator = cut(model.gap_model.estimator)
    return model


def without_module_env(env, module, folder):
    """``env`` in which Python cannot import ``module``: a ``sitecustomize.py`` in
    ``folder``, put first on PYTHONPATH, sets ``sys.modules[module] = None`` (Python's own
    marker of a module that cannot be imported) before anything runs."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "sitecustomize.py"), "w", encoding="utf-8") as f:
        f.write(f"import sys\nsys.modules[{module!r}] = None\n")
    path = [str(folder)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(env, PYTHONPATH=os.pathsep.join(path))


class Messages:
    """Engine progress that collects the messages (``infos``, ``warnings``) and never cancels."""

    def __init__(self):
        from smdownscale.engine.progress import SilentProgress

        self._silent = SilentProgress()
        self.infos, self.warnings = [], []

    def info(self, message):
        self.infos.append(message)

    def warning(self, message):
        self.warnings.append(message)

    def __getattr__(self, name):  # set_progress, is_cancelled, check_cancelled, …
        return getattr(self._silent, name)


class CancelWhenCheckpointed(Messages):
    """Engine progress that collects the messages and cancels the run once the resume
    checkpoint of ``output`` (:func:`~smdownscale.engine.raster.resume.checkpoint_folder`)
    lists ``after`` finished bands."""

    def __init__(self, output, after=1):
        super().__init__()
        self.output, self.after = str(output), after

    def is_cancelled(self):
        return len(checkpointed(self.output)) >= self.after

    def check_cancelled(self):
        from smdownscale.engine.errors import Cancelled

        if self.is_cancelled():
            raise Cancelled("Cancelled by the user.")


def checkpointed(output):
    """The bands the resume checkpoint of ``output`` lists as finished ([] when none)."""
    import json

    from smdownscale.engine.raster.resume import MANIFEST, checkpoint_folder

    path = os.path.join(checkpoint_folder(output), MANIFEST)
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as f:
        return json.load(f)["finished"]


def resumed_line(progress):
    """The "Resumed: …" line of an engine run's log (None when it resumed nothing)."""
    return next((m for m in progress.infos if m.startswith("Resumed:")), None)

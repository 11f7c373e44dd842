"""Resuming an interrupted prediction (engine/predict/prediction.py, engine/raster/resume.py).

A run stopped after some dates — cancelled, or a process killed with SIGKILL — leaves
its finished dates in ``.resume_<key>/`` beside the output; a rerun with the same
inputs and options copies them and predicts the rest, and its outputs (soil
moisture, uncertainty, quality) must equal an uninterrupted run's array for array.
The runs use the random-forest model of ``predict_region`` cut to 10 trees (so the
uncertainty output is written too) on 3 dates, simple kriging with the variogram
pooled over all dates (fitted before any date is corrected, so a resumed run must
reuse it exactly), 4 windows per date.
"""
import json
import os
import re
import signal
import subprocess
import sys

import pytest
from helpers import assert_same_stack

from conftest import PKG_DIR
from smdownscale.engine.errors import Cancelled
from smdownscale.engine.learn.modelfile import load_model, save_model
from smdownscale.engine.predict.prediction import PredictOptions, predict_stack
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.raster.resume import checkpoint_folder, difference, file_identity

DATES = ("2019-06-03", "2019-06-10", "2019-06-18")
OPTIONS = PredictOptions(dates=DATES, correction="simple_kriging", variogram_scope="pooled",
                         block=128)
KINDS = ("out.tif", "spread.tif", "quality.tif")


class Messages(SilentProgress):
    """Collects the log; raises Cancelled once the checkpoint beside ``stop_at`` (an
    output path) lists ``after`` finished dates."""

    def __init__(self, stop_at=None, after=1):
        self.infos, self.stop_at, self.after = [], stop_at, after

    def info(self, message):
        self.infos.append(message)

    def check_cancelled(self):
        if self.stop_at and len(finished(self.stop_at)) >= self.after:
            raise Cancelled("Cancelled by the user.")


def finished(output):
    """Bands the checkpoint of ``output`` claims (empty when there is none)."""
    path = os.path.join(checkpoint_folder(output), "manifest.json")
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as f:
        return json.load(f)["finished"]


def run(region, folder, options=OPTIONS, progress=None):
    """Predict into ``folder`` (out, spread and quality .tif); return the progress."""
    progress = progress or Messages()
    out, spread, quality = (os.path.join(folder, name) for name in KINDS)
    predict_stack(load_model(region["small_rf"]), region["layers"], out,
                  coarse_path=region["coarse"], options=options, uncertainty_path=spread,
                  quality_path=quality, progress=progress)
    return progress


def interrupted(region, folder, after=1):
    """A run cancelled once ``after`` dates are checkpointed; return its checkpoint folder."""
    os.makedirs(folder, exist_ok=True)
    with pytest.raises(Cancelled):
        run(region, folder, progress=Messages(os.path.join(folder, "out.tif"), after))
    assert not os.path.exists(os.path.join(folder, "out.tif"))
    return checkpoint_folder(os.path.join(folder, "out.tif"))


def assert_same_outputs(folder, reference):
    for name in KINDS:
        assert_same_stack(os.path.join(folder, name), os.path.join(reference, name))


def reused(progress):
    found = [m for m in progress.infos if m.startswith("Resumed:")]
    return found[0] if found else None


@pytest.fixture(scope="module")
def region(predict_region, tmp_path_factory):
    """``predict_region`` with ``small_rf``: its random forest cut to 10 trees, saved."""
    model = load_model(predict_region["rf"])
    forest = model.estimators["all"]
    forest.estimators_, forest.n_estimators = forest.estimators_[:10], 10
    path = str(tmp_path_factory.mktemp("resume_model") / "small_rf.smdm")
    return dict(predict_region, small_rf=save_model(model, path))


@pytest.fixture(scope="module")
def reference(region, tmp_path_factory):
    """An uninterrupted run without checkpoints: (folder, its log)."""
    folder = str(tmp_path_factory.mktemp("resume_reference"))
    progress = run(region, folder, replace_resume(False))
    return folder, progress


def replace_resume(value):
    from dataclasses import replace

    return replace(OPTIONS, resume=value)


def test_uninterrupted_run_writes_no_checkpoint(reference):
    folder, progress = reference
    assert sorted(os.listdir(folder)) == sorted(KINDS)
    assert reused(progress) is None


SCRIPT = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from smdownscale.engine.learn.features import PredictorLayer
from smdownscale.engine.learn.modelfile import load_model
from smdownscale.engine.predict.prediction import PredictOptions, predict_stack
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.raster.resume import checkpoint_folder

folder, model, coarse = sys.argv[2:5]
layers = [PredictorLayer(n, p, categorical=c == "1")
          for n, p, c in (a.split("|") for a in sys.argv[5:])]
manifest = os.path.join(checkpoint_folder(os.path.join(folder, "out.tif")), "manifest.json")

class WaitWhenCheckpointed(SilentProgress):
    def check_cancelled(self):  # once a date is kept: say so and wait to be killed
        if os.path.isfile(manifest) and json.load(open(manifest))["finished"]:
            print("checkpointed", flush=True)
            time.sleep(120)

predict_stack(load_model(model), layers, os.path.join(folder, "out.tif"), coarse_path=coarse,
              options=PredictOptions(dates=%r, block=128),
              uncertainty_path=os.path.join(folder, "spread.tif"),
              quality_path=os.path.join(folder, "quality.tif"), progress=WaitWhenCheckpointed())
print("finished", flush=True)
""" % (DATES,)


def test_run_killed_with_sigkill_resumes_to_the_same_outputs(region, reference,
                                                             tmp_path):
    folder = str(tmp_path)
    layers = [f"{l.name}|{l.path}|{int(l.categorical)}" for l in region["layers"]]
    child = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, PKG_DIR, folder, region["small_rf"],
         region["coarse"]] + layers, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        line = child.stdout.readline().strip()
        assert line == "checkpointed", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    kept = checkpoint_folder(os.path.join(folder, "out.tif"))
    assert finished(os.path.join(folder, "out.tif")) == [1]
    assert not os.path.exists(os.path.join(folder, "out.tif"))
    progress = run(region, folder)
    assert reused(progress) == (f"Resumed: 1 of 3 date(s) reused from an interrupted run "
                                f"({kept})")
    assert_same_outputs(folder, reference[0])
    assert sorted(os.listdir(folder)) == sorted(KINDS)  # checkpoint and partial files gone


def test_cancelled_run_resumes_with_the_pooled_variogram_and_records(region,
                                                                     reference, tmp_path):
    folder = str(tmp_path)
    kept = interrupted(region, folder, after=2)
    assert sorted(n for n in os.listdir(kept) if n.endswith(".tif")) == [
        f"{kind}_{band:05d}.tif" for kind in ("quality", "spread", "values") for band in (1, 2)]
    progress = run(region, folder)
    assert reused(progress).startswith("Resumed: 2 of 3 date(s) reused")
    assert "Pooled variogram of the interrupted run: " + _pooled(reference[1]) in \
        progress.infos
    assert_same_outputs(folder, reference[0])
    # every date's log line (counts, mass error, variogram) as in the uninterrupted run
    per_date = lambda log: [m for m in log if re.match(r"\d{4}-\d\d-\d\d: \d+ pixel", m)]  # noqa
    assert per_date(progress.infos) == per_date(reference[1].infos)
    assert not os.path.exists(kept)


def _pooled(progress):
    line = next(m for m in progress.infos if m.startswith("Pooled variogram of 3 date(s): "))
    return line.split(": ", 1)[1]


def test_changed_input_discards_the_checkpoint_and_says_why(region, reference,
                                                            tmp_path):
    folder = str(tmp_path)
    kept = interrupted(region, folder)
    ndvi = next(l.path for l in region["layers"] if l.name == "ndvi")
    before = os.stat(ndvi)
    os.utime(ndvi, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))  # same content
    try:
        progress = run(region, folder)
    finally:
        os.utime(ndvi, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (f"The checkpoint in {kept} belongs to another run (predictor ndvi.tif changed); "
            "starting over.") in progress.infos
    assert reused(progress) is None
    assert_same_outputs(folder, reference[0])
    assert not os.path.exists(kept)


def test_resume_off_never_reads_or_writes_a_checkpoint(region, reference, tmp_path):
    folder = str(tmp_path)
    kept = interrupted(region, folder)
    manifest = os.path.join(kept, "manifest.json")
    stored = (open(manifest, "rb").read(), os.stat(manifest).st_mtime_ns, sorted(os.listdir(kept)))
    progress = run(region, folder, replace_resume(False))
    assert reused(progress) is None
    assert not any("checkpoint" in m for m in progress.infos)
    assert_same_outputs(folder, reference[0])
    assert (open(manifest, "rb").read(), os.stat(manifest).st_mtime_ns,
            sorted(os.listdir(kept))) == stored


def test_difference_names_what_changed():
    base = {"output": "/o.tif", "inputs": [{"role": "predictor ndvi", "kind": "predictor",
                                            "path": "/d/ndvi.tif", "size": 1, "mtime_ns": 2}],
            "options": {"clip_max": 0.6}, "model": "a", "plugin_version": "1.0"}
    assert difference(base, base) is None
    assert difference(base, dict(base, options={"clip_max": 0.5})) == \
        "option clip_max changed (0.6 → 0.5)"
    assert difference(base, dict(base, model="b")) == "the model changed"
    assert difference(base, dict(base, plugin_version="1.1")) == "the plugin was updated"
    assert difference(base, dict(base, inputs=[])) == "predictor ndvi.tif is no longer an input"
    bigger = dict(base["inputs"][0], size=5)
    assert difference(base, dict(base, inputs=[bigger])) == "predictor ndvi.tif changed"
    remote = file_identity("predictor", "/vsicurl/http://host/ndvi.tif", "ndvi")
    assert remote == {"role": "predictor ndvi", "kind": "predictor", "size": None,
                      "path": "/vsicurl/http://host/ndvi.tif", "mtime_ns": None}


def test_inputs_of_one_kind_are_told_apart(tmp_path):
    # importers give many files of one kind: each is named by its file name (and its
    # position when two share a name), so a difference names the file that changed
    from smdownscale.engine.raster.resume import run_identity

    paths = [tmp_path / "a" / "day.h5", tmp_path / "b" / "day.h5", tmp_path / "c.h5"]
    for k, path in enumerate(paths):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x" * (k + 1))
    before = run_identity(tmp_path / "o.tif", [("product file", p) for p in paths], {})
    assert [f["role"] for f in before["inputs"]] == [
        "product file day.h5", "product file day.h5 (2)", "product file c.h5"]
    paths[2].write_bytes(b"longer")
    after = run_identity(tmp_path / "o.tif", [("product file", p) for p in paths], {})
    assert difference(before, after) == "product file c.h5 changed"


def test_date_groups_with_a_variogram_per_date_resume_mid_group(region, tmp_path,
                                                                 monkeypatch):
    """Groups of 2 dates (DATE_GROUP), stopped after the first date of the first group."""
    from dataclasses import replace

    from smdownscale.engine.predict import prediction

    monkeypatch.setattr(prediction, "DATE_GROUP", 2)
    options = replace(OPTIONS, variogram_scope="date", mass_preserving=True)
    fresh, folder = str(tmp_path / "fresh"), str(tmp_path / "resumed")
    os.makedirs(fresh)
    run(region, fresh, replace(options, resume=False))
    os.makedirs(folder)
    with pytest.raises(Cancelled):
        run(region, folder, options, Messages(os.path.join(folder, "out.tif"), 1))
    progress = run(region, folder, options)
    assert reused(progress).startswith("Resumed: 1 of 3 date(s) reused")
    assert_same_outputs(folder, fresh)


class Band:
    """A readable writer stand-in: one float32 band of 5 × 4 cells."""

    dtype, nodata = "float32", -9999.0

    def __init__(self, values):
        self.values = values

    def read(self, band, window):
        return self.values[window.toslices()]


def test_a_band_the_manifest_claims_but_the_folder_lacks_voids_the_checkpoint(tmp_path):
    """As if the files were lost after the manifest was written: nothing is reused."""
    import numpy as np
    from rasterio.crs import CRS
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.resume import RunCheckpoint

    grid = Grid(CRS.from_epsg(6933), from_origin(0, 0, 1000, 1000), 5, 4)
    values = np.arange(20, dtype="float32").reshape(4, 5)
    out, identity = str(tmp_path / "out.tif"), {"output": str(tmp_path / "out.tif")}
    first = RunCheckpoint(out, identity, grid, Messages()).open()
    assert first.finished == [] and not os.path.exists(first.folder)  # made on first save
    first.save_state(pooled={"nugget": 0.1})
    first.save_band(1, {"values": Band(values)}, [Window(0, 0, 5, 4)], {"n": 1})
    again = RunCheckpoint(out, identity, grid, Messages()).open()
    assert again.finished == [1] and again.records == {1: {"n": 1}}
    assert again.state == {"pooled": {"nugget": 0.1}}
    assert (again.read("values", 1, Window(0, 0, 5, 4)) == values).all()
    assert sorted(os.listdir(first.folder)) == ["manifest.json", "values_00001.tif"]
    os.remove(first.band_path("values", 1))
    log = Messages()
    lost = RunCheckpoint(out, identity, grid, log).open()
    assert lost.finished == [] and not os.path.exists(first.folder)
    assert log.infos == [f"The checkpoint in {first.folder} is incomplete (a finished "
                         "date's file is missing); starting over."]

"""The HTML training report, written for models trained by the real engine."""
import base64
import copy
import dataclasses
import html
import os
import re
import struct
import subprocess
import sys
from html.parser import HTMLParser

import numpy as np
import pytest
import rasterio
from helpers import PKG_DIR, write_raster

from smdownscale.engine.learn.features import PredictorLayer
from smdownscale.engine.learn.learners import LABELS
from smdownscale.engine.report.training_report import write_training_report
from smdownscale.engine.learn.samples import SampleOptions, build_samples
from smdownscale.engine.learn.training import TrainConfig, train

DATES = ["2019-01-15", "2019-03-10", "2019-06-01", "2019-07-01", "2019-09-01", "2019-12-01"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
FAST = {"seed": 1, "n_threads": 1, "importance_repeats": 2}  # 1 thread: far faster here


def _dated(path, data, cell):
    """Write a dated stack (band descriptions = ISO dates of DATES)."""
    write_raster(path, data, cell=cell)
    with rasterio.open(path, "r+") as ds:
        for i, day in enumerate(DATES):
            ds.set_band_description(i + 1, day)
    return str(path)


def _block_mean(a):
    """Mean over 5 × 5 fine cells (40 × 40 fine → 8 × 8 coarse)."""
    return a.reshape(a.shape[:-2] + (8, 5, 8, 5)).mean(axis=(-3, -1))


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """320 samples on 5 dates; the last coarse date has 38 % valid cells and is dropped."""
    folder = tmp_path_factory.mktemp("report_inputs")
    rng = np.random.default_rng(0)
    dem = rng.uniform(0, 1000, (40, 40)).astype("float32")
    ndvi = rng.uniform(0, 1, (len(DATES), 40, 40)).astype("float32")
    sm = 0.1 + 2e-4 * _block_mean(dem)[None] + 0.2 * _block_mean(ndvi)
    sm = (sm + rng.normal(0, 0.01, sm.shape)).astype("float32")
    sm[-1, :5, :] = -9999.0
    write_raster(folder / "dem.tif", dem)
    with rasterio.open(folder / "dem.tif", "r+") as ds:
        ds.set_band_unit(1, "m")  # ndvi declares no unit
    layers = [PredictorLayer("dem", folder / "dem.tif"),
              PredictorLayer("ndvi", _dated(folder / "ndvi.tif", ndvi, 1000.0))]
    coarse = _dated(folder / "sm.tif", sm, 5000.0)
    return build_samples(coarse, layers, options=SampleOptions(add_doy=True, min_coverage=0.9))


@pytest.fixture(scope="module")
def models(samples):
    """Real LightGBM models: random split, 3-fold, seasons (random split), 25 samples."""
    few = dataclasses.replace(samples, **{k: getattr(samples, k)[:25] for k in (
        "X", "y", "date_index", "months", "rows", "cols", "zones")})
    return {"random": train(samples, TrainConfig("lightgbm", **FAST)),
            "kfold": train(samples, TrainConfig("lightgbm", validation="kfold", folds=3, **FAST)),
            "seasons": train(samples, TrainConfig("lightgbm", seasons="meteorological", **FAST)),
            "few": train(few, TrainConfig("lightgbm", **FAST))}


@pytest.fixture(scope="module")
def reports(models, tmp_path_factory):
    """Each model's report: name → (folder, path returned, HTML text)."""
    out = {}
    for name, model in models.items():
        folder = tmp_path_factory.mktemp(f"report_{name}")
        path = write_training_report(folder / "report.html", model)
        with open(path, encoding="utf-8") as f:
            out[name] = (folder, path, f.read())
    return out


def _variant(model, **info):
    """A copy of ``model`` whose info has the given keys replaced."""
    other = copy.copy(model)
    other.info = dict(copy.deepcopy(model.info), **info)
    return other


def _write(model, folder, **kwargs):
    """Write a report; return its text."""
    with open(write_training_report(folder / "report.html", model, **kwargs),
              encoding="utf-8") as f:
        return f.read()


def _images(text):
    """Decoded PNG bytes of every embedded image."""
    return [base64.b64decode(data) for data in IMAGE.findall(text)]


def _png_size(data):
    """(width, height) from a PNG's IHDR chunk."""
    return struct.unpack(">II", data[16:24])


def _table_after(text, heading):
    """Body rows (lists of cell texts) of the first table after ``heading``."""
    table = text[text.index(heading):].split("<table>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)] for r in rows]


class _Nesting(HTMLParser):
    """Checks that every non-void element is closed in order."""

    VOID = frozenset(("meta", "img", "br", "hr", "link", "input"))

    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def _assert_valid_html(text):
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    parser = _Nesting()
    parser.feed(text)
    parser.close()
    assert not parser.errors and not parser.stack


def test_random_split_report(models, reports):
    model = models["random"]
    folder, path, text = reports["random"]
    assert path == str(folder / "report.html") and os.path.isfile(path)
    _assert_valid_html(text)
    assert LABELS["lightgbm"] in text and "random 70/15/15 split" in text
    for heading in ("Data", "Metrics", "Partitions", "Predicted vs observed",
                    "Feature importance", "Hyperparameters", "Run configuration"):
        assert f"<h2>{heading}</h2>" in text
    for split in ("train (in-sample)", "validation", "test (held out)"):
        assert f"<td>{split}</td>" in text
    assert "Per fold" not in text and "Library versions" not in text
    reason = model.info["dropped"][0][1]
    assert "coarse cells valid" in reason and html.escape(reason) in text
    assert len(_images(text)) >= 3  # coverage, scatter, %IncMSE (+ SHAP for LightGBM)
    rmse = model.info["metrics"]["test"]["rmse"]
    assert f'<td class="num">{rmse:.4f}</td>' in text
    assert f"RMSE = {rmse:.4f} m³/m³" in text  # the summary's headline
    assert os.listdir(folder) == ["report.html"]  # no temporary file left


def test_declared_units_are_shown_and_missing_ones_marked(models, reports, tmp_path):
    _, _, text = reports["random"]
    layers = {row[0]: row[3] for row in _table_after(text, "<h3>Predictor layers</h3>")}
    assert layers == {"dem": "m", "ndvi": "not declared"}
    features = {row[1]: row[3] for row in _table_after(text, "<h3>Features</h3>")}
    assert features["dem"] == "m" and features["ndvi"] == "not declared"
    assert features["doy_sin"] == "unitless"
    assert "gdal_edit.py -units" in text  # how to declare one
    declared = _variant(models["random"], layers=[
        dict(layer, units=layer["units"] or "1") for layer in models["random"].info["layers"]])
    declared.features = [dict(f, units=f.get("units") or "1") for f in declared.features]
    assert "not declared" not in _write(declared, tmp_path).split("<h3>Dates</h3>")[0]
    assert "gdal_edit.py" not in _write(declared, tmp_path)


def test_embedded_images_are_png(reports):
    images = _images(reports["random"][2])
    assert all(data.startswith(PNG_SIGNATURE) for data in images)
    assert all(w > 100 and h > 100 for w, h in map(_png_size, images))


def test_kfold_report_has_per_fold_table(models, reports):
    text = reports["kfold"][2]
    _assert_valid_html(text)
    rows = _table_after(text, "<h3>Per fold</h3>")
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert rows[0][2] == f"{models['kfold'].info['folds'][0]['r']:.4f}"
    assert "out-of-fold (every sample held out once)" in text and "test (held out)" not in text
    assert "random k-fold (3 folds)" in text and len(_images(text)) >= 3


def test_season_partitions_and_fallbacks_listed(models, reports):
    info = models["seasons"].info
    text = reports["seasons"][2]
    rows = _table_after(text, "<h2>Partitions</h2>")
    assert sorted(r[0] for r in rows) == sorted(p["partition"] for p in info["partitions"])
    assert {r[0] for r in rows} == {"DJF", "MAM", "JJA", "SON"}
    assert info["fallbacks"], "the fixture should leave some season below 50 training samples"
    for key, n in info["fallbacks"].items():
        assert f"{key} ({n} training samples)" in text
        assert next(r for r in rows if r[0] == key)[2] == "all (global model, fallback)"
    assert "DJF = months 12, 1, 2" in text


def test_very_few_samples(models, reports):
    assert models["few"].info["n_samples"] == 25
    folder, _, text = reports["few"]
    _assert_valid_html(text)
    assert "25 coarse-cell samples" in text and len(_images(text)) >= 3
    assert os.listdir(folder) == ["report.html"]


def test_user_text_is_escaped(models, tmp_path):
    dropped = models["random"].info["dropped"] + [["2019-01-01", "<script>x</script>"]]
    text = _write(_variant(models["random"], dropped=dropped), tmp_path,
                  title="Run <b>&</b> co")
    _assert_valid_html(text)
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text and "Run &lt;b&gt;&amp;&lt;/b&gt; co" in text


def test_nan_metrics_and_empty_validation_split(models, tmp_path):
    info = models["random"].info
    metrics = copy.deepcopy(info["metrics"])
    metrics["test"].update(r=float("nan"), skill=float("nan"))
    metrics["validation"] = {k: (0 if k == "n" else float("nan")) for k in metrics["train"]}
    split = np.where(info["split"] == "validation", "train", info["split"]).astype(object)
    text = _write(_variant(models["random"], metrics=metrics, split=split,
                           fit_seconds=float("nan")), tmp_path)
    _assert_valid_html(text)
    rows = {r[0]: r[1:] for r in _table_after(text, "<h2>Metrics</h2>")}
    assert rows["validation"] == ["0"] + ["—"] * 6
    assert rows["test (held out)"][1] == "—" and rows["test (held out)"][6] == "—"
    assert "R = —" in text and len(_images(text)) >= 3


def test_many_features_make_taller_charts(models, reports, tmp_path):
    names = [f"feature_{i:02d}" for i in range(60)]
    importance = [{"feature": n, "incmse": 60.0 - i, "incmse_sd": 1.0}
                  for i, n in enumerate(names)]
    shap = [{"feature": n, "mean_abs_shap": (60 - i) * 1e-4} for i, n in enumerate(names)]
    text = _write(_variant(models["random"], importance=importance, shap=shap), tmp_path)
    few_heights = [_png_size(d)[1] for d in _images(reports["random"][2])[-2:]]
    many_heights = [_png_size(d)[1] for d in _images(text)[-2:]]
    assert all(m > 4 * f for m, f in zip(many_heights, few_heights))
    assert "feature_59" in text


def test_no_shap_explained_and_versions_listed(models, tmp_path):
    text = _write(_variant(models["kfold"], shap=None, shap_source=None,
                           versions={"lightgbm": "4.0", "numpy": "1.24"},
                           best_params={"learning_rate": 0.1, "num_leaves": 15}), tmp_path)
    _assert_valid_html(text)
    assert "Mean |SHAP| values need a tree learner" in text
    assert _table_after(text, "<h3>Library versions</h3>") == [["lightgbm", "4.0"],
                                                                 ["numpy", "1.24"]]
    assert ["num_leaves", "15"] in _table_after(text, "<h2>Hyperparameters</h2>")
    assert len(_images(text)) == 3  # coverage, scatter, %IncMSE


def test_overwrite_leaves_only_the_report(models, tmp_path):
    first = _write(models["random"], tmp_path, title="first")
    second = _write(models["random"], tmp_path, title="second")
    assert "<h1>first</h1>" in first and "<h1>second</h1>" in second
    assert os.listdir(tmp_path) == ["report.html"]


def test_report_module_imports_no_qgis_or_pyplot():
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "import smdownscale.engine.report.training_report; "
            "bad = [m for m in sys.modules if m == 'qgis' or m.startswith(('qgis.', "
            "'matplotlib.pyplot'))]; assert not bad, bad")
    pkg = PKG_DIR
    subprocess.run([sys.executable, "-c", code, pkg], check=True, timeout=120)

"""The model file: round trip, plain-Python loading, refusals with reasons."""
import json
import os
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from helpers import PKG_DIR

from smdownscale.engine.errors import InputError
from smdownscale.engine.learn.features import PredictorLayer
from smdownscale.engine.learn.modelfile import (FORMAT_VERSION, library_versions, load_model,
                                                read_manifest, save_model)
from smdownscale.engine.learn.samples import SampleOptions, build_samples
from smdownscale.engine.learn.training import TrainConfig, train


@pytest.fixture(scope="module")
def trained(training_region, tmp_path_factory):
    layers = [PredictorLayer(n, p) for n, p in training_region["predictors"].items()]
    layers += [PredictorLayer(n, p, categorical=True)
               for n, p in training_region["categorical"].items()]
    samples = build_samples(training_region["coarse"], layers,
                            options=SampleOptions(min_coverage=0.8))
    model = train(samples, TrainConfig("lightgbm", seasons="meteorological", n_threads=2,
                                       importance_repeats=1, min_partition_samples=10))
    path = str(tmp_path_factory.mktemp("model") / "sm.smdm")
    save_model(model, path)
    return model, samples, path


def test_round_trip_predicts_identically(trained):
    model, samples, path = trained
    back = load_model(path)
    assert back.feature_names == model.feature_names
    assert back.classes == {"landcover": [1, 2, 3, 4, 5]}
    assert set(back.estimators) == {"all", "JJA"}
    assert back.season_table["JJA"] == (6, 7, 8)
    assert back.config.as_dict() == model.config.as_dict()
    assert back.info["metrics"]["test"]["rmse"] == pytest.approx(
        model.info["metrics"]["test"]["rmse"])
    np.testing.assert_array_equal(back.info["y"], samples.y)
    assert np.array_equal(back.predict(samples.X, samples.months, samples.zones),
                          model.predict(samples.X, samples.months, samples.zones))


def test_manifest_holds_the_contract(trained):
    model, samples, path = trained
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["estimators.pkl", "manifest.json", "samples.npz"]
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["format_version"] == FORMAT_VERSION and manifest["seed"] == 42
    names = [f["name"] for f in manifest["features"]]
    assert names == samples.feature_names
    units = {f["name"]: f["units"] for f in manifest["features"]}
    assert units["doy_sin"] == "unitless" and units["landcover_class3"] == "fraction (0-1)"
    assert manifest["versions"]["sklearn"] == library_versions()["sklearn"]
    assert manifest["libraries"] == ["sklearn", "lightgbm"]
    assert manifest["partitions"] == ["JJA", "all"]
    assert manifest["info"]["dates"] == samples.dates


def test_loads_in_plain_python_without_qgis(trained, tmp_path):
    model, samples, path = trained
    np.save(tmp_path / "X.npy", samples.X[:20])
    code = (
        "import sys, numpy as np; sys.path.insert(0, sys.argv[1]);"
        "from smdownscale.engine.learn.modelfile import load_model;"
        "m = load_model(sys.argv[2]);"
        "print(repr(m.predict(np.load(sys.argv[3]), np.full(20, 6)).tolist()));"
        "print('qgis' in sys.modules)")
    pkg = PKG_DIR
    out = subprocess.run([sys.executable, "-c", code, pkg, path, str(tmp_path / "X.npy")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    values, qgis_loaded = out.stdout.strip().splitlines()
    assert np.array_equal(np.array(eval(values)), model.predict(samples.X[:20], np.full(20, 6)))
    assert qgis_loaded == "False"


def _rewrite(path, out, change):
    """Copy a model file with its manifest changed by ``change(manifest)``."""
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest)
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return str(out)


@pytest.fixture(scope="module")
def mode_samples(training_region):
    """The training region with its land cover encoded as one class-code feature."""
    layers = [PredictorLayer(n, p) for n, p in training_region["predictors"].items()]
    layers += [PredictorLayer(n, p, categorical=True)
               for n, p in training_region["categorical"].items()]
    return build_samples(training_region["coarse"], layers,
                         options=SampleOptions(encoding="mode", min_coverage=0.8))


def test_the_encoding_round_trips_in_the_config(mode_samples, tmp_path):
    config = TrainConfig("knn", n_threads=1, importance_repeats=1, encoding="mode")
    model = train(mode_samples, config)
    assert model.config.encoding == model.encoding == "mode"
    path = save_model(model, str(tmp_path / "mode.smdm"))
    manifest = read_manifest(path)
    assert manifest["encoding"] == "mode"  # where every version-1 file keeps it
    assert "encoding" not in manifest["config"]  # so older plugins still read the config
    back = load_model(path)
    assert back.config == model.config and back.encoding == "mode"
    assert [f["kind"] for f in back.features if f.get("source") == "landcover"] == ["class_code"]
    assert np.array_equal(back.predict(mode_samples.X), model.predict(mode_samples.X))


def test_train_refuses_samples_of_another_encoding(mode_samples):
    with pytest.raises(InputError, match=r"samples were built with the 'mode' encoding of "
                                         r"categorical layers, but the training configuration "
                                         r"says 'fractions'"):
        train(mode_samples, TrainConfig("knn", n_threads=1, importance_repeats=1))


def test_refuses_newer_format(trained, tmp_path):
    bad = _rewrite(trained[2], tmp_path / "new.smdm",
                   lambda m: m.update(format_version=FORMAT_VERSION + 1))
    with pytest.raises(InputError, match=f"format version {FORMAT_VERSION + 1}.*reads up to "
                                         f"version {FORMAT_VERSION}"):
        load_model(bad)


def test_refuses_other_library_version(trained, tmp_path):
    bad = _rewrite(trained[2], tmp_path / "old.smdm",
                   lambda m: m["versions"].update(sklearn="0.24.2"))
    with pytest.raises(InputError, match=r"trained with scikit-learn 0\.24\.2.*install "
                                         r"scikit-learn 0\.24\.x"):
        load_model(bad)
    assert load_model(bad, check_versions=False).feature_names  # expert override


def test_refuses_altered_estimators(trained, tmp_path):
    bad = _rewrite(trained[2], tmp_path / "altered.smdm",
                   lambda m: m.update(estimators_sha256="0" * 64))
    with pytest.raises(InputError, match="checksum"):
        load_model(bad)


def test_refuses_files_that_are_not_models(tmp_path):
    text = tmp_path / "notes.smdm"
    text.write_text("hello")
    with pytest.raises(InputError, match="notes.smdm' is not a soil-moisture downscaling model"):
        read_manifest(str(text))
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("manifest.json", json.dumps({"format": "something-else"}))
    with pytest.raises(InputError, match="format 'something-else'"):
        load_model(str(other))
    with pytest.raises(InputError, match="does not exist"):
        load_model(str(tmp_path / "missing.smdm"))


def test_save_is_atomic(trained, tmp_path):
    model, _, _ = trained
    target = tmp_path / "m.smdm"
    save_model(model, str(target))
    assert os.listdir(tmp_path) == ["m.smdm"]


def test_loads_a_model_written_by_the_flat_engine_layout():
    """A model saved before the engine's subpackages (its pickle names
    smdownscale.engine.gabp and smdownscale.engine.dbn) loads and predicts as it did.

    The file and the predictions it made then were written by
    data/make_flat_layout_model.py at commit 7b75447 (the last flat layout).
    """
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    path = os.path.join(data, "flat_layout_stacking_gabp_dbn.smdm")
    with zipfile.ZipFile(path) as z:
        blob = z.read("estimators.pkl")
    assert b"smdownscale.engine.gabp" in blob and b"smdownscale.engine.dbn" in blob
    model = load_model(path)
    assert model.config.learner == "stacking" and model.config.stack_base == ("gabp", "dbn")
    expected = np.load(os.path.join(data, "flat_layout_expected.npz"))
    np.testing.assert_allclose(model.predict(expected["X"]), expected["pred"], rtol=1e-12,
                               atol=0)


LEGACY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                      "flat_layout_stacking_gabp_dbn.smdm")


def test_a_config_without_encoding_takes_the_manifest_encoding():
    """Files written before TrainConfig held the encoding keep it only at the top level."""
    assert "encoding" not in read_manifest(LEGACY)["config"]
    model = load_model(LEGACY)
    assert model.config.encoding == model.encoding == "fractions"


def test_unknown_and_missing_config_keys_do_not_stop_loading(tmp_path):
    """A newer file's extra choices are ignored; an older file's missing ones default."""
    def change(manifest):
        manifest["config"]["future_choice"] = 3
        del manifest["config"]["learner_params"]  # files before GABP/DBN parameters
        manifest["encoding"] = "mode"

    model = load_model(_rewrite(LEGACY, tmp_path / "other.smdm", change))
    assert model.config.learner_params == {} and model.config.stack_base == ("gabp", "dbn")
    assert model.config.encoding == "mode" and not hasattr(model.config, "future_choice")
    expected = np.load(os.path.join(os.path.dirname(LEGACY), "flat_layout_expected.npz"))
    np.testing.assert_allclose(model.predict(expected["X"]), expected["pred"], rtol=1e-12,
                               atol=0)

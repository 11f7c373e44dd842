"""Model files that are not models: refused at load, saying what the file is or holds.

The layout is the one engine/learn/modelfile.py documents: a ZIP archive with
manifest.json (whose ``estimators_sha256`` is the SHA-256 of estimators.pkl) and
estimators.pkl (a pickled dict partition key → estimator, dates under ``date:<ISO>``,
the gap model under ``gap:model``). The files below keep a valid checksum, so only
the check of what was pickled can refuse them.
"""
import hashlib
import json
import os
import pickle
import zipfile

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from sklearn.dummy import DummyRegressor

from smdownscale.engine.errors import InputError
from smdownscale.engine.learn.modelfile import load_model

LEGACY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                      "flat_layout_stacking_gabp_dbn.smdm")
RETRAIN = "; train it again with 'Train downscaling model'."
EXPECTED = ("A model file is a ZIP archive holding manifest.json and estimators.pkl, written by "
            "'Train downscaling model' (.smdm): choose that file, or train one.")


def _with_estimators(path, estimators):
    """A copy of a real model file whose estimators.pkl is ``estimators``, checksum updated."""
    blob = pickle.dumps(estimators, protocol=4)
    with zipfile.ZipFile(LEGACY) as src:
        manifest = json.loads(src.read("manifest.json"))
        samples = src.read("samples.npz")
    manifest["estimators_sha256"] = hashlib.sha256(blob).hexdigest()
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.writestr("estimators.pkl", blob)
        z.writestr("samples.npz", samples)
    return str(path)


def _fitted():
    return DummyRegressor().fit(np.zeros((3, 1)), np.arange(3.0))


@pytest.mark.parametrize("estimators, message", [
    ({"global": {"learner": "lightgbm"}}, "holds no fitted model for partition 'global' (a dict)"),
    ({"global": _fitted(), "date:2019-06-01": 0.25},
     "holds no fitted model for the date 2019-06-01 (a float)"),
    ({"global": _fitted(), "gap:model": [1, 2]},
     "holds no fitted model for the gap model (a list)"),
], ids=["partition-dict", "date-float", "gap-list"])
def test_estimators_that_are_not_models_are_refused(tmp_path, estimators, message):
    path = _with_estimators(tmp_path / "sm.smdm", estimators)
    with pytest.raises(InputError) as caught:
        load_model(path)
    assert str(caught.value) == f"'sm.smdm' {message}{RETRAIN}"


def test_estimators_that_are_not_a_table_are_refused(tmp_path):
    path = _with_estimators(tmp_path / "sm.smdm", ["global"])
    with pytest.raises(InputError) as caught:
        load_model(path)
    assert str(caught.value) == ("'sm.smdm' holds no fitted models (its estimators are a list, "
                                 f"not a table of models){RETRAIN}")


def _text(path):
    path.write_text("<!DOCTYPE html>\n<html>Not found</html>\n")
    return "a text file beginning '<!DOCTYPE html>'"


def _geotiff(path):
    with rasterio.open(path, "w", driver="GTiff", width=2, height=2, count=1, dtype="uint8",
                       crs="EPSG:4326", transform=from_origin(0, 2, 1, 1)) as ds:
        ds.write(np.ones((1, 2, 2), "uint8"))
    return "a TIFF image"


def _zip_without_manifest(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
        z.writestr("model.pkl", b"\x80\x04N.")
    return "a ZIP archive without manifest.json (it holds readme.txt, model.pkl)"


def _bad_json(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", "{format: smdm")
    return "a ZIP archive whose manifest.json is not valid JSON ("


def _empty(path):
    path.write_bytes(b"")
    return "an empty file"


@pytest.mark.parametrize("make", [_text, _geotiff, _zip_without_manifest, _bad_json, _empty],
                         ids=["text", "geotiff", "zip-without-manifest", "bad-json", "empty"])
def test_foreign_files_say_what_they_are(tmp_path, make):
    path = tmp_path / "model.smdm"
    kind = make(path)
    with pytest.raises(InputError) as caught:
        load_model(str(path))
    message = str(caught.value)
    prefix = f"'model.smdm' is not a soil-moisture downscaling model: it is {kind}"
    assert message.startswith(prefix) and message.endswith(f". {EXPECTED}"), message

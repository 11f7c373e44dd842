"""Damaged and wrong inputs through qgis_process: a message naming the file and the fix.

Each run must exit non-zero with the plugin's own message (no Python traceback, no
GDAL error lines), leave no output and keep an existing output byte for byte.
Damaged files are made by tests/damaged_files.py.
"""
import os
import re
import zipfile

import pytest
from damaged_files import corrupt_tile, tiled_copy, truncate
from helpers import run_qgis_process as qgis_process

pytestmark = pytest.mark.qgis_process
OLD = b"an output from an earlier run"
FIX = "; download or create it again."


def _layers(region, replace=None):
    replace = replace or {}
    args = [f"--PREDICTORS={replace.get(p, p)}" for p in region["predictors"].values()]
    return args + [f"--CATEGORICAL={p}" for p in region["categorical"].values()]


def _refused(run, gdal_lines=0):
    """The run's output; asserts a clean refusal.

    ``gdal_lines``: the most GDAL error lines (``ERROR 1``–``4``) QGIS itself may print
    while it loads a damaged layer for the parameters, before the algorithm starts (3
    when it reads the layer's statistics, none when it does not); the plugin adds none.
    ("ERROR 5: … dfMax" is QGIS's statistics of a constant layer.)
    """
    text = run.stdout + run.stderr
    assert run.returncode != 0, text
    assert "Traceback" not in text, text
    assert len(re.findall(r"^ERROR [1-4]:", text, re.M)) <= gdal_lines, text
    return text


def _only(folder, names):
    """``folder`` holds ``names`` (and the .aux.xml statistics QGIS may write)."""
    found = [n for n in os.listdir(folder) if not n.endswith(".aux.xml")]
    assert sorted(found) == sorted(names), found


def test_predict_with_a_corrupt_tile_names_file_band_and_window(profile_env, predict_region,
                                                                 tmp_path):
    dem = predict_region["predictors"]["dem"]
    bad = tiled_copy(dem, str(tmp_path / os.path.basename(dem)))  # same layer name
    corrupt_tile(bad, 1, 1, 1)
    out = tmp_path / "sm.tif"
    out.write_bytes(OLD)
    run = qgis_process(profile_env, "run", "smdownscale:predict",
                       f"--MODEL={predict_region['lightgbm']}",
                       *_layers(predict_region, {dem: bad}),
                       f"--COARSE_SM={predict_region['coarse']}", "--DATES=2019-06-05",
                       f"--OUTPUT={out}")
    text = _refused(run, gdal_lines=3)  # QGIS's layer statistics read the tile first
    assert re.search(re.escape(f"'{bad}' is damaged or incomplete: band 1 cannot be read in the "
                               "window at row ") + r"\d+, column \d+ \(\d+×\d+ cells\)"
                     + re.escape(": its block at row 16, column 16 (16×16 cells) is damaged or "
                                 "missing (GDAL: ") + r"[^)]*TIFFReadEncodedTile\(\) failed"
                     + re.escape(")" + FIX), text), text
    assert out.read_bytes() == OLD
    _only(tmp_path, [os.path.basename(bad), "sm.tif"])


def test_train_with_a_truncated_geotiff_says_it_is_incomplete(profile_env, training_region,
                                                               tmp_path):
    ndvi = training_region["predictors"]["ndvi"]
    cut = truncate(ndvi, str(tmp_path / os.path.basename(ndvi)))
    model = tmp_path / "sm.smdm"
    run = qgis_process(profile_env, "run", "smdownscale:train",
                       f"--COARSE_SM={training_region['coarse']}",
                       *_layers(training_region, {ndvi: cut}), "--MODEL=4",
                       f"--OUTPUT_MODEL={model}")
    text = _refused(run)
    size = os.path.getsize(cut)
    assert re.search(re.escape(f"'{cut}' is damaged or incomplete (the file ends at byte "
                               f"{size:,}, but its directory points to byte ")
                     + r"[\d,]+" + re.escape(")" + FIX), text), text
    _only(tmp_path, [os.path.basename(cut)])


def test_predict_with_a_foreign_model_file_says_what_it_is(profile_env, predict_region,
                                                           tmp_path):
    """Any extension reaches the plugin (QGIS said 'Incorrect parameter value for MODEL')."""
    foreign = tmp_path / "model.zip"
    with zipfile.ZipFile(foreign, "w") as z:
        z.writestr("estimators.pkl", b"\x80\x04N.")
    out = tmp_path / "sm.tif"
    run = qgis_process(profile_env, "run", "smdownscale:predict", f"--MODEL={foreign}",
                       *_layers(predict_region), f"--COARSE_SM={predict_region['coarse']}",
                       f"--OUTPUT={out}")
    text = _refused(run)
    assert ("'model.zip' is not a soil-moisture downscaling model: it is a ZIP archive without "
            "manifest.json (it holds estimators.pkl). A model file is a ZIP archive holding "
            "manifest.json and estimators.pkl, written by 'Train downscaling model' (.smdm): "
            "choose that file, or train one.") in text, text
    assert "Incorrect parameter value" not in text
    _only(tmp_path, ["model.zip"])

"""The plugin through the qgis_process command line, as a server user runs it.

A throwaway QGIS profile (QGIS_CUSTOM_CONFIG_PATH) links this checkout as plugin
'smdownscale' and enables it with ``qgis_process plugins enable``.
"""
import json

import numpy as np
import pytest
import rasterio
from helpers import dated_rasters, glued_to_progress, run_qgis_process as qgis_process

pytestmark = pytest.mark.qgis_process


def test_plugin_is_loaded_with_provider(profile_env):
    run = qgis_process(profile_env, "plugins")
    assert run.returncode == 0
    assert "* smdownscale" in run.stdout.splitlines()


def test_setapi_warning_is_silenced_and_other_stderr_kept(profile_env):
    version = qgis_process(profile_env, "--version")
    assert version.returncode == 0 and "QGIS" in version.stdout
    assert "setapi" not in version.stdout + version.stderr
    missing = qgis_process(profile_env, "help", "smdownscale:nosuchalgorithm")
    assert missing.returncode != 0
    assert "Algorithm smdownscale:nosuchalgorithm not found!" in missing.stderr
    assert "setapi" not in missing.stderr


@pytest.mark.parametrize("line, glued", [
    ("0...10Wrote 30 bands (2019-06-01 … 2019-06-30)", True),
    ("...30.Wrote NDVI (30 date(s))", True), (".949 sample(s) on 17 date(s)", True),
    ("60..Held-out skill (142 samples)", True), ("702019-06-09: 30 coarse residuals", True),
    ("80...306 pairs from 440 observations", True), ("..50..30 of 30 coarse date(s)", True),
    ("2019-06-09: 30 coarse residuals", False), ("949 sample(s) on 17 date(s)", False),
    ("30 of 30 band(s) fused", False), ("0...10", False), ("...", False),
    ("90...100 - done.", False), ("WARNING:\tEPSG:6933 is not true to scale", False),
    ("", False)])
def test_glued_lines_are_recognised(line, glued):
    assert glued_to_progress(line) == glued


def test_list_shows_provider_and_algorithm(profile_env):
    run = qgis_process(profile_env, "list")
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert "Soil moisture downscaling" in lines
    assert any(line.split() [:1] == ["smdownscale:buildtimestack"] for line in lines)


def test_help_is_readable(profile_env):
    run = qgis_process(profile_env, "help", "smdownscale:buildtimestack")
    assert run.returncode == 0
    out = run.stdout
    assert "Build time stack (smdownscale:buildtimestack)" in out
    for name in ("INPUT:", "DATES:", "OUTPUT:", "BAND_COUNT:", "MODIS A2019091"):
        assert name in out
    assert "<p>" not in out and "<b>" not in out


def test_run_json_builds_stack(profile_env, tmp_path):
    names = ["a_20190402.tif", "MOD11A1.A2019091.tif", "SMAP_L3_SM_P_20190403_R18290_001.tif"]
    paths, arrays = dated_rasters(tmp_path, names)
    out = tmp_path / "stack.tif"
    args = ["--json", "run", "smdownscale:buildtimestack"]
    args += [f"--INPUT={p}" for p in paths] + [f"--OUTPUT={out}"]
    run = qgis_process(profile_env, *args)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["results"]["OUTPUT"] == str(out)
    assert doc["results"]["BAND_COUNT"] == 3
    assert doc["results"]["DATE_LIST"] == "2019-04-01,2019-04-02,2019-04-03"
    assert any("Wrote 3 bands" in m for m in doc["log"]["info"])
    with rasterio.open(out) as ds:
        assert ds.descriptions == ("2019-04-01", "2019-04-02", "2019-04-03")
        np.testing.assert_array_equal(ds.read(2), arrays[0])


@pytest.mark.parametrize("names, message", [
    ([], "mandatory parameters were not specified\n\n\tINPUT:"),
    (["a_20190401.tif", "landcover.tif"], "No date found in the file name 'landcover.tif'"),
    (["a_20190401.tif", "b_2019-04-01.tif"], "Date 2019-04-01 occurs twice"),
])
def test_bad_input_exits_non_zero_with_message(profile_env, tmp_path, names, message):
    paths, _ = dated_rasters(tmp_path, names)
    out = tmp_path / "stack.tif"
    run = qgis_process(profile_env, "run", "smdownscale:buildtimestack",
                       *[f"--INPUT={p}" for p in paths], f"--OUTPUT={out}")
    assert run.returncode != 0
    assert message in run.stdout + run.stderr
    assert not out.exists()

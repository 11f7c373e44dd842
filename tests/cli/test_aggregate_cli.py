"""smdownscale:aggregate and smdownscale:resample through the qgis_process command line.

A throwaway QGIS profile (QGIS_CUSTOM_CONFIG_PATH) links this checkout as plugin
'smdownscale' and enables it with ``qgis_process plugins enable``.
"""
import json

import numpy as np
import pytest
import rasterio
from helpers import write_raster, run_qgis_process as qgis_process

from smdownscale.engine.synthetic.coarse import block_mean

ND = -9999.0
pytestmark = pytest.mark.qgis_process


@pytest.mark.parametrize("alg, names", [
    ("aggregate", ["INPUT:", "REFERENCE:", "METHOD:", "MIN_VALID_FRACTION:", "OUTPUT:",
                   "FRACTION:", "half an input cell"]),
    ("resample", ["INPUT:", "REFERENCE:", "METHOD:", "OUTPUT:", "renormalises"]),
])
def test_help_is_readable(profile_env, alg, names):
    run = qgis_process(profile_env, "help", f"smdownscale:{alg}")
    assert run.returncode == 0, run.stderr
    for name in names:
        assert name in run.stdout
    assert "<p>" not in run.stdout and "<b>" not in run.stdout


def test_run_json_aggregates_truth_stack(profile_env, region, tmp_path):
    out, frac = tmp_path / "truth36.tif", tmp_path / "frac.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:aggregate",
                       f"--INPUT={region['truth']}", f"--REFERENCE={region['coarse_stack']}",
                       "--METHOD=0", "--MIN_VALID_FRACTION=0", f"--OUTPUT={out}",
                       f"--FRACTION={frac}")
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    assert doc["results"] == {"OUTPUT": str(out), "FRACTION": str(frac)}
    assert any("nested" in m for m in doc["log"]["info"])
    with rasterio.open(region["truth"]) as ds:
        truth = ds.read()
    with rasterio.open(out) as ds:
        assert ds.descriptions == ("2019-06-01", "2019-06-02", "2019-06-03")
        data = ds.read()
    expected = block_mean(np.where(truth[0] == ND, np.nan, truth[0]).astype("float64"))
    np.testing.assert_allclose(data[0], expected, rtol=1e-6)
    assert frac.exists()


def test_run_json_resamples_coarse_stack(profile_env, region, tmp_path):
    out = tmp_path / "sm1km.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:resample",
                       f"--INPUT={region['coarse_stack']}", f"--REFERENCE={region['truth']}",
                       "--METHOD=0", f"--OUTPUT={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["results"] == {"OUTPUT": str(out)}
    with rasterio.open(region["coarse_stack"]) as ds:
        coarse = ds.read()
    with rasterio.open(out) as ds:
        np.testing.assert_array_equal(ds.read(), np.repeat(np.repeat(coarse, 36, 1), 36, 2))


def _bare(path):
    with rasterio.open(path, "w", driver="GTiff", width=2, height=2, count=1, dtype="float32",
                       transform=rasterio.transform.from_origin(5e5, 4.6e6, 2e3, 2e3)) as ds:
        ds.write(np.zeros((1, 2, 2), "float32"))
    return str(path)


@pytest.mark.parametrize("alg, reference, message", [
    ("aggregate", "far", "do not overlap"),
    ("aggregate", "bare", "the reference 'bare.tif' has no coordinate reference system"),
])
def test_bad_input_exits_non_zero_with_message(profile_env, tmp_path, alg, reference, message):
    fine = write_raster(tmp_path / "fine.tif", np.ones((4, 4), "float32"))
    refs = {"far": write_raster(tmp_path / "far.tif", np.zeros((2, 2), "float32"),
                                cell=2000.0, origin=(800000.0, 4600000.0)),
            "bare": _bare(tmp_path / "bare.tif")}
    out = tmp_path / "out.tif"
    run = qgis_process(profile_env, "run", f"smdownscale:{alg}", f"--INPUT={fine}",
                       f"--REFERENCE={refs[reference]}", f"--OUTPUT={out}")
    assert run.returncode != 0
    assert message in run.stdout + run.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial")]

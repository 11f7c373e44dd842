"""smdownscale:predict through qgis_process, as a server user runs it."""
import json

import numpy as np
import pytest
import rasterio
from helpers import run_qgis_process as qgis_process

pytestmark = pytest.mark.qgis_process

DATE = "2019-06-05"


def layer_args(region):
    args = [f"--PREDICTORS={p}" for p in region["predictors"].values()]
    return args + [f"--CATEGORICAL={p}" for p in region["categorical"].values()]


def test_run_json_ordinary_kriging(profile_env, predict_region, tmp_path):
    out, quality = tmp_path / "sm.tif", tmp_path / "quality.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:predict",
                       f"--MODEL={predict_region['lightgbm']}", *layer_args(predict_region),
                       f"--COARSE_SM={predict_region['coarse']}", f"--DATES={DATE}",
                       "--RESIDUAL_CORRECTION=3", "--MASS_PRESERVING=true", "--THREADS=2",
                       f"--OUTPUT={out}",
                       f"--QUALITY={quality}")
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    results = doc["results"]
    assert results["OUTPUT"] == str(out) and results["QUALITY"] == str(quality)
    assert results["N_DATES"] == 1 and results["PREDICTED_PIXELS"] > 0
    assert 0.0 <= results["MASS_ERROR_MAX"] <= 1e-3
    info = doc["log"]["info"]
    assert any("residual correction: ordinary kriging" in m for m in info), info
    assert any(m.startswith(f"{DATE}: ") and "variogram spherical" in m for m in info), info
    with rasterio.open(out) as ds:
        assert ds.count == 1 and ds.descriptions == (DATE,) and ds.nodata == -9999.0
        sm = ds.read(1)
    written = sm != -9999.0
    assert written.sum() == results["PREDICTED_PIXELS"]
    assert sm[written].min() >= 0.0 and sm[written].max() <= 0.6
    with rasterio.open(quality) as ds:
        codes = ds.read(1)
        assert ds.nodata == 255 and ds.dtypes[0] == "uint8"
    assert set(np.unique(codes)) <= {0, 1, 2} and (codes == 1).any()
    assert np.array_equal(codes > 0, written)
    # the same run on a local cluster of 2 worker processes started by qgis_process
    local, local_quality = tmp_path / "sm_local.tif", tmp_path / "quality_local.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:predict",
                       f"--MODEL={predict_region['lightgbm']}", *layer_args(predict_region),
                       f"--COARSE_SM={predict_region['coarse']}", f"--DATES={DATE}",
                       "--RESIDUAL_CORRECTION=3", "--MASS_PRESERVING=true", "--THREADS=2",
                       "--CLUSTER=local:2", f"--OUTPUT={local}", f"--QUALITY={local_quality}")
    assert run.returncode == 0, run.stdout + run.stderr
    info = json.loads(run.stdout)["log"]["info"]
    assert any(m.startswith("Running on a local Dask cluster of 2 worker process(es): 2 "
                            "worker(s)") for m in info), info
    for one, other in ((out, local), (quality, local_quality)):
        with rasterio.open(one) as a, rasterio.open(other) as b:
            assert np.array_equal(a.read(), b.read())


def test_help_lists_parameters_and_explains_them(profile_env):
    run = qgis_process(profile_env, "help", "smdownscale:predict")
    assert run.returncode == 0, run.stdout + run.stderr
    for text in ("MODEL", "PREDICTORS", "CATEGORICAL", "COARSE_SM", "RESIDUAL_CORRECTION",
                 "MASS_PRESERVING", "GAP_FILL", "CLIP_MIN", "CLIP_MAX", "MASK", "DATES",
                 "UNCERTAINTY", "QUALITY", "DATE_REPORT", "OUTPUT", "MASS_ERROR_MAX",
                 "Residual correction", "Mass preserving", "Ordinary kriging",
                 "simple kriging (default, Nadeem et al. 2023", "m³/m³"):
        assert text in run.stdout, text


def test_missing_model_file_exits_non_zero(profile_env, predict_region, tmp_path):
    missing, out = tmp_path / "nowhere.smdm", tmp_path / "sm.tif"
    run = qgis_process(profile_env, "run", "smdownscale:predict", f"--MODEL={missing}",
                       *layer_args(predict_region), f"--COARSE_SM={predict_region['coarse']}",
                       f"--DATES={DATE}", f"--OUTPUT={out}")
    assert run.returncode != 0
    assert f"The model file '{missing}' does not exist." in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".partial", ".scratch"))]


def test_compiled_inference_and_its_fallback_without_lleaves(profile_env, predict_region,
                                                             tmp_path):
    """A model whose LightGBM parts are in the compile cache predicts through compiled code;
    the same run in a Python that cannot import lleaves predicts with the learner, says
    why, and writes the same map."""
    from helpers import short_lightgbm, without_module_env

    from smdownscale.engine.learn.modelfile import save_model
    from smdownscale.engine.predict.compiled import CompileOptions
    from smdownscale.engine.predict.compiled_model import compiled_model

    model = short_lightgbm(predict_region["lightgbm"])
    model_path, cache = str(tmp_path / "short.smdm"), str(tmp_path / "compiled")
    save_model(model, model_path)
    parts = compiled_model(model, CompileOptions(cache_dir=cache))[1].count
    assert parts == len(model.estimators) + 1  # partitions and the gap model
    envs = {"with": profile_env,
            "without": without_module_env(profile_env, "lleaves", tmp_path / "no_lleaves")}
    maps, info = {}, {}
    for name, env in envs.items():
        out = tmp_path / f"sm_{name}.tif"
        run = qgis_process(env, "--json", "run", "smdownscale:predict", f"--MODEL={model_path}",
                           *layer_args(predict_region), f"--COARSE_SM={predict_region['coarse']}",
                           f"--DATES={DATE}", "--THREADS=2", f"--COMPILE_CACHE={cache}",
                           f"--OUTPUT={out}")
        assert run.returncode == 0, run.stdout + run.stderr
        doc = json.loads(run.stdout)
        info[name] = doc["log"]["info"]
        assert doc["results"]["COMPILED_MODELS"] == (parts if name == "with" else 0)
        with rasterio.open(out) as ds:
            maps[name] = ds.read(1)
    assert f"Compiled inference for {parts} LightGBM model(s): {parts} loaded from the " \
           "cache, 0 compiled in 0.0 s." in info["with"]
    assert ("LightGBM predicts with its own code: lleaves not installed (the plugin's "
            "scripts/setup.sh installs it).") in info["without"]
    assert not any("Compiled inference" in m for m in info["without"])
    assert np.array_equal(maps["with"], maps["without"])

"""The neural learners of papers 001 and 003 through qgis_process: train, then predict."""
import json

import numpy as np
import pytest
import rasterio
from helpers import run_qgis_process as qgis_process

pytestmark = pytest.mark.qgis_process


@pytest.mark.parametrize("learner", ["gabp", "dbn"])
def test_train_and_predict(profile_env, predict_region, tmp_path, learner):
    from smdownscale.algorithms.train import MODEL_KEYS

    layers = [f"--PREDICTORS={p}" for p in predict_region["predictors"].values()]
    layers += [f"--CATEGORICAL={p}" for p in predict_region["categorical"].values()]
    model = tmp_path / f"{learner}.smdm"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:train",
                       f"--COARSE_SM={predict_region['coarse']}", *layers,
                       f"--MODEL={MODEL_KEYS.index(learner)}", "--MIN_COVERAGE=0.8",
                       "--IMPORTANCE_REPEATS=1", "--SEED=3", f"--OUTPUT_MODEL={model}")
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    results = json.loads(run.stdout)["results"]
    assert results["TEST_R"] > 0.5
    out = tmp_path / "sm.tif"
    run = qgis_process(profile_env, "run", "smdownscale:predict", f"--MODEL={model}", *layers,
                       "--DATES=2019-06-05", "--RESIDUAL_CORRECTION=0", f"--OUTPUT={out}")
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    with rasterio.open(out) as ds:
        sm = ds.read(1, masked=True)
    assert sm.count() > 10000 and 0.0 <= float(sm.min()) and float(sm.max()) <= 0.6
    assert float(np.ma.std(sm)) > 0.01                       # a field, not a constant

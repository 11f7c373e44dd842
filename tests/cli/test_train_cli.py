"""smdownscale:train through qgis_process, as a server user runs it."""
import json

import pytest
from helpers import run_qgis_process as qgis_process

from smdownscale.engine.learn.modelfile import load_model

pytestmark = pytest.mark.qgis_process


def test_run_json_trains_and_writes_model_and_report(profile_env, training_region, tmp_path):
    args = [f"--COARSE_SM={training_region['coarse']}"]
    args += [f"--PREDICTORS={p}" for p in training_region["predictors"].values()]
    args += [f"--CATEGORICAL={p}" for p in training_region["categorical"].values()]
    model, report = tmp_path / "sm.smdm", tmp_path / "report.html"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:train", *args,
                       "--MODEL=4", "--VALIDATION=3", "--FOLDS=4", "--MIN_COVERAGE=0.8",
                       "--THREADS=2", "--IMPORTANCE_REPEATS=1", f"--OUTPUT_MODEL={model}",
                       f"--OUTPUT_REPORT={report}")
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    results = doc["results"]
    assert results["OUTPUT_MODEL"] == str(model) and results["OUTPUT_REPORT"] == str(report)
    loaded = load_model(str(model))  # a later session, outside that QGIS process
    assert loaded.config.learner == "lightgbm" and loaded.config.validation == "dates"
    assert len(loaded.info["folds"]) == 4
    assert results["TEST_UBRMSE"] == pytest.approx(loaded.info["metrics"]["test"]["ubrmse"])
    assert 0 < results["TEST_UBRMSE"] < 0.05 and results["TEST_R"] > 0.6
    assert any("Held-out skill" in m for m in doc["log"]["info"])
    assert "leave-dates-out" in report.read_text(encoding="utf-8").lower()


def test_help_lists_learners_and_parameters(profile_env):
    run = qgis_process(profile_env, "help", "smdownscale:train")
    assert run.returncode == 0, run.stdout + run.stderr
    for text in ("COARSE_SM", "PREDICTORS", "SEASONS", "ZONES", "VALIDATION", "OUTPUT_MODEL",
                 "LightGBM", "stacking ensemble", "Spatial block k-fold", "%IncMSE"):
        assert text in run.stdout, text

"""The shipped model through qgis_process, by its file path (the README's demo runs it by
its id, tests/cli/test_demo.py)."""
import os
import re

import numpy as np
import pytest
import rasterio
from helpers import REPO, glued_to_progress
from helpers import run_qgis_process as qgis_process

from smdownscale.engine.metrics import agreement
from smdownscale.engine.raster.timestack import read_stack

pytestmark = pytest.mark.qgis_process

MODEL_FILE = os.path.join(REPO, "models", "soil_moisture_downscaling.model3")


def arguments(region, out):
    import glob

    folder = region["folder"]
    args = [f"--coarse_files={f}" for f in sorted(glob.glob(f"{folder}/smap/*.tif"))]
    args += [f"--modis_reflectance_tiles={f}"
             for f in sorted(glob.glob(f"{folder}/modis/MOD09GA*.hdf"))]
    args += [f"--modis_lst_tiles={f}" for f in sorted(glob.glob(f"{folder}/modis/MOD11A1*.hdf"))]
    args += [f"--precipitation={folder}/precip_1km.tif", f"--dem={folder}/dem_ease1km.tif",
             f"--landcover={folder}/landcover.tif", f"--stations={folder}/stations.gpkg",
             "--station_id_field=station_id", "--value_field=sm", "--date_field=date",
             "--learner=4", f"--train:model={out}/model.smdm",
             f"--predict:downscaled={out}/sm.tif", f"--fuse:fused={out}/fused.tif",
             f"--validate:station_metrics={out}/stations.gpkg",
             f"--validate:summary={out}/summary.csv"]
    return args


def test_model_runs_by_file_and_its_log_lines_are_not_glued(profile_env, validation_region,
                                                            tmp_path):
    run = qgis_process(profile_env, "run", MODEL_FILE, *arguments(validation_region, tmp_path))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    check_outputs(tmp_path)
    lines = run.stdout.splitlines()
    assert [line for line in lines if glued_to_progress(line)] == []
    assert any(line.startswith("Predicting 20 date(s)") for line in lines)
    residuals = [line for line in lines if "coarse residuals" in line]
    assert len(residuals) == 20 and all(re.match(r"\d{4}-\d\d-\d\d: ", l) for l in residuals)
    assert any(re.fullmatch(r"[.\d]+", line) for line in lines)  # the progress is still drawn
    down, _, dates = read_stack(str(tmp_path / "sm.tif"))
    truth, _, _ = read_stack(validation_region["truth"])
    m = agreement(down, truth)
    assert len(dates) == 20 and m["n"] > 500000 and m["r"] > 0.85 and m["ubrmse"] < 0.04, m
    fused, _, _ = read_stack(str(tmp_path / "fused.tif"))
    assert np.isfinite(fused).sum() == np.isfinite(down).sum()


def check_outputs(folder):
    with rasterio.open(folder / "sm.tif") as ds:
        assert ds.count == 20 and ds.descriptions[0] == "2019-06-01"
    summary = (folder / "summary.csv").read_text(encoding="utf-8")
    assert "downscaled,all,pooled" in summary and (folder / "fused.tif").exists()


def test_model_help(profile_env):
    run = qgis_process(profile_env, "help", "smdownscale:downscalingchain")
    assert run.returncode == 0, run.stdout + run.stderr
    for text in ("coarse_files", "learner", "residual_correction", "fusion_method",
                 "interpolation", "LightGBM", "Simple kriging", "GDA (difference)",
                 "antecedent precipitation index"):
        assert text in run.stdout, text

"""smdownscale:fuse through qgis_process, as a server user runs it."""
import json

import pytest
import rasterio
from helpers import run_qgis_process as qgis_process

pytestmark = pytest.mark.qgis_process


def test_run_json_gda_idw(profile_env, validation_region, tmp_path):
    out = tmp_path / "fused.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:fuse",
                       f"--INPUT={validation_region['map']}",
                       f"--STATIONS={validation_region['stations']}", "--VALUE_FIELD=sm",
                       "--DATE_FIELD=date", "--STATION_ID_FIELD=station_id",
                       "--INTERPOLATION=2", "--SEED=7", f"--OUTPUT={out}",
                       f"--OUTPUT_HOLDOUT={tmp_path / 'holdout.csv'}")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert results["OUTPUT"] == str(out) and results["N_HELD_OUT"] == 5
    assert results["HOLDOUT_MAE_AFTER"] < results["HOLDOUT_MAE_BEFORE"]
    with rasterio.open(out) as ds, rasterio.open(validation_region["map"]) as src:
        assert ds.descriptions == src.descriptions and ds.nodata == src.nodata
    assert (tmp_path / "holdout.csv").read_text().count("\n") == 7   # header + 5 + pooled


def test_help(profile_env):
    run = qgis_process(profile_env, "help", "smdownscale:fuse")
    assert run.returncode == 0, run.stdout + run.stderr
    for text in ("INPUT", "STATIONS", "VALUE_FIELD", "DATE_FIELD", "METHOD", "INTERPOLATION",
                 "HOLDOUT_FRACTION", "SEED", "OUTPUT", "OUTPUT_HOLDOUT", "GDA (difference)",
                 "GRA (ratio)", "Ordinary kriging", "IDW", "Table 2", "X/0"):
        assert text in run.stdout, text

"""smdownscale:validate through qgis_process, as a server user runs it."""
import csv
import json

import pytest
from helpers import run_qgis_process as qgis_process

pytestmark = pytest.mark.qgis_process


def test_run_json_with_coarse_and_groups(profile_env, validation_region, tmp_path):
    report, summary = tmp_path / "report.html", tmp_path / "summary.csv"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:validate",
                       f"--INPUT={validation_region['map']}",
                       f"--STATIONS={validation_region['stations']}",
                       "--STATION_ID_FIELD=station_id", "--VALUE_FIELD=sm", "--DATE_FIELD=date",
                       "--GROUP_FIELD=landcover", f"--COARSE_SM={validation_region['coarse']}",
                       "--MIN_PAIRS=8", f"--OUTPUT_STATIONS={tmp_path / 'stations.gpkg'}",
                       f"--OUTPUT_SUMMARY={summary}", f"--OUTPUT_REPORT={report}")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert results["OUTPUT_REPORT"] == str(report) and report.stat().st_size > 10000
    assert 0 < results["UBRMSE"] < results["COARSE_UBRMSE"]
    assert results["N_STATIONS"] == 16 and results["CONSISTENCY_RMSE"] < 1e-4
    with open(summary, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    groups = {r["group"] for r in rows}
    assert "all" in groups and len(groups) >= 3                 # land-cover names + all
    pooled = {r["product"]: float(r["ubrmse"]) for r in rows
              if r["group"] == "all" and r["aggregation"] == "pooled"}
    assert pooled["downscaled"] == pytest.approx(results["UBRMSE"])


def test_help_explains_the_metrics(profile_env):
    run = qgis_process(profile_env, "help", "smdownscale:validate")
    assert run.returncode == 0, run.stdout + run.stderr
    for text in ("INPUT", "STATIONS", "STATION_ID_FIELD", "VALUE_FIELD", "DATE_FIELD",
                 "GROUP_FIELD", "COARSE_SM", "OUTPUT_STATIONS", "OUTPUT_SUMMARY",
                 "OUTPUT_REPORT", "ubRMSE = √(RMSE² − bias²)", "ddof 0", "Yan & Bai 2020, eq. 8",
                 "Table 5", "COARSE_UBRMSE", "MATCHING", "MATCH_WINDOW_HOURS",
                 "PRODUCT_OVERPASS", "BAND_TIME_REFERENCE", "X_FIELD", "XY_CRS",
                 "UTC = local solar time − longitude / 15 h", "temporal collocation"):
        assert text in run.stdout, text


def test_non_numeric_value_field_exits_non_zero(profile_env, validation_region, tmp_path):
    run = qgis_process(profile_env, "run", "smdownscale:validate",
                       f"--INPUT={validation_region['map']}",
                       f"--STATIONS={validation_region['stations']}",
                       "--STATION_ID_FIELD=station_id", "--VALUE_FIELD=landcover",
                       "--DATE_FIELD=date", f"--OUTPUT_STATIONS={tmp_path / 's.gpkg'}",
                       f"--OUTPUT_SUMMARY={tmp_path / 'summary.csv'}")
    assert run.returncode != 0
    assert "The observed value field 'landcover' is not numeric" in run.stdout + run.stderr
    assert not (tmp_path / "summary.csv").exists()

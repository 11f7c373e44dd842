"""smdownscale:importismn through qgis_process."""
import json

import pytest
from helpers import run_qgis_process as qgis_process

from ismn_files import RSMN, RSMN_ZIP, data_lines

pytestmark = pytest.mark.qgis_process


def test_run_json_on_a_zip_as_downloaded(profile_env, tmp_path):
    from osgeo import ogr

    out = tmp_path / "ismn.gpkg"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:importismn",
                       f"--INPUT={RSMN_ZIP}", "--QUALITY_FLAGS=G,D02", "--SENSORS=1",
                       f"--OUTPUT={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    kept = sum(1 for f in data_lines(RSMN) if f[3] in ("G", "D02"))
    results = json.loads(run.stdout)["results"]
    assert results["OBSERVATION_COUNT"] == kept and results["STATION_COUNT"] == 1
    dataset = ogr.Open(str(out))
    layer = dataset.GetLayer(0)
    assert layer.GetFeatureCount() == kept
    assert {f.GetField("station_id") for f in layer} == {"RSMN/Adamclisi"}

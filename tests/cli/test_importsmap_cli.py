"""smdownscale:importsmap through qgis_process."""
import json

import pytest
from helpers import run_qgis_process as qgis_process

from smap_granules import LAT, LON, value_at, write_l3

pytestmark = pytest.mark.qgis_process


def test_run_json(profile_env, tmp_path):
    from smdownscale.engine.raster.grids import ease2_row_col

    cell = ease2_row_col(36, LON, LAT)
    granule = write_l3(tmp_path / "SMAP_L3_SM_P_20190601_R18290_001.h5", am={cell: 0.234},
                       qual_am={cell: 1})  # not recommended
    out = tmp_path / "smap.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:importsmap",
                       f"--INPUT={granule}", "--QUALITY=2", f"--OUTPUT={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["results"]["DATE_LIST"] == "2019-06-01"
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.234)   # no quality filter: kept

"""smdownscale:importprecipitation through qgis_process."""
import datetime as dt
import json

import pytest
from helpers import run_qgis_process as qgis_process

from precipitation_files import value_at, write_era5land

pytestmark = pytest.mark.qgis_process


def test_run_json(profile_env, tmp_path):
    era5 = write_era5land(tmp_path / "era5land_20190601.nc", [
        (dt.datetime(2019, 6, 1, 12), {(116.0, 41.0): 0.003}),
        (dt.datetime(2019, 6, 2, 0), {(116.0, 41.0): 0.0125})])
    out = tmp_path / "rain.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:importprecipitation",
                       f"--INPUT={era5}", "--PRODUCT=3", f"--OUTPUT={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert (results["DATE_LIST"], results["PRODUCT_NAME"]) == ("2019-06-01", "ERA5-Land")
    assert value_at(out, 116.0, 41.0)[0] == pytest.approx(12.5, abs=1e-5)   # tp(2 June 00 UTC)

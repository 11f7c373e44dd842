"""smdownscale:deriveindices through the qgis_process command line.

A throwaway QGIS profile (QGIS_CUSTOM_CONFIG_PATH) links this checkout as plugin
'smdownscale' and enables it with ``qgis_process plugins enable``.
"""
import json

import numpy as np
import pytest
import rasterio
from helpers import write_raster, run_qgis_process as qgis_process

pytestmark = pytest.mark.qgis_process
ALG = "smdownscale:deriveindices"


def test_run_json_on_synthetic_modis_files(profile_env, tmp_path):
    from smdownscale.engine.synthetic import RegionSpec, generate_region

    manifest = generate_region(tmp_path / "region", RegionSpec(n_days=3))
    paths = [tmp_path / "region" / f for f in manifest["files"]["reflectance_files"]]
    out = tmp_path / "ndvi.tif"
    run = qgis_process(profile_env, "--json", "run", ALG, *[f"--INPUT={p}" for p in paths[::-1]],
                       "--SENSOR=0", f"--NDVI={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    assert doc["results"]["NDVI"] == str(out)
    assert doc["results"]["DATE_LIST"] == ",".join(manifest["dates"])
    assert not doc["results"].get("EVI") and not doc["results"].get("WETNESS")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ndvi.tif", "region"]
    with rasterio.open(out) as ds, rasterio.open(paths[0]) as src:
        assert ds.descriptions == tuple(manifest["dates"])
        ndvi, dn = ds.read(1), src.read([1, 2]).astype("float64") * 1e-4
    valid = (dn > 0).all(axis=0)  # fill −28672 under clouds
    assert (ndvi[~valid] == -9999).all()
    np.testing.assert_allclose(ndvi[valid], ((dn[1] - dn[0]) / (dn[1] + dn[0]))[valid],
                               rtol=1e-5)


@pytest.mark.parametrize("case, message", [
    ("single_band", "has 1 band; deriveindices needs the sensor's reflectance bands"),
    ("no_index", "No index was requested"),
    ("wetness_modis", "wetness is not available for MODIS"),
])
def test_bad_input_exits_non_zero_with_message(profile_env, tmp_path, case, message):
    if case == "single_band":
        src = write_raster(tmp_path / "ndvi_20190601.tif", np.zeros((2, 2), "float32"))
    else:
        src = write_raster(tmp_path / "MOD09GA.A2019152.tif",
                           np.full((7, 2, 2), 1000, "int16"), nodata=-28672, dtype="int16")
    out = tmp_path / "out.tif"
    outputs = {"single_band": [f"--NDVI={out}"], "no_index": [],
               "wetness_modis": [f"--WETNESS={out}", f"--NDVI={tmp_path / 'ndvi.tif'}"]}[case]
    run = qgis_process(profile_env, "run", ALG, f"--INPUT={src}", *outputs)
    assert run.returncode != 0
    assert message in run.stdout + run.stderr
    assert not out.exists() and not (tmp_path / "ndvi.tif").exists()

"""smdownscale:sentinel1composite through qgis_process (SNAP exports in dB).

Files are written by tests/sentinel1_files.py with ESA product names and SNAP's dB
band suffix (Sigma0_VV_db). Expected values from the documents, not the code: S1A
absolute orbit 9258 is relative orbit 86 (absolute 9259: 87); the composite is the
mean linear power of the acquisitions within ±6 days (Xu et al. 2024), so −20 dB
(0.01) and −10 dB (0.1) average to 0.055.
"""
import json

import numpy as np
import pytest
import rasterio
from helpers import run_qgis_process as qgis_process

import sentinel1_files as sf

pytestmark = pytest.mark.qgis_process


def test_snap_db_exports_json(profile_env, tmp_path):
    files = []
    for day, decibels, orbit in (("2019-04-01", -20.0, 9258), ("2019-04-05", -10.0, 9258),
                                 ("2019-04-03", 0.0, 9259)):  # relative orbit 87: left out
        for pol in ("VV", "VH"):
            files.append(sf.write_sigma0(
                tmp_path / sf.esa_name(sf.at(day), pol, orbit=orbit,
                                       suffix=f"_Orb_Cal_TC_Sigma0_{pol}_db"),
                np.full((5, 5), decibels, "float32")))
    vv, vh = tmp_path / "vv.tif", tmp_path / "vh.tif"
    run = qgis_process(profile_env, "--json", "run", "smdownscale:sentinel1composite",
                       *[f"--INPUT={f}" for f in files], "--RELATIVE_ORBITS=86",
                       "--DATES=2019-04-02/2019-04-03", "--OUTPUT_SCALE=1",
                       f"--VV={vv}", f"--VH={vh}")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert results["DATE_LIST"] == "2019-04-02,2019-04-03"
    assert results["BAND_COUNT"] == 2 and results["ACQUISITION_COUNT"] == 2
    with rasterio.open(vv) as ds:
        assert ds.units == ("linear power",) * 2
        np.testing.assert_allclose(ds.read(), np.full((2, 5, 5), 0.055), rtol=1e-5)

"""A 100,000 × 100,000 declared raster through qgis_process (issue 22): refused at once."""
import os
import time

import pytest
from helpers import run_qgis_process as qgis_process
from huge_rasters import write_huge, write_reference

pytestmark = pytest.mark.qgis_process


def test_aggregate_refuses_a_huge_declared_raster_quickly(profile_env, tmp_path):
    huge = write_huge(tmp_path / "huge.tif")
    ref = write_reference(tmp_path / "smap36.tif", 28, 36_000.0)
    out = tmp_path / "out" / "aggregated.tif"
    out.parent.mkdir()
    start = time.monotonic()
    run = qgis_process(profile_env, "run", "smdownscale:aggregate", f"--INPUT={huge}",
                       f"--REFERENCE={ref}", f"--OUTPUT={out}")
    seconds = time.monotonic() - start
    text = run.stdout + run.stderr
    assert run.returncode != 0, text
    assert "'huge.tif' has about 10,000,000,000 cells per band over the reference grid" in text
    assert "Clip Raster by Extent" in text and "Traceback" not in text
    assert seconds < 60
    assert os.listdir(out.parent) == []  # no output, no hidden partial

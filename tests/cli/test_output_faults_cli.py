"""kill -9 of qgis_process mid-run: the old output stays byte-identical; the next run
removes what the killed one left and succeeds."""
import os
import signal
import subprocess
import time

import pytest
from helpers import QGIS_PROCESS, run_qgis_process as qgis_process

pytestmark = pytest.mark.qgis_process


def unfinished(folder):
    return sorted(n for n in os.listdir(folder) if n.startswith((".partial_", ".scratch_")))


def test_kill_9_mid_predict_keeps_the_old_output_and_the_next_run_cleans_up(
        profile_env, predict_region, tmp_path):
    out = tmp_path / "sm.tif"
    out.write_bytes(b"the previous run's output")
    args = ["run", "smdownscale:predict", f"--MODEL={predict_region['lightgbm']}",
            *[f"--PREDICTORS={p}" for p in predict_region["predictors"].values()],
            *[f"--CATEGORICAL={p}" for p in predict_region["categorical"].values()],
            f"--COARSE_SM={predict_region['coarse']}", "--RESIDUAL_CORRECTION=1",
            "--DATES=2019-06-05", "--THREADS=1", f"--OUTPUT={out}"]
    run = subprocess.Popen([QGIS_PROCESS, *args], env=profile_env, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not unfinished(tmp_path) and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert run.returncode == -signal.SIGKILL, "predict ended before it could be killed"
    assert out.read_bytes() == b"the previous run's output"
    left = unfinished(tmp_path)
    assert any(n.startswith(".partial_") for n in left), left

    again = qgis_process(profile_env, *args)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"unfinished file(s) of an interrupted run in {tmp_path}" in again.stdout
    assert unfinished(tmp_path) == [] and sorted(os.listdir(tmp_path)) == ["sm.tif"]
    assert out.read_bytes()[:4] in (b"II*\0", b"II+\0")  # a GeoTIFF replaced the old bytes


def test_three_runs_at_once_write_what_serial_runs_write(profile_env, predict_region,
                                                         tmp_path):
    # three predicts started together into one folder (each its own output, lock,
    # partial file and resume checkpoint) against the same run alone, one after another
    import numpy as np
    import rasterio

    def args(out):
        return ["run", "smdownscale:predict", f"--MODEL={predict_region['lightgbm']}",
                *[f"--PREDICTORS={p}" for p in predict_region["predictors"].values()],
                *[f"--CATEGORICAL={p}" for p in predict_region["categorical"].values()],
                f"--COARSE_SM={predict_region['coarse']}", "--RESIDUAL_CORRECTION=1",
                "--DATES=2019-06-05,2019-06-12", f"--OUTPUT={out}"]

    serial = tmp_path / "serial"
    serial.mkdir()
    alone = qgis_process(profile_env, *args(serial / "sm.tif"))
    assert alone.returncode == 0, alone.stdout + alone.stderr
    together = tmp_path / "together"
    together.mkdir()
    runs = [subprocess.Popen([QGIS_PROCESS, *args(together / f"sm_{k}.tif")], env=profile_env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for k in range(3)]
    logs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], logs
    with rasterio.open(serial / "sm.tif") as ds:
        expected = ds.read()
    for k in range(3):
        with rasterio.open(together / f"sm_{k}.tif") as ds:
            assert ds.descriptions == ("2019-06-05", "2019-06-12")
            assert np.array_equal(ds.read(), expected, equal_nan=True)
    assert sorted(os.listdir(together)) == [f"sm_{k}.tif" for k in range(3)]


def test_an_import_resumes_through_qgis_process(profile_env, tmp_path):
    # an AMSR2 import of 3 files stopped once its first band was kept (engine, cancelled),
    # then run by qgis_process with the algorithm's defaults: it reuses that band, says so
    # and writes what an uninterrupted import writes
    from amsr2_files import CELL, name, write_amsr2
    from helpers import CancelWhenCheckpointed, assert_same_stack

    from smdownscale.engine.errors import Cancelled
    from smdownscale.engine.prepare.coarse.amsr2 import import_amsr2
    from smdownscale.engine.raster.resume import checkpoint_folder

    (_, _), (row, col) = CELL[25]
    files = [write_amsr2(tmp_path / name(day=d, km=25), {(row, col): 200 + d}, km=25)
             for d in (1, 2, 3)]
    bounds = (110.0, 38.0, 120.0, 45.0)
    out, reference = tmp_path / "out" / "sm.tif", tmp_path / "reference.tif"
    out.parent.mkdir()
    import_amsr2(files, str(reference), bounds=bounds, resume=False)
    with pytest.raises(Cancelled):
        import_amsr2(files, str(out), bounds=bounds, progress=CancelWhenCheckpointed(out, 1))
    run = qgis_process(profile_env, "run", "smdownscale:importamsr2",
                       *[f"--INPUT={f}" for f in files], "--EXTENT=110,120,38,45 [EPSG:4326]",
                       f"--OUTPUT={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (f"Resumed: 1 of 3 band(s) reused from an interrupted run "
            f"({checkpoint_folder(out)})") in run.stdout
    assert_same_stack(out, reference)
    assert os.listdir(out.parent) == ["sm.tif"]

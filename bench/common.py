"""Helpers shared by the newer benchmarks: import path, peak memory, grids, child runs
and timed runs of GDAL's own tools."""
import json
import os
import re
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def setup_path():
    """Make the checkout importable as ``smdownscale`` (tests/.pkg link)."""
    path = os.path.join(REPO, "tests", ".pkg")
    if path not in sys.path:
        sys.path.insert(0, path)


def high_water_kib():
    """Peak resident memory of this process (Linux VmHWM), KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1))


def fine_grid(size, origin):
    """size × size EASE-Grid 2.0 1 km cells whose top-left corner is the 36 km corner at
    ``origin`` (x, y in EPSG:6933 metres)."""
    from rasterio.transform import Affine

    from smdownscale.engine.raster.grids import EASE2_CELL_SIZE, Grid, ease2_grid

    anchor = ease2_grid(36, (origin[0], origin[1] - 1.0, origin[0] + 1.0, origin[1]))
    cell = EASE2_CELL_SIZE[1][0]
    transform = Affine(cell, 0.0, anchor.transform.c, 0.0, -cell, anchor.transform.f)
    return Grid(anchor.crs, transform, size, size)


def run_child(script, *args):
    """Run ``script --one args…`` in a fresh process (GDAL cache 128 MB unless set);
    return the JSON its last output line holds."""
    env = dict(os.environ, GDAL_CACHEMAX=os.environ.get("GDAL_CACHEMAX", "128"))
    run = subprocess.run([sys.executable, os.path.abspath(script), "--one",
                          *[str(a) for a in args]],
                         check=True, env=env, stdout=subprocess.PIPE, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def timed_commands(commands, env=None):
    """Run ``commands`` one after another under ``/usr/bin/time -f %M``; return (seconds
    for all, peak KiB of the largest process)."""
    start, peak = time.perf_counter(), 0
    for cmd in commands:
        run = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True, env=env,
                             stderr=subprocess.PIPE, text=True)
        peak = max(peak, int(run.stderr.strip().splitlines()[-1]))
    return time.perf_counter() - start, peak


def remove_unless_kept(folder, keep):
    """Remove the bench's input ``folder``, or say where it is kept (``--keep``)."""
    import shutil

    if keep:
        print(f"# files kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)

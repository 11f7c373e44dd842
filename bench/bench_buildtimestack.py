"""Benchmark: Build time stack throughput and peak memory against a raw rasterio copy.

    /usr/bin/python3 bench/bench_buildtimestack.py [--sizes 2000 6000] [--dates 4]

Each size runs in its own process so peak memory (VmHWM) is per run. GDAL's block
cache (default 5 % of RAM) is capped at 128 MB here (GDAL_CACHEMAX, override it in the
environment) so the figure shows the engine's own memory, which must stay flat as the
raster grows because it reads and writes by windows.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def make_inputs(folder, size, dates):
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    paths = []
    rng = np.random.default_rng(0)
    for d in range(dates):
        path = os.path.join(folder, f"sm_2019-04-{d + 1:02d}.tif")
        with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1,
                           dtype="float32", crs="EPSG:32650", nodata=-9999.0, tiled=True,
                           compress="deflate", transform=from_origin(5e5, 4.6e6, 100, 100)) as ds:
            for row in range(0, size, 512):
                h = min(512, size - row)
                block = rng.uniform(0, 0.5, (h, size)).astype("float32")
                ds.write(block, 1, window=rasterio.windows.Window(0, row, size, h))
        paths.append(path)
    return paths


def peak_mib():
    """This process's own peak resident memory (VmHWM), MiB; ru_maxrss would include
    the parent's peak, which Linux carries across fork and exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_one(mode, size, dates):
    sys.path.insert(0, os.path.join(REPO, "tests", ".pkg"))
    import rasterio

    from smdownscale.engine.prepare.timestack_builder import build_time_stack

    with tempfile.TemporaryDirectory() as tmp:
        paths = make_inputs(tmp, size, dates)
        base = peak_mib()
        out = os.path.join(tmp, "stack.tif")
        t0 = time.perf_counter()
        if mode == "engine":
            build_time_stack(paths, out)
        else:  # raw: rasterio copy of each input band, same output options, windowed
            from smdownscale.engine.raster.grids import Grid
            from smdownscale.engine.raster.windows import iter_windows
            from smdownscale.engine.raster.timestack import StackWriter
            grid = Grid.from_path(paths[0])
            with StackWriter(out, grid, count=len(paths)) as w:
                for b, p in enumerate(paths, 1):
                    with rasterio.open(p) as src:
                        for win in iter_windows(grid):
                            w.write(b, src.read(1, window=win), win)
        seconds = time.perf_counter() - t0
        peak = peak_mib()
        mpix = size * size * dates / 1e6
        print(f"{mode:6s} size={size:5d}² dates={dates} {seconds:6.2f} s "
              f"{mpix / seconds:7.1f} Mpixel/s  peak RSS {peak:6.0f} MiB "
              f"(after generating inputs: {base:.0f} MiB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 6000])
    parser.add_argument("--dates", type=int, default=4)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], int(args.one[1]), args.dates)
        return
    for size in args.sizes:
        for mode in ("raw", "engine"):
            env = dict(os.environ, GDAL_CACHEMAX=os.environ.get("GDAL_CACHEMAX", "128"))
            subprocess.run([sys.executable, __file__, "--one", mode, str(size),
                            "--dates", str(args.dates)], check=True, env=env)


if __name__ == "__main__":
    main()

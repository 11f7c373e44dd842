"""Benchmark: Gap fill and smooth — wall time and peak memory against raw windowed I/O.

    /usr/bin/python3 bench/bench_gapfill.py [--sizes 1000 2000] [--bands 60] [--missing 0.3]

Makes a size×size stack of daily dates with ``--missing`` of the values set to nodata in
runs of 1–6 days, then runs ``gap_fill_stack`` with the defaults (max gap 10 days, SG
half-window 5, order 4). ``raw`` reads every window of all bands and writes it back
unchanged with the same output options: the I/O floor. Each run is its own process so
peak memory (ru_maxrss) is per run; GDAL's block cache is capped at 128 MB
(GDAL_CACHEMAX) so the figure is the engine's own memory, which must stay flat as the
raster grows.
"""
import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def make_stack(path, size, bands, missing):
    """A daily stack with smooth series plus noise and runs of missing days."""
    import numpy as np
    from rasterio.crs import CRS
    from rasterio.transform import from_origin

    from smdownscale.engine.raster.dates import BandDate
    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.windows import iter_windows
    from smdownscale.engine.raster.timestack import StackWriter

    grid = Grid(CRS.from_epsg(32650), from_origin(5e5, 4.6e6, 100, 100), size, size)
    dates = [BandDate(dt.datetime(2019, 4, 1) + dt.timedelta(days=d)) for d in range(bands)]
    rng = np.random.default_rng(0)
    t = np.arange(bands)[:, None, None]
    with StackWriter(path, grid, dates) as out:
        for win in iter_windows(grid, 256):
            shape = (1, win.height, win.width)
            data = 0.25 + 0.1 * np.sin(t / 9.0 + rng.uniform(0, 6, shape))
            data = data + rng.normal(0, 0.01, (bands,) + shape[1:])
            starts = rng.random((bands,) + shape[1:]) < missing / 3.5
            length = rng.integers(1, 7, (bands,) + shape[1:])
            gone = np.zeros(data.shape, bool)
            for lag in range(6):
                gone[lag:] |= (starts & (length > lag))[:bands - lag]
            data[gone] = -9999.0
            for b in range(bands):
                out.write(b + 1, data[b], win)


def run_one(mode, src):
    """Time one mode on the stack ``src`` (this process does nothing else)."""
    import rasterio

    from smdownscale.engine.prepare.gapfill import block_size, gap_fill_stack
    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.windows import iter_windows
    from smdownscale.engine.raster.timestack import StackWriter, read_dates

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = os.path.join(os.path.dirname(src), f"{mode}.tif")
    t0 = time.perf_counter()
    if mode == "engine":
        summary = gap_fill_stack(src, out)
        extra = (f"filled {summary['filled']}, left nodata {summary['missing']}, "
                 f"window {summary['block']}²")
    else:
        grid, dates = Grid.from_path(src), read_dates(src)
        block = block_size(len(dates))
        with StackWriter(out, grid, dates) as w, rasterio.open(src) as ds:
            for win in iter_windows(grid, block):
                data = ds.read(window=win)
                for b in range(len(dates)):
                    w.write(b + 1, data[b], win)
        extra = f"window {block}²"
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    grid = Grid.from_path(src)
    print(f"{mode:6s} size={grid.width:5d}² bands={len(read_dates(src))} {seconds:6.2f} s  "
          f"peak RSS {peak / 1024:5.0f} MiB (after imports: {base / 1024:.0f} MiB)  {extra}",
          flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--bands", type=int, default=60)
    parser.add_argument("--missing", type=float, default=0.3,
                        help="fraction of values set to nodata (default 0.3)")
    parser.add_argument("--make", help=argparse.SUPPRESS)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(REPO, "tests", ".pkg"))
    if args.make:
        make_stack(args.make, args.sizes[0], args.bands, args.missing)
        return
    if args.one:
        run_one(*args.one)
        return
    env = dict(os.environ, GDAL_CACHEMAX=os.environ.get("GDAL_CACHEMAX", "128"))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "stack.tif")
            subprocess.run([sys.executable, __file__, "--make", src, "--sizes", str(size),
                            "--bands", str(args.bands), "--missing", str(args.missing)],
                           check=True, env=env)
            for mode in ("raw", "engine"):
                subprocess.run([sys.executable, __file__, "--one", mode, src],
                               check=True, env=env)


if __name__ == "__main__":
    main()

"""Benchmark: Aggregate (fine → coarse) time and peak memory against gdalwarp -r average.

    /usr/bin/python3 bench/bench_aggregate.py [--size 10000] [--cases same cross]
                                              [--methods mean] [--bands 1] [--resample]

Cases (the reference grid is EASE-Grid 2.0 36 km, EPSG:6933, in both):
  same   input on the nested EASE-Grid 2.0 1 km grid (same CRS: affine membership);
  cross  input in WGS 84 (EPSG:4326) at 0.001° (every cell centre reprojected).
Each run is its own process; its peak memory is the kernel's high-water mark
(VmHWM; ru_maxrss is not used because Linux carries the parent's peak over fork
and exec), and gdalwarp's is measured by /usr/bin/time. GDAL's block cache is
capped at 128 MB (GDAL_CACHEMAX, override it in the environment) so the figure
shows the engine's own memory, which must stay flat as the raster grows.
gdalwarp runs on the same input onto the same grid (-t_srs -te -tr -r average) and
its wall time is the reference; its answer is compared with the engine's mean.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CENTRE = (116.0, 42.0)  # lon, lat (paper 000's basin)


def _setup_path():
    sys.path.insert(0, os.path.join(REPO, "tests", ".pkg"))


def make_case(folder, case, size, bands, classes=False):
    """Write the input raster (and a uint8 class raster for the mode) and a reference."""
    import numpy as np
    from rasterio.transform import Affine, from_origin

    from smdownscale.engine.raster.grids import EASE2_CELL_SIZE, Grid, bounds_in, ease2_grid
    from smdownscale.engine.raster.timestack import write_stack

    if case == "same":  # top-left at (−5000 km, 5000 km): 10000 km fit inside the grid
        anchor = ease2_grid(36, (-5.0e6, 4.999e6, -4.999e6, 5.0e6))
        cell = EASE2_CELL_SIZE[1][0]
        transform = Affine(cell, 0, anchor.transform.c, 0, -cell, anchor.transform.f)
        crs = anchor.crs
    else:
        step = 0.001
        transform = from_origin(CENTRE[0] - size * step / 2, CENTRE[1] + size * step / 2,
                                step, step)
        crs = "EPSG:4326"
    path = os.path.join(folder, f"input_{case}.tif")
    _write_field(path, size, bands, crs, transform, "float32", -9999.0)
    if classes:
        _write_field(os.path.join(folder, f"classes_{case}.tif"), size, 1, crs, transform,
                     "uint8", 0)
    fine = Grid.from_path(path)
    ref = ease2_grid(36, bounds_in(fine, anchor_crs()))
    ref_path = os.path.join(folder, "reference.tif")
    write_stack(ref_path, ref, np.zeros(ref.shape, "float32"))
    return path, ref_path


def _write_field(path, size, bands, crs, transform, dtype, nodata):
    """A smooth field with noise and 5 % missing cells (classes 1–5 for uint8)."""
    import numpy as np
    import rasterio

    rng = np.random.default_rng(0)
    floating = dtype == "float32"
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=bands,
                       dtype=dtype, crs=crs, transform=transform, nodata=nodata,
                       tiled=True, blockxsize=256, blockysize=256, compress="deflate",
                       predictor=3 if floating else 2) as ds:
        for b in range(1, bands + 1):
            for row in range(0, size, 512):
                h = min(512, size - row)
                yy = (row + np.arange(h))[:, None] / size
                xx = np.arange(size)[None, :] / size
                block = 0.25 + 0.1 * np.sin(6 * xx + 4 * yy + b) + rng.normal(0, 0.02, (h, size))
                block = block if floating else np.clip(np.round((block - 0.1) * 20), 1, 5)
                block[rng.random((h, size)) < 0.05] = nodata  # 5 % missing cells
                ds.write(block.astype(dtype), b, window=rasterio.windows.Window(0, row, size, h))


def anchor_crs():
    from rasterio.crs import CRS
    return CRS.from_epsg(6933)


def run_one(mode, case, size, bands, method, folder):
    """One timed run in this process; print a JSON line.

    Modes: engine / gdalwarp aggregate the input onto the reference (gdalwarp with
    -r average); resample / gdalwarp-bilinear bring the engine's mean back onto the
    input grid (the engine's nodata-aware bilinear vs gdalwarp -r bilinear).
    """
    _setup_path()
    import rasterio

    from smdownscale.engine.prepare.aggregation import aggregate
    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.resampling import resample

    path = os.path.join(folder, f"{'classes' if method == 'mode' else 'input'}_{case}.tif")
    ref_path = os.path.join(folder, "reference.tif")
    coarse = os.path.join(folder, f"out_engine_{case}_mean.tif")
    out = os.path.join(folder, f"out_{mode}_{case}_{method}.tif")
    t0 = time.perf_counter()
    if mode == "engine":
        aggregate(path, ref_path, out, method=method, min_valid_fraction=0.0)
        peak = _high_water_kib()
    elif mode == "resample":
        resample(coarse, path, out, method="bilinear")
        peak = _high_water_kib()
    elif mode == "gdalwarp":
        peak = _gdalwarp(path, Grid.from_path(ref_path), out, "average")
    else:
        peak = _gdalwarp(coarse, Grid.from_path(path), out, "bilinear")
    seconds = time.perf_counter() - t0
    with rasterio.open(out) as ds:
        valid = int((ds.read(1) != -9999).sum())
    print(json.dumps({"mode": mode, "case": case, "method": method, "size": size,
                      "bands": bands, "seconds": round(seconds, 2),
                      "peak_mib": round(peak / 1024), "valid_cells": valid}))


def _gdalwarp(source, grid, out, resampling):
    """Run gdalwarp onto ``grid``; return its peak memory (KiB, from /usr/bin/time)."""
    left, bottom, right, top = grid.bounds
    run = subprocess.run(["/usr/bin/time", "-f", "%M", "gdalwarp", "-q", "-overwrite",
                          "-r", resampling, "-t_srs", grid.crs.to_wkt(),
                          "-te", *map(repr, (left, bottom, right, top)),
                          "-tr", repr(grid.res[0]), repr(grid.res[1]), "-ot", "Float32",
                          "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE",
                          "-dstnodata", "-9999", source, out],
                         check=True, capture_output=True, text=True)
    return int(run.stderr.split()[-1])


def _high_water_kib():
    """Peak resident memory of this process (Linux VmHWM), KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1))


def compare(folder, case):
    """Max and mean |engine mean − gdalwarp average| over interior cells.

    Cells on the input's edge (partly covered) are left out: there gdalwarp weights
    partial coverage differently.
    """
    import numpy as np
    import rasterio

    with rasterio.open(os.path.join(folder, f"out_engine_{case}_mean.tif")) as a, \
            rasterio.open(os.path.join(folder, f"out_gdalwarp_{case}_mean.tif")) as b:
        x, y = a.read(1), b.read(1)
    both = (x != -9999) & (y != -9999)
    inner = both.copy()
    inner[1:-1, 1:-1] &= both[:-2, 1:-1] & both[2:, 1:-1] & both[1:-1, :-2] & both[1:-1, 2:]
    inner[[0, -1], :] = False
    inner[:, [0, -1]] = False
    diff = np.abs(x - y)[inner]
    return (float(diff.max()), float(diff.mean()), int(inner.sum())) if diff.size else None


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000, help="input columns and rows")
    parser.add_argument("--bands", type=int, default=1)
    parser.add_argument("--cases", nargs="+", default=["same", "cross"])
    parser.add_argument("--methods", nargs="+", default=["mean"])
    parser.add_argument("--resample", action="store_true",
                        help="also time Resample (bilinear) of the mean back onto the input grid")
    parser.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        mode, case, method, folder = args.one
        run_one(mode, case, args.size, args.bands, method, folder)
        return
    _setup_path()
    env = dict(os.environ, GDAL_CACHEMAX=os.environ.get("GDAL_CACHEMAX", "128"))
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        for case in args.cases:
            t0 = time.perf_counter()
            make_case(tmp, case, args.size, args.bands, "mode" in args.methods)
            print(f"# {case}: {args.size}×{args.size}×{args.bands} input written in "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
            runs = [("gdalwarp", "mean")] + [("engine", m) for m in args.methods]
            if "mean" in args.methods and args.resample:
                runs += [("gdalwarp-bilinear", "mean"), ("resample", "mean")]
            for mode, method in runs:
                subprocess.run([sys.executable, __file__, "--one", mode, case, method, tmp,
                                "--size", str(args.size), "--bands", str(args.bands)],
                               check=True, env=env)
            if "mean" in args.methods and compare(tmp, case):
                worst, mean, cells = compare(tmp, case)
                print(f"# {case}: |engine mean − gdalwarp average| over {cells} interior "
                      f"cells: max {worst:.3g}, mean {mean:.3g}", flush=True)


if __name__ == "__main__":
    main()

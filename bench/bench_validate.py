"""Benchmark: Validate against stations — wall time and peak memory against a raw read.

    /usr/bin/python3 bench/bench_validate.py [--sizes 1000,2000] [--dates 60]
        [--stations 1000] [--workdir DIR] [--keep] [--profile]

For every size, writes a size × size map on the EASE-Grid 2.0 1 km grid (EPSG:6933,
cells of 1000.9 m, nested in the 36 km grid) as a dated time stack of ``--dates``
daily bands (descriptions 'YYYY-MM-DD' from 2020-04-01): a smooth field that moves
with the date plus noise, rounded to 1/1024 m³/m³ so the tiled DEFLATE float32
GeoTIFF stays small, with 2 % of the cells nodata. It is written band by band and
strip by strip with the plugin's StackWriter, so the writer never holds the stack.
A coarse stack on the EASE-Grid 2.0 36 km cells covering the same area (the same
dates; the field at the cell centre plus noise and a small bias) is written with
``write_stack``. ``--stations`` stations lie at random over the map, in 3 groups,
each with one observation per date (the field at the station plus noise), so
stations × dates observations, built with ``Observations.build`` (EPSG:6933) and
dates from ``parse_iso``.

Each measurement runs in its own process; the observations are built there before
the clock starts (not timed), and scipy.special, which the metrics import lazily
for p-values, is imported then too. Its peak memory is the kernel's high-water mark at the
end of the process (Linux VmHWM; ru_maxrss would carry the parent's peak over fork
and exec), with GDAL's block cache capped at 128 MB (GDAL_CACHEMAX, override it in
the environment) as in bench_aggregate.py; "base" is the high-water mark just
before the timed call (interpreter, imports, observations). The files are read once
as bytes before the measurements, so every measurement reads from the page cache.
Per size it prints:

1. validate, no coarse: ``validate(map, observations)`` with the default options
   (pairing at the station cell, metrics per station, group, pooled and station
   mean): wall time, peak MB, and the time per 1,000 observations;
2. validate, coarse: the same with the coarse stack, which adds the coarse value
   of every pair and the consistency check (every map band aggregated onto the
   coarse grid and compared with the coarse product): wall time, peak MB, and its
   time beyond run 1;
3. raw read: every band of the map read once, window by window (512 × 512), with
   rasterio as float32 and nothing else: the cost of touching all the data, which
   the consistency check of run 2 must pay.

At the end: growth of the peak memory of runs 1 and 2 from the smallest to the
largest size (target: under 20 %, memory should not grow with the raster). With
``--profile`` the coarse run of the largest size is also run under cProfile and the
top functions by cumulative time are printed. Inputs sit in a temporary folder (or
under ``--workdir``), removed at the end unless ``--keep``.
"""
import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time

from common import fine_grid, high_water_kib, remove_unless_kept, run_child, setup_path


START = (2020, 4, 1)  # first band date
ORIGIN = (-2_000_000.0, 4_500_000.0)  # near the top-left of every map (EPSG:6933, m)
GROUPS = ("network A", "network B", "network C")
MISSING = 0.02  # share of nodata map cells
NOISE = 0.02  # m³/m³, map noise
OBS_NOISE = 0.03  # m³/m³, station minus field
QUANTUM = 1.0 / 1024.0  # values rounded to this (keeps DEFLATE files small)
STRIP = 512
BLOCK = 512
SEED = 11


# --- synthetic inputs -------------------------------------------------------------------------

def coarse_grid(size):
    """The EASE-Grid 2.0 36 km cells covering the map (the last row/column partly)."""
    from smdownscale.engine.raster.grids import ease2_grid

    return ease2_grid(36, fine_grid(size, ORIGIN).bounds)


def band_dates(n):
    import datetime as dt

    from smdownscale.engine.raster.dates import parse_iso

    first = dt.date(*START)
    return [parse_iso((first + dt.timedelta(days=d)).isoformat()) for d in range(n)]


def field(band, x_km, y_km):
    """The smooth soil-moisture field (m³/m³) of ``band`` at x, y (km from the origin).

    x_km / y_km broadcast (a row and a column give a strip); wavelengths 150–900 km,
    drifting with the date.
    """
    import numpy as np

    t = 0.1 * band
    return (0.25 + 0.08 * np.sin(2 * math.pi * x_km / 900.0 + t) * np.cos(2 * math.pi * y_km / 700.0)
            + 0.04 * np.sin(2 * math.pi * (x_km + y_km) / 150.0 - 0.5 * t)
            + 0.02 * np.cos(t))


def make_inputs(folder, size, n_dates):
    """Write map.tif (band by band, strip by strip) and coarse.tif into ``folder``."""
    import numpy as np
    from rasterio.windows import Window

    from smdownscale.engine.raster.timestack import DEFAULT_NODATA, StackWriter, write_stack

    os.makedirs(folder, exist_ok=True)
    grid, dates = fine_grid(size, ORIGIN), band_dates(n_dates)
    cell_km = grid.res[0] / 1000.0
    x_km = ((np.arange(size) + 0.5) * cell_km)[None, :]
    with StackWriter(os.path.join(folder, "map.tif"), grid, dates) as out:
        for b in range(n_dates):
            for row in range(0, size, STRIP):
                h = min(STRIP, size - row)
                rng = np.random.default_rng([SEED, b, row])
                y_km = ((row + np.arange(h) + 0.5) * cell_km)[:, None]
                block = field(b, x_km, y_km) + rng.normal(0.0, NOISE, (h, size))
                block = np.round(np.clip(block, 0.02, 0.55) / QUANTUM) * QUANTUM
                block[rng.random((h, size)) < MISSING] = DEFAULT_NODATA
                out.write(b + 1, block.astype("float32"), Window(0, row, size, h))
    coarse = coarse_grid(size)
    # coarse cell centres in km from the map's top-left corner (the same corner)
    ckm = coarse.res[0] / 1000.0
    cx = ((np.arange(coarse.width) + 0.5) * ckm)[None, :]
    cy = ((np.arange(coarse.height) + 0.5) * ckm)[:, None]
    rng = np.random.default_rng([SEED, 99])
    data = np.stack([field(b, cx, cy) + 0.01 + rng.normal(0.0, 0.01, (coarse.height,
                                                                        coarse.width))
                     for b in range(n_dates)])
    write_stack(os.path.join(folder, "coarse.tif"), coarse,
                np.clip(data, 0.02, 0.55).astype("float32"), dates)


def warm(folder):
    """Read every input file once as bytes (puts it in the page cache)."""
    for name in ("map.tif", "coarse.tif"):
        with open(os.path.join(folder, name), "rb") as f:
            while f.read(1 << 24):
                pass


def build_observations(size, n_dates, n_stations):
    """Stations at random over the map, 3 groups, one observation per station and date."""
    import numpy as np

    from smdownscale.engine.stations.observations import Observations

    grid, dates = fine_grid(size, ORIGIN), band_dates(n_dates)
    rng = np.random.default_rng([SEED, 7, size])
    left, bottom, right, top = grid.bounds
    sx = rng.uniform(left, right, n_stations)
    sy = rng.uniform(bottom, top, n_stations)
    station_group = rng.integers(0, len(GROUPS), n_stations)
    ids = [f"S{s:05d}" for s in range(n_stations)]
    # station-major order: every date of station 0, then station 1, …
    station = np.repeat(np.arange(n_stations), n_dates)
    band = np.tile(np.arange(n_dates), n_stations)
    x_km = (sx[station] - left) / 1000.0
    y_km = (top - sy[station]) / 1000.0
    values = field(band, x_km, y_km) + rng.normal(0.0, OBS_NOISE, station.size)
    return Observations.build([ids[s] for s in station], sx[station], sy[station],
                              np.clip(values, 0.0, 0.6), [dates[b] for b in band],
                              [GROUPS[station_group[s]] for s in station], "EPSG:6933")


# --- the measurements (each in its own process) -----------------------------------------------

def run_validate(folder, size, n_dates, n_stations, with_coarse, profile=False):
    from scipy.special import betainc  # noqa: F401 - imported lazily by metrics; not timed

    from smdownscale.engine.stations.validation import ValidateOptions, validate

    obs = build_observations(size, n_dates, n_stations)
    map_path = os.path.join(folder, "map.tif")
    coarse = os.path.join(folder, "coarse.tif") if with_coarse else None
    base = high_water_kib()
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    result = validate(map_path, obs, coarse_path=coarse, options=ValidateOptions())
    seconds = time.perf_counter() - t0
    if profiler:
        import io
        import pstats

        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
        sys.stderr.write(text.getvalue())
    overall = result.overall()
    out = {"seconds": seconds, "base_mb": base / 1024, "observations": len(obs),
           "pairs": result.counts["pairs"], "r": overall["r"], "rmse": overall["rmse"]}
    if with_coarse:
        total = result.consistency[-1] if result.consistency else {}
        out.update(consistency_dates=len(result.consistency) - 1,
                   consistency_cells=total.get("n_cells"), consistency_r=total.get("r"),
                   coarse_r=result.overall("coarse")["r"])
    return out


def raw_read(folder):
    """Every band of the map read once, window by window (512 × 512), as stored."""
    import rasterio

    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.windows import iter_windows

    path = os.path.join(folder, "map.tif")
    base = high_water_kib()
    t0 = time.perf_counter()
    cells = 0
    with rasterio.open(path) as src:
        grid = Grid.of(src)
        for window in iter_windows(grid, BLOCK):
            for band in range(1, src.count + 1):
                cells += src.read(band, window=window).size
    return {"seconds": time.perf_counter() - t0, "base_mb": base / 1024, "cells": cells}


def run_one(mode, folder, size, n_dates, n_stations):
    setup_path()
    if mode == "plain":
        result = run_validate(folder, size, n_dates, n_stations, False)
    elif mode == "coarse":
        result = run_validate(folder, size, n_dates, n_stations, True)
    elif mode == "profile":
        result = run_validate(folder, size, n_dates, n_stations, True, profile=True)
    elif mode == "raw":
        result = raw_read(folder)
    else:
        raise SystemExit(f"unknown mode {mode}")
    result["peak_mb"] = high_water_kib() / 1024
    print(json.dumps(result))


# --- the driver -------------------------------------------------------------------------------

def measure(mode, folder, size, n_dates, n_stations):
    return run_child(__file__, mode, folder, size, n_dates, n_stations)


HEAD = (f"{'size':>11s} {'M cells':>7s} {'obs':>7s} {'pairs':>7s} | {'plain s':>7s} "
        f"{'ms/1k obs':>9s} {'peak MB':>7s} | {'coarse s':>8s} {'+coarse s':>9s} "
        f"{'peak MB':>7s} | {'raw read s':>10s} {'peak MB':>7s} | {'+coarse/raw':>11s}")


def row_text(size, r):
    plain, coarse, raw = r["plain"], r["coarse"], r["raw"]
    extra = coarse["seconds"] - plain["seconds"]
    per_k = 1000.0 * plain["seconds"] / (plain["observations"] / 1000.0)
    return (f"{f'{size} × {size}':>11s} {size * size / 1e6:7.1f} {plain['observations']:7d} "
            f"{plain['pairs']:7d} | {plain['seconds']:7.2f} {per_k:9.1f} "
            f"{plain['peak_mb']:7.0f} | {coarse['seconds']:8.2f} {extra:9.2f} "
            f"{coarse['peak_mb']:7.0f} | {raw['seconds']:10.2f} {raw['peak_mb']:7.0f} | "
            f"{extra / raw['seconds']:11.2f}")


def summarise(sizes, results):
    print("\n## results", flush=True)
    print(HEAD)
    for size in sizes:
        print(row_text(size, results[size]))
    first = results[sizes[0]]
    print(f"(base = high-water mark before the timed call: plain "
          f"{first['plain']['base_mb']:.0f} MB, coarse {first['coarse']['base_mb']:.0f} MB, "
          f"raw {first['raw']['base_mb']:.0f} MB at {sizes[0]}²; +coarse = coarse − plain: "
          "coarse pairs and the consistency check)")
    for size in sizes:
        p, c = results[size]["plain"], results[size]["coarse"]
        print(f"{size}²: pooled r {p['r']:.3f}, RMSE {p['rmse']:.4f} (map); coarse r "
              f"{c['coarse_r']:.3f}; consistency over {c['consistency_dates']} dates, "
              f"{c['consistency_cells']} cell-dates, r {c['consistency_r']:.3f}")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = (large / small) ** 2
        print(f"\n## peak memory, {small}² → {large}² ({growth:.0f}× cells); target: "
              "growth under 20 %")
        for mode, label in (("plain", "validate, no coarse"), ("coarse", "validate, coarse"),
                            ("raw", "raw read")):
            a, b = results[small][mode]["peak_mb"], results[large][mode]["peak_mb"]
            pct = 100.0 * (b / a - 1.0)
            verdict = "" if mode == "raw" else f" ({'meets' if pct < 20 else 'misses'} < 20 %)"
            print(f"{label:20s} {a:6.0f} → {b:6.0f} MB, {pct:+6.1f} %{verdict}")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000",
                        help="map columns = rows (1 km cells), comma-separated")
    parser.add_argument("--dates", type=int, default=60, help="daily bands of the map")
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--workdir", help="folder for the inputs (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the inputs")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the coarse run of the largest size (cProfile)")
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        mode, folder, size, n_dates, n_stations = args.one
        run_one(mode, folder, int(size), int(n_dates), int(n_stations))
        return
    setup_path()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
    root = tempfile.mkdtemp(prefix="bench_validate_", dir=args.workdir)
    print(f"# {os.cpu_count()} cores; GDAL_CACHEMAX {os.environ.get('GDAL_CACHEMAX', '128')} "
          f"MB; {args.dates} dates, {args.stations} stations "
          f"({args.dates * args.stations} observations); files in {root}", flush=True)
    results = {}
    started = time.perf_counter()
    try:
        for size in sizes:
            folder = os.path.join(root, f"size{size}")
            t0 = time.perf_counter()
            make_inputs(folder, size, args.dates)
            warm(folder)
            mb = os.path.getsize(os.path.join(folder, "map.tif")) / 2**20
            coarse = coarse_grid(size)
            print(f"# {size} × {size} × {args.dates}: map written in "
                  f"{time.perf_counter() - t0:.1f} s ({mb:.0f} MB on disk); coarse "
                  f"{coarse.width} × {coarse.height} cells of 36 km", flush=True)
            r = {}
            for mode in ("raw", "plain", "coarse"):
                r[mode] = measure(mode, folder, size, args.dates, args.stations)
                print(f"#   {mode:6s} {r[mode]['seconds']:7.2f} s, peak "
                      f"{r[mode]['peak_mb']:.0f} MB", flush=True)
            results[size] = r
            if args.profile and size == sizes[-1]:
                print(f"# cProfile of the coarse run at {size}² (on stderr)", flush=True)
                measure("profile", folder, size, args.dates, args.stations)
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
        summarise(sizes, results)
        print(f"# total {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        remove_unless_kept(root, args.keep)


if __name__ == "__main__":
    main()

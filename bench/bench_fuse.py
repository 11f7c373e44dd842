"""Benchmark: Fuse station observations — wall time and peak memory against raw I/O.

    /usr/bin/python3 bench/bench_fuse.py [--sizes 1600,3200] [--stations 1000]
        [--workdir DIR] [--keep] [--profile]

The issue: "Interpolation scales: 1,000 stations onto 10 million cells without
building a full cells × stations matrix; processing in windows with progress and
cancel." For every size, writes a size × size map on the EASE-Grid 2.0 1 km grid
(EPSG:6933, cells of 1000.9 m; 1600² = 2.56 M cells, 3200² = 10.24 M cells) with one
band described '2020-04-01': a smooth field (wavelengths 150–900 km) plus noise,
rounded to 1/1024 m³/m³ so the tiled DEFLATE float32 GeoTIFF stays small, with 2 % of
the cells nodata. It is written window by window (512 × 512) with the plugin's
StackWriter, so the writer never holds the map. ``--stations`` stations lie at
random over the map, each with one observation on that date: the map value at the
station's cell plus an offset of 0.03 plus noise (sd 0.02) — the field value where
the cell is nodata (fusion then skips it as "on nodata"). They are built with
``Observations.build`` (EPSG:6933).

Each measurement runs in its own process. The observations are built there before
the clock starts (not timed; the map values at the stations are read then). The
timed call is ``fuse_stack(map, observations, output, FuseOptions(...))`` with
``holdout_fraction=0.0`` and no progress object. Its peak memory is the kernel's
high-water mark right after the call (Linux VmHWM; ru_maxrss would carry the
parent's peak over fork and exec), with GDAL's block cache capped at 128 MB
(GDAL_CACHEMAX, override it in the environment) as in bench_validate.py; "base" is
the high-water mark just before the timed call. The engine is not modified: the
child replaces ``fusion.Kriging`` / ``fusion.InverseDistance`` / ``fusion.fit_variogram``
by thin subclasses/wrappers that add up the time spent in them (construction =
k-d tree; ``predict`` = every window's interpolation, including kriging's tile
systems, solved lazily) and keep the kriging objects, so the number of tiles solved
(``len(kriging._auto)``) can be reported. After the call (untimed), the child checks
window by window that the output is finite and not nodata wherever the input is
valid, and nodata wherever the input is nodata, and prints the count of bad cells.
The input file is read once as bytes before the measurements, so every measurement
reads it from the page cache. Per size it prints, for

1. GDA + ordinary kriging (defaults: spherical variogram fitted to the date's
   station differences, 16 neighbours),
2. GDA + IDW (power 2, 16 neighbours, no search radius),
3. GDA + simple kriging (fitted variogram, known mean = mean difference),
4. raw I/O: the band read window by window (512 × 512) as stored and written
   unchanged with StackWriter (same grid, nodata and description): the cost of
   touching the data, which any fusion must pay,

the wall time, its ratio to raw I/O, the time per million cells, the seconds spent
in the interpolator's ``predict`` (the rest is I/O and per-window bookkeeping), and
the peak MB. Then the growth of every method's peak memory from the smallest to the
largest size (target: under 20 %, memory should not grow with the raster; GDAL's
block cache, which also holds the output's written blocks until they are flushed,
fills up to GDAL_CACHEMAX and grows raw I/O's peak too: rerun with GDAL_CACHEMAX=16
to see the engine's own growth), and the kriging tiles solved. With ``--profile`` ordinary kriging and IDW at the largest
size are run once more under cProfile and the top functions by cumulative time go
to stderr. Inputs and outputs sit in a temporary folder (or under ``--workdir``),
removed at the end unless ``--keep``.
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


DATE = "2020-04-01"
ORIGIN = (-2_000_000.0, 4_500_000.0)  # near the top-left of every map (EPSG:6933, m)
MISSING = 0.02  # share of nodata map cells
NOISE = 0.02  # m³/m³, map noise
OFFSET = 0.03  # m³/m³, station minus map (what GDA spreads)
OBS_NOISE = 0.02  # m³/m³
QUANTUM = 1.0 / 1024.0  # values rounded to this (keeps DEFLATE files small)
BLOCK = 512
SEED = 11

METHODS = {  # mode: (label, FuseOptions keywords)
    "ok": ("GDA + ordinary kriging", {"interpolation": "ordinary_kriging"}),
    "idw": ("GDA + IDW", {"interpolation": "idw", "idw_power": 2.0, "search_radius_km": None}),
    "sk": ("GDA + simple kriging", {"interpolation": "simple_kriging"}),
}
MODES = ("raw", "ok", "idw", "sk")


# --- synthetic inputs -------------------------------------------------------------------------

def field(x_km, y_km):
    """The smooth soil-moisture field (m³/m³) at x, y (km from the map's top-left corner)."""
    import numpy as np

    return (0.25 + 0.08 * np.sin(2 * math.pi * x_km / 900.0) * np.cos(2 * math.pi * y_km / 700.0)
            + 0.04 * np.sin(2 * math.pi * (x_km + y_km) / 150.0))


def make_map(folder, size):
    """Write map.tif into ``folder``, window by window."""
    import numpy as np

    from smdownscale.engine.raster.dates import parse_iso
    from smdownscale.engine.raster.windows import iter_windows
    from smdownscale.engine.raster.timestack import DEFAULT_NODATA, StackWriter

    os.makedirs(folder, exist_ok=True)
    grid = fine_grid(size, ORIGIN)
    cell_km = grid.res[0] / 1000.0
    with StackWriter(os.path.join(folder, "map.tif"), grid, [parse_iso(DATE)]) as out:
        for window in iter_windows(grid, BLOCK):
            h, w = window.height, window.width
            rng = np.random.default_rng([SEED, window.row_off, window.col_off])
            x_km = ((window.col_off + np.arange(w) + 0.5) * cell_km)[None, :]
            y_km = ((window.row_off + np.arange(h) + 0.5) * cell_km)[:, None]
            block = field(x_km, y_km) + rng.normal(0.0, NOISE, (h, w))
            block = np.round(np.clip(block, 0.02, 0.55) / QUANTUM) * QUANTUM
            block[rng.random((h, w)) < MISSING] = DEFAULT_NODATA
            out.write(1, block.astype("float32"), window)


def warm(path):
    """Read a file once as bytes (puts it in the page cache)."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def build_observations(folder, size, n_stations):
    """Stations at random over the map, one observation each on DATE."""
    import numpy as np

    from smdownscale.engine.raster.dates import parse_iso
    from smdownscale.engine.stations.observations import Observations
    from smdownscale.engine.raster.point_sampling import sample_points

    grid = fine_grid(size, ORIGIN)
    rng = np.random.default_rng([SEED, 7, size])
    left, bottom, right, top = grid.bounds
    sx = rng.uniform(left, right, n_stations)
    sy = rng.uniform(bottom, top, n_stations)
    at_map, _ = sample_points(os.path.join(folder, "map.tif"), sx, sy, [1])
    at_map = at_map[:, 0]
    smooth = field((sx - left) / 1000.0, (top - sy) / 1000.0)
    base = np.where(np.isfinite(at_map), at_map, smooth)
    values = base + OFFSET + rng.normal(0.0, OBS_NOISE, n_stations)
    when = parse_iso(DATE)
    return Observations.build([f"S{s:05d}" for s in range(n_stations)], sx, sy,
                              np.clip(values, 0.0, 0.6), [when] * n_stations, None,
                              "EPSG:6933")


# --- the measurements (each in its own process) -----------------------------------------------

class _Clock:
    """Seconds spent in the wrapped interpolator parts, and the kriging objects made."""

    build = 0.0
    predict = 0.0
    fit = 0.0
    krigings = []


def _instrument():
    """Wrap fusion's interpolators (not the engine files) to time them and keep krigings."""
    from smdownscale.engine.stations import fusion

    def timed(method, slot):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                setattr(_Clock, slot, getattr(_Clock, slot) + time.perf_counter() - t0)
        return wrapper

    class TimedKriging(fusion.Kriging):
        def __init__(self, *args, **kwargs):
            timed(super().__init__, "build")(*args, **kwargs)
            _Clock.krigings.append(self)

        def predict(self, *args, **kwargs):
            return timed(super().predict, "predict")(*args, **kwargs)

    class TimedIDW(fusion.InverseDistance):
        def __init__(self, *args, **kwargs):
            timed(super().__init__, "build")(*args, **kwargs)

        def predict(self, *args, **kwargs):
            return timed(super().predict, "predict")(*args, **kwargs)

    fusion.Kriging = TimedKriging
    fusion.InverseDistance = TimedIDW
    fusion.fit_variogram = timed(fusion.fit_variogram, "fit")


def check_output(map_path, out_path):
    """Cells valid in the input but not finite/valid in the output, and the reverse."""
    import numpy as np
    import rasterio

    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.windows import iter_windows

    bad = extra = valid = 0
    diff_sum = 0.0
    with rasterio.open(map_path) as src, rasterio.open(out_path) as out:
        for window in iter_windows(Grid.of(src), BLOCK):
            a = src.read(1, window=window)
            b = out.read(1, window=window)
            ok_in = np.isfinite(a) & (a != src.nodata)
            ok_out = np.isfinite(b) & (b != out.nodata)
            bad += int((ok_in & ~ok_out).sum())
            extra += int((~ok_in & ok_out).sum())
            valid += int(ok_in.sum())
            diff_sum += float((b[ok_in & ok_out].astype("float64")
                               - a[ok_in & ok_out]).sum())
    return {"valid": valid, "bad": bad, "extra": extra,
            "mean_change": diff_sum / max(valid - bad, 1)}


def run_fuse(folder, size, n_stations, mode, profile=False):
    from smdownscale.engine.stations.fusion import FuseOptions, fuse_stack

    _instrument()
    obs = build_observations(folder, size, n_stations)
    map_path = os.path.join(folder, "map.tif")
    out_path = os.path.join(folder, f"fused_{mode}.tif")
    options = FuseOptions(method="gda", holdout_fraction=0.0, **METHODS[mode][1])
    base = high_water_kib()
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    result = fuse_stack(map_path, obs, out_path, options=options)
    seconds = time.perf_counter() - t0
    peak = high_water_kib()
    if profiler:
        import io
        import pstats

        profiler.disable()
        text = io.StringIO()
        text.write(f"\n### cProfile: {METHODS[mode][0]}, {size}², top 30 by cumulative time\n")
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        text.write("\n### same, top 15 by own time\n")
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(15)
        sys.stderr.write(text.getvalue())
    record = result["records"][0]
    out = {"seconds": seconds, "base_mb": base / 1024, "peak_mb": peak / 1024,
           "build_s": _Clock.build, "predict_s": _Clock.predict, "fit_s": _Clock.fit,
           "status": record.status, "station_cells": record.station_cells,
           "on_nodata": record.on_nodata, "clipped": record.clipped,
           "mean_value": record.mean_value, "variogram": record.variogram}
    if _Clock.krigings:
        k = _Clock.krigings[0]
        out.update(tiles=sum(len(k._auto) for k in _Clock.krigings),
                   tile_km=k.tile_size, neighbours=k.neighbours)
    out.update(check_output(map_path, out_path))
    os.remove(out_path)
    return out


def raw_io(folder):
    """The band read window by window (512 × 512) as stored and written unchanged."""
    import rasterio

    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.windows import iter_windows
    from smdownscale.engine.raster.timestack import StackWriter

    map_path = os.path.join(folder, "map.tif")
    out_path = os.path.join(folder, "raw_copy.tif")
    base = high_water_kib()
    t0 = time.perf_counter()
    with rasterio.open(map_path) as src:
        grid = Grid.of(src)
        with StackWriter(out_path, grid, nodata=src.nodata, count=1,
                         descriptions=list(src.descriptions)) as out:
            for window in iter_windows(grid, BLOCK):
                out.write(1, src.read(1, window=window), window)
    seconds = time.perf_counter() - t0
    peak = high_water_kib()
    out = {"seconds": seconds, "base_mb": base / 1024, "peak_mb": peak / 1024}
    out.update(check_output(map_path, out_path))
    os.remove(out_path)
    return out


def run_one(mode, folder, size, n_stations, profile):
    setup_path()
    if mode == "raw":
        result = raw_io(folder)
    elif mode in METHODS:
        result = run_fuse(folder, size, n_stations, mode, profile)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


# --- the driver -------------------------------------------------------------------------------

def measure(mode, folder, size, n_stations, profile=False):
    return run_child(__file__, mode, folder, size, n_stations, "1" if profile else "0")


HEAD = (f"{'size':>11s} {'M cells':>7s} {'method':24s} | {'wall s':>7s} {'× raw':>6s} "
        f"{'s/M cells':>9s} {'predict s':>9s} {'peak MB':>7s} {'base MB':>7s} | "
        f"{'check':>12s}")


def label(mode):
    return "raw I/O (read + write)" if mode == "raw" else METHODS[mode][0]


def row_text(size, mode, r, raw_s):
    cells = size * size / 1e6
    predict = f"{r['predict_s']:9.2f}" if "predict_s" in r else f"{'–':>9s}"
    check = "ok" if r["bad"] == 0 and r["extra"] == 0 else f"{r['bad']} bad"
    return (f"{f'{size} × {size}':>11s} {cells:7.2f} {label(mode):24s} | {r['seconds']:7.2f} "
            f"{r['seconds'] / raw_s:6.2f} {r['seconds'] / cells:9.3f} {predict} "
            f"{r['peak_mb']:7.0f} {r['base_mb']:7.0f} | {check:>12s}")


def summarise(sizes, results):
    print("\n## results (predict s = time inside the interpolator's predict, all windows)",
          flush=True)
    print(HEAD)
    for size in sizes:
        raw_s = results[size]["raw"]["seconds"]
        for mode in MODES:
            print(row_text(size, mode, results[size][mode], raw_s))
    print("\n## sanity check (output finite and valid wherever the input is valid)")
    for size in sizes:
        for mode in MODES:
            r = results[size][mode]
            text = (f"{size}² {label(mode):24s}: {r['valid']} valid input cells, {r['bad']} "
                    f"not valid in the output, {r['extra']} valid output cells on input "
                    f"nodata; mean change {r['mean_change']:+.4f}")
            if mode in METHODS:
                text += (f"; {r['station_cells']} station cells ({r['on_nodata']} obs on "
                         f"nodata), mean difference {r['mean_value']:+.4f}, "
                         f"{r['clipped']} clipped, status '{r['status']}'")
            print(text)
    print("\n## time inside the interpolator (s): construction (k-d tree) / variogram fit / "
          "predict; rest = fuse − these (I/O and per-window work)")
    for size in sizes:
        for mode in METHODS:
            r = results[size][mode]
            rest = r["seconds"] - r["build_s"] - r["fit_s"] - r["predict_s"]
            text = (f"{size}² {label(mode):24s}: {r['build_s']:.3f} / {r['fit_s']:.3f} / "
                    f"{r['predict_s']:.2f}; rest {rest:.2f} (raw I/O "
                    f"{results[size]['raw']['seconds']:.2f})")
            if r.get("variogram"):
                v = r["variogram"]
                text += (f"; variogram {v['model']} nugget {v['nugget']:.3g}, psill "
                         f"{v['psill']:.3g}, range {v['range']:.0f} km")
            print(text)
    print("\n## kriging tiles solved (default tiling: typical station spacing)")
    for size in sizes:
        for mode in ("ok", "sk"):
            r = results[size][mode]
            print(f"{size}² {label(mode):24s}: {r['tiles']} tiles of {r['tile_km']:.1f} km, "
                  f"{r['neighbours']} neighbours each ({size * size / r['tiles']:.0f} cells "
                  "per tile)")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = (large / small) ** 2
        print(f"\n## peak memory, {small}² → {large}² ({growth:.0f}× cells); target: "
              "growth under 20 %")
        for mode in MODES:
            a, b = results[small][mode]["peak_mb"], results[large][mode]["peak_mb"]
            pct = 100.0 * (b / a - 1.0)
            verdict = "" if mode == "raw" else f" ({'meets' if pct < 20 else 'misses'} < 20 %)"
            print(f"{label(mode):24s} {a:6.0f} → {b:6.0f} MB, {pct:+6.1f} %{verdict}")
        cache = os.environ.get("GDAL_CACHEMAX", "128")
        print(f"(one float32 band uncompressed: {4 * small * small / 2**20:.0f} → "
              f"{4 * large * large / 2**20:.0f} MB; GDAL keeps read blocks and the output's "
              f"dirty blocks in its block cache up to GDAL_CACHEMAX = {cache} MB, so growth "
              "that raw I/O shows too is that cache; rerun with GDAL_CACHEMAX=16 to separate "
              "it from the engine's own memory)")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1600,3200",
                        help="map columns = rows (1 km cells), comma-separated")
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--workdir", help="folder for the files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the input maps")
    parser.add_argument("--profile", action="store_true",
                        help="also profile ordinary kriging and IDW at the largest size")
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        mode, folder, size, n_stations, profile = args.one
        run_one(mode, folder, int(size), int(n_stations), profile == "1")
        return
    setup_path()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
    root = tempfile.mkdtemp(prefix="bench_fuse_", dir=args.workdir)
    print(f"# {os.cpu_count()} cores; GDAL_CACHEMAX {os.environ.get('GDAL_CACHEMAX', '128')} "
          f"MB; {args.stations} stations, one observation each on {DATE}; files in {root}",
          flush=True)
    results = {}
    started = time.perf_counter()
    try:
        for size in sizes:
            folder = os.path.join(root, f"size{size}")
            t0 = time.perf_counter()
            make_map(folder, size)
            map_path = os.path.join(folder, "map.tif")
            warm(map_path)
            mb = os.path.getsize(map_path) / 2**20
            print(f"# {size} × {size} ({size * size / 1e6:.2f} M cells): map written in "
                  f"{time.perf_counter() - t0:.1f} s ({mb:.0f} MB on disk)", flush=True)
            r = {}
            for mode in MODES:
                r[mode] = measure(mode, folder, size, args.stations)
                print(f"#   {label(mode):24s} {r[mode]['seconds']:7.2f} s, peak "
                      f"{r[mode]['peak_mb']:.0f} MB", flush=True)
            results[size] = r
            if args.profile and size == sizes[-1]:
                for mode in ("ok", "idw"):
                    print(f"# cProfile of {label(mode)} at {size}² (on stderr)", flush=True)
                    measure(mode, folder, size, args.stations, profile=True)
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
        summarise(sizes, results)
        print(f"# total {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        remove_unless_kept(root, args.keep)


if __name__ == "__main__":
    main()

"""Benchmark: Predict fine soil moisture — wall time and peak memory of one date.

    /usr/bin/python3 bench/bench_predict.py [--sizes 2000,4000]
        [--learners rf,lightgbm,xgboost] [--workdir DIR] [--keep] [--samples 20000]

For every size, writes a size × size grid of 1 km cells (EPSG:6933) with 10
predictors (4 dynamic single-band layers dated 2020-07-01, 6 static layers;
smooth random fields with noise, tiled DEFLATE float32 GeoTIFFs as the plugin
writes them) and a coarse soil-moisture stack of 32 × 32 cells covering it
(1,024 cells, ~3 % missing). The models (random forest, LightGBM, XGBoost with
the plugin's defaults: 500 trees/rounds) are fitted once on 20,000 synthetic
samples of the same fields plus the day-of-year features (12 features) and are
not timed. Each measurement runs in its own process; its peak memory is the
kernel's high-water mark (Linux VmHWM: ru_maxrss would carry the parent's peak
over fork and exec), with GDAL's block cache capped at 128 MB (GDAL_CACHEMAX)
as in bench_aggregate.py. Per size and learner it prints:

- bare predict: the learner's own ``predict`` on the whole (cells, features)
  float64 matrix, already in memory (building it is not timed), with the
  learner's fitted thread count (n_jobs = every core);
- raw I/O: reading every predictor window by window (512 × 512) for the date
  and writing one float32 output with the plugin's StackWriter, no model;
- compiled (LightGBM): the lleaves-compiled model's own ``predict`` on the same
  matrix (every core), and the compile apart: into an empty cache folder, then
  loaded from it (each with the 512-row agreement check);
- algorithm: ``predict_stack`` with no residual correction (the call only;
  loading the model file is not timed; compiled inference on, as by default,
  with the model in the cache), its ratio to bare + raw I/O (target ≤ 1.25, and
  ≤ 0.33 for LightGBM, issue 21) and its peak memory, whose growth from the
  smaller to the larger grid should stay under 20 % (10 % for LightGBM);
- algorithm, bare (LightGBM): the same with compiled inference off;
- kriging (LightGBM model): ``predict_stack`` with simple kriging onto the
  coarse stack (mass preserving, gap filling: the defaults), its time minus the
  uncorrected run, and ``ResidualField.at`` over every window timed directly
  (with the variogram fit and the coarse-cell lookup shown apart); target for
  the 16 M-cell grid: under 60 s.

Input files sit in a temporary folder (or under ``--workdir``), removed at the
end unless ``--keep``. The files are read once before the measurements, so every
measurement reads from the page cache.
"""
import argparse
import json
import math
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time

from common import remove_unless_kept

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

DATE = "2020-07-01"
DYNAMIC = ("ndvi", "lst_day", "lst_night", "precip")
STATIC = ("dem", "slope", "sand", "clay", "silt", "twi")
NAMES = DYNAMIC + STATIC
CELL = 1000.0  # m
ORIGIN = (-2_000_000.0, 4_500_000.0)  # top-left of every grid (EPSG:6933, m)
COARSE_CELLS = 32  # per side: 1,024 coarse cells
COARSE_MISSING = 0.03
WAVES = 6
NOISE = 0.05
STRIP = 512
SEED = 7
BLOCK = 512


def _setup_path():
    sys.path.insert(0, os.path.join(REPO, "tests", ".pkg"))


def _high_water_kib():
    """Peak resident memory of this process (Linux VmHWM), KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1))


# --- synthetic inputs -------------------------------------------------------------------------

def _waves(layer):
    """(amplitudes, kx, ky, phases) of a layer's smooth field; wavelengths 40–1500 km."""
    import numpy as np

    rng = np.random.default_rng([SEED, layer])
    wavelength = np.exp(rng.uniform(math.log(40.0), math.log(1500.0), WAVES))
    angle = rng.uniform(0, 2 * math.pi, WAVES)
    k = 2 * math.pi / wavelength
    amplitude = np.full(WAVES, math.sqrt(2.0 / WAVES))  # unit variance
    return amplitude, k * np.cos(angle), k * np.sin(angle), rng.uniform(0, 2 * math.pi, WAVES)


def field_at(layer, x_km, y_km, rng):
    """Field values (float64) at points (km), with noise from ``rng``."""
    import numpy as np

    a, kx, ky, phase = _waves(layer)
    x, y = np.asarray(x_km, float)[..., None], np.asarray(y_km, float)[..., None]
    smooth = (a * np.sin(kx * x + ky * y + phase)).sum(axis=-1)
    return smooth + rng.normal(0.0, NOISE, smooth.shape)


def field_strip(layer, x_km, y_km, rng):
    """Field on the grid of ``y_km`` (rows) × ``x_km`` (columns), separably."""
    import numpy as np

    a, kx, ky, phase = _waves(layer)
    out = rng.normal(0.0, NOISE, (len(y_km), len(x_km)))
    for j in range(WAVES):
        u, v = kx[j] * x_km + phase[j], ky[j] * y_km
        out += a[j] * (np.sin(v)[:, None] * np.cos(u)[None, :]
                       + np.cos(v)[:, None] * np.sin(u)[None, :])
    return out


def truth(X, doy_sin, doy_cos):
    """The known soil moisture (m³/m³) of feature rows (columns in NAMES order)."""
    import numpy as np

    y = (0.25 + 0.06 * np.tanh(X[:, 0]) - 0.03 * X[:, 1] * X[:, 2] + 0.02 * np.sin(2 * X[:, 3])
         + 0.02 * X[:, 4] - 0.015 * X[:, 6] + 0.01 * X[:, 7] * X[:, 8] + 0.005 * X[:, 9]
         + 0.02 * doy_sin - 0.01 * doy_cos)
    return np.clip(y, 0.02, 0.55)


def fine_grid(size):
    from rasterio.crs import CRS
    from rasterio.transform import Affine

    from smdownscale.engine.raster.grids import Grid

    return Grid(CRS.from_epsg(6933), Affine(CELL, 0, ORIGIN[0], 0, -CELL, ORIGIN[1]),
                size, size)


def coarse_grid(size):
    from rasterio.crs import CRS
    from rasterio.transform import Affine

    from smdownscale.engine.raster.grids import Grid

    cell = size * CELL / COARSE_CELLS
    return Grid(CRS.from_epsg(6933), Affine(cell, 0, ORIGIN[0], 0, -cell, ORIGIN[1]),
                COARSE_CELLS, COARSE_CELLS)


def make_inputs(folder, size):
    """Write the 10 predictors and the coarse stack of one size into ``folder``."""
    import numpy as np
    from rasterio.windows import Window

    from smdownscale.engine.raster.timestack import StackWriter, write_stack

    os.makedirs(folder, exist_ok=True)
    grid = fine_grid(size)
    x_km = (np.arange(size) + 0.5) * CELL / 1000.0
    for layer, name in enumerate(NAMES):
        descriptions = [DATE] if name in DYNAMIC else None
        with StackWriter(os.path.join(folder, f"{name}.tif"), grid, count=1,
                         descriptions=descriptions) as out:
            for row in range(0, size, STRIP):
                h = min(STRIP, size - row)
                y_km = -(row + np.arange(h) + 0.5) * CELL / 1000.0
                rng = np.random.default_rng([SEED, layer, row])
                out.write(1, field_strip(layer, x_km, y_km, rng).astype("float32"),
                          Window(0, row, size, h))
    coarse = coarse_grid(size)
    cell_km = coarse.res[0] / 1000.0
    cc, rr = np.meshgrid(np.arange(COARSE_CELLS), np.arange(COARSE_CELLS))
    rng = np.random.default_rng([SEED, 99, size])
    obs = 0.25 + 0.04 * field_at(len(NAMES), (cc + 0.5) * cell_km, -(rr + 0.5) * cell_km, rng)
    obs[rng.random(obs.shape) < COARSE_MISSING] = np.nan
    write_stack(os.path.join(folder, "coarse.tif"), coarse, np.clip(obs, 0.02, 0.55),
                descriptions=[DATE])


def read_all(folder):
    """Read every input once (puts the files in the page cache)."""
    import rasterio

    for name in NAMES + ("coarse",):
        with rasterio.open(os.path.join(folder, f"{name}.tif")) as ds:
            ds.read(1)


# --- the measurements (each in its own process) -----------------------------------------------

def _layers(folder):
    from smdownscale.engine.learn.features import PredictorLayer

    return [PredictorLayer(n, os.path.join(folder, f"{n}.tif")) for n in NAMES]


def fit_model(key, folder, models, n_samples):
    """Fit learner ``key`` on synthetic samples; pickle its DownscalingModel."""
    import numpy as np

    from smdownscale.engine.learn import learners
    from smdownscale.engine.learn.features import DOY_PERIOD, extra_features, layer_features
    from smdownscale.engine.learn.training import DownscalingModel, TrainConfig

    layers = _layers(folder)
    features = [f for l in layers for f in layer_features(l)] + extra_features(True, False, False)
    rng = np.random.default_rng([SEED, 1])
    extent = 4000.0  # km: points anywhere on the largest default grid
    x, y = rng.uniform(0, extent, n_samples), -rng.uniform(0, extent, n_samples)
    X = np.column_stack([field_at(i, x, y, rng) for i in range(len(NAMES))])
    angle = 2 * math.pi * (rng.integers(1, 366, n_samples) - 0.5) / DOY_PERIOD
    X = np.column_stack([X, np.sin(angle), np.cos(angle)])
    target = truth(X, X[:, -2], X[:, -1]) + rng.normal(0, 0.01, n_samples)
    est = learners.make_learner(key, seed=0, n_threads=0)
    t0 = time.perf_counter()
    learners.fit_threads(est, X, target, n_threads=0)
    seconds = time.perf_counter() - t0
    model = DownscalingModel(TrainConfig(key, seed=0).validated(), features, {"all": est}, {},
                             {}, info={"layers": [{"name": l.name, "dynamic": l.dynamic,
                                                   "categorical": l.categorical,
                                                   "units": l.units, "bands": l.count}
                                                  for l in layers]})
    with open(os.path.join(models, f"{key}.pkl"), "wb") as f:
        pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
    return {"fit_s": seconds, "features": len(features)}


def _load(models, key):
    with open(os.path.join(models, f"{key}.pkl"), "rb") as f:
        return pickle.load(f)


def _threads(est):
    params = est.get_params()
    return f"n_jobs={params.get('n_jobs')}"


def raw_io(folder):
    """Read every predictor window by window and write one float32 output; no model."""
    import rasterio

    from smdownscale.engine.raster.windows import iter_windows
    from smdownscale.engine.raster.timestack import StackWriter

    grid = fine_grid_of(folder)
    t0 = time.perf_counter()
    sources = [rasterio.open(os.path.join(folder, f"{n}.tif")) for n in NAMES]
    try:
        with StackWriter(os.path.join(folder, "out_io.tif"), grid, count=1,
                         descriptions=[DATE]) as out:
            for window in iter_windows(grid, BLOCK):
                values = [src.read(1, window=window) for src in sources]
                out.write(1, values[0], window)
    finally:
        for src in sources:
            src.close()
    return {"seconds": time.perf_counter() - t0}


def fine_grid_of(folder):
    from smdownscale.engine.raster.grids import Grid

    return Grid.from_path(os.path.join(folder, f"{NAMES[0]}.tif"))


def _matrix(folder, models, key):
    """(whole feature matrix of the date, float64, its model)."""
    import gc

    import numpy as np

    from smdownscale.engine.raster.dates import parse_iso
    from smdownscale.engine.raster.windows import iter_windows
    from smdownscale.engine.predict.inference import FeatureSource, match_layers

    model = _load(models, key)
    layers = _layers(folder)
    grid = fine_grid_of(folder)
    source = FeatureSource(model, match_layers(model, layers), grid)
    when = parse_iso(DATE)
    X = np.empty((grid.width * grid.height, len(model.features)))
    n = 0
    try:
        for window in iter_windows(grid, BLOCK):
            part = source.matrix(window, when)[0]
            X[n:n + len(part)] = part
            n += len(part)
    finally:
        source.close()
    X = X[:n]
    gc.collect()
    return X, model


def bare_predict(folder, models, key):
    """The learner's own predict on the whole feature matrix (built untimed)."""
    X, model = _matrix(folder, models, key)
    est = model.estimators["all"]
    t0 = time.perf_counter()
    est.predict(X)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": len(X), "matrix_mb": X.nbytes / 2**20,
            "threads": _threads(est)}


def compile_model(models, key):
    """Compile the model into an empty cache folder, then load it from there."""
    from smdownscale.engine.predict.compiled import CompileOptions, compile_estimator

    est = _load(models, key).estimators["all"]
    cache = os.path.join(models, "compiled")
    shutil.rmtree(cache, ignore_errors=True)
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        result = compile_estimator(est, CompileOptions(cache_dir=cache))
        times.append(time.perf_counter() - t0)
        if not result.compiled:
            raise SystemExit(f"not compiled: {result.reason}")
    return {"seconds": times[0], "hit_s": times[1]}


def compiled_predict(folder, models, key):
    """The compiled model's own predict (every core) on the whole feature matrix."""
    from smdownscale.engine.predict.compiled import CompileOptions, compile_estimator

    X = _matrix(folder, models, key)[0]
    est = _load(models, key).estimators["all"]
    lleaves_model = compile_estimator(est, CompileOptions(
        cache_dir=os.path.join(models, "compiled"))).predictor.loaded()
    t0 = time.perf_counter()
    lleaves_model.predict(X, n_jobs=os.cpu_count())
    return {"seconds": time.perf_counter() - t0}


def algorithm(folder, models, key, correction, compiled=True):
    """predict_stack (the call only) with or without the kriging correction."""
    from smdownscale.engine.predict.prediction import PredictOptions, predict_stack

    model = _load(models, key)
    layers = _layers(folder)
    coarse = os.path.join(folder, "coarse.tif") if correction != "none" else None
    out = os.path.join(folder, f"out_{correction}_{key}{'' if compiled else '_bare'}.tif")
    options = PredictOptions(correction=correction, compiled_inference=compiled,
                             compile_cache=os.path.join(models, "compiled"))
    t0 = time.perf_counter()
    summary = predict_stack(model, layers, out, coarse_path=coarse, options=options)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "predicted": summary["predicted"],
            "mass_error": summary["mass_error"], "compiled": summary["compiled"]}


def same_output(folder, key):
    """(cells where the compiled and the bare algorithm's float32 maps differ, the largest
    difference in float32 steps (units in the last place) there)."""
    import numpy as np
    import rasterio

    with rasterio.open(os.path.join(folder, f"out_none_{key}.tif")) as a, \
            rasterio.open(os.path.join(folder, f"out_none_{key}_bare.tif")) as b:
        one, other = a.read(1), b.read(1)
    differ = one != other
    if not differ.any():
        return 0, 0
    steps = np.abs(one[differ].view(np.int32).astype(np.int64)
                   - other[differ].view(np.int32).astype(np.int64))
    return int(differ.sum()), int(steps.max())


def residual_field(folder, models):
    """ResidualField.at over every window, timed directly, from the uncorrected LightGBM run."""
    import numpy as np
    import rasterio

    from smdownscale.engine.raster.windows import iter_windows
    from smdownscale.engine.predict.coarse_product import CoarseProduct
    from smdownscale.engine.predict.residuals import (CellSums, ResidualField, coarse_residual,
                                                      fit_date_variogram)

    pred_path = os.path.join(folder, "out_none_lightgbm.tif")
    if not os.path.exists(pred_path):
        algorithm(folder, models, "lightgbm", "none")
    grid = fine_grid_of(folder)
    coarse = CoarseProduct(os.path.join(folder, "coarse.tif"), grid)
    obs = coarse.observed(coarse.dates[0])
    windows = list(iter_windows(grid, BLOCK))
    sums, area = CellSums(coarse.map.size), CellSums(coarse.map.size)
    with rasterio.open(pred_path) as src:
        for window in windows:
            index, _, _, weights = coarse.map.locate(window)
            pred = src.read(1, window=window, masked=True).astype("float64").filled(np.nan)
            inside = index >= 0
            area.add(index[inside], weights[inside], weights[inside])
            use = inside & np.isfinite(pred)
            sums.add(index[use], pred[use], weights[use])
    residual = coarse_residual(obs, sums.mean(), sums.weight, area.weight)
    t0 = time.perf_counter()
    variogram = fit_date_variogram(coarse.grid, residual, "spherical")
    field_ = ResidualField(coarse.grid, residual, "simple_kriging", variogram)
    setup_s = time.perf_counter() - t0
    locate_s = at_s = 0.0  # one coarse-cell lookup pass (predict_stack makes three)
    for window in windows:
        t0 = time.perf_counter()
        located = coarse.map.locate(window)
        t1 = time.perf_counter()
        field_.at(window, *located[:3])
        locate_s += t1 - t0
        at_s += time.perf_counter() - t1
    return {"seconds": at_s, "setup_s": setup_s, "locate_s": locate_s,
            "residual_cells": field_.n, "describe": field_.describe()}


def run_one(mode, folder, models, key, n_samples):
    _setup_path()
    if mode == "fit":
        result = fit_model(key, folder, models, n_samples)
    elif mode == "io":
        result = raw_io(folder)
    elif mode == "bare":
        result = bare_predict(folder, models, key)
    elif mode == "alg":
        result = algorithm(folder, models, key, "none")
    elif mode == "algbare":
        result = algorithm(folder, models, key, "none", compiled=False)
        result["differ"] = same_output(folder, key)
    elif mode == "compile":
        result = compile_model(models, key)
    elif mode == "compiled":
        result = compiled_predict(folder, models, key)
    elif mode == "krige":
        result = algorithm(folder, models, key, "simple_kriging")
    elif mode == "field":
        result = residual_field(folder, models)
    else:
        raise SystemExit(f"unknown mode {mode}")
    result["peak_mb"] = _high_water_kib() / 1024
    print(json.dumps(result))


# --- the driver -------------------------------------------------------------------------------

def measure(mode, folder, models, key="-", n_samples=0):
    env = dict(os.environ, GDAL_CACHEMAX=os.environ.get("GDAL_CACHEMAX", "128"))
    run = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", mode, folder,
                          models, key, str(n_samples)],
                         check=True, env=env, stdout=subprocess.PIPE, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def report_size(size, rows, krige, field_):
    print(f"\n## {size} × {size} fine cells ({size * size / 1e6:.1f} M), {len(NAMES)} "
          f"predictors, one date", flush=True)
    head = (f"{'learner':10s} {'bare s':>8s} {'raw I/O s':>9s} {'bare+I/O':>9s} "
            f"{'alg s':>8s} {'ratio':>6s} {'alg peak MB':>11s} {'bare peak MB':>12s}  "
            "bare threads")
    print(head)
    for key, r in rows.items():
        base = r["bare"]["seconds"] + r["io"]["seconds"]
        print(f"{key:10s} {r['bare']['seconds']:8.2f} {r['io']['seconds']:9.2f} {base:9.2f} "
              f"{r['alg']['seconds']:8.2f} {r['alg']['seconds'] / base:6.2f} "
              f"{r['alg']['peak_mb']:11.0f} {r['bare']['peak_mb']:12.0f}  "
              f"{r['bare']['threads']}")
    for key, r in rows.items():
        if "compiled" in r:
            base = r["bare"]["seconds"] + r["io"]["seconds"]
            print(f"{key}: compiled predict {r['compiled']['seconds']:.2f} s "
                  f"({r['bare']['seconds'] / r['compiled']['seconds']:.1f}× the bare learner); "
                  f"compile {r['compile']['seconds']:.1f} s, cache hit {r['compile']['hit_s']:.2f} s; "
                  f"algorithm with {r['alg']['compiled']} compiled model(s) "
                  f"{r['alg']['seconds']:.2f} s, bare {r['algbare']['seconds']:.2f} s "
                  f"(ratio {r['algbare']['seconds'] / base:.2f}, peak "
                  f"{r['algbare']['peak_mb']:.0f} MB); cells differing between the two "
                  f"float32 maps: {r['algbare']['differ'][0]} (at most {r['algbare']['differ'][1]} "
                  "float32 step(s) apart)")
    io = next(iter(rows.values()))["io"] if rows else None
    if io:
        print(f"(raw I/O alone: peak {io['peak_mb']:.0f} MB; bare predict's matrix "
              f"{next(iter(rows.values()))['bare']['matrix_mb']:.0f} MB in memory; algorithm: "
              "learners at 1 thread each, rows split over every core)")
    if krige:
        none = krige["none_s"]
        print(f"kriging (LightGBM, simple kriging, {field_['residual_cells']} coarse "
              f"residuals): predict_stack {krige['seconds']:.2f} s, peak "
              f"{krige['peak_mb']:.0f} MB; minus the uncorrected run ({none:.2f} s): "
              f"{krige['seconds'] - none:.2f} s")
        print(f"kriging, ResidualField.at over every window: {field_['seconds']:.2f} s "
              f"(variogram fit + set-up {field_['setup_s']:.3f} s, coarse-cell lookup "
              f"{field_['locate_s']:.2f} s per pass)")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,4000", help="fine columns = rows, comma-separated")
    parser.add_argument("--learners", default="rf,lightgbm,xgboost")
    parser.add_argument("--samples", type=int, default=20000, help="training samples")
    parser.add_argument("--workdir", help="folder for the inputs (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the inputs and outputs")
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        mode, folder, models, key, n = args.one
        run_one(mode, folder, models, key, int(n))
        return
    _setup_path()
    from smdownscale.engine.learn import learners

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    keys = [k.strip() for k in args.learners.split(",") if k.strip()]
    for key in keys:
        if not learners.available(key):
            print(f"# {learners.LABELS.get(key, key)}: not installed, skipped")
    keys = [k for k in keys if learners.available(k)]
    krige_key = "lightgbm" if learners.available("lightgbm") else None
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
    root = tempfile.mkdtemp(prefix="bench_predict_", dir=args.workdir)
    models = os.path.join(root, "models")
    os.makedirs(models)
    print(f"# {os.cpu_count()} cores; GDAL_CACHEMAX "
          f"{os.environ.get('GDAL_CACHEMAX', '128')} MB; files in {root}", flush=True)
    results = {}
    try:
        for n, size in enumerate(sizes):
            folder = os.path.join(root, f"size{size}")
            t0 = time.perf_counter()
            make_inputs(folder, size)
            read_all(folder)
            print(f"# {size} × {size}: inputs written in {time.perf_counter() - t0:.1f} s",
                  flush=True)
            if n == 0:
                for key in sorted(set(keys) | ({krige_key} - {None})):
                    fit = measure("fit", folder, models, key, args.samples)
                    print(f"# {learners.LABELS[key]}: fitted on {args.samples} samples, "
                          f"{fit['features']} features, in {fit['fit_s']:.1f} s", flush=True)
            io = measure("io", folder, models)
            rows = {}
            for key in keys:
                rows[key] = {"io": io, "bare": measure("bare", folder, models, key)}
                if key == "lightgbm":
                    rows[key]["compile"] = measure("compile", folder, models, key)
                    rows[key]["compiled"] = measure("compiled", folder, models, key)
                rows[key]["alg"] = measure("alg", folder, models, key)
                if key == "lightgbm":
                    rows[key]["algbare"] = measure("algbare", folder, models, key)
            krige = field_ = None
            if krige_key:
                none_s = rows[krige_key]["alg"]["seconds"] if krige_key in rows else \
                    measure("alg", folder, models, krige_key)["seconds"]
                krige = dict(measure("krige", folder, models, krige_key), none_s=none_s)
                field_ = measure("field", folder, models, krige_key)
            results[size] = {"rows": rows, "krige": krige}
            report_size(size, rows, krige, field_)
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
        summarise(sizes, keys, results)
    finally:
        remove_unless_kept(root, args.keep)


def summarise(sizes, keys, results):
    """Acceptance targets: time ratio, memory growth with a 4× grid, kriging time."""
    print("\n## targets")
    for size in sizes:
        for key in keys:
            r = results[size]["rows"][key]
            ratio = r["alg"]["seconds"] / (r["bare"]["seconds"] + r["io"]["seconds"])
            target = 0.33 if key == "lightgbm" else 1.25
            print(f"{size}² {key:10s} algorithm / (bare + I/O) = {ratio:.2f} "
                  f"({'meets' if ratio <= target else 'misses'} ≤ {target})")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = (large / small) ** 2
        for key in keys:
            a = results[small]["rows"][key]["alg"]["peak_mb"]
            b = results[large]["rows"][key]["alg"]["peak_mb"]
            pct = 100.0 * (b / a - 1.0)
            limit = 10 if key == "lightgbm" else 20
            print(f"peak memory {key:10s} {small}² → {large}² ({growth:.0f}× cells): {a:.0f} → "
                  f"{b:.0f} MB, {pct:+.1f} % ({'meets' if pct < limit else 'misses'} "
                  f"< {limit} %)")
        ka, kb = results[small]["krige"], results[large]["krige"]
        if ka and kb:
            pct = 100.0 * (kb["peak_mb"] / ka["peak_mb"] - 1.0)
            print(f"peak memory kriging    {small}² → {large}²: {ka['peak_mb']:.0f} → "
                  f"{kb['peak_mb']:.0f} MB, {pct:+.1f} %")
    for size in sizes:
        k = results[size]["krige"]
        if k:
            extra = k["seconds"] - k["none_s"]
            verdict = ("meets" if extra < 60 else "misses") if size * size >= 16_000_000 else \
                "target applies to 16 M cells"
            print(f"{size}² kriging correction {extra:.1f} s beyond the uncorrected run "
                  f"(total {k['seconds']:.1f} s; {verdict}: < 60 s)")


if __name__ == "__main__":
    main()

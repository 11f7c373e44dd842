"""Peer benchmark: the plugin's default chain against pyDMS on regions with a known 1 km truth.

    PYDMS_DIR=~/src/pyDMS /usr/bin/python3 bench/bench_peer.py [--gens peer,synth]
        [--seeds 1-5] [--sizes 8,16] [--days 45] [--out bench_peer_out]

Regions: two generators — ``synth``, the plugin's own synthetic region
(engine/synthetic), and ``peer``, an independent one (bench/peer_region.py: the
relation between predictors and soil moisture changes from day to day and much of
the 1 km variability is unexplained) — × seeds × sizes (coarse cells per side; 8 is
the demo's geometry). The coarse product is the block mean of the truth plus a dry
bias and retrieval noise of σ = 0.01 + 0.0075·(seed − 1) m³/m³ (0.01 … 0.04), with
15 % of the cell-dates missing. Both tools get the same predictors (NDVI and LST with
clouds, precipitation, its antecedent index, DEM, slope, aspect, sand, clay, land
cover).

Methods:

- the plugin through ``scripts/qgis_process`` with the Processing defaults (only
  inputs and outputs given), with the defaults but exact mass preservation, and with
  the 0.2.0 defaults (random forest, no date models or anomalies, minimum coverage
  0.9, simple kriging with mass preservation);
- pyDMS (Gao et al. 2012; Guzinski and Nieto's implementation) from the checkout
  that ``PYDMS_DIR`` names, with its documented defaults for a non-temperature
  variable (``run_pyDMS.py``: no homogeneity threshold, moving window 15, linear
  leaf regressions, extrapolation ratio 0.25), one model per date (its usual use) and
  one model over all dates, each without and with its residual correction. pyDMS is
  not a dependency and none of its code is in this project; without ``PYDMS_DIR``
  its rows are skipped with a message. It needs GDAL's Python bindings and numba
  (Debian: ``apt-get install python3-gdal python3-numba``).

Scores (pixels where the truth, a coarse observation and every method have a value):
ubRMSE and R against the truth, the ubRMSE reduction below the coarse product's
("gain", %), and the largest |coarse observation − mean of the fine map| over
coarse cells ("mass", m³/m³). ``gap`` is the plugin's ubRMSE on pixels whose coarse
cell has no observation (filled by the model). The last lines give, per region, the
margin of the plugin's default gain over the best pyDMS configuration.
"""
import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import rasterio

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "tests", ".pkg"))
sys.path.insert(0, HERE)
QGIS_PROCESS = os.path.join(REPO, "scripts", "qgis_process")
NEST = 36  # 1 km cells per 36 km cell side

PLUGIN_VARIANTS = {
    "plugin defaults": ({}, {}),
    "plugin defaults + exact mass": ({}, {"MASS_PRESERVING": "true"}),
    "plugin 0.2.0 defaults": ({"MODEL": "0", "DATE_MODELS": "0", "DATE_ANOMALIES": "false",
                               "MIN_COVERAGE": "0.9"}, {"MASS_PRESERVING": "true"}),
}
PYDMS_OPTIONS = dict(cvHomogeneityThreshold=0, movingWindowSize=15,
                     disaggregatingTemperature=False, perLeafLinearRegression=True,
                     linearRegressionExtrapolationRatio=0.25)


def noise_for(seed):
    """Retrieval noise σ (m³/m³) of a seed's coarse product: 0.01 … 0.04 for seeds 1 … 5."""
    return round(0.01 + 0.0075 * (seed - 1), 4)


# --- regions ------------------------------------------------------------------------------

def make_region(gen, seed, size, days, folder):
    """dict: truth, coarse (paths), predictors (name → path), categorical (names)."""
    done = os.path.join(folder, "bench_region.json")
    if os.path.exists(done):
        with open(done) as f:
            return json.load(f)
    os.makedirs(folder, exist_ok=True)
    if gen == "peer":
        from peer_region import Region

        manifest = Region(seed=seed, size=size, days=days, noise=noise_for(seed)).run(folder)
        paths = {k: os.path.join(folder, v) for k, v in manifest["predictors"].items()}
        region = {"truth": os.path.join(folder, manifest["files"]["truth"]),
                  "coarse": os.path.join(folder, manifest["files"]["coarse_stack"]),
                  "predictors": paths, "categorical": ["landcover"]}
    else:
        region = _synthetic(seed, size, days, folder)
    with open(done, "w") as f:
        json.dump(region, f, indent=1)
    return region


def _synthetic(seed, size, days, folder):
    from smdownscale.engine.prepare.antecedent import antecedent_stack
    from smdownscale.engine.prepare.terrain import compute_terrain
    from smdownscale.engine.synthetic import RegionSpec, generate_region
    from smdownscale.engine.synthetic.predictors import CATEGORICAL, prepare_predictors

    manifest = generate_region(folder, RegionSpec(
        seed=seed, coarse_cols=size, coarse_rows=size, n_days=days,
        coarse_noise=noise_for(seed), gap_fraction=0.15))
    paths = prepare_predictors(folder, manifest)
    extra = os.path.join(folder, "predictors")
    compute_terrain(paths["dem"], os.path.join(extra, "slope.tif"),
                    os.path.join(extra, "aspect.tif"))
    paths["slope"], paths["aspect"] = (os.path.join(extra, f"{n}.tif")
                                       for n in ("slope", "aspect"))
    if "api" not in paths:
        paths["api"] = os.path.join(extra, "api.tif")
        antecedent_stack(paths["precip"], paths["api"])
    return {"truth": os.path.join(folder, manifest["files"]["truth"]),
            "coarse": os.path.join(folder, manifest["files"]["coarse_stack"]),
            "predictors": paths, "categorical": list(CATEGORICAL)}


def read(path):
    """(bands, rows, cols) float64 with NaN for nodata."""
    with rasterio.open(path) as ds:
        return ds.read(masked=True).astype("float64").filled(np.nan)


# --- the plugin -----------------------------------------------------------------------------

def run_plugin(region, train_extra, predict_extra, folder):
    """Train and predict through qgis_process; return the 1 km stack (dates, rows, cols).

    Variants with the same training choices share one model (in a folder named by them).
    """
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, "sm_1km.tif")
    if not os.path.exists(out):
        layers = []
        for name, path in region["predictors"].items():
            key = "CATEGORICAL" if name in region["categorical"] else "PREDICTORS"
            layers.append(f"--{key}={path}")
        tag = "_".join(f"{k}{v}" for k, v in sorted(train_extra.items())) or "defaults"
        model = os.path.join(os.path.dirname(folder), f"model_{tag}.smdm")
        if not os.path.exists(model):
            _qgis_process("train", [f"--COARSE_SM={region['coarse']}", *layers,
                                    f"--OUTPUT_MODEL={model}"], train_extra)
        _qgis_process("predict", [f"--MODEL={model}", f"--COARSE_SM={region['coarse']}",
                                  *layers, f"--OUTPUT={out}",
                                  f"--DATE_REPORT={os.path.join(folder, 'dates.csv')}"],
                      predict_extra)
    return read(out)


def _qgis_process(alg, args, extra):
    command = [QGIS_PROCESS, "run", f"smdownscale:{alg}", *args,
               *[f"--{k}={v}" for k, v in extra.items()]]
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if run.returncode:
        raise SystemExit(f"{alg} failed:\n{run.stdout[-3000:]}")


# --- pyDMS --------------------------------------------------------------------------------

def pydms_available():
    """None when pyDMS can run, else the reason (printed once)."""
    folder = os.environ.get("PYDMS_DIR")
    if not folder:
        return "PYDMS_DIR is not set: pyDMS rows skipped (point it to a pyDMS checkout)"
    for sub in ("", "src"):
        if os.path.isdir(os.path.join(folder, sub, "pyDMS")):
            sys.path.insert(0, os.path.join(folder, sub))
            break
    try:
        import pyDMS.pyDMS  # noqa: F401
    except ImportError as err:
        return (f"pyDMS from {folder} does not import ({err}); it needs GDAL's Python "
                "bindings and numba (apt-get install python3-gdal python3-numba)")
    return None


def run_pydms(region, mode, folder):
    """{False: uncorrected, True: residual-corrected} 1 km stacks of pyDMS, ``mode`` = date
    (one model per date) or pooled (one over all dates); cached as .npy."""
    paths = {c: os.path.join(folder, f"pydms_{mode}_{int(c)}.npy") for c in (False, True)}
    if not all(os.path.exists(p) for p in paths.values()):
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
            raw, corrected = _pydms(region, mode, tmp)
        np.save(paths[False], raw)
        np.save(paths[True], corrected)
    return {c: np.load(p) for c, p in paths.items()}


def _pydms(region, mode, tmp):
    from pyDMS.pyDMS import DecisionTreeSharpener

    names = list(region["predictors"])
    stacks = {n: read(region["predictors"][n]) for n in names}
    coarse = read(region["coarse"])
    with rasterio.open(region["truth"]) as ds:
        fine_profile = ds.profile
    with rasterio.open(region["coarse"]) as ds:
        coarse_profile = ds.profile
    dates = coarse.shape[0]
    high, low = [], []
    for t in range(dates):
        h, lo = os.path.join(tmp, f"high_{t}.tif"), os.path.join(tmp, f"low_{t}.tif")
        _write(h, [stacks[n][t] if stacks[n].shape[0] > 1 else stacks[n][0] for n in names],
               fine_profile)
        _write(lo, [coarse[t]], coarse_profile)
        high.append(h)
        low.append(lo)
    shape = (dates,) + stacks[names[0]].shape[1:]
    raw, corrected = np.full(shape, np.nan), np.full(shape, np.nan)
    if mode == "pooled":
        sharpener = DecisionTreeSharpener(highResFiles=high, lowResFiles=low, **PYDMS_OPTIONS)
        sharpener.trainSharpener()
    for t in range(dates):
        if np.isfinite(coarse[t]).sum() < 10:
            continue
        if mode == "date":
            sharpener = DecisionTreeSharpener(highResFiles=[high[t]], lowResFiles=[low[t]],
                                              **PYDMS_OPTIONS)
            sharpener.trainSharpener()
        image = sharpener.applySharpener(high[t], low[t])
        raw[t] = image.GetRasterBand(1).ReadAsArray()
        _, fixed = sharpener.residualAnalysis(image, low[t], None, doCorrection=True)
        corrected[t] = fixed.GetRasterBand(1).ReadAsArray()
    return raw, corrected


def _write(path, arrays, profile):
    """Float32 GeoTIFF with NaN as nodata (pyDMS reads NaN as missing)."""
    meta = {k: profile[k] for k in ("crs", "transform", "width", "height")}
    with rasterio.open(path, "w", driver="GTiff", count=len(arrays), dtype="float32",
                       nodata=np.nan, **meta) as ds:
        for i, a in enumerate(arrays):
            ds.write(np.asarray(a, "float32"), i + 1)


# --- scores -------------------------------------------------------------------------------

def block_mean(a):
    """(…, H, W) → (…, H/36, W/36) mean of the finite cells, and their share."""
    *lead, h, w = a.shape
    b = a.reshape(*lead, h // NEST, NEST, w // NEST, NEST)
    ok = np.isfinite(b)
    total = np.where(ok, b, 0.0).sum(axis=(-3, -1))
    n = ok.sum(axis=(-3, -1))
    return np.where(n > 0, total / np.maximum(n, 1), np.nan), n / (NEST * NEST)


def upsample(c):
    return np.repeat(np.repeat(c, NEST, axis=-2), NEST, axis=-1)


def agreement(estimate, truth):
    ok = np.isfinite(estimate) & np.isfinite(truth)
    d = estimate[ok] - truth[ok]
    bias = float(d.mean())
    rmse = float(np.sqrt(np.mean(d * d)))
    return {"n": int(ok.sum()), "ubrmse": float(np.sqrt(max(rmse ** 2 - bias ** 2, 0.0))),
            "r": float(np.corrcoef(estimate[ok], truth[ok])[0, 1])}


def score(maps, truth, coarse):
    """Rows per method on the common pixels under coarse observations (see the docstring)."""
    on_fine = upsample(coarse)
    common = np.isfinite(truth) & np.isfinite(on_fine)
    for m in maps.values():
        common &= np.isfinite(m)
    base = agreement(np.where(common, on_fine, np.nan), truth)
    rows = {"coarse product": dict(base, gain=0.0, mass=np.nan, gap=np.nan)}
    gaps = np.isfinite(truth) & ~np.isfinite(on_fine)
    for name, m in maps.items():
        row = agreement(np.where(common, m, np.nan), truth)
        row["gain"] = 100.0 * (1.0 - row["ubrmse"] / base["ubrmse"])
        mean, share = block_mean(m)
        error = np.abs(mean - coarse)[(share > 0.5) & np.isfinite(coarse)]
        row["mass"] = float(np.nanmax(error)) if error.size else np.nan
        filled = gaps & np.isfinite(m)
        row["gap"] = agreement(np.where(filled, m, np.nan), truth)["ubrmse"] \
            if filled.sum() > 100 else np.nan
        rows[name] = row
    return rows


def print_rows(title, rows):
    print(f"\n{title}")
    print(f"  {'method':34s} {'ubRMSE':>7s} {'R':>6s} {'gain %':>7s} {'mass':>8s} "
          f"{'gap ubRMSE':>10s}")
    for name, r in rows.items():
        print(f"  {name:34s} {r['ubrmse']:7.4f} {r['r']:6.3f} {r['gain']:7.1f} "
              f"{r['mass']:8.1e} {r['gap']:10.4f}")


# --- main -----------------------------------------------------------------------------------

def _ints(text):
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gens", default="peer,synth")
    parser.add_argument("--seeds", default="1-5")
    parser.add_argument("--sizes", default="8,16")
    parser.add_argument("--days", type=int, default=45)
    parser.add_argument("--out", default="bench_peer_out")
    parser.add_argument("--variants", default=",".join(PLUGIN_VARIANTS),
                        help="plugin variants to run (comma-separated names of the table)")
    args = parser.parse_args()
    skip = pydms_available()
    if skip:
        print(skip)
    summary = []
    for size in _ints(args.sizes):
        for gen in args.gens.split(","):
            for seed in _ints(args.seeds):
                name = f"{gen} seed {seed} size {size} noise {noise_for(seed)}"
                folder = os.path.join(args.out, f"{gen}_s{seed}_n{size}_d{args.days}")
                region = make_region(gen, seed, size, args.days, os.path.join(folder, "region"))
                maps = {label: run_plugin(region, t, p,
                                          os.path.join(folder, label.replace(" ", "_")))
                        for label, (t, p) in PLUGIN_VARIANTS.items()
                        if label in args.variants.split(",")}
                if not skip:
                    for mode in ("date", "pooled"):
                        runs = run_pydms(region, mode, os.path.join(folder, "pydms"))
                        label = "pyDMS per date" if mode == "date" else "pyDMS pooled"
                        maps[label] = runs[False]
                        maps[f"{label} + its correction"] = runs[True]
                rows = score(maps, read(region["truth"]), read(region["coarse"]))
                print_rows(name, rows)
                best = max((r["gain"] for k, r in rows.items() if k.startswith("pyDMS")),
                           default=np.nan)
                ours = rows["plugin defaults"]
                summary.append((name, ours["gain"], best, ours["r"],
                                max((r["r"] for k, r in rows.items() if k.startswith("pyDMS")),
                                    default=np.nan)))
    print("\nregion: plugin defaults gain − best pyDMS gain (points); R plugin / best pyDMS")
    for name, ours, best, r_ours, r_best in summary:
        print(f"  {name:36s} {ours:6.1f} − {best:6.1f} = {ours - best:+6.1f}   "
              f"R {r_ours:.3f} / {r_best:.3f}")
    # the coarse product's retrieval files are kept in --out for inspection
    return 0


if __name__ == "__main__":
    sys.exit(main())

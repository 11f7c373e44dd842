"""Print the demo's accuracy against the synthetic region's known 1 km truth.

    scripts/engine_python scripts/demo_accuracy.py DEMO_DIR

Compares with the truth: the coarse product (the stack built by qgis_process) taken
to the 1 km grid by nearest neighbour — the baseline — and the downscaled 1 km map
of smdownscale:predict, on the pixels where both have a value and the coarse
product has an observation; gap-filled pixels are scored separately.
"""
import json
import os
import sys

import numpy as np
import rasterio
from rasterio.warp import Resampling, reproject


def coarse_on_fine(coarse_path, fine_grid_path):
    """The coarse stack resampled (nearest) onto the fine grid: (bands, rows, cols), NaN gaps."""
    with rasterio.open(fine_grid_path) as fine, rasterio.open(coarse_path) as coarse:
        out = np.full((coarse.count, fine.height, fine.width), np.nan, dtype="float32")
        for b in range(coarse.count):
            reproject(rasterio.band(coarse, b + 1), out[b], dst_transform=fine.transform,
                      dst_crs=fine.crs, dst_nodata=np.nan, resampling=Resampling.nearest)
        return out, list(coarse.descriptions)


def main(demo_dir):
    from smdownscale.engine.metrics import agreement
    from smdownscale.engine.raster.timestack import read_stack

    region = os.path.join(demo_dir, "region")
    manifest = json.load(open(os.path.join(region, "region.json"), encoding="utf-8"))
    truth_path = os.path.join(region, manifest["files"]["truth"])
    truth, _, truth_dates = read_stack(truth_path)
    coarse, coarse_dates = coarse_on_fine(
        os.path.join(region, manifest["files"]["coarse_stack"]), truth_path)
    if coarse_dates != [d.iso for d in truth_dates]:
        sys.exit(f"demo: the coarse stack's dates {coarse_dates[:3]}… do not match the truth's")
    m = agreement(coarse, truth)
    per_date = [agreement(coarse[i], truth[i])["ubrmse"] for i in range(len(coarse_dates))]
    valid = np.isfinite(coarse).mean() * 100
    print(f"Demo region: {truth.shape[2]}×{truth.shape[1]} cells of 1 km, {len(coarse_dates)} "
          f"dates ({coarse_dates[0]} … {coarse_dates[-1]}), seed {manifest['spec']['seed']}")
    print("Accuracy against the known 1 km truth (m³/m³):")
    print(f"  {'product':46s} {'n':>8s} {'bias':>8s} {'RMSE':>8s} {'ubRMSE':>8s} {'R':>6s}")
    print(f"  {'coarse 36 km product, nearest to 1 km':46s} {m['n']:8d} {m['bias']:8.4f} "
          f"{m['rmse']:8.4f} {m['ubrmse']:8.4f} {m['r']:6.3f}")
    print(f"  coarse coverage of the fine pixel-dates: {valid:.1f} %; per-date ubRMSE "
          f"{np.nanmin(per_date):.4f} … {np.nanmax(per_date):.4f}")
    model_path = os.path.join(demo_dir, "downscaler.smdm")
    if os.path.exists(model_path):
        from smdownscale.engine.learn.modelfile import read_manifest

        info = read_manifest(model_path)["info"]
        t = info["metrics"]["test"]
        print(f"Trained downscaler (36 km, {info['n_samples']} samples on "
              f"{len(info['dates'])} dates), held-out test split against the coarse product:")
        print(f"  {'LightGBM at the coarse scale':46s} {t['n']:8d} {t['bias']:8.4f} "
              f"{t['rmse']:8.4f} {t['ubrmse']:8.4f} {t['r']:6.3f}   skill vs mean "
              f"{t['skill']:.2f}")
    downscaled_path = os.path.join(demo_dir, "sm_1km_downscaled.tif")
    if os.path.exists(downscaled_path):
        print_downscaled(downscaled_path, coarse, truth)
        print_coverage(downscaled_path, truth, clouds(region, manifest))
    print_predict_time(os.path.join(demo_dir, "model_log.txt"))
    summary_path = os.path.join(demo_dir, "validation_summary.csv")
    if os.path.exists(summary_path):
        print_stations(summary_path)
    overpass_path = os.path.join(demo_dir, "validate_overpass.json")
    if os.path.exists(overpass_path):
        print_overpass(overpass_path)
    print_tables(demo_dir)


def print_downscaled(path, coarse, truth):
    """Downscaled vs truth beside the coarse product on the same pixels, and the gaps."""
    from smdownscale.engine.metrics import agreement
    from smdownscale.engine.raster.timestack import read_stack

    down, _, _ = read_stack(path)
    both = np.isfinite(down) & np.isfinite(coarse)
    gaps = np.isfinite(down) & ~np.isfinite(coarse)
    c = agreement(np.where(both, coarse, np.nan), truth)
    d = agreement(np.where(both, down, np.nan), truth)
    g = agreement(np.where(gaps, down, np.nan), truth)
    print("Downscaled 1 km map (smdownscale:predict: date models, noise-aware simple kriging) "
          "against the truth:")
    print(f"  {'pixels under a coarse observation:':46s}")
    print(f"  {'  coarse 36 km product, nearest to 1 km':46s} {c['n']:8d} {c['bias']:8.4f} "
          f"{c['rmse']:8.4f} {c['ubrmse']:8.4f} {c['r']:6.3f}")
    print(f"  {'  downscaled 1 km':46s} {d['n']:8d} {d['bias']:8.4f} {d['rmse']:8.4f} "
          f"{d['ubrmse']:8.4f} {d['r']:6.3f}")
    print(f"  ubRMSE {100 * (1 - d['ubrmse'] / c['ubrmse']):.1f} % below the coarse product's; "
          f"R {d['r']:.3f} vs {c['r']:.3f}")
    fused_path = os.path.join(os.path.dirname(path), "sm_1km_fused.tif")
    if os.path.exists(fused_path):
        fused, _, _ = read_stack(fused_path)
        f = agreement(np.where(both, fused, np.nan), truth)
        print(f"  {'  fused with the stations (GDA, kriging)':46s} {f['n']:8d} {f['bias']:8.4f} "
              f"{f['rmse']:8.4f} {f['ubrmse']:8.4f} {f['r']:6.3f}")
    print(f"  {'gap-filled pixels (no coarse observation)':46s} {g['n']:8d} {g['bias']:8.4f} "
          f"{g['rmse']:8.4f} {g['ubrmse']:8.4f} {g['r']:6.3f}")


def clouds(region, manifest):
    """(dates, rows, cols) True where the region's MODIS LST is missing (under a cloud)."""
    masks = []
    for name in manifest["files"]["lst_files"]:
        with rasterio.open(os.path.join(region, name)) as ds:
            masks.append(ds.read(1) == ds.nodata)
    return np.stack(masks)


def print_predict_time(log_path):
    """How long predict took and whether LightGBM ran compiled, from the model's log."""
    if not os.path.exists(log_path):
        return
    with open(log_path, encoding="utf-8") as f:
        lines = [line.strip().lstrip(".0123456789") for line in f]
    took = [line for line in lines if line.startswith("Predict took ")]
    why = [line for line in lines if line.startswith(("Compiled inference for ",
                                                      "LightGBM predicts with its own code"))]
    if took:
        print(took[-1] + (" " + " ".join(why) if why else ""))


def print_coverage(path, truth, cloud):
    """Share of land pixels (the truth has a value) the map covers, and the clouded ones."""
    from smdownscale.engine.metrics import agreement
    from smdownscale.engine.raster.timestack import read_stack

    down, _, _ = read_stack(path)
    land = np.isfinite(truth)
    covered = np.isfinite(down) & land
    per_date = covered.sum(axis=(1, 2)) / np.maximum(land.sum(axis=(1, 2)), 1) * 100
    clouded = 100 * (cloud & land).sum() / land.sum()
    print(f"Coverage: {100 * covered.sum() / land.sum():.1f} % of the land pixel-dates hold a "
          f"value (lowest date {per_date.min():.1f} %); {clouded:.1f} % of them are under "
          "clouds in the MODIS inputs")
    c = agreement(np.where(cloud, down, np.nan), truth)
    print(f"  {'pixels under clouds (interpolated or gap model)':46s} {c['n']:8d} {c['bias']:8.4f} "
          f"{c['rmse']:8.4f} {c['ubrmse']:8.4f} {c['r']:6.3f}")


def print_stations(path):
    """The validation summary of smdownscale:validate: pooled over all station pairs."""
    import csv

    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    print("At the stations (smdownscale:validate; station = truth + offset + noise), pooled "
          "over the same pairs:")
    pooled = [r for r in rows if r["aggregation"] == "pooled"]
    groups = list(dict.fromkeys(r["group"] for r in pooled))
    for row in sorted(pooled, key=lambda r: (groups.index(r["group"]), r["product"] != "coarse")):
        label = f"  {row['group']}, {row['n_stations']} stations: {row['product']}"
        print(f"  {label:46s} {int(row['n']):8d} {float(row['bias']):8.4f} "
              f"{float(row['rmse']):8.4f} {float(row['ubrmse']):8.4f} {float(row['r']):6.3f}")


def print_overpass(path):
    """The overpass-time validation (hourly stations, SMAP AM 06:00 ± 1 h) with its
    confidence intervals, anomaly R and triple collocation (qgis_process --json)."""
    results = json.load(open(path, encoding="utf-8"))["results"]

    def number(key, digits=4):
        value = results.get(key)
        return "–" if value is None else f"{value:.{digits}f}"

    pairs, stations = int(results["N_PAIRS"]), int(results["N_STATIONS"])
    print("At the stations, hourly readings paired at the SMAP AM overpass (06:00 local solar "
          f"time ± 1 h), {pairs} pairs at {stations} stations, 95 % intervals:")
    print(f"  downscaled: ubRMSE {number('UBRMSE')} [{number('UBRMSE_CI_LOWER')}, "
          f"{number('UBRMSE_CI_UPPER')}], R {number('R', 3)} [{number('R_CI_LOWER', 3)}, "
          f"{number('R_CI_UPPER', 3)}]; coarse: ubRMSE {number('COARSE_UBRMSE')}, R "
          f"{number('COARSE_R', 3)}")
    print(f"  station-mean R (Fisher z) {number('STATION_MEAN_R', 3)}; anomaly R (35-day "
          f"moving average, station mean) {number('ANOMALY_R', 3)}")
    if results.get("TC_SNR") is not None:
        triplets = int(results["N_TRIPLETS"])
        print(f"  triple collocation (map, coarse product, stations; {triplets} "
              f"triplets): map error std {number('TC_ERR_STD')} m³/m³, SNR "
              f"{number('TC_SNR', 1)} dB")
    else:
        print(f"  triple collocation: too few triplets ({int(results['N_TRIPLETS'])}; 100 "
              "needed)")


def print_tables(demo_dir):
    """The pooled held-out row of the fusion and the consistency over all dates."""
    import csv

    holdout = os.path.join(demo_dir, "fusion_holdout.csv")
    if os.path.exists(holdout):
        with open(holdout, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        pooled = rows[-1]
        print(f"Fusion (smdownscale:fuse, GDA + ordinary kriging), {len(rows) - 1} held-out "
              f"stations, {pooled['n']} pairs: RMSE {float(pooled['rmse_before']):.4f} -> "
              f"{float(pooled['rmse_after']):.4f}, MAE {float(pooled['mae_before']):.4f} -> "
              f"{float(pooled['mae_after']):.4f} m³/m³")
    consistency = os.path.join(demo_dir, "consistency.csv")
    if os.path.exists(consistency):
        with open(consistency, encoding="utf-8") as f:
            row = list(csv.DictReader(f))[-1]
        print(f"Downscaled map aggregated back onto the coarse grid vs the coarse product "
              f"({row['date']}, {row['n_cells']} cells): RMSE {float(row['rmse']):.2e} m³/m³ "
              "(the coarse product's noise is not forced into the map)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo_output")

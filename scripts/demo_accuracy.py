"""Print the demo's accuracy against the synthetic region's known 1 km truth.

    python3 scripts/demo_accuracy.py DEMO_DIR

Today: the coarse product (the stack built by qgis_process) taken to the 1 km grid by
nearest neighbour — the baseline the downscaling chain must beat.
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
    from smdownscale.engine.timestack import read_stack

    region = os.path.join(demo_dir, "region")
    manifest = json.load(open(os.path.join(region, "region.json"), encoding="utf-8"))
    truth_path = os.path.join(region, manifest["files"]["truth"])
    truth, _, truth_dates = read_stack(truth_path)
    coarse, coarse_dates = coarse_on_fine(os.path.join(demo_dir, "smap_36km_stack.tif"),
                                          truth_path)
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
        from smdownscale.engine.modelfile import read_manifest

        info = read_manifest(model_path)["info"]
        t = info["metrics"]["test"]
        print(f"Trained downscaler (36 km, {info['n_samples']} samples on "
              f"{len(info['dates'])} dates), held-out test split against the coarse product:")
        print(f"  {'LightGBM at the coarse scale':46s} {t['n']:8d} {t['bias']:8.4f} "
              f"{t['rmse']:8.4f} {t['ubrmse']:8.4f} {t['r']:6.3f}   skill vs mean "
              f"{t['skill']:.2f}")
    print("  (predict/fuse are not built yet: the coarse baseline is what they must beat)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo_output")

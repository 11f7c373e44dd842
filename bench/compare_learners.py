"""Compare learners on the demo region: held-out skill, training time, 1 km dynamic range.

    /usr/bin/python3 bench/compare_learners.py [DEMO_DIR] [--learners gabp,dbn,mlp,rf,lightgbm]

DEMO_DIR is the output folder of ``bash scripts/demo.sh`` (its region and stacks are
reused; default demo_output). For each learner: train on the demo's coarse samples
(random 70/15/15 split, seed 42, the demo's predictors) and report the held-out test
ubRMSE and R at 36 km and the training time; then predict every 1 km date WITHOUT
residual correction (the learner's own field) and report its ubRMSE and R against the
1 km truth and its dynamic range — the 5th–95th percentile spread of all pixel-dates —
beside the truth's (paper 001's claim: GABP keeps the dynamic range that RF and the
CNN lose).
"""
import argparse
import glob
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", ".pkg"))


def prepare_stacks(demo):
    """NDVI, LST and API stacks of the demo region in DEMO_DIR/stacks (made once)."""
    from smdownscale.engine.prepare.antecedent import antecedent_stack
    from smdownscale.engine.prepare.indices import derive_indices, sensor_for
    from smdownscale.engine.prepare.timestack_builder import build_time_stack

    r, out = os.path.join(demo, "region"), os.path.join(demo, "stacks")
    os.makedirs(out, exist_ok=True)
    if not os.path.exists(f"{out}/lst.tif"):
        build_time_stack(sorted(glob.glob(f"{r}/modis/MOD11A1*.tif")), f"{out}/lst.tif")
    if not os.path.exists(f"{out}/ndvi.tif"):
        derive_indices(sorted(glob.glob(f"{r}/modis/MOD09GA*.tif")),
                       {"NDVI": f"{out}/ndvi.tif"}, sensor_for("modis"))
    if not os.path.exists(f"{out}/precip_1km_api.tif"):
        antecedent_stack(f"{r}/precip_1km.tif", f"{out}/precip_1km_api.tif")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("demo", nargs="?", default="demo_output")
    parser.add_argument("--learners", default="gabp,dbn,mlp,rf,lightgbm")
    args = parser.parse_args()
    import numpy as np

    from smdownscale.engine.metrics import agreement
    from smdownscale.engine.predict.prediction import PredictOptions, predict_stack
    from smdownscale.engine.learn.samples import SampleOptions, build_samples
    from smdownscale.engine.raster.timestack import read_stack
    from smdownscale.engine.learn.training import TrainConfig, train

    prepare_stacks(args.demo)
    predictors = predictor_layers(args.demo)
    coarse = os.path.join(args.demo, "region", "smap_36km_stack.tif")
    samples = build_samples(coarse, predictors, options=SampleOptions(min_coverage=0.8))
    truth, _, _ = read_stack(os.path.join(args.demo, "region", "truth_sm_1km.tif"))
    t5, t95 = np.nanpercentile(truth, [5, 95])
    print(f"{len(samples.y)} coarse samples; truth 5–95 % spread {t95 - t5:.4f} m³/m³")
    print(f"{'learner':28s} {'train s':>8s} {'test ubRMSE':>11s} {'test R':>7s} | "
          f"{'1 km ubRMSE':>11s} {'1 km R':>7s} {'P5–P95':>7s} {'÷ truth':>7s}")
    out = os.path.join(args.demo, "compare_tmp.tif")
    for key in args.learners.split(","):
        t = time.perf_counter()
        model = train(samples, TrainConfig(learner=key, seed=42, importance_repeats=1))
        seconds = time.perf_counter() - t
        test = model.info["metrics"]["test"]
        predict_stack(model, predictors, out, coarse_path=None,
                      options=PredictOptions(correction="none"))
        fine, _, _ = read_stack(out)
        m = agreement(fine, truth)
        p5, p95 = np.nanpercentile(fine, [5, 95])
        print(f"{key:28s} {seconds:8.1f} {test['ubrmse']:11.4f} {test['r']:7.3f} | "
              f"{m['ubrmse']:11.4f} {m['r']:7.3f} {p95 - p5:7.4f} {(p95 - p5) / (t95 - t5):7.2f}")
    os.remove(out)


def predictor_layers(demo):
    """The predictors of the demo's model run, from its region and temporary stacks."""
    from smdownscale.engine.learn.features import PredictorLayer

    r = os.path.join(demo, "region")
    stacks = sorted(glob.glob(os.path.join(demo, "stacks", "*.tif")))
    named = {os.path.splitext(os.path.basename(p))[0]: p for p in stacks}
    missing = {"ndvi", "lst", "precip_1km_api"} - set(named)
    if missing:
        raise SystemExit(f"{sorted(missing)} missing in {demo}/stacks")
    return [PredictorLayer("ndvi", named["ndvi"]), PredictorLayer("lst", named["lst"]),
            PredictorLayer("dem_ease1km", f"{r}/dem_ease1km.tif"),
            PredictorLayer("soil_sand", f"{r}/soil_sand.tif"),
            PredictorLayer("soil_clay", f"{r}/soil_clay.tif"),
            PredictorLayer("precip_1km", f"{r}/precip_1km.tif"),
            PredictorLayer("precip_1km_api", named["precip_1km_api"]),
            PredictorLayer("landcover", f"{r}/landcover.tif", categorical=True)]


if __name__ == "__main__":
    main()

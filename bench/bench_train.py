"""Benchmark: Train downscaling model — every learner's held-out skill and training time.

    /usr/bin/python3 bench/bench_train.py [--cols 10] [--rows 10] [--days 60]
        [--learners rf lightgbm ...] [--validation random] [--threads 2]

Generates the synthetic region at benchmark size (default 10 × 10 EASE-Grid 2.0 36 km
cells = 360 × 360 cells of 1 km, 60 days, seed 42), prepares its predictors (NDVI
and LST stacks, DEM, soil sand/clay, 1 km precipitation, land cover as class
fractions), builds the coarse samples once (timed, against reading the fine
predictors once: the I/O floor), then trains every available learner with the
defaults (random 70/15/15 split, day of year on) and prints its test ubRMSE, R and
skill against predicting the mean, the whole train() time (fits, validation and
importance), the final fit alone, and the bare learner's fit on the same training
rows (the learner's own cost without our wrapper).
"""
import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", ".pkg"))


def read_all(paths):
    """Read every band of every file once (the I/O floor of sample building)."""
    import rasterio

    for path in paths:
        with rasterio.open(path) as ds:
            for band in range(1, ds.count + 1):
                ds.read(band)


def main():
    from smdownscale.engine.learn import learners
    from smdownscale.engine.learn.features import PredictorLayer
    from smdownscale.engine.learn.samples import SampleOptions, build_samples
    from smdownscale.engine.synthetic import RegionSpec, generate_region
    from smdownscale.engine.synthetic.predictors import CATEGORICAL, prepare_predictors
    from smdownscale.engine.learn.training import TrainConfig, train
    from smdownscale.engine.learn.crossval import random_split

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cols", type=int, default=10)
    ap.add_argument("--rows", type=int, default=10)
    ap.add_argument("--days", type=int, default=60)
    ap.add_argument("--min-coverage", type=float, default=0.9)
    ap.add_argument("--validation", default="random")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--learners", nargs="*", default=[k for k in learners.LEARNERS])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        spec = RegionSpec(coarse_cols=args.cols, coarse_rows=args.rows, n_days=args.days)
        manifest = generate_region(tmp, spec)
        paths = prepare_predictors(tmp, manifest)
        print(f"region {args.cols}x{args.rows} coarse cells, {args.days} days: generated and "
              f"prepared in {time.perf_counter() - t0:.1f} s")
        layers = [PredictorLayer(n, p, categorical=n in CATEGORICAL) for n, p in paths.items()]
        coarse = os.path.join(tmp, manifest["files"]["coarse_stack"])
        t0 = time.perf_counter()
        read_all(list(paths.values()) + [coarse])
        raw = time.perf_counter() - t0
        t0 = time.perf_counter()
        samples = build_samples(coarse, layers,
                                options=SampleOptions(min_coverage=args.min_coverage))
        built = time.perf_counter() - t0
        print(f"samples: {len(samples)} on {len(samples.dates)} dates "
              f"({len(samples.dropped)} dropped), {len(samples.features)} features; "
              f"built in {built:.2f} s (reading the inputs once: {raw:.2f} s)")
        train_rows = random_split(len(samples), 42) == "train"
        print(f"{'learner':30s} {'ubRMSE':>8s} {'R':>6s} {'skill':>6s} {'train()':>8s} "
              f"{'final fit':>9s} {'bare fit':>8s}")
        for key in args.learners:
            if not learners.available(key):
                print(f"{learners.LABELS[key]:30s} not installed")
                continue
            t0 = time.perf_counter()
            model = train(samples, TrainConfig(key, validation=args.validation,
                                               n_threads=args.threads))
            total = time.perf_counter() - t0
            est = learners.make_learner(key, 42, args.threads)
            t0 = time.perf_counter()
            est.fit(samples.X[train_rows], samples.y[train_rows])
            bare = time.perf_counter() - t0
            m = model.info["metrics"]["test"]
            print(f"{learners.LABELS[key]:30s} {m['ubrmse']:8.4f} {m['r']:6.3f} "
                  f"{m['skill']:6.3f} {total:7.1f}s {model.info['fit_seconds']:8.1f}s "
                  f"{bare:7.1f}s", flush=True)


if __name__ == "__main__":
    main()

"""Benchmark: LightGBM's own predict against the lleaves-compiled model (issue 21).

    /usr/bin/python3 bench/bench_compiled.py [--rows 1000000] [--rounds 500] [--leaves 63]
        [--threads 2] [--repeats 3] [--cache DIR]

Fits one LightGBM regressor (``--rounds`` × ``--leaves``, 12 features, 100,000
synthetic samples, one thread; not timed), then on ``--rows`` × 12 float64 rows (2 % NaN in one
column) prints:

- compile: :func:`engine.predict.compiled.compile_estimator` into an empty cache
  folder (lleaves compile + agreement check), then again (cache load + check);
- bare: ``Booster.predict(X, num_threads=threads)``;
- compiled (lleaves): ``lleaves.Model.predict(X, n_jobs=threads)``;
- compiled (plugin path): :func:`engine.learn.learners.predict_rows` over the
  compiled predictor (16,384-row chunks in ``threads`` threads, as predict runs it);

bare and compiled runs interleaved ``--repeats`` times (best and median shown), and
the largest |compiled − bare|.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402

common.setup_path()

from smdownscale.engine.learn import learners  # noqa: E402
from smdownscale.engine.predict.compiled import CompileOptions, compile_estimator  # noqa: E402


def _rows(n, rng):
    X = rng.random((n, 12)) * np.array([1, 70, 0.4, 3000, 40, 55, 80, 2, 2, 1, 1, 1])
    X[rng.random(n) < 0.02, 6] = np.nan
    return X


def _timed(function):
    start = time.perf_counter()
    out = function()
    return time.perf_counter() - start, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--leaves", type=int, default=63)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cache", default="")
    args = parser.parse_args()
    import lightgbm as lgb

    rng = np.random.default_rng(0)
    Xtrain = _rows(100_000, rng)
    y = (0.3 - 0.2 * Xtrain[:, 0] + 0.001 * Xtrain[:, 5] + 0.05 * np.sin(Xtrain[:, 3] / 300)
         + 0.01 * rng.normal(size=len(Xtrain)))
    fit_s, est = _timed(lambda: lgb.LGBMRegressor(
        n_estimators=args.rounds, num_leaves=args.leaves, learning_rate=0.05,
        min_child_samples=5, n_jobs=1, verbose=-1).fit(Xtrain, y))
    print(f"model: {args.rounds} rounds x {args.leaves} leaves, fitted in {fit_s:.1f} s; "
          f"{args.rows:,} rows x 12 features, {args.threads} threads, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    cache = args.cache or tempfile.mkdtemp(prefix="bench_compiled_")
    try:
        options = CompileOptions(cache_dir=cache)
        first_s, first = _timed(lambda: compile_estimator(est, options))
        assert first.compiled, first.reason
        second_s, second = _timed(lambda: compile_estimator(est, options))
        print(f"compile (cache miss): {first_s:.1f} s (lleaves {first.seconds:.1f} s), "
              f"library {os.path.getsize(first.library) / 1e6:.1f} MB; "
              f"cache hit: {second_s:.2f} s (load {second.seconds:.2f} s), "
              f"hit={second.cache_hit}")
        X = _rows(args.rows, rng)
        booster = est.booster_
        runs = {
            "bare Booster.predict": lambda: booster.predict(X, num_threads=args.threads),
            "compiled, lleaves n_jobs": lambda: second.predictor.model.predict(
                X, n_jobs=args.threads),
            "compiled, predict_rows": lambda: learners.predict_rows(
                second.predictor, X, args.threads),
        }
        times = {k: [] for k in runs}
        outputs = {}
        for _ in range(args.repeats):
            for name, run in runs.items():
                seconds, outputs[name] = _timed(run)
                times[name].append(seconds)
        bare = statistics.median(times["bare Booster.predict"])
        for name, values in times.items():
            med = statistics.median(values)
            gap = np.max(np.abs(outputs[name] - outputs["bare Booster.predict"]))
            print(f"{name:26s} best {min(values):7.2f} s  median {med:7.2f} s  "
                  f"speed-up {bare / med:5.1f}x  max |diff| {gap:.2g}")
    finally:
        if not args.cache:
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()

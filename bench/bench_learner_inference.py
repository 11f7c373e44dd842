"""Benchmark: predict's path for XGBoost and random forest against their own threads (issue 21).

    /usr/bin/python3 bench/bench_learner_inference.py [--rows 1000000] [--threads 2]
        [--repeats 3] [--learners xgboost,rf]

Fits the plugin's XGBoost and random-forest regressors (:func:`engine.learn.learners.make_learner`,
:func:`~engine.learn.learners.fit_threads`; 100,000 synthetic samples × 12 features,
seeded; not timed), then on ``--rows`` × 12 float64 rows (2 % NaN in one column for
XGBoost; none for the forest, which cannot take NaN) times, interleaved ``--repeats``
times (best and median shown):

- plugin path: ``single_threaded(freeze_for_prediction(est))`` then
  :func:`~engine.learn.learners.predict_rows` (16,384-row chunks in ``--threads``
  threads, one learner thread per chunk), as predict runs it;
- XGBoost: ``Booster.inplace_predict`` on float64 and on float32 (the cast is timed)
  with ``nthread=threads``; ``XGBRegressor.predict`` with ``n_jobs=threads``;
  ``inplace_predict`` (one thread) per chunk through :func:`~engine.learn.learners.map_rows`;
- random forest: ``RandomForestRegressor.predict`` with ``n_jobs=threads``.

For each: speed-up over the plugin path (median), the largest |diff| from the plugin
path, whether bit-identical to it, and whether every repeat gave the same bytes.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402

common.setup_path()

from smdownscale.engine.learn import learners  # noqa: E402

PLUGIN = "plugin predict_rows"


def _rows(n, rng, nan):
    X = rng.random((n, 12)) * np.array([1, 70, 0.4, 3000, 40, 55, 80, 2, 2, 1, 1, 1])
    if nan:
        X[rng.random(n) < 0.02, 6] = np.nan
    return X


def _target(X, rng):
    return (0.3 - 0.2 * X[:, 0] + 0.001 * X[:, 5] + 0.05 * np.sin(X[:, 3] / 300)
            + 0.01 * rng.normal(size=len(X)))


def _plugin(est, X, nt):
    learners.single_threaded(learners.freeze_for_prediction(est))
    return learners.predict_rows(est, X, nt)


def _xgboost_runs(est, X, nt):
    booster = est.get_booster()

    def inplace(data, threads):
        booster.set_param({"nthread": threads})
        return booster.inplace_predict(data)

    return {
        PLUGIN: lambda: _plugin(est, X, nt),
        "inplace_predict float64": lambda: inplace(X, nt),
        "inplace_predict float32": lambda: inplace(X.astype(np.float32), nt),
        "XGBRegressor.predict n_jobs": lambda: est.set_params(n_jobs=nt).predict(X),
        "inplace_predict per chunk": lambda: learners.map_rows(
            lambda part: inplace(part, 1), X, nt),
    }


def _rf_runs(est, X, nt):
    return {
        PLUGIN: lambda: _plugin(est, X, nt),
        "forest.predict n_jobs": lambda: est.set_params(n_jobs=nt).predict(X),
    }


def _interleaved(runs, repeats):
    """Seconds and outputs of every run, ``repeats`` rounds of all runs in turn."""
    times = {name: [] for name in runs}
    outputs = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            outputs[name].append(np.asarray(run()))
            times[name].append(time.perf_counter() - start)
    return times, outputs


def _table(title, times, outputs):
    print(f"\n{title}\n{'method':30s} {'best s':>7s} {'median s':>8s} {'speed-up':>8s} "
          f"{'max|diff|':>9s} {'identical':>9s} {'stable':>6s} dtype")
    ref = outputs[PLUGIN][0]
    plugin = statistics.median(times[PLUGIN])
    for name, values in times.items():
        out = outputs[name][0]
        gap = np.max(np.abs(out.astype(np.float64) - ref.astype(np.float64)))
        stable = all(np.array_equal(o, out) for o in outputs[name])
        print(f"{name:30s} {min(values):7.2f} {statistics.median(values):8.2f} "
              f"{plugin / statistics.median(values):7.2f}x {gap:9.2g} "
              f"{str(np.array_equal(out, ref)):>9s} {str(stable):>6s} {out.dtype}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--learners", default="xgboost,rf")
    args = parser.parse_args()
    print(f"{args.rows:,} rows x 12 features, {args.threads} threads, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}")
    for key in args.learners.split(","):
        rng = np.random.default_rng(0)
        nan = key != "rf"
        Xtrain = _rows(100_000, rng, nan)
        est = learners.make_learner(key, 0, args.threads)
        start = time.perf_counter()
        learners.fit_threads(est, Xtrain, _target(Xtrain, rng), args.threads)
        fit_s = time.perf_counter() - start
        X = _rows(args.rows, rng, nan)
        runs = (_rf_runs if key == "rf" else _xgboost_runs)(est, X, args.threads)
        times, outputs = _interleaved(runs, args.repeats)
        _table(f"{learners.LABELS[key]} (fitted in {fit_s:.1f} s; load now "
               f"{os.getloadavg()[0]:.2f})", times, outputs)


if __name__ == "__main__":
    main()

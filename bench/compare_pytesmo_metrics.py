"""Compare the engine's metrics with pytesmo's on the same seeded random data.

    /usr/bin/python3 bench/compare_pytesmo_metrics.py /path/to/venv/bin/python [--seed 19]

pytesmo needs numpy ≥ 2, which QGIS's Python (Debian's numpy) must not get, so
pytesmo runs in a separate interpreter (a venv: ``python3 -m venv V; V/bin/pip install
pytesmo``). This script writes the data (an .npz), runs itself in that interpreter
with ``--pytesmo-side`` to compute pytesmo's values (JSON), computes the engine's in
this interpreter and prints the largest absolute difference per metric.

Data: 12 estimate/reference pairs of 15–800 values (m³/m³); a 4-year daily station
and map series with gaps (missing dates and NaN values) for the anomalies; 3 triplets
of 150–3000 values for triple collocation. pytesmo functions used: metrics.pairwise
(bias, rmsd, ubrmsd, pearson_r, spearman_r, kendall_tau, nash_sutcliffe, aad,
mse_decomposition, bias_ci, ubrmsd_ci, pearson_r_ci, spearman_r_ci, kendall_tau_ci;
p of R from _fast_pairwise._pearsonr_from_moments, p of ρ and τ from scipy.stats as in
pytesmo's PairwiseIntercomparisonMetrics), metrics.tcol.tcol_metrics,
time_series.anomaly.calc_anomaly (window_size=35) and calc_climatology (defaults).
Not compared: bootstrap intervals (the random draws differ by design) and the Fisher-z
station mean (pytesmo has none).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PAIRWISE = ("bias", "rmse", "ubrmse", "r", "p_value", "r2", "nse", "mae", "rho", "p_rho",
            "tau", "p_tau", "mse", "mse_corr", "mse_bias", "mse_var", "bias_ci_lower",
            "bias_ci_upper", "ubrmse_ci_lower", "ubrmse_ci_upper", "r_ci_lower", "r_ci_upper",
            "rho_ci_lower", "rho_ci_upper", "tau_ci_lower", "tau_ci_upper")
TCOL = ("snr", "err_std", "beta")
ANOMALY = ("ma_anomaly", "clim", "clim_anomaly", "ma_anomaly_r", "ma_anomaly_ubrmse",
           "clim_anomaly_r", "clim_anomaly_ubrmse")
SIZES = (15, 20, 30, 50, 80, 100, 150, 200, 300, 500, 700, 800)
EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


# -- data (both sides read the same file) ----------------------------------------------------
def make_data(path, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    arrays = {}
    for k, n in enumerate(SIZES):
        ref = rng.uniform(0.05, 0.45, n)
        est = rng.uniform(0.7, 1.1) * ref + rng.normal(0.02, 0.01) + rng.normal(0, 0.04, n)
        arrays[f"est{k}"], arrays[f"ref{k}"] = est, ref
    days = np.arange(730120, 730120 + 4 * 365 + 1)                # 2000-01-01 … 2003-12-31
    days = np.sort(rng.choice(days, int(days.size * 0.9), replace=False))  # missing dates
    season = 0.25 + 0.08 * np.sin(2 * np.pi * days / 365.25)
    station = season + rng.normal(0, 0.03, days.size)
    map_ = 0.9 * season + 0.04 + rng.normal(0, 0.04, days.size)
    station[rng.choice(days.size, 80, replace=False)] = np.nan
    map_[rng.choice(days.size, 80, replace=False)] = np.nan
    arrays.update(days=days, station=station, map=map_)
    for k, n in enumerate((150, 1000, 3000)):
        truth = rng.normal(0.25, 0.06, n)
        arrays[f"tx{k}"] = truth + rng.normal(0, 0.02, n)
        arrays[f"ty{k}"] = 0.5 * truth + 0.1 + rng.normal(0, 0.015, n)
        arrays[f"tz{k}"] = truth + rng.normal(0, 0.04, n)
    np.savez(path, **arrays)


def _as_list(values):
    import numpy as np

    return [None if not np.isfinite(v) else float(v) for v in np.ravel(values)]


# -- pytesmo side (runs in the venv) ---------------------------------------------------------
def pytesmo_side(data_path, out_path):
    import numpy as np
    import pandas as pd
    from scipy import stats
    from pytesmo.metrics import pairwise as pw
    from pytesmo.metrics._fast_pairwise import _moments_welford, _pearsonr_from_moments
    from pytesmo.metrics.tcol import tcol_metrics
    from pytesmo.time_series.anomaly import calc_anomaly, calc_climatology

    data = np.load(data_path)
    out = {k: [] for k in PAIRWISE + TCOL + ANOMALY}
    for k in range(len(SIZES)):
        x, y = data[f"est{k}"], data[f"ref{k}"]
        n = len(x)
        b, rmsd, ub, r = pw.bias(x, y), pw.rmsd(x, y), pw.ubrmsd(x, y), pw.pearson_r(x, y)
        rho, tau = pw.spearman_r(x, y), pw.kendall_tau(x, y)
        _, _, vx, vy, cov = _moments_welford(x, y)
        mse, mse_corr, mse_bias, mse_var = pw.mse_decomposition(x, y)
        row = {"bias": b, "rmse": rmsd, "ubrmse": ub, "r": r,
               "p_value": _pearsonr_from_moments(vx, vy, cov, n)[1], "r2": r * r,
               "nse": pw.nash_sutcliffe(y, x), "mae": pw.aad(x, y), "rho": rho,
               "p_rho": stats.spearmanr(x, y)[1], "tau": tau, "p_tau": stats.kendalltau(x, y)[1],
               "mse": mse, "mse_corr": mse_corr, "mse_bias": mse_bias, "mse_var": mse_var}
        for name, lohi in (("bias", pw.bias_ci(x, y, b)), ("ubrmse", pw.ubrmsd_ci(x, y, ub)),
                           ("r", pw.pearson_r_ci(x, y, r)), ("rho", pw.spearman_r_ci(x, y, rho)),
                           ("tau", pw.kendall_tau_ci(x, y, tau))):
            row[f"{name}_ci_lower"], row[f"{name}_ci_upper"] = lohi
        for key, value in row.items():
            out[key].append(float(value))
    for k in range(3):
        snr, err, beta = tcol_metrics(data[f"tx{k}"], data[f"ty{k}"], data[f"tz{k}"])
        out["snr"] += _as_list(snr)
        out["err_std"] += _as_list(err)
        out["beta"] += _as_list(beta)
    index = pd.to_datetime((data["days"] - EPOCH_ORDINAL).astype("datetime64[D]"))
    anomalies = {}
    for name in ("station", "map"):
        ser = pd.Series(data[name], index=index)
        anomalies[("ma", name)] = calc_anomaly(ser, window_size=35).values
        clim = calc_climatology(ser)
        if name == "station":
            out["clim"] = _as_list(clim.values)
        anomalies[("clim", name)] = calc_anomaly(ser, climatology=clim).values
    out["ma_anomaly"] = _as_list(anomalies[("ma", "station")])
    out["clim_anomaly"] = _as_list(anomalies[("clim", "station")])
    for method in ("ma", "clim"):
        a, b = anomalies[(method, "map")], anomalies[(method, "station")]
        ok = np.isfinite(a) & np.isfinite(b)
        out[f"{method}_anomaly_r"] = [float(pw.pearson_r(a[ok], b[ok]))]
        out[f"{method}_anomaly_ubrmse"] = [float(pw.ubrmsd(a[ok], b[ok]))]
    with open(out_path, "w") as f:
        json.dump(out, f)


# -- engine side -----------------------------------------------------------------------------
def engine_side(data_path):
    import numpy as np

    sys.path.insert(0, os.path.join(REPO, "tests", ".pkg"))
    from smdownscale.engine.stats.anomalies import (anomaly_agreement, climatology,
                                                    climatology_anomaly,
                                                    moving_average_anomaly)
    from smdownscale.engine.stats.scores import extended_score
    from smdownscale.engine.stats.triple_collocation import tcol_metrics

    data = np.load(data_path)
    out = {k: [] for k in PAIRWISE + TCOL + ANOMALY}
    for k in range(len(SIZES)):
        m = extended_score(data[f"est{k}"], data[f"ref{k}"])
        for key in PAIRWISE:
            out[key].append(m[key])
    for k in range(3):
        m = tcol_metrics(data[f"tx{k}"], data[f"ty{k}"], data[f"tz{k}"])
        for key in TCOL:
            out[key] += _as_list(m[key])
    days, station, map_ = data["days"], data["station"], data["map"]
    out["ma_anomaly"] = _as_list(moving_average_anomaly(days, station))
    out["clim"] = _as_list(climatology(days, station))
    out["clim_anomaly"] = _as_list(climatology_anomaly(days, station))
    for method, name in (("ma", "moving_average"), ("clim", "climatology")):
        m = anomaly_agreement(days, map_, station, method=name)
        out[f"{method}_anomaly_r"] = [m["r"]]
        out[f"{method}_anomaly_ubrmse"] = [m["ubrmse"]]
    return out


def compare(ours, theirs):
    """Rows (metric, values, NaN mismatches, max |difference|, max |pytesmo value|)."""
    import numpy as np

    rows = []
    for key in PAIRWISE + TCOL + ANOMALY:
        a = np.array([np.nan if v is None else v for v in ours[key]], "float64")
        b = np.array([np.nan if v is None else v for v in theirs[key]], "float64")
        if a.shape != b.shape:
            rows.append((key, f"{a.size} vs {b.size}", "-", "shape differs", "-"))
            continue
        both = np.isfinite(a) & np.isfinite(b)
        mismatch = int((np.isfinite(a) != np.isfinite(b)).sum())
        diff = float(np.max(np.abs(a[both] - b[both]))) if both.any() else float("nan")
        scale = float(np.max(np.abs(b[both]))) if both.any() else float("nan")
        rows.append((key, int(both.sum()), mismatch, f"{diff:.2e}", f"{scale:.3g}"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("python", nargs="?", help="interpreter of a venv with pytesmo")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--pytesmo-side", nargs=2, metavar=("DATA", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pytesmo_side:
        pytesmo_side(*args.pytesmo_side)
        return
    if not args.python:
        parser.error("give the python interpreter of a venv with pytesmo installed")
    with tempfile.TemporaryDirectory() as folder:
        data, result = os.path.join(folder, "data.npz"), os.path.join(folder, "pytesmo.json")
        make_data(data, args.seed)
        subprocess.run([args.python, os.path.abspath(__file__), "--pytesmo-side", data, result],
                       check=True)
        with open(result) as f:
            theirs = json.load(f)
        ours = engine_side(data)
    print(f"engine vs pytesmo, seed {args.seed}")
    print(f"{'metric':22} {'values':>7} {'NaN≠':>5} {'max |diff|':>11} {'max |value|':>11}")
    for key, n, mismatch, diff, scale in compare(ours, theirs):
        print(f"{key:22} {n!s:>7} {mismatch!s:>5} {diff:>11} {scale:>11}")


if __name__ == "__main__":
    main()

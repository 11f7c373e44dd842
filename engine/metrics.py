"""Agreement metrics between an estimate and a reference (pytesmo's definitions).

All in the units of the data (m³/m³ for soil moisture); bias = estimate − reference.
"""
import numpy as np


def paired(estimate, reference):
    """Flatten both arrays and keep the pairs where both are finite."""
    e = np.asarray(estimate, dtype="float64").ravel()
    r = np.asarray(reference, dtype="float64").ravel()
    ok = np.isfinite(e) & np.isfinite(r)
    return e[ok], r[ok]


def agreement(estimate, reference):
    """n, bias, RMSE, ubRMSE = √(RMSE² − bias²), MAE and Pearson R of the valid pairs."""
    e, r = paired(estimate, reference)
    n = e.size
    if n == 0:
        return {"n": 0, "bias": np.nan, "rmse": np.nan, "ubrmse": np.nan, "mae": np.nan,
                "r": np.nan}
    diff = e - r
    bias = diff.mean()
    rmse = np.sqrt(np.mean(diff ** 2))
    ubrmse = np.sqrt(max(rmse ** 2 - bias ** 2, 0.0))
    r_value = np.corrcoef(e, r)[0, 1] if n > 1 and e.std() > 0 and r.std() > 0 else np.nan
    return {"n": int(n), "bias": float(bias), "rmse": float(rmse), "ubrmse": float(ubrmse),
            "mae": float(np.abs(diff).mean()), "r": float(r_value)}

"""Held-out stations: which whole stations are kept out of a fusion, and their scores.

Paper 001 keeps 30 % of the stations out of the fusion and compares the map with
them before and after (its Table 2: RMSE and MAE). Whole stations are held out,
never single observations, so a station's other days cannot leak into its score.
"""
import math

import numpy as np

from ..errors import InputError
from ..metrics import score

MEASURES = ("n", "rmse", "mae", "bias", "r")


def choose_holdout(station_ids, fraction, seed):
    """Sorted ids of round(fraction × stations) stations drawn with ``seed``.

    At least one station is held out when ``fraction`` > 0, and at least one is
    left for the fusion.
    """
    if not 0.0 <= fraction < 1.0:
        raise InputError(f"The hold-out fraction must lie in [0, 1) (got {fraction}).")
    ids = sorted(set(str(s) for s in station_ids))
    if fraction == 0 or not ids:
        return []
    count = max(1, int(round(fraction * len(ids))))
    if count >= len(ids):
        raise InputError(
            f"Holding out {fraction:.0%} of {len(ids)} station(s) leaves none for the fusion. "
            "Lower the hold-out fraction or use more stations.")
    rng = np.random.default_rng(seed)
    return sorted(ids[i] for i in rng.choice(len(ids), size=count, replace=False))


def station_scores(station_ids, observed, before, after):
    """Per station and pooled: n, RMSE, MAE, bias, R of ``before`` and ``after``.

    Arrays hold one pair per element (NaN where missing); only pairs where the
    observation and both maps have a value are scored. Returns (rows, overall):
    rows are dicts {station_id, before: {...}, after: {...}} in id order.
    """
    observed, before, after = (np.asarray(a, float) for a in (observed, before, after))
    ok = np.isfinite(observed) & np.isfinite(before) & np.isfinite(after)
    ids = np.asarray([str(s) for s in station_ids], dtype=object)
    rows = []
    for sid in sorted(set(ids.tolist())):
        mine = ok & (ids == sid)
        rows.append({"station_id": sid, "before": _pick(score(before[mine], observed[mine])),
                     "after": _pick(score(after[mine], observed[mine]))})
    overall = {"station_id": "all held-out stations",
               "before": _pick(score(before[ok], observed[ok])),
               "after": _pick(score(after[ok], observed[ok]))}
    return rows, overall


def _pick(metrics):
    return {k: (metrics[k] if k == "n" or math.isfinite(metrics[k]) else math.nan)
            for k in MEASURES}

"""Seasons and zones: which model a sample (or a pixel on a date) belongs to.

Paper 002 fits one model per season (spring MAM, summer JJA, autumn SON, winter
DJF); paper 004 one per terrain zone. Both may be combined: one model per
(season, zone). A partition key is a string — ``"all"``, ``"JJA"``, ``"zone 3"``
or ``"JJA, zone 3"``. Partitions with too few training samples have no model of
their own; their samples and pixels use the global model (``"all"``).
"""
import numpy as np

from ..errors import InputError, check_choice

GLOBAL = "all"
SCHEMES = ("none", "meteorological", "custom")
METEOROLOGICAL = {"DJF": (12, 1, 2), "MAM": (3, 4, 5), "JJA": (6, 7, 8), "SON": (9, 10, 11)}
DEFAULT_MIN_SAMPLES = 50
_MONTH_LETTERS = "JFMAMJJASOND"


def season_table(scheme, custom=""):
    """dict season label → months (1–12) for a scheme; {} for ``none``.

    ``custom``: month groups separated by ';', months by ',' — e.g. ``"11,12,1,2,3;
    4,5,6,7,8,9,10"`` (cold and warm season). Every month must appear exactly once.
    """
    if scheme == "none":
        return {}
    if scheme == "meteorological":
        return dict(METEOROLOGICAL)
    check_choice(scheme, SCHEMES, "season scheme")
    return parse_custom(custom)


def parse_custom(text):
    """Parse custom month groups (see :func:`season_table`)."""
    groups = [g for g in (text or "").replace(" ", "").split(";") if g]
    if len(groups) < 2:
        raise InputError(
            "Custom seasons need at least two month groups separated by ';', e.g. "
            "'11,12,1,2,3;4,5,6,7,8,9,10'.")
    table, seen = {}, []
    for group in groups:
        try:
            months = tuple(int(m) for m in group.split(",") if m)
        except ValueError:
            raise InputError(f"Custom season group '{group}' is not a list of month numbers "
                             "(1–12) separated by commas.") from None
        bad = [m for m in months if not 1 <= m <= 12]
        if bad:
            raise InputError(f"Month {bad[0]} in custom season '{group}' is not between 1 and 12.")
        if not months:
            continue
        seen += months
        label = season_label(months)
        if label in table:  # e.g. (1,) and (6,) are both 'J': name by month numbers
            label = "+".join(f"M{m}" for m in months)
        table[label] = months
    duplicated = sorted({m for m in seen if seen.count(m) > 1})
    absent = sorted(set(range(1, 13)) - set(seen))
    if duplicated or absent:
        problem = (f"month(s) {', '.join(map(str, duplicated))} appear in two groups"
                   if duplicated else f"month(s) {', '.join(map(str, absent))} are in no group")
        raise InputError(f"Custom seasons must use every month exactly once: {problem}.")
    return table


def season_label(months):
    """Initial letters of the months, e.g. (6, 7, 8) → 'JJA'; long groups as 'M4-M10'."""
    if len(months) <= 4:
        return "".join(_MONTH_LETTERS[m - 1] for m in months)
    return f"M{months[0]}-M{months[-1]}"


def month_to_season(table):
    """Array of 13 season labels indexed by month (index 0 unused); None without seasons."""
    if not table:
        return None
    lookup = np.empty(13, dtype=object)
    for label, months in table.items():
        for m in months:
            lookup[m] = label
    return lookup


def keys_for(months, zones, table, use_zones):
    """Partition key of every sample: arrays of months (1–12) and zone codes (NaN = none)."""
    lookup = month_to_season(table)
    n = len(months)
    seasons = lookup[np.asarray(months, int)] if lookup is not None else [None] * n
    zone_vals = np.asarray(zones, float) if use_zones else np.full(n, np.nan)
    return np.array([make_key(s, z) for s, z in zip(seasons, zone_vals)], dtype=object)


def make_key(season, zone):
    """Key of one (season label or None, zone code or NaN); 'all' for neither."""
    parts = []
    if season is not None:
        parts.append(str(season))
    if zone is not None and np.isfinite(zone):
        parts.append(f"zone {int(zone)}")
    return ", ".join(parts) if parts else GLOBAL


def route(keys, fitted):
    """Keys mapped to a fitted partition, or to the global model where it has none."""
    fitted = set(fitted)
    return np.array([k if k in fitted else GLOBAL for k in keys], dtype=object)

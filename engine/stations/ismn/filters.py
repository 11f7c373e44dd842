"""What an ISMN import keeps: :class:`IsmnOptions` and the quality-flag rule.

Defaults follow satellite validation practice: the surface layer 0–0.05 m (the depth
SMAP, SMOS and AMSR2 sense) and ISMN flag ``G`` (good) only (Dorigo et al. 2013, the
ISMN quality control: ``C`` flags mark values outside the plausible range, ``D`` flags
dubious ones, ``M`` missing ones).
"""
import re
from dataclasses import dataclass, replace

import numpy as np

from ...errors import InputError, check_choice
from ...raster.dates import parse_iso

SENSOR_MODES = ("separate", "average")
_FLAG = re.compile(r"^[A-Z](\d{1,2})?$")


@dataclass(frozen=True)
class IsmnOptions:
    """Filters of an ISMN import.

    ``depth_from``/``depth_to`` (m): a sensor is kept when its whole depth range lies
    within them. ``flags``: the ISMN quality flags kept, a code (``G``, ``D01``) or a
    letter for its whole class (``D``); an observation with several flags is kept when
    each is. ``networks``: names kept (any case; empty = all). ``start``/``end``: ISO
    days, inclusive (UTC; None = open). ``sensors``: ``separate`` keeps each sensor's
    series; ``average`` averages the sensors of one station and depth at each time.
    """

    depth_from: float = 0.0
    depth_to: float = 0.05
    flags: tuple = ("G",)
    networks: tuple = ()
    start: str = None
    end: str = None
    sensors: str = "separate"

    def validated(self):
        """A checked copy (flags upper-case tuples, empty dates None); InputError if bad."""
        depth_from, depth_to = float(self.depth_from), float(self.depth_to)
        if depth_from < 0 or depth_to < depth_from:
            raise InputError(f"The depth range {depth_from:g}–{depth_to:g} m is empty or "
                             "negative; give depths below the surface, from ≤ to (e.g. "
                             "0–0.05 m).")
        flags = _items(self.flags, upper=True)
        if not flags:
            raise InputError("No ISMN quality flag to keep was given; give at least one, "
                             "e.g. G (good).")
        bad = [f for f in flags if not _FLAG.match(f)]
        if bad:
            raise InputError(f"'{bad[0]}' is not an ISMN quality flag. Give codes such as G, "
                             "M, C01, D03, or a class letter (C, D), separated by commas.")
        start, end = _day(self.start, "start"), _day(self.end, "end")
        if start and end and end < start:
            raise InputError(f"The period ends ({end}) before it starts ({start}).")
        check_choice(self.sensors, SENSOR_MODES, "sensor choice")
        return replace(self, depth_from=depth_from, depth_to=depth_to, flags=flags,
                       networks=_items(self.networks), start=start, end=end)

    def keeps_depth(self, depth_from, depth_to):
        """True when depth range ``depth_from``–``depth_to`` (m) lies within the filter's."""
        tolerance = 1e-9
        return (depth_from >= self.depth_from - tolerance
                and depth_to <= self.depth_to + tolerance)

    def keeps_network(self, *names):
        """True when no network filter is set or one of ``names`` is in it (any case)."""
        wanted = {n.lower() for n in self.networks}
        return not wanted or any(n.lower() in wanted for n in names)

    def period_mask(self, times):
        """Boolean mask of ``times`` (datetime64[m], UTC) within start–end (whole days)."""
        keep = np.ones(times.shape, bool)
        if self.start:
            keep &= times >= np.datetime64(self.start, "m")
        if self.end:
            keep &= times < np.datetime64(self.end, "D") + np.timedelta64(1, "D")
        return keep

    def flag_mask(self, flags):
        """Boolean mask of ``flags`` (ISMN flag text each) whose every code is kept."""
        verdict = {f: self.keeps_flag(f) for f in set(flags.tolist())}
        return np.array([verdict[f] for f in flags.tolist()], dtype=bool)

    def keeps_flag(self, flag):
        """True when every code of ``flag`` (``G`` or ``D01,D03``) is kept."""
        codes = [c.strip().upper() for c in str(flag).split(",") if c.strip()]
        return bool(codes) and all(c in self.flags or c[0] in self.flags for c in codes)


def _items(value, upper=False):
    """A tuple of stripped non-empty names from text (commas, semicolons) or a sequence."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = re.split(r"[,;]", value)
    items = [str(v).strip() for v in value if str(v).strip()]
    return tuple(dict.fromkeys(v.upper() if upper else v for v in items))


def _day(text, what):
    if text is None or str(text).strip() == "":
        return None
    date = parse_iso(str(text))
    if date is None:
        raise InputError(f"The {what} date '{text}' is not a date; give it as YYYY-MM-DD.")
    return date.day.isoformat()

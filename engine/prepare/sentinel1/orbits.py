"""Sentinel-1 orbits: relative orbit from absolute orbit, pass direction from the time.

Relative orbit (the track, 1–175 in the 12-day repeat cycle of 175 orbits) from the
absolute orbit number of an ESA product name, as the ESA STEP forum ("Sentinel-1
relative orbit from filename", topic 7042) and MintPy (``mintpy.geometry.orbit.
get_relative_orbit_number``) give it: S1A (absolute − 73) mod 175 + 1, S1B (absolute −
27) mod 175 + 1, S1C (absolute − 172) mod 175 + 1. Checked on a SNAP product header
(S1A absolute orbit 9258 → relative orbit 86).

Pass direction from the acquisition time: Sentinel-1 flies a dawn-dusk sun-synchronous
orbit with its ascending node at 18:00 local mean solar time, so an ascending pass
crosses a place near 18:00 and a descending one near 06:00 local solar time (= UTC +
longitude / 15 h). A local solar time from 12:00 to 24:00 is ascending, from 00:00 to
12:00 descending; the scene centre's longitude decides.
"""
import re

from ...errors import InputError

ORBITS_PER_CYCLE = 175
RELATIVE_ORBIT_OFFSET = {"S1A": 73, "S1B": 27, "S1C": 172}
DIRECTIONS = ("ascending", "descending")


def relative_orbit(mission, absolute):
    """Relative orbit (1–175) of ``absolute`` orbit of ``mission`` ("S1A"…); None if unknown."""
    offset = RELATIVE_ORBIT_OFFSET.get((mission or "").upper())
    if offset is None or absolute is None:
        return None
    return (int(absolute) - offset) % ORBITS_PER_CYCLE + 1


def local_solar_hour(when, lon):
    """Local mean solar time (hours, 0–24) at longitude ``lon`` (degrees east) of UTC ``when``."""
    utc = when.hour + when.minute / 60.0 + when.second / 3600.0
    return (utc + lon / 15.0) % 24.0


def direction_from_time(when, lon):
    """"ascending" (local solar time 12–24 h, the 18:00 pass) or "descending" (0–12 h)."""
    return "ascending" if local_solar_hour(when, lon) >= 12.0 else "descending"


def normalise_direction(text):
    """"ascending"/"descending" from ASC, ASCENDING, A, DES, DESC, DESCENDING (any case);
    None for anything else."""
    word = (text or "").strip().upper()
    if word in ("A", "ASC", "ASCENDING"):
        return "ascending"
    if word in ("D", "DES", "DESC", "DESCENDING"):
        return "descending"
    return None


def parse_relative_orbits(text):
    """Relative orbits from text ("142, 69"; empty = all) as a tuple of ints."""
    items = [t for t in re.split(r"[,;\s]+", text or "") if t]
    try:
        return tuple(int(t) for t in items)
    except ValueError:
        raise InputError(f"'{text}' is not a list of relative orbit numbers. Give whole "
                         "numbers from 1 to 175 separated by commas (e.g. 142, 69), or leave "
                         "it empty for all.") from None

"""CF time coordinates ("hours since 1900-01-01 00:00:00.0") → UTC date-times.

The products date their steps this way (CF conventions §4.4): ERA5-Land ``time``
("hours since 1900-01-01", CDS before 2024) or ``valid_time`` ("seconds since
1970-01-01", CDS since 2024), CHIRPS ``time`` ("days since 1980-1-1 0:0:0"), IMERG
``time`` ("seconds since 1970-01-01 00:00:00 UTC"). Only UTC references and the standard
calendar are read; anything else is refused with the file's name.
"""
import datetime as dt
import re

import numpy as np

from ...errors import InputError

_UNITS = re.compile(
    r"^\s*(second|minute|hour|day)s?\s+since\s+(\d{1,4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d*)?)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]0{1,2}(?::?00)?)?\s*$",
    re.IGNORECASE)
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def decode(values, units, name):
    """UTC ``datetime`` of each CF time value; InputError naming file ``name`` if unreadable."""
    text = units.decode() if isinstance(units, bytes) else str(units or "")
    m = _UNITS.match(text)
    if not m:
        raise InputError(f"The time axis of '{name}' has units '{text}', which are not "
                         "'<seconds|minutes|hours|days> since <UTC date>'; give the file as "
                         "distributed.")
    unit, parts = m.group(1).lower(), [int(p) if p else 0 for p in m.groups()[1:]]
    base = dt.datetime(*parts)  # year, month, day, hour, minute, second
    step = _SECONDS[unit]
    return [base + dt.timedelta(seconds=int(round(float(v) * step)))
            for v in np.atleast_1d(np.asarray(values, "float64"))]

"""Band dates of time stacks: parsing from file names and ISO band descriptions.

A band date is a day (``2019-04-01``) or a day and time (``2019-04-01T06:00``) where
the AM/PM overpass matters (DESIGN §3).
"""
import datetime as _dt
import os
import re
from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True, order=True)
class BandDate:
    """The acquisition date (and optionally time) of one band."""

    when: _dt.datetime
    has_time: bool = False

    @property
    def iso(self):
        """ISO text used as band description: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``."""
        if self.has_time:
            return self.when.strftime("%Y-%m-%dT%H:%M")
        return self.when.strftime("%Y-%m-%d")

    @property
    def day(self):
        """The calendar day as ``datetime.date``."""
        return self.when.date()

    @property
    def day_of_year(self):
        """Day of year, 1–366."""
        return self.when.timetuple().tm_yday

    def __str__(self):
        return self.iso


_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?)?\s*$")


def parse_iso(text):
    """Parse ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``; return a BandDate or None."""
    m = _ISO.match(text or "")
    if not m:
        return None
    return _valid(*m.groups())


# Patterns tried on a file name, in order; the first valid match wins. Landsat
# names carry the acquisition date before the processing date, so "first" is right.
_NAME_PATTERNS = (
    # 2019-04-01 or 2019-04-01T06:00 / 2019-04-01T0600
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):?(\d{2}))?(?!\d)"),
    # 20190401 or 20190401T013000 (SMAP L3 / L4, Sentinel-2, Landsat)
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})\d{0,2})?(?!\d)"),
)
_MODIS = re.compile(r"(?<![A-Za-z0-9])A(\d{4})(\d{3})(?!\d)")


def _valid(y, mo, d, hh=None, mm=None):
    """A BandDate from text parts, or None when they are not a real date."""
    try:
        if hh is None:
            return BandDate(_dt.datetime(int(y), int(mo), int(d)))
        return BandDate(_dt.datetime(int(y), int(mo), int(d), int(hh), int(mm)), True)
    except ValueError:
        return None


def parse_date_from_name(path):
    """Find the acquisition date in a file name.

    Understood: ``2019-04-01`` (optionally ``T06:00``), ``20190401`` (SMAP
    ``SMAP_L3_SM_P_20190401_R18290_001``, Sentinel-2, Landsat; optionally
    ``T013000``), and MODIS ``A2019091`` (year and day of year). Returns a
    :class:`BandDate` or None when no date is found.
    """
    name = os.path.basename(str(path))
    m = _MODIS.search(name)
    if m:
        year, doy = int(m.group(1)), int(m.group(2))
        if 1 <= doy <= (366 if _is_leap(year) else 365) and 1900 <= year <= 2200:
            return BandDate(_dt.datetime(year, 1, 1) + _dt.timedelta(days=doy - 1))
    for pattern in _NAME_PATTERNS:
        for m in pattern.finditer(name):
            y = int(m.group(1))
            if not 1900 <= y <= 2200:
                continue
            date = _valid(*m.groups()) if m.group(4) else _valid(*m.groups()[:3])
            if date is not None:
                return date
    return None


def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def parse_date_list(text):
    """Parse user-given dates: ISO dates separated by commas, semicolons or white space.

    Raises :class:`InputError` naming the first entry that is not an ISO date.
    """
    items = [t for t in re.split(r"[,;\s]+", text or "") if t]
    dates = []
    for item in items:
        date = parse_iso(item)
        if date is None:
            raise InputError(
                f"'{item}' is not a date. Give dates as YYYY-MM-DD (or "
                f"YYYY-MM-DDTHH:MM), separated by commas.")
        dates.append(date)
    return dates

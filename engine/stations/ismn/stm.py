"""One ISMN ``.stm`` data file, in either of the two download formats.

Layouts (ismn 1.5.4, ``ismn/filehandlers.py``, ``DataFile``; the ISMN download formats
"Variables stored in separate files (Header+values)" and "(CEOP formatted)"):

- **Header + values**: line 1 is the header, white-space separated: CSE id, network,
  station, latitude, longitude (decimal degrees, WGS 84), elevation (m), depth from,
  depth to (m), sensor (newer downloads quote it: ``'Meter-5TM'``). Every further line is
  ``YYYY/MM/DD HH:MM value ISMN-flag [provider-flag]``.
- **CEOP, separate files**: no header; every line holds 15 fields: nominal date and time,
  actual date and time, CSE id, network, station, latitude, longitude, elevation, depth
  from, depth to, value, ISMN flag, provider flag (the provider flag may be missing).

Times are UTC (ISMN harmonises every network to UTC); values are volumetric soil moisture
(m³/m³). The ISMN quality flag is ``G`` (good), ``M`` (missing), ``C01``–``C03`` (outside
the plausible range) or ``D01``–``D10`` (dubious), several joined by commas
(``D01,D03``). Lines end in CR, LF or CR LF, mixed within one file in some downloads.
"""
import re
from dataclasses import dataclass

import numpy as np

from ...errors import InputError

FORMATS = ("header_values", "ceop_sep")
_DATE = re.compile(r"^\d{4}/\d{2}/\d{2}$")
_CEOP_VALUE = 12  # index of the value among the 15 CEOP fields


@dataclass
class StmSeries:
    """One sensor's series: header values and arrays of equal length.

    ``times`` datetime64[m] (UTC), ``values`` float64 (m³/m³, NaN where the file says
    NaN), ``flags`` ISMN quality flags (str). Depths in m, elevation in m.
    """

    file_format: str
    network: str
    station: str
    latitude: float
    longitude: float
    elevation: float
    depth_from: float
    depth_to: float
    sensor: str
    times: np.ndarray
    values: np.ndarray
    flags: np.ndarray


def decode(data):
    """Text of a file's bytes (UTF-8, else Latin-1, which never fails)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_stm(text, name):
    """The :class:`StmSeries` of one ``.stm`` file's text; ``name`` is used in messages.

    Raises :class:`InputError` naming the file when it is not an ISMN data file.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError(f"'{name}' is empty. Remove it, or download it again from the ISMN.")
    first = lines[0].split()
    if _DATE.match(first[0]):
        return _read_ceop(lines, name)
    return _read_header_values(lines, name)


def _not_ismn(name, what):
    return InputError(
        f"'{name}' is not an ISMN data file ({what}). Give the .stm files of an ISMN download "
        "in the 'Header + values' or 'CEOP' format, or the zip as downloaded.")


def _read_header_values(lines, name):
    header = _parse_header(lines[0].split(), name)
    rows = [line.split() for line in lines[1:]]
    if any(len(r) < 4 for r in rows):
        bad = next(i for i, r in enumerate(rows) if len(r) < 4) + 2
        raise _not_ismn(name, f"line {bad} has fewer than 4 fields")
    times, values = _times_values([r[0] for r in rows], [r[1] for r in rows],
                                  [r[2] for r in rows], name, first_line=2)
    flags = np.array([r[3] for r in rows], dtype=object)
    return StmSeries("header_values", *header, times, values, flags)


def _parse_header(tokens, name):
    """(network, station, lat, lon, elevation, depth from, depth to, sensor) of line 1.

    The station name sits between the network and the first of five numbers; the
    sensor is what follows them (quotes removed).
    """
    for i in range(3, len(tokens) - 4):
        numbers = _floats(tokens[i:i + 5])
        if numbers is not None:
            lat, lon, elevation, depth_from, depth_to = numbers
            if -90 <= lat <= 90 and -180 <= lon <= 360:
                sensor = " ".join(tokens[i + 5:]).strip("'\"")
                return (tokens[1], " ".join(tokens[2:i]), lat, lon, elevation, depth_from,
                        depth_to, sensor)
    raise _not_ismn(name, "its first line is not a 'Header + values' header: network, "
                          "station, latitude, longitude, elevation, depths, sensor")


def _floats(tokens):
    try:
        return [float(t) for t in tokens]
    except ValueError:
        return None


def _read_ceop(lines, name):
    rows = [line.split() for line in lines]
    short = [i for i, r in enumerate(rows) if len(r) < 14]
    if short:
        raise _not_ismn(name, f"line {short[0] + 1} has {len(rows[short[0]])} fields, the "
                              "CEOP format has 15")
    first = rows[0]
    numbers = _floats(first[7:12])
    if numbers is None:
        raise _not_ismn(name, "fields 8–12 of line 1 are not latitude, longitude, elevation "
                              "and depths")
    lat, lon, elevation, depth_from, depth_to = numbers
    times, values = _times_values([r[0] for r in rows], [r[1] for r in rows],
                                  [r[_CEOP_VALUE] for r in rows], name, first_line=1)
    flags = np.array([r[_CEOP_VALUE + 1] for r in rows], dtype=object)
    return StmSeries("ceop_sep", first[5], first[6], lat, lon, elevation, depth_from,
                     depth_to, "", times, values, flags)


def _times_values(days, clocks, numbers, name, first_line):
    """datetime64[m] times and float64 values; InputError naming the first bad line."""
    stamps = [f"{d.replace('/', '-')}T{c}" for d, c in zip(days, clocks)]
    try:
        times = np.array(stamps, dtype="datetime64[m]")
    except ValueError:
        bad = next(i for i, s in enumerate(stamps) if not _is_time(s))
        raise _not_ismn(name, f"line {bad + first_line} does not start with a date and time "
                              f"YYYY/MM/DD HH:MM: '{days[bad]} {clocks[bad]}'") from None
    try:
        values = np.array(numbers, dtype="float64")
    except ValueError:
        bad = next(i for i, v in enumerate(numbers) if _floats([v]) is None)
        raise _not_ismn(name, f"the value on line {bad + first_line} is not a number: "
                              f"'{numbers[bad]}'") from None
    return times, values


def _is_time(stamp):
    try:
        np.datetime64(stamp, "m")
        return True
    except ValueError:
        return False

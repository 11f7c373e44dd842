"""Read ISMN downloads into filtered per-sensor (or per-depth) series.

For every ``.stm`` file of soil moisture (variable ``sm``; other variables are passed over
and counted): the network filter and the depth filter apply to the whole file, then the
period, missing values (NaN) and the quality flags to each observation; every dropped
observation is counted once, under the first rule that drops it, in that order. Depths are
those of the file name (6 decimals: SCAN's 2 in is 0.0508 m; the header rounds to 0.05),
the station name that of the file name (as the ismn package does), the network that of the
header (``FR_Aqui``, where the file name writes ``FR-Aqui``). Series of
one sensor split over several files are joined (a time given twice is kept once and
counted as a duplicate). With ``sensors="average"`` the sensors of one station and depth
are averaged at each time. A station's land cover and climate come from its static
variables file when the download holds one. Nothing is written here: the caller writes the
:class:`IsmnSeries` (the QGIS algorithm as a point layer, one feature per observation).
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

import numpy as np

from ...errors import InputError
from ...progress import ensure_progress
from .archive import open_collection
from .filters import IsmnOptions
from .names import SOIL_MOISTURE, parse_data_name, static_key
from .static_variables import StationClasses, read_static_variables
from .stm import decode, read_stm

DROP_RULES = ("network", "depth", "period", "missing", "flag")


@dataclass
class IsmnSeries:
    """One sensor's (or one station-and-depth's averaged) kept observations.

    ``station_id`` is ``<network>/<station>``; depths in m; latitude/longitude in
    decimal degrees (WGS 84); ``times`` datetime64[m] UTC, sorted; ``values`` m³/m³;
    ``flags`` ISMN flag text; ``n_sensors`` int array (sensors averaged at each time;
    ones when kept apart); ``classes`` land cover and climate (:class:`StationClasses`).
    """

    station_id: str
    network: str
    station: str
    sensor: str
    depth_from: float
    depth_to: float
    latitude: float
    longitude: float
    elevation: float
    classes: StationClasses
    times: np.ndarray
    values: np.ndarray
    flags: np.ndarray
    n_sensors: np.ndarray

    def __len__(self):
        return len(self.times)


@dataclass
class IsmnImport:
    """The kept series and the counts of what was read and dropped.

    ``counts``: files (data files read), other_variable_files, observations (read),
    dropped_<rule> for each of :data:`DROP_RULES`, duplicates, kept (observations
    written), stations. ``dropped_flags``: Counter of the flags dropped;
    ``depths_dropped`` / ``networks_seen``: what the download held, for messages.
    """

    series: list
    counts: dict
    dropped_flags: Counter
    depths_dropped: set
    networks_seen: set


def import_ismn(paths, options=None, progress=None):
    """:class:`IsmnImport` of the ISMN files under ``paths`` (folders, zips, .stm files).

    Raises :class:`InputError` when no ISMN data file is found, a file is not ISMN, or
    the filters keep nothing (the message gives the counts).
    """
    options = (options or IsmnOptions()).validated()
    progress = ensure_progress(progress)
    result = IsmnImport([], Counter({k: 0 for k in _count_names()}), Counter(), set(), set())
    with open_collection(paths) as found:
        _check_found(found, paths)
        classes = _static_classes(found.static)
        parts = []
        for i, item in enumerate(found.data):
            progress.check_cancelled()
            part = _read_one(item, options, classes, result)
            if part is not None:
                parts.append(part)
            progress.set_progress(90.0 * (i + 1) / len(found.data))
    series = _join_files(parts, result.counts)
    if options.sensors == "average":
        series = _average_sensors(series)
    result.series = sorted(series, key=lambda s: (s.station_id, s.depth_from, s.depth_to,
                                                  s.sensor))
    result.counts["kept"] = sum(len(s) for s in result.series)
    result.counts["stations"] = len({s.station_id for s in result.series})
    if result.counts["kept"] == 0:
        raise InputError("No observation is left. " + summary(result, options))
    progress.info(summary(result, options))
    return result


def _count_names():
    return ("files", "other_variable_files", "observations",
            *(f"dropped_{r}" for r in DROP_RULES), "duplicates", "kept", "stations")


def _check_found(found, paths):
    if found.data:
        return
    given = [str(p) for p in paths]
    where = ", ".join(given[:3]) + (f" and {len(given) - 3} more" if len(given) > 3 else "")
    message = f"No ISMN data file (.stm) was found in {where or '(nothing given)'}"
    if found.other:
        shown = ", ".join(found.other[:5]) + (" …" if len(found.other) > 5 else "")
        message += f" ({len(found.other)} other file(s): {shown})"
    message += (". Give ISMN downloads in the 'Header + values' or 'CEOP' format: the zip as "
                "downloaded, its unpacked folder, or .stm files.")
    if any(o.lower().endswith(".csv") for o in found.other):
        message += (" ISMN's CSV download format is not read; download the data again in the "
                    "'Header + values' format.")
    raise InputError(message)


def _static_classes(items):
    """{(network, station) as in file names: StationClasses}."""
    classes = {}
    for item in items:
        key = static_key(item.name)
        if key is not None:
            classes[key] = read_static_variables(decode(item.read()))
    return classes


def _read_one(item, options, classes, result):
    """The kept part of one data file (an IsmnSeries), or None; updates the counts."""
    counts = result.counts
    name = parse_data_name(item.name)
    if name is not None and name.variable != SOIL_MOISTURE:
        counts["other_variable_files"] += 1
        return None
    series = read_stm(decode(item.read()), item.label)
    counts["files"] += 1
    n = len(series.times)
    counts["observations"] += n
    result.networks_seen.add(series.network)
    depth = (name.depth_from, name.depth_to) if name else (series.depth_from, series.depth_to)
    if not options.keeps_network(series.network, *(name.network,) if name else ()):
        counts["dropped_network"] += n
        return None
    if not options.keeps_depth(*depth):
        counts["dropped_depth"] += n
        result.depths_dropped.add(depth)
        return None
    keep = options.period_mask(series.times)
    counts["dropped_period"] += int((~keep).sum())
    missing = keep & ~np.isfinite(series.values)
    counts["dropped_missing"] += int(missing.sum())
    keep &= ~missing
    good_flag = options.flag_mask(series.flags)
    bad_flag = keep & ~good_flag
    counts["dropped_flag"] += int(bad_flag.sum())
    result.dropped_flags.update(series.flags[bad_flag].tolist())
    keep &= good_flag
    station = name.station if name else series.station
    return IsmnSeries(
        f"{series.network}/{station}", series.network, station,
        name.sensor if name else series.sensor, depth[0], depth[1], series.latitude,
        series.longitude, series.elevation,
        classes.get(name.station_key, StationClasses()) if name else StationClasses(),
        series.times[keep], series.values[keep], series.flags[keep],
        np.ones(int(keep.sum()), dtype=int))


def _join_files(parts, counts):
    """One series per station, sensor and depth; a time given twice is kept once."""
    groups = defaultdict(list)
    for part in parts:
        groups[(part.station_id, part.sensor, part.depth_from, part.depth_to)].append(part)
    joined = []
    for group in groups.values():
        times = np.concatenate([p.times for p in group])
        order = np.argsort(times, kind="stable")
        first = np.ones(times.size, bool)
        first[1:] = times[order][1:] != times[order][:-1]
        counts["duplicates"] += int((~first).sum())
        pick = order[first]
        joined.append(replace(
            group[0], times=times[pick],
            values=np.concatenate([p.values for p in group])[pick],
            flags=np.concatenate([p.flags for p in group])[pick],
            n_sensors=np.ones(pick.size, dtype=int)))
    return [s for s in joined if len(s)]


def _average_sensors(series):
    """One series per station and depth: the mean of its sensors at each time.

    The averaged series keeps the position and elevation of its first sensor (by name).
    """
    groups = defaultdict(list)
    for s in series:
        groups[(s.station_id, s.depth_from, s.depth_to)].append(s)
    averaged = []
    for group in groups.values():
        group.sort(key=lambda s: s.sensor)
        if len(group) == 1:
            averaged.append(group[0])
            continue
        times = np.concatenate([s.times for s in group])
        unique, inverse = np.unique(times, return_inverse=True)
        n = np.bincount(inverse)
        mean = np.bincount(inverse, np.concatenate([s.values for s in group])) / n
        averaged.append(replace(
            group[0], sensor="; ".join(s.sensor for s in group), times=unique, values=mean,
            flags=_joined_flags(inverse, np.concatenate([s.flags for s in group]), unique.size),
            n_sensors=n))
    return averaged


def _joined_flags(inverse, flags, size):
    """Per time, the distinct flag codes of the sensors averaged, sorted and comma-joined."""
    if len(set(flags.tolist())) == 1:
        return np.full(size, flags[0], dtype=object)
    codes = [set() for _ in range(size)]
    for i, flag in zip(inverse.tolist(), flags.tolist()):
        codes[i].update(flag.split(","))
    return np.array([",".join(sorted(c)) for c in codes], dtype=object)


def summary(result, options):
    """One paragraph: files and observations read, each rule's drops, what was kept."""
    c = result.counts
    text = (f"Read {c['files']} ISMN soil-moisture file(s) with {c['observations']} "
            f"observation(s)")
    if c["other_variable_files"]:
        text += f" ({c['other_variable_files']} file(s) of other variables passed over)"
    text += f"; kept {c['kept']} observation(s) at {c['stations']} station(s). Dropped: "
    text += "; ".join(_drop_lines(result, options)) + "."
    return text


def _drop_lines(result, options):
    c = result.counts
    networks = ", ".join(sorted(result.networks_seen)) or "none"
    depths = ", ".join(f"{a:g}–{b:g} m" for a, b in sorted(result.depths_dropped))
    flags = ", ".join(f"{f} {n}" for f, n in result.dropped_flags.most_common(6))
    period = f"{options.start or '…'} to {options.end or '…'}"
    lines = [f"{c['dropped_network']} by network (kept: "
             f"{', '.join(options.networks) or 'all'}; found: {networks})",
             f"{c['dropped_depth']} by depth (kept {options.depth_from:g}–"
             f"{options.depth_to:g} m{'; dropped depths: ' + depths if depths else ''})",
             f"{c['dropped_period']} outside the period ({period})",
             f"{c['dropped_missing']} missing (NaN)",
             f"{c['dropped_flag']} by quality flag (kept: {', '.join(options.flags)}"
             f"{'; dropped: ' + flags if flags else ''})"]
    if c["duplicates"]:
        lines.append(f"{c['duplicates']} duplicate time(s) of one sensor")
    return lines

"""What a Sentinel-1 σ⁰ GeoTIFF is: acquisition time, polarisation, orbit, scale.

Read from the file name, then the GeoTIFF tags, then the band descriptions. Names
recognised (first match wins; a user's regular expression goes before them):

- ESA product names, kept by SNAP and most other processors in their exports
  (Sentinel-1 Product Specification S1-RS-MDA-52-7441, "Product naming"):
  ``MMM_BB_TTTR_LFPP_<start>_<stop>_OOOOOO_DDDDDD_CCCC``, e.g.
  ``S1A_IW_GRDH_1SDV_20190401T102030_20190401T102055_026584_02FA1B_ABCD`` followed by
  what the processor adds (``_Orb_Cal_TC``, ``_Sigma0_VV``, ``_VV``, ``_db``): mission
  S1A–S1D, start time (UTC), absolute orbit OOOOOO (→ relative orbit,
  :func:`.orbits.relative_orbit`), polarisation from the suffix (``VV``, ``Sigma0_VH``)
  or, for single-polarisation products (``1SSV``), the product; ``db`` in the suffix
  (SNAP's linear-to-dB band) means decibels.
- ASF HyP3 RTC products (HyP3 RTC Product Guide, "Naming Convention"):
  ``S1x_yy_aaaaaaaaTbbbbbb_ppo_RTCzz_u_defklm_ssss_<pol>.tif``, e.g.
  ``S1A_IW_20180128T161201_DVP_RTC30_G_gpuned_FD6A_VV.tif``: start time, γ⁰ (g) or σ⁰
  (s) in d, power (p), decibel (d) or amplitude (a) in e, polarisation in the suffix.
  The name carries no orbit: the direction comes from the time.
- S1Tiling (CNES) tiles (S1Tiling documentation, "Files produced"):
  ``s1a_33NWB_vv_DES_007_20200108t044150.tif`` (and ``…_NormLim.tif``,
  ``…_GammaNaughtRTC.tif``): polarisation, direction (ASC/DES), relative orbit and
  time (``txxxxxx`` when two images were joined: then ACQUISITION_DATETIME).
- A user's pattern (:func:`compile_pattern`) for other exports (GEE, own scripts): a
  template with placeholders {date} (required: 20190401, 2019-04-01, 2019_04_01),
  {time} (102030), {pol} (VV, VH), {direction} (ASC, DESC, A, D, ASCENDING,
  DESCENDING) and {orbit} (relative orbit), or a regular expression with groups of
  those names. It is searched in the file name.
- Failing all of them, a date in the name (2019-04-01, 20190401; :func:`parse_date_from_name`)
  and a VV or VH word in it.

GeoTIFF tags (any case) used when the name lacks the item: time ACQUISITION_DATETIME
(S1Tiling), ACQUISITION_START_TIME (GDAL's SAFE driver); direction ORBIT_DIRECTION
(S1Tiling, SAFE driver), PASS (SNAP abstracted metadata), orbitProperties_pass (GEE
property); relative orbit RELATIVE_ORBIT_NUMBER, REL_ORBIT, relativeOrbitNumber_start;
polarisation POLARIZATION / POLARISATION. A band description naming VV or VH
(``Sigma0_VV``, ``VV`` as GEE writes it) gives the band's polarisation; multi-band
files need one (bands without, such as GEE's ``angle``, are skipped).
"""
import datetime as dt
import os
import re
from dataclasses import dataclass, field

from ...errors import InputError
from ...raster.dates import parse_date_from_name
from ...raster.grids import Grid
from .orbits import normalise_direction, relative_orbit

POLARISATIONS = ("VV", "VH")

ESA = re.compile(
    r"(?P<mission>S1[A-D])_(?P<mode>IW|EW|WV|S[1-6])_(?P<type>GRD|SLC)[FHM_]_"
    r"\d[SA](?P<polmode>SH|SV|DH|DV|HH|VV|HV|VH)_(?P<start>\d{8}T\d{6})_\d{8}T\d{6}_"
    r"(?P<orbit>\d{6})_[0-9A-F]{6}_[0-9A-F]{4}(?P<rest>.*)$", re.IGNORECASE)
HYP3 = re.compile(
    r"(?P<mission>S1[A-D])_(?P<mode>IW|EW|S[1-6])_(?P<start>\d{8}T\d{6})_[DS][VH][PRO]_"
    r"RTC\d+_[A-Z]_(?P<radiometry>[gs])(?P<scale>[pda])[uw][nf][ec][dm]_[0-9A-F]{4}"
    r"(?P<rest>.*)$", re.IGNORECASE)
S1TILING = re.compile(
    r"(?P<mission>s1[a-d])_\w{5}_(?P<pol>vv|vh|hh|hv)_(?P<direction>ASC|DES)_"
    r"(?P<orbit>\d{3})_(?P<start>\d{8})t(?P<time>\d{6}|x{6})(?P<rest>.*)$", re.IGNORECASE)
POL_TOKEN = re.compile(r"(?<![A-Za-z])(VV|VH|HH|HV)(?![A-Za-z])", re.IGNORECASE)
DB_TOKEN = re.compile(r"(?<![A-Za-z])db(?![A-Za-z])", re.IGNORECASE)
HYP3_SCALES = {"p": "linear", "d": "db", "a": "amplitude"}
TIME_TAGS = ("ACQUISITION_DATETIME", "ACQUISITION_START_TIME")
DIRECTION_TAGS = ("ORBIT_DIRECTION", "PASS", "ORBITPROPERTIES_PASS")
ORBIT_TAGS = ("RELATIVE_ORBIT_NUMBER", "REL_ORBIT", "RELATIVEORBITNUMBER_START")
POL_TAGS = ("POLARIZATION", "POLARISATION")
USER_GROUPS = ("date", "time", "pol", "direction", "orbit")


@dataclass
class Source:
    """One σ⁰ band of one file: an acquisition in one polarisation.

    ``when``: acquisition (start) time, UTC (00:00 when ``has_time`` is False);
    ``relative_orbit`` 1–175 or None; ``direction`` "ascending"/"descending" or None
    (not yet decided); ``scale``: "db", "linear", "amplitude" when the name says so,
    else None; ``radiometry``: "sigma0"/"gamma0" when named; ``rules``: what decided
    the date, direction and scale (for the log).
    """

    path: str
    band: int
    pol: str
    when: dt.datetime
    has_time: bool
    grid: Grid
    mission: str = ""
    relative_orbit: int = None
    direction: str = None
    scale: str = None
    radiometry: str = None
    rules: dict = field(default_factory=dict)
    file_bands: int = 1

    @property
    def name(self):
        """The file name (with the band when the file has several)."""
        base = os.path.basename(self.path)
        return base if self.file_bands == 1 else f"{base} (band {self.band})"

    @property
    def day(self):
        """The acquisition's UTC calendar day."""
        return self.when.date()


PLACEHOLDERS = {  # what each {name} of a file name template matches
    "date": r"\d{4}[-_]?\d\d[-_]?\d\d", "time": r"\d{6}|\d{4}", "pol": r"VV|VH|HH|HV",
    "direction": r"ASCENDING|DESCENDING|ASC|DESC|DES|A|D", "orbit": r"\d{1,3}"}
TEMPLATE_PART = re.compile(r"\{(\w+)\}|(\*)|(\?)")


def compile_pattern(text):
    """The user's file name pattern (None when empty); InputError if it is not usable.

    Either a template, the name with placeholders {date}, {time}, {pol}, {direction},
    {orbit} and wildcards * and ? (``S1_{pol}_{date}_{direction}``), or a Python
    regular expression with groups of those names (``(?P<date>…)``). Searched in the
    file name without extension, case-insensitively.
    """
    text = (text or "").strip()
    if not text:
        return None
    regex = text if "(?P<" in text else _template_regex(text)
    try:
        pattern = re.compile(regex, re.IGNORECASE)
    except re.error as err:
        raise InputError(f"The file name pattern '{text}' is not a regular expression "
                         f"({err}). Write it as a template such as "
                         "S1_{pol}_{date}_{direction}.") from None
    unknown = set(pattern.groupindex) - set(USER_GROUPS)
    if "date" not in pattern.groupindex or unknown:
        raise InputError(f"The file name pattern '{text}' needs a {{date}} (and may have "
                         f"{', '.join('{' + g + '}' for g in USER_GROUPS[1:])}); "
                         + (f"it has unknown parts {', '.join(sorted(unknown))}. "
                            if unknown else "it has none. ")
                         + "Example: S1_{pol}_{date}_{direction}")
    return pattern


def _template_regex(text):
    """A regular expression from a template with {placeholders}, * and ?."""
    out, at = [], 0
    for m in TEMPLATE_PART.finditer(text):
        out.append(re.escape(text[at:m.start()]))
        name, star, _ = m.groups()
        if name is None:
            out.append(".*?" if star else ".")
        elif name in PLACEHOLDERS:
            out.append(f"(?P<{name}>{PLACEHOLDERS[name]})")
        else:
            out.append(f"(?P<{name}>.+?)")  # refused as an unknown part
        at = m.end()
    out.append(re.escape(text[at:]))
    return "".join(out)


def expand_inputs(paths):
    """``paths`` with each folder replaced by the σ⁰ GeoTIFFs under it (any depth): the
    .tif/.tiff files whose names carry VV or VH (HyP3's _ls_map, _dem, _area … are not
    σ⁰ and are passed over)."""
    files = []
    for path in paths:
        path = str(path)
        if not os.path.isdir(path):
            files.append(path)
            continue
        for folder, _, names in sorted(os.walk(path)):
            files += [os.path.join(folder, n) for n in sorted(names)
                      if n.lower().endswith((".tif", ".tiff"))
                      and {t.upper() for t in POL_TOKEN.findall(n)} & set(POLARISATIONS)
                      and not n.lower().startswith(".")]
    return files


def read_sources(paths, pattern=None):
    """:class:`Source` objects of the σ⁰ bands of ``paths`` (``pattern``: compiled or None).

    Raises :class:`InputError` naming the file for a file that is not a
    terrain-corrected σ⁰ GeoTIFF or whose date or polarisation cannot be found.
    """
    sources = []
    for path in paths:
        sources += _file_sources(str(path), pattern)
    return sources


def _file_sources(path, pattern):
    import rasterio
    from rasterio.errors import RasterioIOError

    name = os.path.basename(path)
    try:
        ds = rasterio.open(path)
    except RasterioIOError:
        raise InputError(f"{name} is not a raster GDAL can read. Give σ⁰ GeoTIFFs (one file "
                         "per acquisition and polarisation).") from None
    with ds:
        _check_kind(ds, name)
        tags = {k.upper(): v for k, v in ds.tags().items()}
        info = _from_name(name, pattern) or {}
        _complete_from_tags(info, tags)
        if "pol" not in info:  # any name: a VV or VH word in it
            info.update({k: v for k, v in _suffix(os.path.splitext(name)[0]).items()
                         if k == "pol"})
        if "when" not in info:
            date = parse_date_from_name(name)
            if date is None:
                raise InputError(
                    f"No acquisition date was found for {name}: neither its name nor its "
                    "tags carry one. Keep the processor's file name (S1A_IW_GRDH_1SDV_"
                    "20190401T102030_…, HyP3 S1A_IW_20190401T102030_…) or give a file name "
                    "pattern with a {date}, e.g. S1_{pol}_{date}.")
            info.update(when=date.when, has_time=date.has_time, date_rule="date in the name")
        grid = Grid.of(ds)
        bands = _band_polarisations(ds, name, info, tags)
        count = ds.count
    return [Source(path, band, pol, info["when"], info["has_time"], grid,
                   info.get("mission", ""), info.get("orbit"), info.get("direction"),
                   scale or info.get("scale"), info.get("radiometry"),
                   dict(date=info["date_rule"], direction=info.get("direction_rule"),
                        scale="the name" if scale or info.get("scale") else None), count)
            for band, pol, scale in bands]


def _check_kind(ds, name):
    """Refuse what is not a terrain-corrected float σ⁰ raster."""
    if ds.crs is None or ds.transform.is_identity:
        raise InputError(f"{name} has no map grid (CRS and geotransform): it is not "
                         "terrain-corrected (a GRD product as distributed is in radar "
                         "geometry). Terrain-correct it first (SNAP Range-Doppler Terrain "
                         "Correction, ASF HyP3 RTC) and give the GeoTIFF.")
    kinds = {str(t) for t in ds.dtypes}
    if not kinds <= {"float32", "float64"}:
        raise InputError(f"{name} holds {', '.join(sorted(kinds))} numbers, not σ⁰ "
                         "(terrain-corrected σ⁰ is written as float32 in dB or linear power; "
                         "integers are digital numbers of an uncalibrated product). Calibrate "
                         "and terrain-correct it first.")


def _from_name(name, pattern):
    """What the file name says (dict), or None when no pattern matches."""
    stem = os.path.splitext(name)[0]
    if pattern is not None:
        m = pattern.search(stem)
        if m:
            return _from_user(m, name)
    m = ESA.search(stem)
    if m:
        info = _timed(m["start"], "ESA product name", mission=m["mission"].upper())
        info["orbit"] = relative_orbit(info["mission"], int(m["orbit"]))
        info.update(_suffix(m["rest"]))
        if "pol" not in info and m["polmode"].upper() in ("SV", "VV", "VH"):
            info["pol"] = "VV" if m["polmode"].upper() == "SV" else m["polmode"].upper()
        return info
    m = HYP3.search(stem)
    if m:
        info = _timed(m["start"], "HyP3 RTC name", mission=m["mission"].upper(),
                      scale=HYP3_SCALES[m["scale"].lower()],
                      radiometry="gamma0" if m["radiometry"].lower() == "g" else "sigma0")
        info.update({k: v for k, v in _suffix(m["rest"]).items() if k == "pol"})
        return info
    m = S1TILING.search(stem)
    if m:
        timed = m["time"].lower() != "xxxxxx"
        info = _timed(m["start"] + ("T" + m["time"] if timed else ""), "S1Tiling name",
                      mission=m["mission"].upper(), pol=m["pol"].upper(),
                      orbit=int(m["orbit"]), direction=normalise_direction(m["direction"]),
                      direction_rule="the name")
        info.update(_suffix(m["rest"]))
        return info
    return None


def _timed(stamp, rule, **info):
    """info with ``when``/``has_time`` from 20190401T102030 or 20190401."""
    when = _parse_stamp(stamp)
    if when is None:
        return dict(info)
    return dict(info, when=when[0], has_time=when[1], date_rule=rule)


def _parse_stamp(text):
    """(datetime, has_time) from the digits of a date with an optional time; None if invalid."""
    digits = re.sub(r"\D", "", text or "")
    formats = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
    if len(digits) > 14:
        digits = digits[:14]  # fractions of a second
    fmt = formats.get(len(digits))
    if fmt is None:
        return None
    try:
        return dt.datetime.strptime(digits, fmt), len(digits) > 8
    except ValueError:
        return None


def _suffix(rest):
    """Polarisation and dB mark in what a processor appended to a product name."""
    info = {}
    pols = POL_TOKEN.findall(rest or "")
    if pols:
        info["pol"] = pols[-1].upper()
    if DB_TOKEN.search(rest or ""):
        info["scale"] = "db"
    return info


def _from_user(m, name):
    groups = {k: v for k, v in m.groupdict().items() if v}
    stamp = groups.get("date", "") + groups.get("time", "")
    when = _parse_stamp(stamp)
    if when is None:
        raise InputError(f"The file name pattern matched '{groups.get('date')}' as the date "
                         f"of {name}, which is not a date (YYYYMMDD or YYYY-MM-DD, optionally "
                         "with a time HHMMSS). Change the pattern's {date}.")
    info = dict(when=when[0], has_time=when[1], date_rule="the given pattern")
    if "pol" in groups:
        info["pol"] = groups["pol"].upper()
    if "direction" in groups:
        direction = normalise_direction(groups["direction"])
        if direction is None:
            raise InputError(f"The pattern's {{direction}} matched '{groups['direction']}' "
                             f"in {name}; it must match ASC, DESC, A, D, ASCENDING or "
                             "DESCENDING.")
        info.update(direction=direction, direction_rule="the name")
    if "orbit" in groups:
        try:
            info["orbit"] = int(groups["orbit"])
        except ValueError:
            raise InputError(f"The pattern's {{orbit}} matched '{groups['orbit']}' in "
                             f"{name}, not a relative orbit number.") from None
    return info


def _complete_from_tags(info, tags):
    """Fill the time, direction and relative orbit the name left open from the tags."""
    if not info.get("has_time"):
        for key in TIME_TAGS:
            when = _parse_stamp(tags.get(key, ""))
            if when is not None and when[1]:
                info.update(when=when[0], has_time=True, date_rule=f"the {key} tag")
                break
    if info.get("direction") is None:
        for key in DIRECTION_TAGS:
            direction = normalise_direction(tags.get(key))
            if direction is not None:
                info.update(direction=direction, direction_rule="a tag")
                break
    if info.get("orbit") is None:
        for key in ORBIT_TAGS:
            if (tags.get(key) or "").strip().isdigit():
                info["orbit"] = int(tags[key])
                break
    if "pol" not in info:
        for key in POL_TAGS:
            pol = POL_TOKEN.fullmatch((tags.get(key) or "").strip())
            if pol:
                info["pol"] = pol.group(1).upper()
                break


def _band_polarisations(ds, name, info, tags):
    """[(band, polarisation, scale or None)] of the σ⁰ bands of an open file."""
    found = []
    for band, text in enumerate(ds.descriptions, start=1):
        pols = POL_TOKEN.findall(text or "")
        pol = pols[-1].upper() if pols else (info.get("pol") if ds.count == 1 else None)
        if pol is not None:
            found.append((band, pol, "db" if DB_TOKEN.search(text or "") else None))
    if not found:
        raise InputError(
            f"The polarisation of {name} was not found: its name has no VV or VH"
            + (" and its bands' descriptions name none. " if ds.count > 1 else ". ")
            + "Keep the processor's file name (…_VV.tif, …_Sigma0_VH…) or give a file name "
            "pattern with a {pol}, e.g. S1_{pol}_{date}.")
    other = sorted({pol for _, pol, _ in found} - set(POLARISATIONS))
    if other:
        raise InputError(f"{name} is {'/'.join(other)}: this step composites VV and VH (the IW "
                         "mode over land). Leave HH/HV files out.")
    return found

"""From σ⁰ bands to acquisitions: orbit direction, filters, scale, passes.

- Direction: from the name or a tag when they carry it (:mod:`.names`), otherwise from
  the acquisition time at the scene centre (:func:`.orbits.direction_from_time`).
- Filters: orbit direction ("ascending" by default, as Xu et al. 2024 used; or
  "descending", "both") and relative orbits (empty: all). A file whose direction or
  relative orbit a filter needs but nobody knows is refused, with what to do.
- Scale: the one the user gives, else the one the name says (HyP3, SNAP's ``_db``),
  else :func:`.scale.detect_scale` on the values.
- Passes: the bands of one satellite pass (the slices of one orbit over the area and
  both polarisations: same mission, UTC day and direction, start times within
  :data:`PASS_MINUTES`; without a time, the same day) form one *acquisition*. Its
  value at a cell is the mean linear power of its slices there (slices barely
  overlap), so a composite weighs every pass once.
"""
from dataclasses import dataclass, field

from ...errors import InputError
from ...raster import readable
from .orbits import direction_from_time
from .scale import detect_scale

PASS_MINUTES = 10  # start times of the slices of one pass lie closer together
DIRECTION_CHOICES = ("ascending", "descending", "both")


@dataclass
class Acquisition:
    """One pass: its sources (σ⁰ bands, both polarisations), day and label for the log."""

    sources: list = field(default_factory=list)

    @property
    def first(self):
        return self.sources[0]

    @property
    def day(self):
        return self.first.day

    @property
    def label(self):
        s = self.first
        when = s.when.strftime("%Y-%m-%dT%H:%M" if s.has_time else "%Y-%m-%d")
        orbit = f" orbit {s.relative_orbit}" if s.relative_orbit else ""
        return f"{s.mission or 'S1'} {when}{orbit}"

    def of(self, pol):
        """The sources of polarisation ``pol``."""
        return [s for s in self.sources if s.pol == pol]


def decide_directions(sources):
    """Give every source without a direction the one its time says; count the rules."""
    counts = {}
    lons = {}
    for s in sources:
        if s.direction is None and s.has_time:
            key = id(s.grid)
            if key not in lons:
                lons[key] = centre_lon(s.grid)
            s.direction = direction_from_time(s.when, lons[key])
            s.rules["direction"] = "the time"
        rule = s.rules.get("direction") or "unknown"
        counts[rule] = counts.get(rule, 0) + 1
    return counts


def centre_lon(grid):
    """Longitude (degrees east) of the centre of ``grid``."""
    from rasterio.warp import transform

    left, bottom, right, top = grid.bounds
    xs, _ = transform(grid.crs, "EPSG:4326", [(left + right) / 2], [(bottom + top) / 2])
    return float(xs[0])


def select(sources, direction, relative_orbits):
    """(kept sources, {reason: count}); InputError when a filter cannot be decided or
    nothing is left."""
    removed = {}
    kept = []
    for s in sources:
        if direction != "both":
            if s.direction is None:
                raise InputError(
                    f"The orbit direction of {s.name} is unknown: its name and tags do not "
                    "say it and it has no acquisition time to tell it by. Give a file name "
                    "pattern with a {direction}, or set the orbit direction to both.")
            if s.direction != direction:
                removed[s.direction] = removed.get(s.direction, 0) + 1
                continue
        if relative_orbits:
            if s.relative_orbit is None:
                raise InputError(
                    f"The relative orbit of {s.name} is unknown (HyP3 names, for one, do not "
                    "carry it). Leave the relative orbit filter empty, or give a file name "
                    "pattern with an {orbit}.")
            if s.relative_orbit not in relative_orbits:
                removed["other relative orbit"] = removed.get("other relative orbit", 0) + 1
                continue
        kept.append(s)
    if not kept:
        detail = ", ".join(f"{why} {n}" for why, n in removed.items())
        raise InputError(
            f"No acquisition is left after filtering the {len(sources)} σ⁰ band(s) "
            f"(removed: {detail}). Check the orbit direction (Xu et al. 2024 used ascending "
            "passes; choose both to keep all) and the relative orbits.")
    return kept, removed


def assign_scales(sources, forced):
    """Set each source's scale (``forced``: "db"/"linear", or "auto"); count the rules."""
    counts = {}
    for s in sources:
        if forced != "auto":
            s.scale, s.rules["scale"] = forced, "given"
        elif s.scale is None:
            with readable.open_raster(s.path) as ds:
                s.scale = detect_scale(ds, s.band, s.name)
            s.rules["scale"] = "the values"
        key = f"{s.scale} ({s.rules['scale']})"
        counts[key] = counts.get(key, 0) + 1
    radiometry = {s.radiometry for s in sources} - {None}
    if len(radiometry) > 1:
        g = next(s for s in sources if s.radiometry == "gamma0")
        o = next(s for s in sources if s.radiometry == "sigma0")
        raise InputError(f"The files mix γ⁰ ({g.name}) and σ⁰ ({o.name}) backscatter. "
                         "Composite one kind (order HyP3 products with the same radiometry).")
    return counts


def group_passes(sources):
    """Acquisitions (passes), sorted by time; see the module docstring."""
    passes = []
    for s in sorted(sources, key=lambda s: (s.when, s.path, s.band)):
        for p in reversed(passes):
            if _same_pass(p.first, s):
                p.sources.append(s)
                break
        else:
            passes.append(Acquisition([s]))
    return passes


def _same_pass(a, b):
    if a.day != b.day or a.direction != b.direction or a.mission != b.mission:
        return False
    if a.has_time and b.has_time:
        return abs((b.when - a.when).total_seconds()) <= PASS_MINUTES * 60
    return True

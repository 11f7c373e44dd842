"""A station's ``*_static_variables.csv``: its land cover and climate classes.

Layout (ismn 1.5.4, ``StaticMetaFile.read_metadata``): semicolon-separated, a header row
``quantity_name;unit;depth_from[m];depth_to[m];value;description;quantity_source_name;…``,
then one row per quantity. Read here:

- ``land cover classification`` rows: ``value`` is the ESA CCI Land Cover class code
  (e.g. 130, Grassland), ``description`` its name, ``quantity_source_name``
  ``CCI_landcover_2000``, ``…_2005`` or ``…_2010`` (the newest is kept) or ``insitu``
  (the network's own class, text; used when no ESA CCI class is given);
- ``climate classification`` rows: ``value`` the Köppen–Geiger class (e.g. ``Cfa``),
  ``description`` its name, source ``koeppen_geiger_2007`` (or ``insitu``).

Soil texture and the other rows are not read.
"""
from dataclasses import dataclass

LAND_COVER_ROW = "land cover classification"
CLIMATE_ROW = "climate classification"
CCI_PREFIX = "CCI_landcover_"


@dataclass(frozen=True)
class StationClasses:
    """Land cover (ESA CCI LC code and name) and climate (Köppen–Geiger code and name)."""

    land_cover: int = None
    land_cover_name: str = None
    climate: str = None
    climate_name: str = None


def read_static_variables(text):
    """The :class:`StationClasses` of a static-variables file's text (fields None when absent)."""
    rows = [line.split(";") for line in text.splitlines() if ";" in line]
    if not rows:
        return StationClasses()
    head = [h.strip() for h in rows[0]]
    try:
        columns = [head.index(c) for c in ("quantity_name", "value", "description",
                                            "quantity_source_name")]
    except ValueError:
        columns = [0, 4, 5, 6]  # ismn const.CSV_COLS order, for a file without a header row
    table = [[_cell(r, c) for c in columns] for r in rows[1:]]
    land_cover, land_cover_name = _land_cover([t for t in table if t[0] == LAND_COVER_ROW])
    climate = [t for t in table if t[0] == CLIMATE_ROW]
    pick = _preferred(climate, lambda source: source != "insitu")
    return StationClasses(land_cover, land_cover_name, pick[1] if pick else None,
                          pick[2] if pick else None)


def _cell(row, column):
    return row[column].strip() if column < len(row) else ""


def _land_cover(rows):
    """(code, name) of the newest ESA CCI class; (None, in-situ class) without one."""
    cci = sorted((r for r in rows if r[3].startswith(CCI_PREFIX) and _integer(r[1]) is not None),
                 key=lambda r: r[3])
    if cci:
        return _integer(cci[-1][1]), cci[-1][2] or None
    insitu = _preferred(rows, lambda source: source == "insitu")
    return None, (insitu[1] or None) if insitu else None


def _preferred(rows, first_choice):
    """The first row whose source passes ``first_choice``, else the first row, else None."""
    for row in rows:
        if first_choice(row[3]) and row[1]:
            return row
    return rows[0] if rows else None


def _integer(text):
    try:
        return int(float(text))
    except ValueError:
        return None

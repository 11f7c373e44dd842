"""Import SMAP HDF5 granules into a dated GeoTIFF stack on the EASE-Grid 2.0 global grid.

Products and the layouts read (NSIDC SMAP data product specifications):

- SPL3SMP (L3 radiometer, daily, 36 km, 406 × 964) and SPL3SMP_E (enhanced, 9 km,
  1624 × 3856): groups ``Soil_Moisture_Retrieval_Data_AM`` (``soil_moisture``,
  ``retrieval_qual_flag``, ``surface_flag``) and ``Soil_Moisture_Retrieval_Data_PM``
  (the same names with ``_pm``); fill −9999 (flags 65534); m³/m³. The AM pass is the
  6:00 descending overpass, the PM pass the 18:00 ascending one (local solar time).
- SPL4SMGP (L4 surface, 3-hourly, 9 km): ``Geophysical_Data/sm_surface``, fill −9999;
  the file name's date-time (``…_20190601T013000_…``) is the centre of its 3-hour
  window. L4 is a model analysis without retrieval flags: only fill values and the
  valid range apply.

Rules, in this order, each counted in the cells it removes: fill value; retrieval
quality (``recommended``: bit 0 of retrieval_qual_flag is 0; ``retrieved``: bit 2,
retrieval successful, is 0; ``none``); frozen ground (surface_flag bit 7 radiometer-
or bit 8 model-derived); snow, ice or open water (bits 5, 6 and 0); values outside
``valid_min``–``valid_max`` (0.02–0.6 m³/m³).

Geolocation: the data arrays are the global EASE-Grid 2.0 grid, row 0 at its north
edge (:data:`.grids.EASE2_ORIGIN_Y`), column 0 at its west edge; a cut keeps whole cells.
"""
from dataclasses import dataclass, replace

import numpy as np

from ..errors import InputError, check_choice
from ..progress import ensure_progress
from ..raster.dates import BandDate, parse_date_from_name
from ..raster.grids import EASE2_CELL_SIZE, EASE2_ORIGIN_X, EASE2_ORIGIN_Y, ease2_grid
from ..raster.readable_arrays import open_hdf5, read_array
from .coarse.common import (FILL, ProductFile, Source, add_counts, at_hour,
                            check_valid_range, file_name, open_files, removal_line,
                            source_identity, write_sources)

L3_GROUPS = {"AM": "Soil_Moisture_Retrieval_Data_AM", "PM": "Soil_Moisture_Retrieval_Data_PM"}
L4_DATASET = "Geophysical_Data/sm_surface"
PRODUCTS = ("SPL3SMP", "SPL3SMP_E", "SPL4SMGP")
KM = {"SPL3SMP": 36, "SPL3SMP_E": 9, "SPL4SMGP": 9}
PASS_MODES = ("am_fill_pm", "am_pm", "am", "pm")
QUALITY_MODES = ("recommended", "retrieved", "none")
PASS_HOURS = {"AM": 6, "PM": 18}
RULES = ("fill", "quality", "frozen", "snow_ice_water", "range")
FROZEN_BITS = (7, 8)
SNOW_ICE_WATER_BITS = (0, 5, 6)


@dataclass(frozen=True)
class ImportOptions:
    """How granules are read; see the module docstring for the rules (limits in m³/m³).

    Frozen: change a copy with ``dataclasses.replace``.
    """

    passes: str = "am_fill_pm"
    quality: str = "recommended"
    mask_frozen: bool = True
    mask_snow_ice_water: bool = True
    valid_min: float = 0.02
    valid_max: float = 0.6

    def validated(self):
        """A checked copy; raises :class:`InputError` naming the bad setting."""
        check_choice(self.passes, PASS_MODES, "pass choice")
        check_choice(self.quality, QUALITY_MODES, "quality choice")
        check_valid_range(self.valid_min, self.valid_max)
        return replace(self)


def identify(path):
    """The product of a granule (SPL3SMP, SPL3SMP_E or SPL4SMGP); InputError otherwise."""
    name = _name(path)
    with open_hdf5(path, f"'{name}' is not an HDF5 file (it is {{kind}}). Give SMAP L3 "
                   "(SPL3SMP, SPL3SMP_E) or L4 (SPL4SMGP) granules as downloaded from NSIDC "
                   "(.h5).") as f:
        if L3_GROUPS["AM"] in f and "soil_moisture" in f[L3_GROUPS["AM"]]:
            shape = f[L3_GROUPS["AM"]]["soil_moisture"].shape
            for product in ("SPL3SMP", "SPL3SMP_E"):
                if shape == _global_shape(KM[product]):
                    return product
            raise InputError(f"'{name}' has SMAP L3 groups but a soil_moisture array of "
                             f"{shape[0]} × {shape[1]}, not the EASE-Grid 2.0 global 36 km "
                             "(406 × 964) or 9 km (1624 × 3856) grid.")
        if L4_DATASET in f:
            shape = f[L4_DATASET].shape
            if shape == _global_shape(9):
                return "SPL4SMGP"
            raise InputError(f"'{name}' has {L4_DATASET} of {shape[0]} × {shape[1]}, not the "
                             "EASE-Grid 2.0 global 9 km grid (1624 × 3856).")
    raise InputError(
        f"'{name}' is not a SMAP granule: expected the group '{L3_GROUPS['AM']}' with "
        f"'soil_moisture' (SPL3SMP, SPL3SMP_E) or the dataset '{L4_DATASET}' (SPL4SMGP).")


def _global_shape(km):
    cell, cols, rows = EASE2_CELL_SIZE[km]
    return rows, cols


_name = file_name


def _describe(path):
    """A granule's product and date (the date with its time for L4)."""
    product = identify(path)
    date = parse_date_from_name(path)
    if date is None:
        raise InputError(f"No date was found in the file name '{_name(path)}'; SMAP names "
                         "carry it (SMAP_L3_SM_P_20190601_…, SMAP_L4_SM_gph_20190601T013000"
                         "_…). Keep the original file names.")
    return ProductFile(str(path), product, date)


def open_granules(paths):
    """Identify and date every granule; one product only, no date twice."""
    return open_files(paths, _describe, "SMAP granules (.h5 files)")


def global_window(grid, km):
    """(row slice, col slice) of ``grid`` (a cut of the EASE-Grid 2.0 ``km`` grid)."""
    cell = EASE2_CELL_SIZE[km][0]
    col0 = int(round((grid.transform.c - EASE2_ORIGIN_X) / cell))
    row0 = int(round((EASE2_ORIGIN_Y - grid.transform.f) / cell))
    return slice(row0, row0 + grid.height), slice(col0, col0 + grid.width)


def band_labels(product, passes):
    """(pass, time label) of the bands one granule gives."""
    if product == "SPL4SMGP":
        return [(None, None)]
    if passes == "am_pm":
        return [("AM", "AM"), ("PM", "PM")]
    return [({"am": "AM", "pm": "PM"}.get(passes, "AM+PM"), None)]


def read_bands(granule, window, options):
    """([(BandDate, float32 array with NaN)], {rule: cells removed}) of one granule in
    ``window``."""
    import h5py

    rows, cols = window
    counts = dict.fromkeys(RULES, 0)
    out = []
    with h5py.File(granule.path, "r") as f:
        if granule.product == "SPL4SMGP":
            data = read_array(f[L4_DATASET], (rows, cols)).astype("float64")
            out.append((granule.date, _screen(data, None, None, options, counts)))
        else:
            needed = {"am": ("AM",), "pm": ("PM",)}.get(options.passes, ("AM", "PM"))
            layers = {p: _pass(f, p, rows, cols, options, counts) for p in needed}
            day = granule.date.when.date()
            if options.passes == "am_pm":
                for p in ("AM", "PM"):
                    out.append((at_hour(day, PASS_HOURS[p]), layers[p]))
            elif options.passes == "am_fill_pm":
                am, pm = layers["AM"], layers["PM"]
                counts["pm_filled"] = int((~np.isfinite(am) & np.isfinite(pm)).sum())
                out.append((BandDate(granule.date.when), np.where(np.isfinite(am), am, pm)))
            else:
                p = options.passes.upper()
                out.append((BandDate(granule.date.when), layers[p]))
    return [(d, a.astype("float32")) for d, a in out], counts


@dataclass(frozen=True)
class GranuleRead:
    """The strip reader of one granule (a :class:`~.coarse.common.Source`'s ``read``):
    strip → (band arrays, counts); holds the path, opens the file on each read."""

    granule: ProductFile
    options: ImportOptions

    def __call__(self, strip):
        bands, counts = read_bands(self.granule, strip, self.options)
        return [data for _, data in bands], counts


def _pass(f, which, rows, cols, options, counts):
    suffix = "" if which == "AM" else "_pm"
    group = f[L3_GROUPS[which]]
    missing = [n for n in ("soil_moisture", "retrieval_qual_flag", "surface_flag")
               if n + suffix not in group]
    if missing:
        raise InputError(f"'{_name(f.filename)}' lacks {', '.join(m + suffix for m in missing)} "
                         f"in {L3_GROUPS[which]}; is it a complete SPL3SMP granule?")
    data = read_array(group["soil_moisture" + suffix], (rows, cols)).astype("float64")
    quality = read_array(group["retrieval_qual_flag" + suffix], (rows, cols)).astype(np.int64)
    surface = read_array(group["surface_flag" + suffix], (rows, cols)).astype(np.int64)
    return _screen(data, quality, surface, options, counts)


def _screen(data, quality, surface, options, counts):
    """Apply the rules in order; NaN where a rule removes a cell; counts per rule."""
    def drop(rule, where):
        hit = where & np.isfinite(data)
        counts[rule] += int(hit.sum())
        data[hit] = np.nan

    drop("fill", (data == FILL) | ~np.isfinite(data))
    if quality is not None and options.quality != "none":
        bit = 0 if options.quality == "recommended" else 2
        drop("quality", (quality >> bit) & 1 == 1)
    if surface is not None and options.mask_frozen:
        drop("frozen", _any_bit(surface, FROZEN_BITS))
    if surface is not None and options.mask_snow_ice_water:
        drop("snow_ice_water", _any_bit(surface, SNOW_ICE_WATER_BITS))
    drop("range", (data < options.valid_min) | (data > options.valid_max))
    return data


def _any_bit(flags, bits):
    mask = sum(1 << b for b in bits)
    return (flags & mask) != 0


def import_smap(paths, output, options=None, bounds=None, progress=None, resume=True):
    """Write the granules' soil moisture (m³/m³) as a dated stack; return a summary.

    ``bounds`` (left, bottom, right, top) in EPSG:6933 metres cut the global grid (to
    whole cells); None keeps it all. The summary holds the product, band dates and the
    cells each rule removed (summed over granules and passes). ``resume``: keep each finished band beside the output and continue an interrupted run
    (:func:`~.coarse.common.write_sources`; False: never).
    """
    options = (options or ImportOptions()).validated()
    progress = ensure_progress(progress)
    granules = open_granules(paths)
    product = granules[0].product
    grid = ease2_grid(KM[product], bounds)
    window = global_window(grid, KM[product])
    labels = band_labels(product, options.passes)
    dates = []
    for g in granules:
        dates += [_label_date(g, label) for _, label in labels]
    sources = [Source(_name(g.path), len(labels), GranuleRead(g, options)) for g in granules]
    identity = source_identity(output, [g.path for g in granules], options, grid,
                               [d.iso for d in dates]) if resume else None
    _, counts = write_sources(output, grid, window, dates, sources, progress,
                              identity=identity)
    totals = dict.fromkeys(RULES + ("pm_filled",), 0)
    add_counts(totals, counts)
    progress.info(f"{product}: {len(granules)} granule(s) → {len(dates)} band(s) on "
                  f"{grid.describe()}.")
    progress.info(removal_line(totals, RULES, _RULE_LABELS))
    if options.passes == "am_fill_pm" and product != "SPL4SMGP":
        progress.info(f"AM gaps filled from the PM pass: {totals['pm_filled']} cell(s).")
    return {"product": product, "dates": [d.iso for d in dates], "counts": totals,
            "grid": grid}


_RULE_LABELS = {"fill": "fill value", "quality": "retrieval quality",
                "frozen": "frozen ground", "snow_ice_water": "snow, ice or open water",
                "range": "outside the valid range"}


def _label_date(granule, label):
    if label in PASS_HOURS:
        return at_hour(granule.date.when.date(), PASS_HOURS[label])
    return granule.date

"""Spectral indices from surface reflectance: NDVI, EVI, NDWI, LSWI, NSDSI, wetness.

Formulas (DESIGN §5; papers 000 eqs. 1–3, 004 eqs. 1–4), reflectance ρ in 0–1:

- NDVI  = (nir − red) / (nir + red)
- EVI   = 2.5 (nir − red) / (nir + 6 red − 7.5 blue + 1)
- NDWI  = (green − nir) / (green + nir)            (MODIS b4, b2)
- LSWI  = (nir − swir1) / (nir + swir1)            (MODIS b2, b6)
- NSDSI = (swir1 − swir2) / swir1                  (MODIS b6, b7)
- WETNESS: tasselled-cap wetness of Landsat 8 OLI, Baig et al. (2014), Remote
  Sensing Letters 5(5):423–431, doi:10.1080/2150704X.2014.915434 (coefficients
  derived for at-satellite reflectance; used by paper 003 on Landsat 8 data).

A cell is nodata in an index when any band that index uses is the fill value or the
raster's nodata, is outside :data:`VALID_REFLECTANCE` after scaling, or when the
index's denominator is zero. Output files never hold inf or NaN.

This module imports no rasterio at import time (the plugin loads without it);
:func:`derive_indices` imports its I/O helpers when called.
"""
import os
from dataclasses import dataclass, field, replace

import numpy as np

from ..errors import InputError, check_choice
from ..progress import ensure_progress
from ..raster.dates import parse_date_from_name
from ..raster.executors import UnitTask
from ..raster.missing_values import nonfinite_warning, undeclared_nonfinite
from ..raster.output_guard import OutputSize, large_output_warning

ROLES = ("blue", "green", "red", "nir", "swir1", "swir2")
ROLE_LABELS = {"blue": "blue", "green": "green", "red": "red", "nir": "NIR",
               "swir1": "SWIR1", "swir2": "SWIR2"}

# Physically possible surface reflectance after scaling: MOD09's documented valid
# range, −100…16000 at scale 0.0001. Values outside it are treated as nodata.
VALID_REFLECTANCE = (-0.01, 1.6)

# Baig et al. (2014), wetness coefficients for OLI bands 2–7 (blue … SWIR2).
WETNESS_COEFFICIENTS = {"blue": 0.1511, "green": 0.1973, "red": 0.3283, "nir": 0.3407,
                        "swir1": -0.7117, "swir2": -0.4559}


@dataclass(frozen=True)
class Sensor:
    """Band layout and DN → reflectance scaling of a reflectance product.

    ``bands`` maps a role (``ROLES``) to its 1-based band number in the input raster
    (0 or missing = absent). Reflectance = DN · ``scale`` + ``offset``; DN equal to
    ``fill`` (or to the raster's own nodata) is nodata.
    """

    key: str
    label: str
    bands: dict = field(default_factory=dict)
    scale: float = 1.0
    offset: float = 0.0
    fill: float = None
    wetness: bool = False  # the Baig et al. (2014) OLI coefficients apply

    def band(self, role):
        """1-based band number of ``role``, 0 when absent."""
        return int(self.bands.get(role) or 0)

    def layout(self):
        """Human-readable band layout, e.g. 'b1 red, b2 NIR, …'."""
        used = sorted((self.band(r), r) for r in ROLES if self.band(r))
        return ", ".join(f"b{b} {ROLE_LABELS[r]}" for b, r in used) or "no bands set"


SENSORS = {
    "modis": Sensor(
        "modis", "MODIS MOD09GA/MYD09GA/MOD09A1",
        {"red": 1, "nir": 2, "blue": 3, "green": 4, "swir1": 6, "swir2": 7},
        scale=0.0001, offset=0.0, fill=-28672),
    "landsat": Sensor(
        "landsat", "Landsat 8/9 OLI Collection 2 Level-2",
        {"blue": 1, "green": 2, "red": 3, "nir": 4, "swir1": 5, "swir2": 6},
        scale=0.0000275, offset=-0.2, fill=0, wetness=True),
    "sentinel2": Sensor(
        "sentinel2", "Sentinel-2 MSI L2A",
        {"blue": 1, "green": 2, "red": 3, "nir": 4, "swir1": 5, "swir2": 6},
        scale=0.0001, offset=-0.1, fill=0),
    "custom": Sensor("custom", "custom bands", {}, scale=1.0, offset=0.0, fill=None,
                     wetness=True),
}
SENSOR_KEYS = ("modis", "landsat", "sentinel2", "custom")


def sensor_for(key, scale=None, offset=None, fill=None, bands=None):
    """The preset ``key`` with optional overrides (None = keep the preset's).

    ``bands`` (role → band number) is used only for ``custom``.
    """
    check_choice(key, SENSOR_KEYS, "sensor")
    sensor = SENSORS[key]
    changes = {k: v for k, v in (("scale", scale), ("offset", offset), ("fill", fill))
               if v is not None}
    if key == "custom" and bands:
        changes["bands"] = {r: int(b) for r, b in bands.items() if b}
    sensor = replace(sensor, **changes)
    if not sensor.scale or not np.isfinite(sensor.scale):
        raise InputError(f"The scale factor must be a non-zero number (got {sensor.scale}). "
                         "Reflectance = DN × scale + offset; e.g. 0.0001 for MODIS.")
    return sensor


# --- index formulas: dict of reflectance arrays (float64) → index (NaN = nodata) ---

def _ratio(num, den):
    """num / den, NaN where den is 0 or either is NaN."""
    out = np.full(np.shape(num), np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def ndvi(r):
    """Normalised difference vegetation index."""
    return _ratio(r["nir"] - r["red"], r["nir"] + r["red"])


def evi(r):
    """Enhanced vegetation index (MODIS coefficients G 2.5, C1 6, C2 7.5, L 1)."""
    return _ratio(2.5 * (r["nir"] - r["red"]), r["nir"] + 6.0 * r["red"] - 7.5 * r["blue"] + 1.0)


def ndwi(r):
    """Normalised difference water index (green, NIR)."""
    return _ratio(r["green"] - r["nir"], r["green"] + r["nir"])


def lswi(r):
    """Land surface water index (NIR, SWIR1)."""
    return _ratio(r["nir"] - r["swir1"], r["nir"] + r["swir1"])


def nsdsi(r):
    """Normalised SWIR difference bare-soil moisture index (Yue et al. 2019)."""
    return _ratio(r["swir1"] - r["swir2"], r["swir1"])


def wetness(r):
    """Tasselled-cap wetness, Landsat 8 OLI coefficients (Baig et al. 2014)."""
    return sum(c * r[role] for role, c in WETNESS_COEFFICIENTS.items())


@dataclass(frozen=True)
class Index:
    """An index: its name, the reflectance roles it needs and its formula."""

    name: str
    roles: tuple
    formula: object


INDICES = {
    "NDVI": Index("NDVI", ("red", "nir"), ndvi),
    "EVI": Index("EVI", ("blue", "red", "nir"), evi),
    "NDWI": Index("NDWI", ("green", "nir"), ndwi),
    "LSWI": Index("LSWI", ("nir", "swir1"), lswi),
    "NSDSI": Index("NSDSI", ("swir1", "swir2"), nsdsi),
    "WETNESS": Index("WETNESS", ROLES, wetness),
}
INDEX_NAMES = tuple(INDICES)


def to_reflectance(dn, sensor, nodata=None, valid=VALID_REFLECTANCE):
    """DN array → reflectance (float64), NaN at fill, nodata, non-finite or out of range."""
    dn = np.asarray(dn)
    refl = dn.astype("float64") * sensor.scale + sensor.offset
    bad = ~np.isfinite(refl) | (refl < valid[0]) | (refl > valid[1])
    for value in (sensor.fill, nodata):
        if value is not None and np.isfinite(value) and _fits(value, dn.dtype):
            bad |= dn == np.asarray(value).astype(dn.dtype)
    refl[bad] = np.nan
    return refl


def _fits(value, dtype):
    """True when ``value`` is representable in ``dtype`` (so it can occur as a DN)."""
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return float(value).is_integer() and info.min <= value <= info.max
    return True


def compute_index(name, reflectance):
    """Index ``name`` from a role → reflectance dict; float64 with NaN for nodata."""
    out = np.asarray(INDICES[name].formula(reflectance), dtype="float64")
    out[~np.isfinite(out)] = np.nan
    return out


def check_request(sensor, names):
    """Raise :class:`InputError` unless ``sensor`` can give every index in ``names``."""
    if not names:
        raise InputError(
            "No index was requested. Choose at least one output (NDVI, EVI, NDWI, LSWI, "
            "NSDSI or WETNESS) and give it a file name.")
    for name in names:
        check_choice(name, INDEX_NAMES, "index")
    if "WETNESS" in names and not sensor.wetness:
        raise InputError(
            f"Tasselled-cap wetness is not available for {sensor.label}: its published "
            "coefficients (Baig et al. 2014) are for Landsat 8/9 OLI. Choose the Landsat 8/9 "
            "OLI sensor, or custom bands with all six bands set, or leave Wetness empty.")
    for name in names:
        absent = [ROLE_LABELS[r] for r in INDICES[name].roles if not sensor.band(r)]
        if absent:
            raise InputError(
                f"{name} needs the {', '.join(absent)} band(s), which are not set for "
                f"{sensor.label}. Give their band numbers (custom sensor) or leave {name} "
                "empty.")


def needed_bands(sensor, names):
    """Sorted 1-based band numbers the requested indices read."""
    return sorted({sensor.band(r) for n in names for r in INDICES[n].roles})


def _check_band_count(path, count, sensor, names):
    """Refuse a raster with fewer bands than the requested indices read."""
    for name in names:
        for role in INDICES[name].roles:
            band = sensor.band(role)
            if band > count:
                raise InputError(
                    f"'{os.path.basename(path)}' has {count} band{'s' if count != 1 else ''}; "
                    "deriveindices needs the sensor's reflectance bands in one raster "
                    f"({sensor.label}: {sensor.layout()}), and {name} reads band {band} "
                    f"({ROLE_LABELS[role]}). Give the multi-band surface-reflectance raster "
                    "(stack single-band files in this order, e.g. with Build Virtual Raster, "
                    "'Place each input file into a separate band'), not one band or an index.")


def dated_inputs(paths, dates=None):
    """(path, BandDate or None) pairs sorted by date.

    Several inputs need a date each (given or from the file name, as in Build time
    stack); a single input may have none.
    """
    from .timestack_builder import assign_dates

    if len(paths) == 1 and not dates:
        return [(str(paths[0]), parse_date_from_name(paths[0]))]
    return [(i.path, i.date) for i in assign_dates(paths, dates)]


def derive_indices(paths, outputs, sensor, dates=None, valid=VALID_REFLECTANCE, block=512,
                   progress=None):
    """Write each requested index of reflectance rasters ``paths``; return a summary.

    ``outputs`` maps index names (:data:`INDEX_NAMES`) to output paths; only those
    are written. One input gives single-band rasters; several give time stacks, one
    band per date, sorted by date. Inputs on another grid than the first input are
    aligned onto it by nearest neighbour. ``valid`` is the (min, max) reflectance
    kept; ``block`` the window size in cells.
    """
    from ..raster.timestack import DEFAULT_NODATA

    progress = ensure_progress(progress)
    names = [n for n in INDEX_NAMES if outputs.get(n)]
    check_request(sensor, names)
    items = dated_inputs(paths, dates)
    target, aligned = _check_inputs(paths, items, sensor, names)
    _write_all(items, target, outputs, names, sensor, valid, block, progress)
    for name in names:
        progress.info(f"Wrote {name} ({len(items)} date(s)) to {outputs[name]}")
    if aligned:
        progress.warning(f"Aligned {len(aligned)} input(s) onto the grid of "
                         f"'{os.path.basename(str(paths[0]))}' ({target.describe()}) by "
                         f"nearest neighbour: {', '.join(aligned)}")
    return {"indices": names, "dates": [d.iso if d else None for _, d in items],
            "bands": len(items), "grid": target, "aligned": aligned,
            "nodata": DEFAULT_NODATA}


def _check_inputs(paths, items, sensor, names):
    """Target grid (the first input's) and aligned names; refuse bad inputs before writing."""
    import rasterio

    from ..raster.grids import Grid, check_overlap
    from ..raster.readable import check_raster

    for path, _ in items:
        check_raster(path)  # damaged, cut short or not a raster: refused before writing
    target = Grid.from_path(str(paths[0]))
    aligned = []
    for path, _ in items:
        with rasterio.open(path) as src:
            _check_band_count(path, src.count, sensor, names)
            grid = Grid.of(src)
        if grid.crs is None:  # as Build time stack: an output must know where it lies
            raise InputError(f"'{os.path.basename(path)}' has no coordinate reference "
                             "system. Assign its CRS and run again.")
        if not grid.same_as(target):
            check_overlap(target, grid, "the first input", f"'{os.path.basename(path)}'")
            aligned.append(os.path.basename(path))
    return target, aligned


def _write_all(items, target, outputs, names, sensor, valid, block, progress):
    """Open one writer per index and fill it from the units (date × window) in order.

    The units are computed by :class:`IndexWindows`, here or on the cluster of the
    current :func:`~..raster.executors.cluster_session`.
    """
    import contextlib

    from ..raster.timestack import DEFAULT_NODATA, UNITLESS, StackWriter
    from ..raster.windows import BlockWalker

    dates = [d for _, d in items]
    descriptions = [d.iso for d in dates] if all(dates) else None
    walker = BlockWalker(target, block, progress, passes=len(items))
    paths = [path for path, _ in items]
    task = IndexWindows(paths, target, sensor, names, valid, DEFAULT_NODATA)
    _warn_if_large(outputs, names, OutputSize(target.width * target.height, len(items), 4),
                   progress)
    valid_cells = np.zeros(len(items), "int64")
    nonfinite = np.zeros(len(items), "int64")
    with contextlib.ExitStack() as stack:
        writers = {n: stack.enter_context(StackWriter(
            outputs[n], target, count=len(items), descriptions=descriptions, units=UNITLESS,
            nodata=DEFAULT_NODATA)) for n in names}
        stack.callback(task.close)
        for unit, done in walker.map(task, walker.units(bands=range(1, len(items) + 1))):
            for name in names:
                writers[name].write(unit.band, done.values[name], unit.window)
            valid_cells[unit.band - 1] += done.valid
            nonfinite[unit.band - 1] += done.nonfinite
        _check_not_empty(paths, valid_cells, sensor, valid, progress)
    for path, count in zip(paths, nonfinite):
        if count:
            progress.warning(nonfinite_warning(path, int(count)))


def _warn_if_large(outputs, names, size, progress):
    """Warn before writing outputs that may exceed :data:`LARGE_OUTPUT_BYTES` or the free
    space of their folder (a sparse or mostly empty input compresses well, so it is not
    refused; a disk that fills up is refused by the writer, with nothing left behind)."""
    for name in names:
        warning = large_output_warning(outputs[name], size)
        if warning:
            progress.warning(warning)


def _check_not_empty(paths, valid_cells, sensor, valid, progress):
    """Refuse outputs without a single valid cell; warn about inputs that gave none."""
    low, high = valid
    if not valid_cells.any():
        raise InputError(
            f"No cell of {_names(paths)} holds valid reflectance: every cell is the fill "
            f"value, nodata, not a number or outside {low:g}…{high:g} after scaling "
            f"({sensor.label}: scale {sensor.scale:g}, offset {sensor.offset:g}), so every "
            "index would be empty and nothing was written. Check that the sensor, scale, "
            "offset and fill value match the input, and that the input holds data.")
    for path, count in zip(paths, valid_cells):
        if not count:
            progress.warning(f"'{os.path.basename(path)}' holds no valid reflectance (fill, "
                             "nodata or out of range everywhere): its date is empty in "
                             "every index.")


def _names(paths):
    shown = ", ".join(f"'{os.path.basename(p)}'" for p in paths[:3])
    return shown + (f" and {len(paths) - 3} other input(s)" if len(paths) > 3 else "")


def _filled(index, nodata):
    """float32 with ``nodata`` for NaN and for values beyond float32's range."""
    with np.errstate(over="ignore"):
        out = index.astype("float32")
    out[~np.isfinite(out)] = nodata
    return out


class _Reader:
    """Reads the needed bands of one input on the target grid, window by window.

    The input is a :class:`~..raster.lazy_warp.LazyWarp`: opened on first use in
    each thread, warped by nearest neighbour (which keeps fill values intact; an
    alpha band marks cells outside the input) when its grid differs.
    """

    def __init__(self, path, target, bands):
        from ..raster.lazy_warp import LazyWarp

        self.raster = LazyWarp(path, target, add_alpha=True)
        self.bands = bands

    @property
    def path(self):
        return self.raster.path

    def reflectance(self, window, sensor, valid):
        """(role → reflectance (float64, NaN = invalid), cells with NaN/inf in a band
        without a nodata value) for one window."""
        reader = self.raster.dataset
        data = self.raster.read(self.bands, window)
        warped = self.raster.warped
        outside = self.raster.read(reader.count, window) == 0 if warped else None
        nodatavals = self.raster.source.nodatavals
        by_band = {}
        for k, band in enumerate(self.bands):
            refl = to_reflectance(data[k], sensor, nodatavals[band - 1], valid)
            if outside is not None:
                refl[outside] = np.nan
            by_band[band] = refl
        undeclared = [k for k, band in enumerate(self.bands) if nodatavals[band - 1] is None]
        nonfinite = undeclared_nonfinite(data[undeclared], None) if undeclared else 0
        return ({r: by_band[sensor.band(r)] for r in ROLES if sensor.band(r) in by_band},
                nonfinite)

    def close(self):
        """Close this thread's datasets (the next read opens them again)."""
        self.raster.close()


@dataclass
class IndexUnit:
    """One unit's indices (name → float32 with nodata), its most valid cells in any
    index, and its cells with NaN/inf in an input band without a nodata value."""

    values: dict
    valid: int
    nonfinite: int


class IndexWindows(UnitTask):
    """The requested indices of one unit: ``unit.band`` = 1-based input (date), a window.

    Returns an :class:`IndexUnit` (index name → float32 array with ``nodata`` for
    invalid cells, and counts). Holds
    the inputs as lazily opened :class:`_Reader` objects; each thread keeps only
    the input it read last open (units run date by date).
    """

    def __init__(self, paths, target, sensor, names, valid, nodata):
        bands = needed_bands(sensor, names)
        self.readers = [_Reader(path, target, bands) for path in paths]
        self.sensor, self.names, self.valid, self.nodata = sensor, list(names), valid, nodata

    def __call__(self, unit):
        reader = self.kept("reader", unit.band, lambda: self.readers[unit.band - 1])
        refl, nonfinite = reader.reflectance(unit.window, self.sensor, self.valid)
        values = {name: _filled(compute_index(name, refl), self.nodata) for name in self.names}
        valid = max(int(np.count_nonzero(v != self.nodata)) for v in values.values())
        return IndexUnit(values, valid, nonfinite)

    def close(self):
        """Close the input this thread read last."""
        self.release("reader")

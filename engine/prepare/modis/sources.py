"""MODIS files as downloaded → granules (one tile or subset, one date) and their layers.

Two layouts are read:

- HDF4-EOS tiles as LP DAAC distributes them, ``MOD09GA.A2019091.h26v04.061.
  2019093040000.hdf``: the product, the first day (AYYYYDDD) and the tile from the
  name; the layers are the grid's data fields, read through GDAL's HDF4 driver as
  ``HDF4_EOS:EOS_GRID:"file":grid:field`` (sinusoidal grid from ``StructMetadata.0``).
- GeoTIFFs as AppEEARS exports an area request, one file per layer and date,
  ``MOD11A1.061_LST_Day_1km_doy2019091_aid0001.tif`` (spaces of a layer name become
  underscores: ``MOD13A2.061__1_km_16_days_NDVI_doy2019097_aid0001.tif``); the files of
  one product and day form one granule. Integer layers hold the product's DN; a
  floating-point data layer is taken as already scaled.
"""
import datetime as dt
import os
import warnings
from dataclasses import dataclass, field

from ...errors import InputError
from ...raster import readable
from .products import GEOTIFF_NAME, HDF_NAME, PRODUCTS, layer_for_app_name, product

HDF4_MAGIC = b"\x0e\x03\x13\x01"  # first bytes of every HDF4 file


@dataclass
class Granule:
    """One tile (or AppEEARS subset) of one product and date: layer name → GDAL path."""

    product: object  # products.Product
    start: dt.date  # first day of the acquisition or composite period
    tile: str  # "h26v04", or "subset" for AppEEARS GeoTIFFs
    source: str  # file name(s) for messages
    paths: dict = field(default_factory=dict)
    scaled: set = field(default_factory=set)  # layers already in physical units

    def path(self, layer):
        """GDAL path of ``layer``; InputError naming the file when it is absent."""
        if layer not in self.paths:
            raise InputError(
                f"{self.source} has no layer '{layer}', which {self.product.name} carries "
                "(missing QA layer or another product). Download the complete product, "
                "include the layer's file, or set the quality level to 'none' if it is a "
                "QA layer you do not want.")
        return self.paths[layer]


def _name(path):
    return os.path.basename(str(path))


def _day(year, doy, name):
    try:
        return dt.date(int(year), 1, 1) + dt.timedelta(days=int(doy) - 1)
    except ValueError:
        raise InputError(f"'{name}' names day {doy} of {year}, which does not exist.") from None


def _check_product(found, chosen, name):
    """The product of a file; refuse one other than ``chosen`` (None = any)."""
    key = found.upper()
    if key not in PRODUCTS:
        raise InputError(f"'{name}' is a {found} file; this importer reads "
                         f"{', '.join(PRODUCTS)}.")
    if chosen and key != chosen.name:
        raise InputError(f"'{name}' is a {key} file, not {chosen.name} as chosen. Remove it "
                         f"or choose {key} as the product (one product per run).")
    return PRODUCTS[key]


def open_hdf(path, chosen=None):
    """A :class:`Granule` for one HDF4-EOS tile; its layers from the file's subdatasets."""
    import rasterio

    name = _name(path)
    m = HDF_NAME.match(name)
    if not m:
        raise InputError(f"'{name}' is not named like a MODIS tile (MOD09GA.A2019091.h26v04."
                         "061.2019093040000.hdf). Keep the names LP DAAC gives the files: "
                         "the product, date and tile are read from them.")
    prod = _check_product(m["product"], chosen, name)
    with open(path, "rb") as f:
        if f.read(4) != HDF4_MAGIC:
            raise InputError(f"'{name}' is not an HDF4 file (damaged or incomplete "
                             "download?). Download it again.")
    try:
        with warnings.catch_warnings():  # the container has no geotransform of its own
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            with rasterio.open(path) as ds:
                subdatasets = list(ds.subdatasets)
    except rasterio.errors.RasterioError as err:
        raise InputError(f"GDAL cannot read '{name}': {err}. Download it again.") from None
    granule = Granule(prod, _day(m["year"], m["doy"], name), f"h{m['h']}v{m['v']}", f"'{name}'")
    for sub in subdatasets or _probe(path, prod):
        grid, layer = sub.rsplit(":", 2)[-2:]
        known = prod.layers.get(layer)
        if known is not None and known.grid == grid:
            granule.paths[layer] = sub
    if not granule.paths:
        raise InputError(f"'{name}' holds none of the {prod.name} layers (its grids are not "
                         f"{', '.join(sorted({l.grid for l in prod.layers.values()}))}); it "
                         "is another product under this name. Download the file again.")
    return granule


def _probe(path, prod):
    """Subdataset names of ``prod``'s layers that open; GDAL lists no subdatasets for a
    file with a single data field (it opens that field directly)."""
    import rasterio

    found = []
    for layer in prod.layers.values():
        sub = f'HDF4_EOS:EOS_GRID:"{path}":{layer.grid}:{layer.name}'
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with rasterio.Env(CPL_LOG="/dev/null"), rasterio.open(sub) as ds:
                    if ds.width > 0 and ds.height > 0:  # GDAL "opens" absent fields as 0 × −1
                        found.append(sub)
        except rasterio.errors.RasterioError:
            continue
    return found


def open_geotiffs(paths, chosen=None):
    """Granules for AppEEARS GeoTIFFs: the files of one product and day form one granule."""
    granules = {}
    for path in paths:
        name = _name(path)
        m = GEOTIFF_NAME.match(name)
        if not m:
            raise InputError(f"'{name}' is not named like an AppEEARS MODIS layer "
                             "(MOD11A1.061_LST_Day_1km_doy2019091_aid0001.tif). Keep the "
                             "names AppEEARS gives: product, layer and day are read from them.")
        prod = _check_product(m["product"], chosen, name)
        layer = layer_for_app_name(prod, m["layer"])
        if layer is None:
            raise InputError(f"'{name}' is layer '{m['layer']}', which {prod.name} does not "
                             f"have; its layers are {', '.join(prod.layers)}.")
        start = _day(m["year"], m["doy"], name)
        g = granules.setdefault((prod.name, start), Granule(prod, start, "subset", ""))
        if layer.name in g.paths:
            raise InputError(f"Layer '{layer.name}' of {prod.name} on {start} is given twice "
                             f"('{_name(g.paths[layer.name])}' and '{name}'). Give each once.")
        g.paths[layer.name] = str(path)
        with readable.open_raster(path) as ds:
            if ds.dtypes[0].startswith("float"):
                g.scaled.add(layer.name)
    for g in granules.values():
        g.source = "the AppEEARS files of " + f"{g.product.name} {g.start.isoformat()}"
    return list(granules.values())


def open_granules(paths, chosen_name=None):
    """All granules of ``paths`` (HDF tiles and AppEEARS GeoTIFFs), one product only.

    Refuses: no file, a file of another product than ``chosen_name``, two products
    mixed, the same tile and day twice.
    """
    if not paths:
        raise InputError("No MODIS file was given. Select the .hdf tiles as downloaded, or "
                         "the GeoTIFFs of an AppEEARS request.")
    chosen = product(chosen_name) if chosen_name else None
    tiffs = [p for p in paths if str(p).lower().endswith((".tif", ".tiff"))]
    granules = [open_hdf(p, chosen) for p in paths if p not in tiffs]
    granules += open_geotiffs(tiffs, chosen)
    names = sorted({g.product.name for g in granules})
    if len(names) > 1:
        first = {n: next(g.source for g in granules if g.product.name == n) for n in names}
        raise InputError("The files mix products: " + "; ".join(
            f"{n} ({first[n]})" for n in names) + ". Import one product per run.")
    seen = {}
    for g in granules:
        key = (g.tile, g.start)
        if key in seen:
            raise InputError(f"Tile {g.tile} of {g.start.isoformat()} is given twice "
                             f"({seen[key]} and {g.source}). Give each tile once.")
        seen[key] = g.source
    return granules

"""The MODIS land products the importer reads: layers, scaling, fill values, periods.

Sources (Collection 6.1 user guides, LP DAAC): MODIS Surface Reflectance User's Guide
C6.1 (MOD09GA/MYD09GA, MOD09A1/MYD09A1); MODIS Vegetation Index User's Guide C6.1
(MOD13A2/MYD13A2); MODIS LST Products User's Guide C6.1 (MOD11A1/MYD11A1,
MOD11A2/MYD11A2); MCD12 User Guide V6.1 (MCD12Q1).

A layer (an HDF-EOS "data field", SDS) stores integers ``DN``; its physical value is
``DN × scale + offset`` (reflectance ×0.0001, LST ×0.02 K, VI ×0.0001). The products
themselves state the VI scale as a divisor ("scale_factor = 10000"); the factors here
are the multipliers the user guides tell users to apply. DN equal to ``fill`` or
outside ``valid`` is missing.

A variable is what the importer writes: one stack per variable (one band per date),
or for surface reflectance one 7-band file per date (bands 1–7 in MODIS band order,
the layout of ``deriveindices``' MODIS preset). ``qa`` names the screening rules of
:mod:`.qa` that apply to it and the QA layers they read; ``obs_day`` is the layer
holding each pixel's observation day of the year, where the product has one.
"""
import re
from dataclasses import dataclass, field

from ...errors import InputError

REFLECTANCE_FILL = -28672  # MOD09 sur_refl fill value (DN)


@dataclass(frozen=True)
class Layer:
    """One data field of a product: name, HDF-EOS grid, packing and valid DN range."""

    name: str
    grid: str
    scale: float = 1.0
    offset: float = 0.0
    fill: int = None
    valid: tuple = None  # (lowest, highest) valid DN, inclusive
    resolution: int = 500  # nominal cell size, m

    def app_name(self):
        """The layer's name in AppEEARS GeoTIFF file names (spaces → underscores)."""
        return self.name.replace(" ", "_")


@dataclass(frozen=True)
class Variable:
    """An output of the importer: the layers it reads, its units and its screening."""

    key: str
    label: str
    layers: tuple  # layer names (7 for reflectance, 1 otherwise)
    units: str
    kind: str  # "reflectance", "temperature", "index", "class"
    qa: str = None  # rule family in .qa ("mod09", "mod11", "mod13") or None
    qa_layers: tuple = ()  # the QA layers the rules read, in the family's order

    @property
    def categorical(self):
        return self.kind == "class"


@dataclass(frozen=True)
class Product:
    """A MODIS product: its layers, variables, composite period and observation days."""

    name: str
    title: str
    period_days: int  # 1 daily, 8, 16, 365 yearly
    layers: dict  # name → Layer
    variables: dict  # key → Variable
    obs_day: str = None  # layer with the per-pixel day of year, if any
    aliases: tuple = field(default_factory=tuple)

    def layer(self, name):
        return self.layers[name]

    @property
    def composite(self):
        return self.period_days > 1


def _reflectance_layers(grid, pattern, qc, state, state_grid, state_res):
    layers = {pattern.format(b=b): Layer(pattern.format(b=b), grid, 0.0001, 0.0,
                                        REFLECTANCE_FILL, (-100, 16000), 500)
              for b in range(1, 8)}
    layers[qc] = Layer(qc, grid, fill=None, resolution=500)
    layers[state] = Layer(state, state_grid, fill=None, resolution=state_res)
    return layers


def _reflectance(name, title, period, grid, pattern, qc, state, state_grid, state_res,
                 obs_day=None):
    layers = _reflectance_layers(grid, pattern, qc, state, state_grid, state_res)
    if obs_day:
        layers[obs_day] = Layer(obs_day, grid, fill=65535, valid=(1, 366), resolution=500)
    bands = tuple(pattern.format(b=b) for b in range(1, 8))
    variables = {"reflectance": Variable("reflectance", "surface reflectance, bands 1–7",
                                         bands, "reflectance", "reflectance", "mod09",
                                         (qc, state))}
    return Product(name, title, period, layers, variables, obs_day)


def _lst(name, title, period, grid):
    layers = {}
    variables = {}
    for part in ("Day", "Night"):
        data, qc = f"LST_{part}_1km", f"QC_{part}"
        layers[data] = Layer(data, grid, 0.02, 0.0, 0, (7500, 65535), 1000)
        layers[qc] = Layer(qc, grid, resolution=1000)
        key = f"lst_{part.lower()}"
        variables[key] = Variable(key, f"land surface temperature, {part.lower()}time",
                                  (data,), "K", "temperature", "mod11", (qc,))
    return Product(name, title, period, layers, variables)


def _vi(name, title):
    grid = "MODIS_Grid_16DAY_1km_VI"
    pre = "1 km 16 days "
    quality, reliability = pre + "VI Quality", pre + "pixel reliability"
    doy = pre + "composite day of the year"
    layers = {pre + "NDVI": Layer(pre + "NDVI", grid, 0.0001, 0.0, -3000, (-2000, 10000), 1000),
              pre + "EVI": Layer(pre + "EVI", grid, 0.0001, 0.0, -3000, (-2000, 10000), 1000),
              quality: Layer(quality, grid, fill=65535, resolution=1000),
              reliability: Layer(reliability, grid, fill=-1, valid=(0, 3), resolution=1000),
              doy: Layer(doy, grid, fill=-1, valid=(1, 366), resolution=1000)}
    variables = {key: Variable(key, label, (pre + sds,), "unitless", "index", "mod13",
                               (quality, reliability))
                 for key, label, sds in (("ndvi", "NDVI", "NDVI"), ("evi", "EVI", "EVI"))}
    return Product(name, title, 16, layers, variables, doy)


def _land_cover():
    # valid classes per type (MCD12 User Guide V6.1, table 1); 255 = fill
    classes = {1: (1, 17), 2: (0, 15), 3: (0, 10), 4: (0, 8), 5: (0, 11)}
    layers = {f"LC_Type{i}": Layer(f"LC_Type{i}", "MCD12Q1", fill=255, valid=valid,
                                   resolution=500) for i, valid in classes.items()}
    variables = {"land_cover": Variable("land_cover", "land cover, IGBP (LC_Type1, classes "
                                        "1–17)", ("LC_Type1",), "class", "class")}
    return Product("MCD12Q1", "Land cover type, yearly, 500 m", 365, layers, variables)


def _catalogue():
    """Every product, Terra (MOD) and Aqua (MYD) twins side by side."""
    makers = (
        ("09GA", lambda n, p: _reflectance(
            n, f"{p} surface reflectance, daily, 500 m", 1, "MODIS_Grid_500m_2D",
            "sur_refl_b0{b}_1", "QC_500m_1", "state_1km_1", "MODIS_Grid_1km_2D", 1000)),
        ("09A1", lambda n, p: _reflectance(
            n, f"{p} surface reflectance, 8-day, 500 m", 8,
            "MOD_Grid_500m_Surface_Reflectance", "sur_refl_b0{b}", "sur_refl_qc_500m",
            "sur_refl_state_500m", "MOD_Grid_500m_Surface_Reflectance", 500,
            obs_day="sur_refl_day_of_year")),
        ("13A2", lambda n, p: _vi(n, f"{p} vegetation indices, 16-day, 1 km")),
        ("11A1", lambda n, p: _lst(n, f"{p} land surface temperature, daily, 1 km", 1,
                                   "MODIS_Grid_Daily_1km_LST")),
        ("11A2", lambda n, p: _lst(n, f"{p} land surface temperature, 8-day, 1 km", 8,
                                   "MODIS_Grid_8Day_1km_LST")),
    )
    products = {}
    for suffix, make in makers:
        for sat, platform in (("MOD", "Terra"), ("MYD", "Aqua")):
            products[sat + suffix] = make(sat + suffix, platform)
    products["MCD12Q1"] = _land_cover()
    return products


PRODUCTS = _catalogue()
PRODUCT_NAMES = tuple(PRODUCTS)

# MOD09GA.A2019091.h26v04.061.2019093040000.hdf (LP DAAC file naming convention)
HDF_NAME = re.compile(r"^(?P<product>M[OYC]D\w+?)\.A(?P<year>\d{4})(?P<doy>\d{3})\."
                      r"h(?P<h>\d{2})v(?P<v>\d{2})\.(?P<version>\d{3})\.\d+\.hdf$",
                      re.IGNORECASE)
# MOD11A1.061_LST_Day_1km_doy2019091_aid0001.tif (AppEEARS area-sample GeoTIFFs)
GEOTIFF_NAME = re.compile(r"^(?P<product>M[OYC]D\w+?)\.(?P<version>\d{3})_(?P<layer>.+)_doy"
                          r"(?P<year>\d{4})(?P<doy>\d{3})_aid\d+\.tiff?$", re.IGNORECASE)


def product(name):
    """The :class:`Product` called ``name`` (MOD09GA, …); InputError otherwise."""
    key = str(name).upper()
    if key not in PRODUCTS:
        raise InputError(f"Unknown MODIS product '{name}'; this importer reads "
                         f"{', '.join(PRODUCT_NAMES)}.")
    return PRODUCTS[key]


def layer_for_app_name(prod, text):
    """The layer of ``prod`` whose AppEEARS name is ``text`` (leading '_' ignored), or None."""
    wanted = text.strip("_").lower()
    for layer in prod.layers.values():
        if layer.app_name().lower() == wanted:
            return layer
    return None

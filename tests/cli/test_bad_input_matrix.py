"""The bad inputs users produce, through qgis_process, for every algorithm (issue 22).

One parametrised test over :data:`CASES`; a case is an algorithm, a function making
its arguments from the small module-scoped inputs of :func:`ins`, and what must happen:

- ``Refusal``: exit code ≠ 0; the plugin's message (a regular expression naming the
  problem and saying what to do); no Python traceback; no GDAL ``ERROR 1``–``4`` line
  beyond those QGIS itself prints while loading a layer for the parameters (its
  statistics of an all-nodata or damaged layer: ``gdal_lines``); no file added (no
  ``.partial_*``/``.scratch_*`` left, no output); every output, written beforehand with
  known bytes, byte for byte the same. ``by="qgis"``: QGIS refuses the value before the
  plugin runs, with a message naming the parameter.
- ``Success``: exit code 0, every output written and readable with valid cells, and the
  warning the input deserves when it has a quirk (NaN/inf without nodata, zero or
  negative values for GRA).

Damaged files come from tests/damaged_files.py, the 100,000 × 100,000 declared raster
from tests/huge_rasters.py, product files from the tests/*_files.py writers and
engine/synthetic; train, predict, fuse and validate use the session's synthetic region.
A read-only destination needs a user the file modes apply to: that case runs
qgis_process as ``nobody`` (skipped when not root).

Counts (``test_counts_in_this_docstring`` keeps them true):

=============================  =====
cases                          35
algorithms                     23
clear plugin refusals          29
QGIS refusals                  1
successes                      5
vague messages left (xfail)    0
=============================  =====

The issue's categories and their cases: no CRS (sentinel1composite, resample); no
overlap (matchproducts, importlandsat, aggregate); empty layer (fuse); all-nodata
(deriveindices all fill, terrain, gapfill); NaN/inf without nodata (antecedentprecip);
constant target (train); a single date (gapfill); truncated file (importamsr2,
importsentinel2 .zip, train); text named like a product (importsmap, importmodis,
importprecipitation, buildtimestack, predict's model); wrong or foreign file (importsmos,
importcci, predict's model; and a corrupt tile for predict); missing field (fuse); junk
dates (importismn, buildtimestack, aligndates, validate); zero and negative values for GRA
(fuse); spaces and non-ASCII paths (importsmap, resample: must work); read-only
destination (terrain); a 100,000 × 100,000 declared raster (aggregate: refused in
seconds).

QGIS refuses: ``buildtimestack-text_as_tif`` (a text file named .tif in a raster
list: "Incorrect parameter value for INPUT" after GDAL's "not recognized as a
supported file format"; every raster parameter is loaded by QGIS first, so the plugin
says what such a file is only for file parameters — predict's MODEL).

No vague message is left: the last two (a cut AMSR2 download called "not an HDF5 file";
GRA's silence about stations on a 0 m³/m³ map) were fixed with the matrix.
"""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections import Counter, namedtuple

import numpy as np
import pytest
import rasterio
from damaged_files import corrupt_tile, text_as_tif, tiled_copy, truncate
from helpers import QGIS_PROCESS, run_qgis_process as qgis_process, write_raster
from huge_rasters import write_huge, write_reference

pytestmark = pytest.mark.qgis_process
OLD = b"an output from an earlier run"
DATES = ("2019-06-01", "2019-06-02", "2019-06-03")
FIX = "; download or create it again."

Refusal = namedtuple("Refusal", "message by gdal_lines seconds", defaults=("plugin", 0, None))
Success = namedtuple("Success", "message", defaults=(None,))
Case = namedtuple("Case", "alg name arguments expect vague as_nobody")


def said(*parts):
    """A regex: the literal ``parts`` in order on one line."""
    return r"[^\n]*".join(re.escape(p) for p in parts)


# --- inputs ----------------------------------------------------------------------------------


def _stack(path, data, dates=DATES, crs="EPSG:32650", nodata=-9999.0, origin=None):
    """A dated float32 stack (one band per date, the ISO date as band description) of
    1 km cells in UTM 50N."""
    data = np.asarray(data, "float32")
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1],
                   count=data.shape[0], dtype="float32", nodata=nodata,
                   transform=rasterio.transform.from_origin(*(origin or (500000.0, 4600000.0)),
                                                            1000.0, 1000.0))
    if crs:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data)
        for band, date in enumerate(dates[:data.shape[0]], start=1):
            ds.set_band_description(band, date)
    return str(path)


def _stations(path, rows, fields=("station_id", "sm", "date")):
    """A GeoPackage of points in EPSG:4326; ``rows``: (lon, lat, *field values)."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("stations", srs, ogr.wkbPoint)
    for name in fields:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal if name == "sm" else ogr.OFTString))
    for lon, lat, *values in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, value in zip(fields, values):
            feature.SetField(name, value)
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(lon, lat)
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    ds = None
    return str(path)


def _zip_cut(folder, path):
    """A .zip of ``folder`` cut to half its bytes (an interrupted download)."""
    whole = str(path) + ".whole"
    with zipfile.ZipFile(whole, "w") as z:
        for root, _, files in os.walk(folder):
            for name in files:
                full = os.path.join(root, name)
                z.write(full, os.path.relpath(full, os.path.dirname(folder)))
    truncate(whole, str(path))
    os.remove(whole)
    return str(path)


def _first_dates(source, path, bands=3):
    """The first ``bands`` bands of the stack ``source`` (descriptions kept) at ``path``."""
    with rasterio.open(source) as src:
        profile = dict(src.profile, count=bands)
        with rasterio.open(path, "w", **profile) as out:
            out.write(src.read(list(range(1, bands + 1))))
            out.descriptions = src.descriptions[:bands]
    return str(path)


@pytest.fixture(scope="module")
def ins(tmp_path_factory, training_region):
    """The small inputs of the matrix (20 × 20 cells, 3 dates), written once."""
    import amsr2_files
    import cci_files
    import sentinel1_files as s1
    import smos_files
    from smap_granules import LAT, LON, write_l3

    from smdownscale.engine.raster.grids import ease2_row_col
    from smdownscale.engine.synthetic import landsat_files as lf
    from smdownscale.engine.synthetic import sentinel2_files as sf

    d = tmp_path_factory.mktemp("matrix_inputs")
    rng = np.random.default_rng(22)
    sm = rng.uniform(0.05, 0.5, (3, 20, 20))
    i = dict(dir=d, region=training_region)
    i["stack"] = _stack(d / "sm_stack.tif", sm)
    i["one_date"] = _stack(d / "one_date.tif", sm[:1])
    i["no_crs"] = _stack(d / "no_crs.tif", sm, crs=None)
    i["all_nodata"] = _stack(d / "all_nodata.tif", np.full((3, 20, 20), -9999.0))
    rain = rng.uniform(0.0, 10.0, (3, 20, 20))
    rain[0, 0, 0], rain[1, 2, 3], rain[2, 5, 5] = np.nan, np.inf, -np.inf
    i["nan_inf"] = _stack(d / "rain_nan_inf.tif", rain, nodata=None)
    i["far"] = _stack(d / "far.tif", sm, origin=(900000.0, 1000000.0))
    i["text_tif"] = text_as_tif(d / "sm_stack_text.tif")
    i["dem"] = write_raster(d / "dem.tif", rng.uniform(100, 900, (20, 20)).astype("float32"))
    i["coarse_ref"] = write_raster(d / "coarse_ref.tif", np.zeros((4, 4), "float32"),
                                   cell=5000.0)
    i["huge"] = write_huge(d / "huge.tif")
    i["huge_ref"] = write_reference(d / "smap36.tif", 28, 36_000.0)
    # coarse products
    i["smap_text"] = str(d / "SMAP_L3_SM_P_20190601_R18290_001.h5")
    with open(i["smap_text"], "w", encoding="utf-8") as f:
        f.write("<html><body>Earthdata login required</body></html>\n")
    odd = d / "données du 1er juin"
    odd.mkdir()
    i["smap_odd"] = write_l3(odd / "SMAP_L3_SM_P_20190601_R18290_001.h5",
                             am={ease2_row_col(36, LON, LAT): 0.234})
    amsr2 = amsr2_files.write_amsr2(d / amsr2_files.name(1, "D", 25),
                                    {amsr2_files.CELL[25][1]: 234}, km=25)
    (d / "cut").mkdir()
    i["amsr2_cut"] = truncate(amsr2, str(d / "cut" / os.path.basename(amsr2)))
    i["cci"] = cci_files.write_cci(d / cci_files.name(1), {(cci_files.ROW, cci_files.COL): 0.27})
    i["smos"] = smos_files.write_smos(d / smos_files.catds_name(1, "A"),
                                      {(smos_files.ROW, smos_files.COL): 0.31})
    # optical and radar
    i["modis_text"] = str(d / "MOD11A1.A2019152.h26v04.061.2020001000000.hdf")
    with open(i["modis_text"], "w", encoding="utf-8") as f:
        f.write("HTTP/1.1 404 Not Found\n")
    s2 = sf.write_product(d / "s2", shape10=(4, 4), baseline="04.00")
    i["s2_zip_cut"] = _zip_cut(s2, d / (os.path.basename(s2)[:-5] + ".zip"))
    i["landsat"] = lf.write_scene(d / "landsat", shape=(10, 10), bundle=True)
    (d / "s1").mkdir()
    i["s1_no_crs"] = [s1.write_sigma0(d / "s1" / s1.esa_name(s1.at(day), pol),
                                      np.full((5, 5), 0.05, "float32"), epsg=None)
                      for day in DATES[:2] for pol in ("VV", "VH")]
    # stations
    i["stations"] = os.path.join(training_region["folder"], "stations.gpkg")
    i["stations_empty"] = _stations(d / "no_stations.gpkg", [])
    i["stations_junk_dates"] = _stations(d / "junk_dates.gpkg", [
        (116.0, 42.0, "A", 0.2, "yesterday"), (116.1, 42.1, "B", 0.3, "la semaine passée")])
    i["map3"] = _first_dates(training_region["truth"], d / "map3.tif")
    return i


@pytest.fixture(scope="module")
def nobody(profile_env):
    """(env, world-readable folder) for qgis_process as user 'nobody'; None when not root
    (root ignores file modes, so a read-only folder needs another user)."""
    if os.geteuid() != 0:
        yield None
        return
    base = tempfile.mkdtemp(prefix="matrix_nobody_")
    os.chmod(base, 0o755)
    config = os.path.join(base, "config")
    shutil.copytree(profile_env["QGIS_CUSTOM_CONFIG_PATH"], config, symlinks=True)
    for name in ("home", "run"):
        os.mkdir(os.path.join(base, name), 0o700)
    subprocess.run(["chown", "-R", "nobody:nogroup", config, f"{base}/home", f"{base}/run"],
                   check=True)
    yield dict(profile_env, QGIS_CUSTOM_CONFIG_PATH=config, HOME=f"{base}/home",
               XDG_RUNTIME_DIR=f"{base}/run"), base
    shutil.rmtree(base)


# --- the cases -------------------------------------------------------------------------------

CASES = []


def case(alg, name, expect, vague=None, as_nobody=False):
    """Register the decorated ``arguments(ins, tmp) → (qgis_process arguments, outputs)``.

    ``vague``: why the message is still vague (the case is a strict xfail).
    """
    def register(arguments):
        CASES.append(Case(alg, name, arguments, expect, vague, as_nobody))
        return arguments
    return register


def _layers(region, replace=None):
    replace = replace or {}
    args = [f"--PREDICTORS={replace.get(p, p)}" for p in region["predictors"].values()]
    return args + [f"--CATEGORICAL={p}" for p in region["categorical"].values()]


NOT_HDF5 = "' is not an HDF5 file (it is a text file beginning '<html><body>Earthdata login " \
    "required</bo'). Give "


@case("importsmap", "text_as_h5", Refusal(said(
    "'SMAP_L3_SM_P_20190601_R18290_001.h5", NOT_HDF5, "SMAP L3 (SPL3SMP, SPL3SMP_E) or L4 "
    "(SPL4SMGP) granules as downloaded from NSIDC (.h5).")))
def _(i, t):
    return [f"--INPUT={i['smap_text']}", f"--OUTPUT={t / 'smap.tif'}"], [t / "smap.tif"]


@case("importsmap", "spaces_non_ascii", Success(said(
    "SPL3SMP: 1 granule(s) → 1 band(s)")))
def _(i, t):
    out = t / "sortie été" / "humidité du sol.tif"
    out.parent.mkdir()
    return [f"--INPUT={i['smap_odd']}", "--EXTENT=110,120,38,45 [EPSG:4326]",
            f"--OUTPUT={out}"], [out]


@case("importamsr2", "truncated", Refusal(said(
    "'GW1AM2_20190601_01D_EQMD_L3SGSMCLF3300300.h5' is damaged or incomplete: it begins as "
    "an HDF5 file but cannot be opened (", " bytes; HDF5: ", FIX)))
def _(i, t):
    return [f"--INPUT={i['amsr2_cut']}", f"--OUTPUT={t / 'amsr2.tif'}"], [t / "amsr2.tif"]


@case("importsmos", "foreign_file", Refusal(said(
    "'ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20190601000000-fv08.1.nc' is not a SMOS "
    "soil-moisture file: it has no 'Soil_Moisture' variable. Give CATDS L3SM daily files (",
    ") or SMOS-IC daily files.")))
def _(i, t):
    return [f"--INPUT={i['cci']}", f"--OUTPUT={t / 'smos.tif'}"], [t / "smos.tif"]


@case("importcci", "foreign_file", Refusal(said(
    "'SM_RE07_MIR_CLF31A_20190601T000000_20190601T235959_700_001_7.DBL.nc' is not an ESA CCI "
    "soil-moisture file: it has no 'sm' variable. Give the daily L3S files (")))
def _(i, t):
    return [f"--INPUT={i['smos']}", f"--OUTPUT={t / 'cci.tif'}"], [t / "cci.tif"]


@case("importprecipitation", "text_as_h5", Refusal(said(
    "'SMAP_L3_SM_P_20190601_R18290_001.h5' is not an IMERG (HDF5/NetCDF4), CHIRPS "
    "(GeoTIFF/NetCDF) or ERA5-Land (NetCDF) file; give the product files as downloaded.")))
def _(i, t):
    return [f"--INPUT={i['smap_text']}", "--PRODUCT=0", f"--OUTPUT={t / 'rain.tif'}"], \
        [t / "rain.tif"]


NO_OVERLAP = "do not overlap. Check that both cover the same region and that their CRSs are " \
             "set correctly."


@case("matchproducts", "no_overlap", Refusal(said(
    "the source 'sm_stack.tif' (20×20 cells of 1000×1000 in EPSG:32650) and the reference "
    "'far.tif' (20×20 cells of 1000×1000 in EPSG:32650) ", NO_OVERLAP)))
def _(i, t):
    return [f"--SOURCE={i['stack']}", f"--REFERENCE={i['far']}", f"--OUTPUT={t / 'matched.tif'}",
            f"--OUTPUT_TABLE={t / 'fits.csv'}"], [t / "matched.tif", t / "fits.csv"]


@case("importmodis", "text_as_hdf", Refusal(said(
    "'MOD11A1.A2019152.h26v04.061.2020001000000.hdf' is not an HDF4 file (damaged or "
    "incomplete download?). Download it again.")))
def _(i, t):
    return [f"--INPUT={i['modis_text']}", f"--OUTPUT_FOLDER={t / 'modis'}"], \
        [t / "modis" / "LST_Day_1km.tif"]


@case("importlandsat", "no_overlap", Refusal(said(
    "The target grid (20×20 cells of 1000×1000 in EPSG:32650) and scene "
    "'LC08_L2SP_123032_20190401_20200829_02_T1.tar' (10×10 cells of 30×30 in EPSG:32650) ",
    NO_OVERLAP)))
def _(i, t):
    return [f"--INPUT={i['landsat']}", f"--TARGET={i['far']}",
            f"--OUTPUT_FOLDER={t / 'landsat'}"], [t / "landsat" / "reflectance.tif"]


@case("importsentinel2", "truncated_zip", Refusal(said(
    "'S2A_MSIL2A_20190401T030541_N0400_R075_T50TMK_20190401T070006.zip' cannot be read as a "
    ".zip (File is not a zip file). Download it again.")))
def _(i, t):
    return [f"--INPUT={i['s2_zip_cut']}", f"--OUTPUT_FOLDER={t / 's2'}"], \
        [t / "s2" / "reflectance.tif"]


@case("importismn", "junk_dates", Refusal(said(
    "The start date '2019-13-45' is not a date; give it as YYYY-MM-DD.")))
def _(i, t):
    from ismn_files import RSMN_ZIP
    return [f"--INPUT={RSMN_ZIP}", "--START=2019-13-45", f"--OUTPUT={t / 'ismn.gpkg'}"], \
        [t / "ismn.gpkg"]


@case("sentinel1composite", "no_crs", Refusal(said(
    "_Orb_Cal_TC_V", ".tif has no map grid (CRS and geotransform): it is not terrain-corrected",
    "Terrain-correct it first (SNAP Range-Doppler Terrain Correction, ASF HyP3 RTC) and give "
    "the GeoTIFF.")))
def _(i, t):
    return [*[f"--INPUT={f}" for f in i["s1_no_crs"]], "--DATES=2019-06-01",
            f"--VV={t / 'vv.tif'}", f"--VH={t / 'vh.tif'}"], [t / "vv.tif", t / "vh.tif"]


@case("buildtimestack", "junk_dates", Refusal(said(
    "'first' is not a date. Give dates as YYYY-MM-DD (or YYYY-MM-DDTHH:MM), separated by "
    "commas.")))
def _(i, t):
    return [f"--INPUT={i['dem']}", f"--INPUT={i['dem']}", "--DATES=2019-06-01,first of June",
            f"--OUTPUT={t / 'stack.tif'}"], [t / "stack.tif"]


@case("buildtimestack", "text_as_tif", Refusal(
    said("sm_stack_text.tif' not recognized as a supported file format.") +
    r"[\s\S]*" + said("Incorrect parameter value for INPUT"), by="qgis", gdal_lines=8))
def _(i, t):
    return [f"--INPUT={i['stack']}", f"--INPUT={i['text_tif']}", "--DATES=2019-06-01,2019-06-02",
            f"--OUTPUT={t / 'stack.tif'}"], [t / "stack.tif"]


@case("deriveindices", "all_fill", Refusal(said(
    "No cell of 'MOD09GA.A2019152.refl.tif' holds valid reflectance: every cell is the fill "
    "value, nodata, not a number or outside", "nothing was written. Check that the sensor, "
    "scale, offset and fill value match the input, and that the input holds data."),
    gdal_lines=3))  # QGIS's statistics of the all-fill layer
def _(i, t):
    refl = write_raster(t / "MOD09GA.A2019152.refl.tif", np.full((7, 20, 20), -28672, "int16"),
                        nodata=-28672)
    return [f"--INPUT={refl}", f"--NDVI={t / 'ndvi.tif'}"], [t / "ndvi.tif"]


@case("terrain", "all_nodata", Refusal(said(
    "'all_nodata.tif' band 1 gives no slope anywhere: every cell is nodata or lacks valid "
    "neighbours, so slope and aspect would be empty and nothing was written. Choose the band "
    "that holds the elevations, or check the DEM's nodata value."), gdal_lines=3))
def _(i, t):
    return [f"--DEM={i['all_nodata']}", f"--SLOPE={t / 'slope.tif'}"], [t / "slope.tif"]


@case("terrain", "read_only_destination", Refusal(said(
    "Cannot write in ", "/ro: permission denied. Choose an output folder you can write to.")),
    as_nobody=True)
def _(i, t):
    shutil.copy(i["dem"], t / "dem.tif")
    return [f"--DEM={t / 'dem.tif'}", f"--SLOPE={t / 'ro' / 'slope.tif'}"], \
        [t / "ro" / "slope.tif"]


@case("aggregate", "huge_declared_raster", Refusal(said(
    "'huge.tif' has about 10,000,000,000 cells per band over the reference grid", "If most of "
    "the input is empty, clip it to the region that holds data first (Raster ▸ Extraction ▸ "
    "Clip Raster by Extent)"), gdal_lines=1, seconds=60))  # QGIS's statistics of the sparse file
def _(i, t):
    return [f"--INPUT={i['huge']}", f"--REFERENCE={i['huge_ref']}",
            f"--OUTPUT={t / 'aggregated.tif'}"], [t / "aggregated.tif"]


@case("aggregate", "no_overlap", Refusal(said(
    "the input 'far.tif' (20×20 cells of 1000×1000 in EPSG:32650) and the reference "
    "'coarse_ref.tif' (4×4 cells of 5000×5000 in EPSG:32650) ", NO_OVERLAP)))
def _(i, t):
    return [f"--INPUT={i['far']}", f"--REFERENCE={i['coarse_ref']}",
            f"--OUTPUT={t / 'aggregated.tif'}"], [t / "aggregated.tif"]


@case("resample", "no_crs", Refusal(said(
    "the input 'no_crs.tif' has no coordinate reference system. Assign its CRS (Raster ▸ "
    "Projections ▸ Assign Projection) and run again.")))
def _(i, t):
    return [f"--INPUT={i['no_crs']}", f"--REFERENCE={i['dem']}",
            f"--OUTPUT={t / 'resampled.tif'}"], [t / "resampled.tif"]


@case("resample", "spaces_non_ascii", Success(said("Resampled 3 band(s) of 'humidité 36 km.tif'")))
def _(i, t):
    folder = t / "mes données" / "résultat final"
    folder.mkdir(parents=True)
    src = shutil.copy(i["stack"], folder / "humidité 36 km.tif")
    return [f"--INPUT={src}", f"--REFERENCE={i['dem']}",
            f"--OUTPUT={folder / 'rééchantillonné.tif'}"], [folder / "rééchantillonné.tif"]


@case("gapfill", "single_date", Refusal(said(
    "'one_date.tif' has 1 band(s). Gap filling needs a time stack of at least 2 dates (one "
    "band per date); build one with 'Build time stack'.")))
def _(i, t):
    return [f"--INPUT={i['one_date']}", f"--OUTPUT={t / 'filled.tif'}"], [t / "filled.tif"]


@case("gapfill", "all_nodata", Refusal(said(
    "'all_nodata.tif' holds no valid value in any band (every cell is nodata or not a number), "
    "so the gap-filled stack would be empty and nothing was written. Check the input's nodata "
    "value and that it holds data."), gdal_lines=3))
def _(i, t):
    return [f"--INPUT={i['all_nodata']}", f"--OUTPUT={t / 'filled.tif'}"], [t / "filled.tif"]


@case("aligndates", "junk_dates", Refusal(said(
    "'tomorrow' is not a date. Give target dates as YYYY-MM-DD (or YYYY-MM-DDTHH:MM) separated "
    "by commas, or a range start/end such as 2019-04-01/2019-06-30 for every day.")))
def _(i, t):
    return [f"--INPUT={i['stack']}", "--DATES=2019-06-01,tomorrow",
            f"--OUTPUT={t / 'aligned.tif'}"], [t / "aligned.tif"]


@case("antecedentprecip", "nan_inf_without_nodata", Success(said(
    "'rain_nan_inf.tif' has no nodata value but holds 3 NaN/inf cell(s); they are treated as "
    "missing. Set the file's nodata value if they are meant to be missing, or check how it was "
    "computed.")))
def _(i, t):
    return [f"--INPUT={i['nan_inf']}", f"--OUTPUT={t / 'api.tif'}"], [t / "api.tif"]


@case("train", "truncated", Refusal(lambda t: re.escape(
    f"'{t / 'ndvi.tif'}' is damaged or incomplete (the file ends at byte "
    f"{os.path.getsize(t / 'ndvi.tif'):,}, but its directory points to byte ")
    + r"[\d,]+" + re.escape(")" + FIX)))
def _(i, t):
    r = i["region"]
    ndvi = r["predictors"]["ndvi"]
    cut = truncate(ndvi, str(t / os.path.basename(ndvi)))
    return [f"--COARSE_SM={r['coarse']}", *_layers(r, {ndvi: cut}), "--MODEL=4",
            f"--OUTPUT_MODEL={t / 'sm.smdm'}"], [t / "sm.smdm"]


@case("train", "constant_target", Refusal(said(
    "The coarse soil moisture is constant (0.25) over all 612 samples: there is nothing to "
    "learn. Check the coarse stack (a wrong band, a fill value without nodata set?).")))
def _(i, t):
    r = i["region"]
    coarse = str(t / "constant.tif")
    shutil.copy(r["coarse"], coarse)
    with rasterio.open(coarse, "r+") as ds:
        a = ds.read()
        a[a != ds.nodata] = 0.25
        ds.write(a)
    return [f"--COARSE_SM={coarse}", *_layers(r), "--MODEL=4",
            f"--OUTPUT_MODEL={t / 'sm.smdm'}"], [t / "sm.smdm"]


@case("predict", "corrupt_tile", Refusal(lambda t: re.escape(
    f"'{t / 'dem_ease1km.tif'}' is damaged or incomplete: band 1 cannot be read in the window "
    "at row ") + r"\d+, column \d+ \(\d+×\d+ cells\)" + re.escape(
    ": its block at row 16, column 16 (16×16 cells) is damaged or missing (GDAL: ")
    + r"[^)]*TIFFReadEncodedTile\(\) failed" + re.escape(")" + FIX),
    gdal_lines=3))  # QGIS's layer statistics read the tile first
def _(i, t):
    r = i["predict"]
    dem = r["predictors"]["dem"]
    bad = tiled_copy(dem, str(t / os.path.basename(dem)))  # same layer name
    corrupt_tile(bad, 1, 1, 1)
    return [f"--MODEL={r['lightgbm']}", *_layers(r, {dem: bad}), f"--COARSE_SM={r['coarse']}",
            "--DATES=2019-06-05", f"--OUTPUT={t / 'sm.tif'}"], [t / "sm.tif"]


MODEL_IS = ("A model file is a ZIP archive holding manifest.json and estimators.pkl, written by "
            "'Train downscaling model' (.smdm): choose that file, or train one.")


@case("predict", "foreign_model", Refusal(said(  # any extension reaches the plugin
    "'model.zip' is not a soil-moisture downscaling model: it is a ZIP archive without "
    "manifest.json (it holds estimators.pkl). " + MODEL_IS)))
def _(i, t):
    foreign = t / "model.zip"
    with zipfile.ZipFile(foreign, "w") as z:
        z.writestr("estimators.pkl", b"\x80\x04N.")
    return [f"--MODEL={foreign}", f"--PREDICTORS={i['dem']}", f"--OUTPUT={t / 'sm.tif'}"], \
        [t / "sm.tif"]  # the model is read first: one small layer suffices


@case("predict", "text_as_model", Refusal(said(
    "'sm_stack_text.tif' is not a soil-moisture downscaling model: it is a text file beginning "
    "'date,sm'. " + MODEL_IS)))
def _(i, t):
    return [f"--MODEL={i['text_tif']}", f"--PREDICTORS={i['dem']}", f"--OUTPUT={t / 'sm.tif'}"], \
        [t / "sm.tif"]


def _gra_map(i, t, zero_band=None, negative_band=None, zero_rows=None):
    """The region's first 3 dates; ``zero_band`` all 0, ``negative_band`` −0.05 in its first
    20 rows, ``zero_rows`` (band, rows) 0 in those rows of that band."""
    path = shutil.copy(i["map3"], t / "map.tif")
    with rasterio.open(path, "r+") as ds:
        data = ds.read()
        valid = data != ds.nodata
        if zero_band:
            data[zero_band - 1][valid[zero_band - 1]] = 0.0
        if negative_band:
            part = data[negative_band - 1, :20]
            part[part != ds.nodata] = -0.05
        if zero_rows:
            band, rows = zero_rows
            part = data[band - 1, rows]
            part[part != ds.nodata] = 0.0
        ds.write(data)
    return str(path)


def _gra(i, t, map_path):
    return [f"--INPUT={map_path}", f"--STATIONS={i['stations']}", "--VALUE_FIELD=sm",
            "--DATE_FIELD=date", "--STATION_ID_FIELD=station_id", "--METHOD=1",
            "--HOLDOUT_FRACTION=0", f"--OUTPUT={t / 'fused.tif'}"], [t / "fused.tif"]


@case("fuse", "gra_negative_and_zero_cells", Success(
    r"2019-06-02: not fused — the map holds ([\d,]+) cell\(s\) ≤ 0 m³/m³ \(\1 negative\), "
    + said("where a ratio (GRA) cannot correct it; the band is copied (clipped to the physical "
           "limits). Use GDA (difference), or fix the map's negative values.") + r"[\s\S]*"
    + r"2019-06-03: the map is 0 m³/m³ in [\d,]+ cell\(s\); " + said(
        "a ratio (GRA) cannot change them, so they stay 0. GDA (difference) corrects them.")))
def _(i, t):
    return _gra(i, t, _gra_map(i, t, negative_band=2, zero_rows=(3, slice(100, 102))))


@case("fuse", "gra_zero_map", Success(said(
    "2019-06-01: unchanged: 0 station cell(s), ordinary kriging needs at least 3 (",
    " station cell(s) left out: the map is below the GRA floor of 0.01 m³/m³ there, 0 m³/m³ "
    "or nearly, where a ratio is undefined; GDA (difference) corrects such a date).")))
def _(i, t):
    return _gra(i, t, _gra_map(i, t, zero_band=1))


@case("fuse", "empty_layer", Refusal(said(
    "The station layer has no features. Choose a point layer with one feature per "
    "observation.")))
def _(i, t):
    return [f"--INPUT={i['map3']}", f"--STATIONS={i['stations_empty']}", "--VALUE_FIELD=sm",
            "--DATE_FIELD=date", f"--OUTPUT={t / 'fused.tif'}"], [t / "fused.tif"]


@case("fuse", "missing_field", Refusal(said(
    "The station layer has no field 'soil_moisture' for the observed value. Its fields are: "
    "fid, station_id, date, sm, scale, landcover.")))
def _(i, t):
    return [f"--INPUT={i['map3']}", f"--STATIONS={i['stations']}",
            "--VALUE_FIELD=soil_moisture", "--DATE_FIELD=date", f"--OUTPUT={t / 'fused.tif'}"], \
        [t / "fused.tif"]


@case("validate", "junk_dates", Refusal(said(
    "Feature 1: 'yesterday' in the date field 'date' is not a date. Dates must read YYYY-MM-DD "
    "(or YYYY-MM-DDTHH:MM).")))
def _(i, t):
    return [f"--INPUT={i['map3']}", f"--STATIONS={i['stations_junk_dates']}",
            "--VALUE_FIELD=sm", "--DATE_FIELD=date", f"--OUTPUT_STATIONS={t / 'stations.gpkg'}",
            f"--OUTPUT_SUMMARY={t / 'summary.csv'}"], [t / "stations.gpkg", t / "summary.csv"]


# --- the test --------------------------------------------------------------------------------


def _files(folder):
    """Every file under ``folder`` (relative paths), but QGIS's .aux.xml statistics."""
    found = set()
    for root, _, names in os.walk(folder):
        found |= {os.path.relpath(os.path.join(root, n), folder) for n in names
                  if not n.endswith(".aux.xml")}
    return found


def _as_nobody(env, *args):
    return subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           QGIS_PROCESS, *args], env=env, capture_output=True, text=True,
                          timeout=300)


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c.vague)] if c.vague else []
        yield pytest.param(c, id=f"{c.alg}-{c.name}", marks=marks)


@pytest.mark.parametrize("c", list(_params()))
def test_bad_input(c, ins, request, profile_env, nobody, tmp_path):
    env = profile_env
    if c.name == "corrupt_tile":
        ins = dict(ins, predict=request.getfixturevalue("predict_region"))
    if c.as_nobody:
        if nobody is None:
            pytest.skip("needs root to run as 'nobody'")
        env, base = nobody
        tmp_path = pathlib.Path(tempfile.mkdtemp(dir=base))
        os.chmod(tmp_path, 0o755)
        (tmp_path / "ro").mkdir()
    args, outputs = c.arguments(ins, tmp_path)
    refusal = isinstance(c.expect, Refusal)
    if refusal:
        for out in outputs:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(OLD)
    if c.as_nobody:
        os.chmod(tmp_path / "ro", 0o555)
    before = _files(tmp_path)
    start = time.monotonic()
    command = ("run", f"smdownscale:{c.alg}", *args)
    run = _as_nobody(env, *command) if c.as_nobody else qgis_process(env, *command)
    seconds = time.monotonic() - start
    text = run.stdout + run.stderr
    assert "Traceback" not in text, text
    message = c.expect.message
    if callable(message):
        message = message(tmp_path)
    if refusal:
        assert run.returncode != 0, text
        assert re.search(message, text), text
        assert ("Incorrect parameter value" in text) == (c.expect.by == "qgis"), text
        assert len(re.findall(r"^ERROR [1-4]:", text, re.M)) <= c.expect.gdal_lines, text
        assert _files(tmp_path) == before, text  # no output, no .partial_*, no .scratch_*
        for out in outputs:
            assert out.read_bytes() == OLD
        assert c.expect.seconds is None or seconds < c.expect.seconds
    else:
        assert run.returncode == 0, text
        assert message is None or re.search(message, text), text
        for out in outputs:
            with rasterio.open(out) as ds:
                values = ds.read(masked=True)
            assert values.count() and np.isfinite(values.compressed()).all(), text
        assert not [f for f in _files(tmp_path) if ".partial_" in f or ".scratch_" in f]


def test_counts_in_this_docstring():
    """The table of the module docstring counts :data:`CASES`."""
    kinds = Counter("vague" if c.vague else
                    f"refused by {c.expect.by}" if isinstance(c.expect, Refusal) else "success"
                    for c in CASES)
    table = {"cases": len(CASES), "algorithms": len({c.alg for c in CASES}),
             "clear plugin refusals": kinds["refused by plugin"],
             "QGIS refusals": kinds["refused by qgis"], "successes": kinds["success"],
             "vague messages left (xfail)": kinds["vague"]}
    for label, count in table.items():
        assert re.search(rf"^{re.escape(label)}\s+{count}$", __doc__, re.M), (label, count)
    assert len({(c.alg, c.name) for c in CASES}) == len(CASES)

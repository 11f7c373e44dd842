"""Benchmark: the product importers (precipitation, AMSR2, CCI, SMOS, Sentinel-1) against GDAL.

    /usr/bin/python3 bench/bench_import_products.py [--quick]

Writes full-size files in the products' published layouts with the test writers in
tests/ (seeded random values so that compression costs what it does on real data):
CHIRPS daily GeoTIFF (7200 × 2000 float32), GPM IMERG daily NetCDF4 (3600 × 1800,
(time, lon, lat)), JAXA AMSR2 L3 HDF5 (0.1°, 3600 × 1800 int16), ESA CCI (0.25°
NetCDF4), SMOS CATDS L3SM (EASE-Grid 2.0 25 km NetCDF-3), 10 days each (3 with
``--quick``), and Sentinel-1 σ⁰ GeoTIFFs (2000 × 2000 float32, 20 m UTM; 12
acquisitions × VV/VH, 4 with ``--quick``). Then each is imported by the engine function
behind its algorithm (``import_precipitation`` — also with an extent, ``import_amsr2``,
``import_cci``, ``import_smos``, ``composite_sentinel1`` onto a 1 km EASE-Grid 2.0
target, daily dates) in a fresh process; peak memory is the kernel's high-water mark
(VmHWM) with GDAL's cache capped at 128 MB.

GDAL's reference does the same reading and writing without the product rules, file by
file, summed: ``gdal_translate`` of the file (or its NetCDF/HDF5 subdataset) to a
GeoTIFF with the plugin's creation options (float32, 256² tiles, DEFLATE, predictor 3:
engine/raster/timestack.py ``geotiff_profile``); ``-projwin`` for the extent rows
(``-srcwin`` of the same cells for IMERG, which GDAL opens transposed and without
georeferencing); ``gdalmdimtranslate`` for AMSR2 (GDAL's classic HDF5 driver opens its
(rows, cols, 1) array as 1800 bands of 3600 × 1), written as int16; ``gdalwarp -r
average`` onto the same target grid for Sentinel-1. Ratio = plugin s / GDAL s. The
temporary folder is removed at the end unless ``--keep``.

Resume (issue 22): each row runs once more with resume off (``RESUME`` = false, no
checkpoint of each finished date); "resume +%" is what keeping the checkpoint costs.
"""
import argparse
import contextlib
import datetime as dt
import glob
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import REPO, high_water_kib, run_child, setup_path, timed_commands

sys.path.insert(0, os.path.join(REPO, "tests"))
CREATION = ["-ot", "Float32", "-co", "TILED=YES", "-co", "BLOCKXSIZE=256", "-co",
            "BLOCKYSIZE=256", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"]
EXTENT = (100.0, 20.0, 125.0, 45.0)  # west, south, east, north (degrees) for the cut rows
ROWS = ["chirps", "chirps-extent", "imerg", "imerg-extent", "amsr2", "cci", "smos",
        "sentinel1"]
FOLDERS = {"chirps-extent": "chirps", "imerg-extent": "imerg"}


@contextlib.contextmanager
def patched(module, name, value):
    """Temporarily replace ``module.name`` (the writers' array builders) by ``value``."""
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def rain(rng, shape):
    """Daily precipitation, mm: 65 % dry cells, gamma-distributed amounts elsewhere."""
    import numpy as np

    wet = rng.random(shape, dtype="float32") < 0.35
    return np.where(wet, rng.gamma(0.6, 6.0, shape), 0.0).astype("float32")


def land(rng, shape, value_range):
    """Values in ``value_range`` on a blocky 'land' mask (about 40 % of cells), NaN at sea."""
    import numpy as np

    blocks = rng.random((shape[0] // 20 + 1, shape[1] // 20 + 1)) < 0.4
    mask = np.kron(blocks, np.ones((20, 20), bool))[:shape[0], :shape[1]]
    return np.where(mask, rng.uniform(*value_range, shape), np.nan)


def write_inputs(folder, days, acquisitions):
    """Every product's files under ``folder``/<product>/; the Sentinel-1 target grid."""
    import amsr2_files
    import cci_files
    import h5py
    import netCDF4
    import numpy as np
    import precipitation_files as pf
    import sentinel1_files as s1
    import smos_files

    rng = np.random.default_rng(0)
    sub = {p: os.path.join(folder, p) for p in ("chirps", "imerg", "amsr2", "cci", "smos",
                                                "sentinel1")}
    for path in sub.values():
        os.makedirs(path)
    for day in range(1, days + 1):
        date = dt.date(2019, 6, day)
        field = rain(rng, (2000, 7200))
        with patched(pf, "chirps_array", lambda *_, kept=field: kept):
            pf.write_chirps_tif(os.path.join(sub["chirps"], f"chirps-v2.0.2019.06.{day:02d}.tif"),
                                {})
        field = rain(rng, (3600, 1800))
        with patched(pf, "_cells", lambda *_, kept=field: kept):
            pf.write_imerg_nc4(os.path.join(
                sub["imerg"], f"3B-DAY.MS.MRG.3IMERG.{date:%Y%m%d}-S000000-E235959.V06.nc4"),
                {}, day=date)
        path = amsr2_files.write_amsr2(os.path.join(sub["amsr2"], amsr2_files.name(day, "D")),
                                       {})
        with h5py.File(path, "r+") as f:
            sm = land(rng, (1800, 3600), (20, 500))  # stored integer, 0.1 % units
            f["Geophysical Data"][..., 0] = np.nan_to_num(sm, nan=-32768).astype("int16")
        path = cci_files.write_cci(os.path.join(sub["cci"], cci_files.name(day)), {})
        with netCDF4.Dataset(path, "a") as nc:
            nc["sm"][0] = np.nan_to_num(land(rng, (720, 1440), (0.03, 0.5)), nan=-9999.0)
        path = smos_files.write_smos(os.path.join(sub["smos"], smos_files.catds_name(day)), {})
        with netCDF4.Dataset(path, "a") as nc:
            sm = land(rng, (smos_files.ROWS, smos_files.COLS), (0.03, 0.5))
            nc["Soil_Moisture"][:] = np.nan_to_num(sm, nan=-999.0)
    for k in range(acquisitions):
        when = s1.at(dt.date(2019, 4, 1) + dt.timedelta(days=12 * k))
        for pol in ("VV", "VH"):
            power = rng.gamma(4.0, 0.05 if pol == "VV" else 0.01, (2000, 2000))
            s1.write_sigma0(os.path.join(sub["sentinel1"],
                                         s1.esa_name(when, pol, orbit=9258 + 175 * k)), power)


def s1_target(folder):
    """The 1 km EASE-Grid 2.0 grid covering the Sentinel-1 files."""
    import rasterio
    from rasterio.warp import transform_bounds
    from smdownscale.engine.raster.grids import ease2_grid

    with rasterio.open(min(glob.glob(os.path.join(folder, "sentinel1", "*.tif")))) as ds:
        return ease2_grid(1, transform_bounds(ds.crs, "EPSG:6933", *ds.bounds, densify_pts=21))


def files_of(folder, row):
    return sorted(glob.glob(os.path.join(folder, FOLDERS.get(row, row), "*.*")))


def one(folder, row):
    """Import one product row in this process; print JSON of time and peak memory."""
    import json

    from smdownscale.engine.prepare.coarse.amsr2 import import_amsr2
    from smdownscale.engine.prepare.coarse.cci import import_cci
    from smdownscale.engine.prepare.coarse.smos import import_smos
    from smdownscale.engine.prepare.precipitation.importer import import_precipitation
    from smdownscale.engine.prepare.sentinel1.composite import composite_sentinel1

    row, _, off = row.partition(":")
    resume = off != "off"
    files, out = files_of(folder, row), tempfile.mkdtemp(dir=folder)
    stack = os.path.join(out, "stack.tif")
    target = s1_target(folder) if row == "sentinel1" else None
    start = time.perf_counter()
    if row == "sentinel1":
        composite_sentinel1(files, {"VV": stack, "VH": os.path.join(out, "vh.tif")},
                            target=target)  # (its loop has no checkpoint: window-major)
    elif row.startswith(("chirps", "imerg")):
        import_precipitation(files, stack, bounds=EXTENT if row.endswith("extent") else None,
                             resume=resume)
    else:
        {"amsr2": import_amsr2, "cci": import_cci, "smos": import_smos}[row](
            files, stack, resume=resume)
    print(json.dumps({"seconds": time.perf_counter() - start, "kib": high_water_kib()}))


def gdal_cut(row):
    """gdal_translate's cut to EXTENT: -projwin, or for IMERG, which GDAL opens without
    georeferencing and transposed (x = latitude index from the south, y = longitude index
    from 180° W), the same cells by -srcwin."""
    west, south, east, north = EXTENT
    if not row.endswith("extent"):
        return []
    if row.startswith("imerg"):
        return ["-srcwin", *(str(round(v * 10)) for v in (south + 90, west + 180,
                                                           north - south, east - west))]
    return ["-projwin", str(west), str(north), str(east), str(south)]


def gdal_commands(folder, row):
    """The GDAL command for each file of the row. AMSR2's (rows, cols, 1) array opens in
    GDAL's classic HDF5 driver as 1800 bands of 3600 × 1: it is read through the
    multidimensional API instead (gdalmdimtranslate, no -ot: written as int16)."""
    out = tempfile.mkdtemp(dir=folder)
    if row == "sentinel1":
        grid = s1_target(folder)
        warp = ["gdalwarp", "-q", "-overwrite", "-t_srs", "EPSG:6933", "-te",
                *map(str, grid.bounds), "-ts", str(grid.width), str(grid.height),
                "-r", "average", *CREATION[2:]]
    for k, path in enumerate(files_of(folder, row)):
        dst = os.path.join(out, f"{k}.tif")
        if row == "sentinel1":
            yield [*warp, path, dst]
        elif row == "amsr2":
            yield ["gdalmdimtranslate", "-q", "-of", "GTiff", "-array",
                   "name=/Geophysical Data,view=[:,:,0]",
                   *[c.replace("=3", "=2") for c in CREATION[2:]], path, dst]
        else:
            source = {"imerg": f'NETCDF:"{path}":precipitationCal',
                      "cci": f'NETCDF:"{path}":sm',
                      "smos": f'NETCDF:"{path}":Soil_Moisture'}.get(FOLDERS.get(row, row), path)
            yield ["gdal_translate", "-q", *CREATION, *gdal_cut(row), source, dst]


def gdal_reference(folder, row):
    """Seconds (summed over files) and peak KiB (largest process) of GDAL's reference."""
    return timed_commands(gdal_commands(folder, row))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 days, 4 acquisitions")
    parser.add_argument("--rows", default=",".join(ROWS))
    parser.add_argument("--keep", action="store_true", help="keep the temporary files")
    parser.add_argument("--one", nargs=2, metavar=("FOLDER", "ROW"))
    args = parser.parse_args()
    setup_path()
    if args.one:
        one(*args.one)
        return
    folder = tempfile.mkdtemp(prefix="bench_products_")
    start = time.perf_counter()
    write_inputs(folder, 3 if args.quick else 10, 4 if args.quick else 12)
    print(f"Inputs written in {time.perf_counter() - start:.0f} s to {folder}; extent rows: "
          f"{EXTENT} (W, S, E, N degrees)")
    print(f"{'product':14s} {'files':>5s} {'plugin s':>9s} {'GDAL s':>7s} {'ratio':>6s} "
          f"{'peak MiB':>9s} {'GDAL MiB':>9s} {'no-resume s':>11s} {'resume +%':>9s}")
    for row in args.rows.split(","):
        result = run_child(__file__, folder, row)
        bare = run_child(__file__, folder, f"{row}:off")
        gdal_s, gdal_kib = gdal_reference(folder, row)
        print(f"{row:14s} {len(files_of(folder, row)):5d} {result['seconds']:9.1f} "
              f"{gdal_s:7.1f} {result['seconds'] / gdal_s:6.2f} {result['kib'] / 1024:9.0f} "
              f"{gdal_kib / 1024:9.0f} {bare['seconds']:11.1f} "
              f"{100 * (result['seconds'] / bare['seconds'] - 1):9.0f}", flush=True)
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()

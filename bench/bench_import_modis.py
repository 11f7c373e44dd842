"""Benchmark: importmodis throughput (Mpixel/s) and peak memory, 1 to 4 tiles, against GDAL.

    /usr/bin/python3 bench/bench_import_modis.py [--tiles 1,2,4] [--dates 2] [--cells 2400]

Writes full MOD09GA tiles (7 reflectance bands + QC_500m at 500 m, state_1km at 1 km,
2400 × 2400 cells by default; HDF4-EOS as LP DAAC distributes them, engine/synthetic/
modis_files.py) for a 2 × 2 block of tiles and ``--dates`` days, then imports 1, 2 and 4
tiles per date:

- ``native``: onto the tiles' sinusoidal grid (QA screened, mosaicked);
- ``target``: onto a 1 km EASE-Grid 2.0 grid covering the tiles (mean of valid cells).

GDAL's reference does the same reading without the screening: ``gdal_translate`` of the
8 500 m layers of every tile to GeoTIFF (native), and ``gdalwarp -r average`` of the 7
bands of every tile onto the target grid (target). Throughput is input 500 m cells ×
bands × dates per second. Each import runs in its own process; its peak memory is the
kernel's high-water mark (VmHWM) with GDAL's cache capped at 128 MB; it must stay flat
from 1 to 4 tiles because work is done per output window.
"""
import argparse
import datetime as dt
import glob
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import high_water_kib, run_child, setup_path, timed_commands  # noqa: E402

TILES = [(26, 4), (27, 4), (26, 5), (27, 5)]
LAYERS = [f"sur_refl_b0{b}_1" for b in range(1, 8)] + ["QC_500m_1"]


def write_tiles(folder, cells, dates):
    """Full MOD09GA tiles: smooth reflectance, a band of clouds in state_1km."""
    import numpy as np

    from smdownscale.engine.synthetic import modis_files as mf

    rng = np.random.default_rng(0)
    for d in range(dates):
        day = dt.date(2019, 6, 1) + dt.timedelta(days=d)
        for h, v in TILES:
            refl = (rng.integers(200, 4000, (7, 1, cells), dtype=np.int16)
                    + np.zeros((7, cells, 1), np.int16))
            state = np.zeros((cells // 2, cells // 2), np.uint16)
            state[: cells // 8] = 0b01  # cloudy strip
            mf.write_mod09ga(folder, day, h, v, refl, np.zeros((cells, cells), np.uint32),
                             state)


def target_grid(folder):
    """1 km EASE-Grid 2.0 grid covering the 2 × 2 tiles."""
    import rasterio
    from rasterio.warp import transform_bounds

    from smdownscale.engine.raster.grids import ease2_grid

    bounds = []
    for path in glob.glob(os.path.join(folder, "*.hdf")):
        with rasterio.open(f'HDF4_EOS:EOS_GRID:"{path}":MODIS_Grid_500m_2D:sur_refl_b01_1') \
                as ds:
            bounds.append(transform_bounds(ds.crs, "EPSG:6933", *ds.bounds, densify_pts=21))
    return ease2_grid(1, (min(b[0] for b in bounds), min(b[1] for b in bounds),
                          max(b[2] for b in bounds), max(b[3] for b in bounds)))


def files_for(folder, n):
    keep = {f"h{h:02d}v{v:02d}" for h, v in TILES[:n]}
    return sorted(p for p in glob.glob(os.path.join(folder, "*.hdf"))
                  if any(k in p for k in keep))


def one(folder, n, mode):
    """Import ``n`` tiles per date in this process; print JSON of time and peak memory."""
    import json

    from smdownscale.engine.prepare.modis.importer import ModisOptions, import_modis

    files = files_for(folder, n)
    out = tempfile.mkdtemp(dir=folder)
    target = target_grid(folder) if mode == "target" else None
    start = time.perf_counter()
    import_modis(files, out, ModisOptions(observation_days=False), target=target)
    print(json.dumps({"seconds": time.perf_counter() - start, "kib": high_water_kib()}))


def gdal_reference(folder, n, mode):
    """Seconds and peak KiB (largest process) of GDAL doing the same reading."""
    out = tempfile.mkdtemp(dir=folder)
    grid = target_grid(folder) if mode == "target" else None
    commands = []
    for path in files_for(folder, n):
        for layer in (LAYERS if mode == "native" else LAYERS[:7]):
            src = f'HDF4_EOS:EOS_GRID:"{path}":MODIS_Grid_500m_2D:{layer}'
            dst = os.path.join(out, f"{os.path.basename(path)}_{layer}.tif")
            if mode == "native":
                commands.append(["gdal_translate", "-q", "-co", "TILED=YES", "-co",
                                 "COMPRESS=DEFLATE", src, dst])
            else:
                left, bottom, right, top = grid.bounds
                commands.append(["gdalwarp", "-q", "-overwrite", "-t_srs", "EPSG:6933", "-te",
                                 str(left), str(bottom), str(right), str(top), "-ts",
                                 str(grid.width), str(grid.height), "-r", "average", "-co",
                                 "TILED=YES", "-co", "COMPRESS=DEFLATE", src, dst])
    return timed_commands(commands)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiles", default="1,2,4")
    parser.add_argument("--dates", type=int, default=2)
    parser.add_argument("--cells", type=int, default=2400)
    parser.add_argument("--one", nargs=3, metavar=("FOLDER", "N", "MODE"))
    args = parser.parse_args()
    setup_path()
    if args.one:
        one(args.one[0], int(args.one[1]), args.one[2])
        return
    folder = tempfile.mkdtemp(prefix="bench_modis_")
    write_tiles(folder, args.cells, args.dates)
    print(f"MOD09GA tiles of {args.cells}² cells (500 m), {args.dates} date(s), in {folder}")
    print(f"{'mode':7s} {'tiles':>5s} {'plugin s':>9s} {'Mpx/s':>7s} {'peak MiB':>9s} "
          f"{'GDAL s':>7s} {'GDAL MiB':>9s} {'ratio':>6s}")
    for mode in ("native", "target"):
        for n in [int(t) for t in args.tiles.split(",")]:
            result = run_child(__file__, folder, n, mode)
            gdal_s, gdal_kib = gdal_reference(folder, n, mode)
            cells = n * args.dates * args.cells ** 2 * 8
            print(f"{mode:7s} {n:5d} {result['seconds']:9.1f} "
                  f"{cells / result['seconds'] / 1e6:7.1f} {result['kib'] / 1024:9.0f} "
                  f"{gdal_s:7.1f} {gdal_kib / 1024:9.0f} {result['seconds'] / gdal_s:6.2f}")


if __name__ == "__main__":
    main()

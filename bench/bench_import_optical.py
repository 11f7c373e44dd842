"""Benchmark: importlandsat and importsentinel2 throughput (Mpixel/s) and peak memory, 1 to 4
scenes, against GDAL.

    /usr/bin/python3 bench/bench_import_optical.py [--scenes 1,2,4] [--cells 2000]
        [--s2-cells 2400] [--products landsat,sentinel2] [--keep]

Writes four adjacent scenes of one day in each product's distributed layout:

- Landsat 8 Collection 2 Level-2 (engine/synthetic/landsat_files.py, LSDS-1619): four
  consecutive rows of one WRS-2 path (one pass, one day), ``--cells`` × ``--cells``
  cells of 30 m each (2000 by default; a real scene is about 7800), each row 10 %
  below the previous one and overlapping it by the rest, as rows of a path do. Each
  scene has the 7 SR bands, ST_B10, QA_PIXEL and QA_RADSAT as uncompressed GeoTIFFs,
  1/16 of its width fill on each side (DN 0, QA_PIXEL fill bit) and a cloud strip
  (QA_PIXEL cloud bit) across its top eighth;
- Sentinel-2 Level-2A (engine/synthetic/sentinel2_files.py, PSD): a 2 × 2 block of
  tiles of one pass, ``--s2-cells`` × ``--s2-cells`` cells of 10 m each (2400 by
  default; a real tile is 10980), 100 km apart for 109.8 km of tile as the MGRS
  tiling does (scaled: they overlap by 8.9 %); B02, B03, B04, B08 at 10 m and B11,
  B12, SCL at 20 m as lossless JPEG 2000, processing baseline 04.00, an SCL cloud
  strip (class 9) across each tile's top eighth;

then imports 1, 2 and 4 scenes (all of one date):

- ``native``: onto the scenes' own grid (Landsat 30 m, Sentinel-2 20 m; screened,
  mosaicked);
- ``target``: onto a 1 km EASE-Grid 2.0 grid covering all four scenes (mean of the
  valid cells).

GDAL's reference does the same reading without the screening: ``gdal_translate`` of
every layer the importer reads to tiled, DEFLATE GeoTIFF (native; Landsat: SR_B2…B7,
ST_B10, QA_PIXEL, QA_RADSAT; Sentinel-2: B02, B03, B04, B08, B11, B12, SCL), and
``gdalwarp -r average -srcnodata 0 -ovr NONE`` of the value layers (Landsat: the 6 SR
bands and ST_B10; Sentinel-2: the 6 bands) of every scene onto the target grid
(target); ``-ovr NONE`` makes GDAL decode the full resolution, as the importer does,
instead of a JPEG 2000 reduced-resolution level near 1 km.
Throughput is the input cells of the layers the importer reads (Landsat 9 layers at
30 m; Sentinel-2 4 at 10 m and 3 at 20 m) per second. Each import runs in its own
process; its peak memory is the kernel's high-water mark (VmHWM), the GDAL tools' the
largest ``/usr/bin/time -f %M`` of their runs, GDAL's block cache capped at 128 MB for
both (GDAL_CACHEMAX). Peak memory should stay flat from 1 to 4 scenes because the
importers work per output window; the ratio is plugin seconds / GDAL seconds. The
scenes and outputs go to a temporary folder, removed at the end unless ``--keep``.
"""
import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import high_water_kib, run_child, setup_path, timed_commands  # noqa: E402

DAY = dt.date(2019, 6, 1)
LANDSAT_READ = ["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7", "ST_B10", "QA_PIXEL",
                "QA_RADSAT"]
LANDSAT_VALUES = LANDSAT_READ[:7]
S2_READ = [("B02", 10), ("B03", 10), ("B04", 10), ("B08", 10), ("B11", 20), ("B12", 20),
           ("SCL", 20)]
S2_VALUES = S2_READ[:6]
S2_TILES = ["50TMK", "50TNK", "50TML", "50TNL"]  # 2 × 2: west, east; south, north
MANIFEST = "manifest.json"
GDAL_ENV = dict(os.environ, GDAL_CACHEMAX=os.environ.get("GDAL_CACHEMAX", "128"))


def _texture(rng, shape, low, high):
    """uint16 DN varying by column and row (a smooth field with a little noise)."""
    import numpy as np

    cols = rng.integers(low, high, (1, shape[1]))
    rows = rng.integers(0, (high - low) // 4, (shape[0], 1))
    noise = rng.integers(0, 64, shape)
    return (cols + rows + noise).astype(np.uint16)


def write_landsat(folder, cells):
    """Four rows of one path; return their scene folders (north to south) and bounds."""
    import numpy as np

    from smdownscale.engine.synthetic import landsat_files as lf

    rng = np.random.default_rng(0)
    step = int(round(cells * 0.9))  # rows of a path overlap
    edge = cells // 16
    paths, bounds = [], []
    for i in range(4):
        shape = (cells, cells)
        qa = np.full(shape, lf.QA_CLEAR_LAND, np.uint16)
        qa[: cells // 8] = lf.QA_CLOUD | (1 << 8)  # cloud, low cirrus/snow confidence bits
        sr = {b: _texture(rng, shape, 7000, 20000) for b in (1, 2, 3, 4, 5, 6, 7)}
        st = _texture(rng, shape, 40000, 46000)
        for layer in list(sr.values()) + [st]:
            layer[:, :edge] = 0
            layer[:, -edge:] = 0
        qa[:, :edge] = lf.QA_FILL
        qa[:, -edge:] = lf.QA_FILL
        origin = (lf.ORIGIN[0], lf.ORIGIN[1] - i * step * lf.CELL)
        paths.append(lf.write_scene(folder, sr=sr, st=st, qa_pixel=qa, shape=shape,
                                    path=123, row=32 + i, acquired=DAY, origin=origin))
        bounds.append((origin[0], origin[1] - cells * lf.CELL, origin[0] + cells * lf.CELL,
                       origin[1]))
    return paths, bounds, lf.EPSG_UTM_50N


def write_sentinel2(folder, cells):
    """A 2 × 2 block of tiles; return their .SAFE folders and bounds."""
    import numpy as np

    from smdownscale.engine.synthetic import sentinel2_files as sf

    rng = np.random.default_rng(1)
    cells -= cells % 2
    step = 2 * int(round(cells * 100 / 109.8 / 2))  # MGRS: 109.8 km tiles 100 km apart
    paths, bounds = [], []
    for i, tile in enumerate(S2_TILES):
        col, row = i % 2, i // 2
        origin = (sf.ORIGIN[0] + col * step * 10.0, sf.ORIGIN[1] + row * step * 10.0)
        bands = {b: _texture(rng, (cells, cells) if res == 10 else (cells // 2, cells // 2),
                             1200, 5000) for b, res in S2_VALUES}
        scl = np.full((cells // 2, cells // 2), sf.SCL_VEGETATION, np.uint8)
        scl[: cells // 16] = sf.SCL_CLOUD_HIGH
        paths.append(sf.write_product(folder, bands=bands, scl=scl, shape10=(cells, cells),
                                      sensed=dt.datetime(2019, 6, 1, 3, 5, 41),
                                      baseline="04.00", tile=tile, origin=origin))
        bounds.append((origin[0], origin[1] - cells * 10.0, origin[0] + cells * 10.0,
                       origin[1]))
    return paths, bounds, sf.EPSG_UTM_50N


def ease2_bounds(bounds, epsg):
    """The scenes' union in EASE-Grid 2.0 (EPSG:6933) metres."""
    from rasterio.warp import transform_bounds

    union = (min(b[0] for b in bounds), min(b[1] for b in bounds),
             max(b[2] for b in bounds), max(b[3] for b in bounds))
    return transform_bounds(f"EPSG:{epsg}", "EPSG:6933", *union, densify_pts=21)


def target_grid(manifest, product):
    from smdownscale.engine.raster.grids import ease2_grid

    return ease2_grid(1, tuple(manifest[product]["ease2_bounds"]))


def layer_paths(manifest, product, n, layers):
    """GDAL paths of ``layers`` of the first ``n`` scenes."""
    import glob

    out = []
    for scene in manifest[product]["scenes"][:n]:
        for layer in layers:
            if product == "landsat":
                out.append(glob.glob(os.path.join(scene, f"*_{layer}.TIF"))[0])
            else:
                band, res = layer
                out.append(glob.glob(os.path.join(
                    scene, "GRANULE", "*", "IMG_DATA", f"R{res}m", f"*_{band}_{res}m.jp2"))[0])
    return out


def input_cells(manifest, product, n):
    """Cells of every layer the importer reads, ``n`` scenes."""
    cells = manifest[product]["cells"]
    if product == "landsat":
        return n * len(LANDSAT_READ) * cells ** 2
    return n * sum((cells // (res // 10)) ** 2 for _, res in S2_READ)


def one(folder, product, n, mode):
    """Import ``n`` scenes in this process; print JSON of time and peak memory."""
    with open(os.path.join(folder, MANIFEST), encoding="utf-8") as f:
        manifest = json.load(f)
    paths = manifest[product]["scenes"][:n]
    out = tempfile.mkdtemp(dir=folder)
    target = target_grid(manifest, product) if mode == "target" else None
    start = time.perf_counter()
    if product == "landsat":
        from smdownscale.engine.prepare.landsat.importer import import_landsat

        summary = import_landsat(paths, out, target=target)
    else:
        from smdownscale.engine.prepare.sentinel2.importer import import_sentinel2

        summary = import_sentinel2(paths, out, target=target)
    seconds = time.perf_counter() - start
    grid = summary["grid"]
    print(json.dumps({"seconds": seconds, "kib": high_water_kib(),
                      "grid": [grid.width, grid.height]}))


def gdal_reference(folder, manifest, product, n, mode):
    """Seconds and peak KiB (largest process) of GDAL doing the same reading."""
    out = tempfile.mkdtemp(dir=folder)
    if mode == "native":
        layers = LANDSAT_READ if product == "landsat" else S2_READ
    else:
        layers = LANDSAT_VALUES if product == "landsat" else S2_VALUES
        grid = target_grid(manifest, product)
    commands = []
    for k, src in enumerate(layer_paths(manifest, product, n, layers)):
        dst = os.path.join(out, f"{k}_{os.path.splitext(os.path.basename(src))[0]}.tif")
        if mode == "native":
            commands.append(["gdal_translate", "-q", "-co", "TILED=YES", "-co",
                             "COMPRESS=DEFLATE", src, dst])
        else:
            left, bottom, right, top = grid.bounds
            commands.append(["gdalwarp", "-q", "-overwrite", "-t_srs", "EPSG:6933", "-te",
                             str(left), str(bottom), str(right), str(top), "-ts",
                             str(grid.width), str(grid.height), "-r", "average",
                             "-srcnodata", "0", "-ovr", "NONE", "-co", "TILED=YES", "-co",
                             "COMPRESS=DEFLATE", src, dst])
    return timed_commands(commands, env=GDAL_ENV)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenes", default="1,2,4")
    parser.add_argument("--cells", type=int, default=2000, help="Landsat cells per side (30 m)")
    parser.add_argument("--s2-cells", type=int, default=2400,
                        help="Sentinel-2 cells per side at 10 m (even)")
    parser.add_argument("--products", default="landsat,sentinel2")
    parser.add_argument("--keep", action="store_true", help="keep the scenes and outputs")
    parser.add_argument("--one", nargs=4, metavar=("FOLDER", "PRODUCT", "N", "MODE"))
    args = parser.parse_args()
    setup_path()
    if args.one:
        one(args.one[0], args.one[1], int(args.one[2]), args.one[3])
        return
    products = [p.strip() for p in args.products.split(",")]
    folder = tempfile.mkdtemp(prefix="bench_optical_")
    manifest = {}
    for product in products:
        start = time.perf_counter()
        if product == "landsat":
            scenes, bounds, epsg = write_landsat(folder, args.cells)
            cells, what = args.cells, f"Landsat 8 C2 L2 scenes of {args.cells}² cells (30 m)"
        else:
            scenes, bounds, epsg = write_sentinel2(folder, args.s2_cells)
            cells = args.s2_cells - args.s2_cells % 2
            what = f"Sentinel-2 L2A tiles of {cells}² cells (10 m; 20 m: {cells // 2}²)"
        manifest[product] = dict(scenes=scenes, cells=cells,
                                 ease2_bounds=ease2_bounds(bounds, epsg))
        print(f"{what}: 4 written in {time.perf_counter() - start:.0f} s, in {folder}",
              flush=True)
    with open(os.path.join(folder, MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f)
    print(f"{'product':9s} {'mode':7s} {'scenes':>6s} {'plugin s':>9s} {'Mpx/s':>7s} "
          f"{'peak MiB':>9s} {'GDAL s':>7s} {'GDAL MiB':>9s} {'ratio':>6s}  output grid",
          flush=True)
    try:
        for product in products:
            for mode in ("native", "target"):
                for n in [int(s) for s in args.scenes.split(",")]:
                    result = run_child(__file__, folder, product, n, mode)
                    gdal_s, gdal_kib = gdal_reference(folder, manifest, product, n, mode)
                    px = input_cells(manifest, product, n)
                    width, height = result["grid"]
                    print(f"{product:9s} {mode:7s} {n:6d} {result['seconds']:9.1f} "
                          f"{px / result['seconds'] / 1e6:7.1f} {result['kib'] / 1024:9.0f} "
                          f"{gdal_s:7.1f} {gdal_kib / 1024:9.0f} "
                          f"{result['seconds'] / gdal_s:6.2f}  {width}×{height}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

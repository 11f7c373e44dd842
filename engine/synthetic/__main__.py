"""Command line: ``python3 -m smdownscale.engine.synthetic OUT_DIR [options]``."""
import argparse
import sys
import time

from ..progress import ConsoleProgress
from .region import generate_region
from .spec import RegionSpec


def main(argv=None):
    """Generate a synthetic region into OUT_DIR and print a one-line summary."""
    parser = argparse.ArgumentParser(prog="python3 -m smdownscale.engine.synthetic",
                                     description="Generate a synthetic soil-moisture region "
                                                 "with a known 1 km truth.")
    defaults = RegionSpec()
    parser.add_argument("out_dir", help="output folder (created if missing)")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--coarse-cols", type=int, default=defaults.coarse_cols,
                        help="36 km cells across")
    parser.add_argument("--coarse-rows", type=int, default=defaults.coarse_rows,
                        help="36 km cells down")
    parser.add_argument("--days", type=int, default=defaults.n_days, help="number of days")
    parser.add_argument("--start", default=defaults.start, help="first date, YYYY-MM-DD")
    parser.add_argument("--stations", type=int, default=defaults.n_stations)
    parser.add_argument("--modis-tiles", action="store_true",
                        help="also write the MODIS observations as MOD09GA/MOD11A1 HDF4-EOS "
                             "tiles (modis/*.hdf), as LP DAAC distributes them")
    parser.add_argument("--hourly-stations", action="store_true",
                        help="also write stations_hourly.gpkg: 24 readings a day per station "
                             "with UTC times (field time), as ISMN stations record them")
    args = parser.parse_args(argv)
    spec = RegionSpec(seed=args.seed, coarse_cols=args.coarse_cols,
                      coarse_rows=args.coarse_rows, n_days=args.days, start=args.start,
                      n_stations=args.stations, modis_tiles=args.modis_tiles,
                      hourly_stations=args.hourly_stations)
    began = time.perf_counter()
    manifest = generate_region(args.out_dir, spec, ConsoleProgress())
    fine = manifest["grids"]["fine"]
    print(f"{args.out_dir}: {fine['width']}×{fine['height']} fine cells, "
          f"{len(manifest['dates'])} days, {manifest['stations']['observations']} station "
          f"observations in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

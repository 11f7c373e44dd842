"""Orchestration: generate a whole synthetic region and its manifest ``region.json``."""
import json
from dataclasses import asdict
from pathlib import Path

from ..progress import ensure_progress
from ..raster.timestack import DEFAULT_NODATA
from . import sensors, stations as st
from .daily import simulate
from .fields import child_rng
from .geometry import PAD, coarse_grid, describe, fine_grid, wgs84_grid
from .landcover import CLASS_NAMES, NODATA as LC_NODATA
from .spec import RegionSpec
from .static import DEM_NODATA, build_static, write_static


def region_grids(spec):
    """Coarse (36 km), fine (1 km), padded fine, 0.01° DEM and 0.1° IMERG grids."""
    coarse = coarse_grid(spec.centre_lon, spec.centre_lat, spec.coarse_cols, spec.coarse_rows)
    fine = fine_grid(coarse)
    return {"coarse": coarse, "fine": fine, "padded": fine_grid(coarse, PAD),
            "dem_wgs84": wgs84_grid(fine, 0.01), "imerg": wgs84_grid(fine, 0.1)}


def place_network(spec, grids, static):
    """Place the stations on the fine grid and give them coordinates."""
    rng = child_rng(spec.seed, "stations")
    network = st.place_stations(rng, static["landcover"], spec.n_stations,
                                grids["fine"].res[0] / 1000.0)
    st.locate(rng, network, grids["fine"])
    return network


def write_stations(spec, network, at_stations, out):
    """Observe the truth at the stations; write the GeoPackage and CSV; return the rows."""
    values = st.observe(child_rng(spec.seed, "stations_observe"), at_stations,
                        spec.station_offset_sd, spec.station_noise_sd,
                        spec.station_missing_fraction)
    rows = st.observation_rows(network, spec.dates(), values)
    st.write_geopackage(out / "stations.gpkg", rows)
    st.write_csv(out / "stations.csv", rows)
    if spec.hourly_stations:
        hourly = st.hourly_rows(child_rng(spec.seed, "stations_hourly"), rows)
        st.write_geopackage(out / "stations_hourly.gpkg", hourly, fields=st.HOURLY_FIELDS)
    return rows


def generate_region(out_dir, spec=None, progress=None):
    """Generate a synthetic region with a known 1 km soil-moisture truth in ``out_dir``.

    Returns the manifest (also written as ``out_dir/region.json``): the spec, the
    grids, the dates and the relative path of every file, keyed by role.
    """
    spec = (spec or RegionSpec()).validated()
    progress = ensure_progress(progress)
    out = Path(out_dir)
    for folder in (out, out / "smap", out / "modis"):
        folder.mkdir(parents=True, exist_ok=True)
    grids = region_grids(spec)
    progress.info(f"Synthetic region: {grids['fine'].describe()}, {spec.n_days} days.")
    static = build_static(spec, grids)
    network = place_network(spec, grids, static)  # may refuse the spec: before writing
    files = write_static(out, grids, static)
    progress.set_progress(10.0)
    daily, summary, at_stations = simulate(spec, grids, static, out, network, progress)
    files.update(daily)
    rows = write_stations(spec, network, at_stations, out)
    files.update(stations_gpkg="stations.gpkg", stations_csv="stations.csv")
    if spec.hourly_stations:
        files.update(stations_hourly_gpkg="stations_hourly.gpkg")
    manifest = build_manifest(spec, grids, files, summary, network, rows)
    (out / "region.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    progress.set_progress(100.0)
    return manifest


def build_manifest(spec, grids, files, summary, network, rows):
    """The JSON-ready description of a generated region."""
    return {
        "generator": "smdownscale.engine.synthetic", "format_version": 1,
        "spec": asdict(spec),
        "grids": {name: describe(grids[name])
                  for name in ("coarse", "fine", "dem_wgs84", "imerg")},
        "dates": [d.iso for d in spec.dates()],
        "files": files,
        "landcover_classes": {str(k): v for k, v in CLASS_NAMES.items()},
        "encoding": {
            "float_nodata": DEFAULT_NODATA, "dem_wgs84_nodata": DEM_NODATA,
            "reflectance": {"dtype": "int16", "scale": sensors.REFL_SCALE,
                            "fill": sensors.REFL_FILL, "bands": list(sensors.REFL_BANDS)},
            "lst": {"dtype": "uint16", "scale": sensors.LST_SCALE, "fill": sensors.LST_FILL,
                    "unit": "K"},
            "landcover": {"dtype": "uint8", "nodata": LC_NODATA}},
        "stations": {"layer": "observations", "count": len(network),
                     "observations": len(rows),
                     "fields": ["station_id", "date", "sm", "scale", "landcover"],
                     "sites": [asdict(s) for s in network]},
        "summary": summary,
    }

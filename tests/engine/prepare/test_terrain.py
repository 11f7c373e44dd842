"""Slope and aspect (engine/terrain): known answers, geographic CRSs, gdaldem, windows."""
import math
import subprocess

import numpy as np
import pytest
import rasterio
from helpers import write_raster
from rasterio.crs import CRS
from rasterio.transform import Affine, from_origin
from rasterio.warp import Resampling, calculate_default_transform, reproject
from rasterio.warp import transform as warp_transform

from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.synthetic import RegionSpec, generate_region
from smdownscale.engine.synthetic.terrain import fractal_dem
from smdownscale.engine.prepare.terrain import (FLAT_ASPECT, CellMetrics, compute_terrain,
                                                slope_aspect_array)

UTM33 = CRS.from_epsg(32633)  # central meridian 15° E


class RecordingProgress(SilentProgress):
    def __init__(self, cancel_after=None):
        self.infos, self.warnings, self.calls = [], [], 0
        self.cancel_after = cancel_after

    def info(self, message):
        self.infos.append(message)

    def warning(self, message):
        self.warnings.append(message)

    def is_cancelled(self):
        self.calls += 1
        return self.cancel_after is not None and self.calls > self.cancel_after


def utm_grid(shape, cell=30.0, origin=(500000.0, 6650000.0), crs=UTM33):
    return Grid(crs, from_origin(origin[0], origin[1], cell, cell), shape[1], shape[0])


def plane(grid, g_east, g_north):
    """Elevations z = g_east·x + g_north·y (CRS units) at the grid's cell centres."""
    x, y = grid.cell_centres()
    return g_east * (x - x.mean()) + g_north * (y - y.mean()) + 500.0


def read(path):
    with rasterio.open(path) as ds:
        return ds.read(1), ds.nodata, ds.descriptions


def angle_diff(a, b):
    """Absolute difference of two angles in degrees, across 0/360."""
    d = np.abs(a - b) % 360.0
    return np.minimum(d, 360.0 - d)


# --- known answers -----------------------------------------------------------------------
@pytest.mark.parametrize("g_east, g_north, aspect", [
    (-0.5, 0.0, 90.0),  # dips to the east: faces east
    (0.5, 0.0, 270.0),  # faces west
    (0.0, -0.5, 0.0),  # falls to the north: north-facing
    (0.0, 0.5, 180.0),  # south-facing
    (-0.5, -0.5, 45.0),  # north-east
])
def test_inclined_plane_has_known_slope_and_aspect_everywhere(g_east, g_north, aspect):
    grid = utm_grid((9, 11))
    slope_deg, aspect_deg = slope_aspect_array(plane(grid, g_east, g_north), grid)
    expected = math.degrees(math.atan(math.hypot(g_east, g_north)))
    np.testing.assert_allclose(slope_deg, expected, atol=1e-4)  # edges included
    assert angle_diff(aspect_deg, aspect).max() < 1e-4


def test_flat_dem_has_zero_slope_and_flat_aspect():
    grid = utm_grid((6, 7))
    slope_deg, aspect_deg = slope_aspect_array(np.full(grid.shape, 812.0), grid)
    assert np.all(slope_deg == 0.0)
    assert np.all(aspect_deg == FLAT_ASPECT) and FLAT_ASPECT == -1.0


def test_nodata_cell_and_its_neighbours_are_nodata_edges_are_computed(tmp_path):
    grid = utm_grid((8, 9), cell=10.0)
    dem = plane(grid, 0.0, -0.2).astype("float32")
    dem[3, 4] = -9999.0
    dem[7, 0] = np.nan  # NaN counts as nodata too
    path = write_raster(tmp_path / "dem.tif", dem, crs=grid.crs, cell=10.0,
                        origin=(grid.transform.c, grid.transform.f))
    compute_terrain(path, tmp_path / "s.tif", tmp_path / "a.tif")
    slope_deg, nodata, descriptions = read(tmp_path / "s.tif")
    aspect_deg, _, _ = read(tmp_path / "a.tif")
    assert nodata == -9999.0 and descriptions == ("slope_deg",)
    for path in (tmp_path / "s.tif", tmp_path / "a.tif"):
        with rasterio.open(path) as ds:
            assert ds.units == ("degrees",)
    expect_nodata = np.zeros(grid.shape, bool)
    expect_nodata[2:5, 3:6] = True
    expect_nodata[6:8, 0:2] = True
    np.testing.assert_array_equal(slope_deg == nodata, expect_nodata)
    np.testing.assert_array_equal(aspect_deg == nodata, expect_nodata)
    np.testing.assert_allclose(slope_deg[~expect_nodata], math.degrees(math.atan(0.2)),
                               atol=1e-4)
    assert np.all(aspect_deg[~expect_nodata] % 360.0 < 1e-3)


def test_south_up_raster_gives_the_same_answer(tmp_path):
    grid = utm_grid((6, 8))
    dem = plane(grid, -0.3, 0.4)
    t = grid.transform
    flipped = Grid(grid.crs, Affine(t.a, 0, t.c, 0, -t.e, t.f + grid.height * t.e),
                   grid.width, grid.height)
    slope_n, aspect_n = slope_aspect_array(dem, grid)
    slope_s, aspect_s = slope_aspect_array(dem[::-1], flipped)
    np.testing.assert_allclose(slope_s[::-1], slope_n, atol=1e-5)
    assert angle_diff(aspect_s[::-1], aspect_n).max() < 1e-4


def test_us_feet_crs_and_z_factor(tmp_path):
    """EPSG:2227 is in US survey feet: cells are converted to metres, Z factor does z."""
    grid = utm_grid((7, 7), cell=100.0, origin=(6000000.0, 2100000.0),
                    crs=CRS.from_epsg(2227))
    dem = plane(grid, 0.5, 0.0)  # feet per foot
    slope_ft, _ = slope_aspect_array(dem, grid, z_factor=0.3048006096)
    np.testing.assert_allclose(slope_ft, math.degrees(math.atan(0.5)), atol=1e-4)
    slope_m, _ = slope_aspect_array(dem, grid)  # elevations taken as metres
    np.testing.assert_allclose(slope_m, math.degrees(math.atan(0.5 / 0.3048006096)),
                               atol=1e-4)


# --- geographic CRSs ----------------------------------------------------------------------
def geographic_grid(lat_top, shape, cell=0.005, lon_left=14.95):
    return Grid(CRS.from_epsg(4326), from_origin(lon_left, lat_top, cell, cell),
                shape[1], shape[0])


def test_cell_width_at_60n_is_half_that_at_the_equator():
    metrics = CellMetrics(geographic_grid(60.0025, (1, 1)))
    dx60, dy60 = metrics.spacing([0])
    dx0, dy0 = CellMetrics(geographic_grid(0.0025, (1, 1))).spacing([0])
    assert dx0[0] == pytest.approx(0.005 * math.pi / 180.0 * 6378137.0, rel=1e-9)
    # on the ellipsoid: 0.5 · N(60°)/N(0°) = 0.5 / sqrt(1 − e²·sin²60°)
    assert dx60[0] / dx0[0] == pytest.approx(0.5 / math.sqrt(1 - 0.00669438 * 0.75), rel=1e-6)
    assert dy60[0] > dy0[0]  # the meridian is flatter towards the pole


def test_plane_in_metres_on_a_wgs84_grid_at_60n_matches_utm():
    """A plane defined in UTM metres, sampled on a 0.005° grid spanning 59.75–60.25° N.

    Rows span half a degree of latitude, so one cell width for the whole raster would be
    off by ±0.8 % at its top and bottom; per-row widths keep every row right.
    """
    geo = geographic_grid(60.25, (100, 20))
    lon, lat = geo.cell_centres()
    x, y = warp_transform(geo.crs, UTM33, lon.ravel(), lat.ravel())
    g_east, g_north = -0.6, 0.8  # slope atan(1) = 45°, facing azimuth atan2(0.6, -0.8)
    dem = (g_east * (np.reshape(x, lon.shape) - 500000.0)
           + g_north * (np.reshape(y, lon.shape) - 6650000.0))
    slope_geo, aspect_geo = slope_aspect_array(dem, geo)
    utm = utm_grid((20, 20), cell=300.0)
    slope_utm, aspect_utm = slope_aspect_array(plane(utm, g_east, g_north), utm)
    k = 0.9996  # UTM scale at the central meridian: ground gradient = k · grid gradient
    # with one cell width for the whole raster: 0.08° (slope) and 0.25° (aspect)
    assert np.abs(slope_geo - math.degrees(math.atan(k))).max() < 0.01
    assert np.abs(slope_utm - 45.0).max() < 1e-4
    expected_aspect = math.degrees(math.atan2(0.6, -0.8))  # 143.13°, grid north = true north
    assert angle_diff(aspect_geo, expected_aspect).max() < 0.05  # convergence ≤ 0.04°
    assert angle_diff(aspect_utm, expected_aspect).max() < 1e-4


def test_geographic_dem_beyond_90_degrees_is_refused():
    with pytest.raises(InputError, match="beyond ±90°"):
        slope_aspect_array(np.zeros((5, 5)), geographic_grid(500000.0, (5, 5), cell=100.0))


# --- agreement with gdaldem ----------------------------------------------------------------
def test_matches_gdaldem_on_a_projected_fractal_dem(tmp_path):
    dem = fractal_dem(np.random.default_rng(3), (120, 150), 200.0, 900.0).astype("float32")
    path = write_raster(tmp_path / "dem.tif", dem, crs="EPSG:32633",
                        origin=(480000.0, 6660000.0), cell=30.0)
    compute_terrain(path, tmp_path / "slope.tif", tmp_path / "aspect.tif", block=64)
    worst = {}
    for kind in ("slope", "aspect"):
        ours, nodata, _ = read(tmp_path / f"{kind}.tif")
        for edges in (False, True):
            ref = tmp_path / f"gdal_{kind}_{edges}.tif"
            cmd = ["gdaldem", kind, "-q", path, str(ref)] + (["-compute_edges"] if edges else [])
            subprocess.run(cmd, check=True, capture_output=True)
            gdal, gdal_nodata, _ = read(ref)
            assert not np.any(ours == nodata)
            diff = angle_diff(ours, gdal) if kind == "aspect" else np.abs(ours - gdal)
            if edges:  # gdaldem repeats the corner cell instead of extrapolating it
                diff[[0, 0, -1, -1], [0, -1, 0, -1]] = 0.0
                worst[f"{kind} incl. edges"] = diff.max()
            else:
                assert np.all(gdal[[0, -1], :] == gdal_nodata)
                worst[kind] = diff[1:-1, 1:-1].max()
    print("max |ours − gdaldem| (°):", {k: f"{v:.2g}" for k, v in worst.items()})
    assert max(worst.values()) < 0.1


# --- windows, outputs, errors --------------------------------------------------------------
@pytest.mark.parametrize("crs, cell, origin", [
    ("EPSG:32633", 30.0, (480000.0, 6660000.0)),
    ("EPSG:4326", 0.001, (14.9, 60.1)),
])
def test_small_windows_with_halo_equal_whole_array(tmp_path, crs, cell, origin):
    dem = fractal_dem(np.random.default_rng(5), (37, 45), 100.0, 400.0).astype("float32")
    dem[10, 20] = -9999.0
    dem[0, 7] = -9999.0
    path = write_raster(tmp_path / "dem.tif", dem, crs=crs, origin=origin, cell=cell)
    compute_terrain(path, tmp_path / "s.tif", tmp_path / "a.tif", block=8)
    with rasterio.open(path) as ds:
        whole = slope_aspect_array(ds.read(1, masked=True).astype("float64").filled(np.nan),
                                   Grid.of(ds))
    for name, expected in zip(("s.tif", "a.tif"), whole):
        data, nodata, _ = read(tmp_path / name)
        np.testing.assert_array_equal(data, np.where(np.isnan(expected), nodata, expected))


def test_only_the_requested_output_is_written(tmp_path):
    grid = utm_grid((5, 5))
    path = write_raster(tmp_path / "dem.tif", plane(grid, 0.1, 0.1), crs=grid.crs,
                        origin=(grid.transform.c, grid.transform.f), cell=30.0)
    summary = compute_terrain(path, aspect=tmp_path / "a.tif")
    assert summary["slope"] is None and summary["scale"] == pytest.approx((1, 1), abs=1e-3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tif", "dem.tif"]


def test_cancel_leaves_no_output(tmp_path):
    path = write_raster(tmp_path / "dem.tif", np.random.default_rng(1).random((40, 40)))
    with pytest.raises(Cancelled):
        compute_terrain(path, tmp_path / "s.tif", tmp_path / "a.tif", block=8,
                        progress=RecordingProgress(cancel_after=3))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dem.tif"]


def _no_crs(path):
    with rasterio.open(path, "w", driver="GTiff", width=5, height=5, count=1,
                       dtype="float32", transform=from_origin(0, 5, 1, 1)) as ds:
        ds.write(np.ones((1, 5, 5), "float32"))
    return str(path)


@pytest.mark.parametrize("make, kwargs, message", [
    (lambda p: write_raster(p, np.ones((5, 5))), {}, "No output was requested"),
    (_no_crs, {"slope": "s.tif"}, "The DEM has no coordinate reference system"),
    (lambda p: write_raster(p, np.ones((1, 5))), {"slope": "s.tif"}, "need at least 2×2"),
    (lambda p: write_raster(p, np.ones((5, 5))), {"slope": "s.tif", "band": 2},
     "has 1 band"),
    (lambda p: write_raster(p, np.ones((5, 5))), {"slope": "s.tif", "z_factor": 0.0},
     "Z factor 0.0 is not a positive number"),
])
def test_bad_input_is_refused_with_a_clear_message(tmp_path, make, kwargs, message):
    path = make(tmp_path / "dem.tif")
    kwargs = {k: (str(tmp_path / v) if k in ("slope", "aspect") else v)
              for k, v in kwargs.items()}
    with pytest.raises(InputError, match=message):
        compute_terrain(path, **kwargs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dem.tif"]


# --- the synthetic region ------------------------------------------------------------------
def _gradient_medians(slope_deg, aspect_deg):
    """Median slope (°) and median |east–west| and |north–south| gradients (m/m)."""
    tan = np.tan(np.radians(slope_deg))
    faced = aspect_deg >= 0
    az = np.radians(aspect_deg)
    return (np.nanmedian(slope_deg), np.nanmedian((tan * np.abs(np.sin(az)))[faced]),
            np.nanmedian((tan * np.abs(np.cos(az)))[faced]))


def _read_nan(path):
    with rasterio.open(path) as ds:
        return ds.read(1, masked=True).astype("float64").filled(np.nan)


def _to_utm(path, crs):
    """The DEM of ``path`` reprojected (bilinear) to ``crs`` at 1 km: (array, Grid)."""
    with rasterio.open(path) as ds:
        dem = ds.read(1, masked=True).astype("float64").filled(np.nan)
        grid = Grid.of(ds)
    transform, width, height = calculate_default_transform(
        grid.crs, crs, grid.width, grid.height, *grid.bounds, resolution=1000.0)
    out = np.full((height, width), np.nan)
    reproject(dem, out, src_transform=grid.transform, src_crs=grid.crs,
              dst_transform=transform, dst_crs=crs, src_nodata=np.nan, dst_nodata=np.nan,
              resampling=Resampling.bilinear)
    return out, Grid(crs, transform, width, height)


def test_synthetic_wgs84_dem_agrees_with_a_utm_version_of_the_ease_dem(tmp_path):
    """The SRTM-like 0.01° DEM (int16, 42° N) against the EASE 1 km DEM put into UTM.

    EASE-Grid 2.0 is equal-area, not conformal: at 42° N one 1000.9 m cell spans
    0.86 of that east–west and 1.17 north–south on the ground, so slopes computed in its
    metres (like gdaldem) are distorted by direction. The EASE DEM is therefore compared
    through a UTM reprojection; the direct EASE run must warn about the distortion.
    """
    manifest = generate_region(tmp_path / "region", RegionSpec(n_days=1))
    files = {k: tmp_path / "region" / manifest["files"][k] for k in ("dem_wgs84", "dem_fine")}
    compute_terrain(files["dem_wgs84"], tmp_path / "s.tif", tmp_path / "a.tif")
    wgs = _gradient_medians(*(_read_nan(tmp_path / name) for name in ("s.tif", "a.tif")))
    utm = _gradient_medians(*slope_aspect_array(*_to_utm(files["dem_fine"],
                                                         CRS.from_epsg(32650))))
    print("medians slope °, |dz/dE|, |dz/dN| — WGS 84:", np.round(wgs, 4),
          "UTM:", np.round(utm, 4))
    for ours, ref in zip(wgs, utm):
        assert abs(ours - ref) < 0.1 * ref
    progress = RecordingProgress()
    summary = compute_terrain(files["dem_fine"], tmp_path / "se.tif", progress=progress)
    assert summary["scale"] == pytest.approx((0.856, 1.168), abs=0.005)
    assert any("EPSG:6933 is not true to scale" in w for w in progress.warnings)


def test_a_dask_cluster_writes_the_same_bytes(tmp_path, dask_cluster):
    from smdownscale.engine.raster.executors import cluster_session

    dem = fractal_dem(np.random.default_rng(7), (30, 41), 100.0, 400.0).astype("float32")
    dem[12, 9] = -9999.0
    path = write_raster(tmp_path / "dem.tif", dem, crs="EPSG:4326", origin=(14.9, 60.1),
                        cell=0.001)
    here = compute_terrain(path, tmp_path / "s1.tif", tmp_path / "a1.tif", block=8)
    with cluster_session(dask_cluster.address):
        there = compute_terrain(path, tmp_path / "s2.tif", tmp_path / "a2.tif", block=8)
    assert {k: v for k, v in here.items() if k not in ("slope", "aspect")} == \
        {k: v for k, v in there.items() if k not in ("slope", "aspect")}
    for one, two in (("s1.tif", "s2.tif"), ("a1.tif", "a2.tif")):
        with rasterio.open(tmp_path / one) as a, rasterio.open(tmp_path / two) as b:
            assert a.dtypes == b.dtypes == ("float32",)
            assert a.descriptions == b.descriptions
            assert np.array_equal(a.read(), b.read(), equal_nan=True)
            assert (a.read() != a.nodata).sum() > 1000  # values, not only nodata


def test_dem_without_an_elevation_is_refused_and_nothing_is_written(tmp_path):
    grid = utm_grid((4, 5), cell=10.0)
    path = write_raster(tmp_path / "dem.tif", np.full(grid.shape, -9999.0, "float32"),
                        crs=grid.crs, cell=10.0, origin=(grid.transform.c, grid.transform.f))
    with pytest.raises(InputError, match="'dem.tif' band 1 gives no slope anywhere: every cell "
                                         "is nodata"):
        compute_terrain(path, tmp_path / "s.tif", tmp_path / "a.tif", block=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dem.tif"]

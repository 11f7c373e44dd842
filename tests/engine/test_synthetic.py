"""Tests of the synthetic region with a known 1 km truth (engine/synthetic)."""
import csv
import json
import os

import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.warp import transform as warp_transform

from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import EASE2_ORIGIN_X, EASE2_ORIGIN_Y, ease2_row_col
from smdownscale.engine.synthetic import RegionSpec, generate_region
from smdownscale.engine.raster.timestack import read_stack

SPEC = RegionSpec()  # the default spec, as documented


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """The default region, generated once for the module: (folder, manifest)."""
    out = tmp_path_factory.mktemp("region")
    return out, generate_region(out, SPEC)


@pytest.fixture(scope="module")
def data(region):
    """Arrays of the default region used by several tests."""
    out, manifest = region
    truth, fine, dates = read_stack(out / manifest["files"]["truth"])
    coarse, coarse_grid, coarse_dates = read_stack(out / manifest["files"]["coarse_stack"])
    rain, _, _ = read_stack(out / manifest["files"]["precipitation_fine"])
    with rasterio.open(out / manifest["files"]["landcover"]) as ds:
        landcover = ds.read(1)
    return dict(truth=truth, fine=fine, dates=dates, coarse=coarse, coarse_grid=coarse_grid,
                coarse_dates=coarse_dates, rain=rain, landcover=landcover)


def _modis(out, manifest, i):
    """(reflectance int16 (7, r, c), LST uint16 (r, c)) of date i."""
    with rasterio.open(out / manifest["files"]["reflectance_files"][i]) as ds:
        refl = ds.read()
    with rasterio.open(out / manifest["files"]["lst_files"][i]) as ds:
        lst = ds.read(1)
    return refl, lst


def _station_values(out):
    with open(out / "stations.csv", newline="", encoding="utf-8") as f:
        return [(r["station_id"], r["date"], float(r["sm"])) for r in csv.DictReader(f)]


def _block_mean(fine, factor=36):
    rows, cols = fine.shape[-2:]
    blocks = fine.reshape(fine.shape[:-2] + (rows // factor, factor, cols // factor, factor))
    return np.nanmean(blocks, axis=(-3, -1))


def test_files_declare_their_units(region):
    out, manifest = region
    files = manifest["files"]
    expected = {"truth": "m³/m³", "coarse_stack": "m³/m³", "precipitation_fine": "mm/day",
                "precipitation": "mm/day", "dem_wgs84": "m", "dem_fine": "m",
                "soil_sand": "%", "soil_clay": "%"}
    for role, unit in expected.items():
        with rasterio.open(out / files[role]) as ds:
            assert set(ds.units) == {unit}, role
    for role, unit, scale in (("coarse_files", "m³/m³", 1.0),
                              ("reflectance_files", "reflectance", 0.0001),
                              ("lst_files", "K", 0.02)):  # packed as MOD09GA/MOD11A1 are
        with rasterio.open(out / files[role][0]) as ds:
            assert set(ds.units) == {unit} and set(ds.scales) == {scale}, role


# --- determinism -------------------------------------------------------------------------

def test_same_seed_gives_identical_region_and_other_seed_differs(tmp_path):
    small = dict(coarse_cols=2, coarse_rows=2, n_days=4, n_stations=6)
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_region(a, RegionSpec(seed=7, **small))
    generate_region(b, RegionSpec(seed=7, **small))
    generate_region(c, RegionSpec(seed=8, **small))
    truth_a, truth_b, truth_c = (read_stack(p / "truth_sm_1km.tif")[0] for p in (a, b, c))
    assert np.array_equal(truth_a, truth_b, equal_nan=True)
    assert _station_values(a) == _station_values(b)
    for name in ("modis/MOD09GA.A2019152.refl.tif", "smap_36km_stack.tif", "landcover.tif"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert not np.allclose(truth_a, truth_c, equal_nan=True)
    assert _station_values(a) != _station_values(c)


def test_hourly_stations_are_the_daily_values_at_utc_times(tmp_path):
    import datetime as dt

    from osgeo import ogr

    generate_region(tmp_path, RegionSpec(coarse_cols=2, coarse_rows=2, n_days=2, n_stations=3,
                                         hourly_stations=True))
    with open(tmp_path / "stations.csv", encoding="utf-8") as f:
        daily = {(r["station_id"], r["date"]): r for r in csv.DictReader(f)}
    ds = ogr.Open(str(tmp_path / "stations_hourly.gpkg"))
    readings = [(f.GetField("station_id"), f.GetFieldAsDateTime("time"), f.GetField("sm"))
                for f in ds.GetLayer(0)]
    ds = None
    assert len(readings) == 24 * len(daily)
    for (sid, date), row in daily.items():   # local solar 06:00 = UTC 06:00 − lon / 15 h
        at6 = dt.datetime.fromisoformat(date) + dt.timedelta(hours=6 - float(row["lon"]) / 15)
        match = [sm for s, t, sm in readings if s == sid and t[6] == 100 and
                 abs(dt.datetime(*t[:5], int(t[5])) - at6) < dt.timedelta(seconds=1)]
        assert len(match) == 1 and abs(match[0] - float(row["sm"])) < 0.015


def test_invalid_spec_is_refused(tmp_path):
    with pytest.raises(InputError, match="n_days"):
        generate_region(tmp_path, RegionSpec(n_days=0))
    with pytest.raises(InputError, match="start"):
        generate_region(tmp_path, RegionSpec(start="June 2019"))


# --- grids ---------------------------------------------------------------------------------

def test_coarse_grid_is_ease2_36km_cut_around_the_centre(data):
    grid = data["coarse_grid"]
    assert grid.crs.to_epsg() == 6933
    assert (grid.width, grid.height) == (SPEC.coarse_cols, SPEC.coarse_rows)
    cell = grid.res[0]
    assert cell == pytest.approx(36032.22, abs=0.01)
    assert grid.res[1] == pytest.approx(cell)
    col0 = (grid.transform.c - EASE2_ORIGIN_X) / cell
    row0 = (EASE2_ORIGIN_Y - grid.transform.f) / cell
    assert col0 == pytest.approx(round(col0), abs=1e-6)
    assert row0 == pytest.approx(round(row0), abs=1e-6)
    row, col = ease2_row_col(36, SPEC.centre_lon, SPEC.centre_lat)
    assert (row - round(row0), col - round(col0)) == (1, 1)  # centre cell in the middle


def test_fine_grid_nests_exactly_in_the_coarse_grid(data):
    fine, coarse = data["fine"], data["coarse_grid"]
    assert fine.crs.to_epsg() == 6933
    assert fine.res[0] == pytest.approx(coarse.res[0] / 36, rel=1e-12)
    assert (fine.width, fine.height) == (36 * coarse.width, 36 * coarse.height)
    assert np.allclose(fine.bounds, coarse.bounds, rtol=0, atol=1e-6)


def test_dem_delivered_in_wgs84_at_0p01_degrees_and_on_fine_grid(region, data):
    out, manifest = region
    with rasterio.open(out / manifest["files"]["dem_wgs84"]) as ds:
        assert ds.crs.to_epsg() == 4326
        assert ds.res == pytest.approx((0.01, 0.01))
        assert ds.dtypes[0] == "int16"
        dem = ds.read(1, masked=True)
        lon0, lat1 = ds.bounds.left, ds.bounds.top
    assert dem.mask.sum() == 0  # no voids: it covers the whole region
    assert 550 <= dem.min() and dem.max() <= 1850 and dem.max() - dem.min() > 500
    (left, right), (bottom, top) = warp_transform(
        CRS.from_epsg(6933), CRS.from_epsg(4326),
        [data["fine"].bounds[0], data["fine"].bounds[2]],
        [data["fine"].bounds[1], data["fine"].bounds[3]])
    assert lon0 <= left and lat1 >= top
    fine_dem, grid, _ = read_stack(out / manifest["files"]["dem_fine"])
    assert grid.same_as(data["fine"])
    assert np.nanmin(fine_dem) >= 590 and np.nanmax(fine_dem) <= 1810


# --- truth -------------------------------------------------------------------------------

def test_truth_is_bounded_and_missing_exactly_on_water(data):
    truth, landcover = data["truth"], data["landcover"]
    assert truth.shape == (SPEC.n_days, 108, 108)
    assert [d.iso for d in data["dates"]][:2] == ["2019-06-01", "2019-06-02"]
    assert np.nanmin(truth) >= 0.02 - 1e-6 and np.nanmax(truth) <= 0.55 + 1e-6
    water = landcover == 5
    assert water.any() and (~water).any()
    assert np.isnan(truth[:, water]).all()
    assert np.isfinite(truth[:, ~water]).all()
    assert set(np.unique(landcover)) <= {1, 2, 3, 4, 5}
    assert np.nanstd(truth) > 0.03  # a real spatial and temporal signal


def test_truth_rises_after_rain_and_dries_down_without(data):
    mean_truth = np.nanmean(data["truth"], axis=(1, 2))
    mean_rain = data["rain"].mean(axis=(1, 2))
    change = np.diff(mean_truth)
    assert np.corrcoef(change, mean_rain[1:])[0, 1] > 0.5
    assert (mean_rain == 0).any()  # some dry days
    assert (change[mean_rain[1:] == 0] < 0).all()  # dry-down on dry days
    assert change[mean_rain[1:] > 2].mean() > 0.01


# --- predictors ----------------------------------------------------------------------------

def test_lst_and_swir_respond_to_truth(region, data):
    out, manifest = region
    lst_r, swir_r = [], []
    for i in range(SPEC.n_days):
        refl, lst = _modis(out, manifest, i)
        ok = (lst > 0) & np.isfinite(data["truth"][i])
        t = data["truth"][i][ok]
        lst_r.append(np.corrcoef(lst[ok] * 0.02, t)[0, 1])
        swir_r.append(np.corrcoef(refl[5][ok] * 1e-4, t)[0, 1])
    assert max(lst_r) < 0 and np.median(lst_r) < -0.4
    assert max(swir_r) < 0 and np.median(swir_r) < -0.4
    kelvin = lst[lst > 0] * 0.02
    assert 270 < kelvin.min() and kelvin.max() < 340


def test_clouds_fill_reflectance_and_lst_alike(region):
    out, manifest = region
    fractions = []
    for i in range(SPEC.n_days):
        refl, lst = _modis(out, manifest, i)
        cloud = lst == 0
        assert refl.dtype == np.int16 and lst.dtype == np.uint16
        assert (refl[:, cloud] == -28672).all()
        clear = refl[:, ~cloud]
        assert clear.min() > 0 and clear.max() <= 10000
        fractions.append(cloud.mean())
    assert np.mean(fractions) == pytest.approx(SPEC.cloud_fraction, abs=0.05)
    assert np.ptp(fractions) > 0.05  # cloudiness varies from date to date
    with rasterio.open(out / manifest["files"]["reflectance_files"][0]) as ds:
        assert ds.count == 7 and ds.nodata == -28672
    assert os.path.basename(manifest["files"]["lst_files"][0]) == \
        "MOD11A1.A2019152.LST_Day_1km.tif"


# --- coarse product --------------------------------------------------------------------------

def test_coarse_is_block_mean_plus_bias_and_noise(data):
    coarse = data["coarse"]
    assert [d.iso for d in data["coarse_dates"]] == [d.iso for d in data["dates"]]
    assert coarse.shape == (SPEC.n_days, SPEC.coarse_rows, SPEC.coarse_cols)
    block = _block_mean(data["truth"])
    valid = np.isfinite(coarse)
    error = (coarse - block)[valid]
    assert error.mean() == pytest.approx(SPEC.coarse_bias, abs=0.01)
    assert error.std() == pytest.approx(SPEC.coarse_noise, abs=0.007)
    assert np.corrcoef(coarse[valid], block[valid])[0, 1] > 0.8


def test_coarse_gaps_at_the_requested_fraction(region, data):
    out, manifest = region
    missing = np.isnan(data["coarse"])
    assert missing.mean() == pytest.approx(SPEC.gap_fraction, abs=0.05)
    per_date = missing.mean(axis=(1, 2))
    assert (per_date == 0).any() and (per_date > 0).any()
    first = out / manifest["files"]["coarse_files"][0]
    assert first.name == "SMAP_L3_SM_P_20190601_R18290_001.tif"
    single, grid, dates = read_stack(first)
    assert dates[0].iso == "2019-06-01" and grid.same_as(data["coarse_grid"])
    assert np.array_equal(single[0], data["coarse"][0], equal_nan=True)


def test_imerg_like_precipitation(region, data):
    out, manifest = region
    imerg, grid, dates = read_stack(out / manifest["files"]["precipitation"])
    assert grid.crs.to_epsg() == 4326 and grid.res == pytest.approx((0.1, 0.1))
    assert len(dates) == SPEC.n_days and np.isfinite(imerg).all() and imerg.min() >= 0
    daily = imerg.mean(axis=(1, 2))
    assert np.corrcoef(daily, data["rain"].mean(axis=(1, 2)))[0, 1] > 0.8


# --- stations ------------------------------------------------------------------------------

def test_stations_geopackage_one_feature_per_observation(region, data):
    from osgeo import ogr

    out, manifest = region
    ds = ogr.Open(str(out / manifest["files"]["stations_gpkg"]))
    layer = ds.GetLayerByName("observations")
    assert layer is not None
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "4326"
    defn = layer.GetLayerDefn()
    types = {defn.GetFieldDefn(i).GetName(): defn.GetFieldDefn(i).GetType()
             for i in range(defn.GetFieldCount())}
    assert types == {"station_id": ogr.OFTString, "date": ogr.OFTDate, "sm": ogr.OFTReal,
                     "scale": ogr.OFTString, "landcover": ogr.OFTString}
    rows = []
    for feature in layer:
        point = feature.GetGeometryRef()
        year, month, day = feature.GetFieldAsDateTime("date")[:3]
        rows.append((feature.GetField("station_id"), f"{year:04d}-{month:02d}-{day:02d}",
                     feature.GetField("sm"), feature.GetField("scale"),
                     feature.GetField("landcover"), point.GetX(), point.GetY()))
    ds = None
    possible = SPEC.n_stations * SPEC.n_days
    assert 0.8 * possible < len(rows) < possible  # a few observations missing
    assert len(rows) == len(_station_values(out)) == manifest["stations"]["observations"]
    assert len({(r[0], r[1]) for r in rows}) == len(rows)  # one feature per observation
    ids = sorted({r[0] for r in rows})
    assert ids == [f"S{i:02d}" for i in range(1, SPEC.n_stations + 1)]
    assert {r[3] for r in rows} == {"S", "M", "L"}
    _check_values_against_truth(rows, data)


def _check_values_against_truth(rows, data):
    """Station value vs truth at the cell holding the point: close, but not identical."""
    fine, truth, landcover = data["fine"], data["truth"], data["landcover"]
    names = {1: "cropland", 2: "grassland", 3: "forest", 4: "urban"}
    day = {d.iso: i for i, d in enumerate(data["dates"])}
    xs, ys = warp_transform(CRS.from_epsg(4326), fine.crs, [r[5] for r in rows],
                            [r[6] for r in rows])
    inverse = ~fine.transform
    errors = []
    for r, x, y in zip(rows, xs, ys):
        col, row = (int(np.floor(v)) for v in inverse * (x, y))
        assert names[int(landcover[row, col])] == r[4]
        assert 0.01 - 1e-9 <= r[2] <= 0.6 + 1e-9
        errors.append(r[2] - truth[day[r[1]], row, col])
    rmse = float(np.sqrt(np.mean(np.square(errors))))
    assert 0.005 < rmse < 0.05


# --- manifest and command line ----------------------------------------------------------------

def test_manifest_lists_files_that_exist(region):
    out, manifest = region
    assert json.loads((out / "region.json").read_text(encoding="utf-8")) == manifest
    roles = {"truth", "coarse_stack", "coarse_files", "reflectance_files", "lst_files",
             "dem_wgs84", "dem_fine", "landcover", "soil_sand", "soil_clay", "precipitation",
             "stations_gpkg", "stations_csv"}
    assert roles <= set(manifest["files"])
    for role, paths in manifest["files"].items():
        for path in paths if isinstance(paths, list) else [paths]:
            assert not os.path.isabs(path) and (out / path).is_file(), (role, path)
    for role in ("coarse_files", "reflectance_files", "lst_files"):
        assert len(manifest["files"][role]) == SPEC.n_days
    assert manifest["dates"][0] == SPEC.start and len(manifest["dates"]) == SPEC.n_days
    assert manifest["grids"]["coarse"]["crs"] == "EPSG:6933"
    assert manifest["spec"]["seed"] == SPEC.seed
    with rasterio.open(out / manifest["files"]["soil_sand"]) as ds:
        sand = ds.read(1)
    assert 0 < sand.min() and sand.max() < 100


def test_command_line_entry(tmp_path, capsys):
    from smdownscale.engine.synthetic.__main__ import main

    assert main([str(tmp_path), "--seed", "3", "--coarse-cols", "1", "--coarse-rows", "2",
                 "--days", "2", "--stations", "4"]) == 0
    manifest = json.loads((tmp_path / "region.json").read_text(encoding="utf-8"))
    assert manifest["spec"]["seed"] == 3 and len(manifest["dates"]) == 2
    assert (manifest["grids"]["fine"]["width"], manifest["grids"]["fine"]["height"]) == (36, 72)
    assert "72" in capsys.readouterr().out

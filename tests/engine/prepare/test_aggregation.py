"""Aggregation fine → coarse (engine level): known answers, conservation, real grids."""
import numpy as np
import pytest
import rasterio
from helpers import CancelAfter, write_raster

from smdownscale.engine.prepare.aggregation import METHODS, aggregate
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.synthetic.coarse import block_mean
from smdownscale.engine.raster.timestack import write_stack

ND = -9999.0
# 4×4 fine cells of 1 km; the 2×2 coarse reference has 2 km cells (nested).
FINE = np.array([[1, 2, 5, 7],
                 [3, ND, 5, 9],
                 [4, 4, 0, 0],
                 [4, 8, 0, 1]], dtype="float32")
# Hand-computed per coarse cell [[top-left, top-right], [bottom-left, bottom-right]]:
EXPECTED = {
    "mean": [[2.0, 6.5], [5.0, 0.25]],              # (1+2+3)/3, (5+7+5+9)/4, …
    "median": [[2.0, 6.0], [4.0, 0.0]],             # 5,5,7,9 → (5+7)/2
    "mode": [[1.0, 5.0], [4.0, 0.0]],               # 1,2,3 all once → smallest
    "min": [[1.0, 5.0], [4.0, 0.0]],
    "max": [[3.0, 9.0], [8.0, 1.0]],
    "std": [[np.sqrt(2 / 3), np.sqrt(11 / 4)], [np.sqrt(3.0), np.sqrt(0.75 / 4)]],
}
FRACTION = [[0.75, 1.0], [1.0, 1.0]]


@pytest.fixture
def small(tmp_path):
    fine = write_raster(tmp_path / "fine.tif", FINE, nodata=ND)
    coarse = write_raster(tmp_path / "coarse.tif", np.zeros((2, 2), "float32"), cell=2000.0)
    return fine, coarse


def read(path):
    with rasterio.open(path) as ds:
        return ds.read(), ds.descriptions, ds.nodata


@pytest.mark.parametrize("method", METHODS)
def test_every_method_known_answer(small, tmp_path, method):
    fine, coarse = small
    out, frac = tmp_path / "out.tif", tmp_path / "frac.tif"
    summary = aggregate(fine, coarse, out, method=method, min_valid_fraction=0.5,
                        fraction_output=frac)
    data, _, nodata = read(out)
    assert nodata == ND and data.shape == (1, 2, 2)
    np.testing.assert_allclose(data[0], EXPECTED[method], rtol=1e-6)
    np.testing.assert_allclose(read(frac)[0][0], FRACTION)
    assert summary["nested"] and summary["fine_per_coarse"] == pytest.approx(4.0)


@pytest.mark.parametrize("threshold, kept", [(0.75, True), (0.76, False), (0.0, True)])
def test_min_valid_fraction_threshold(small, tmp_path, threshold, kept):
    fine, coarse = small
    out = tmp_path / "out.tif"
    aggregate(fine, coarse, out, min_valid_fraction=threshold)
    data = read(out)[0][0]
    assert (data[0, 0] == 2.0) if kept else (data[0, 0] == ND)
    assert data[1, 1] == 0.25  # fully valid cells are always kept


def test_partly_covered_coarse_cells_count_the_uncovered_part_as_missing(tmp_path):
    # 5 fine columns under 3 coarse columns of 2 km: the last coarse column is half covered.
    fine = write_raster(tmp_path / "f.tif", np.arange(20, dtype="float32").reshape(4, 5))
    coarse = write_raster(tmp_path / "c.tif", np.zeros((2, 3), "float32"), cell=2000.0)
    out, frac = tmp_path / "o.tif", tmp_path / "fr.tif"
    aggregate(fine, coarse, out, min_valid_fraction=0.6, fraction_output=frac)
    np.testing.assert_allclose(read(frac)[0][0], [[1, 1, 0.5], [1, 1, 0.5]])
    np.testing.assert_allclose(read(out)[0][0], [[3, 5, ND], [13, 15, ND]])
    aggregate(fine, coarse, out, min_valid_fraction=0.5)
    np.testing.assert_allclose(read(out)[0][0][:, 2], [(4 + 9) / 2, (14 + 19) / 2])


def test_area_weighted_mean_is_conserved(tmp_path):
    rng = np.random.default_rng(3)
    values = rng.uniform(0.05, 0.45, (60, 90)).astype("float32")
    fine = write_raster(tmp_path / "f.tif", values)
    coarse = write_raster(tmp_path / "c.tif", np.zeros((4, 6), "float32"), cell=15000.0)
    out = tmp_path / "o.tif"
    aggregate(fine, coarse, out)
    assert read(out)[0].mean() == pytest.approx(values.astype("float64").mean(), rel=1e-6)


def test_geographic_input_weighted_by_true_cell_area(tmp_path):
    # Two 45°-tall cells in one 90° coarse cell: cos(22.5°) vs cos(67.5°), i.e. the
    # true areas sin 45° − sin 0° and sin 90° − sin 45°.
    fine = write_raster(tmp_path / "f.tif", np.array([[1.0], [0.0]], "float32"),
                        crs="EPSG:4326", origin=(10.0, 90.0), cell=45.0)
    coarse = write_raster(tmp_path / "c.tif", np.zeros((1, 1), "float32"), crs="EPSG:4326",
                          origin=(10.0, 90.0), cell=90.0)
    out = tmp_path / "o.tif"
    aggregate(fine, coarse, out, method="mean")
    share_north = 1 - np.sin(np.radians(45))  # area north of 45° / area 0–90°
    assert read(out)[0][0, 0, 0] == pytest.approx(share_north, rel=1e-6)
    # Area-weighted mean conserved over a band of latitudes with unequal cell areas.
    values = np.random.default_rng(1).uniform(0, 1, (40, 20)).astype("float32")
    fine = write_raster(tmp_path / "g.tif", values, crs="EPSG:4326", origin=(0.0, 70.0),
                        cell=1.0)
    coarse = write_raster(tmp_path / "d.tif", np.zeros((4, 2), "float32"), crs="EPSG:4326",
                          origin=(0.0, 70.0), cell=10.0)
    aggregate(fine, coarse, out)
    lat = 70.0 - np.arange(40) - 0.5
    w = np.cos(np.radians(lat))[:, None] * np.ones((1, 20))
    coarse_area = w.reshape(4, 10, 2, 10).sum(axis=(1, 3))
    result = read(out)[0][0]
    assert (result * coarse_area).sum() / coarse_area.sum() == pytest.approx(
        (values * w).sum() / w.sum(), rel=1e-6)


@pytest.mark.parametrize("method, units", [
    ("mean", ("K", 0.02, 200.0)), ("std", ("K", 0.02, 0.0))])  # a spread has no offset
def test_declared_units_carry_over(small, tmp_path, method, units):
    with rasterio.open(small[0], "r+") as ds:
        ds.set_band_unit(1, "K")
        ds.scales, ds.offsets = (0.02,), (200.0,)
    aggregate(*small, tmp_path / "o.tif", method=method, fraction_output=tmp_path / "f.tif")
    with rasterio.open(tmp_path / "o.tif") as ds:
        assert (ds.units[0], ds.scales[0], ds.offsets[0]) == units
    with rasterio.open(tmp_path / "f.tif") as ds:
        assert ds.units == ("fraction (0-1)",)


def test_stack_keeps_dates_and_each_band_its_own_mask(tmp_path):
    from smdownscale.engine.raster.dates import parse_date_list
    from smdownscale.engine.raster.grids import Grid

    grid = Grid.from_path(write_raster(tmp_path / "g.tif", np.zeros((4, 4), "float32")))
    stack = np.stack([FINE, np.where(FINE == ND, 7.0, FINE)])
    path = write_stack(tmp_path / "s.tif", grid, np.where(stack == ND, np.nan, stack),
                       dates=parse_date_list("2019-06-01,2019-06-02"))
    coarse = write_raster(tmp_path / "c.tif", np.zeros((2, 2), "float32"), cell=2000.0)
    out = tmp_path / "o.tif"
    summary = aggregate(path, coarse, out)
    data, descriptions, _ = read(out)
    assert descriptions == ("2019-06-01", "2019-06-02")
    assert summary["descriptions"] == ["2019-06-01", "2019-06-02"]
    np.testing.assert_allclose(data[:, 0, 0], [2.0, 13 / 4])


def test_all_nodata_input_gives_nodata_and_warns(tmp_path):
    fine = write_raster(tmp_path / "f.tif", np.full((4, 4), ND, "float32"))
    coarse = write_raster(tmp_path / "c.tif", np.zeros((2, 2), "float32"), cell=2000.0)
    warnings = []

    class Recorder(SilentProgress):
        def warning(self, message):
            warnings.append(message)

    out, frac = tmp_path / "o.tif", tmp_path / "fr.tif"
    aggregate(fine, coarse, out, fraction_output=frac, progress=Recorder())
    assert (read(out)[0] == ND).all() and (read(frac)[0] == 0).all()
    assert any("No output cell is valid" in w for w in warnings)


def test_reference_larger_than_input_is_nodata_outside(tmp_path):
    fine = write_raster(tmp_path / "f.tif", np.ones((4, 4), "float32"))
    coarse = write_raster(tmp_path / "c.tif", np.zeros((4, 4), "float32"), cell=2000.0,
                          origin=(498000.0, 4602000.0))
    out = tmp_path / "o.tif"
    aggregate(fine, coarse, out)
    expected = np.full((4, 4), ND)
    expected[1:3, 1:3] = 1.0
    np.testing.assert_array_equal(read(out)[0][0], expected)


# --- the synthetic region: EASE-Grid 2.0 36 km / 1 km and WGS 84 ---------------------------

def test_truth_mean_is_the_block_mean_of_land_cells(region, tmp_path):
    out = tmp_path / "truth36.tif"
    summary = aggregate(region["truth"], region["coarse_stack"], out, min_valid_fraction=0.0)
    assert summary["nested"] and round(summary["fine_per_coarse"]) == 36 * 36
    truth, descriptions, _ = read(region["truth"])
    data, out_descriptions, _ = read(out)
    assert out_descriptions == descriptions == ("2019-06-01", "2019-06-02", "2019-06-03")
    for band in range(3):
        expected = block_mean(np.where(truth[band] == ND, np.nan, truth[band]).astype("float64"))
        np.testing.assert_allclose(data[band], expected, rtol=1e-6)


def test_landcover_mode_is_the_block_majority(region, tmp_path):
    out = tmp_path / "lc36.tif"
    aggregate(region["landcover"], region["coarse_stack"], out, method="mode")
    with rasterio.open(region["landcover"]) as ds:
        lc, lc_nodata = ds.read(1), ds.nodata
    data = read(out)[0][0]
    for r in range(data.shape[0]):
        for c in range(data.shape[1]):
            block = lc[36 * r:36 * r + 36, 36 * c:36 * c + 36]
            counts = np.bincount(block[block != lc_nodata].ravel(), minlength=6)
            assert data[r, c] == np.argmax(counts)  # first maximum = smallest code


def test_wgs84_dem_agrees_with_the_ease_dem(region, tmp_path):
    """The 0.01° SRTM-like DEM and the 1 km EASE DEM sample one surface.

    Membership by centre puts a strip of at most half a 0.01° row or column
    (≈ 0.5 km of 36 km) on one side of each coarse edge; with a relief of some
    hundred metres this moves a 36 km mean by a few metres (measured: ≤ 4.9 m for
    this region), and the DEM's bilinear regridding and int16 rounding add < 1 m.
    A misplaced membership (one fine row or column off everywhere) moves it by more.
    """
    ease, wgs = tmp_path / "ease.tif", tmp_path / "wgs.tif"
    aggregate(region["dem_fine"], region["coarse_stack"], ease)
    summary = aggregate(region["dem_wgs84"], region["coarse_stack"], wgs)
    assert not summary["nested"] and 1300 < summary["fine_per_coarse"] < 1500
    a, b = read(ease)[0][0], read(wgs)[0][0]
    assert np.abs(a - b).max() < 8.0
    assert a.max() - a.min() > 100.0  # the test region has relief: the check has teeth


def test_strips_equal_one_shot(region, tmp_path):
    for role, method in (("truth", "mean"), ("dem_wgs84", "median"), ("landcover", "mode")):
        one, many = tmp_path / f"{role}_1.tif", tmp_path / f"{role}_n.tif"
        aggregate(region[role], region["coarse_stack"], one, method=method)
        aggregate(region[role], region["coarse_stack"], many, method=method, block_cells=1500)
        np.testing.assert_array_equal(read(one)[0], read(many)[0])


def _utm_dem(region, path):
    """The EASE 1 km DEM regridded onto a 1 km UTM zone 50N grid (bilinear)."""
    from rasterio.transform import from_origin
    from rasterio.warp import Resampling, reproject

    with rasterio.open(region["dem_fine"]) as src:
        dem = np.zeros((130, 110), "float32")
        transform = from_origin(330000.0, 4730000.0, 1000.0, 1000.0)
        reproject(src.read(1), dem, src_transform=src.transform, src_crs=src.crs,
                  src_nodata=ND, dst_transform=transform, dst_crs="EPSG:32650", dst_nodata=ND,
                  resampling=Resampling.bilinear)
    return write_raster(path, dem, crs="EPSG:32650", origin=(330000.0, 4730000.0))


@pytest.mark.parametrize("role", ["dem_wgs84", "dem_utm"])
def test_other_crs_onto_ease_matches_brute_force_membership(region, tmp_path, role):
    """Every input cell centre transformed exactly: the engine's groups are the same."""
    from rasterio.warp import transform

    from smdownscale.engine.raster.grids import Grid

    path = region[role] if role in region else _utm_dem(region, tmp_path / "utm.tif")
    out = tmp_path / "dem.tif"
    aggregate(path, region["coarse_stack"], out, min_valid_fraction=0.0)
    fine, ref = Grid.from_path(path), Grid.from_path(region["coarse_stack"])
    xs, ys = fine.cell_centres()
    ex, ey = transform(fine.crs, ref.crs, xs.ravel(), ys.ravel())
    cols, rows = ~ref.transform * (np.asarray(ex), np.asarray(ey))
    cols, rows = np.floor(cols).astype(int), np.floor(rows).astype(int)
    with rasterio.open(path) as ds:
        dem, nodata = ds.read(1).ravel().astype("float64"), ds.nodata
    weight = np.cos(np.radians(ys.ravel())) if fine.crs.is_geographic else np.ones(dem.size)
    data = read(out)[0][0]
    for r in range(ref.height):
        for c in range(ref.width):
            member = (rows == r) & (cols == c) & (dem != nodata)
            expected = (dem[member] * weight[member]).sum() / weight[member].sum()
            assert data[r, c] == pytest.approx(expected, rel=1e-6)


# --- errors --------------------------------------------------------------------------------

def test_no_overlap_is_refused_and_writes_nothing(small, tmp_path):
    fine, _ = small
    far = write_raster(tmp_path / "far.tif", np.zeros((2, 2), "float32"), cell=2000.0,
                       origin=(700000.0, 4600000.0))
    out = tmp_path / "out.tif"
    with pytest.raises(InputError, match="do not overlap"):
        aggregate(fine, far, out)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial")]


@pytest.mark.parametrize("which", ["reference", "input"])
def test_layer_without_crs_is_refused(small, tmp_path, which):
    fine, coarse = small
    bare = tmp_path / "bare.tif"
    with rasterio.open(bare, "w", driver="GTiff", width=2, height=2, count=1,
                       dtype="float32", transform=rasterio.transform.from_origin(
                           500000.0, 4600000.0, 2000.0, 2000.0)) as ds:
        ds.write(np.zeros((1, 2, 2), "float32"))
    args = (fine, bare) if which == "reference" else (bare, coarse)
    out = tmp_path / "out.tif"
    with pytest.raises(InputError, match=f"the {which} 'bare.tif' has no coordinate reference"):
        aggregate(*args, out)
    assert not out.exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"min_valid_fraction": 1.5}, "must lie between 0 and 1"),
    ({"min_valid_fraction": -0.1}, "must lie between 0 and 1"),
    ({"method": "average"}, "Unknown aggregation method 'average'"),
])
def test_bad_parameters_are_refused(small, tmp_path, kwargs, message):
    out = tmp_path / "out.tif"
    with pytest.raises(InputError, match=message):
        aggregate(*small, out, **kwargs)
    assert not out.exists()


def test_mode_refuses_non_integer_values(tmp_path):
    fine = write_raster(tmp_path / "f.tif", np.full((4, 4), 0.25, "float32"))
    coarse = write_raster(tmp_path / "c.tif", np.zeros((2, 2), "float32"), cell=2000.0)
    out = tmp_path / "o.tif"
    with pytest.raises(InputError, match="integer class codes.*0.25"):
        aggregate(fine, coarse, out, method="mode")
    assert not out.exists()


def test_input_coarser_than_reference_is_refused(small, tmp_path):
    fine, coarse = small
    with pytest.raises(InputError, match="larger than the reference cells.*resample"):
        aggregate(coarse, fine, tmp_path / "o.tif")


def test_cancel_leaves_no_output(small, tmp_path):
    out, frac = tmp_path / "o.tif", tmp_path / "f.tif"
    with pytest.raises(Cancelled):
        aggregate(*small, out, fraction_output=frac, progress=CancelAfter(0))
    assert not out.exists() and not frac.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial")]


@pytest.mark.parametrize("role, method", [("truth", "mean"), ("dem_wgs84", "median")])
def test_cluster_gives_the_same_bytes_as_in_process(region, tmp_path, dask_cluster, role,
                                                    method):
    """Small blocks (several per strip, every band of each) computed on 2 workers."""
    import pickle

    from smdownscale.engine.prepare.aggregation import BlockAggregator, plan_blocks
    from smdownscale.engine.raster.executors import cluster_session
    from smdownscale.engine.raster.grids import Grid

    runs = []
    for label in ("here", "cluster"):
        out, frac = tmp_path / f"{label}.tif", tmp_path / f"{label}_share.tif"
        kwargs = dict(method=method, fraction_output=frac, block_cells=1500)
        if label == "here":
            summary = aggregate(region[role], region["coarse_stack"], out, **kwargs)
        else:
            with cluster_session(dask_cluster.address):
                summary = aggregate(region[role], region["coarse_stack"], out, **kwargs)
        runs.append((read(out), read(frac), summary))
    (here, share_here, s_here), (there, share_there, s_there) = runs
    for (a, desc_a, nd_a), (b, desc_b, nd_b) in ((here, there), (share_here, share_there)):
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
        assert desc_a == desc_b and nd_a == nd_b
    assert (s_here["valid_cells"], s_here["overlap_cells"]) == \
        (s_there["valid_cells"], s_there["overlap_cells"])
    assert s_here["valid_cells"] > 0
    plan = plan_blocks(Grid.from_path(region[role]), Grid.from_path(region["coarse_stack"]),
                       1500)
    assert len(plan.blocks(*plan.strips()[0])) > 1  # the test has several units per strip
    task = pickle.loads(pickle.dumps(BlockAggregator(region[role], plan, method, 0.5)))
    assert task.src.path == region[role] and task.blocks == plan.all_blocks()

"""Resampling coarse → fine (engine level): known answers, nodata, real grids."""
import numpy as np
import pytest
import rasterio
from helpers import write_raster
from rasterio.enums import Resampling
from rasterio.warp import reproject

from smdownscale.engine.prepare.aggregation import aggregate
from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.resampling import METHODS, resample

ND = -9999.0


def read(path):
    with rasterio.open(path) as ds:
        return ds.read(), ds.descriptions


@pytest.fixture
def row(tmp_path):
    """Three coarse cells of 4 km in one row, the third missing, and a 1 km fine grid."""
    coarse = write_raster(tmp_path / "c.tif", np.array([[0.0, 4.0, ND]], "float32"),
                          cell=4000.0)
    fine = write_raster(tmp_path / "f.tif", np.zeros((4, 12), "float32"))
    return coarse, fine


def test_nearest_known_answer(row, tmp_path):
    out = tmp_path / "o.tif"
    resample(*row, out, method="nearest")
    np.testing.assert_array_equal(read(out)[0][0], np.tile([0] * 4 + [4] * 4 + [ND] * 4, (4, 1)))


def test_declared_units_carry_over(row, tmp_path):
    with rasterio.open(row[0], "r+") as ds:
        ds.set_band_unit(1, "m³/m³")
    resample(*row, tmp_path / "o.tif", method="bilinear")
    with rasterio.open(tmp_path / "o.tif") as ds:
        assert ds.units == ("m³/m³",)


def test_bilinear_known_answer_renormalises_at_gaps_and_edges(row, tmp_path):
    out = tmp_path / "o.tif"
    resample(*row, out, method="bilinear")
    # Coarse centres at x = 2 and 6 km: between them v = x − 2; beyond the first centre
    # only the first cell is valid (edge), beyond the second only the second (the third
    # is missing) — renormalised, never mixed with −9999; the missing cell stays missing.
    expected = [0, 0, 0.5, 1.5, 2.5, 3.5, 4, 4, ND, ND, ND, ND]
    np.testing.assert_allclose(read(out)[0][0], np.tile(expected, (4, 1)))


def test_bilinear_reproduces_a_plane(tmp_path):
    y, x = np.mgrid[0:5, 0:6]
    plane = (0.1 + 0.02 * x - 0.03 * y).astype("float32")
    coarse = write_raster(tmp_path / "c.tif", plane, cell=3000.0)
    fine = write_raster(tmp_path / "f.tif", np.zeros((15, 18), "float32"))
    out = tmp_path / "o.tif"
    resample(coarse, fine, out, method="bilinear")
    fy, fx = (np.mgrid[0:15, 0:18] + 0.5) / 3.0 - 0.5  # fine centres in coarse cell units
    inner = (fx >= 0) & (fx <= 5) & (fy >= 0) & (fy <= 4)
    np.testing.assert_allclose(read(out)[0][0][inner], (0.1 + 0.02 * fx - 0.03 * fy)[inner],
                               atol=1e-7)


def test_nearest_reproduces_each_coarse_cell_over_its_block(region, tmp_path):
    out = tmp_path / "sm1km.tif"
    summary = resample(region["coarse_stack"], region["truth"], out, block=50)
    coarse, dates = read(region["coarse_stack"])
    data, out_dates = read(out)
    assert out_dates == dates and summary["bands"] == 3
    assert (coarse == ND).any()  # the product has gaps; they must stay gaps
    np.testing.assert_array_equal(data, np.repeat(np.repeat(coarse, 36, axis=1), 36, axis=2))
    # and aggregating it back gives the coarse product again
    back = tmp_path / "back.tif"
    aggregate(out, region["coarse_stack"], back)
    np.testing.assert_allclose(read(back)[0], coarse, rtol=1e-6)


def test_bilinear_onto_wgs84_agrees_with_gdal_where_valid(region, tmp_path):
    """Cross-CRS (EASE-Grid 2.0 → WGS 84): GDAL's single-band bilinear is the reference."""
    out = tmp_path / "sm_wgs.tif"
    resample(region["coarse_stack"], region["dem_wgs84"], out, method="bilinear")
    nearest = tmp_path / "near.tif"
    resample(region["coarse_stack"], region["dem_wgs84"], nearest, method="nearest")
    data, near = read(out)[0], read(nearest)[0]
    with rasterio.open(region["coarse_stack"]) as src, rasterio.open(region["dem_wgs84"]) as ref:
        for band in range(1, src.count + 1):
            gdal = np.full((ref.height, ref.width), ND, "float32")
            reproject(rasterio.band(src, band), gdal, dst_transform=ref.transform,
                      dst_crs=ref.crs, dst_nodata=ND, resampling=Resampling.bilinear)
            mine = data[band - 1]
            assert ((mine == ND) == (near[band - 1] == ND)).all()  # gaps kept exactly
            both = (mine != ND) & (gdal != ND)
            assert both.sum() > 0.5 * mine.size
            # positions within 1e-4 of a coarse cell, neighbours differ by < 0.1 m³/m³
            np.testing.assert_allclose(mine[both], gdal[both], atol=1e-5)
            assert not ((mine != ND) & ((mine < 0) | (mine > 1))).any()  # no −9999 blended


def test_windows_equal_one_shot(region, tmp_path):
    for method in METHODS:
        one, many = tmp_path / f"{method}1.tif", tmp_path / f"{method}n.tif"
        resample(region["coarse_stack"], region["dem_wgs84"], one, method=method, block=4096)
        resample(region["coarse_stack"], region["dem_wgs84"], many, method=method, block=16)
        # positions are interpolated per window to within 1e-4 of a coarse cell
        np.testing.assert_allclose(read(one)[0], read(many)[0], atol=1e-5)


def test_no_overlap_is_refused_and_writes_nothing(row, tmp_path):
    coarse, _ = row
    far = write_raster(tmp_path / "far.tif", np.zeros((4, 4), "float32"),
                       origin=(900000.0, 4600000.0))
    out = tmp_path / "o.tif"
    with pytest.raises(InputError, match="do not overlap"):
        resample(coarse, far, out)
    assert not out.exists()


def test_reference_without_crs_is_refused(row, tmp_path):
    coarse, _ = row
    bare = tmp_path / "bare.tif"
    with rasterio.open(bare, "w", driver="GTiff", width=4, height=4, count=1, dtype="float32",
                       transform=rasterio.transform.from_origin(5e5, 4.6e6, 1e3, 1e3)) as ds:
        ds.write(np.zeros((1, 4, 4), "float32"))
    with pytest.raises(InputError, match="the reference 'bare.tif' has no coordinate"):
        resample(coarse, bare, tmp_path / "o.tif")
    assert not (tmp_path / "o.tif").exists()


def test_unknown_method_is_refused(row, tmp_path):
    with pytest.raises(InputError, match="Unknown resampling method 'cubic'"):
        resample(*row, tmp_path / "o.tif", method="cubic")


def test_cluster_gives_the_same_bytes_as_in_process(region, tmp_path, dask_cluster,
                                                    monkeypatch):
    """EASE-Grid 2.0 → WGS 84 bilinear in windows of 64 cells and groups of 2 bands."""
    import pickle

    from smdownscale.engine.raster import resampling
    from smdownscale.engine.raster.executors import cluster_session
    from smdownscale.engine.raster.grids import Grid

    monkeypatch.setattr(resampling, "_BAND_CELLS", 2 * 64 * 64)  # bands 1–2, then 3
    runs = []
    for label in ("here", "cluster"):
        out = tmp_path / f"{label}.tif"
        if label == "here":
            summary = resample(region["coarse_stack"], region["dem_wgs84"], out,
                               method="bilinear", block=64)
        else:
            with cluster_session(dask_cluster.address):
                summary = resample(region["coarse_stack"], region["dem_wgs84"], out,
                                   method="bilinear", block=64)
        with rasterio.open(out) as ds:
            runs.append((ds.read(), ds.descriptions, ds.nodata, summary))
    (a, desc_a, nd_a, s_a), (b, desc_b, nd_b, s_b) = runs
    assert a.dtype == b.dtype == np.float32 and np.array_equal(a, b, equal_nan=True)
    assert desc_a == desc_b == read(region["coarse_stack"])[1] and nd_a == nd_b
    assert s_a["bands"] == s_b["bands"] == 3
    assert ((a != ND) & (a >= 0) & (a <= 1)).any() and (a == ND).any()
    grid = Grid.from_path(region["dem_wgs84"])
    assert grid.width > 64 and grid.height > 64  # several windows
    task = resampling.WindowResampler(region["coarse_stack"], None, grid, "bilinear", 3, 2)
    assert task.groups == [1, 3]
    assert pickle.loads(pickle.dumps(task)).src.path == region["coarse_stack"]

"""Building a time stack from single-date rasters (engine level)."""
import os

import numpy as np
import pytest
import rasterio
from helpers import CancelAfter, dated_rasters, write_raster

from smdownscale.engine.raster.dates import parse_date_list
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.prepare.timestack_builder import build_time_stack


def test_bands_sorted_by_date_with_iso_descriptions(tmp_path):
    names = ["SMAP_L3_SM_P_20190403_R18290_001.tif", "MOD11A1.A2019091.tif", "sm_2019-04-02.tif"]
    paths, arrays = dated_rasters(tmp_path, names)
    out = tmp_path / "stack.tif"
    summary = build_time_stack(paths, out, block=8)  # small windows: many of them
    assert summary["dates"] == ["2019-04-01", "2019-04-02", "2019-04-03"]
    with rasterio.open(out) as ds:
        assert ds.count == 3 and ds.descriptions == ("2019-04-01", "2019-04-02", "2019-04-03")
        np.testing.assert_array_equal(ds.read(1), arrays[1])
        np.testing.assert_array_equal(ds.read(2), arrays[2])
        np.testing.assert_array_equal(ds.read(3), arrays[0])


def test_units_the_inputs_share_carry_over(tmp_path):
    from smdownscale.engine.raster.timestack import Units

    names = ["lst_20190401.tif", "lst_20190402.tif", "lst_20190403.tif"]
    paths, _ = dated_rasters(tmp_path, names)
    for path in paths:
        with rasterio.open(path, "r+") as ds:
            ds.set_band_unit(1, "K")
            ds.scales = (0.02,)
    build_time_stack(paths, tmp_path / "lst.tif")
    with rasterio.open(tmp_path / "lst.tif") as ds:
        assert ds.units == ("K",) * 3 and ds.scales == (0.02,) * 3
        assert Units.of(ds, 3) == Units("K", 0.02)
    with rasterio.open(paths[2], "r+") as ds:
        ds.set_band_unit(1, "°C")
    warnings = []

    class Recorder(SilentProgress):
        def warning(self, message):
            warnings.append(message)

    build_time_stack(paths, tmp_path / "mixed.tif", progress=Recorder())
    with rasterio.open(tmp_path / "mixed.tif") as ds:
        assert not any(ds.units) and ds.scales == (1.0,) * 3
    assert any("different units (K (raw value × 0.02), °C (raw value × 0.02))" in w
               for w in warnings), warnings


def test_given_dates_override_names(tmp_path):
    paths, arrays = dated_rasters(tmp_path, ["a.tif", "b.tif"])
    out = tmp_path / "stack.tif"
    build_time_stack(paths, out, dates=parse_date_list("2020-05-02, 2020-05-01"))
    with rasterio.open(out) as ds:
        assert ds.descriptions == ("2020-05-01", "2020-05-02")
        np.testing.assert_array_equal(ds.read(1), arrays[1])


def test_nodata_carried_from_each_input(tmp_path):
    a = np.full((5, 6), 0.2, "float32")
    a[0, 0] = -1.0
    b = np.full((5, 6), 0.3, "float32")
    b[1, 1] = 255.0
    pa = write_raster(tmp_path / "x_20190401.tif", a, nodata=-1.0)
    pb = write_raster(tmp_path / "x_20190402.tif", b, nodata=255.0)
    out = tmp_path / "s.tif"
    build_time_stack([pa, pb], out)
    with rasterio.open(out) as ds:
        assert ds.nodata == -1.0
        assert ds.read(1)[0, 0] == -1.0 and ds.read(2)[1, 1] == -1.0
        assert ds.read(2)[0, 0] == pytest.approx(0.3)


def test_other_grid_is_aligned_onto_first(tmp_path):
    base = np.arange(20 * 30, dtype="float32").reshape(20, 30)
    p1 = write_raster(tmp_path / "a_20190401.tif", base)
    # Same values at half the cell size: nearest resampling must reproduce the first grid.
    fine = np.repeat(np.repeat(base, 2, axis=0), 2, axis=1)
    p2 = write_raster(tmp_path / "a_20190402.tif", fine, cell=500.0)
    # Another CRS entirely (geographic), covering the area.
    p3 = write_raster(tmp_path / "a_20190403.tif", np.full((50, 50), 7.0, "float32"),
                      crs="EPSG:4326", origin=(116.9, 41.6), cell=0.01)
    messages = []

    class Recorder(SilentProgress):
        def warning(self, message):
            messages.append(message)

    summary = build_time_stack([p1, p2, p3], tmp_path / "s.tif", progress=Recorder())
    assert summary["aligned"] == ["a_20190402.tif", "a_20190403.tif"]
    assert "Aligned 2 input(s)" in messages[0]
    with rasterio.open(tmp_path / "s.tif") as ds:
        assert (ds.width, ds.height) == (30, 20) and ds.crs.to_epsg() == 32650
        np.testing.assert_array_equal(ds.read(2), base)
        band3 = ds.read(3)
        assert ((band3 == 7.0) | (band3 == ds.nodata)).all() and (band3 == 7.0).any()


def test_non_overlapping_input_is_refused(tmp_path):
    p1 = write_raster(tmp_path / "a_20190401.tif", np.ones((5, 5), "float32"))
    p2 = write_raster(tmp_path / "a_20190402.tif", np.ones((5, 5), "float32"),
                      crs="EPSG:4326", origin=(-70, -30), cell=0.01)
    with pytest.raises(InputError, match="'a_20190402.tif'.*do not overlap"):
        build_time_stack([p1, p2], tmp_path / "s.tif")
    assert not os.path.exists(tmp_path / "s.tif")


@pytest.mark.parametrize("names, dates, message", [
    ([], None, "No input rasters"),
    (["sm_20190401.tif", "nodate.tif"], None, "No date found in the file name 'nodate.tif'"),
    (["a_20190401.tif", "b_2019-04-01.tif"], None,
     "Date 2019-04-01 occurs twice: 'a_20190401.tif' and 'b_2019-04-01.tif'"),
    (["a.tif", "b.tif"], "2019-04-01", "1 dates were given for 2 input rasters"),
])
def test_bad_inputs_are_named(tmp_path, names, dates, message):
    paths, _ = dated_rasters(tmp_path, names)
    out = tmp_path / "s.tif"
    with pytest.raises(InputError, match=message):
        build_time_stack(paths, out, dates=parse_date_list(dates) if dates else None)
    assert not out.exists()


def test_band_beyond_count_is_refused(tmp_path):
    paths, _ = dated_rasters(tmp_path, ["a_20190401.tif"])
    with pytest.raises(InputError, match="has 1 band\\(s\\); band 2 was requested"):
        build_time_stack(paths, tmp_path / "s.tif", band=2)


def test_cancel_leaves_no_output(tmp_path):
    paths, _ = dated_rasters(tmp_path, ["a_20190401.tif", "a_20190402.tif"])

    with pytest.raises(Cancelled):
        build_time_stack(paths, tmp_path / "s.tif", block=8, progress=CancelAfter(2))
    assert sorted(os.listdir(tmp_path)) == ["a_20190401.tif", "a_20190402.tif"]


def test_cluster_gives_the_same_bytes_as_in_process(tmp_path, dask_cluster):
    """Three dates (two warped: finer cells, and bilinear from WGS 84) in 12 windows each."""
    import pickle

    from smdownscale.engine.prepare.timestack_builder import BandCopier
    from smdownscale.engine.raster.executors import cluster_session

    rng = np.random.default_rng(5)
    base = rng.uniform(0, 1, (20, 30)).astype("float32")
    base[3, 4] = -9999.0
    p1 = write_raster(tmp_path / "a_20190401.tif", base)
    p2 = write_raster(tmp_path / "a_20190402.tif",
                      np.repeat(np.repeat(base, 2, axis=0), 2, axis=1), cell=500.0)
    p3 = write_raster(tmp_path / "a_20190403.tif",
                      rng.uniform(0, 1, (50, 50)).astype("float32"),
                      crs="EPSG:4326", origin=(116.9, 41.6), cell=0.01)
    results = []
    for label in ("here", "cluster"):
        out = tmp_path / f"{label}.tif"
        if label == "here":
            summary = build_time_stack([p1, p2, p3], out, resampling="bilinear", block=(8, 10))
        else:
            with cluster_session(dask_cluster.address):
                summary = build_time_stack([p1, p2, p3], out, resampling="bilinear",
                                           block=(8, 10))
        with rasterio.open(out) as ds:
            results.append((ds.read(), ds.descriptions, ds.nodata, summary))
    (a, desc_a, nd_a, s_a), (b, desc_b, nd_b, s_b) = results
    assert a.dtype == b.dtype == np.float32 and np.array_equal(a, b, equal_nan=True)
    assert desc_a == desc_b == ("2019-04-01", "2019-04-02", "2019-04-03") and nd_a == nd_b
    assert s_a["aligned"] == s_b["aligned"] == ["a_20190402.tif", "a_20190403.tif"]
    assert a[0, 3, 4] == nd_a and np.array_equal(a[0], base)
    assert ((a[2] != nd_a) & (a[2] >= 0) & (a[2] <= 1)).any()
    task = pickle.loads(pickle.dumps(BandCopier([p1, p3], 1, None, -9999.0, 1)))
    assert [r.path for r in task.inputs] == [p1, p3]

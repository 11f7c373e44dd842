"""SMAP granule import on files written with the products' published HDF5 layouts."""
import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.warp import transform as warp_transform

from helpers import CancelAfter
from smap_granules import LAT, LON, value_at, write_l3, write_l4
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.raster.grids import ease2_row_col
from smdownscale.engine.prepare.smap import ImportOptions, identify, import_smap

@pytest.fixture
def cell():
    return ease2_row_col(36, LON, LAT)


def name(day):
    return f"SMAP_L3_SM_P_2019060{day}_R18290_001.h5"


# --- georeferencing and passes ------------------------------------------------------------
def test_known_point_lands_in_its_ease2_cell(tmp_path, cell):
    south = (300, 100)  # beyond the first 256-row strip
    granule = write_l3(tmp_path / name(1), am={cell: 0.234, south: 0.111}, pm={cell: 0.3})
    assert identify(granule) == "SPL3SMP"
    out = tmp_path / "sm.tif"
    summary = import_smap([granule], str(out), ImportOptions(passes="am"))
    value, descriptions = value_at(out, LON, LAT)
    assert value == pytest.approx(0.234, abs=1e-6)
    assert descriptions == ("2019-06-01",)
    with rasterio.open(out) as ds:
        assert ds.crs.to_epsg() == 6933 and (ds.height, ds.width) == (406, 964)
        assert ds.res[0] == pytest.approx(36032.220840584)
        data = ds.read(1)
        assert (data != -9999).sum() == 2 and ds.nodata == -9999
        assert data[south] == pytest.approx(0.111) and ds.units == ("m³/m³",)
    assert summary["product"] == "SPL3SMP"


def test_pass_choices(tmp_path, cell):
    other = (cell[0], cell[1] + 1)
    granule = write_l3(tmp_path / name(1), am={cell: 0.234}, pm={cell: 0.3, other: 0.25})
    out = str(tmp_path / "sm.tif")
    import_smap([granule], out, ImportOptions(passes="am_pm"))
    assert value_at(out, LON, LAT, 1) == (pytest.approx(0.234), ("2019-06-01T06:00",
                                                                  "2019-06-01T18:00"))
    assert value_at(out, LON, LAT, 2)[0] == pytest.approx(0.3)
    import_smap([granule], out, ImportOptions(passes="pm"))
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.3)
    summary = import_smap([granule], out, ImportOptions(passes="am_fill_pm"))
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.234)  # AM first
    with rasterio.open(out) as ds:
        assert ds.read(1)[other] == pytest.approx(0.25)           # AM gap filled from PM
        assert ds.descriptions == ("2019-06-01",)
    assert summary["counts"]["pm_filled"] == 1


def test_extent_cut_keeps_whole_cells_and_the_location(tmp_path, cell):
    granule = write_l3(tmp_path / name(1), am={cell: 0.2})
    out = str(tmp_path / "cut.tif")
    xs, ys = warp_transform(CRS.from_epsg(4326), CRS.from_epsg(6933), [110, 120], [38, 45])
    summary = import_smap([granule], out, ImportOptions(passes="am"),
                          bounds=(xs[0], ys[0], xs[1], ys[1]))
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.2)
    grid = summary["grid"]
    assert grid.width < 40 and grid.height < 40
    col0 = (grid.transform.c + 17367530.445161499) / 36032.220840584
    assert col0 == pytest.approx(round(col0), abs=1e-6)          # on the global grid


def test_dates_from_names_sorted(tmp_path, cell):
    files = [write_l3(tmp_path / name(d), am={cell: 0.1 * d}) for d in (3, 1, 2)]
    out = str(tmp_path / "sm.tif")
    summary = import_smap(files, out, ImportOptions(passes="am"))
    assert summary["dates"] == ["2019-06-01", "2019-06-02", "2019-06-03"]
    assert value_at(out, LON, LAT, 3)[0] == pytest.approx(0.3)


# --- flags --------------------------------------------------------------------------------
def test_flags_change_the_output_as_documented(tmp_path):
    r, c = ease2_row_col(36, LON, LAT)
    cells = {"good": (r, c), "not_recommended": (r, c + 1), "failed": (r, c + 2),
             "frozen": (r, c + 3), "snow": (r, c + 4), "water": (r, c + 5),
             "too_wet": (r, c + 6)}
    am = {k: 0.2 for k in cells.values()}
    am[cells["too_wet"]] = 0.7
    qual = {cells["not_recommended"]: 0b0001, cells["failed"]: 0b0101}
    surf = {cells["frozen"]: 1 << 7, cells["snow"]: 1 << 5, cells["water"]: 1 << 0}
    granule = write_l3(tmp_path / name(1), am=am, qual_am=qual, surf_am=surf)

    def kept(**options):
        out = str(tmp_path / "sm.tif")
        summary = import_smap([granule], out, ImportOptions(passes="am", **options))
        with rasterio.open(out) as ds:
            data = ds.read(1)
        return {k for k, rc in cells.items() if data[rc] != -9999}, summary["counts"]

    good, counts = kept()
    assert good == {"good"}
    assert counts["quality"] == 2 and counts["frozen"] == 1 and counts["snow_ice_water"] == 2
    assert counts["range"] == 1 and counts["fill"] == 406 * 964 - len(cells)
    assert kept(quality="retrieved")[0] == {"good", "not_recommended"}
    assert kept(quality="none")[0] == {"good", "not_recommended", "failed"}
    assert kept(mask_frozen=False)[0] == {"good", "frozen"}
    assert kept(mask_snow_ice_water=False)[0] == {"good", "snow", "water"}
    assert kept(valid_max=0.8)[0] == {"good", "too_wet"}


# --- L4 and 9 km --------------------------------------------------------------------------
def test_l4_surface_granule_with_its_time(tmp_path):
    r, c = ease2_row_col(9, LON, LAT)
    granule = write_l4(tmp_path / "SMAP_L4_SM_gph_20190601T013000_Vv6032_001.h5",
                       {(r, c): 0.31})
    assert identify(granule) == "SPL4SMGP"
    out = str(tmp_path / "l4.tif")
    xs, ys = warp_transform(CRS.from_epsg(4326), CRS.from_epsg(6933), [115, 117], [41, 42])
    import_smap([granule], out, bounds=(xs[0], ys[0], xs[1], ys[1]))
    value, descriptions = value_at(out, LON, LAT)
    assert value == pytest.approx(0.31) and descriptions == ("2019-06-01T01:30",)
    with rasterio.open(out) as ds:
        assert ds.res[0] == pytest.approx(9008.055210146)


def test_enhanced_9km_l3_is_recognised(tmp_path):
    r, c = ease2_row_col(9, LON, LAT)
    granule = write_l3(tmp_path / "SMAP_L3_SM_P_E_20190601_R18290_001.h5", km=9,
                       am={(r, c): 0.27})
    assert identify(granule) == "SPL3SMP_E"
    out = str(tmp_path / "e.tif")
    xs, ys = warp_transform(CRS.from_epsg(4326), CRS.from_epsg(6933), [115, 117], [41, 42])
    import_smap([granule], out, ImportOptions(passes="am"), bounds=(xs[0], ys[0], xs[1], ys[1]))
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.27)


# --- refused input ------------------------------------------------------------------------
def test_not_hdf5_names_the_file(tmp_path):
    bad = tmp_path / "notes.h5"
    bad.write_text("not hdf5")
    with pytest.raises(InputError, match="'notes.h5' is not an HDF5 file"):
        import_smap([str(bad)], str(tmp_path / "o.tif"))


def test_hdf5_without_smap_layout_says_what_was_expected(tmp_path):
    import h5py

    path = tmp_path / "SMAP_L3_SM_P_20190601_other.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("temperature", data=np.zeros((3, 3)))
    with pytest.raises(InputError, match="is not a SMAP granule: expected the group "
                                         "'Soil_Moisture_Retrieval_Data_AM'"):
        import_smap([str(path)], str(tmp_path / "o.tif"))
    assert not (tmp_path / "o.tif").exists()


def test_wrong_grid_size_mixed_products_and_duplicates(tmp_path, cell):
    import h5py

    small = tmp_path / "SMAP_L3_SM_P_20190605_R1.h5"
    with h5py.File(small, "w") as f:
        f.create_group("Soil_Moisture_Retrieval_Data_AM").create_dataset(
            "soil_moisture", data=np.zeros((10, 10), "float32"))
    with pytest.raises(InputError, match="not the EASE-Grid 2.0 global 36 km"):
        identify(str(small))
    l3 = write_l3(tmp_path / name(1), am={cell: 0.2})
    l4 = write_l4(tmp_path / "SMAP_L4_SM_gph_20190601T013000_Vv6032_001.h5", {})
    with pytest.raises(InputError, match="mix products"):
        import_smap([l3, l4], str(tmp_path / "o.tif"))
    again = write_l3(tmp_path / "SMAP_L3_SM_P_20190601_R19240_001.h5", am={cell: 0.2})
    with pytest.raises(InputError, match="have the same date 2019-06-01"):
        import_smap([l3, again], str(tmp_path / "o.tif"))


def test_name_without_date_refused(tmp_path, cell):
    granule = write_l3(tmp_path / "my_smap.h5", am={cell: 0.2})
    with pytest.raises(InputError, match="No date was found in the file name 'my_smap.h5'"):
        import_smap([granule], str(tmp_path / "o.tif"))


def test_cancel_leaves_no_output(tmp_path, cell):
    files = [write_l3(tmp_path / name(d), am={cell: 0.2}) for d in (1, 2)]
    out = tmp_path / "o.tif"
    with pytest.raises(Cancelled):
        import_smap(files, str(out), progress=CancelAfter(1))
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))


def test_ease2_grid_constants_are_symmetric_about_the_equator_and_greenwich():
    """The 36 km global grid (964 × 406) splits at 0°/0°: an independent check of the origin."""
    assert ease2_row_col(36, 0.01, 0.01) == (202, 482)
    assert ease2_row_col(36, -0.01, -0.01) == (203, 481)
    assert ease2_row_col(9, 0.001, 0.001) == (811, 1928)
    assert ease2_row_col(36, -179.99, 84.0)[1] == 0 and ease2_row_col(36, 179.99, 0)[1] == 963


def test_strips_read_on_the_cluster_give_the_same_stack(tmp_path, cell, monkeypatch,
                                                         dask_cluster):
    """AM and PM bands of two granules, several strips per band: read on two Dask
    workers = read here (bytes, band dates, counts per rule)."""
    from helpers import assert_same_stack
    from smdownscale.engine.prepare.coarse import common
    from smdownscale.engine.raster.executors import cluster_session

    monkeypatch.setattr(common, "STRIP_ROWS", 4)
    south = (cell[0] + 5, cell[1])
    granules = [write_l3(tmp_path / name(1), am={cell: 0.234, south: 0.7}, pm={cell: 0.3}),
                write_l3(tmp_path / name(2), am={south: 0.2}, pm={south: 0.25},
                         surf_pm={south: 1 << 7})]
    xs, ys = warp_transform(CRS.from_epsg(4326), CRS.from_epsg(6933), [110, 120], [38, 45])
    bounds, options = (xs[0], ys[0], xs[1], ys[1]), ImportOptions(passes="am_pm")
    here, there = str(tmp_path / "here.tif"), str(tmp_path / "there.tif")
    s_here = import_smap(granules, here, options, bounds=bounds)
    with cluster_session(dask_cluster.address):
        s_there = import_smap(granules, there, options, bounds=bounds)
    assert s_here["grid"].height > 8  # several strips
    assert_same_stack(here, there)
    assert s_here["counts"] == s_there["counts"] and s_here["dates"] == s_there["dates"]
    assert s_here["counts"]["range"] == 1 and s_here["counts"]["frozen"] == 1
    assert value_at(there, LON, LAT, 1)[0] == pytest.approx(0.234)
    assert value_at(there, LON, LAT, 2)[0] == pytest.approx(0.3)

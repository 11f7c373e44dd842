"""AMSR2 L3 import on files written in JAXA's published layout (tests/amsr2_files.py)."""
import pytest
import rasterio

from amsr2_files import CELL, MISSING, NO_RETRIEVAL, name, write_amsr2
from smap_granules import value_at
from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare.coarse.amsr2 import Amsr2Options, identify, import_amsr2

(LON, LAT), (ROW, COL) = CELL[10]


def test_stored_integer_times_scale_is_the_value_at_its_known_cell(tmp_path):
    south = (1500, 100)  # beyond the first 256-row strip
    f = write_amsr2(tmp_path / name(), {(ROW, COL): 234, south: 111})
    assert identify(f) == "AMSR2_L3_SMC_10km"
    out = str(tmp_path / "sm.tif")
    summary = import_amsr2([f], out)
    value, descriptions = value_at(out, LON, LAT)
    assert value == pytest.approx(0.234, abs=1e-6)        # 234 × 0.1 % = 0.234 m³/m³
    assert descriptions == ("2019-06-01",)
    with rasterio.open(out) as ds:
        assert ds.crs.to_epsg() == 4326 and (ds.height, ds.width) == (1800, 3600)
        assert ds.transform.c == pytest.approx(-180) and ds.transform.f == pytest.approx(90)
        data = ds.read(1)
        assert (data != -9999).sum() == 2 and ds.nodata == -9999 and ds.units == ("m³/m³",)
        assert data[south] == pytest.approx(0.111)
    assert summary["product"] == "AMSR2_L3_SMC_10km"
    assert summary["counts"]["fill"] == 1800 * 3600 - 2


def test_25km_grid_and_extent_cut_keep_the_location(tmp_path):
    (lon, lat), cell = CELL[25]
    f = write_amsr2(tmp_path / name(km=25), {cell: 300}, km=25)
    assert identify(f) == "AMSR2_L3_SMC_25km"
    out = str(tmp_path / "cut.tif")
    summary = import_amsr2([f], out, bounds=(110.1, 38.0, 120.0, 45.0))
    assert value_at(out, lon, lat)[0] == pytest.approx(0.3)
    grid = summary["grid"]
    assert (grid.width, grid.height) == (40, 28)                 # 110.0–120.0, 38.0–45.0
    assert grid.transform.c == pytest.approx(110.0) and grid.transform.f == pytest.approx(45.0)


def test_fill_codes_and_valid_range_are_counted(tmp_path):
    cells = {"good": (ROW, COL), "missing": (ROW, COL + 1), "no_retrieval": (ROW, COL + 2),
             "too_wet": (ROW, COL + 3), "negative": (ROW, COL + 4)}
    stored = {cells["good"]: 200, cells["missing"]: MISSING,
              cells["no_retrieval"]: NO_RETRIEVAL, cells["too_wet"]: 700,
              cells["negative"]: -5}
    f = write_amsr2(tmp_path / name(), stored)
    out = str(tmp_path / "sm.tif")

    def kept(**options):
        summary = import_amsr2([f], out, Amsr2Options(**options),
                               bounds=(115, 40, 118, 43))
        with rasterio.open(out) as ds:
            data = ds.read(1)
            index = {k: ds.index(116.05 + 0.1 * (rc[1] - COL), LAT) for k, rc in cells.items()}
        return {k for k, rc in index.items() if data[rc] != -9999}, summary["counts"]

    good, counts = kept()
    assert good == {"good"}
    assert counts["range"] == 2                                  # 70 % and −0.5 %
    assert kept(valid_max=0.8)[0] == {"good", "too_wet"}
    assert kept(fill_codes=[MISSING])[0] == {"good"}             # −32767 × 0.1 % < 0
    assert kept(fill_codes=[MISSING], valid_min=-5000)[0] == {"good", "no_retrieval",
                                                              "negative"}


def test_pass_choices(tmp_path):
    other = (ROW, COL + 1)
    desc = write_amsr2(tmp_path / name(1, "D"), {(ROW, COL): 200})
    asc = write_amsr2(tmp_path / name(1, "A"), {(ROW, COL): 300, other: 250})
    out = str(tmp_path / "sm.tif")
    box = (115, 40, 118, 43)
    summary = import_amsr2([asc, desc], out, bounds=box)         # default: desc, gaps ← asc
    assert summary["dates"] == ["2019-06-01"] and summary["counts"]["filled"] == 1
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.2)
    assert value_at(out, LON + 0.1, LAT)[0] == pytest.approx(0.25)
    summary = import_amsr2([asc, desc], out, Amsr2Options(passes="asc_desc"), bounds=box)
    assert summary["dates"] == ["2019-06-01T01:30", "2019-06-01T13:30"]
    assert value_at(out, LON, LAT, 2)[0] == pytest.approx(0.3)
    import_amsr2([asc, desc], out, Amsr2Options(passes="asc"), bounds=box)
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.3)
    with pytest.raises(InputError, match="None of the 1 file"):
        import_amsr2([asc], out, Amsr2Options(passes="desc"), bounds=box)


# --- refused input ------------------------------------------------------------------------
def test_wrong_product_missing_dataset_and_scale(tmp_path):
    sst = write_amsr2(tmp_path / "GW1AM2_20190601_01D_EQMA_L3SGSSTLF3300300.h5", {},
                      km=25, geophysical_name="Sea Surface Temperature")
    with pytest.raises(InputError, match="is the AMSR2 L3 product 'Sea Surface Temperature'"
                                         ", not soil moisture"):
        identify(sst)
    none = write_amsr2(tmp_path / name(2), {}, km=25, dataset="Brightness Temperature")
    with pytest.raises(InputError, match="has no 'Geophysical Data' dataset"):
        identify(none)
    unscaled = write_amsr2(tmp_path / name(3), {}, km=25, scale=None)
    with pytest.raises(InputError, match="lacks the 'SCALE FACTOR' attribute"):
        identify(unscaled)


def test_wrong_grid_and_all_flagged_leave_no_output(tmp_path):
    small = write_amsr2(tmp_path / name(), {}, shape=(100, 200))
    out = tmp_path / "o.tif"
    with pytest.raises(InputError, match=r"holds a 100 × 200 array, not the AMSR2 L3"):
        import_amsr2([small], str(out))
    empty = write_amsr2(tmp_path / name(2), {(ROW, COL): MISSING})
    with pytest.raises(InputError, match=r"No value is left in '.*20190602.*' in the "
                                         r"chosen extent: it holds only fill values there"):
        import_amsr2([empty], str(out), bounds=(115, 40, 118, 43))
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))


def test_not_hdf5_no_pass_and_duplicates(tmp_path):
    bad = tmp_path / "notes.h5"
    bad.write_text("text")
    with pytest.raises(InputError, match="'notes.h5' is not an HDF5 file"):
        import_amsr2([str(bad)], str(tmp_path / "o.tif"))
    nopass = write_amsr2(tmp_path / "GW1AM2_20190601_L3SGSMC.h5", {}, km=25)
    with pytest.raises(InputError, match="No pass was found in the file name"):
        import_amsr2([nopass], str(tmp_path / "o.tif"))
    a = write_amsr2(tmp_path / name(1, "D", 25), {}, km=25)
    b = write_amsr2(tmp_path / name(1, "D", 25).replace("3300300", "2220220"), {}, km=25)
    with pytest.raises(InputError, match="have the same date 2019-06-01 \\(D pass\\)"):
        import_amsr2([a, b], str(tmp_path / "o.tif"))
    c = write_amsr2(tmp_path / name(2, "D", 10), {})
    with pytest.raises(InputError, match="mix products"):
        import_amsr2([a, c], str(tmp_path / "o.tif"))


def test_strips_read_on_the_cluster_give_the_same_stack(tmp_path, monkeypatch, dask_cluster):
    """Two days, the descending gaps filled from the ascending pass, 4 strips per band:
    read on two Dask workers = read here (bytes, band dates, counts per rule)."""
    from helpers import assert_same_stack
    from smdownscale.engine.prepare.coarse import common
    from smdownscale.engine.raster.executors import cluster_session

    monkeypatch.setattr(common, "STRIP_ROWS", 8)  # the 28-row cut: 4 strips per band
    (_, _), (r, c) = CELL[25]
    files = [write_amsr2(tmp_path / name(1, "D", km=25), {(r, c): 250}, km=25),
             write_amsr2(tmp_path / name(1, "A", km=25),
                         {(r, c): 300, (r + 10, c + 5): 200, (r - 10, c + 10): 900}, km=25),
             write_amsr2(tmp_path / name(2, "D", km=25), {(r + 3, c + 3): 150}, km=25)]
    bounds = (110.1, 38.0, 120.0, 45.0)
    here, there = str(tmp_path / "here.tif"), str(tmp_path / "there.tif")
    s_here = import_amsr2(files, here, bounds=bounds)
    with cluster_session(dask_cluster.address):
        s_there = import_amsr2(files, there, bounds=bounds)
    assert_same_stack(here, there)
    assert s_here["counts"] == s_there["counts"] and s_here["dates"] == s_there["dates"]
    assert s_here["counts"]["filled"] == 1 and s_here["counts"]["range"] == 1  # 90 %
    assert s_here["dates"] == ["2019-06-01", "2019-06-02"]
    with rasterio.open(there) as ds:
        row0, col0 = 180, 1160  # the cut starts at 45° N, 110° E
        assert ds.read(1)[r - row0, c - col0] == pytest.approx(0.25)  # descending kept
        assert ds.read(1)[r + 10 - row0, c + 5 - col0] == pytest.approx(0.2)  # filled
        assert ds.read(2)[r + 3 - row0, c + 3 - col0] == pytest.approx(0.15)

"""SMOS CATDS L3SM and SMOS-IC import on files written in their layouts (tests/smos_files.py)."""
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.warp import transform

from smap_granules import value_at
from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare.coarse.smos import SmosOptions, identify, import_smos
from smos_files import COL, ROW, catds_name, centre_lonlat, ic_name, write_smos

LON, LAT = centre_lonlat(ROW, COL)


def box(lon0, lat0, lon1, lat1):
    xs, ys = transform(CRS.from_epsg(4326), CRS.from_epsg(6933), [lon0, lon1], [lat0, lat1])
    return xs[0], ys[0], xs[1], ys[1]


BOX = box(LON - 1, LAT - 1, LON + 3, LAT + 1)


def test_value_at_the_cell_whose_centre_the_grid_defines(tmp_path):
    f = write_smos(tmp_path / catds_name(), {(ROW, COL): 0.234, (500, 20): 0.1})
    assert identify(f) == "SMOS CATDS L3SM"
    out = str(tmp_path / "sm.tif")
    summary = import_smos([f], out)
    value, descriptions = value_at(out, LON, LAT)
    assert value == pytest.approx(0.234, abs=1e-6) and descriptions == ("2019-06-01",)
    with rasterio.open(out) as ds:
        assert ds.crs.to_epsg() == 6933 and (ds.height, ds.width) == (584, 1388)
        assert ds.res[0] == pytest.approx(25025.26) and ds.units == ("m³/m³",)
        assert ds.transform.c == pytest.approx(-17367530.44)
        assert ds.read(1)[500, 20] == pytest.approx(0.1)          # beyond the first strip
    assert summary["counts"]["fill"] == 584 * 1388 - 2


def test_each_screening_rule_and_its_switch(tmp_path):
    r, c = ROW, COL
    cells = {"good": (r, c), "dqx": (r, c + 1), "rfi": (r, c + 2), "chi2": (r, c + 3),
             "flag": (r, c + 4), "too_wet": (r, c + 5)}
    values = {rc: 0.2 for rc in cells.values()}
    values[cells["too_wet"]] = 0.7
    f = write_smos(tmp_path / catds_name(), values, extra={
        "Soil_Moisture_Dqx": {cells["dqx"]: 0.15}, "Rfi_Prob": {cells["rfi"]: 0.5},
        "Chi_2_P": {cells["chi2"]: 0.01}, "Science_Flags": {cells["flag"]: 1 << 3}})
    out = str(tmp_path / "sm.tif")

    def kept(**options):
        summary = import_smos([f], out, SmosOptions(**options), bounds=BOX)
        with rasterio.open(out) as ds:
            data = ds.read(1)
            index = {k: ds.index(*_centre_xy(*rc)) for k, rc in cells.items()}
        return {k for k, rc in index.items() if data[rc] != -9999}, summary["counts"]

    good, counts = kept()
    assert good == {"good", "flag"}                              # no flag bit by default
    assert (counts["dqx"], counts["rfi"], counts["chi2"], counts["range"]) == (1, 1, 1, 1)
    assert kept(science_flag_mask=1 << 3)[0] == {"good"}
    assert kept(max_dqx=0)[0] == {"good", "flag", "dqx"}
    assert kept(max_rfi_prob=1)[0] == {"good", "flag", "rfi"}
    assert kept(min_chi2_prob=0)[0] == {"good", "flag", "chi2"}
    assert kept(valid_max=0.8)[0] == {"good", "flag", "too_wet"}


def _centre_xy(row, col):
    return -17367530.44 + (col + 0.5) * 25025.26, 7307375.92 - (row + 0.5) * 25025.26


def test_overpasses_ascending_first_and_as_separate_bands(tmp_path):
    other = (ROW, COL + 1)
    asc = write_smos(tmp_path / catds_name(1, "A"), {(ROW, COL): 0.2})
    desc = write_smos(tmp_path / catds_name(1, "D"), {(ROW, COL): 0.3, other: 0.25})
    out = str(tmp_path / "sm.tif")
    summary = import_smos([desc, asc], out, bounds=BOX)
    assert summary["dates"] == ["2019-06-01"] and summary["counts"]["filled"] == 1
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.2)         # 06:00 ascending first
    with rasterio.open(out) as ds:
        assert ds.read(1)[ds.index(*_centre_xy(*other))] == pytest.approx(0.25)
    summary = import_smos([desc, asc], out, SmosOptions(passes="asc_desc"), bounds=BOX)
    assert summary["dates"] == ["2019-06-01T06:00", "2019-06-01T18:00"]
    assert value_at(out, LON, LAT, 2)[0] == pytest.approx(0.3)
    import_smos([desc, asc], out, SmosOptions(passes="desc"), bounds=BOX)
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.3)


def test_smos_ic_layout_and_its_quality_flag(tmp_path):
    f = write_smos(tmp_path / ic_name(1, "D"), {(ROW, COL): 0.2, (ROW, COL + 1): 0.3},
                   extra={"Quality_Flag": {(ROW, COL + 1): 1}}, product="ic")
    assert identify(f) == "SMOS-IC"
    out = str(tmp_path / "ic.tif")
    summary = import_smos([f], out, SmosOptions(passes="asc_desc"), bounds=BOX)
    assert summary["dates"] == ["2019-06-01T18:00"] and summary["counts"]["quality"] == 1
    assert value_at(out, LON, LAT)[0] == pytest.approx(0.2)
    import_smos([f], out, SmosOptions(passes="desc", ic_max_quality=1), bounds=BOX)
    with rasterio.open(out) as ds:
        assert ds.read(1)[ds.index(*_centre_xy(ROW, COL + 1))] == pytest.approx(0.3)


# --- refused input ------------------------------------------------------------------------
def test_bad_files_are_named_and_leave_no_output(tmp_path):
    out = tmp_path / "o.tif"
    flipped = write_smos(tmp_path / catds_name(1), {}, flip=True)
    with pytest.raises(InputError, match="is not on the EASE-Grid 2.0 25 km grid: its 'lat'"):
        import_smos([flipped], str(out))
    no_rfi = write_smos(tmp_path / catds_name(2), {(ROW, COL): 0.2}, drop=("Rfi_Prob",))
    with pytest.raises(InputError, match="lacks the 'Rfi_Prob' variable; set the RFI "
                                         "probability to 1"):
        import_smos([no_rfi], str(out), bounds=BOX)
    assert import_smos([no_rfi], str(out), SmosOptions(max_rfi_prob=1), bounds=BOX)
    out.unlink()
    neither = write_smos(tmp_path / catds_name(3), {}, drop=("Soil_Moisture_Dqx",))
    with pytest.raises(InputError, match="neither 'Soil_Moisture_Dqx'"):
        import_smos([neither], str(out))
    rfi = write_smos(tmp_path / catds_name(4), {(ROW, COL): 0.2},
                     extra={"Rfi_Prob": {(ROW, COL): 0.9}})
    with pytest.raises(InputError, match=r"No value is left in '.*20190604T.*'.*most by "
                                         "'RFI probability'"):
        import_smos([rfi], str(out), bounds=BOX)
    from cci_files import name, write_cci

    cci = write_cci(tmp_path / name(), {})
    with pytest.raises(InputError, match="has no 'Soil_Moisture' variable"):
        import_smos([cci], str(out))
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))

"""ESA CCI SM import on files written in the published layout (tests/cci_files.py)."""
import pytest
import rasterio

from cci_files import COL, LAT, LON, ROW, name, write_cci
from smap_granules import value_at
from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare.coarse.cci import CciOptions, identify, import_cci

BOX = (115.0, 40.0, 118.0, 43.0)


def test_value_at_its_known_cell_on_the_global_grid(tmp_path):
    f = write_cci(tmp_path / name(), {(ROW, COL): 0.234, (600, 10): 0.1})
    assert identify(f) == "ESA CCI SM COMBINED"
    out = str(tmp_path / "sm.tif")
    summary = import_cci([f], out)
    value, descriptions = value_at(out, LON, LAT)
    assert value == pytest.approx(0.234, abs=1e-6) and descriptions == ("2019-06-01",)
    with rasterio.open(out) as ds:
        assert ds.crs.to_epsg() == 4326 and (ds.height, ds.width) == (720, 1440)
        assert ds.res == pytest.approx((0.25, 0.25)) and ds.units == ("m³/m³",)
        assert ds.read(1)[600, 10] == pytest.approx(0.1)          # beyond the first strip
    assert summary["counts"]["fill"] == 720 * 1440 - 2


def test_flags_and_range_with_the_extent_cut(tmp_path):
    cells = {"good": (ROW, COL), "snow": (ROW, COL + 1), "dense_veg": (ROW, COL + 2),
             "too_wet": (ROW, COL + 3)}
    f = write_cci(tmp_path / name(), {rc: (0.7 if k == "too_wet" else 0.2)
                                      for k, rc in cells.items()},
                  flags={cells["snow"]: 1, cells["dense_veg"]: 2})
    out = str(tmp_path / "sm.tif")

    def kept(**options):
        summary = import_cci([f], out, CciOptions(**options), bounds=BOX)
        with rasterio.open(out) as ds:
            data = ds.read(1)
            index = {k: ds.index(LON + 0.25 * (c - COL), LAT) for k, (r, c) in cells.items()}
        return {k for k, rc in index.items() if data[rc] != -9999}, summary

    good, summary = kept()
    assert good == {"good"}
    assert summary["counts"]["flag"] == 2 and summary["counts"]["range"] == 1
    grid = summary["grid"]
    assert (grid.width, grid.height) == (12, 12) and grid.transform.c == pytest.approx(115)
    assert kept(flag_mask=1)[0] == {"good", "dense_veg"}           # only bit 0 screened
    assert kept(flag_mask=0, valid_max=0.8)[0] == set(cells)


def test_active_is_degree_of_saturation_and_types_are_not_mixed(tmp_path):
    active = write_cci(tmp_path / name(1, "ACTIVE"), {(ROW, COL): 55.0}, kind="ACTIVE")
    out = str(tmp_path / "a.tif")
    summary = import_cci([active], out, bounds=BOX)
    assert summary["product"] == "ESA CCI SM ACTIVE"
    assert value_at(out, LON, LAT)[0] == pytest.approx(55.0)
    with rasterio.open(out) as ds:
        assert ds.units == ("% of saturation",)
    passive = write_cci(tmp_path / name(2, "PASSIVE"), {(ROW, COL): 0.2}, kind="PASSIVE")
    with pytest.raises(InputError, match="mix products"):
        import_cci([active, passive], out)


def test_dates_sorted_from_the_names(tmp_path):
    files = [write_cci(tmp_path / name(d), {(ROW, COL): 0.1 * d}) for d in (3, 1, 2)]
    out = str(tmp_path / "sm.tif")
    summary = import_cci(files, out, bounds=BOX)
    assert summary["dates"] == ["2019-06-01", "2019-06-02", "2019-06-03"]
    assert value_at(out, LON, LAT, 3)[0] == pytest.approx(0.3)


# --- refused input ------------------------------------------------------------------------
def test_bad_files_are_named(tmp_path):
    out = tmp_path / "o.tif"
    text = tmp_path / "x.nc"
    text.write_text("no")
    with pytest.raises(InputError, match="'x.nc' is not a NetCDF file"):
        import_cci([str(text)], str(out))
    other = write_cci(tmp_path / name(1), {}, variable="soil_moisture")
    with pytest.raises(InputError, match="has no 'sm' variable"):
        import_cci([other], str(out))
    flipped = write_cci(tmp_path / name(2), {}, lat_first=-89.875)
    with pytest.raises(InputError, match="first lat is -89.875°, not 89.875°"):
        import_cci([flipped], str(out))
    small = write_cci(tmp_path / name(3), {}, shape=(180, 360))
    with pytest.raises(InputError, match="holds a 180 × 360 array"):
        import_cci([small], str(out))
    noflag = write_cci(tmp_path / name(4), {(ROW, COL): 0.2}, with_flag=False)
    with pytest.raises(InputError, match="lacks the 'flag' variable; set the flag mask to 0"):
        import_cci([noflag], str(out), bounds=BOX)
    flagged = write_cci(tmp_path / name(5), {(ROW, COL): 0.2}, flags={(ROW, COL): 32})
    with pytest.raises(InputError, match=r"No value is left in '.*20190605.*' in the chosen "
                                         r"extent: every value was removed by the "
                                         r"screening \(most by 'flag': 1 cells\)"):
        import_cci([flagged], str(out), bounds=BOX)
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))

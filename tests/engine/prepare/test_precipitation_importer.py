"""The precipitation importer: product recognition, refusals, and the stack antecedent reads."""
import datetime as dt

import pytest
import rasterio

from precipitation_files import AFRICA, write_chirps_tif, write_era5land, write_imerg_nc4
from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare.antecedent import antecedent_stack
from smdownscale.engine.prepare.precipitation.importer import (PrecipitationOptions, detect,
                                                               import_precipitation)

BOX = (110.0, 38.0, 120.0, 45.0)
IMERG = "3B-DAY.MS.MRG.3IMERG.2019060{}-S000000-E235959.V06.nc4"


@pytest.fixture
def files(tmp_path):
    """A small file of each product (regional subsets, as users download them)."""
    return {
        "imerg": write_imerg_nc4(tmp_path / IMERG.format(1), {(116.05, 40.95): 5.0}, box=BOX),
        "chirps": write_chirps_tif(tmp_path / "chirps-v2.0.2019.06.01.tif", {}, window=AFRICA),
        "era5land": write_era5land(tmp_path / "era5land.nc",
                                   [(dt.datetime(2019, 6, 2), {(116.0, 41.0): 0.001})]),
    }


def test_the_product_is_recognised_from_the_layout(files):
    assert {key: detect(path)[0] for key, path in files.items()} == \
        {"imerg": "imerg", "chirps": "chirps", "era5land": "era5land"}


def test_a_file_of_another_product_is_refused_by_name(files, tmp_path):
    out = tmp_path / "rain.tif"
    with pytest.raises(InputError, match=r"'era5land.nc' holds ERA5-Land data, not IMERG\. "
                                         "Choose the product ERA5-Land"):
        import_precipitation([files["era5land"]], str(out), PrecipitationOptions("imerg"))
    with pytest.raises(InputError, match="The files mix products: '3B-DAY"):
        import_precipitation([files["imerg"], files["chirps"]], str(out))
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))


def test_unknown_files_and_variables_are_refused(tmp_path):
    import netCDF4

    text = tmp_path / "notes.tif"
    text.write_text("not a raster")
    with pytest.raises(InputError, match="'notes.tif' is not an IMERG .* file"):
        detect(str(text))
    other = tmp_path / "soil.nc"
    with netCDF4.Dataset(other, "w") as ds:
        ds.createDimension("x", 2)
        ds.createVariable("swvl1", "f4", ("x",))
    with pytest.raises(InputError, match="'soil.nc' has none of the precipitation variables"):
        detect(str(other))


def test_the_same_day_twice_is_refused(files, tmp_path):
    late = write_imerg_nc4(tmp_path / IMERG.format(1).replace("3B-DAY.", "3B-DAY-L."), {},
                           box=BOX)
    with pytest.raises(InputError, match="The day 2019-06-01 comes twice, from '3B-DAY"):
        import_precipitation([files["imerg"], late], str(tmp_path / "rain.tif"))


def test_an_extent_outside_the_files_is_refused(files, tmp_path):
    with pytest.raises(InputError, match="do not cover the requested extent"):
        import_precipitation([files["imerg"]], str(tmp_path / "rain.tif"),
                             bounds=(0.0, 0.0, 1.0, 1.0))


def test_options_refuse_unknown_choices():
    with pytest.raises(InputError, match="Unknown precipitation product 'gpcp'"):
        PrecipitationOptions(product="gpcp").validated()
    with pytest.raises(InputError, match="Unknown IMERG variable 'uncal'"):
        PrecipitationOptions(imerg_variable="uncal").validated()


def test_the_stack_feeds_the_antecedent_precipitation_index(files, tmp_path):
    second = write_imerg_nc4(tmp_path / IMERG.format(2), {(116.05, 40.95): 10.0}, box=BOX,
                             day=dt.date(2019, 6, 2))
    rain, api = tmp_path / "rain.tif", tmp_path / "api.tif"
    import_precipitation([second, files["imerg"]], str(rain))
    antecedent_stack(str(rain), str(api), retention=0.5)
    with rasterio.open(api) as ds:
        assert ds.units == ("mm", "mm") and ds.descriptions == ("2019-06-01", "2019-06-02")
        row, col = ds.index(116.05, 40.95)
        first, second_day = ds.read()[:, row, col]
    # Equilibrium start: mean rain 7.5 / (1 − 0.5) = 15 → 0.5 · 15 + 5 = 12.5; 0.5 · 12.5 + 10
    assert (first, second_day) == pytest.approx((12.5, 16.25))


def test_strips_read_on_the_cluster_give_the_same_stack(tmp_path, monkeypatch, dask_cluster):
    """ERA5-Land, two daily totals from one file (one source read for two bands), small
    and negative totals, 5 strips per band: read on two Dask workers = read here."""
    from helpers import assert_same_stack
    from precipitation_files import value_at
    from smdownscale.engine.prepare.precipitation import importer
    from smdownscale.engine.raster.executors import cluster_session

    monkeypatch.setattr(importer, "STRIP_ROWS", 16)  # 71 rows: 5 strips per band
    path = write_era5land(tmp_path / "era5land.nc", [
        (dt.datetime(2019, 6, 2), {(116.0, 41.0): 0.004, (111.0, 44.0): -0.000001}),
        (dt.datetime(2019, 6, 3), {(116.0, 41.0): 0.0005, (119.0, 39.0): -0.002})])
    here, there = str(tmp_path / "here.tif"), str(tmp_path / "there.tif")
    s_here = import_precipitation([path], here)
    with cluster_session(dask_cluster.address):
        s_there = import_precipitation([path], there)
    assert_same_stack(here, there)
    assert s_here["counts"] == s_there["counts"] and s_here["dates"] == s_there["dates"]
    assert s_here["dates"] == ["2019-06-01", "2019-06-02"]
    assert s_here["counts"]["negative_zeroed"] == 1 and s_here["counts"]["negative_removed"] == 1
    assert value_at(there, 116.0, 41.0, 1)[0] == pytest.approx(4.0)   # 0.004 m → 4 mm/day
    assert value_at(there, 116.0, 41.0, 2)[0] == pytest.approx(0.5)
    assert value_at(there, 111.0, 44.0, 1)[0] == 0.0                  # −0.001 mm → 0
    assert value_at(there, 119.0, 39.0, 2)[0] == -9999                # −2 mm: removed

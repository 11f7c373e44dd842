"""CHIRPS v2.0 daily import, on GeoTIFF and NetCDF files in CHC's published layouts."""
import datetime as dt
import gzip
import shutil

import pytest
import rasterio

from precipitation_files import AFRICA, value_at, write_chirps_nc, write_chirps_tif
from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare.precipitation.importer import import_precipitation
from smdownscale.engine.raster.global_grids import CHIRPS_005

TIF = "chirps-v2.0.2019.06.01.tif"
BOX = (110.0, 38.0, 120.0, 45.0)
OCEAN = (slice(0, 100), slice(0, 200))   # 100 × 200 cells of −9999 in the north-west


@pytest.fixture(scope="module")
def global_tif(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chirps")
    return write_chirps_tif(folder / TIF, {(116.02, 40.97): 7.5, (-179.99, -49.99): 1.5},
                            ocean=OCEAN)


def test_global_geotiff_keeps_its_grid_and_fill(global_tif, tmp_path):
    out = tmp_path / "chirps.tif"
    summary = import_precipitation([global_tif], str(out))
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (7200, 2000) and ds.res == pytest.approx((0.05, 0.05))
        assert (ds.transform.c, ds.transform.f) == pytest.approx((-180.0, 50.0))
        assert ds.descriptions == ("2019-06-01",) and ds.units == ("mm/day",)
        data = ds.read(1)
    assert data[CHIRPS_005.row_col(116.02, 40.97)] == 7.5
    assert data[1999, 0] == 1.5                          # the south-west corner cell
    assert (data[OCEAN] == -9999).all()
    assert summary["counts"]["fill"] == 100 * 200


def test_gzipped_geotiff_as_served_is_read(global_tif, tmp_path):
    gz = tmp_path / (TIF + ".gz")
    with open(global_tif, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    out = tmp_path / "chirps.tif"
    import_precipitation([str(gz)], str(out), bounds=BOX)
    assert value_at(out, 116.02, 40.97) == (7.5, ("2019-06-01",))


def test_africa_tile_is_a_cut_of_the_global_grid(tmp_path):
    path = write_chirps_tif(tmp_path / "chirps-v2.0.2019.06.02.tif", {(10.02, 5.03): 9.0},
                            window=AFRICA)
    out = tmp_path / "chirps.tif"
    import_precipitation([path], str(out))
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (1500, 1600)
        assert (ds.transform.c, ds.transform.f) == pytest.approx((-20.0, 40.0))
    assert value_at(out, 10.02, 5.03) == (9.0, ("2019-06-02",))


def test_yearly_netcdf_gives_one_band_per_day_and_mixes_with_geotiffs(global_tif, tmp_path):
    nc = write_chirps_nc(tmp_path / "chirps-v2.0.2019.days_p05.nc",
                         [(dt.date(2019, 6, 2), {(116.02, 40.97): 3.0}),
                          (dt.date(2019, 6, 3), {(116.02, 40.97): 4.0})])
    out = tmp_path / "chirps.tif"
    summary = import_precipitation([nc, global_tif], str(out), bounds=BOX)
    assert summary["dates"] == ["2019-06-01", "2019-06-02", "2019-06-03"]
    assert [value_at(out, 116.02, 40.97, b)[0] for b in (1, 2, 3)] == [7.5, 3.0, 4.0]


@pytest.mark.parametrize("name, cell, message", [
    ("chirps-v2.0.2019.06.01.tif", 0.25, "has cells of 0.25° × 0.25°, not the 0.05° cells"),
    ("chirps_latest.tif", 0.05, "No date was found in the file name 'chirps_latest.tif'"),
])
def test_bad_geotiffs_are_refused(tmp_path, name, cell, message):
    path = write_chirps_tif(tmp_path / name, {}, window=AFRICA, cell=cell)
    out = tmp_path / "chirps.tif"
    with pytest.raises(InputError, match=message):
        import_precipitation([path], str(out))
    assert not out.exists()

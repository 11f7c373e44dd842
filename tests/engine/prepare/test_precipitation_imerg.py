"""GPM IMERG daily import, on files written in the GES DISC NetCDF4 and PPS HDF5 layouts."""
import numpy as np
import pytest
import rasterio

from precipitation_files import IMERG_FILL, value_at, write_imerg_hdf5, write_imerg_nc4
from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare.precipitation.importer import (PrecipitationOptions,
                                                               import_precipitation)

V06 = "3B-DAY.MS.MRG.3IMERG.20190601-S000000-E235959.V06.nc4"
BOX = (110.0, 38.0, 120.0, 45.0)


@pytest.fixture(scope="module")
def global_nc4(tmp_path_factory):
    """One global V06 daily file: known cells at the corners and in the study region."""
    folder = tmp_path_factory.mktemp("imerg")
    return write_imerg_nc4(folder / V06, {
        (116.05, 40.95): 12.5, (-179.95, -89.95): 3.0, (179.95, 89.95): 4.0,
        (116.15, 40.95): -0.2, (116.25, 40.95): -5.0, (116.35, 40.95): IMERG_FILL},
        hq_values={(116.05, 40.95): 2.0})


def test_lon_lat_order_is_transposed_and_flipped_north_up(global_nc4, tmp_path):
    out = tmp_path / "imerg.tif"
    summary = import_precipitation([global_nc4], str(out))
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (3600, 1800) and ds.crs.to_epsg() == 4326
        assert ds.transform.c == pytest.approx(-180.0) and ds.transform.f == pytest.approx(90.0)
        assert ds.descriptions == ("2019-06-01",) and ds.units == ("mm/day",)
        assert ds.nodata == -9999
        data = ds.read(1)
    # Row = floor((90 − lat) / 0.1), col = floor((lon + 180) / 0.1) of the 0.1° grid.
    assert data[1799, 0] == 3.0 and data[0, 3599] == 4.0 and data[490, 2960] == 12.5
    assert summary["labels"] == ["IMERG Final V06 precipitationCal"]


def test_fill_and_negative_values_are_counted(global_nc4, tmp_path):
    out = tmp_path / "imerg.tif"
    summary = import_precipitation([global_nc4], str(out), bounds=BOX)
    assert value_at(out, 116.15, 40.95)[0] == 0.0           # −0.2 mm: an artefact → 0
    assert value_at(out, 116.25, 40.95)[0] == -9999.0       # −5 mm: undeclared fill
    assert value_at(out, 116.35, 40.95)[0] == -9999.0       # −9999.9: the fill value
    assert summary["counts"] == {"fill": 1, "negative_zeroed": 1, "negative_removed": 1}
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (100, 70) and ds.transform.c == pytest.approx(110.0)


def test_microwave_variable_is_read_when_chosen(global_nc4, tmp_path):
    out = tmp_path / "imerg.tif"
    summary = import_precipitation([global_nc4], str(out),
                                   PrecipitationOptions(imerg_variable="microwave"), BOX)
    assert value_at(out, 116.05, 40.95)[0] == 2.0
    assert summary["labels"] == ["IMERG Final V06 HQprecipitation"]


def test_hdf5_granule_with_a_daily_mean_rate_is_multiplied_by_24(tmp_path):
    path = write_imerg_hdf5(tmp_path / "3B-DAY-L.MS.MRG.3IMERG.20190602-S000000-E235959.V07B"
                            ".HDF5", {(116.05, 40.95): 0.5})
    out = tmp_path / "imerg.tif"
    summary = import_precipitation([path], str(out), bounds=BOX)
    assert value_at(out, 116.05, 40.95) == (12.0, ("2019-06-02",))
    assert summary["labels"] == ["IMERG Late V07B precipitation"]


def test_subset_dated_by_its_time_coordinate(tmp_path):
    import datetime as dt

    path = write_imerg_nc4(tmp_path / "imerg_subset.nc4", {(116.05, 40.95): 7.0}, box=BOX,
                           day=dt.date(2019, 6, 3))
    out = tmp_path / "imerg.tif"
    import_precipitation([path], str(out))
    assert value_at(out, 116.05, 40.95) == (7.0, ("2019-06-03",))
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (100, 70)


@pytest.mark.parametrize("name, units, message", [
    ("imerg_subset.nc4", "mm", "No date was found in 'imerg_subset.nc4'"),
    ("3B-HHR.MS.MRG.3IMERG.20190601-S000000-E002959.0000.V06B.nc4", "mm",
     "is a half-hourly IMERG granule; download the daily product"),
    (V06, "kg m-2", "precipitationCal has units 'kg m-2', neither a daily amount"),
])
def test_bad_files_are_refused_by_name(tmp_path, name, units, message):
    path = write_imerg_nc4(tmp_path / name, {}, box=BOX, units=units, day=None)
    out = tmp_path / "imerg.tif"
    with pytest.raises(InputError, match=message):
        import_precipitation([path], str(out))
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))


def test_values_keep_their_order_across_strips(global_nc4, tmp_path):
    """The south-west corner lies 1800 rows below the first 256-row strip."""
    out = tmp_path / "imerg.tif"
    import_precipitation([global_nc4], str(out), bounds=(-180.0, -90.0, -179.0, 89.0))
    with rasterio.open(out) as ds:
        data = ds.read(1)
    assert data.shape == (1790, 10) and data[-1, 0] == 3.0
    assert np.count_nonzero(data == 3.0) == 1


def test_a_missing_variable_is_named(tmp_path):
    path = write_imerg_hdf5(tmp_path / "3B-DAY.MS.MRG.3IMERG.20190602-S000000-E235959.V07B"
                            ".HDF5", {})
    with pytest.raises(InputError, match="has no IMERG variable HQprecipitation or "
                                         r"MWprecipitation \(the microwave precipitation\)"):
        import_precipitation([path], str(tmp_path / "o.tif"),
                             PrecipitationOptions(imerg_variable="microwave"))

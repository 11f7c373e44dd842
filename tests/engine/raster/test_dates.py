"""Band dates: ISO parsing and dates in file names."""
import datetime as dt

import pytest

from smdownscale.engine.raster.dates import (BandDate, parse_date_from_name, parse_date_list,
                                             parse_iso)
from smdownscale.engine.errors import InputError


@pytest.mark.parametrize("name, iso", [
    ("SMAP_L3_SM_P_20190401_R18290_001.h5", "2019-04-01"),
    ("SMAP_L3_SM_P_E_20190401_R18290_001.h5", "2019-04-01"),
    ("SMAP_L4_SM_gph_20190401T013000_Vv7032_001.h5", "2019-04-01T01:30"),
    ("MOD09GA.A2019091.h26v04.061.2020301120000.hdf", "2019-04-01"),
    ("MYD11A1.A2020060.h26v04.tif", "2020-02-29"),  # leap year, day 60
    ("sm_2019-04-01.tif", "2019-04-01"),
    ("sm_2019-04-01T18:00.tif", "2019-04-01T18:00"),
    ("LC08_L2SP_123032_20190401_20190422_02_T1_SR_B4.TIF", "2019-04-01"),
    ("/data/some/dir_2020/20190402.tif", "2019-04-02"),
])
def test_dates_in_names(name, iso):
    assert parse_date_from_name(name).iso == iso


@pytest.mark.parametrize("name", ["dem.tif", "sm_20191301.tif", "A2019400.tif", "x_123456789.tif"])
def test_names_without_valid_date(name):
    assert parse_date_from_name(name) is None


def test_iso_round_trip_and_order():
    a, b = parse_iso("2019-04-01"), parse_iso("2019-04-01T06:00")
    assert a.iso == "2019-04-01" and not a.has_time
    assert b.iso == "2019-04-01T06:00" and b.has_time
    assert a < b < parse_iso("2019-04-02")
    assert a.day_of_year == 91 and a.day == dt.date(2019, 4, 1)
    assert parse_iso("2019-02-30") is None and parse_iso("April 1") is None


def test_date_list_parsing_and_error():
    assert [d.iso for d in parse_date_list("2019-04-01, 2019-04-03;2019-04-02")] == [
        "2019-04-01", "2019-04-03", "2019-04-02"]
    with pytest.raises(InputError, match="'04/01/2019' is not a date"):
        parse_date_list("2019-04-01, 04/01/2019")


def test_band_date_hashable_for_duplicates():
    assert len({BandDate(dt.datetime(2019, 4, 1)), parse_iso("2019-04-01")}) == 1

"""ERA5-Land hourly total precipitation → daily totals, on CDS-layout NetCDF files."""
import datetime as dt

import pytest
import rasterio

from helpers import CancelAfter
from precipitation_files import value_at, write_era5land
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.prepare.precipitation.era5land import daily_steps
from smdownscale.engine.prepare.precipitation.importer import import_precipitation
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.raster.global_grids import ERA5LAND_01

H = dt.datetime
POINT = (116.0, 41.0)   # an ERA5-Land cell centre (on the 0.1° lines)


class Recorder(SilentProgress):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def warning(self, text):
        self.warnings.append(text)


def june(tmp_path, name="era5land_201906.nc", **kwargs):
    """Hourly accumulations since 00 UTC: 1 mm by 06 UTC, 3 mm by 12 UTC, 12.5 mm at 24 h;
    the 1 June 00 UTC value (4 mm) is the total of 31 May."""
    return write_era5land(tmp_path / name, [
        (H(2019, 6, 1, 0), {POINT: 0.004}), (H(2019, 6, 1, 6), {POINT: 0.001}),
        (H(2019, 6, 1, 12), {POINT: 0.003}), (H(2019, 6, 2, 0), {POINT: 0.0125}),
        (H(2019, 6, 2, 5), {POINT: 0.002})], **kwargs)


def test_the_day_total_is_the_next_00_utc_accumulation(tmp_path):
    out = tmp_path / "era5.tif"
    progress = Recorder()
    summary = import_precipitation([june(tmp_path)], str(out), progress=progress)
    assert summary["dates"] == ["2019-05-31", "2019-06-01"]
    assert value_at(out, *POINT, 1) == (4.0, ("2019-05-31", "2019-06-01"))
    assert value_at(out, *POINT, 2)[0] == pytest.approx(12.5, abs=1e-5)
    with rasterio.open(out) as ds:   # CDS area 110–120° E, 38–45° N: centres on the 0.1° lines
        assert (ds.transform.c, ds.transform.f) == pytest.approx((109.95, 45.05))
        assert (ds.width, ds.height) == (101, 71) and ds.units == ("mm/day", "mm/day")
    assert progress.warnings and "Days left out (1): 2019-06-02" in progress.warnings[0]


def test_the_grid_has_its_cell_centres_on_the_01_degree_lines():
    assert ERA5LAND_01.centre(490, 2960) == pytest.approx((116.0, 41.0))
    assert ERA5LAND_01.centre(0, 0) == pytest.approx((-180.0, 90.0))     # half a cell at the pole
    assert ERA5LAND_01.centre(1800, 3599) == pytest.approx((179.9, -90.0))
    assert ERA5LAND_01.row_col(116.04, 40.96) == (490, 2960)


def test_deaccumulated_hours_sum_to_the_next_00_utc_value():
    """The rule in the module docstring: Σ (tp_h − tp_(h−1)) over 01…24 = tp(d+1, 00)."""
    times = [H(2019, 6, 1, h) for h in range(1, 24)] + [H(2019, 6, 2, 0)]
    days, partial = daily_steps(times)
    assert [(d.date.iso, d.step, d.factor) for d in days] == [("2019-06-01", 23, 1000.0)]
    assert partial == {dt.date(2019, 6, 1)}


def test_packed_netcdf3_of_the_old_cds_is_unpacked(tmp_path):
    out = tmp_path / "era5.tif"
    import_precipitation([june(tmp_path, classic=True)], str(out))
    assert value_at(out, *POINT, 2)[0] == pytest.approx(12.5, abs=0.002)   # packing 1e-6 m


def test_global_file_longitudes_0_to_360_are_rolled(tmp_path):
    path = write_era5land(tmp_path / "era5land_global.nc", [
        (H(2019, 6, 2, 0), {(250.0, 41.0): 0.002, (0.0, 0.0): 0.001, (359.9, -90.0): 0.003,
                            (120.0, 30.0): -0.00002})], area=None)
    out = tmp_path / "era5.tif"
    summary = import_precipitation([path], str(out))
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (3600, 1801)
        assert (ds.transform.c, ds.transform.f) == pytest.approx((-180.05, 90.05))
        data = ds.read(1)
    assert data[490, 700] == 2.0           # 250° E = 110° W: column (−110 + 180.05) / 0.1
    assert data[900, 1800] == 1.0 and data[1800, 1799] == 3.0
    assert data[600, 3000] == 0.0          # −0.02 mm (packing artefact) → 0, counted
    assert summary["counts"]["negative_zeroed"] == 1


@pytest.mark.parametrize("steps, area, message", [
    ([(H(2019, 6, 1, 0), {}), (H(2019, 7, 1, 0), {})], (110.0, 38.0, 112.0, 40.0),
     "time steps a month apart"),
    ([(H(2019, 6, 1, 6), {})], (110.0, 38.0, 112.0, 40.0),
     "No daily total could be formed from 'bad.nc'"),
])
def test_files_without_daily_totals_are_refused(tmp_path, steps, area, message):
    path = write_era5land(tmp_path / "bad.nc", steps, area=area)
    out = tmp_path / "era5.tif"
    with pytest.raises(InputError, match=message):
        import_precipitation([path], str(out))
    assert not out.exists()


def test_era5_at_025_degrees_is_not_era5_land(tmp_path):
    import netCDF4
    import numpy as np

    path = tmp_path / "era5_single_levels.nc"
    with netCDF4.Dataset(path, "w") as ds:
        for name, values in (("latitude", np.arange(45.0, 37.9, -0.25)),
                             ("longitude", np.arange(110.0, 120.1, 0.25))):
            ds.createDimension(name, values.size)
            ds.createVariable(name, "f4", (name,))[:] = values
        ds.createDimension("valid_time", 1)
        t = ds.createVariable("valid_time", "i8", ("valid_time",))
        t.units, t[:] = "seconds since 1970-01-01", [1559347200]
        ds.createVariable("tp", "f4", ("valid_time", "latitude", "longitude")).units = "m"
    with pytest.raises(InputError, match=r"not on the ERA5-Land 0\.1° .* ERA5 at 0\.25° is "
                                         "another product"):
        import_precipitation([str(path)], str(tmp_path / "o.tif"))


def test_cancel_leaves_no_output(tmp_path):
    out = tmp_path / "era5.tif"
    with pytest.raises(Cancelled):
        import_precipitation([june(tmp_path)], str(out), progress=CancelAfter(1))
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))

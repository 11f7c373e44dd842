"""Stack writing: dates in band descriptions, nodata, atomic commit."""
import os

import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.raster.dates import parse_iso
from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import (StackWriter, Units, read_dates, read_stack,
                                                write_stack)

GRID = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 40, 30)


def test_write_and_read_stack(tmp_path):
    data = np.random.default_rng(1).uniform(0, 0.5, (2, 30, 40)).astype("float32")
    data[0, 3, 4] = np.nan
    dates = [parse_iso("2019-04-01"), parse_iso("2019-04-02T06:00")]
    path = write_stack(tmp_path / "s.tif", GRID, data, dates=dates)
    with rasterio.open(path) as ds:
        assert ds.descriptions == ("2019-04-01", "2019-04-02T06:00")
        assert ds.nodata == -9999.0 and ds.dtypes[0] == "float32"
        assert ds.profile["tiled"] and ds.profile["compress"] == "deflate"
        assert ds.read(1)[3, 4] == -9999.0
    back, grid, got_dates = read_stack(path)
    assert grid.same_as(GRID) and got_dates == dates
    assert np.isnan(back[0, 3, 4]) and np.allclose(back[1], data[1])
    assert read_dates(path) == dates


def test_units_are_declared_on_every_band(tmp_path):
    data = np.ones((3, 30, 40), "float32")
    path = write_stack(tmp_path / "sm.tif", GRID, data, units="m³/m³")
    with rasterio.open(path) as ds:
        assert ds.units == ("m³/m³",) * 3
        assert ds.scales == (1.0,) * 3 and ds.offsets == (0.0,) * 3
        assert Units.of(ds, 2) == Units("m³/m³")
    plain = write_stack(tmp_path / "plain.tif", GRID, data)
    with rasterio.open(plain) as ds:
        assert Units.of(ds) == Units() and Units.of(ds).describe() == ""


def test_packed_values_declare_scale_and_offset(tmp_path):
    counts = np.full((30, 40), 15000, "uint16")
    path = write_stack(tmp_path / "lst.tif", GRID, counts, dtype="uint16", nodata=0,
                       units=Units("K", 0.02))
    with rasterio.open(path) as ds:
        assert ds.units == ("K",) and ds.scales == (0.02,) and ds.offsets == (0.0,)
        assert Units.of(ds).describe() == "K (raw value × 0.02)"
    assert Units("°C", 0.1, -273.15).describe() == "°C (raw value × 0.1 − 273.15)"
    assert Units("", 0.1).describe() == ""  # a scale alone says nothing about the unit


def test_failed_write_leaves_nothing(tmp_path):
    target = tmp_path / "out.tif"
    with pytest.raises(RuntimeError):
        with StackWriter(target, GRID, [parse_iso("2019-04-01")]) as out:
            out.write(1, np.zeros((30, 40)))
            raise RuntimeError("boom")
    assert os.listdir(tmp_path) == []


def test_missing_dates_and_folder_are_reported(tmp_path):
    path = write_stack(tmp_path / "nodates.tif", GRID, np.zeros((2, 30, 40)))
    with pytest.raises(InputError, match="Band 1 of my stack has no ISO date"):
        read_dates(path, "my stack")
    with pytest.raises(InputError, match="output folder .* does not exist"):
        write_stack(tmp_path / "no" / "such" / "x.tif", GRID, np.zeros((30, 40)))


def test_output_permissions_follow_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_stack(tmp_path / "p.tif", GRID, np.zeros((30, 40)))
    finally:
        os.umask(old)
    assert os.stat(path).st_mode & 0o777 == 0o644


def test_empty_output_path_is_refused(tmp_path):
    grid = Grid(CRS.from_epsg(6933), from_origin(0, 0, 1000, 1000), 2, 2)
    with pytest.raises(InputError, match="No output file was given"):
        with StackWriter("", grid, count=1):
            pass

"""Product files damaged in the middle of their data: each importer names the file, the
dataset or band, the window, and says to download the file again; no output is left.

Files are written by the product writers of the other importer tests (tests/*_files.py,
engine/synthetic/*_files.py) and damaged by tests/damaged_files.py: one chunk of an
HDF5/netCDF-4 dataset, one tile of a GeoTIFF, the deflate stream of one MODIS (HDF4)
data field. The damaged chunk or tile, and so the rows and columns the message must
name, are read from the damaged file's layout (h5py chunk index, GDAL's TIFF tags),
never from the code under test.
"""
import datetime as dt
import os
import re

import numpy as np
import pytest

from damaged_files import (corrupt_chunk, corrupt_hdf4_field, corrupt_jp2_tile, corrupt_tile_at,
                           tiled_copy, tiled_jp2)
from smdownscale.engine.errors import InputError

FIX = "; download or create it again."
RNG = np.random.default_rng(22)


def _check(caught, path, dataset, damaged, library, folder, rows=0, cols=1):
    """The message names the file, the dataset, a window overlapping the ``damaged``
    chunk ((offset, shape) per axis; ``rows``, ``cols``: the raster's axes), the chunk,
    the library's words and the fix; ``folder`` is left empty."""
    (corner, shape), message = damaged, str(caught.value)
    chunk = (f": its chunk at row {corner[rows]}, column {corner[cols]} "
             f"({shape[rows]}×{shape[cols]} cells) is damaged")
    head = re.escape(f"'{path}' is damaged or incomplete: dataset '{dataset}' cannot be "
                     "read in ")
    found = re.match(head + r"(?:the window at row (\d+), column (\d+) \((\d+)×(\d+) cells\)|"
                     r"the whole raster \(\d+×\d+ cells\))(?: at [^:(]+)?"
                     + re.escape(chunk) + r" \(" + library + r".*\)" + re.escape(FIX)
                     + "$", message)
    assert found, message
    if found.group(1):  # the window read overlaps the damaged chunk
        row, col, height, width = map(int, found.groups())
        assert row < corner[rows] + shape[rows] and corner[rows] < row + height, message
        assert col < corner[cols] + shape[cols] and corner[cols] < col + width, message
    assert os.listdir(folder) == []


def _damaged_chunk(path, dataset, cell, tmp_path):
    """Damage the chunk of ``dataset`` holding ``cell``, check that HDF5 itself cannot read
    it, and make an empty output folder; return ((corner, shape) of the chunk, folder)."""
    damaged = corrupt_chunk(path, dataset, cell)
    _hdf5_fails(path, dataset, *damaged)
    out = tmp_path / "out"
    out.mkdir()
    return damaged, out


def _hdf5_fails(path, dataset, corner, shape):
    """The premise: HDF5 itself cannot read the damaged chunk."""
    import h5py

    with h5py.File(path, "r") as f, pytest.raises(OSError):
        f[dataset][tuple(slice(c, c + n) for c, n in zip(corner, shape))]


# -- HDF5 (h5py) --------------------------------------------------------------------------

def test_smap_l3_with_a_damaged_chunk(tmp_path):
    from smap_granules import LAT, LON, write_l3
    from smdownscale.engine.prepare.smap import ImportOptions, import_smap
    from smdownscale.engine.raster.grids import ease2_row_col

    cell = ease2_row_col(36, LON, LAT)
    granule = write_l3(tmp_path / "SMAP_L3_SM_P_20190601_R18290_001.h5", am={cell: 0.234})
    dataset = "/Soil_Moisture_Retrieval_Data_AM/soil_moisture"
    damaged = corrupt_chunk(granule, dataset, cell)
    _hdf5_fails(granule, dataset, *damaged)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputError) as caught:
        import_smap([granule], str(out / "sm.tif"), ImportOptions(passes="am"))
    _check(caught, granule, dataset, damaged, "HDF5: ", out)


def test_amsr2_with_a_damaged_chunk(tmp_path):
    from amsr2_files import CELL, name, write_amsr2
    from smdownscale.engine.prepare.coarse.amsr2 import import_amsr2

    (_, (row, col)) = CELL[10]
    path = write_amsr2(tmp_path / name(), {(row, col): 250})
    damaged, out = _damaged_chunk(path, "Geophysical Data", (row, col, 0), tmp_path)
    with pytest.raises(InputError) as caught:
        import_amsr2([path], str(out / "sm.tif"), bounds=(110.1, 38.0, 120.0, 45.0))
    _check(caught, path, "/Geophysical Data", damaged, "HDF5: ", out)


def test_imerg_nc4_read_with_h5py_with_a_damaged_chunk(tmp_path):
    from precipitation_files import imerg_axes, write_imerg_nc4
    from smdownscale.engine.prepare.precipitation.importer import import_precipitation

    path = write_imerg_nc4(tmp_path / "3B-DAY.MS.MRG.3IMERG.20190601-S000000-E235959.V06.nc4",
                           {(116.05, 41.45): 10.0})
    lons, lats = imerg_axes()
    cell = (0, int(np.argmin(abs(lons - 116.05))), int(np.argmin(abs(lats - 41.45))))
    damaged, out = _damaged_chunk(path, "precipitationCal", cell, tmp_path)
    with pytest.raises(InputError) as caught:
        import_precipitation([path], str(out / "p.tif"), bounds=(110.0, 38.0, 120.0, 45.0))
    # (time, lon, lat): the raster's rows are the latitudes, its columns the longitudes
    _check(caught, path, "/precipitationCal", damaged, "HDF5: ", out, rows=2, cols=1)


# -- netCDF-4 (netCDF4) -------------------------------------------------------------------

def test_smos_ic_with_a_damaged_chunk(tmp_path):
    from smdownscale.engine.prepare.coarse.smos import import_smos
    from smos_files import COL, ROW, ic_name, write_smos

    path = write_smos(tmp_path / ic_name(1, "A"), {(ROW, COL): 0.2}, product="ic")
    damaged, out = _damaged_chunk(path, "Soil_Moisture", (ROW, COL), tmp_path)
    with pytest.raises(InputError) as caught:
        import_smos([path], str(out / "sm.tif"))
    _check(caught, path, "Soil_Moisture", damaged, "NetCDF: ", out)


def test_cci_with_a_damaged_chunk(tmp_path):
    from cci_files import COL, ROW, name, write_cci
    from smdownscale.engine.prepare.coarse.cci import import_cci

    path = write_cci(tmp_path / name(), {(ROW, COL): 0.3})
    damaged, out = _damaged_chunk(path, "sm", (0, ROW, COL), tmp_path)
    with pytest.raises(InputError) as caught:
        import_cci([path], str(out / "sm.tif"))
    _check(caught, path, "sm", damaged, "NetCDF: ", out, rows=1, cols=2)


def test_era5land_with_a_damaged_chunk_in_its_second_step(tmp_path):
    from precipitation_files import era5_axes, write_era5land
    from smdownscale.engine.prepare.precipitation.importer import import_precipitation

    point = (116.0, 41.5)
    path = write_era5land(tmp_path / "era5land_201906.nc", [
        (dt.datetime(2019, 6, 1), {point: 0.004}), (dt.datetime(2019, 6, 2), {point: 0.0125})])
    lon, lat = era5_axes(110.0, 38.0, 120.0, 45.0)
    cell = (1, int(np.argmin(abs(lat - 41.5))), int(np.argmin(abs(lon - 116.0))))
    damaged, out = _damaged_chunk(path, "tp", cell, tmp_path)
    with pytest.raises(InputError) as caught:
        import_precipitation([path], str(out / "p.tif"))
    _check(caught, path, "tp", damaged, "NetCDF: ", out, rows=1, cols=2)
    # the days are read in time order: the first step of the damaged chunk fails first
    assert f" at valid_time index {damaged[0][0]}: its chunk" in str(caught.value)


# -- GeoTIFF (GDAL through rasterio) -----------------------------------------------------

def _band_message(path, band, tile):
    """The read error of :mod:`readable` for ``band`` of ``path`` with ``tile`` damaged."""
    top, left, height, width = tile
    return (re.escape(f"'{path}' is damaged or incomplete: {band} cannot be read in ")
            + r"the (window at row \d+, column \d+|whole raster) \(\d+×\d+ cells\)"
            + re.escape(f": its block at row {top}, column {left} ({height}×{width} cells) "
                        "is damaged or missing (GDAL: ") + r".*" + re.escape(")" + FIX) + "$")


def test_chirps_geotiff_with_a_damaged_tile(tmp_path):
    from precipitation_files import write_chirps_tif
    from smdownscale.engine.prepare.precipitation.importer import import_precipitation

    # a 512 × 512 cut of the CHIRPS grid from row 0, column 5632 (100.6° E, 50° N)
    path = write_chirps_tif(tmp_path / "chirps-v2.0.2019.06.01.tif", {(116.0, 41.5): 5.0},
                            window=(0, 512, 5632, 6144))
    row, col = int((50.0 - 41.5) / 0.05), int((116.0 + 180.0) / 0.05) - 5632
    tile = corrupt_tile_at(path, 1, row, col)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputError) as caught:
        import_precipitation([path], str(out / "p.tif"))
    assert re.match(_band_message(path, "band 1", tile), str(caught.value)), str(caught.value)
    assert os.listdir(out) == []


def test_sentinel1_geotiff_with_a_damaged_tile(tmp_path):
    import sentinel1_files as sf
    from smdownscale.engine.prepare.sentinel1.composite import (Sentinel1Options,
                                                                composite_sentinel1)
    from smdownscale.engine.raster.dates import parse_iso

    folder = tmp_path / "s1"
    folder.mkdir()
    source = sf.write_sigma0(tmp_path / "plain.tif", RNG.uniform(0.01, 0.1, (64, 64)))
    path = tiled_copy(source, str(folder / sf.esa_name(sf.at("2019-04-01"),
                                                       suffix="_Orb_Cal_TC_Sigma0_VV")))
    tile = corrupt_tile_at(path, 1, 40, 20)
    out = tmp_path / "out"
    out.mkdir()
    for scale in ("linear", "auto"):  # the composite's reads; the scale detection's read
        with pytest.raises(InputError) as caught:
            composite_sentinel1([path], {"VV": str(out / "vv.tif")}, [parse_iso("2019-04-02")],
                                Sentinel1Options(input_scale=scale))
        assert re.match(_band_message(path, "band 1", tile), str(caught.value)), \
            str(caught.value)
    assert os.listdir(out) == []


def test_landsat_band_with_a_damaged_tile(tmp_path):
    from smdownscale.engine.prepare.landsat.importer import import_landsat
    from smdownscale.engine.synthetic import landsat_files as lf

    scene = lf.write_scene(tmp_path / "in", sr={4: RNG.integers(8000, 20000, (64, 64))},
                           shape=(64, 64))
    [red] = [os.path.join(scene, n) for n in os.listdir(scene) if n.endswith("_SR_B4.TIF")]
    tiled_copy(red, str(tmp_path / "tiled.tif"))
    os.replace(tmp_path / "tiled.tif", red)
    tile = corrupt_tile_at(red, 1, 33, 50)
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        import_landsat([scene], str(out))
    assert re.match(_band_message(red, "band 1", tile), str(caught.value)), str(caught.value)
    assert not os.path.exists(out) or os.listdir(out) == []


def test_sentinel2_jp2_band_with_a_damaged_tile(tmp_path):
    from smdownscale.engine.prepare.sentinel2.importer import import_sentinel2
    from smdownscale.engine.synthetic import sentinel2_files as sf

    red = RNG.integers(1000, 3000, (64, 64)).astype(np.uint16)
    safe = sf.write_product(tmp_path / "in", bands={"B04": red}, shape10=(64, 64))
    [path] = [os.path.join(root, n) for root, _, names in os.walk(safe) for n in names
              if n.endswith("_B04_10m.jp2")]
    tile = corrupt_jp2_tile(tiled_jp2(path, 32), 40, 10)
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        import_sentinel2([safe], str(out))
    assert re.match(_band_message(path, "band 1", tile), str(caught.value)), str(caught.value)
    assert "Failed to decode" in str(caught.value)
    assert not os.path.exists(out) or os.listdir(out) == []


# -- HDF4-EOS (MODIS, GDAL's HDF4 driver) -------------------------------------------------

def test_modis_hdf4_tile_with_a_damaged_field(tmp_path):
    from smdownscale.engine.prepare.modis.importer import ModisOptions, import_modis
    from smdownscale.engine.synthetic import modis_files as mf

    dn = RNG.integers(14000, 16000, (64, 64)).astype(np.uint16)
    path = mf.write_mod11(tmp_path, dt.date(2019, 4, 1), 26, 4, dn, np.zeros((64, 64), np.uint8))
    corrupt_hdf4_field(path, dn)
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        import_modis([path], str(out), ModisOptions(variables=("lst_day",)))
    # one compressed stream holds the whole 64 × 64 field: GDAL's one block
    assert re.match(_band_message(path, "layer 'LST_Day_1km'", (0, 0, 64, 64)),
                    str(caught.value)), str(caught.value)
    assert "GDreadfield() failed" in str(caught.value)
    assert not os.path.exists(out) or os.listdir(out) == []

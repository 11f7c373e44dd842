"""Damaged and wrong raster inputs: an InputError naming the file, the cause and the fix.

Files are made by tests/damaged_files.py (TIFF 6.0 tiles, a cut download, text
named .tif). Expected positions come from the layout written: 16-cell tiles, so
tile (row 1, column 2) is the window at row 16, column 32.
"""
import os
import re

import numpy as np
import pytest
import rasterio
from damaged_files import (TILE, corrupt_tile, cut_in_geokeys, text_as_tif, tile_extent,
                           truncate, write_tiled)
from rasterio.windows import Window

from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.aligned import AlignedReader
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.readable import check_raster, quiet_gdal, read, reading

FIX = "; download or create it again."
DATA = np.arange(2 * 64 * 64, dtype="float32").reshape(2, 64, 64) / 1000.0


@pytest.fixture
def damaged(tmp_path):
    """64×64 cells, 2 bands in 16-cell tiles; band 2's tile (row 1, column 2) damaged."""
    path = write_tiled(str(tmp_path / "ndvi.tif"), DATA)
    assert corrupt_tile(path, 2, 1, 2) == (16, 32)
    return path


BLOCK = ": its block at row 16, column 32 (16×16 cells) is damaged or missing"


def _message(path, band, window, block=re.escape(BLOCK),
             tail=r"GDAL: [^)]*TIFFReadEncodedTile\(\) failed"):
    """The read error as a regular expression (``block`` and ``tail`` are expressions)."""
    return (re.escape(f"'{path}' is damaged or incomplete: band {band} cannot be read in "
                      f"{window}") + block + re.escape(" (") + tail + re.escape(")" + FIX) + "$")


def test_a_corrupt_tile_names_file_band_window_and_block(damaged, capfd):
    with rasterio.open(damaged) as ds:
        np.testing.assert_array_equal(read(ds, 1), DATA[0])  # band 1 is intact
        ok = Window(0, 0, 32, 16)  # band 2 beside the damaged tile
        np.testing.assert_array_equal(read(ds, 2, ok), DATA[1, :16, :32])
        with pytest.raises(InputError) as caught:
            read(ds, 2, Window(8, 4, 40, 20))
    assert re.match(_message(damaged, 2, "the window at row 4, column 8 (20×40 cells)"),
                    str(caught.value)), str(caught.value)
    assert "ZIPDecode" in str(caught.value)  # GDAL's root cause, not only its summary
    assert "ERROR" not in capfd.readouterr().err  # GDAL's own copy is not printed


def test_a_corrupt_tile_read_on_the_output_grid(damaged):
    """The readers predict uses (FeatureSource → AlignedReader → read_window)."""
    with AlignedReader(damaged, Grid.from_path(damaged)) as reader:
        assert np.isfinite(reader.read(1, Window(0, 0, 64, 64))).all()
        with pytest.raises(InputError) as caught:
            reader.read(2, Window(0, 0, 64, 64))
    assert re.match(_message(damaged, 2, "the window at row 0, column 0 (64×64 cells)"),
                    str(caught.value)), str(caught.value)


def test_a_warp_from_a_corrupt_tile_names_file_band_and_block(damaged):
    """A reprojection reading the damaged tile (as MODIS layers in another CRS)."""
    from rasterio.warp import Resampling, reproject

    out = np.full((20, 20), np.nan)
    with rasterio.open(damaged) as ds, pytest.raises(InputError) as caught:
        with reading(ds, 2, Window(0, 0, 64, 64)):
            reproject(rasterio.band(ds, 2), out, dst_transform=ds.transform * ds.transform.scale(
                3.2, 3.2), dst_crs="EPSG:4326", resampling=Resampling.nearest)
    assert re.match(_message(damaged, 2, "the window at row 0, column 0 (64×64 cells)",
                             tail=r"GDAL: .*TIFFReadEncodedTile\(\) failed"),
                    str(caught.value)), str(caught.value)


def test_gdal_messages_of_a_call_that_succeeds_are_passed_on(capfd):
    from osgeo import gdal

    with quiet_gdal() as messages:
        gdal.Error(gdal.CE_Warning, 1, "a warning GDAL gave during a read")
    assert [m[2] for m in messages] == ["a warning GDAL gave during a read"]
    assert "a warning GDAL gave during a read" in capfd.readouterr().err


def test_a_truncated_file_is_damaged_or_incomplete(tmp_path):
    whole = write_tiled(str(tmp_path / "whole.tif"), DATA)
    size = os.path.getsize(whole)
    # the data of the last tile of band 2 ends the file (TileOffsets + TileByteCounts)
    assert sum(tile_extent(whole, 2, 3, 3)) == size
    cut = truncate(whole, str(tmp_path / "cut.tif"))
    with pytest.raises(InputError) as caught:
        check_raster(cut)
    assert str(caught.value) == (f"'{cut}' is damaged or incomplete (the file ends at byte "
                                 f"{size // 2:,}, but its directory points to byte {size:,})"
                                 + FIX)
    assert tile_extent(whole, 2, 0, 0)[0] > size // 2  # band 2 lies wholly after the cut
    with rasterio.open(cut) as ds, pytest.raises(InputError) as caught:
        read(ds, 2)
    first = re.escape(": its block at row 0, column 0 (16×16 cells) is damaged or missing")
    cause = re.escape(f"the file ends at byte {size // 2:,}, but its directory points to byte "
                      f"{size:,}; GDAL: ") + ".*"
    assert re.match(_message(cut, 2, "the whole raster (64×64 cells)", first, cause),
                    str(caught.value)), str(caught.value)


def test_text_named_tif_is_not_a_raster(tmp_path):
    text = text_as_tif(str(tmp_path / "sm.tif"))
    prefix = (f"'{text}' is not a raster GDAL can read (it is a text file beginning "
              "'date,sm'; GDAL: ")
    suffix = ("not recognized as a supported file format). Choose the raster file itself "
              "(GeoTIFF, netCDF, HDF, …).")
    for call in (check_raster, Grid.from_path):
        with pytest.raises(InputError) as caught:
            call(text)
        message = str(caught.value)
        assert message.startswith(prefix) and message.endswith(suffix), message
        assert message.count(text) == 1  # GDAL's repeat of the path is left out


def test_build_time_stack_refuses_a_cut_file_for_the_right_reason(tmp_path):
    """Cut inside its GeoKeys, the file opens without a CRS: the cause is the cut."""
    from smdownscale.engine.prepare.timestack_builder import build_time_stack

    whole = write_tiled(str(tmp_path / "lst_2019-06-01.tif"), DATA[:1])
    keep, size = cut_in_geokeys(whole, str(tmp_path / "lst_2019-06-02.tif"))
    cut = str(tmp_path / "lst_2019-06-02.tif")
    with rasterio.open(cut) as ds:
        assert ds.crs is None  # what made buildtimestack blame the CRS
    out = tmp_path / "stack.tif"
    out.write_bytes(b"an older stack")
    with pytest.raises(InputError) as caught:
        build_time_stack([whole, cut], str(out))
    assert str(caught.value) == (f"'{cut}' is damaged or incomplete (the file ends at byte "
                                 f"{keep:,}, but its directory points to byte {size:,})" + FIX)
    assert out.read_bytes() == b"an older stack"
    assert sorted(os.listdir(tmp_path)) == sorted([os.path.basename(whole),
                                                   os.path.basename(cut), "stack.tif"])


def test_build_time_stack_stops_at_a_corrupt_tile_and_leaves_no_output(damaged, tmp_path):
    from smdownscale.engine.prepare.timestack_builder import build_time_stack

    dated = str(tmp_path / "ndvi_2019-06-01.tif")
    os.rename(damaged, dated)
    out = str(tmp_path / "stack.tif")
    with pytest.raises(InputError) as caught:
        build_time_stack([dated], out, band=2, block=TILE * 2)
    assert re.match(_message(dated, 2, "the window at row 0, column 32 (32×32 cells)"),
                    str(caught.value)), str(caught.value)
    assert sorted(os.listdir(tmp_path)) == ["ndvi_2019-06-01.tif"]


def test_training_samples_name_the_damaged_predictor(tmp_path):
    """Train's sample building aggregates each predictor onto the coarse grid."""
    from smdownscale.engine.learn.features import PredictorLayer
    from smdownscale.engine.learn.samples import build_samples

    dates = ("2019-06-01", "2019-06-02")
    ndvi = write_tiled(str(tmp_path / "ndvi.tif"), DATA)
    with rasterio.open(ndvi, "r+") as ds:
        ds.descriptions = dates  # a time stack: one band per date
        t = ds.transform
    corrupt_tile(ndvi, 2, 1, 2)
    coarse = str(tmp_path / "sm.tif")
    profile = dict(driver="GTiff", width=4, height=4, count=2, dtype="float32", crs="EPSG:4326",
                   transform=rasterio.Affine(t.a * 16, 0, t.c, 0, t.e * 16, t.f), nodata=-9999)
    with rasterio.open(coarse, "w", **profile) as ds:
        ds.write(np.full((2, 4, 4), 0.25, "float32"))
        ds.descriptions = dates
    with pytest.raises(InputError) as caught:
        build_samples(coarse, [PredictorLayer("ndvi", ndvi)])
    assert str(caught.value).startswith(f"'{ndvi}' is damaged or incomplete: band 2 cannot "
                                        "be read in the window at row "), str(caught.value)
    assert BLOCK in str(caught.value)
    assert str(caught.value).endswith(FIX)


def test_derive_indices_names_the_damaged_band_and_refuses_text(tmp_path):
    """Derive indices reads the red and NIR bands of each input, window by window."""
    from smdownscale.engine.prepare.indices import derive_indices, sensor_for

    sensor = sensor_for("custom", scale=1.0, bands={"red": 1, "nir": 2})
    refl = write_tiled(str(tmp_path / "refl_2019-06-01.tif"), DATA / 10.0)  # ρ ≤ 0.82
    corrupt_tile(refl, 2, 1, 2)
    out = str(tmp_path / "ndvi.tif")
    with pytest.raises(InputError) as caught:
        derive_indices([refl], {"NDVI": out}, sensor, block=64)
    assert re.match(_message(refl, 2, "the window at row 0, column 0 (64×64 cells)"),
                    str(caught.value)), str(caught.value)
    text = text_as_tif(str(tmp_path / "refl_2019-06-02.tif"))
    with pytest.raises(InputError, match=re.escape(f"'{text}' is not a raster GDAL can read")):
        derive_indices([text], {"NDVI": out}, sensor)
    assert sorted(os.listdir(tmp_path)) == ["refl_2019-06-01.tif", "refl_2019-06-02.tif"]

"""Landsat Collection 2 Level-2 import from scenes in the distributed layout (engine level).

Scenes are written by engine/synthetic/landsat_files.py following the Landsat 8-9
Collection 2 Level-2 Science Product Guide (LSDS-1619) and the Landsat 4-7 guide
(LSDS-1618): C2 file names, GeoTIFF bands of 30 m cells in UTM zone 50N, an MTL with
the real groups and fields. Expected values are worked out here from the guides:
reflectance = DN × 2.75e-05 − 0.2 (DN 10000 → 0.075), surface temperature = DN ×
0.00341802 + 149.0 K, QA_PIXEL bit 3 = cloud, QA_RADSAT bit n − 1 = band n saturated.
"""
import datetime as dt
import os

import numpy as np
import pytest
import rasterio
from affine import Affine
from helpers import CancelAfter
from rasterio.crs import CRS

from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.prepare.indices import sensor_for
from smdownscale.engine.prepare.landsat import qa
from smdownscale.engine.prepare.landsat.importer import LandsatOptions, import_landsat
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.synthetic import landsat_files as lf

CLEAR = lf.QA_CLEAR_LAND
X0, Y0 = lf.ORIGIN


def read(path, band=1):
    with rasterio.open(path) as ds:
        return ds.read(band)


def reflectance(path, band):
    """The reflectance a file declares: DN × scale + offset (NaN at nodata)."""
    with rasterio.open(path) as ds:
        dn = ds.read(band).astype(float)
        return np.where(dn == ds.nodata, np.nan, dn * ds.scales[band - 1] + ds.offsets[band - 1])


def leftovers(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def target_grid(cell, width, height, x0=X0, y0=Y0, epsg=lf.EPSG_UTM_50N):
    return Grid(CRS.from_epsg(epsg), Affine(cell, 0, x0, 0, -cell, y0), width, height)


# -- QA bits (LSDS-1619 tables 6-3 and 6-5) ------------------------------------------------

def _dropped(qa_pixel, radsat, level, oli, bands):
    out = np.zeros(len(qa_pixel), bool)
    for _, mask in qa.rules(np.array(qa_pixel), np.array(radsat), level, oli, bands):
        out |= mask
    return out.tolist()


def test_qa_pixel_and_radsat_bits_by_level():
    words = [CLEAR, lf.QA_CLOUD, lf.QA_DILATED_CLOUD, lf.QA_CIRRUS, lf.QA_CLOUD_SHADOW,
             lf.QA_SNOW, CLEAR, CLEAR, CLEAR, CLEAR | (0b10 << 8)]
    radsat = [0, 0, 0, 0, 0, 0, 1 << 3, 1 << 0, lf.RADSAT_TERRAIN_OCCLUSION, 0]
    oli = (2, 3, 4, 5, 6, 7)  # bands used: saturation of band 4 (bit 3) removes, band 1 not
    assert _dropped(words, radsat, "none", True, oli) == [False] * 10
    assert _dropped(words, radsat, "lenient", True, oli) == \
        [False, True, False, False, True, False, False, False, False, False]
    assert _dropped(words, radsat, "standard", True, oli) == \
        [False, True, True, True, True, True, True, False, True, False]
    assert _dropped(words, radsat, "strict", True, oli)[-1] is True  # medium cloud confidence


def test_tm_etm_have_no_cirrus_bit_and_use_band_1():
    tm = (1, 2, 3, 4, 5, 7)
    # bit 2 is unused in Landsat 4-7; band 1 (blue) is used, so its saturation removes
    assert _dropped([lf.QA_CLEAR_LAND_TM | lf.QA_CIRRUS, lf.QA_CLEAR_LAND_TM], [0, 1],
                    "standard", False, tm) == [False, True]


# -- scaling from the MTL, band order, QA ------------------------------------------------------

def test_landsat8_scene_scaled_from_the_mtl_in_the_preset_layout(tmp_path):
    sr = {b: np.full((30, 30), 10000 + 1000 * b) for b in range(1, 8)}
    sr[4][5, 5] = 10000  # 10000 × 2.75e-05 − 0.2 = 0.075
    qa_pixel = np.full((30, 30), CLEAR)
    qa_pixel[0, 0] = 0b0000000000001000  # cloud
    qa_pixel[0, 1] = lf.QA_CLOUD_SHADOW
    qa_pixel[0, 2] = lf.QA_FILL  # not imaged: nodata, not counted
    radsat = np.zeros((30, 30))
    radsat[1, 0] = 1 << 4  # band 5 (NIR) saturated
    st = np.full((30, 30), 44000)
    scene = lf.write_scene(tmp_path / "in", sr=sr, st=st, qa_pixel=qa_pixel, qa_radsat=radsat)
    s = import_landsat([scene], str(tmp_path / "out"))
    assert s["dates"] == ["2019-04-01"]
    [file] = s["outputs"]["reflectance"]
    assert os.path.basename(file) == "Landsat_reflectance_2019-04-01.tif"
    with rasterio.open(file) as ds:
        assert ds.count == 6 and ds.dtypes[0] == "uint16" and ds.nodata == 0
        assert ds.descriptions[0] == "2019-04-01 blue (SR_B2)"
        assert ds.descriptions[5] == "2019-04-01 swir2 (SR_B7)"
        assert ds.scales[0] == pytest.approx(2.75e-05) and ds.offsets[0] == pytest.approx(-0.2)
        assert ds.units[0] == "reflectance"
    red = reflectance(file, 3)
    assert red[5, 5] == pytest.approx(0.075, abs=1e-12)
    assert red[10, 10] == pytest.approx(14000 * 2.75e-05 - 0.2, abs=1e-12)
    for role, band in enumerate((2, 3, 4, 5, 6, 7), start=1):  # blue … swir2 = SR_B2 … B7
        assert read(file, role)[10, 10] == 10000 + 1000 * band
    for r, c in ((0, 0), (0, 1), (0, 2), (1, 0)):
        assert np.isnan(red[r, c])
    assert s["counts"]["2019-04-01"] == {"cloud": 1, "cloud_shadow": 1, "saturated": 1}
    assert s["kept"]["2019-04-01"] == 900 - 4
    st_out = read(s["outputs"]["surface_temperature"])
    assert st_out[10, 10] == pytest.approx(44000 * 0.00341802 + 149.0, abs=1e-4)  # 299.39 K
    assert st_out[0, 0] == -9999
    fraction = read(s["outputs"]["valid_fraction"])
    assert fraction[0, 0] == 0 and fraction[10, 10] == 1 and fraction[0, 2] == -9999
    with rasterio.open(s["outputs"]["surface_temperature"]) as ds:
        assert ds.units == ("K",) and ds.descriptions == ("2019-04-01",)
        assert ds.tags(1)["scenes"] == "LC08_L2SP_123032_20190401_20200829_02_T1"
        t = ds.transform
    assert (t.c, t.f, t.a) == (X0, Y0, 30.0)
    assert leftovers(tmp_path / "out") == sorted(
        ["Landsat_reflectance_2019-04-01.tif", "Landsat_surface_temperature.tif",
         "Landsat_valid_fraction.tif"])


def test_scaling_is_read_from_the_mtl_txt_or_xml(tmp_path):
    # an MTL declaring another scaling: DN 10000 × 5.5e-05 − 0.4 = 0.15 (written back as
    # the preset's DN: (0.15 + 0.2) / 2.75e-05 = 12727.3 → 12727)
    for kind in ("txt", "xml"):
        scene = lf.write_scene(tmp_path / kind, sr_mult=5.5e-05, sr_add=-0.4, mtl=(kind,))
        s = import_landsat([scene], str(tmp_path / f"out_{kind}"))
        assert read(s["outputs"]["reflectance"][0], 3)[3, 3] == 12727
        assert reflectance(s["outputs"]["reflectance"][0], 3)[3, 3] == pytest.approx(
            0.15, abs=2e-5)


def test_landsat7_bands_1_to_5_and_7_and_st_b6(tmp_path):
    sr = {b: np.full((4, 4), 9000 + 100 * b) for b in (1, 2, 3, 4, 5, 7)}
    qa_pixel = np.full((4, 4), lf.QA_CLEAR_LAND_TM)
    qa_pixel[0, 0] |= lf.QA_CIRRUS  # bit 2: unused in ETM+, kept
    scene = lf.write_scene(tmp_path, sr=sr, qa_pixel=qa_pixel, shape=(4, 4), sensor="LE07",
                           st=np.full((4, 4), 40000))
    s = import_landsat([scene], str(tmp_path / "out"))
    file = s["outputs"]["reflectance"][0]
    assert [read(file, k)[0, 0] for k in range(1, 7)] == [9100, 9200, 9300, 9400, 9500, 9700]
    with rasterio.open(file) as ds:
        assert ds.descriptions[5] == "2019-04-01 swir2 (SR_B7)"
    assert read(s["outputs"]["surface_temperature"])[0, 0] == pytest.approx(
        40000 * 0.00341802 + 149.0, abs=1e-4)


def test_tar_bundle_folder_and_mtl_file_give_the_same(tmp_path):
    qa_pixel = np.full((5, 5), CLEAR)
    qa_pixel[2, 2] = lf.QA_CLOUD
    tar = lf.write_scene(tmp_path / "tar", qa_pixel=qa_pixel, shape=(5, 5), bundle=True)
    folder = lf.write_scene(tmp_path / "dir", qa_pixel=qa_pixel, shape=(5, 5))
    mtl = os.path.join(folder, os.path.basename(folder) + "_MTL.txt")
    outs = [import_landsat([p], str(tmp_path / f"o{i}"))
            for i, p in enumerate((tar, folder, mtl, str(tmp_path / "dir")))]
    first = read(outs[0]["outputs"]["reflectance"][0], 4)
    assert first[2, 2] == 0 and first[0, 0] == 10000
    for s in outs[1:]:
        np.testing.assert_array_equal(read(s["outputs"]["reflectance"][0], 4), first)


def test_adjacent_rows_of_one_day_are_mosaicked(tmp_path):
    # path 123 rows 32 and 33: the second scene 20 cells further south, 10 rows overlap
    north = lf.write_scene(tmp_path, sr={4: np.full((30, 30), 11000)}, row=32)
    south = lf.write_scene(tmp_path, sr={4: np.full((30, 30), 12000)}, row=33,
                           origin=(X0, Y0 - 20 * 30.0))
    s = import_landsat([north, south], str(tmp_path / "out"))
    assert s["dates"] == ["2019-04-01"] and len(s["scenes"]["2019-04-01"]) == 2
    red = read(s["outputs"]["reflectance"][0], 3)
    assert red.shape == (50, 30)
    assert (red[:30] == 11000).all() and (red[30:] == 12000).all()  # overlap: first scene
    assert s["kept"]["2019-04-01"] == 50 * 30


def test_onto_a_target_grid_mean_of_valid_cells_and_valid_fraction(tmp_path):
    red = np.full((30, 30), 12000)
    red[:, 5:10] = 16000
    qa_pixel = np.full((30, 30), CLEAR)
    qa_pixel[:5, 5:10] = lf.QA_CLOUD  # 25 of the first 300 m cell's 100 cells
    scene = lf.write_scene(tmp_path, sr={4: red}, qa_pixel=qa_pixel)
    target = target_grid(300.0, 3, 3)  # 3 × 3 cells of 300 m = 10 × 10 Landsat cells
    s = import_landsat([scene], str(tmp_path / "out"), target=target)
    out = read(s["outputs"]["reflectance"][0], 3)
    # mean of 50 cells at DN 12000 and 25 at 16000 (reflectance is linear in DN)
    assert out[0, 0] == round((50 * 12000 + 25 * 16000) / 75)
    assert out[1, 1] == 12000 and out[0, 1] == 12000
    fraction = read(s["outputs"]["valid_fraction"])
    assert fraction[0, 0] == pytest.approx(0.75) and fraction[2, 2] == 1.0
    assert s["counts"]["2019-04-01"] == {"cloud": 25}


def test_scenes_in_two_utm_zones_need_a_target(tmp_path):
    west = lf.write_scene(tmp_path, shape=(10, 10), path=123)
    # the ground just east of it, in zone 51 (a neighbouring path on the same day)
    east = lf.write_scene(tmp_path, shape=(10, 10), path=122, epsg=32651,
                          origin=(-100410.0, 4624590.0), sr={4: np.full((10, 10), 15000)})
    with pytest.raises(InputError, match=r"different UTM zones \(EPSG:32650: LC08_L2SP_"
                                         r"123032.*EPSG:32651: LC08_L2SP_122032.*target grid"):
        import_landsat([west, east], str(tmp_path / "out"))
    assert leftovers(tmp_path / "out") == []
    # 6 × 2 cells of 0.001° × 0.0008° from 115.800° E, 41.547° N: west scene to 115.803° E
    target = Grid(CRS.from_epsg(4326), Affine(0.001, 0, 115.8, 0, -0.0008, 41.547), 6, 2)
    s = import_landsat([west, east], str(tmp_path / "out"), target=target)
    red = read(s["outputs"]["reflectance"][0], 3)
    assert (red[:, :3] == 10000).all() and (red[:, 4:] == 15000).all()
    assert (read(s["outputs"]["valid_fraction"])[:, [0, 1, 2, 4, 5]] == 1).all()


def test_several_dates_give_one_file_per_date_and_stacks(tmp_path):
    scenes = [lf.write_scene(tmp_path, shape=(3, 3), acquired=dt.date(2019, 4, 1 + 16 * k),
                             st=np.full((3, 3), 40000 + 1000 * k)) for k in range(2)]
    s = import_landsat(scenes, str(tmp_path / "out"), LandsatOptions(quality="none"))
    assert s["dates"] == ["2019-04-01", "2019-04-17"]
    assert [os.path.basename(p) for p in s["outputs"]["reflectance"]] == [
        "Landsat_reflectance_2019-04-01.tif", "Landsat_reflectance_2019-04-17.tif"]
    with rasterio.open(s["outputs"]["surface_temperature"]) as ds:
        assert ds.descriptions == ("2019-04-01", "2019-04-17")
        assert ds.read(2)[0, 0] == pytest.approx(41000 * 0.00341802 + 149.0, abs=1e-4)


def test_output_feeds_the_deriveindices_landsat_preset(tmp_path):
    from smdownscale.engine.prepare.indices import to_reflectance

    scene = lf.write_scene(tmp_path, shape=(2, 2))
    s = import_landsat([scene], str(tmp_path / "out"))
    sensor = sensor_for("landsat")
    assert (sensor.band("blue"), sensor.band("swir2")) == (1, 6)
    dn = read(s["outputs"]["reflectance"][0], sensor.band("red"))
    np.testing.assert_allclose(to_reflectance(dn, sensor), 0.075, atol=1e-12)


# -- bad input: a clear message, nothing left behind --------------------------------------------

def test_a_scene_without_its_mtl_file(tmp_path):
    scene = lf.write_scene(tmp_path, shape=(2, 2), mtl=())
    with pytest.raises(InputError, match=r"Scene LC08_L2SP_123032_20190401_20200829_02_T1 "
                                         r".*has no MTL file .*_MTL\.txt or _MTL\.xml.*scale "
                                         r"and offset"):
        import_landsat([scene], str(tmp_path / "out"))
    assert leftovers(tmp_path / "out") == []


def test_a_missing_band_file_is_named(tmp_path):
    scene = lf.write_scene(tmp_path, shape=(2, 2), omit=("SR_B6",))
    with pytest.raises(InputError, match=r"has no file LC08_L2SP_.*_T1_SR_B6\.TIF.*complete"):
        import_landsat([scene], str(tmp_path / "out"))


def test_collection_1_and_level_1_names_are_refused(tmp_path):
    c1 = lf.write_scene(tmp_path / "c1", shape=(2, 2), collection="01", level="L1TP")
    with pytest.raises(InputError, match=r"Landsat Collection 1 product.*Collection 2 Level-2"):
        import_landsat([c1], str(tmp_path / "out"))
    l1 = lf.write_scene(tmp_path / "l1", shape=(2, 2), level="L1TP")
    with pytest.raises(InputError, match=r"Landsat Level-1 product \(L1TP.*Collection 2 "
                                         r"Level-2"):
        import_landsat([l1], str(tmp_path / "out"))
    espa = tmp_path / "LC08_L1TP_123032_20190401_20190421_01_T1_sr_band4.tif"
    espa.write_bytes(b"")
    with pytest.raises(InputError, match="Collection 1"):
        import_landsat([str(espa)], str(tmp_path / "out"))
    assert leftovers(tmp_path / "out") == []


def test_a_folder_that_is_no_landsat_scene(tmp_path):
    empty = tmp_path / "downloads"
    empty.mkdir()
    (empty / "notes.txt").write_text("x")
    with pytest.raises(InputError, match=r"folder 'downloads' holds no Landsat Collection 2 "
                                         r"Level-2 scene.*\.tar bundle"):
        import_landsat([str(empty)], str(tmp_path / "out"))
    safe = tmp_path / "S2A_MSIL2A_20190401T030541_N0211_R075_T50TMK_20190401T070006.SAFE"
    safe.mkdir()
    (safe / "MTD_MSIL2A.xml").write_text("<x/>")
    with pytest.raises(InputError, match="Sentinel-2 product: use 'Import Sentinel-2 L2A'"):
        import_landsat([str(safe)], str(tmp_path / "out"))


def test_a_scene_outside_the_target_grid(tmp_path):
    scene = lf.write_scene(tmp_path, shape=(2, 2))
    far = target_grid(1000.0, 5, 5, x0=700000.0, y0=5000000.0)
    with pytest.raises(InputError, match=r"The target grid .* and scene folder "
                                         r"'LC08_L2SP_123032_.*' .*do not overlap"):
        import_landsat([scene], str(tmp_path / "out"), target=far)
    assert leftovers(tmp_path / "out") == []


def test_the_same_scene_twice(tmp_path):
    folder = lf.write_scene(tmp_path / "a", shape=(2, 2))
    tar = lf.write_scene(tmp_path / "b", shape=(2, 2), bundle=True)
    with pytest.raises(InputError, match="is given twice"):
        import_landsat([folder, tar], str(tmp_path / "out"))


def test_cancel_without_resume_leaves_nothing(tmp_path):
    # (with resume, the default, only the checkpoint is left: test_import_resume.py)
    scenes = [lf.write_scene(tmp_path, shape=(3, 3),
                             acquired=dt.date(2019, 4, 1) + dt.timedelta(days=16 * k))
              for k in range(3)]
    with pytest.raises(Cancelled):
        import_landsat(scenes, str(tmp_path / "out"), progress=CancelAfter(2), resume=False)
    assert leftovers(tmp_path / "out") == []


def test_a_dask_cluster_writes_the_same_bytes(tmp_path, dask_cluster):
    from helpers import assert_same_stack

    from smdownscale.engine.raster.executors import cluster_session

    rng = np.random.default_rng(3)
    qa_pixel = np.full((10, 10), CLEAR)
    qa_pixel[2:5, 1:4] = lf.QA_CLOUD
    west = lf.write_scene(tmp_path, shape=(10, 10), path=123, qa_pixel=qa_pixel,
                          sr={4: rng.integers(8000, 20000, (10, 10))})
    east = lf.write_scene(tmp_path, shape=(10, 10), path=122, epsg=32651,
                          origin=(-100410.0, 4624590.0), sr={4: np.full((10, 10), 15000)})
    later = lf.write_scene(tmp_path, shape=(10, 10), acquired=dt.date(2019, 4, 17),
                           st=rng.integers(40000, 46000, (10, 10)))
    # two zones on one day, one scene on another; 2 × 2-cell windows: 3 per date
    target = Grid(CRS.from_epsg(4326), Affine(0.001, 0, 115.8, 0, -0.0008, 41.547), 6, 2)
    options = LandsatOptions(block=2)
    here = import_landsat([west, east, later], str(tmp_path / "here"), options, target)
    with cluster_session(dask_cluster.address):
        there = import_landsat([west, east, later], str(tmp_path / "there"), options, target)
    for key in ("dates", "counts", "kept", "scenes", "grid"):
        assert here[key] == there[key], key
    assert here["counts"]["2019-04-01"]["cloud"] > 0
    files = sorted(os.listdir(tmp_path / "here"))
    assert files == sorted(os.listdir(tmp_path / "there")) and len(files) == 4
    for name in files:
        assert_same_stack(tmp_path / "here" / name, tmp_path / "there" / name)
    assert (read(here["outputs"]["reflectance"][0], 3) != 0).sum() >= 10

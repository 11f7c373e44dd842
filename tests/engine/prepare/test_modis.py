"""MODIS import from files in the products' distributed layouts (engine level).

Files are written by engine/synthetic/modis_files.py following the Collection 6.1
user guides (MODIS Surface Reflectance User's Guide C6.1; LST Products User's Guide
C6.1; VI User's Guide C6.1; MCD12 User Guide V6.1) as HDF4-EOS grids. Expected values
are worked out here from those guides: a stored DN with a known scale gives a known
value, a QA word with known bits is kept or removed.
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
from smdownscale.engine.prepare.modis import qa
from smdownscale.engine.prepare.modis.importer import ModisOptions, import_modis
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.synthetic import modis_files as mf

DAY = dt.date(2019, 4, 1)  # A2019091


def read(path, band=1):
    with rasterio.open(path) as ds:
        return ds.read(band), ds


def leftovers(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


# -- QA bits (user guides' tables) ---------------------------------------------------------

def test_bits_reads_fields_from_the_least_significant_bit():
    word = np.array([0b1011_0110_0000_0001], np.uint16)
    assert qa.bits(word, 0, 2)[0] == 0b01
    assert qa.bits(word, 9, 2)[0] == 0b11
    assert qa.bits(word, 15)[0] == 1


def test_mod11_qc_by_level():
    # QC_Day: bits 0-1 mandatory QA, 6-7 average LST error (LST User's Guide C6.1 table 10)
    good, not_produced = 0b0000_0000, 0b0000_0010
    other_2k, other_3k = 0b0100_0001, 0b1000_0001
    qc = np.array([good, not_produced, other_2k, other_3k])
    dropped = {level: np.zeros(4, bool) for level in qa.LEVELS}
    for level in qa.LEVELS:
        for _, mask in qa.rules("mod11", [qc], level):
            dropped[level] |= mask
    assert dropped["none"].tolist() == [False, False, False, False]
    assert dropped["lenient"].tolist() == [False, True, False, False]
    assert dropped["standard"].tolist() == [False, True, False, True]
    assert dropped["strict"].tolist() == [False, True, True, True]


# -- MOD11A1: scale, fill, QA, mosaic --------------------------------------------------------

def _lst_tile(folder, h, dn, qc, col0):
    return mf.write_mod11(folder, DAY, h, 4, dn, qc, row0=100, col0=col0)


def test_mod11a1_lst_is_dn_times_002_kelvin_screened_and_counted(tmp_path):
    dn = np.full((4, 6), 15000, np.uint16)  # 15000 × 0.02 = 300.0 K
    dn[0, 0] = 0  # fill value
    dn[3, 5] = 7499  # below the valid range 7500–65535
    qc = np.zeros((4, 6), np.uint8)
    qc[1, 1], qc[1, 2], qc[1, 3] = 0b10, 0b0100_0001, 0b1000_0001
    path = _lst_tile(tmp_path, 26, dn, qc, 1194)
    messages = []

    class Log(CancelAfter):
        def info(self, m):
            messages.append(m)

    s = import_modis([path], str(tmp_path / "out"), ModisOptions(variables=("lst_day",)),
                     progress=Log(10 ** 6))
    lst, _ = read(s["outputs"]["lst_day"])
    expected = np.full((4, 6), 300.0)
    for r, c in ((0, 0), (3, 5), (1, 1), (1, 3)):
        expected[r, c] = -9999
    np.testing.assert_array_equal(lst, expected.astype(np.float32))
    assert s["counts"]["2019-04-01"]["lst_day"] == {"fill": 2, "not_produced": 1,
                                                    "lst_error": 1}
    assert any("2019-04-01 lst_day: 20 of 24 values kept" in m for m in messages)
    with rasterio.open(s["outputs"]["lst_day"]) as ds:
        assert ds.descriptions == ("2019-04-01",)
        assert ds.units == ("K",)
        assert ds.tags(1)["date_basis"] == "acquisition day"
        # tile h26v04, 1 km row 100 / column 1194: x = −20015109.354 + 26 T + 1194 T/1200
        t = ds.transform
        assert t.c == pytest.approx(-20015109.354 + 26 * mf.TILE + 1194 * mf.TILE / 1200,
                                    abs=1e-3)
        assert t.f == pytest.approx(10007554.677 - 4 * mf.TILE - 100 * mf.TILE / 1200,
                                    abs=1e-3)
        assert t.a == pytest.approx(926.625433, abs=1e-5)


def test_tiles_of_one_date_are_mosaicked_side_by_side(tmp_path):
    west = _lst_tile(tmp_path, 26, np.full((4, 6), 15000, np.uint16),
                     np.zeros((4, 6), np.uint8), 1194)  # the last 6 columns of h26
    east = _lst_tile(tmp_path, 27, np.full((4, 6), 15500, np.uint16),
                     np.zeros((4, 6), np.uint8), 0)  # the first 6 columns of h27
    s = import_modis([east, west], str(tmp_path / "out"),
                     ModisOptions(variables=("lst_day",)))
    lst, _ = read(s["outputs"]["lst_day"])
    assert lst.shape == (4, 12)
    np.testing.assert_array_equal(lst[:, :6], 300.0)
    np.testing.assert_array_equal(lst[:, 6:], 310.0)  # 15500 × 0.02


def test_quality_none_keeps_flagged_values_and_lenient_only_unproduced(tmp_path):
    dn = np.full((2, 2), 15000, np.uint16)
    qc = np.array([[0b10, 0b1000_0001], [0b0100_0001, 0]], np.uint8)
    path = _lst_tile(tmp_path, 26, dn, qc, 0)
    out = {}
    for level in ("none", "lenient", "strict"):
        s = import_modis([path], str(tmp_path / level),
                         ModisOptions(variables=("lst_day",), quality=level))
        out[level] = read(s["outputs"]["lst_day"])[0]
    assert (out["none"] == 300).all()
    assert out["lenient"].tolist() == [[-9999, 300], [300, 300]]
    assert out["strict"].tolist() == [[-9999, -9999], [-9999, 300]]


# -- MOD09GA: 500 m reflectance, 1 km state, per-band quality --------------------------------

def _mod09ga(folder, state, qc=None, refl=None):
    refl = np.stack([np.full((4, 4), 1000 * b, np.int16) for b in range(1, 8)]) \
        if refl is None else refl
    qc = np.zeros((4, 4), np.uint32) if qc is None else qc
    return mf.write_mod09ga(folder, DAY, 26, 4, refl, qc, state, row0=200, col0=400)


def test_mod09ga_reflectance_files_per_date_screened_by_state_1km(tmp_path):
    # state_1km (2 × 2 at 1 km covers the 4 × 4 500 m cells): bits 0-1 cloud state
    # 01 cloudy; bit 2 shadow; bit 13 adjacent to cloud; 0 clear (table 13)
    state = np.array([[0b01, 0b100], [1 << 13, 0]], np.uint16)
    qc = np.zeros((4, 4), np.uint32)
    qc[3, 3] = 0b0111 << 2  # band 1 quality 0111 "noisy detector"; bands 2-7 highest
    path = _mod09ga(tmp_path, state, qc)
    s = import_modis([path], str(tmp_path / "out"))
    [file] = s["outputs"]["reflectance"]
    assert os.path.basename(file) == "MOD09GA_reflectance_2019-04-01.tif"
    with rasterio.open(file) as ds:
        assert ds.count == 7 and ds.dtypes[0] == "int16" and ds.nodata == -28672
        assert ds.scales[0] == pytest.approx(0.0001)
        b1, b2 = ds.read(1), ds.read(2)
    keep = np.zeros((4, 4), bool)
    keep[2:, 2:] = True  # only the clear 1 km cell
    np.testing.assert_array_equal(b2, np.where(keep, 2000, -28672))
    keep[3, 3] = False  # band 1's own quality
    np.testing.assert_array_equal(b1, np.where(keep, 1000, -28672))
    counts = s["counts"]["2019-04-01"]["reflectance"]  # band values, 7 bands × 4 cells each
    assert counts["cloud"] == 28 and counts["cloud_shadow"] == 28
    assert counts["adjacent_cloud"] == 28 and counts["band_quality"] == 1


def test_mod09ga_cirrus_and_snow_by_level(tmp_path):
    # bits 8-9 cirrus: 01 small, 10 average; bit 12 MOD35 snow/ice
    state = np.array([[1 << 8, 2 << 8], [1 << 12, 0]], np.uint16)
    path = _mod09ga(tmp_path, state)
    kept = {}
    for level in ("lenient", "standard", "strict"):
        s = import_modis([path], str(tmp_path / level), ModisOptions(quality=level))
        kept[level] = read(s["outputs"]["reflectance"][0])[0][::2, ::2] != -28672
    assert kept["lenient"].tolist() == [[True, True], [True, True]]
    assert kept["standard"].tolist() == [[True, False], [False, True]]
    assert kept["strict"].tolist() == [[False, False], [False, True]]


def test_reflectance_feeds_deriveindices_modis_preset(tmp_path):
    from smdownscale.engine.prepare.indices import sensor_for

    sensor = sensor_for("modis")
    # the preset's band layout: b1 red, b2 NIR, as written
    assert sensor.band("red") == 1 and sensor.band("nir") == 2
    assert sensor.scale == pytest.approx(0.0001) and sensor.fill == -28672


# -- MOD13A2: 16-day composite dated by its period centre, observation days --------------

def test_mod13a2_ndvi_scaled_period_centre_and_composite_day(tmp_path):
    start = dt.date(2019, 4, 7)  # A2019097: days 97–112
    ndvi = np.array([[5000, 5000], [-3000, 7000]], np.int16)
    rel = np.array([[0, 3], [0, 1]], np.int8)  # good, cloudy, –, marginal
    doy = np.array([[100, 101], [-1, 110]], np.int16)
    path = mf.write_mod13a2(tmp_path, start, 26, 4, ndvi, ndvi, np.zeros((2, 2), np.uint16),
                            rel, doy)
    s = import_modis([path], str(tmp_path / "out"))
    assert s["dates"] == ["2019-04-15"]  # 7 April + 16/2 days
    values, _ = read(s["outputs"]["ndvi"])
    np.testing.assert_allclose(values, [[0.5, -9999], [-9999, 0.7]], rtol=1e-6)
    days, _ = read(s["outputs"]["observation_day"])
    np.testing.assert_array_equal(days, [[100, 101], [-9999, 110]])
    with rasterio.open(s["outputs"]["ndvi"]) as ds:
        assert ds.tags(1)["period"] == "2019-04-07/2019-04-22"
        assert "centre of the 16-day period" in ds.tags(1)["date_basis"]
    strict = import_modis([path], str(tmp_path / "strict"), ModisOptions(
        quality="strict", date_basis="start", variables=("ndvi",)))
    assert strict["dates"] == ["2019-04-07"]
    assert read(strict["outputs"]["ndvi"])[0][1, 1] == -9999  # marginal removed


def test_last_8_day_composite_of_a_year_is_cut_at_new_year(tmp_path):
    path = mf.write_mod11(tmp_path, dt.date(2019, 12, 27), 26, 4,
                          np.full((2, 2), 15000, np.uint16), np.zeros((2, 2), np.uint8),
                          eight_day=True)  # A2019361: 27–31 Dec, 5 days
    s = import_modis([path], str(tmp_path / "out"), ModisOptions(variables=("lst_day",)))
    assert s["dates"] == ["2019-12-29T12:00"]  # 27 Dec 00:00 + 2.5 days


# -- onto a target grid ----------------------------------------------------------------------

def test_onto_a_target_grid_values_are_the_mean_of_valid_cells(tmp_path):
    dn = np.full((8, 8), 15000, np.uint16)
    dn[:, 4:] = 15500
    path = _lst_tile(tmp_path, 26, dn, np.zeros((8, 8), np.uint8), 0)
    x0, y0 = mf.tile_corner(26, 4, 100, 0, 1000)
    cell = mf.TILE / 1200
    # a 2 × 2 target on the same CRS, cells of 4 × 4 source cells
    with rasterio.open(_first_sub(path)) as ds:
        crs = ds.crs
    target = Grid(crs, Affine(4 * cell, 0, x0, 0, -4 * cell, y0), 2, 2)
    s = import_modis([path], str(tmp_path / "out"), ModisOptions(variables=("lst_day",)),
                     target=target)
    lst, _ = read(s["outputs"]["lst_day"])
    np.testing.assert_allclose(lst, [[300, 310], [300, 310]], rtol=1e-6)


def _first_sub(path):
    """The LST_Day_1km field of a MOD11A1 tile as GDAL names it."""
    return f'HDF4_EOS:EOS_GRID:"{path}":MODIS_Grid_Daily_1km_LST:LST_Day_1km'


def test_target_in_another_crs_gets_the_tile_values(tmp_path):
    path = _lst_tile(tmp_path, 26, np.full((40, 40), 15000, np.uint16),
                     np.zeros((40, 40), np.uint8), 0)
    with rasterio.open(_first_sub(path)) as ds:
        b = ds.bounds
    from rasterio.warp import transform_bounds
    left, bottom, right, top = transform_bounds(ds.crs, CRS.from_epsg(4326), *b)
    mid_x, mid_y = (left + right) / 2, (bottom + top) / 2
    target = Grid(CRS.from_epsg(4326), Affine(0.05, 0, mid_x - 0.1, 0, -0.05, mid_y + 0.1), 4, 4)
    s = import_modis([path], str(tmp_path / "out"), ModisOptions(variables=("lst_day",)),
                     target=target)
    np.testing.assert_allclose(read(s["outputs"]["lst_day"])[0], 300.0, rtol=1e-6)


# -- land cover -------------------------------------------------------------------------------

def test_mcd12q1_classes_and_fill(tmp_path):
    lc = np.array([[1, 10], [255, 17]], np.uint8)
    path = mf.write_mcd12q1(tmp_path, 2019, 26, 4, lc)
    s = import_modis([path], str(tmp_path / "out"), ModisOptions(date_basis="start"))
    assert s["dates"] == ["2019-01-01"]
    np.testing.assert_array_equal(read(s["outputs"]["land_cover"])[0],
                                  [[1, 10], [-9999, 17]])


# -- AppEEARS GeoTIFFs --------------------------------------------------------------------------

def test_appeears_geotiffs_give_the_same_answer_as_the_tile(tmp_path):
    dn = np.array([[15000, 15500], [0, 16000]], np.uint16)
    qc = np.array([[0, 0b10], [0, 0]], np.uint8)
    path = _lst_tile(tmp_path, 26, dn, qc, 0)
    with rasterio.open(_first_sub(path)) as ds:
        profile = dict(driver="GTiff", width=2, height=2, count=1, crs=ds.crs,
                       transform=ds.transform)
    names = {"LST_Day_1km": (dn, "uint16", 0), "QC_Day": (qc, "uint8", None)}
    files = []
    for layer, (array, dtype, nodata) in names.items():
        f = tmp_path / f"MOD11A1.061_{layer}_doy2019091_aid0001.tif"
        with rasterio.open(f, "w", dtype=dtype, nodata=nodata, **profile) as out:
            out.write(array, 1)
        files.append(str(f))
    a = import_modis(files, str(tmp_path / "a"), ModisOptions(variables=("lst_day",)))
    b = import_modis([path], str(tmp_path / "b"), ModisOptions(variables=("lst_day",)))
    np.testing.assert_array_equal(read(a["outputs"]["lst_day"])[0],
                                  [[300, -9999], [-9999, 320]])
    np.testing.assert_array_equal(read(a["outputs"]["lst_day"])[0],
                                  read(b["outputs"]["lst_day"])[0])


# -- bad input: a clear message, nothing left behind ---------------------------------------------

def test_a_file_of_another_product_than_chosen(tmp_path):
    path = _lst_tile(tmp_path, 26, np.full((2, 2), 15000, np.uint16),
                     np.zeros((2, 2), np.uint8), 0)
    with pytest.raises(InputError, match=r"MOD11A1\.A2019091.*is a MOD11A1 file, not "
                                         r"MOD09GA as chosen"):
        import_modis([path], str(tmp_path / "out"), ModisOptions(product="MOD09GA"))
    assert leftovers(tmp_path / "out") == []


def test_a_mix_of_two_products(tmp_path):
    lst = _lst_tile(tmp_path, 26, np.full((2, 2), 15000, np.uint16),
                    np.zeros((2, 2), np.uint8), 0)
    lc = mf.write_mcd12q1(tmp_path, 2019, 26, 4, np.ones((2, 2), np.uint8))
    with pytest.raises(InputError, match="mix products: MCD12Q1 .* MOD11A1 .*one product "
                                         "per run"):
        import_modis([lst, lc], str(tmp_path / "out"))


def test_a_missing_qa_layer_names_file_and_layer(tmp_path):
    path = mf.write_mod11(tmp_path, DAY, 26, 4, np.full((2, 2), 15000, np.uint16),
                          np.zeros((2, 2), np.uint8), omit=("QC_Day",))
    with pytest.raises(InputError, match=r"'MOD11A1\.A2019091\.h26v04.*has no layer "
                                         r"'QC_Day'.*quality level to 'none'"):
        import_modis([path], str(tmp_path / "out"), ModisOptions(variables=("lst_day",)))
    assert leftovers(tmp_path / "out") == []
    s = import_modis([path], str(tmp_path / "out"),
                     ModisOptions(variables=("lst_day",), quality="none"))
    assert (read(s["outputs"]["lst_day"])[0] == 300).all()


def test_a_damaged_or_renamed_file(tmp_path):
    bad = tmp_path / "MOD11A1.A2019091.h26v04.061.2020001000000.hdf"
    bad.write_bytes(b"<html>login required</html>")
    with pytest.raises(InputError, match="is not an HDF4 file.*Download it again"):
        import_modis([str(bad)], str(tmp_path / "out"))
    other = tmp_path / "notes.hdf"
    other.write_bytes(b"x")
    with pytest.raises(InputError, match="not named like a MODIS tile"):
        import_modis([str(other)], str(tmp_path / "out"))


def test_a_file_whose_content_is_another_product(tmp_path):
    lc = mf.write_mcd12q1(tmp_path, 2019, 26, 4, np.ones((2, 2), np.uint8))
    renamed = tmp_path / "MOD11A1.A2019001.h26v04.061.2020001000000.hdf"
    os.rename(lc, renamed)
    with pytest.raises(InputError, match="holds none of the MOD11A1 layers"):
        import_modis([str(renamed)], str(tmp_path / "out"))


def test_the_same_tile_twice_and_a_target_outside(tmp_path):
    path = _lst_tile(tmp_path, 26, np.full((2, 2), 15000, np.uint16),
                     np.zeros((2, 2), np.uint8), 0)
    copy = tmp_path / "copy"
    copy.mkdir()
    twin = copy / os.path.basename(path)
    twin.write_bytes(open(path, "rb").read())
    with pytest.raises(InputError, match="Tile h26v04 of 2019-04-01 is given twice"):
        import_modis([path, str(twin)], str(tmp_path / "out"))
    far = Grid(CRS.from_epsg(4326), Affine(0.01, 0, 10.0, 0, -0.01, -40.0), 5, 5)
    with pytest.raises(InputError, match="do not overlap"):
        import_modis([path], str(tmp_path / "out"), target=far)
    assert leftovers(tmp_path / "out") == []


def test_cancel_without_resume_leaves_nothing(tmp_path):
    # (with resume, the default, only the checkpoint is left: test_import_resume.py)
    paths = [mf.write_mod11(tmp_path, DAY + dt.timedelta(days=d), 26, 4,
                            np.full((2, 2), 15000, np.uint16), np.zeros((2, 2), np.uint8))
             for d in range(3)]
    with pytest.raises(Cancelled):
        import_modis(paths, str(tmp_path / "out"), progress=CancelAfter(2), resume=False)
    assert leftovers(tmp_path / "out") == []


def test_a_target_grid_without_crs_and_an_all_fill_tile(tmp_path):
    path = _lst_tile(tmp_path, 26, np.full((2, 2), 15000, np.uint16),
                     np.zeros((2, 2), np.uint8), 0)
    bare = Grid(None, Affine(1000, 0, 0, 0, -1000, 0), 2, 2)
    with pytest.raises(InputError, match="The target grid has no coordinate reference system"):
        import_modis([path], str(tmp_path / "out"), target=bare)
    assert leftovers(tmp_path / "out") == []
    (tmp_path / "tiles").mkdir()
    empty = mf.write_mod11(tmp_path / "tiles", DAY + dt.timedelta(days=1), 26, 4,
                           np.zeros((2, 2), np.uint16), np.full((2, 2), 0b11, np.uint8))
    s = import_modis([empty], str(tmp_path / "all_fill"), ModisOptions(variables=("lst_day",)))
    assert (read(s["outputs"]["lst_day"])[0] == -9999).all()  # written, all nodata
    assert s["kept"]["2019-04-02"]["lst_day"] == 0
    assert s["counts"]["2019-04-02"]["lst_day"] == {"not_produced": 4}


# -- on a Dask cluster ------------------------------------------------------------------------

def _same_outputs(here, there):
    """The two runs wrote the same files, arrays, dtypes, descriptions and counts."""
    from helpers import assert_same_stack

    for key in ("dates", "counts", "kept", "grid", "variables"):
        assert here[key] == there[key], key
    files = sorted(os.listdir(here["folder"]))
    assert files == sorted(os.listdir(there["folder"]))
    for name in files:
        assert_same_stack(os.path.join(here["folder"], name),
                          os.path.join(there["folder"], name))


def test_a_dask_cluster_writes_the_same_bytes(tmp_path, dask_cluster):
    from rasterio.warp import transform as warp_transform

    from smdownscale.engine.raster.executors import cluster_session

    rng = np.random.default_rng(11)
    later = DAY + dt.timedelta(days=1)
    for sub in ("mod09", "mod11"):
        os.makedirs(tmp_path / sub)
    # MOD09GA: h26's last and h27's first 6 columns at 500 m, 3 windows of 4 columns;
    # h27 missing on the 2nd day (its window empty)
    state = np.array([[0b01, 0, 0], [0, 1 << 13, 0]], np.uint16)  # a cloud, cloud-adjacent
    hdf09 = [mf.write_mod09ga(tmp_path / "mod09", day, h, 4,
                              rng.integers(100, 9000, (7, 4, 6)).astype(np.int16),
                              np.zeros((4, 6), np.uint32), state, row0=200, col0=col0)
             for day, h, col0 in ((DAY, 26, 2394), (DAY, 27, 0), (later, 26, 2394))]
    # MOD11A1 onto a 40 × 40 lat/lon target across the h26/h27 edge: 2 × 2 windows of 32
    hdf11 = [mf.write_mod11(tmp_path / "mod11", day, h, 4,
                            rng.integers(14000, 16000, (50, 40)).astype(np.uint16),
                            np.where(rng.random((50, 40)) < 0.1, 0b10, 0).astype(np.uint8),
                            row0=100, col0=col0)
             for day in (DAY, later) for h, col0 in ((26, 1160), (27, 0))]
    with rasterio.open(_first_sub(hdf11[1])) as ds:
        x, y = mf.tile_corner(27, 4, 125, 0, 1000)
        (lon,), (lat,) = warp_transform(ds.crs, CRS.from_epsg(4326), [x], [y])
    target = Grid(CRS.from_epsg(4326), Affine(0.005, 0, lon - 0.1, 0, -0.005, lat + 0.1),
                  40, 40)
    runs = {}
    for where in ("here", "there"):
        with cluster_session(dask_cluster.address if where == "there" else ""):
            runs[where] = [
                import_modis(hdf09, str(tmp_path / where / "09"), ModisOptions(block=4)),
                import_modis(hdf11, str(tmp_path / where / "11"),
                             ModisOptions(variables=("lst_day",), block=32), target=target)]
        for summary, folder in zip(runs[where], ("09", "11")):
            summary["folder"] = str(tmp_path / where / folder)
    for here, there in zip(runs["here"], runs["there"]):
        _same_outputs(here, there)
    mod09, mod11 = runs["here"]
    assert mod09["counts"]["2019-04-01"]["reflectance"]["cloud"] == 2 * 7 * 4  # 2 tiles
    second = read(mod09["outputs"]["reflectance"][1])[0]
    assert (second[:, :6] != -28672).sum() == 24 - 8 and (second[:, 6:] == -28672).all()
    assert min(mod11["kept"][d]["lst_day"] for d in mod11["dates"]) > 250
    assert mod11["counts"]["2019-04-01"]["lst_day"]["not_produced"] > 20

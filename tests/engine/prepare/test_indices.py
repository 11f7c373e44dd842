"""Spectral indices from reflectance rasters (engine level), against hand-computed values."""
import os

import numpy as np
import pytest
import rasterio
from helpers import CancelAfter, write_raster

from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.prepare.indices import (INDEX_NAMES, compute_index, derive_indices,
                                                sensor_for)

ND = -9999.0
FILL = -28672


def modis_dn():
    """2×2 MOD09GA-like DN (7 bands: red, NIR, blue, green, 1240, SWIR1, SWIR2).

    (0,0) ρ red .05, NIR .3, blue .03, green .07, SWIR1 .2, SWIR2 .1;
    (0,1) red is fill; (1,0) red = NIR = green = SWIR1 = 0: zero denominators;
    (1,1) NIR 1.7 (> 1.6: impossible).
    """
    px = {(0, 0): [500, 3000, 300, 700, 2500, 2000, 1000],
          (0, 1): [FILL, 2000, 400, 600, 2500, 2500, 2000],
          (1, 0): [0, 0, 400, 0, 100, 0, 300],
          (1, 1): [500, 17000, 300, 700, 2500, 1500, 1200]}
    dn = np.zeros((7, 2, 2), "int16")
    for (r, c), values in px.items():
        dn[:, r, c] = values
    return dn


MODIS_EXPECTED = {  # exact fractions of the reflectances above
    "NDVI": [[5 / 7, ND], [ND, ND]],
    "EVI": [[5 / 11, ND], [2.5 * 0 / (1 - 7.5 * 0.04), ND]],
    "NDWI": [[-23 / 37, -7 / 13], [ND, ND]],
    "LSWI": [[0.2, -1 / 9], [ND, ND]],
    "NSDSI": [[0.5, 0.2], [ND, 0.2]],
}


def run(tmp_path, paths, sensor, names, **kwargs):
    outputs = {n: str(tmp_path / f"{n.lower()}.tif") for n in names}
    summary = derive_indices(paths, outputs, sensor, **kwargs)
    return outputs, summary


class Meta:
    """What the tests check of an output file besides its data."""

    def __init__(self, ds):
        self.count, self.dtypes, self.nodata = ds.count, ds.dtypes, ds.nodata
        self.descriptions, self.units = ds.descriptions, ds.units


def read(path):
    """(data, Meta) of a raster file."""
    with rasterio.open(path) as ds:
        return ds.read(), Meta(ds)


def test_modis_preset_gives_known_values_and_nodata(tmp_path):
    src = write_raster(tmp_path / "MOD09GA.A2019152.tif", modis_dn(), nodata=FILL,
                       dtype="int16")
    outputs, summary = run(tmp_path, [src], sensor_for("modis"), list(MODIS_EXPECTED))
    assert summary["dates"] == ["2019-06-01"]
    for name, expected in MODIS_EXPECTED.items():
        data, ds = read(outputs[name])
        assert ds.count == 1 and ds.dtypes[0] == "float32" and ds.nodata == ND
        assert ds.descriptions == ("2019-06-01",)
        np.testing.assert_allclose(data[0], np.float32(expected), rtol=1e-6, err_msg=name)
        assert np.isfinite(data).all()
    assert not os.path.exists(tmp_path / "wetness.tif")


def test_fill_without_raster_nodata_is_still_nodata(tmp_path):
    src = write_raster(tmp_path / "refl.tif", modis_dn(), nodata=None, dtype="int16")
    outputs, summary = run(tmp_path, [src], sensor_for("modis"), ["NDVI"])
    data, ds = read(outputs["NDVI"])
    assert data[0, 0, 1] == ND and ds.descriptions == (None,)
    assert summary["dates"] == [None]


def landsat_dn():
    """SR_B2…SR_B7 DN; ρ = DN·0.0000275 − 0.2: .02, .075, .13, .35, .24, .185; (0,1) fill 0."""
    dn = np.zeros((6, 1, 2), "uint16")
    dn[:, 0, 0] = [8000, 10000, 12000, 20000, 16000, 14000]
    return dn


def test_landsat_preset_scaling_and_baig_wetness(tmp_path):
    src = write_raster(tmp_path / "LC08_L2SP_123032_20190401_20190405_02_T1.tif",
                       landsat_dn(), nodata=None, dtype="uint16")
    outputs, _ = run(tmp_path, [src], sensor_for("landsat"), ["NDVI", "WETNESS", "NSDSI"])
    ndvi, ds = read(outputs["NDVI"])
    assert ds.descriptions == ("2019-04-01",)
    np.testing.assert_allclose(ndvi[0], [[11 / 24, ND]], rtol=1e-6)
    # 0.1511·.02 + 0.1973·.075 + 0.3283·.13 + 0.3407·.35 − 0.7117·.24 − 0.4559·.185
    np.testing.assert_allclose(read(outputs["WETNESS"])[0][0], [[-0.075406, ND]], rtol=1e-5)
    np.testing.assert_allclose(read(outputs["NSDSI"])[0][0], [[0.055 / 0.24, ND]], rtol=1e-6)


def test_sentinel2_preset_offset_fill_and_negative_reflectance(tmp_path):
    # (DN − 1000)/10000: same reflectances as the MODIS pixel (0,0); then fill 0; then
    # red DN 500 → ρ −0.05, below the physically possible −0.01.
    dn = np.zeros((6, 1, 3), "uint16")
    dn[:, 0, 0] = [1300, 1700, 1500, 4000, 3000, 2000]
    dn[:, 0, 2] = [1300, 1700, 500, 4000, 3000, 2000]
    src = write_raster(tmp_path / "S2A_MSIL2A_20220601T030551.tif", dn, nodata=None,
                       dtype="uint16")
    outputs, summary = run(tmp_path, [src], sensor_for("sentinel2"), ["NDVI", "EVI", "LSWI"])
    assert summary["dates"] == ["2022-06-01T03:05"]
    np.testing.assert_allclose(read(outputs["NDVI"])[0][0], [[5 / 7, ND, ND]], rtol=1e-6)
    np.testing.assert_allclose(read(outputs["EVI"])[0][0], [[5 / 11, ND, ND]], rtol=1e-6)
    np.testing.assert_allclose(read(outputs["LSWI"])[0][0], [[0.2, ND, 0.2]], rtol=1e-6)


def test_scale_and_offset_override_the_preset(tmp_path):
    # Sentinel-2 before processing baseline 04.00 has no offset: ρ = DN / 10000.
    dn = np.zeros((6, 1, 1), "uint16")
    dn[:, 0, 0] = [300, 700, 500, 3000, 2000, 1000]
    src = write_raster(tmp_path / "s2.tif", dn, nodata=None, dtype="uint16")
    outputs, _ = run(tmp_path, [src], sensor_for("sentinel2", offset=0.0), ["NDVI"])
    np.testing.assert_allclose(read(outputs["NDVI"])[0][0], [[5 / 7]], rtol=1e-6)


def test_custom_bands_fill_nodata_and_zero_evi_denominator(tmp_path):
    # Float reflectance in percent; bands: 1 NIR, 2 blue, 3 red. Dyadic values, so (0,1)
    # has nir + 6 red − 7.5 blue + 1 = 0.875 + 0 − 1.875 + 1 = 0 exactly. (0,2) NIR is the
    # fill value 99 and (0,3) red the raster's nodata 7, both within the valid range.
    data = np.array([[[30.0, 87.5, 99.0, 30.0]], [[3.0, 25.0, 3.0, 3.0]],
                     [[5.0, 0.0, 5.0, 7.0]]], "float32")
    src = write_raster(tmp_path / "custom_2019-04-01.tif", data, nodata=7.0)
    sensor = sensor_for("custom", scale=0.01, fill=99.0,
                        bands={"nir": 1, "blue": 2, "red": 3, "green": 0})
    outputs, _ = run(tmp_path, [src], sensor, ["NDVI", "EVI"])
    np.testing.assert_allclose(read(outputs["NDVI"])[0][0], [[5 / 7, 1.0, ND, ND]], rtol=1e-6)
    np.testing.assert_allclose(read(outputs["EVI"])[0][0], [[5 / 11, ND, ND, ND]], rtol=1e-6)


@pytest.mark.parametrize("name, refl", [
    ("NDVI", {"nir": 0.0, "red": 0.0}),
    ("EVI", {"nir": 0.875, "red": 0.0, "blue": 0.25}),
    ("NDWI", {"green": 0.0, "nir": 0.0}),
    ("LSWI", {"nir": 0.0, "swir1": 0.0}),
    ("NSDSI", {"swir1": 0.0, "swir2": 0.1}),
])
def test_zero_denominator_is_nan_never_inf(name, refl):
    arrays = {k: np.array([v, 0.3]) for k, v in refl.items()}
    with np.errstate(all="raise"):  # no division warning either
        out = compute_index(name, arrays)
    assert np.isnan(out[0]) and np.isfinite(out[1])


def test_index_beyond_float32_range_is_nodata(tmp_path):
    # NSDSI = (1e-40 − 0.1)/1e-40 = −1e39: finite in float64, not in float32.
    data = np.array([[[1e-40, 0.2]], [[0.1, 0.1]]], "float32")
    src = write_raster(tmp_path / "r.tif", data, nodata=None)
    sensor = sensor_for("custom", bands={"swir1": 1, "swir2": 2})
    outputs, _ = run(tmp_path, [src], sensor, ["NSDSI"])
    np.testing.assert_allclose(read(outputs["NSDSI"])[0][0], [[ND, 0.5]], rtol=1e-6)


def test_several_dated_inputs_make_a_sorted_stack(tmp_path):
    names = ["MOD09GA.A2019154.tif", "MOD09GA.A2019152.tif", "refl_2019-06-02.tif"]
    dns = []
    for k, name in enumerate(names):
        dn = modis_dn()
        dn[1, 0, 0] = 3000 + 1000 * k  # NIR differs per file
        dns.append(dn)
        write_raster(tmp_path / name, dn, nodata=FILL, dtype="int16")
    paths = [str(tmp_path / n) for n in names]
    outputs, summary = run(tmp_path, paths, sensor_for("modis"), ["NDVI"], block=1)
    assert summary["dates"] == ["2019-06-01", "2019-06-02", "2019-06-03"]
    data, ds = read(outputs["NDVI"])
    assert ds.count == 3 and ds.descriptions == ("2019-06-01", "2019-06-02", "2019-06-03")
    for band, k in enumerate([1, 2, 0]):  # file order → date order
        nir = (3000 + 1000 * k) * 1e-4
        np.testing.assert_allclose(data[band, 0, 0], (nir - 0.05) / (nir + 0.05), rtol=1e-6)
        assert data[band, 0, 1] == ND


def test_input_on_another_grid_is_aligned_onto_the_first(tmp_path):
    dn = np.full((7, 3, 4), 1000, "int16")  # ρ 0.1 in every band
    dn[1] = [[2000, 3000, 4000, 5000]] * 3  # NIR by column: NDVI 1/3, 1/2, 3/5, 2/3
    dn[0, 2, 1] = FILL
    a = write_raster(tmp_path / "a_20190601.tif", dn, nodata=FILL, dtype="int16")
    # 1.4 cells east: output column j (j ≥ 1) has its centre in input column j − 1.
    b = write_raster(tmp_path / "b_20190602.tif", dn, nodata=FILL, dtype="int16",
                     origin=(501400.0, 4600000.0))
    outputs, summary = run(tmp_path, [a, b], sensor_for("modis"), ["NDVI", "EVI"])
    assert summary["aligned"] == ["b_20190602.tif"]
    ndvi, _ = read(outputs["NDVI"])
    by_col = np.float32([1 / 3, 1 / 2, 3 / 5, 2 / 3])
    np.testing.assert_allclose(ndvi[0, 0], by_col, rtol=1e-6)
    assert ndvi[0, 2, 1] == ND
    np.testing.assert_allclose(ndvi[1, 0, 1:], by_col[:3], rtol=1e-6)  # nearest, not mixed
    assert ndvi[1, 2, 2] == ND  # the fill cell, moved with its column
    for data in (ndvi, read(outputs["EVI"])[0]):
        assert (data[1, :, 0] == ND).all()  # outside the second input


def test_synthetic_region_modis_files(tmp_path):
    from smdownscale.engine.synthetic import RegionSpec, generate_region

    manifest = generate_region(tmp_path / "region", RegionSpec(n_days=3))
    paths = [str(tmp_path / "region" / f) for f in manifest["files"]["reflectance_files"]]
    outputs, summary = run(tmp_path, paths[::-1], sensor_for("modis"), ["NDVI", "NSDSI"],
                           block=64)
    assert summary["dates"] == manifest["dates"]
    for name in ("NDVI", "NSDSI"):
        data, ds = read(outputs[name])
        assert ds.descriptions == tuple(manifest["dates"]) and np.isfinite(data).all()
        assert set(ds.units) == {"unitless"}
    ndvi = read(outputs["NDVI"])[0]
    with rasterio.open(paths[0]) as src:
        dn = src.read()
    red, nir = dn[0] * 1e-4, dn[1] * 1e-4
    cloud = (dn[0] == FILL) | (dn[1] == FILL)
    assert cloud.any() and (~cloud).mean() > 0.3
    assert (ndvi[0][cloud] == ND).all()
    np.testing.assert_allclose(ndvi[0][~cloud], ((nir - red) / (nir + red))[~cloud], rtol=1e-5)
    assert -1 <= ndvi[ndvi != ND].min() and ndvi[ndvi != ND].max() <= 1


def test_single_band_raster_is_refused_and_nothing_written(tmp_path):
    src = write_raster(tmp_path / "ndvi_20190601.tif", np.zeros((3, 3), "float32"))
    with pytest.raises(InputError, match="has 1 band; deriveindices needs the sensor's "
                                         "reflectance bands"):
        run(tmp_path, [src], sensor_for("modis"), ["NDVI", "EVI"])
    assert sorted(os.listdir(tmp_path)) == ["ndvi_20190601.tif"]


@pytest.mark.parametrize("key, names, message", [
    ("modis", [], "No index was requested"),
    ("modis", ["WETNESS"], "wetness is not available for MODIS"),
    ("sentinel2", ["NDVI", "WETNESS"], "wetness is not available for Sentinel-2"),
    ("custom", ["NDVI"], "NDVI needs the red, NIR band"),
])
def test_impossible_requests_are_refused(tmp_path, key, names, message):
    src = write_raster(tmp_path / "r_20190601.tif", modis_dn(), dtype="int16")
    with pytest.raises(InputError, match=message):
        run(tmp_path, [src], sensor_for(key), names)
    assert os.listdir(tmp_path) == ["r_20190601.tif"]


def test_custom_wetness_needs_all_six_bands(tmp_path):
    sensor = sensor_for("custom", bands={r: i + 1 for i, r in enumerate(
        ("blue", "green", "red", "nir", "swir1"))})
    src = write_raster(tmp_path / "r.tif", modis_dn(), dtype="int16")
    with pytest.raises(InputError, match="WETNESS needs the SWIR2 band"):
        run(tmp_path, [src], sensor, ["WETNESS"])


def test_zero_scale_is_refused():
    with pytest.raises(InputError, match="scale factor must be a non-zero number"):
        sensor_for("modis", scale=0.0)


def test_cancel_leaves_no_output(tmp_path):
    src = write_raster(tmp_path / "r_20190601.tif", modis_dn(), dtype="int16")
    with pytest.raises(Cancelled):
        run(tmp_path, [src], sensor_for("modis"), list(INDEX_NAMES[:5]), block=1,
            progress=CancelAfter(1))
    assert os.listdir(tmp_path) == ["r_20190601.tif"]


def test_cluster_gives_the_same_bytes_as_in_process(tmp_path, dask_cluster):
    """Three dates (one warped onto the first grid) in 12 windows each, on 2 workers."""
    import pickle

    from smdownscale.engine.prepare.indices import IndexWindows
    from smdownscale.engine.raster.executors import cluster_session

    rng = np.random.default_rng(3)
    paths = []
    for k, name in enumerate(["a_20190601.tif", "b_20190602.tif", "c_20190603.tif"]):
        dn = rng.integers(0, 6000, (7, 20, 30)).astype("int16")
        dn[0, rng.random((20, 30)) < 0.1] = FILL
        origin = (501400.0, 4600000.0) if k == 1 else (500000.0, 4600000.0)
        paths.append(write_raster(tmp_path / name, dn, nodata=FILL, dtype="int16",
                                  origin=origin))
    names = ["NDVI", "EVI", "NSDSI"]
    runs = []
    for label in ("here", "cluster"):
        folder = tmp_path / label
        folder.mkdir()
        if label == "here":
            _, summary = run(folder, paths, sensor_for("modis"), names, block=(8, 10))
        else:
            with cluster_session(dask_cluster.address):
                _, summary = run(folder, paths, sensor_for("modis"), names, block=(8, 10))
        runs.append(({n: read(str(folder / f"{n.lower()}.tif")) for n in names}, summary))
    (here, s_here), (there, s_there) = runs
    assert s_here["aligned"] == s_there["aligned"] == ["b_20190602.tif"]
    assert s_here["dates"] == s_there["dates"]
    for name in names:
        (a, meta_a), (b, meta_b) = here[name], there[name]
        assert a.dtype == b.dtype == np.float32 and np.array_equal(a, b, equal_nan=True)
        assert meta_a.descriptions == meta_b.descriptions == ("2019-06-01", "2019-06-02",
                                                              "2019-06-03")
        assert (a != ND).any() and (a[1, :, 0] == ND).all()  # values, and outside date 2
    task = IndexWindows(paths, None, sensor_for("modis"), names, (-0.01, 1.6), ND)
    assert pickle.loads(pickle.dumps(task)).readers[1].path == paths[1]

"""Sentinel-1 file names, tags, orbits and scales (engine level).

Files are written by tests/sentinel1_files.py in the naming conventions of the ESA
product specification (SNAP exports), the HyP3 RTC product guide and the S1Tiling
documentation; expectations come from those documents (see that module): S1A absolute
orbit 9258 → relative orbit 86; 10:20 UTC at 115.8° E is an ascending pass, 22:30 UTC
a descending one (ascending node at 18:00 local solar time).
"""
import datetime as dt

import numpy as np
import pytest
import rasterio

import sentinel1_files as sf
from smdownscale.engine.errors import InputError
from smdownscale.engine.prepare.sentinel1 import orbits
from smdownscale.engine.prepare.sentinel1.acquisitions import decide_directions, group_passes
from smdownscale.engine.prepare.sentinel1.names import compile_pattern, read_sources
from smdownscale.engine.prepare.sentinel1.scale import detect_scale, from_linear, to_linear

FLAT = np.full((4, 4), 0.05, "float32")
START = sf.at("2019-04-01")


def one(path, pattern=None):
    sources = read_sources([path], compile_pattern(pattern))
    assert len(sources) == 1
    return sources[0]


def test_esa_product_name_as_snap_exports_it(tmp_path):
    s = one(sf.write_sigma0(tmp_path / sf.esa_name(START, suffix="_Orb_Cal_TC_Sigma0_VH_db"),
                            sf.db(FLAT)))
    assert (s.mission, s.when, s.has_time, s.pol) == ("S1A", START, True, "VH")
    assert s.relative_orbit == 86  # absolute orbit 9258 of S1A
    assert s.scale == "db" and s.rules["date"] == "ESA product name"
    assert s.direction is None  # not in the name: decided from the time
    assert decide_directions([s]) == {"the time": 1} and s.direction == "ascending"


def test_hyp3_names_carry_radiometry_and_scale(tmp_path):
    for letter, scale in (("p", "linear"), ("d", "db"), ("a", "amplitude")):
        s = one(sf.write_sigma0(tmp_path / sf.hyp3_name(START, "VH", scale=letter), FLAT))
        assert (s.pol, s.scale, s.radiometry, s.when) == ("VH", scale, "gamma0", START)
        assert s.relative_orbit is None and s.rules["date"] == "HyP3 RTC name"


def test_s1tiling_names_and_tags(tmp_path):
    s = one(sf.write_sigma0(tmp_path / sf.s1tiling_name(START, direction="DES", orbit=7), FLAT))
    assert (s.pol, s.direction, s.relative_orbit, s.when) == ("VV", "descending", 7, START)
    joined = sf.write_sigma0(tmp_path / sf.s1tiling_name(START, "vh", joined=True), FLAT,
                             tags={"ACQUISITION_DATETIME": "2019-04-01T10:21:05.123456Z"})
    s = one(joined)
    assert s.when == dt.datetime(2019, 4, 1, 10, 21, 5) and s.rules["date"] == \
        "the ACQUISITION_DATETIME tag"


def test_generic_name_with_tags(tmp_path):
    path = sf.write_sigma0(tmp_path / "S1_VV_20190401.tif", FLAT, tags={
        "orbitProperties_pass": "DESCENDING", "ACQUISITION_START_TIME": "2019-04-01T10:20:30",
        "relativeOrbitNumber_start": "69"})
    s = one(path)
    assert (s.when, s.direction, s.relative_orbit, s.pol) == (START, "descending", 69, "VV")
    assert s.rules["date"] == "the ACQUISITION_START_TIME tag" and s.rules["direction"] == \
        "a tag"
    assert decide_directions([s]) == {"a tag": 1}  # the tag wins over the (ascending) time


def test_user_pattern_and_multiband_gee_export(tmp_path):
    path = sf.write_sigma0(tmp_path / "export_2019-04-01_DESC_69.tif",
                           np.stack([sf.db(FLAT), sf.db(FLAT), FLAT * 800]),
                           descriptions=["VV", "VH", "angle"])
    sources = read_sources([path], compile_pattern(
        r"(?P<date>\d{4}-\d\d-\d\d)_(?P<direction>ASC|DESC)_(?P<orbit>\d+)"))
    assert [(s.band, s.pol) for s in sources] == [(1, "VV"), (2, "VH")]  # angle skipped
    assert {(s.direction, s.relative_orbit, s.has_time) for s in sources} == \
        {("descending", 69, False)}
    assert sources[0].name.endswith("(band 1)")
    template = read_sources([path], compile_pattern("export_{date}_{direction}_{orbit}"))
    assert [(s.pol, s.direction, s.relative_orbit) for s in template] == \
        [("VV", "descending", 69), ("VH", "descending", 69)]
    wild = sf.write_sigma0(tmp_path / "S1_vh_20190401T102030_x.tif", FLAT)
    s = one(wild, "S1_{pol}_{date}T{time}*")
    assert (s.pol, s.when, s.rules["date"]) == ("VH", START, "the given pattern")


def test_orbit_rules():
    assert orbits.relative_orbit("S1A", 9258) == 86
    assert orbits.relative_orbit("S1D", 100) is None
    assert orbits.local_solar_hour(dt.datetime(2019, 4, 1, 22, 30), 116.0) == \
        pytest.approx(22.5 + 116 / 15 - 24)
    assert orbits.direction_from_time(dt.datetime(2019, 4, 1, 22, 30), 116.0) == "descending"
    assert orbits.direction_from_time(dt.datetime(2019, 4, 1, 10, 20), 116.0) == "ascending"
    assert orbits.parse_relative_orbits("142, 69") == (142, 69)
    with pytest.raises(InputError, match="not a list of relative orbit numbers"):
        orbits.parse_relative_orbits("142, north")


def test_slices_of_one_pass_form_one_acquisition(tmp_path):
    a = sf.write_sigma0(tmp_path / sf.esa_name(START), FLAT)
    b = sf.write_sigma0(tmp_path / sf.esa_name(START + dt.timedelta(seconds=25)), FLAT)
    c = sf.write_sigma0(tmp_path / sf.esa_name(START, "VH"), FLAT)
    d = sf.write_sigma0(tmp_path / sf.esa_name(sf.at("2019-04-01", sf.DESCENDING_UTC)), FLAT)
    sources = read_sources([a, b, c, d])
    decide_directions(sources)
    passes = group_passes(sources)
    assert [len(p.sources) for p in passes] == [3, 1]
    assert [p.first.direction for p in passes] == ["ascending", "descending"]


def test_scales():
    np.testing.assert_allclose(to_linear([-20.0, 0.0, -9999.0], "db"), [0.01, 1.0, np.nan])
    np.testing.assert_allclose(to_linear([0.1, 0.0, -0.01], "amplitude"), [0.01, np.nan, np.nan])
    np.testing.assert_allclose(from_linear(np.array([0.01, np.nan]), "db"), [-20.0, np.nan])


def test_scale_detection(tmp_path):
    cases = ((sf.db(FLAT), "db"), (FLAT, "linear"))
    for values, expected in cases:
        with rasterio.open(sf.write_sigma0(tmp_path / f"{expected}.tif", values)) as ds:
            assert detect_scale(ds, 1, "x.tif") == expected
    with rasterio.open(sf.write_sigma0(tmp_path / "ndvi.tif", FLAT + 5)) as ds:
        with pytest.raises(InputError, match=r"ndvi.tif \(median 5.05\) look neither like"):
            detect_scale(ds, 1, "ndvi.tif")


@pytest.mark.parametrize("name, kwargs, message", [
    ("S1_VV_export.tif", {}, r"No acquisition date was found for S1_VV_export.tif"),
    ("s1a-iw-grd-vv-20190401t102030-20190401t102055-026584-02fa1b-001.tif",
     {"dtype": "uint16"}, r"holds uint16 numbers, not σ⁰"),
    (sf.esa_name(START), {"epsg": None}, r"has no map grid .* not terrain-corrected"),
    (sf.esa_name(START, "HH"), {}, r"is HH: this step composites VV and VH"),
    (sf.esa_name(START, suffix="_Orb_Cal_TC"), {}, r"polarisation of S1A_IW_GRDH.* not found"),
])
def test_bad_files_are_named(tmp_path, name, kwargs, message):
    path = sf.write_sigma0(tmp_path / name, FLAT, **kwargs)
    with pytest.raises(InputError, match=message):
        read_sources([path])


def test_bad_patterns():
    with pytest.raises(InputError, match=r"needs a \{date\}"):
        compile_pattern(r"(?P<pol>VV|VH)")
    with pytest.raises(InputError, match=r"has unknown parts tile"):
        compile_pattern("S1_{tile}_{date}")
    with pytest.raises(InputError, match="is not a regular expression"):
        compile_pattern(r"(?P<date>\d{8}")

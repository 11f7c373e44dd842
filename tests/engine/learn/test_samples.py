"""Training samples (engine/learn/samples.py, engine/learn/features.py): known aggregates,
dates, errors.

The hand-built scene: a coarse grid of 2 × 3 cells of 3 km and predictors of 6 × 9
cells of 1 km in the same CRS, nested, so every coarse value is an exact mean (or
class share, or mode) of 9 fine cells.
"""
import math
import os
import sys

import numpy as np
import pytest
import rasterio
from helpers import CancelAfter, write_raster
from pyproj import Transformer

from smdownscale.engine.raster.dates import parse_iso
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.learn.features import PredictorLayer, doy_terms
from smdownscale.engine.learn.samples import SampleOptions, build_samples, percent_below

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from training_data import (COARSE_CELL, FINE_CELL, block_mean,  # noqa: E402
                           write_dated)

ND = -9999.0
COARSE_DATES = ["2019-06-01", "2019-06-02", "2019-06-03", "2019-06-04", "2019-06-05"]
PRECIP_DATES = ["2019-06-01", "2019-06-02", "2019-06-03", "2019-06-04", "2019-06-10"]
KEPT = COARSE_DATES[:3]
# Land cover (uint8, 0 = nodata), coarse cell by coarse cell — see the expected shares.
LC = np.array([[1, 1, 1, 1, 1, 1, 1, 1, 1],
               [1, 1, 1, 2, 2, 2, 2, 2, 2],
               [1, 1, 1, 2, 2, 2, 3, 3, 3],
               [3, 3, 3, 2, 2, 2, 1, 1, 1],
               [3, 0, 3, 2, 2, 3, 1, 3, 2],
               [3, 3, 3, 3, 3, 3, 3, 3, 3]], dtype="uint8")
LC_SHARES = {  # class → expected share per coarse cell (nodata excluded)
    1: [[1.0, 3 / 9, 3 / 9], [0.0, 0.0, 4 / 9]],
    2: [[0.0, 6 / 9, 3 / 9], [0.0, 5 / 9, 1 / 9]],
    3: [[0.0, 0.0, 3 / 9], [1.0, 4 / 9, 4 / 9]],
}
LC_MODE = [[1, 2, 1], [3, 2, 1]]  # ties go to the smallest code
# Zones (int16, nodata −1): mode per coarse cell; the top-right cell is < 50 % valid.
ZONES = np.array([[1, 1, 1, 2, 2, 2, -1, -1, -1],
                  [1, 1, 1, 2, 2, 2, -1, -1, 3],
                  [2, 1, 2, 2, 2, 2, 3, 3, 3],
                  [4, 4, 4, 1, 1, 1, 7, 7, 7],
                  [4, 4, 5, 2, 2, 2, 7, 7, 7],
                  [5, 5, 5, 3, 3, 3, 7, 7, 7]], dtype="int16")
ZONE_MODE = [[1, 2, np.nan], [4, 1, 7]]


def coarse_target():
    """(5 dates, 2, 3): distinct values; date 4 has only half its cells valid."""
    cells = np.arange(6, dtype=float).reshape(2, 3)
    y = np.stack([0.10 + 0.02 * cells + 0.01 * i for i in range(5)])
    y[3, 0, :] = np.nan
    return y


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    rng = np.random.default_rng(7)
    dem = np.arange(54, dtype="float32").reshape(6, 9) * 10.0
    dem[0, 0] = ND
    precip = rng.uniform(0.0, 20.0, (5, 6, 9)).astype("float32")
    paths = {
        "coarse": write_dated(folder / "coarse.tif", coarse_target(), COARSE_DATES, COARSE_CELL),
        "dem": write_raster(folder / "dem.tif", dem, nodata=ND),
        "precip": write_dated(folder / "precip.tif", precip, PRECIP_DATES, FINE_CELL),
        "lc": write_raster(folder / "lc.tif", LC, nodata=0, dtype="uint8"),
        "zones": write_raster(folder / "zones.tif", ZONES, nodata=-1, dtype="int16"),
    }
    expected = {"dem": block_mean(np.where(dem == ND, np.nan, dem)),
                "precip": block_mean(precip)}
    return folder, paths, expected


def layers(paths, lc=True):
    out = [PredictorLayer("dem", paths["dem"]), PredictorLayer("precip", paths["precip"])]
    if lc:
        out.append(PredictorLayer("lc", paths["lc"], categorical=True))
    return out


@pytest.fixture(scope="module")
def samples(scene):
    _, paths, _ = scene
    return build_samples(paths["coarse"], layers(paths), zones_path=paths["zones"],
                         options=SampleOptions(add_coords=True, date_anomalies=False,
                                               min_coverage=0.9))


def test_feature_names_in_order(samples):
    assert samples.feature_names == ["dem", "precip", "lc_class1", "lc_class2", "lc_class3",
                                     "doy_sin", "doy_cos", "lon", "lat"]
    assert samples.X.shape == (18, 9)  # 3 kept dates × 6 cells
    assert samples.classes == {"lc": [1, 2, 3]}
    assert [f["kind"] for f in samples.features[:5]] == [
        "continuous", "continuous", "class_fraction", "class_fraction", "class_fraction"]
    assert [f["dynamic"] for f in samples.features[:3]] == [False, True, False]
    assert [(d["name"], d["dynamic"], d["categorical"], d["bands"]) for d in samples.layers] == [
        ("dem", False, False, 1), ("precip", True, False, 5), ("lc", False, True, 1)]


def test_samples_hold_the_exact_aggregates(scene, samples):
    _, _, expected = scene
    target = coarse_target()
    assert samples.dates == KEPT
    d, r, c = samples.date_index, samples.rows, samples.cols
    # Date by date, cells row-major.
    np.testing.assert_array_equal(d, np.repeat([0, 1, 2], 6))
    np.testing.assert_array_equal(r, np.tile([0, 0, 0, 1, 1, 1], 3))
    np.testing.assert_array_equal(c, np.tile([0, 1, 2, 0, 1, 2], 3))
    np.testing.assert_array_equal(samples.months, np.full(18, 6))
    np.testing.assert_allclose(samples.y, target[d, r, c], rtol=1e-6)
    X = dict(zip(samples.feature_names, samples.X.T))
    np.testing.assert_allclose(X["dem"], expected["dem"][r, c], rtol=1e-9)
    assert X["dem"][0] == pytest.approx((10 + 20 + 90 + 100 + 110 + 180 + 190 + 200) / 8)
    np.testing.assert_allclose(X["precip"], expected["precip"][d, r, c], rtol=1e-6)
    for code, share in LC_SHARES.items():
        np.testing.assert_allclose(X[f"lc_class{code}"], np.asarray(share)[r, c], atol=1e-12)
    np.testing.assert_allclose(X["lc_class1"] + X["lc_class2"] + X["lc_class3"], 1.0)
    for i, iso in enumerate(KEPT):
        sin, cos = doy_terms(parse_iso(iso))
        assert np.all(X["doy_sin"][d == i] == sin) and np.all(X["doy_cos"][d == i] == cos)
    # Cell-centre lon/lat, computed independently with PROJ.
    xs = 500000.0 + (c + 0.5) * COARSE_CELL
    ys = 4600000.0 - (r + 0.5) * COARSE_CELL
    lon, lat = Transformer.from_crs("EPSG:32650", "EPSG:4326", always_xy=True).transform(xs, ys)
    np.testing.assert_allclose(X["lon"], lon, atol=1e-9)
    np.testing.assert_allclose(X["lat"], lat, atol=1e-9)
    assert 117.0 < X["lon"].min() < X["lon"].max() < 117.2  # UTM 50N: central meridian 117°E


def test_mode_encoding_gives_one_class_code_feature(scene):
    _, paths, _ = scene
    s = build_samples(paths["coarse"], layers(paths),
                      options=SampleOptions(encoding="mode", add_doy=False,
                                            date_anomalies=False))
    assert s.feature_names == ["dem", "precip", "lc"]
    assert s.features[2]["kind"] == "class_code" and s.features[2]["classes"] == [1, 2, 3]
    np.testing.assert_array_equal(s.X[:, 2], np.asarray(LC_MODE, float)[s.rows, s.cols])


def test_zones_are_aggregated_by_mode(samples):
    expected = np.asarray(ZONE_MODE)[samples.rows, samples.cols]
    np.testing.assert_array_equal(samples.zones, expected)  # NaN where < 50 % valid
    assert np.isnan(samples.zones[(samples.rows == 0) & (samples.cols == 2)]).all()


def test_low_coverage_and_unmatched_dates_are_dropped_with_the_reason(samples):
    assert samples.dropped == [
        ("2019-06-04", "50% of the coarse cells valid (minimum 90%)"),
        ("2019-06-05", "no band of precip for this date")]
    assert samples.coverage == {"2019-06-01": 1.0, "2019-06-02": 1.0, "2019-06-03": 1.0,
                                "2019-06-04": 0.5}


def test_min_coverage_keeps_a_date_at_the_threshold(scene):
    _, paths, _ = scene
    s = build_samples(paths["coarse"], layers(paths, lc=False),
                      options=SampleOptions(min_coverage=0.5))
    assert s.dates == COARSE_DATES[:4]
    assert [d for d, _ in s.dropped] == ["2019-06-05"]
    assert len(s) == 3 * 6 + 3  # the half-valid date brings its 3 valid cells


def test_a_date_just_below_the_minimum_shows_enough_digits(scene):
    _, paths, _ = scene  # 2019-06-04 has 3 of its 6 coarse cells valid: 50 %
    s = build_samples(paths["coarse"], layers(paths, lc=False),
                      options=SampleOptions(min_coverage=0.504))
    assert ("2019-06-04", "50% of the coarse cells valid (minimum 50.4%)") in s.dropped


@pytest.mark.parametrize("share, minimum, texts", [
    (0.5, 0.9, ("50%", "90%")),
    (51 / 64, 0.8, ("79.7%", "80%")),          # the demo's "80% (minimum 80%)"
    (0.8966, 0.9, ("89.7%", "90%")),
    (0.79999, 0.8, ("79.999%", "80%")),
    (0.8 - 2e-9, 0.8, ("79.9999998%", "80%")),  # never rounded up to the minimum
    (0.0, 0.8, ("0%", "80%")),
])
def test_percent_below_reads_below_the_minimum(share, minimum, texts):
    assert percent_below(share, minimum) == texts


def test_percent_below_never_reads_as_the_minimum():
    rng = np.random.default_rng(3)
    for minimum in rng.uniform(0.05, 1.0, 300):
        share = minimum - rng.choice([2e-9, 1e-6, 1e-4, 2e-3, 0.03])
        shown, least = (float(t.rstrip("%")) for t in percent_below(share, minimum))
        assert shown < least, (share, minimum)


def test_features_carry_the_units_the_layers_declare(tmp_path, scene):
    _, paths, _ = scene
    dem = write_raster(tmp_path / "dem_m.tif", np.arange(54, dtype="float32").reshape(6, 9))
    lst = write_raster(tmp_path / "lst.tif", np.full((6, 9), 15000, "uint16"), nodata=0)
    with rasterio.open(dem, "r+") as ds:
        ds.set_band_unit(1, "m")
    with rasterio.open(lst, "r+") as ds:
        ds.set_band_unit(1, "K")
        ds.scales = (0.02,)
    layers = [PredictorLayer("dem", dem), PredictorLayer("lst", lst),
              PredictorLayer("precip", paths["precip"])]  # declares none
    assert [l.units for l in layers] == ["m", "K (raw value × 0.02)", ""]
    s = build_samples(paths["coarse"], layers)
    assert [f.get("units") for f in s.features[:3]] == ["m", "K (raw value × 0.02)", ""]
    assert [l["units"] for l in s.layers] == ["m", "K (raw value × 0.02)", ""]


def test_doy_encoding_is_circular():
    def point(iso):
        return np.array(doy_terms(parse_iso(iso)))

    assert np.linalg.norm(point("2019-12-31") - point("2020-01-01")) < 0.05
    assert np.linalg.norm(point("2019-12-31") - point("2019-01-01")) < 0.05
    assert np.linalg.norm(point("2019-01-01") - point("2019-07-01")) > 1.9  # opposite sides
    assert np.linalg.norm(point("2019-04-01")) == pytest.approx(1.0)
    # A quarter year apart → about a quarter turn (√2 apart on the unit circle).
    assert np.linalg.norm(point("2019-01-01") - point("2019-04-02")) == pytest.approx(
        math.sqrt(2), abs=0.02)


def test_pm_feature_only_when_coarse_dates_have_a_time(tmp_path, scene):
    _, paths, _ = scene
    passes = ["2019-06-01T06:00", "2019-06-01T18:00", "2019-06-02T06:00"]
    y = np.stack([np.arange(6.0).reshape(2, 3) * 0.01 + 0.1 + 0.05 * i for i in range(3)])
    coarse = write_dated(tmp_path / "ampm.tif", y, passes, COARSE_CELL)
    s = build_samples(coarse, layers(paths, lc=False),
                      options=SampleOptions(date_anomalies=False))
    assert s.feature_names == ["dem", "precip", "doy_sin", "doy_cos", "pm"]
    assert s.dates == passes
    pm = s.X[:, -1]
    np.testing.assert_array_equal(pm, np.where(s.date_index == 1, 1.0, 0.0))
    # Both passes of 1 June use the daily precipitation band of 1 June.
    np.testing.assert_array_equal(s.X[s.date_index == 0, 1], s.X[s.date_index == 1, 1])
    assert not np.array_equal(s.X[s.date_index == 0, 1], s.X[s.date_index == 2, 1])
    assert "pm" not in build_samples(paths["coarse"], layers(paths, lc=False)).feature_names
    assert "pm" not in build_samples(coarse, layers(paths, lc=False),
                                     options=SampleOptions(add_pm=False)).feature_names


def test_date_anomalies_subtract_the_fine_band_mean_of_the_date(scene, samples):
    _, paths, expected = scene
    s = build_samples(paths["coarse"], layers(paths), zones_path=paths["zones"],
                      options=SampleOptions(add_coords=True, min_coverage=0.9))  # anomalies: default
    assert s.feature_names == ["dem", "precip", "precip_date_mean", "lc_class1", "lc_class2",
                               "lc_class3", "doy_sin", "doy_cos", "lon", "lat"]
    assert [f["kind"] for f in s.features[:3]] == ["continuous", "date_anomaly", "date_mean"]
    d, r, c = s.date_index, s.rows, s.cols
    X = dict(zip(s.feature_names, s.X.T))
    # The mean of every valid fine cell of the date's band, read here with plain numpy.
    with rasterio.open(paths["precip"]) as ds:
        dates = [ds.descriptions[b] for b in range(ds.count)]
        fine_mean = {}
        for iso in KEPT:
            band = ds.read(dates.index(iso) + 1, masked=True).astype(float)
            fine_mean[iso] = float(band.compressed()[np.isfinite(band.compressed())].mean())
    mean = np.array([fine_mean[KEPT[i]] for i in d])
    np.testing.assert_allclose(X["precip_date_mean"], mean, rtol=1e-9)
    np.testing.assert_allclose(X["precip"], expected["precip"][d, r, c] - mean, rtol=1e-6,
                               atol=1e-9)
    # Static layers and classes are as without anomalies.
    np.testing.assert_array_equal(X["dem"], dict(zip(samples.feature_names, samples.X.T))["dem"])


# --- bad inputs ---------------------------------------------------------------------------------

def test_no_shared_dates(tmp_path, scene):
    _, paths, _ = scene
    other = write_dated(tmp_path / "p2020.tif", np.ones((2, 6, 9)), ["2020-06-01", "2020-06-02"],
                        FINE_CELL)
    with pytest.raises(InputError, match=r"No date of the coarse soil-moisture stack "
                       r"\(5 date\(s\), 2019-06-01 to 2019-06-05\) is shared by every dynamic "
                       r"predictor \(rain: 2 date\(s\), 2020-06-01 to 2020-06-02\)"):
        build_samples(paths["coarse"], [PredictorLayer("rain", other)])


def test_predictor_not_covering_the_coarse_grid(tmp_path, scene):
    _, paths, _ = scene
    west = write_raster(tmp_path / "west.tif", np.ones((6, 5), "float32"))  # 2 of 3 columns
    with pytest.raises(InputError, match=r"Predictor 'west' covers only 67% of the coarse "
                       r"cells with soil moisture \(the minimum coverage is 90%\)"):
        build_samples(paths["coarse"], [PredictorLayer("west", west)],
                      options=SampleOptions(min_coverage=0.9))


def test_constant_target(tmp_path, scene):
    _, paths, _ = scene
    coarse = write_dated(tmp_path / "const.tif", np.full((3, 2, 3), 0.3), KEPT, COARSE_CELL)
    with pytest.raises(InputError, match=r"The coarse soil moisture is constant \(0\.3\) over "
                       r"all 18 samples"):
        build_samples(coarse, layers(paths))


def test_all_dates_below_min_coverage(tmp_path, scene):
    _, paths, _ = scene
    y = coarse_target()[:3]
    y[0, 0, :2] = y[1, 1, :2] = y[2, :, 2] = np.nan  # 4 of 6 cells valid on every date
    coarse = write_dated(tmp_path / "gappy.tif", y, KEPT, COARSE_CELL)
    with pytest.raises(InputError, match=r"No date has at least 90% of its coarse cells "
                       r"valid .*2019-06-01 \(67% of the coarse cells valid"):
        build_samples(coarse, layers(paths, lc=False), options=SampleOptions(min_coverage=0.9))


def test_default_minimum_coverage_keeps_a_half_covered_date(scene):
    _, paths, _ = scene  # 2019-06-04 has 3 of its 6 coarse cells valid: 50 %
    s = build_samples(paths["coarse"], layers(paths), options=SampleOptions(add_doy=False))
    assert "2019-06-04" in s.dates and SampleOptions().min_coverage == 0.5
    assert s.dropped == [("2019-06-05", "no band of precip for this date")]


def test_categorical_layer_with_hundreds_of_classes(tmp_path, scene):
    _, paths, _ = scene
    codes = (np.arange(60 * 40) % 300 + 1).reshape(40, 60).astype("uint16")  # 150 m cells
    many = write_raster(tmp_path / "many.tif", codes, cell=150.0, nodata=0, dtype="uint16")
    with pytest.raises(InputError, match=r"Categorical layer 'soiltype' has more than 50 "
                       r"classes .*Reclassify it into fewer classes"):
        build_samples(paths["coarse"], [PredictorLayer("soiltype", many, categorical=True)])


def test_categorical_layer_with_non_integer_values(tmp_path, scene):
    _, paths, _ = scene
    values = np.ones((6, 9), "float32")
    values[2, 4] = 1.5
    path = write_raster(tmp_path / "ndvi.tif", values)
    with pytest.raises(InputError, match=r"Categorical layer 'ndvi' holds non-integer values "
                       r"\(e\.g\. 1\.5\); it must hold class codes"):
        build_samples(paths["coarse"], [PredictorLayer("ndvi", path, categorical=True)])


def test_multiband_predictor_without_dates(tmp_path):
    path = write_raster(tmp_path / "two.tif", np.ones((2, 6, 9), "float32"))
    with pytest.raises(InputError, match=r"Predictor 'two' has 2 bands but not every band has "
                       r"an ISO date"):
        PredictorLayer("two", path)


def test_two_predictors_with_the_same_name(scene):
    _, paths, _ = scene
    a = PredictorLayer("dem 1", paths["dem"])
    b = PredictorLayer("dem_1", paths["precip"])  # same feature name once cleaned
    assert a.name == b.name == "dem_1"
    with pytest.raises(InputError, match=r"Two predictor layers are both named 'dem_1'"):
        build_samples(paths["coarse"], [a, b])


def test_other_refusals(scene):
    _, paths, _ = scene
    with pytest.raises(InputError, match=r"No predictor layer was given"):
        build_samples(paths["coarse"], [])
    with pytest.raises(InputError, match=r"Unknown categorical encoding 'onehot'"):
        build_samples(paths["coarse"], layers(paths), options=SampleOptions(encoding="onehot"))
    with pytest.raises(InputError, match=r"minimum coverage must lie between 0 and 1"):
        build_samples(paths["coarse"], layers(paths), options=SampleOptions(min_coverage=90))
    with pytest.raises(InputError, match=r"Band 1 of the coarse soil-moisture stack has no "
                       r"ISO date"):
        build_samples(paths["dem"], layers(paths, lc=False))
    with pytest.raises(InputError, match=r"cannot name a feature"):
        PredictorLayer("  ", paths["dem"])


@pytest.mark.parametrize("checks", [0, 3])
def test_cancel(scene, checks):
    _, paths, _ = scene
    progress = CancelAfter(checks)
    with pytest.raises(Cancelled):
        build_samples(paths["coarse"], layers(paths), progress=progress)
    assert progress.calls == checks + 1

"""Training (engine/learn/training.py) on real samples: skill, seasons, zones, validation schemes.

Samples come from real rasters through build_samples: a synthetic region with a
known truth, and small scenes whose relation between predictor and target changes
by season, by zone, or follows a smooth spatial field (tests/engine/learn/training_data.py).
"""
import os
import sys

import numpy as np
import pytest
from helpers import CancelAfter
from threadpoolctl import threadpool_limits

from smdownscale.engine.learn import learners
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.learn.features import PredictorLayer
from smdownscale.engine.learn.samples import SampleOptions, build_samples
from smdownscale.engine.synthetic import RegionSpec, generate_region
from smdownscale.engine.learn.training import TrainConfig, train

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from training_data import (JANUARY, first_dates, partition_scene, region_layers,  # noqa: E402
                           spatial_scene, subset)

# One thread per learner, OpenMP included (histogram gradient boosting ignores
# n_threads): threaded learners slow down by orders of magnitude when their
# threads compete with other busy processes on a small machine.
THREADS = 1


@pytest.fixture(autouse=True, scope="module")
def one_openmp_thread():
    import sklearn.ensemble  # noqa: F401  (loads OpenMP, so that threadpoolctl can limit it)

    with threadpool_limits(limits=THREADS, user_api="openmp"):
        yield


def config(**kwargs):
    kwargs.setdefault("n_threads", THREADS)
    kwargs.setdefault("importance_repeats", 1)
    return TrainConfig(**kwargs)


@pytest.fixture(scope="module")
def region_samples(tmp_path_factory):
    """8 × 8 coarse cells × 30 days of the synthetic region: terrain, soil, land cover, rain."""
    folder = tmp_path_factory.mktemp("train_region")
    manifest = generate_region(folder, RegionSpec(n_days=30, coarse_cols=8, coarse_rows=8))
    return build_samples(folder / manifest["files"]["coarse_stack"],
                         region_layers(folder, manifest["files"]),
                         options=SampleOptions(add_coords=False, min_coverage=0.8))


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return partition_scene(tmp_path_factory.mktemp("partitions"))


@pytest.fixture(scope="module")
def season_samples(scene):
    """x → target: +slope in January, −slope in July; no day-of-year feature."""
    return build_samples(scene["season_target"], [PredictorLayer("x", scene["x"])],
                         options=SampleOptions(add_doy=False, date_anomalies=False))


@pytest.fixture(scope="module")
def zone_samples(scene):
    """x → target: +slope in zone 1 (west), −slope in zone 2 (east), every date."""
    return build_samples(scene["zone_target"], [PredictorLayer("x", scene["x"])],
                         zones_path=scene["zones"],
                         options=SampleOptions(add_doy=False, date_anomalies=False))


@pytest.fixture(scope="module")
def small_samples(season_samples):
    """4 January dates (400 samples) for repeated trainings."""
    return first_dates(season_samples, 4)


# --- (a) every learner beats the mean -------------------------------------------------------

# Dates of the region used per learner: the slow ones get fewer.
REGION_DATES = {"stacking": 8, "catboost": 12}


@pytest.mark.parametrize("key", learners.LEARNERS)
def test_every_learner_beats_the_mean_on_held_out_data(region_samples, key):
    if not learners.available(key):
        pytest.skip(f"{key} is not installed (python3 -m pip install {key})")
    samples = first_dates(region_samples, REGION_DATES.get(key, 30))
    assert len(samples) > 300
    model = train(samples, config(learner=key))
    test = model.info["metrics"]["test"]
    assert test["n"] == int(round(0.15 * len(samples)))
    assert test["skill"] > 0.3, f"{key}: test skill {test['skill']:.3f}"  # > 0 beats the mean
    assert test["r"] > 0.3, f"{key}: test R {test['r']:.3f}"
    assert model.feature_names == region_samples.feature_names
    assert {d["feature"] for d in model.info["importance"]} == set(samples.feature_names)
    pred = model.predict(samples.X, dates=samples.row_dates)
    assert pred.shape == (len(samples),) and np.isfinite(pred).all()
    np.testing.assert_allclose(pred, model.info["pred"])


def test_region_samples_are_as_asked(region_samples):
    assert region_samples.feature_names == [
        "dem", "sand", "clay", "lc_class1", "lc_class2", "lc_class3", "lc_class4", "lc_class5",
        "precip", "precip_date_mean", "doy_sin", "doy_cos"]
    assert [f["kind"] for f in region_samples.features if f.get("source") == "precip"] == [
        "date_anomaly", "date_mean"]
    assert len(region_samples.dates) + len(region_samples.dropped) == 30
    assert all(v >= 0.8 for d, v in region_samples.coverage.items() if d in region_samples.dates)
    assert all("minimum 80%" in reason for _, reason in region_samples.dropped)


# --- (b) seasons, (c) zones, (d) fallback -----------------------------------------------------

def test_seasonal_models_fit_a_relation_that_changes_with_the_season(season_samples):
    assert set(season_samples.months) == {1, 7}
    # pooled models only: a date model would follow the season by itself
    one = train(season_samples, config(learner="lightgbm", date_models="none"))
    seasonal = train(season_samples, config(learner="lightgbm", seasons="meteorological",
                                            date_models="none"))
    rmse_one = one.info["metrics"]["test"]["rmse"]
    rmse_seasonal = seasonal.info["metrics"]["test"]["rmse"]
    assert rmse_seasonal < 0.4 * rmse_one, (rmse_seasonal, rmse_one)
    assert seasonal.info["metrics"]["test"]["r"] > 0.95
    assert set(seasonal.estimators) == {"all", "DJF", "JJA"}
    assert list(seasonal.keys([1, 7, 12, 4])) == ["DJF", "JJA", "DJF", "all"]
    assert list(one.keys([1, 7])) == ["all", "all"]
    rows = {r["partition"]: r for r in seasonal.info["partitions"]}
    assert set(rows) == {"DJF", "JJA"}
    assert rows["DJF"]["model"] == "DJF" and rows["DJF"]["samples"] == 800
    assert rows["JJA"]["test"]["rmse"] < 0.4 * rmse_one
    # Routing by month: July rows of the January model would get the wrong sign.
    X = np.array([[0.9], [0.9]])
    winter, summer = seasonal.predict(X, months=[1, 7])
    assert winter > 0.25 + 0.08 and summer < 0.25 - 0.08
    with pytest.raises(InputError, match=r"give the month \(and zone\) of every row"):
        seasonal.predict(X)


def test_custom_seasons(season_samples):
    model = train(season_samples, config(learner="knn", seasons="custom",
                                         custom_seasons="11,12,1,2,3;4,5,6,7,8,9,10"))
    assert set(model.estimators) == {"all", "M11-M3", "M4-M10"}
    assert list(model.keys([1, 7])) == ["M11-M3", "M4-M10"]
    assert model.info["seasons"] == {"M11-M3": [11, 12, 1, 2, 3],
                                     "M4-M10": [4, 5, 6, 7, 8, 9, 10]}


def test_zone_models_fit_a_relation_that_changes_with_the_zone(zone_samples):
    np.testing.assert_array_equal(zone_samples.zones, np.where(zone_samples.cols < 5, 1, 2))
    one = train(zone_samples, config(learner="lightgbm"))
    zoned = train(zone_samples, config(learner="lightgbm", use_zones=True))
    rmse_one = one.info["metrics"]["test"]["rmse"]
    rmse_zoned = zoned.info["metrics"]["test"]["rmse"]
    assert rmse_zoned < 0.4 * rmse_one, (rmse_zoned, rmse_one)
    assert set(zoned.estimators) == {"all", "zone 1", "zone 2"}
    assert list(zoned.keys([7, 7, 1, 7], [1.0, 2.0, 1.0, np.nan])) == [
        "zone 1", "zone 2", "zone 1", "all"]
    both = train(zone_samples, config(learner="lightgbm", use_zones=True,
                                      seasons="meteorological"))
    assert set(both.estimators) == {"all", "DJF, zone 1", "DJF, zone 2", "JJA, zone 1",
                                    "JJA, zone 2"}
    assert list(both.keys([1, 7], [2.0, 1.0])) == ["DJF, zone 2", "JJA, zone 1"]


def test_zones_need_a_zone_raster(season_samples):
    with pytest.raises(InputError, match=r"No coarse cell has a zone"):
        train(season_samples, config(learner="knn", use_zones=True))


def test_small_partition_falls_back_to_the_global_model(season_samples):
    # One January date (100 samples) and eight July dates.
    january = [season_samples.dates.index(d) for d in JANUARY[:1]]
    keep = np.isin(season_samples.date_index, january) | (season_samples.months == 7)
    samples = subset(season_samples, keep)
    model = train(samples, config(learner="knn", seasons="meteorological",
                                  min_partition_samples=200))
    split = model.info["split"]
    djf_train = int(((samples.months == 1) & (split == "train")).sum())
    assert 50 < djf_train < 100
    assert model.info["fallbacks"] == {"DJF": djf_train}
    assert set(model.estimators) == {"all", "JJA"}
    assert list(model.keys([1, 2, 7])) == ["all", "all", "JJA"]
    rows = {r["partition"]: r for r in model.info["partitions"]}
    assert rows["DJF"]["model"] == "all" and rows["JJA"]["model"] == "JJA"
    assert rows["DJF"]["samples"] == 100


# --- (e) spatial blocks vs random folds -------------------------------------------------------

@pytest.fixture(scope="module")
def spatial_models(tmp_path_factory):
    scene = spatial_scene(tmp_path_factory.mktemp("spatial"))
    samples = build_samples(scene["target"], [PredictorLayer("x", scene["x"])],
                            options=SampleOptions(add_doy=False, add_coords=True,
                                                  date_anomalies=False))
    assert samples.feature_names == ["x", "lon", "lat"]
    return samples, {scheme: train(samples, config(learner="rf", validation=scheme, folds=4,
                                                   block=3, date_models="none"))
                     for scheme in ("kfold", "spatial")}


def test_spatial_blocks_report_lower_skill_than_random_folds(spatial_models):
    _, models = spatial_models
    kfold = models["kfold"].info["metrics"]["test"]
    spatial = models["spatial"].info["metrics"]["test"]
    assert kfold["skill"] > 0.6  # neighbours (the same cell on other dates) leak
    assert spatial["r"] < kfold["r"] - 0.2, (spatial["r"], kfold["r"])
    assert spatial["skill"] < kfold["skill"] - 0.3, (spatial["skill"], kfold["skill"])


def test_spatial_folds_hold_out_whole_blocks(spatial_models):
    samples, models = spatial_models
    split = models["spatial"].info["split"]
    for br in range(4):
        for bc in range(4):
            block = (samples.rows // 3 == br) & (samples.cols // 3 == bc)
            assert len(set(split[block])) == 1
    assert set(split) == {1, 2, 3, 4}


def test_kfold_reports_every_fold(spatial_models):
    samples, models = spatial_models
    for model in models.values():
        info = model.info
        assert [row["fold"] for row in info["folds"]] == [1, 2, 3, 4]
        assert sum(row["n"] for row in info["folds"]) == len(samples)
        assert set(info["metrics"]) == {"train", "test"}
        assert np.isfinite(info["oof"]).all() and info["metrics"]["test"]["n"] == len(samples)
        # In-sample fit is better than out-of-fold.
        assert info["metrics"]["train"]["rmse"] < info["metrics"]["test"]["rmse"]


# --- (f) seeds, (g) leave-dates-out, (h) random split -----------------------------------------

def test_same_seed_same_predictions_other_seed_differs(small_samples):
    s = small_samples
    a = train(s, config(learner="rf", seed=7))
    b = train(s, config(learner="rf", seed=7))
    c = train(s, config(learner="rf", seed=8))
    pa, pb, pc = (m.predict(s.X, s.months, s.zones) for m in (a, b, c))
    assert np.array_equal(pa, pb)
    assert np.array_equal(a.info["split"], b.info["split"])
    assert not np.array_equal(pa, pc)
    assert not np.array_equal(a.info["split"], c.info["split"])


def test_leave_dates_out_keeps_each_date_in_one_fold(season_samples):
    model = train(season_samples, config(learner="lightgbm", validation="dates", folds=4))
    split = model.info["split"]
    per_date = [set(split[season_samples.date_index == i]) for i in range(16)]
    assert all(len(folds) == 1 for folds in per_date)
    assert sorted(f for folds in per_date for f in folds) == [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4
    assert len(model.info["folds"]) == 4


def test_random_split_reports_train_validation_and_test(small_samples):
    model = train(small_samples, config(learner="knn"))
    metrics = model.info["metrics"]
    assert set(metrics) == {"train", "validation", "test"}
    assert [metrics[k]["n"] for k in ("train", "validation", "test")] == [280, 60, 60]
    assert model.info["folds"] == []
    assert model.info["oof"] is None
    assert sorted(set(model.info["split"])) == ["test", "train", "validation"]
    for k in ("train", "validation", "test"):
        assert set(metrics[k]) >= {"rmse", "r", "bias", "ubrmse", "skill", "rmse_mean"}


# --- (i) cancel, (j) search -------------------------------------------------------------------

@pytest.mark.parametrize("checks", [0, 2])
def test_cancel(small_samples, checks):
    progress = CancelAfter(checks)
    with pytest.raises(Cancelled):
        train(small_samples, config(learner="knn", validation="kfold", folds=4),
              progress=progress)
    assert progress.calls == checks + 1


def test_hyperparameter_search_records_the_best_parameters(small_samples):
    model = train(small_samples, config(learner="lightgbm", search_budget=3))
    best = model.info["best_params"]
    assert set(best) == set(learners.search_space("lightgbm"))
    assert 200 <= best["n_estimators"] < 1000 and 8 <= best["num_leaves"] < 128
    assert 0.01 <= best["learning_rate"] <= 0.2 and 0.6 <= best["subsample"] <= 1.0
    assert isinstance(best["n_estimators"], int)  # JSON-friendly
    params = model.estimators["all"].get_params()
    assert all(params[name] == value for name, value in best.items())
    assert model.info["metrics"]["test"]["skill"] > 0
    assert train(small_samples, config(learner="knn")).info["best_params"] is None


def test_nested_search_inside_each_training_fold(small_samples):
    # leave-dates-out: the search's inner 3 folds hold out whole dates of the training fold
    model = train(small_samples, config(learner="knn", validation="dates", folds=2,
                                        search_budget=2))
    best = model.info["best_params"]
    assert set(best) == set(learners.search_space("knn"))
    inner = model.estimators["all"].regressor_.named_steps["model"]
    assert inner.n_neighbors == best["regressor__model__n_neighbors"]
    assert len(model.info["folds"]) == 2 and model.info["metrics"]["test"]["n"] == len(
        small_samples)


def test_search_needs_two_groups_per_training_fold(small_samples):
    one_date = subset(small_samples, small_samples.date_index < 2)  # 2 dates, 2 folds
    with pytest.raises(InputError, match=r"needs at least 2 dates in each training set"):
        train(one_date, config(learner="knn", validation="dates", folds=2, search_budget=2))

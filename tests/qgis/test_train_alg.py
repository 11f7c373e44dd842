"""smdownscale:train through processing.run in a real QGIS: learners, outputs, bad inputs."""
import os

import numpy as np
import processing
import pytest
from helpers import write_raster
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from smdownscale.algorithms import train as alg
from smdownscale.engine.learn import crossval, features, learners, partitions, samples
from smdownscale.engine.learn.modelfile import load_model
from smdownscale.engine.raster.timestack import write_stack


def params(region, tmp_path, **extra):
    """Training parameters on the training region; fast settings for tests."""
    base = {"COARSE_SM": region["coarse"], "PREDICTORS": list(region["predictors"].values()),
            "CATEGORICAL": list(region["categorical"].values()), "MIN_COVERAGE": 0.8,
            "THREADS": 2, "IMPORTANCE_REPEATS": 1,
            "OUTPUT_MODEL": str(tmp_path / "model.smdm"),
            "OUTPUT_REPORT": str(tmp_path / "report.html")}
    base.update(extra)
    return base


def test_enums_and_defaults_match_the_engine(registry):
    assert alg.MODEL_KEYS == list(learners.LEARNERS)
    assert alg.SEASON_KEYS == list(partitions.SCHEMES)
    assert alg.VALIDATION_KEYS == list(crossval.SCHEMES)
    assert alg.ENCODING_KEYS == list(features.ENCODINGS)
    assert alg.DEFAULTS["MIN_COVERAGE"] == samples.DEFAULT_MIN_COVERAGE
    assert alg.DEFAULTS["FOLDS"] == crossval.DEFAULT_FOLDS
    assert alg.DEFAULTS["BLOCK_SIZE"] == crossval.DEFAULT_BLOCK
    assert alg.DEFAULTS["MIN_PARTITION_SAMPLES"] == partitions.DEFAULT_MIN_SAMPLES
    a = registry.algorithmById("smdownscale:train")
    assert a.group() == "Downscale"
    names = [p.name() for p in a.parameterDefinitions()]
    for contract in ("COARSE_SM", "PREDICTORS", "CATEGORICAL", "MODEL", "SEASONS", "ZONES",
                     "ADD_DOY", "ADD_COORDS", "MIN_COVERAGE", "VALIDATION", "SEED",
                     "OUTPUT_MODEL", "OUTPUT_REPORT"):
        assert contract in names
    help_text = a.shortHelpString()
    assert "70/15/15" in help_text and "%IncMSE" in help_text and "<" not in help_text


def test_date_model_choices_reach_the_model(registry, training_region, tmp_path, feedback):
    from smdownscale.engine.learn import date_models

    assert alg.DATE_MODEL_KEYS == list(date_models.MODES)
    assert alg.DATE_BLEND_KEYS == list(date_models.BLENDS)
    assert alg.DATE_LEARNER_KEYS[0] == "ridge" and "stacking" not in alg.DATE_LEARNER_KEYS
    a = registry.algorithmById("smdownscale:train")
    defaults = {p.name(): p.defaultValue() for p in a.parameterDefinitions()}
    assert alg.DATE_MODEL_KEYS[defaults["DATE_MODELS"]] == "window"
    assert defaults["DATE_WINDOW"] == 7 and defaults["DATE_ANOMALIES"] is True
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    dated = load_model(processing.run("smdownscale:train", params(
        training_region, tmp_path / "a", DATE_LEARNER=alg.DATE_LEARNER_KEYS.index(
            "linear_leaf"), DATE_BLEND=1), feedback=feedback)["OUTPUT_MODEL"])
    assert dated.config.date_models == "window" and dated.config.date_window == 7
    assert dated.config.date_learner == "linear_leaf" and dated.date_models.weight == 0.5
    assert len(dated.date_models.estimators) == len(dated.info["dates"])
    assert any(f["kind"] == "date_anomaly" for f in dated.features)
    # the gap model (default on) leaves out the cloud-prone NDVI and LST, nothing else
    assert defaults["GAP_MODEL"] is True
    gap = dated.gap_model
    assert sorted(gap.layers) == ["lst", "ndvi"], gap.layers
    kept = {dated.features[j]["source"] for j in gap.columns if "source" in dated.features[j]}
    assert "ndvi" not in kept and "lst" not in kept and "precip_1km" in kept
    assert any("Gap model (for pixels where ndvi, lst are missing" in m or
               "Gap model (for pixels where lst, ndvi are missing" in m for m in feedback.infos)
    pooled = load_model(processing.run("smdownscale:train", params(
        training_region, tmp_path / "b", DATE_MODELS=0, DATE_ANOMALIES=False,
        HOMOGENEITY_WEIGHT=True, GAP_MODEL=False), feedback=feedback)["OUTPUT_MODEL"])
    assert pooled.date_models is None and pooled.info["homogeneity"]["weighted"] is True
    assert not any(f["kind"] == "date_anomaly" for f in pooled.features)
    assert pooled.gap_model is None and pooled.info["gap_model"] is None


# Every learner beats the mean in the engine (tests/engine/learn/test_training.py) and the
# enum maps every key (test_enums_and_defaults_match_the_engine); through the Toolbox one
# learner per kind of wiring: scikit-learn's, the two optional boosting packages, stacking.
TOOLBOX_LEARNERS = ("rf", "xgboost", "lightgbm", "stacking")


@pytest.mark.parametrize("key", TOOLBOX_LEARNERS)
def test_learners_beat_the_mean(registry, training_region, tmp_path, feedback, key):
    if not learners.available(key):
        with pytest.raises(QgsProcessingException, match="pip install"):
            processing.run("smdownscale:train", params(
                training_region, tmp_path, MODEL=alg.MODEL_KEYS.index(key)))
        return
    extra = {}
    if key == "stacking":  # two fast members here; the engine test fits paper 004's four
        extra["STACK_BASE"] = [alg.STACK_KEYS.index("lightgbm"), alg.STACK_KEYS.index("knn")]
    result = processing.run("smdownscale:train", params(
        training_region, tmp_path, MODEL=alg.MODEL_KEYS.index(key), **extra), feedback=feedback)
    model = load_model(result["OUTPUT_MODEL"])
    test = model.info["metrics"]["test"]
    assert test["skill"] > 0.3, test  # held-out MSE well below predicting the mean
    assert result["TEST_RMSE"] == pytest.approx(test["rmse"])
    assert result["TEST_UBRMSE"] == pytest.approx(test["ubrmse"])
    assert result["N_SAMPLES"] == model.info["n_samples"] > 100
    assert model.config.learner == key
    assert any("Held-out skill" in m for m in feedback.infos)


def test_outputs_model_report_and_reproducibility(registry, training_region, tmp_path):
    p1 = params(training_region, tmp_path / "a", MODEL=alg.MODEL_KEYS.index("rf"),
                VALIDATION=alg.VALIDATION_KEYS.index("spatial"), FOLDS=3, BLOCK_SIZE=2,
                ADD_COORDS=True, SEED=7)
    os.makedirs(tmp_path / "a")
    os.makedirs(tmp_path / "b")
    r1 = processing.run("smdownscale:train", p1)
    r2 = processing.run("smdownscale:train", dict(p1, OUTPUT_MODEL=str(tmp_path / "b" / "m"),
                                                  OUTPUT_REPORT=None))
    assert r2["OUTPUT_MODEL"].endswith(".smdm") and "OUTPUT_REPORT" not in r2
    m1, m2 = load_model(r1["OUTPUT_MODEL"]), load_model(r2["OUTPUT_MODEL"])
    assert m1.feature_names[-2:] == ["lon", "lat"] and "landcover_class1" in m1.feature_names
    assert m1.info["folds"] and len(m1.info["folds"]) == 3
    X = np.random.default_rng(0).uniform(0, 1, (50, len(m1.feature_names)))
    assert np.array_equal(m1.predict(X), m2.predict(X))
    html = open(r1["OUTPUT_REPORT"], encoding="utf-8").read()
    assert "spatial block" in html.lower() and "data:image/png;base64," in html


def test_seasonal_model_routes_by_month(registry, training_region, tmp_path):
    result = processing.run("smdownscale:train", params(
        training_region, tmp_path, MODEL=alg.MODEL_KEYS.index("lightgbm"), SEASONS=2,
        CUSTOM_SEASONS="5,6;7,8,9,10,11,12,1,2,3,4", MIN_PARTITION_SAMPLES=10))
    model = load_model(result["OUTPUT_MODEL"])
    assert set(model.estimators) == {"all", "MJ"}  # the region's dates are all in June
    assert list(model.keys(np.array([6, 1]))) == ["MJ", "all"]  # no July–April model


def test_bad_custom_seasons_refused(registry, training_region, tmp_path):
    with pytest.raises(QgsProcessingException, match="every month exactly once"):
        processing.run("smdownscale:train", params(
            training_region, tmp_path, SEASONS=2, CUSTOM_SEASONS="1,2,3;4,5,6"))
    assert not os.path.exists(tmp_path / "model.smdm")


def test_fewer_samples_than_folds_refused(registry, region, tmp_path):
    with pytest.raises(QgsProcessingException, match="for 50 folds"):
        processing.run("smdownscale:train", {
            "COARSE_SM": region["coarse_stack"], "PREDICTORS": [region["dem_fine"]],
            "MIN_COVERAGE": 0.0, "VALIDATION": 1, "FOLDS": 50,
            "OUTPUT_MODEL": str(tmp_path / "m.smdm")})
    assert not os.listdir(tmp_path)


def test_no_shared_dates_refused(registry, training_region, tmp_path):
    grid_path = training_region["predictors"]["dem"]
    import rasterio
    with rasterio.open(grid_path) as ds:
        from smdownscale.engine.raster.grids import Grid
        grid = Grid.of(ds)
    import datetime as dt
    from smdownscale.engine.raster.dates import BandDate
    other = write_stack(tmp_path / "ndvi_2020.tif", grid, np.full((2,) + grid.shape, 0.5, "f4"),
                        dates=[BandDate(dt.datetime(2020, 1, d)) for d in (1, 2)])
    with pytest.raises(QgsProcessingException, match="No date of the coarse"):
        processing.run("smdownscale:train", params(
            training_region, tmp_path, PREDICTORS=[str(other)], CATEGORICAL=[]))
    assert not os.path.exists(tmp_path / "model.smdm")


def test_constant_target_refused(registry, training_region, tmp_path):
    import rasterio
    with rasterio.open(training_region["coarse"]) as ds:
        profile, descriptions = ds.profile, ds.descriptions
        shape = (ds.count, ds.height, ds.width)
    flat = tmp_path / "flat.tif"
    with rasterio.open(flat, "w", **profile) as ds:
        ds.write(np.full(shape, 0.25, "float32"))
        for i, d in enumerate(descriptions):
            ds.set_band_description(i + 1, d)
    with pytest.raises(QgsProcessingException, match="constant"):
        processing.run("smdownscale:train", params(training_region, tmp_path,
                                                   COARSE_SM=str(flat)))


def test_predictor_not_covering_refused(registry, training_region, tmp_path):
    import rasterio
    with rasterio.open(training_region["predictors"]["dem"]) as ds:
        t, crs = ds.transform, ds.crs
        west = ds.read(1)[:, : ds.width // 3]
    part = write_raster(tmp_path / "dem_west.tif", west, crs=crs, origin=(t.c, t.f),
                        cell=t.a, nodata=-9999.0)
    with pytest.raises(QgsProcessingException, match="covers only"):
        processing.run("smdownscale:train", params(training_region, tmp_path,
                                                   PREDICTORS=[part], CATEGORICAL=[]))


def test_hundreds_of_classes_refused(registry, training_region, tmp_path):
    import rasterio
    with rasterio.open(training_region["predictors"]["dem"]) as ds:
        t, crs, shape = ds.transform, ds.crs, (ds.height, ds.width)
    codes = (np.arange(shape[0] * shape[1]) % 300).reshape(shape).astype("int16")
    many = write_raster(tmp_path / "soilclass.tif", codes, crs=crs, origin=(t.c, t.f),
                        cell=t.a, nodata=-1)
    with pytest.raises(QgsProcessingException, match="more than 50 classes"):
        processing.run("smdownscale:train", params(training_region, tmp_path,
                                                   CATEGORICAL=[many]))


def test_cancel_leaves_no_model(registry, training_region, tmp_path):
    class CancelAtTraining(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            if info.startswith("Learner:"):
                self.cancel()

    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("smdownscale:train", params(training_region, tmp_path),
                       feedback=CancelAtTraining())
    assert not os.path.exists(tmp_path / "model.smdm")
    assert not os.path.exists(tmp_path / "report.html")


def test_zone_models_and_fallback_warning(registry, training_region, tmp_path, feedback):
    import rasterio
    with rasterio.open(training_region["predictors"]["dem"]) as ds:
        t, crs, (h, w) = ds.transform, ds.crs, (ds.height, ds.width)
    zones = np.where(np.arange(w)[None, :] < w // 2, 1, 2) * np.ones((h, 1))
    zones[: h // 6, : w // 6] = 3  # one coarse cell: too few samples for its own model
    path = write_raster(tmp_path / "zones.tif", zones.astype("uint8"), crs=crs,
                        origin=(t.c, t.f), cell=t.a, nodata=0)
    result = processing.run("smdownscale:train", params(
        training_region, tmp_path, MODEL=alg.MODEL_KEYS.index("lightgbm"), ZONES=path,
        MIN_PARTITION_SAMPLES=40), feedback=feedback)
    model = load_model(result["OUTPUT_MODEL"])
    assert set(model.estimators) == {"all", "zone 1", "zone 2"}
    assert "zone 3" in model.info["fallbacks"]
    assert list(model.keys(np.array([6, 6, 6]), np.array([1, 3, np.nan]))) == [
        "zone 1", "all", "all"]
    assert any("zone 3" in w and "global model" in w for w in feedback.warnings)


def test_all_nodata_predictor_named(registry, training_region, tmp_path):
    import rasterio
    with rasterio.open(training_region["predictors"]["dem"]) as ds:
        t, crs, shape = ds.transform, ds.crs, (ds.height, ds.width)
    empty = write_raster(tmp_path / "emptyndvi.tif", np.full(shape, -9999.0, "float32"),
                         crs=crs, origin=(t.c, t.f), cell=t.a, nodata=-9999.0)
    with pytest.raises(QgsProcessingException, match="emptyndvi hold no valid value"):
        processing.run("smdownscale:train", params(training_region, tmp_path,
                                                   PREDICTORS=[empty], CATEGORICAL=[]))
    assert not os.path.exists(tmp_path / "model.smdm")


def test_coarse_without_crs_refused(registry, training_region, tmp_path):
    import rasterio
    with rasterio.open(training_region["coarse"]) as src:
        profile, data, descriptions = src.profile, src.read(), src.descriptions
    profile.pop("crs")
    bare = tmp_path / "nocrs.tif"
    with rasterio.open(bare, "w", **profile) as dst:
        dst.write(data)
        for i, d in enumerate(descriptions):
            dst.set_band_description(i + 1, d)
    with pytest.raises(QgsProcessingException, match="has no coordinate reference system"):
        processing.run("smdownscale:train", params(training_region, tmp_path,
                                                   COARSE_SM=str(bare)))


def test_missing_model_destination_refused(registry, training_region, tmp_path, monkeypatch):
    """As a model step whose output was left unset: no '.smdm' in the working folder."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    monkeypatch.chdir(tmp_path)
    alg = registry.createAlgorithmById("smdownscale:train")
    parameters = params(training_region, tmp_path)
    del parameters["OUTPUT_MODEL"]
    with pytest.raises(QgsProcessingException, match="No file was given for the trained model"):
        alg.processAlgorithm(parameters, QgsProcessingContext(), QgsProcessingFeedback())
    assert not os.listdir(tmp_path)


def test_gabp_and_dbn_settings_reach_the_model(registry, training_region, tmp_path):
    for sub in ("g", "d", "x"):
        os.makedirs(tmp_path / sub)
    gabp = processing.run("smdownscale:train", params(
        training_region, tmp_path / "g", MODEL=alg.MODEL_KEYS.index("gabp"),
        GA_POPULATION=12, GA_GENERATIONS=5))
    model = load_model(gabp["OUTPUT_MODEL"])
    assert model.config.learner_params == {"population": 12, "generations": 5}
    est = model.estimators["all"]
    assert (est.population, est.generations) == (12, 5)
    dbn = processing.run("smdownscale:train", params(
        training_region, tmp_path / "d", MODEL=alg.MODEL_KEYS.index("dbn"),
        DBN_LAYERS="32, 16", DBN_EPOCHS=30))
    est = load_model(dbn["OUTPUT_MODEL"]).estimators["all"]
    assert tuple(est.hidden_layers) == (32, 16) and est.bp_epochs == 30
    with pytest.raises(QgsProcessingException, match="DBN layers must be positive"):
        processing.run("smdownscale:train", params(
            training_region, tmp_path / "x", MODEL=alg.MODEL_KEYS.index("dbn"),
            DBN_LAYERS="big"))


def test_missing_output_folder_refused_before_training(registry, training_region, tmp_path):
    with pytest.raises(QgsProcessingException, match="does not exist. Create it"):
        processing.run("smdownscale:train", params(
            training_region, tmp_path, OUTPUT_MODEL=str(tmp_path / "nowhere" / "m.smdm")))


def test_compile_puts_every_lightgbm_part_into_the_cache(registry, training_region, tmp_path,
                                                        monkeypatch):
    # 20 rounds instead of 500, so compiling takes a fraction of a second
    from smdownscale.engine.predict.compiled import CACHE_SUFFIX

    monkeypatch.setattr(learners, "ROUNDS", 20)
    cache = tmp_path / "cache"
    result = processing.run("smdownscale:train", params(
        training_region, tmp_path, MODEL=alg.MODEL_KEYS.index("lightgbm"), COMPILE=True,
        COMPILE_CACHE=str(cache), OUTPUT_REPORT=None))
    model = load_model(result["OUTPUT_MODEL"])
    assert model.estimators["all"].n_estimators == 20 and model.gap_model is not None
    libraries = sorted(n for n in os.listdir(cache) if n.endswith(CACHE_SUFFIX))
    assert result["COMPILED_MODELS"] == len(libraries) >= 2  # the pooled and the gap model
    assert sorted(os.listdir(cache)) == sorted(libraries + [n + ".sha256" for n in libraries])

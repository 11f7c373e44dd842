"""Compiled LightGBM inference (lleaves): same values as the learner, cached, safe fallback.

Expected values are the learner's own predictions (``LGBMRegressor.predict``): the
compiled code must reproduce them to 1e-9 in float64 on window-shaped design
matrices (a 256 × 256 window's valid rows, missing cells included).
"""
import os

import numpy as np
import pytest

lgb = pytest.importorskip("lightgbm")
pytest.importorskip("lleaves")

from smdownscale.engine.learn import learners  # noqa: E402
from smdownscale.engine.predict import compiled  # noqa: E402
from smdownscale.engine.predict.compiled import CompileOptions, compile_estimator  # noqa: E402

N_FEATURES = 12
WINDOW = 256  # fine cells per side


def _design_rows(n, rng):
    """Rows shaped like predict's design matrix: NDVI, LST (K), albedo, elevation (m),
    slope (°), clay %, precipitation (mm/day), day-of-year sin/cos, lon, lat (°), AM/PM."""
    lo = np.array([-0.1, 260, 0.05, 0, 0, 5, 0, -1, -1, 100.0, 30.0, 0])
    hi = np.array([0.9, 330, 0.45, 3000, 40, 60, 80, 1, 1, 101.0, 31.0, 1])
    X = lo + (hi - lo) * rng.random((n, N_FEATURES))
    X[:, 11] = np.round(X[:, 11])
    return X


def _target(X, rng):
    """A soil-moisture-like target, m³/m³."""
    return (0.3 - 0.2 * X[:, 0] - 0.002 * (X[:, 1] - 290) + 0.001 * X[:, 5]
            + 0.002 * np.sqrt(X[:, 6]) + 0.01 * rng.normal(size=len(X)))


def _fit(rounds=20, leaves=15, seed=0, **params):
    rng = np.random.default_rng(seed)
    X = _design_rows(4000, rng)
    return lgb.LGBMRegressor(n_estimators=rounds, num_leaves=leaves, random_state=seed,
                             deterministic=True, force_row_wise=True, n_jobs=1, verbose=-1,
                             **params).fit(X, _target(X, rng))


@pytest.fixture(scope="module")
def model():
    return _fit()


@pytest.fixture(scope="module")
def window_rows():
    """The valid rows of one window: cells with a missing predictor are dropped (as in
    predict); a few NaN kept in one column exercise the trees' missing-value routing."""
    rng = np.random.default_rng(7)
    X = _design_rows(WINDOW * WINDOW, rng)
    X[rng.random(len(X)) < 0.02, 6] = np.nan
    return X


def test_compiled_predictions_equal_the_learner(model, window_rows, tmp_path):
    result = compile_estimator(model, CompileOptions(cache_dir=str(tmp_path)))
    assert result.compiled and result.reason == ""
    assert isinstance(result.predictor, compiled.CompiledLightGBM)
    expected = model.predict(window_rows)
    got = result.predictor.predict(window_rows)
    assert got.dtype == np.float64 and got.shape == expected.shape
    assert np.max(np.abs(got - expected)) <= 1e-9
    # through predict's threaded row chunks, and from float32 rows
    threaded = learners.predict_rows(result.predictor, window_rows, n_threads=2)
    assert np.max(np.abs(threaded - expected)) <= 1e-9
    rows32 = window_rows.astype(np.float32)
    assert np.max(np.abs(result.predictor.predict(rows32) - model.predict(rows32))) <= 1e-9


def test_the_second_compile_loads_the_cache(model, window_rows, tmp_path):
    options = CompileOptions(cache_dir=str(tmp_path))
    first = compile_estimator(model, options)
    assert first.compiled and not first.cache_hit
    assert os.path.dirname(first.library) == str(tmp_path)
    assert first.library.endswith(compiled.CACHE_SUFFIX) and os.path.getsize(first.library) > 0
    stamp = os.stat(first.library).st_mtime_ns
    second = compile_estimator(model, options)
    assert second.compiled and second.cache_hit
    assert second.library == first.library
    assert os.stat(second.library).st_mtime_ns == stamp  # loaded, not written again
    assert sorted(os.listdir(tmp_path)) == [os.path.basename(first.library)]  # no temp left
    assert np.array_equal(second.predictor.predict(window_rows),
                          first.predictor.predict(window_rows))


def test_another_model_gets_its_own_library(model, tmp_path):
    options = CompileOptions(cache_dir=str(tmp_path))
    a = compile_estimator(model, options)
    b = compile_estimator(_fit(seed=1), options)
    assert b.compiled and not b.cache_hit and b.library != a.library
    assert len(os.listdir(tmp_path)) == 2


def test_linear_trees_fall_back_with_the_reason(tmp_path):
    linear = _fit(rounds=5, leaves=4, linear_tree=True)
    result = compile_estimator(linear, CompileOptions(cache_dir=str(tmp_path)))
    assert not result.compiled and result.predictor is linear
    assert "linear trees" in result.reason
    assert os.listdir(tmp_path) == []


def test_categorical_splits_compile_exactly(tmp_path):
    rng = np.random.default_rng(3)
    X = _design_rows(3000, rng)
    X[:, 11] = rng.integers(0, 8, len(X))  # class codes
    y = _target(X, rng) + 0.05 * (X[:, 11] % 3)
    est = lgb.LGBMRegressor(n_estimators=20, num_leaves=15, verbose=-1, n_jobs=1).fit(
        X, y, categorical_feature=[11])
    assert "cat_threshold=" in est.booster_.model_to_string()
    result = compile_estimator(est, CompileOptions(cache_dir=str(tmp_path)))
    assert result.compiled, result.reason
    test = _design_rows(2000, rng)
    test[:, 11] = rng.choice([0, 1, 2, 5, 7, 9, -1, 2.5, np.nan], len(test))  # unseen too
    assert np.max(np.abs(result.predictor.predict(test) - est.predict(test))) <= 1e-9


def test_turned_off_gives_the_learner(model, tmp_path):
    result = compile_estimator(model, CompileOptions(enabled=False, cache_dir=str(tmp_path)))
    assert not result.compiled and result.predictor is model
    assert result.reason == "compiled inference is turned off"
    assert os.listdir(tmp_path) == []


def test_other_learners_are_left_alone(tmp_path):
    from sklearn.linear_model import Ridge

    ridge = Ridge().fit(np.eye(3), np.arange(3.0))
    result = compile_estimator(ridge, CompileOptions(cache_dir=str(tmp_path)))
    assert not result.compiled and result.predictor is ridge


class _Log:
    def __init__(self):
        self.lines = []

    def info(self, message):
        self.lines.append(message)


def test_each_reason_is_said_once(model, tmp_path):
    linear = _fit(rounds=5, leaves=4, linear_tree=True)
    estimators = {"global": model, "DJF|nan": linear, "JJA|nan": linear}
    log = _Log()
    predictors, results = compiled.compile_estimators(
        estimators, CompileOptions(cache_dir=str(tmp_path)), log)
    assert isinstance(predictors["global"], compiled.CompiledLightGBM)
    assert predictors["DJF|nan"] is linear and predictors["JJA|nan"] is linear
    assert [r.compiled for r in results] == [True, False, False]
    assert len(log.lines) == 2
    assert log.lines[0].startswith("Compiled inference for 1 LightGBM model(s): 0 loaded")
    assert log.lines[1] == ("LightGBM predicts with its own code: the model has linear trees "
                            "(linear_tree), whose leaf equations lleaves does not compile.")


def test_code_that_disagrees_with_the_learner_is_not_used(tmp_path, monkeypatch):
    """The agreement check after compiling is the last guard: let linear trees through
    the feature check (lleaves would silently drop their leaf equations) and it refuses."""
    linear = _fit(rounds=5, leaves=4, linear_tree=True)
    monkeypatch.setattr(compiled, "unsupported_reason", lambda text: "")
    result = compile_estimator(linear, CompileOptions(cache_dir=str(tmp_path)))
    assert not result.compiled and result.predictor is linear
    assert result.reason.startswith("the compiled model differs from the learner by ")


class _Messages:
    def __init__(self):
        self.infos, self.warnings = [], []

    def info(self, message):
        self.infos.append(message)

    def warning(self, message):
        self.warnings.append(message)

    def set_progress(self, percent):
        pass

    def is_cancelled(self):
        return False

    def check_cancelled(self):
        pass


def test_predict_writes_the_same_map_compiled_or_not(predict_region, tmp_path, monkeypatch):
    """predict_stack with PredictOptions.compiled_inference gives the learner's map.

    The test region's LightGBM model cut to its first 20 rounds (a Booster), so the
    compile takes a fraction of a second."""
    import rasterio

    from smdownscale.engine.learn.modelfile import load_model
    from smdownscale.engine.predict.prediction import PredictOptions, predict_stack

    model = load_model(predict_region["lightgbm"])
    model.estimators = {k: lgb.Booster(model_str=e.booster_.model_to_string(num_iteration=20))
                        for k, e in model.estimators.items()}
    rows_predicted = []  # rows the compiled code predicted, call by call
    compiled_predict = compiled.CompiledLightGBM.predict
    monkeypatch.setattr(compiled.CompiledLightGBM, "predict",
                        lambda self, X: rows_predicted.append(len(X)) or compiled_predict(self, X))
    maps, summaries, logs = [], [], []
    for on in (False, True):
        out = tmp_path / f"sm_{on}.tif"
        log = _Messages()
        options = PredictOptions(dates=["2019-06-10"], correction="none", n_threads=2,
                                 compiled_inference=on, compile_cache=str(tmp_path / "cache"))
        summaries.append(predict_stack(model, predict_region["layers"], out,
                                       predict_region["coarse"], options, progress=log))
        with rasterio.open(out) as ds:
            maps.append(ds.read(1))
        logs.append(log.infos)
    assert [s["compiled"] for s in summaries] == [0, len(model.estimators)]
    assert summaries[0]["predicted"] == summaries[1]["predicted"] > 0
    # every cell of the model went through the compiled code (the rest: the compile's
    # check); cells missing a cloud-prone predictor come from the gap model (not compiled)
    assert sum(rows_predicted) - compiled.CHECK_ROWS == \
        summaries[1]["predicted"] - summaries[1]["gap_model"]
    assert np.array_equal(maps[0], maps[1])  # float32 output, bit for bit
    assert not any("Compiled inference" in line for line in logs[0])
    assert any(line.startswith("Compiled inference for 1 LightGBM model(s)") for line in logs[1])


def test_compiled_model_travels_to_cluster_workers(predict_region, tmp_path, dask_cluster):
    """On a Dask cluster the compiled predictor is pickled as its model text and library
    path; the workers load the cached library and write the in-process map bit for bit."""
    import pickle

    import rasterio

    from smdownscale.engine.learn.modelfile import load_model
    from smdownscale.engine.predict.prediction import PredictOptions, predict_stack
    from smdownscale.engine.raster.executors import cluster_session

    model = load_model(predict_region["lightgbm"])
    model.estimators = {k: lgb.Booster(model_str=e.booster_.model_to_string(num_iteration=20))
                        for k, e in model.estimators.items()}
    options = PredictOptions(dates=["2019-06-10"], correction="simple_kriging", block=64,
                             compiled_inference=True, compile_cache=str(tmp_path / "cache"))
    maps = []
    for where in ("", dask_cluster.address):
        out = tmp_path / f"sm_{bool(where)}.tif"
        with cluster_session(where):
            summary = predict_stack(model, predict_region["layers"], out,
                                    predict_region["coarse"], options)
        assert summary["compiled"] == len(model.estimators)
        with rasterio.open(out) as ds:
            maps.append(ds.read(1))
    assert np.array_equal(maps[0], maps[1])
    booster = next(iter(model.estimators.values()))
    result = compile_estimator(booster, CompileOptions(cache_dir=str(tmp_path / "cache")))
    state = pickle.loads(pickle.dumps(result.predictor))  # no ctypes library inside
    assert state.model is None and state.library == result.library
    X = compiled.check_rows(state.model_text, booster.num_feature())[:50]
    assert np.array_equal(state.predict(X), result.predictor.predict(X))

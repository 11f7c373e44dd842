"""Compiled LightGBM inference (lleaves): same values as the learner, cached, safe fallback.

Expected values are the learner's own predictions (``LGBMRegressor.predict``): the
compiled code must reproduce them bit for bit in float64 on window-shaped design
matrices (a 256 × 256 window's valid rows, missing cells included).
"""
import hashlib
import os

import numpy as np
import pytest

lgb = pytest.importorskip("lightgbm")
pytest.importorskip("lleaves")

from helpers import Messages  # noqa: E402
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
    assert np.array_equal(got, expected)
    # through predict's threaded row chunks, and from float32 rows
    threaded = learners.predict_rows(result.predictor, window_rows, n_threads=2)
    assert np.array_equal(threaded, expected)
    rows32 = window_rows.astype(np.float32)
    assert np.array_equal(result.predictor.predict(rows32), model.predict(rows32))


def test_the_second_compile_loads_the_cache(model, window_rows, tmp_path):
    options = CompileOptions(cache_dir=str(tmp_path))
    first = compile_estimator(model, options)
    assert first.compiled and not first.cache_hit
    assert os.path.dirname(first.library) == str(tmp_path)
    assert first.library.endswith(compiled.CACHE_SUFFIX) and os.path.getsize(first.library) > 0
    with open(first.library, "rb") as f:
        built = f.read()
    with open(first.library + ".sha256") as f:  # the checksum beside it: SHA-256 of the bytes
        assert f.read().strip() == hashlib.sha256(built).hexdigest()
    inode = os.stat(first.library).st_ino
    second = compile_estimator(model, options)
    assert second.compiled and second.cache_hit
    assert second.library == first.library
    assert os.stat(second.library).st_ino == inode  # loaded, not written again
    with open(second.library, "rb") as f:
        assert f.read() == built
    name = os.path.basename(first.library)
    assert sorted(os.listdir(tmp_path)) == [name, name + ".sha256"]  # no temp left
    assert np.array_equal(second.predictor.predict(window_rows),
                          first.predictor.predict(window_rows))


def test_a_damaged_library_is_compiled_again(model, window_rows, tmp_path):
    """A library whose bytes no longer match its checksum is never loaded."""
    options = CompileOptions(cache_dir=str(tmp_path))
    first = compile_estimator(model, options)
    with open(first.library, "r+b") as f:  # a bit flipped in the middle
        f.seek(os.path.getsize(first.library) // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0x10]))
    again = compile_estimator(model, options)
    assert again.compiled and not again.cache_hit
    assert np.array_equal(again.predictor.predict(window_rows), model.predict(window_rows))
    assert compile_estimator(model, options).cache_hit  # repaired


def test_the_cache_stays_under_its_limit(tmp_path):
    """Adding a library beyond the limit removes the least recently used ones."""
    limit_mb = 0.04  # 41,943 bytes: room for one of these ~30 kB libraries
    options = CompileOptions(cache_dir=str(tmp_path), cache_limit_mb=limit_mb)
    old = compile_estimator(_fit(seed=1), options)
    new = compile_estimator(_fit(seed=2), options)
    assert new.compiled and os.path.isfile(new.library)
    assert not os.path.exists(old.library) and not os.path.exists(old.library + ".sha256")
    assert sum(os.path.getsize(tmp_path / n) for n in os.listdir(tmp_path)
               if n.endswith(compiled.CACHE_SUFFIX)) <= limit_mb * 1024 ** 2


def test_compiling_waits_until_the_rows_pay_for_it(model, tmp_path):
    """With few rows to predict the learner keeps predicting (and says why); with many,
    or once a library is cached, the compiled code is used."""
    few = compile_estimator(model, CompileOptions(cache_dir=str(tmp_path), rows=1000))
    assert not few.compiled and few.skipped and few.predictor is model
    compile_s, saving = few.estimate
    assert compile_s == pytest.approx(300 * compiled.COMPILE_SECONDS_PER_LEAF)  # 20 × 15 leaves
    assert 0 < saving < compile_s and os.listdir(tmp_path) == []
    log = _Log()
    compiled.report([few], log)
    assert log.lines == [f"LightGBM predicts with its own code for 1 model(s): "
                         f"{compiled.NOT_WORTH_IT} (compiling ≈ 1 s, saving ≈ 0 s on these "
                         f"rows; train's Compile option compiles ahead, and predict then loads "
                         f"the cached code)."]
    many = compile_estimator(model, CompileOptions(cache_dir=str(tmp_path), rows=10 ** 9))
    assert many.compiled and not many.cache_hit
    cached = compile_estimator(model, CompileOptions(cache_dir=str(tmp_path), rows=1000))
    assert cached.compiled and cached.cache_hit


def test_another_model_gets_its_own_library(model, tmp_path):
    options = CompileOptions(cache_dir=str(tmp_path))
    a = compile_estimator(model, options)
    b = compile_estimator(_fit(seed=1), options)
    assert b.compiled and not b.cache_hit and b.library != a.library
    assert len(os.listdir(tmp_path)) == 4  # two libraries and their checksums


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
    assert np.array_equal(result.predictor.predict(test), est.predict(test))


def test_values_lightgbm_reads_as_zero_go_where_zero_goes(tmp_path):
    """LightGBM reads |v| ≤ 1e-35f as 0 and splits a feature of zeros and negative values
    at −1e-35; a row holding exactly −1e-35f reaches the learner's leaf (lleaves alone
    would send it left, as −1e-35 ≤ −1e-35)."""
    rng = np.random.default_rng(4)
    X = _design_rows(4000, rng)
    X[:, 3] = np.where(rng.random(len(X)) < 0.6, 0.0, -rng.random(len(X)))  # e.g. a deficit
    y = _target(X, rng) + 0.1 * (X[:, 3] < 0)
    est = lgb.LGBMRegressor(n_estimators=20, num_leaves=15, verbose=-1, n_jobs=1).fit(X, y)
    zero_split = float(np.float32(1e-35))  # LightGBM's kZeroThreshold
    assert -zero_split in compiled._thresholds(est.booster_.model_to_string(), N_FEATURES)[3]
    result = compile_estimator(est, CompileOptions(cache_dir=str(tmp_path)))
    assert result.compiled, result.reason
    test = _design_rows(3000, rng)
    test[:, 3] = rng.choice([0.0, -0.0, zero_split, -zero_split, 1e-36, -5e-36, 2e-35, 0.3],
                            len(test))
    assert np.array_equal(result.predictor.predict(test), est.predict(test))


def test_turned_off_gives_the_learner(model, tmp_path):
    result = compile_estimator(model, CompileOptions(enabled=False, cache_dir=str(tmp_path)))
    assert not result.compiled and result.predictor is model
    assert result.reason == "compiled inference is turned off"
    assert os.listdir(tmp_path) == []


def test_a_cache_folder_that_cannot_be_made_falls_back_and_says_why(model, window_rows,
                                                                     tmp_path):
    taken = tmp_path / "a_file"
    taken.write_text("not a folder")
    for cache, why in ((taken, "File exists"), (taken / "sub", "Not a directory")):
        result = compile_estimator(model, CompileOptions(cache_dir=str(cache)))
        assert not result.compiled and result.predictor is model
        assert result.reason == (f"the compiled-model cache folder '{cache}' cannot be used "
                                 f"({why}); choose another folder for COMPILE_CACHE")
    assert sorted(os.listdir(tmp_path)) == ["a_file"]


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
    options = CompileOptions(cache_dir=str(tmp_path))
    results = [compile_estimator(e, options) for e in (model, linear, linear)]
    assert isinstance(results[0].predictor, compiled.CompiledLightGBM)
    assert [r.compiled for r in results] == [True, False, False]
    log = _Log()
    compiled.report(results, log)
    assert len(log.lines) == 2
    assert log.lines[0].startswith("Compiled inference for 1 LightGBM model(s): 0 loaded")
    assert log.lines[1] == ("LightGBM predicts with its own code: the model has linear trees "
                            "(linear_tree), whose leaf equations lleaves does not compile.")


def test_every_lightgbm_part_of_a_model_is_compiled(model, window_rows, tmp_path):
    """Partitions, the gap model, the date models serving the dates predicted (inside
    their clamps) and stacking members; identical models compiled once; the model
    itself untouched; the copy predicts what the model predicts."""
    from types import SimpleNamespace

    from sklearn.ensemble import StackingRegressor
    from sklearn.linear_model import LinearRegression, Ridge

    from smdownscale.engine.learn.date_models import ClampedRegressor, DateModels
    from smdownscale.engine.learn.training import GapModel
    from smdownscale.engine.predict.compiled_model import compiled_model

    rng = np.random.default_rng(5)
    X = _design_rows(3000, rng)
    y = _target(X, rng)
    stack = StackingRegressor([("lgb", lgb.LGBMRegressor(n_estimators=10, num_leaves=7,
                                                          verbose=-1, n_jobs=1)),
                               ("ridge", Ridge())], final_estimator=LinearRegression(), cv=3)
    stack.fit(X, y)
    other = _fit(seed=3)
    dated = {iso: ClampedRegressor.fit_on(_fit(rounds=5, leaves=4, seed=s), X, y,
                                          lambda e, a, b: e)
             for s, iso in enumerate(["2019-06-10", "2019-06-20"], start=10)}
    gap = GapModel(other, list(range(N_FEATURES)), ["lst"])
    original = SimpleNamespace(estimators={"all": model, "JJA|nan": stack, "DJF|nan": model},
                               gap_model=gap, date_models=DateModels(dated, 0.0, 0.5))
    view, parts = compiled_model(original, CompileOptions(cache_dir=str(tmp_path)),
                                 dates=["2019-06-10"])
    assert parts.count == 4 == len(parts.results)  # model (twice), stack member, gap, one date
    assert isinstance(view.estimators["all"], compiled.CompiledLightGBM)
    assert view.estimators["DJF|nan"] is view.estimators["all"]
    assert isinstance(view.estimators["JJA|nan"].estimators_[0], compiled.CompiledLightGBM)
    assert view.estimators["JJA|nan"].estimators_[1] is stack.estimators_[1]
    assert isinstance(view.gap_model.estimator, compiled.CompiledLightGBM)
    assert isinstance(view.date_models.estimators["2019-06-10"].estimator,
                      compiled.CompiledLightGBM)
    assert view.date_models.estimators["2019-06-20"] is dated["2019-06-20"]  # not predicted
    assert original.estimators["all"] is model and original.gap_model is gap
    assert stack.estimators_[0] is not view.estimators["JJA|nan"].estimators_[0]
    pairs = [(view.estimators["JJA|nan"], stack), (view.gap_model.estimator, other),
             (view.date_models.estimators["2019-06-10"], dated["2019-06-10"])]
    rows = window_rows[np.isfinite(window_rows).all(axis=1)]  # the ridge member takes no NaN
    for fast, bare in pairs:
        assert np.array_equal(fast.predict(rows), bare.predict(rows))


def test_code_that_disagrees_with_the_learner_is_not_used(tmp_path, monkeypatch):
    """The agreement check after compiling is the last guard: let linear trees through
    the feature check (lleaves would silently drop their leaf equations) and it refuses."""
    linear = _fit(rounds=5, leaves=4, linear_tree=True)
    monkeypatch.setattr(compiled, "unsupported_reason", lambda text: "")
    result = compile_estimator(linear, CompileOptions(cache_dir=str(tmp_path)))
    assert not result.compiled and result.predictor is linear
    assert result.reason.startswith("the compiled model differs from the learner by ")


def _short_model(path):
    """The trained test model cut to 20 rounds: partitions and the gap model."""
    from helpers import short_lightgbm

    return short_lightgbm(path)


def _precompile(model, cache):
    """Compile every LightGBM part into ``cache`` (what train's Compile option does)."""
    from smdownscale.engine.predict.compiled_model import compiled_model

    return compiled_model(model, CompileOptions(cache_dir=cache))[1].count


def test_predict_writes_the_same_map_compiled_or_not(predict_region, tmp_path, monkeypatch):
    """predict_stack gives the learner's map bit for bit (float32) with compiled code.

    On this small region compiling would cost more than it saves, so the first run
    with compiled inference keeps the learner and says so; once the parts are
    compiled into the cache (train's Compile option), predict loads them."""
    import rasterio

    from smdownscale.engine.predict.prediction import PredictOptions, predict_stack

    model = _short_model(predict_region["lightgbm"])
    parts = len(model.estimators) + (model.gap_model is not None)
    cache = str(tmp_path / "cache")
    rows_predicted = []  # rows the compiled code predicted, call by call
    compiled_predict = compiled.CompiledLightGBM.predict
    monkeypatch.setattr(compiled.CompiledLightGBM, "predict",
                        lambda self, X: rows_predicted.append(len(X)) or compiled_predict(self, X))
    maps, summaries, logs = [], [], []
    for step, on in enumerate((False, True, True)):
        if step == 2:
            assert _precompile(model, cache) == parts
            rows_predicted.clear()
        out = tmp_path / f"sm_{step}.tif"
        log = Messages()
        options = PredictOptions(dates=["2019-06-10"], correction="none", n_threads=2,
                                 compiled_inference=on, compile_cache=cache)
        summaries.append(predict_stack(model, predict_region["layers"], out,
                                       predict_region["coarse"], options, progress=log))
        with rasterio.open(out) as ds:
            maps.append(ds.read(1))
        logs.append(log.infos)
    assert [s["compiled"] for s in summaries] == [0, 0, parts]
    assert summaries[0]["predicted"] == summaries[2]["predicted"] > 0
    # every predicted cell went through the compiled code (the rest: the cache load's checks)
    assert sum(rows_predicted) - parts * compiled.CHECK_ROWS == summaries[2]["predicted"]
    assert summaries[2]["gap_model"] > 0
    assert np.array_equal(maps[0], maps[1]) and np.array_equal(maps[0], maps[2])  # bit for bit
    assert "LightGBM predicts with its own code: compiled inference is turned off." in logs[0]
    assert any(line.startswith(f"LightGBM predicts with its own code for {parts} model(s): "
                               f"{compiled.NOT_WORTH_IT}") for line in logs[1])
    assert f"Compiled inference for {parts} LightGBM model(s): {parts} loaded from the " \
           "cache, 0 compiled in 0.0 s." in logs[2]


def test_compiled_model_travels_to_cluster_workers(predict_region, tmp_path, dask_cluster):
    """On a Dask cluster the compiled predictor is pickled as its model text and library
    path; the workers load the cached library and write the in-process map bit for bit."""
    import pickle

    import rasterio

    from smdownscale.engine.predict.prediction import PredictOptions, predict_stack
    from smdownscale.engine.raster.executors import cluster_session

    model = _short_model(predict_region["lightgbm"])
    parts = _precompile(model, str(tmp_path / "cache"))
    options = PredictOptions(dates=["2019-06-10"], correction="simple_kriging", block=64,
                             compiled_inference=True, compile_cache=str(tmp_path / "cache"))
    maps = []
    for where in ("", dask_cluster.address):
        out = tmp_path / f"sm_{bool(where)}.tif"
        with cluster_session(where):
            summary = predict_stack(model, predict_region["layers"], out,
                                    predict_region["coarse"], options)
        assert summary["compiled"] == parts
        with rasterio.open(out) as ds:
            maps.append(ds.read(1))
    assert np.array_equal(maps[0], maps[1])
    booster = next(iter(model.estimators.values()))
    result = compile_estimator(booster, CompileOptions(cache_dir=str(tmp_path / "cache")))
    state = pickle.loads(pickle.dumps(result.predictor))  # no ctypes library inside
    assert state.model is None and state.library == result.library
    X = compiled.check_rows(state.model_text, booster.num_feature())[:50]
    assert np.array_equal(state.predict(X), result.predictor.predict(X))

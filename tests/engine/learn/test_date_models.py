"""Date models and homogeneity in training (engine/learn/training.py, date_models.py).

The samples are built in memory with a relation that is known exactly, so each
test can state what a model must have learnt:

- the slope of soil moisture on the predictor flips sign from one date to the
  next (no pooled model can follow it; a date model must);
- homogeneous and heterogeneous samples follow opposite relations (weighting by
  homogeneity must pull the fit towards the homogeneous one).
"""
import datetime

import numpy as np
import pytest
from rasterio.crs import CRS
from rasterio.transform import Affine

from smdownscale.engine.errors import InputError
from smdownscale.engine.learn.date_models import ClampedRegressor, model_for
from smdownscale.engine.learn.modelfile import load_model, save_model
from smdownscale.engine.learn.samples import SampleSet
from smdownscale.engine.learn.training import TrainConfig, train
from smdownscale.engine.raster.grids import Grid

N_CELLS = 100  # samples per date
GRID = Grid(CRS.from_epsg(6933), Affine(36000.0, 0, 0, 0, -36000.0, 0), 10, 10)


def sample_set(dates, y_of, heterogeneity=None, seed=0):
    """One feature x ~ U(0, 1) per cell and date; y = y_of(date index, x) (m³/m³)."""
    rng = np.random.default_rng(seed)
    n = len(dates) * N_CELLS
    x = rng.uniform(0.0, 1.0, n)
    date_index = np.repeat(np.arange(len(dates)), N_CELLS)
    y = np.array([y_of(d, v) for d, v in zip(date_index, x)])
    cells = np.tile(np.arange(N_CELLS), len(dates))
    return SampleSet(
        X=x[:, None], y=y, features=[{"name": "x", "kind": "continuous", "source": "x",
                                      "dynamic": True, "units": ""}],
        dates=list(dates), date_index=date_index,
        months=np.array([int(dates[d][5:7]) for d in date_index]),
        rows=cells // 10, cols=cells % 10, zones=np.full(n, np.nan), grid=GRID,
        layers=[{"name": "x", "dynamic": True, "categorical": False, "units": "",
                 "bands": len(dates)}],
        heterogeneity=heterogeneity)


def every(days, count, start="2020-06-01"):
    first = datetime.date.fromisoformat(start)
    return [(first + datetime.timedelta(days=days * i)).isoformat() for i in range(count)]


def flipping(d, x):
    """+0.2 slope on even dates, −0.2 on odd dates, around 0.25 m³/m³."""
    return 0.25 + (0.2 if d % 2 == 0 else -0.2) * (x - 0.5)


@pytest.fixture(scope="module")
def flip_samples():
    return sample_set(every(10, 6), flipping)  # 10 days apart: a ±7-day window is one date


def config(**kwargs):
    kwargs.setdefault("n_threads", 1)
    kwargs.setdefault("importance_repeats", 1)
    kwargs.setdefault("learner", "rf")
    return TrainConfig(**kwargs)


def test_date_models_follow_a_relation_that_no_pooled_model_can(flip_samples, tmp_path):
    pooled = train(flip_samples, config(date_models="none"))
    dated = train(flip_samples, config(date_models="window", date_window=7))
    assert pooled.date_models is None
    assert sorted(dated.date_models.estimators) == flip_samples.dates
    assert dated.date_models.weight > 0.9  # held-out MSE far below the pooled model's
    assert dated.info["date_models"]["weight"] == dated.date_models.weight
    held_pooled = pooled.info["metrics"]["test"]["rmse"]
    held_dated = dated.info["metrics"]["test"]["rmse"]
    assert held_dated < 0.2 * held_pooled, (held_dated, held_pooled)
    assert dated.info["metrics"]["test"]["r"] > 0.98
    # Routed by date: x = 0.9 is wet on even dates and dry on odd ones.
    X = np.array([[0.9]])
    wet, dry = (float(dated.predict(X, dates=iso)[0]) for iso in flip_samples.dates[:2])
    assert wet == pytest.approx(flipping(0, 0.9), abs=0.01)
    assert dry == pytest.approx(flipping(1, 0.9), abs=0.01)
    # Without a date the pooled model answers alone; a date far from every model too.
    assert float(dated.predict(X)[0]) == pytest.approx(float(pooled.predict(X)[0]), abs=0.02)
    far = float(dated.predict(X, dates="2021-06-01")[0])
    assert far == float(dated.estimators["all"].predict(X)[0])
    # The model file keeps the date models and their weight.
    path = tmp_path / "dated.smdm"
    save_model(dated, str(path))
    again = load_model(str(path))
    assert sorted(again.date_models.estimators) == flip_samples.dates
    assert again.date_models.weight == dated.date_models.weight
    np.testing.assert_array_equal(again.predict(X, dates=flip_samples.dates[1]),
                                  dated.predict(X, dates=flip_samples.dates[1]))


def test_every_scheme_scores_the_blend_on_held_out_samples(flip_samples):
    for scheme in ("kfold", "spatial", "dates"):
        model = train(flip_samples, config(date_models="date", validation=scheme, folds=3,
                                           learner="ridge", date_blend="date"))
        test = model.info["metrics"]["test"]
        if scheme == "dates":
            # a held-out date has no model of its own and its neighbours flip: no skill
            assert test["r"] < 0.5, (scheme, test["r"])
        else:
            assert test["r"] > 0.98, (scheme, test["r"])
        assert model.date_models.weight == 1.0


def test_a_window_borrows_neighbouring_dates_and_a_short_date_falls_back(tmp_path):
    dates = every(2, 6)  # every other day, the same relation
    samples = sample_set(dates, lambda d, x: 0.1 + 0.3 * x)
    model = train(samples, config(date_models="window", date_window=3, min_date_samples=180,
                                  learner="ridge"))
    # ±3 days hold 2 or 3 dates, of whose samples the random split trains on 70 % (~140
    # or ~210): only windows of 3 dates reach 180
    assert sorted(model.date_models.estimators) == dates[1:-1]
    assert model.date_models.key_for(dates[0]) == dates[1]  # nearest model within 3 days
    assert model_for("2020-05-20", dates[1:-1], 3.0) is None


def test_predictions_beyond_the_training_range_are_bounded():
    from sklearn.linear_model import LinearRegression

    X = np.linspace(0.0, 1.0, 50)[:, None]
    y = 0.1 + 0.2 * X[:, 0]  # 0.1–0.3 m³/m³

    def fit(est, X, y):
        est.fit(X, y)

    model = ClampedRegressor.fit_on(LinearRegression(), X, y, fit)
    # x = 10 is clipped to 1.5 (range widened by half), y to 0.3 + 0.25 · 0.2 = 0.35
    assert float(model.predict([[10.0]])[0]) == pytest.approx(0.35)
    assert float(model.predict([[1.2]])[0]) == pytest.approx(0.34)
    assert float(model.predict([[-10.0]])[0]) == pytest.approx(0.05)


# --- homogeneity ------------------------------------------------------------------------------

def split_relation(d, x, cell):
    return 0.1 + 0.3 * x if cell < N_CELLS // 2 else 0.4 - 0.3 * x


@pytest.fixture(scope="module")
def mixed_samples():
    """Half of every date's cells homogeneous (CV 0.01, y rises with x), half not (CV 1,
    y falls with x)."""
    dates = every(1, 4)
    cv = np.tile(np.where(np.arange(N_CELLS) < N_CELLS // 2, 0.01, 1.0), len(dates))
    rng = np.random.default_rng(1)
    x = rng.uniform(0.0, 1.0, cv.size)
    cells = np.tile(np.arange(N_CELLS), len(dates))
    samples = sample_set(dates, lambda d, v: 0.0, heterogeneity=cv)
    samples.X = x[:, None]
    samples.y = np.array([split_relation(0, v, c) for v, c in zip(x, cells)])
    return samples


def slope(model):
    low, high = model.predict(np.array([[0.1], [0.9]]))
    return (high - low) / 0.8


def test_homogeneity_weighting_pulls_the_fit_to_the_homogeneous_cells(mixed_samples):
    plain = train(mixed_samples, config(learner="ridge", date_models="none"))
    weighted = train(mixed_samples, config(learner="ridge", date_models="none",
                                           homogeneity_weight=True))
    dropped = train(mixed_samples, config(learner="ridge", date_models="none",
                                          homogeneity_drop=0.5))
    # equal halves with slopes +0.3 and −0.3: no slope unweighted; weights 1.1 vs 0.1:
    # (1.1 · 0.3 − 0.1 · 0.3) / 1.2 = 0.25; only the homogeneous half: 0.3
    assert abs(slope(plain)) < 0.03
    assert slope(weighted) == pytest.approx(0.25, abs=0.03)
    assert slope(dropped) == pytest.approx(0.3, abs=0.02)
    assert dropped.info["homogeneity"] == {"dropped": 200, "weighted": False}
    assert weighted.info["homogeneity"] == {"dropped": 0, "weighted": True}


def test_homogeneity_needs_heterogeneity_and_a_learner_that_takes_weights(flip_samples,
                                                                         mixed_samples):
    with pytest.raises(InputError, match="SampleOptions\\(homogeneity=True\\)"):
        train(flip_samples, config(homogeneity_weight=True))
    with pytest.raises(InputError, match="k-nearest neighbours learner takes no sample "
                                         "weights"):
        train(mixed_samples, config(learner="knn", homogeneity_weight=True))
    with pytest.raises(InputError, match="between 0 and 0.9"):
        train(mixed_samples, config(homogeneity_drop=0.95))
    with pytest.raises(InputError, match="Unknown date model mode 'daily'"):
        train(flip_samples, config(date_models="daily"))

"""The neural learners of papers 001 (GABP) and 003 (DBN): their parts and their fits."""
import numpy as np
import pytest

from smdownscale.engine.learn import dbn as dbn_module
from smdownscale.engine.learn.dbn import DBNRegressor
from smdownscale.engine.learn.gabp import GABPRegressor, _forward, _jacobian


def data(n=600, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 6))
    y = 0.25 + 0.08 * np.sin(2 * X[:, 0]) + 0.05 * X[:, 1] ** 2 - 0.04 * X[:, 2] * X[:, 3]
    return X, y + rng.normal(0, 0.005, n)


# --- GABP -----------------------------------------------------------------------------------
def test_jacobian_matches_finite_differences():
    rng = np.random.default_rng(1)
    h, d = 5, 3
    theta = rng.normal(0, 0.5, h * (d + 2) + 1)
    Z = rng.normal(0, 1, (7, d))
    J = _jacobian(theta, h, Z)
    eps = 1e-6
    numeric = np.stack([(_forward(theta + eps * e, h, Z) - _forward(theta - eps * e, h, Z))
                        / (2 * eps) for e in np.eye(len(theta))], axis=1)
    np.testing.assert_allclose(J, numeric, atol=1e-7)


def test_ga_picks_a_hidden_size_in_range_and_beats_its_start():
    X, y = data()
    model = GABPRegressor(hidden_min=3, hidden_max=9, generations=10, epochs=0).fit(X, y)
    assert 3 <= model.hidden_ <= 9
    untrained = np.sqrt(np.mean((model.predict(X) - y) ** 2))
    trained = GABPRegressor(hidden_min=3, hidden_max=9, generations=10).fit(X, y)
    assert np.sqrt(np.mean((trained.predict(X) - y) ** 2)) < 0.3 * untrained


def test_evolution_raises_the_best_fitness():
    X, y = data()
    flat = GABPRegressor(generations=0, epochs=0).fit(X, y)
    evolved = GABPRegressor(generations=40, epochs=0).fit(X, y)
    err = lambda m: np.mean((m.predict(X) - y) ** 2)  # noqa: E731
    assert err(evolved) < err(flat)


def test_nonuniform_mutation_stays_in_bounds_and_shrinks():
    model = GABPRegressor(generations=10)
    rng = np.random.default_rng(0)
    genes = rng.uniform(-1, 1, 5000)
    early = model._nonuniform(genes, 0, np.random.default_rng(1))
    late = model._nonuniform(genes, 9, np.random.default_rng(1))
    assert early.min() >= -1 and early.max() <= 1 and late.min() >= -1 and late.max() <= 1
    assert np.abs(late - genes).mean() < 0.2 * np.abs(early - genes).mean()


def test_levenberg_marquardt_stops_at_the_target_mse():
    X, y = data()
    loose = GABPRegressor(target_mse=1e-3, epochs=200).fit(X, y)
    tight = GABPRegressor(target_mse=1e-9, epochs=200).fit(X, y)
    assert len(loose.history_) < len(tight.history_)
    assert loose.history_[-1][0] * loose.y_std_ ** 2 <= 1e-3


def test_gabp_fits_and_is_reproducible():
    X, y = data()
    Xt, yt = data(400, seed=5)
    a = GABPRegressor(random_state=3).fit(X, y).predict(Xt)
    b = GABPRegressor(random_state=3).fit(X, y).predict(Xt)
    c = GABPRegressor(random_state=4).fit(X, y).predict(Xt)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert np.sqrt(np.mean((a - yt) ** 2)) < 0.25 * yt.std()


# --- DBN ------------------------------------------------------------------------------------
def test_rbm_contrastive_divergence_lowers_reconstruction_error():
    rng = np.random.default_rng(0)
    patterns = np.array([[1, 1, 0, 0, 1, 0], [0, 0, 1, 1, 0, 1]], float)
    V = patterns[rng.integers(0, 2, 400)]
    err = {}
    for epochs in (0, 30):
        model = DBNRegressor(rbm_epochs=epochs, cd_k=2)
        W, bh = model._rbm(V, 4, np.random.default_rng(1))
        h = dbn_module._sigmoid(V @ W + bh)
        recon = dbn_module._sigmoid(h @ W.T)
        err[epochs] = np.mean((recon - V) ** 2)
    assert err[30] < 0.5 * err[0]


def test_smooth_l1_loss_and_gradient():
    r = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(dbn_module._huber(r), [2.5, 0.125, 0.0, 0.125, 2.5])
    np.testing.assert_allclose(dbn_module._huber_grad(r), [-1.0, -0.5, 0.0, 0.5, 1.0])


def test_backprop_gradients_match_finite_differences():
    rng = np.random.default_rng(2)
    model = DBNRegressor(hidden_layers=(4, 3), dropout=0.0)
    params = [rng.normal(0, 0.5, (5, 4)), rng.normal(0, 0.1, 4), rng.normal(0, 0.5, (4, 3)),
              rng.normal(0, 0.1, 3), rng.normal(0, 0.5, 3), 0.1]
    V, t = rng.uniform(0, 1, (9, 5)), rng.normal(0, 1, 9)

    def loss(ps):
        model.layers_ = [ps[0:2], ps[2:4]]
        model.out_ = ps[4:6]
        return float(np.mean(dbn_module._huber(model._forward(V) - t)))

    grads = model._gradients(params, V, t, rng)
    eps = 1e-6
    for i in (0, 2, 4):
        numeric = np.zeros_like(params[i])
        for idx in np.ndindex(params[i].shape):
            up = [np.array(p, copy=True) for p in params]
            down = [np.array(p, copy=True) for p in params]
            up[i][idx] += eps
            down[i][idx] -= eps
            numeric[idx] = (loss(up) - loss(down)) / (2 * eps)
        np.testing.assert_allclose(grads[i], numeric, atol=1e-6)


def test_dbn_fits_and_is_reproducible():
    X, y = data()
    Xt, yt = data(400, seed=5)
    a = DBNRegressor(random_state=3, bp_epochs=80).fit(X, y).predict(Xt)
    b = DBNRegressor(random_state=3, bp_epochs=80).fit(X, y).predict(Xt)
    np.testing.assert_array_equal(a, b)
    assert np.sqrt(np.mean((a - yt) ** 2)) < 0.6 * yt.std()


@pytest.mark.parametrize("cls", [GABPRegressor, DBNRegressor])
def test_scikit_learn_clone_and_params(cls):
    from sklearn.base import clone

    model = cls(random_state=9)
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model


def test_both_serve_as_stacking_members():
    from smdownscale.engine.learn.learners import make_learner

    X, y = data(300)
    model = make_learner("stacking", seed=1, stack_base=["gabp", "dbn"])
    model.set_params(gabp__generations=5, dbn__bp_epochs=20)
    pred = model.fit(X, y).predict(X)
    assert np.isfinite(pred).all() and np.corrcoef(pred, y)[0, 1] > 0.8

"""Deep belief network regressor (DBN) of paper 003 §2.3, in numpy.

Stacked restricted Boltzmann machines (Bernoulli visible and hidden units) are
pre-trained one layer at a time with contrastive divergence CD-k (``cd_k`` Gibbs
steps from the data, mini-batches of ``batch_size``, ``rbm_epochs`` passes at
``rbm_learning_rate``); each trained layer's hidden probabilities feed the next.
The network of sigmoid layers initialised with the RBM weights, plus a linear
output unit, is then fine-tuned end to end by back-propagation (mini-batch SGD with
momentum 0.9 at ``bp_learning_rate``, ``bp_epochs`` passes) on the Smooth-L1 (Huber,
δ = 1) loss of the standardised target, with ``dropout`` on the hidden layers; the
epoch with the lowest error on a validation split (``validation_fraction``) is kept.
Inputs are scaled to [0, 1] for the RBMs (min–max of the training data, clipped).

Paper 003 Table 4: layers [1000, 1000], cd_k 1, 400 RBM epochs at 0.1, 800 BP
epochs at 0.1, batch 16, dropout 0.05. The defaults here ([128, 64], 20 RBM epochs,
200 BP epochs at 0.05) train in seconds to minutes on a laptop. Seeded.
"""
import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin


class DBNRegressor(RegressorMixin, BaseEstimator):
    """scikit-learn regressor; see the module docstring."""

    def __init__(self, hidden_layers=(128, 64), cd_k=1, rbm_epochs=20, rbm_learning_rate=0.1,
                 bp_epochs=200, bp_learning_rate=0.05, batch_size=16, dropout=0.05,
                 validation_fraction=0.1, random_state=42):
        self.hidden_layers = hidden_layers
        self.cd_k = cd_k
        self.rbm_epochs = rbm_epochs
        self.rbm_learning_rate = rbm_learning_rate
        self.bp_epochs = bp_epochs
        self.bp_learning_rate = bp_learning_rate
        self.batch_size = batch_size
        self.dropout = dropout
        self.validation_fraction = validation_fraction
        self.random_state = random_state

    def fit(self, X, y):
        X, y = np.asarray(X, float), np.asarray(y, float).ravel()
        rng = np.random.default_rng(self.random_state)
        self.n_features_in_ = X.shape[1]
        self.x_min_ = X.min(0)
        self.x_span_ = np.where(X.max(0) > self.x_min_, X.max(0) - self.x_min_, 1.0)
        self.y_mean_ = y.mean()
        self.y_std_ = y.std() if y.std() > 0 else 1.0
        V, t = self._scale(X), (y - self.y_mean_) / self.y_std_
        order = rng.permutation(len(t))
        k = int(round(self.validation_fraction * len(t))) if len(t) > 10 else 0
        val, train = np.sort(order[:k]), np.sort(order[k:])
        layers = self._pretrain(V[train], rng)
        self.layers_, self.out_ = self._fine_tune(layers, V[train], t[train],
                                                  V[val] if k else V[train],
                                                  t[val] if k else t[train], rng)
        return self

    def predict(self, X):
        return self._forward(self._scale(np.asarray(X, float))) * self.y_std_ + self.y_mean_

    # -- pre-training ----------------------------------------------------------------------
    def _scale(self, X):
        return np.clip((X - self.x_min_) / self.x_span_, 0.0, 1.0)

    def _pretrain(self, V, rng):
        layers, data = [], V
        for size in self.hidden_layers:
            W, bh = self._rbm(data, int(size), rng)
            layers.append([W, bh])
            data = _sigmoid(data @ W + bh)
        return layers

    def _rbm(self, V, n_hidden, rng):
        """CD-k training of one Bernoulli RBM; returns (weights, hidden biases)."""
        n_visible = V.shape[1]
        W = rng.normal(0.0, 0.01, (n_visible, n_hidden))
        bv, bh = np.zeros(n_visible), np.zeros(n_hidden)
        lr = self.rbm_learning_rate
        for _ in range(self.rbm_epochs):
            for batch in _batches(len(V), self.batch_size, rng):
                v0 = V[batch]
                h0 = _sigmoid(v0 @ W + bh)
                h = (rng.random(h0.shape) < h0).astype(float)
                for _ in range(self.cd_k):
                    v = _sigmoid(h @ W.T + bv)
                    hk = _sigmoid(v @ W + bh)
                    h = (rng.random(hk.shape) < hk).astype(float)
                m = len(batch)
                W += lr * (v0.T @ h0 - v.T @ hk) / m
                bv += lr * (v0 - v).mean(0)
                bh += lr * (h0 - hk).mean(0)
        return W, bh

    # -- fine-tuning -----------------------------------------------------------------------
    def _fine_tune(self, layers, V, t, Vv, tv, rng):
        out = [rng.normal(0.0, 0.01, layers[-1][0].shape[1]), 0.0]
        params = [p for layer in layers for p in layer] + out
        velocity = [np.zeros_like(p, dtype=float) for p in params]
        best = [np.array(p, copy=True) for p in params]
        best_err = np.inf
        for _ in range(self.bp_epochs):
            for batch in _batches(len(V), self.batch_size, rng):
                grads = self._gradients(params, V[batch], t[batch], rng)
                for i, g in enumerate(grads):
                    velocity[i] = 0.9 * velocity[i] - self.bp_learning_rate * g
                    params[i] = params[i] + velocity[i]
            self.layers_ = [params[2 * i:2 * i + 2] for i in range(len(layers))]
            self.out_ = params[-2:]
            err = float(np.mean(_huber(self._forward(Vv) - tv)))
            if err < best_err:
                best_err, best = err, [np.array(p, copy=True) for p in params]
        return [best[2 * i:2 * i + 2] for i in range(len(layers))], best[-2:]

    def _gradients(self, params, V, t, rng):
        n_layers = (len(params) - 2) // 2
        acts, masks = [V], []
        for i in range(n_layers):
            a = _sigmoid(acts[-1] @ params[2 * i] + params[2 * i + 1])
            keep = (rng.random(a.shape) >= self.dropout) / (1.0 - self.dropout) \
                if self.dropout > 0 else np.ones_like(a)
            masks.append(keep)
            acts.append(a * keep)
        w_out, b_out = params[-2], params[-1]
        pred = acts[-1] @ w_out + b_out
        d = _huber_grad(pred - t) / len(t)                     # dLoss/dpred
        grads = [None] * len(params)
        grads[-2], grads[-1] = acts[-1].T @ d, d.sum()
        delta = np.outer(d, w_out)
        for i in range(n_layers - 1, -1, -1):
            a = acts[i + 1] / np.where(masks[i] > 0, masks[i], 1.0)
            delta = delta * masks[i] * a * (1.0 - a)
            grads[2 * i], grads[2 * i + 1] = acts[i].T @ delta, delta.sum(0)
            if i > 0:
                delta = delta @ params[2 * i].T
        return grads

    def _forward(self, V):
        a = V
        for W, b in self.layers_:
            a = _sigmoid(a @ W + b)
        return a @ self.out_[0] + self.out_[1]


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _huber(r):
    a = np.abs(r)
    return np.where(a < 1.0, 0.5 * r * r, a - 0.5)


def _huber_grad(r):
    return np.clip(r, -1.0, 1.0)


def _batches(n, size, rng):
    order = rng.permutation(n)
    return [order[i:i + size] for i in range(0, n, max(1, int(size)))]

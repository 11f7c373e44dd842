"""GA-optimised back-propagation network (GABP) of paper 001 §3, in numpy.

A one-hidden-layer network, tanh hidden units and a linear output (MATLAB's tansig /
purelin). A genetic algorithm chooses its starting point — the hidden-layer size and
every initial weight and bias:

- real-number coding: one gene for the hidden size (``hidden_min``–``hidden_max``) and
  one per weight/bias of the largest network, in [−1, 1]; a network of size h uses the
  first h hidden units;
- fitness = 1 / SSE of the untrained network on a validation split;
- roulette-wheel selection, arithmetic crossover (children α·a + (1 − α)·b and
  (1 − α)·a + α·b, α uniform), non-uniform mutation (Michalewicz: a gene moves by
  Δ(t, y) = y·(1 − r^((1 − t/T)^b)) towards one of its bounds, shrinking with the
  generation t of T); the best individual is kept (elitism).

The chosen network is then trained by Levenberg–Marquardt (MATLAB's trainlm, the
paper's choice) on the training split until its MSE reaches ``target_mse`` (m³/m³)²
or ``epochs`` have run; the weights with the lowest validation error are kept.
Inputs and target are standardised inside. At prediction, inputs are clipped to the
range seen in training: 1 km predictors reach values the coarse training samples
never had, and a tanh network extrapolates them freely (measured on the demo: without
the clip the 1 km ubRMSE was 0.073 m³/m³ against 0.026 at 36 km). Paper 001 used a population of 100 and
262 generations; the defaults here (30 × 30) train in seconds. Seeded: the same data
and ``random_state`` give the same network.
"""
import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin


class GABPRegressor(RegressorMixin, BaseEstimator):
    """scikit-learn regressor; see the module docstring."""

    def __init__(self, hidden_min=4, hidden_max=20, population=30, generations=30,
                 crossover=0.8, mutation=0.1, nonuniformity=3.0, epochs=100,
                 target_mse=1e-4, validation_fraction=0.15, random_state=42):
        self.hidden_min = hidden_min
        self.hidden_max = hidden_max
        self.population = population
        self.generations = generations
        self.crossover = crossover
        self.mutation = mutation
        self.nonuniformity = nonuniformity
        self.epochs = epochs
        self.target_mse = target_mse
        self.validation_fraction = validation_fraction
        self.random_state = random_state

    # -- public ----------------------------------------------------------------------------
    def fit(self, X, y):
        X, y = np.asarray(X, float), np.asarray(y, float).ravel()
        rng = np.random.default_rng(self.random_state)
        self.x_mean_, self.x_std_ = X.mean(0), _safe_std(X.std(0))
        self.x_low_, self.x_high_ = X.min(0), X.max(0)
        self.y_mean_, self.y_std_ = y.mean(), _safe_std(np.array([y.std()]))[0]
        Z, t = (X - self.x_mean_) / self.x_std_, (y - self.y_mean_) / self.y_std_
        train, val = _split(len(t), self.validation_fraction, rng)
        self.n_features_in_ = X.shape[1]
        genome = self._evolve(Z[train], t[train], Z[val], t[val], rng)
        self.hidden_, theta = self._decode(genome)
        self.theta_, self.history_ = self._levenberg_marquardt(theta, Z[train], t[train],
                                                               Z[val], t[val])
        return self

    def predict(self, X):
        X = np.clip(np.asarray(X, float), self.x_low_, self.x_high_)
        Z = (X - self.x_mean_) / self.x_std_
        return _forward(self.theta_, self.hidden_, Z) * self.y_std_ + self.y_mean_

    # -- genetic algorithm -----------------------------------------------------------------
    def _length(self, d):
        return 1 + self.hidden_max * (d + 2) + 1

    def _decode(self, genome):
        """(hidden size, parameter vector of that network) from a chromosome."""
        d, hmax = self.n_features_in_, self.hidden_max
        span = self.hidden_max - self.hidden_min + 1
        h = self.hidden_min + min(int(np.floor((genome[0] + 1) / 2 * span)), span - 1)
        w = genome[1:]
        W1 = w[:hmax * d].reshape(hmax, d)[:h]
        b1 = w[hmax * d:hmax * (d + 1)][:h]
        w2 = w[hmax * (d + 1):hmax * (d + 2)][:h]
        b2 = w[hmax * (d + 2):][:1]
        return h, np.concatenate([W1.ravel(), b1, w2, b2])

    def _fitness(self, genome, Z, t):
        h, theta = self._decode(genome)
        sse = float(np.sum((_forward(theta, h, Z) - t) ** 2))
        return 1.0 / max(sse, 1e-12)

    def _evolve(self, Zt, tt, Zv, tv, rng):
        n, length = self.population, self._length(Zt.shape[1])
        pop = rng.uniform(-1.0, 1.0, (n, length))
        fit = np.array([self._fitness(g, Zv, tv) for g in pop])
        for gen in range(self.generations):
            elite = pop[np.argmax(fit)].copy()
            parents = pop[rng.choice(n, size=n, p=fit / fit.sum())]        # roulette
            children = parents.copy()
            for i in range(0, n - 1, 2):
                if rng.random() < self.crossover:                          # arithmetic
                    a = rng.random()
                    children[i] = a * parents[i] + (1 - a) * parents[i + 1]
                    children[i + 1] = (1 - a) * parents[i] + a * parents[i + 1]
            mutate = rng.random(children.shape) < self.mutation               # non-uniform
            if mutate.any():
                children[mutate] = self._nonuniform(children[mutate], gen, rng)
            children[0] = elite                                               # elitism
            pop = children
            fit = np.array([self._fitness(g, Zv, tv) for g in pop])
        return pop[np.argmax(fit)]

    def _nonuniform(self, genes, gen, rng):
        shrink = (1.0 - gen / max(self.generations, 1)) ** self.nonuniformity
        step = 1.0 - rng.random(genes.shape) ** shrink
        up = rng.random(genes.shape) < 0.5
        return np.where(up, genes + (1.0 - genes) * step, genes - (genes + 1.0) * step)

    # -- Levenberg–Marquardt ---------------------------------------------------------------
    def _levenberg_marquardt(self, theta, Z, t, Zv, tv):
        h = self.hidden_
        target = self.target_mse / self.y_std_ ** 2
        mu = 1e-2
        err = _forward(theta, h, Z) - t
        best, best_val = theta.copy(), _mse(theta, h, Zv, tv)
        history = []
        for _ in range(self.epochs):
            J = _jacobian(theta, h, Z)
            g, A = J.T @ err, J.T @ J
            mse = float(np.mean(err ** 2))
            for _ in range(10):
                step = np.linalg.solve(A + mu * np.eye(len(theta)), g)
                trial = theta - step
                trial_err = _forward(trial, h, Z) - t
                if np.mean(trial_err ** 2) < mse:
                    theta, err, mu = trial, trial_err, max(mu / 10, 1e-12)
                    break
                mu *= 10
            else:
                break                                   # no step lowers the error
            val = _mse(theta, h, Zv, tv)
            history.append((float(np.mean(err ** 2)), val))
            if val < best_val:
                best, best_val = theta.copy(), val
            if np.mean(err ** 2) <= target:
                break
        return best, history


def _split(n, fraction, rng):
    order = rng.permutation(n)
    k = max(1, int(round(fraction * n))) if n > 4 else 0
    val = np.sort(order[:k]) if k else np.arange(n)
    train = np.sort(order[k:]) if k else np.arange(n)
    return train, val


def _safe_std(s):
    return np.where(s > 0, s, 1.0)


def _unpack(theta, h, d):
    W1 = theta[:h * d].reshape(h, d)
    b1 = theta[h * d:h * (d + 1)]
    w2 = theta[h * (d + 1):h * (d + 2)]
    return W1, b1, w2, theta[-1]


def _forward(theta, h, Z):
    W1, b1, w2, b2 = _unpack(theta, h, Z.shape[1])
    return np.tanh(Z @ W1.T + b1) @ w2 + b2


def _mse(theta, h, Z, t):
    return float(np.mean((_forward(theta, h, Z) - t) ** 2))


def _jacobian(theta, h, Z):
    """∂ output / ∂ parameters, (samples, parameters), in the order of ``_unpack``."""
    W1, b1, w2, _ = _unpack(theta, h, Z.shape[1])
    a = np.tanh(Z @ W1.T + b1)
    da = (1.0 - a * a) * w2                                  # (n, h)
    dW1 = (da[:, :, None] * Z[:, None, :]).reshape(len(Z), -1)
    return np.hstack([dW1, da, a, np.ones((len(Z), 1))])

"""Bagged regression trees with a ridge regression in every leaf (Gao et al. 2012, §2.1).

The data-mining sharpener of Gao et al. (2012) fits a small regression tree and,
inside each leaf, a multiple linear regression on the leaf's samples; an ensemble
of such trees on bootstrap samples is averaged. Linear leaves keep a trend inside
each leaf, which matters when the tree is fitted on coarse-cell means and applied to
fine cells whose values spread beyond the training range: a plain tree predicts a
constant there. Extrapolation is bounded: a leaf's prediction is clipped to its
training targets' range widened by ``extrapolation`` times that range on each side.

Written from the paper's description for this plugin (scikit-learn's
``DecisionTreeRegressor`` and ``Ridge`` as parts); features are standardised, the
ridge penalty ``alpha`` applies to standardised coefficients. Seeded: the same data
and ``random_state`` give the same model.
"""
import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin


class LinearLeafTree(BaseEstimator, RegressorMixin):
    """One regression tree with a ridge regression in every leaf."""

    def __init__(self, max_leaf_nodes=10, min_samples_leaf=10, alpha=1.0, extrapolation=0.25,
                 random_state=0):
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.alpha = alpha
        self.extrapolation = extrapolation
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit the tree, then one ridge regression per leaf (weighted when given)."""
        from sklearn.linear_model import Ridge
        from sklearn.tree import DecisionTreeRegressor

        X, y = np.asarray(X, float), np.asarray(y, float)
        self.mean_, self.scale_ = X.mean(axis=0), X.std(axis=0)
        self.scale_[self.scale_ == 0] = 1.0
        Z = (X - self.mean_) / self.scale_
        self.tree_ = DecisionTreeRegressor(max_leaf_nodes=self.max_leaf_nodes,
                                           min_samples_leaf=self.min_samples_leaf,
                                           random_state=self.random_state)
        self.tree_.fit(Z, y, sample_weight=sample_weight)
        leaves = self.tree_.apply(Z)
        self.leaves_ = {}
        for leaf in np.unique(leaves):
            rows = leaves == leaf
            weight = None if sample_weight is None else np.asarray(sample_weight)[rows]
            model = Ridge(alpha=self.alpha).fit(Z[rows], y[rows], sample_weight=weight)
            low, high = float(y[rows].min()), float(y[rows].max())
            margin = self.extrapolation * (high - low)
            self.leaves_[int(leaf)] = (model, low - margin, high + margin)
        return self

    def predict(self, X):
        """Each row's leaf regression, clipped to the leaf's widened target range."""
        Z = (np.asarray(X, float) - self.mean_) / self.scale_
        leaves = self.tree_.apply(Z)
        out = np.empty(len(Z))
        for leaf, (model, low, high) in self.leaves_.items():
            rows = leaves == leaf
            if rows.any():
                out[rows] = np.clip(model.predict(Z[rows]), low, high)
        return out


class BaggedLinearLeafTrees(BaseEstimator, RegressorMixin):
    """The mean of ``n_estimators`` :class:`LinearLeafTree` fitted on bootstrap samples."""

    def __init__(self, n_estimators=10, max_leaf_nodes=10, min_samples_leaf=10, alpha=1.0,
                 extrapolation=0.25, random_state=0):
        self.n_estimators = n_estimators
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.alpha = alpha
        self.extrapolation = extrapolation
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit each tree on a seeded bootstrap sample (rows drawn with replacement)."""
        X, y = np.asarray(X, float), np.asarray(y, float)
        rng = np.random.default_rng(self.random_state)
        self.estimators_ = []
        for b in range(self.n_estimators):
            rows = rng.integers(0, len(y), len(y))
            weight = None if sample_weight is None else np.asarray(sample_weight)[rows]
            tree = LinearLeafTree(self.max_leaf_nodes, self.min_samples_leaf, self.alpha,
                                  self.extrapolation, random_state=b)
            self.estimators_.append(tree.fit(X[rows], y[rows], sample_weight=weight))
        return self

    def predict(self, X):
        """Mean prediction of the trees."""
        return np.mean([tree.predict(X) for tree in self.estimators_], axis=0)

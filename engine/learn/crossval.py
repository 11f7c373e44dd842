"""How samples are held out to measure skill.

- ``random``: one random split, 70 % train, 15 % validation, 15 % test (paper 000).
  The model is fitted on train; validation picks hyperparameters (when searched);
  test measures skill.
- ``kfold``: k random folds; every sample is predicted once by a model that did
  not see it (out-of-fold).
- ``spatial``: k folds of *blocks* of neighbouring coarse cells (``block`` × ``block``
  cells, all dates together). Neighbouring cells are strongly correlated, so a
  random split lets a model "interpolate" its test cells from their neighbours
  and overstates its skill at places it has not seen; blocks remove most of
  that leak (Roberts et al. 2017, Ecography 40:913).
- ``dates``: k folds of whole dates (leave-dates-out): skill on days not trained on.

Fold assignment is seeded: the same samples and seed give the same folds.
"""
import numpy as np

from ..errors import InputError, check_choice

SCHEMES = ("random", "kfold", "spatial", "dates")
LABELS = {"random": "random 70/15/15 split", "kfold": "random k-fold",
          "spatial": "spatial block k-fold", "dates": "leave-dates-out k-fold"}
DEFAULT_FOLDS = 5
DEFAULT_BLOCK = 3  # coarse cells per block side
FRACTIONS = (0.70, 0.15, 0.15)


def groups_for(scheme, n, rows=None, cols=None, date_index=None, block=DEFAULT_BLOCK):
    """The group of every sample: a sample per group (random, kfold), a block, or a date."""
    check_choice(scheme, SCHEMES, "validation scheme")
    if scheme in ("random", "kfold"):
        return np.arange(n)
    if scheme == "spatial":
        if block < 1:
            raise InputError(f"The spatial block size must be at least 1 coarse cell (got {block}).")
        rows, cols = np.asarray(rows) // block, np.asarray(cols) // block
        return rows * (int(cols.max()) + 1 if len(cols) else 1) + cols
    return np.asarray(date_index)  # dates


def assign_folds(groups, k, seed, what="samples"):
    """Fold number (0…k−1) of every sample; whole groups go to one fold.

    Groups are shuffled with ``seed`` and dealt, largest first, to the fold with the
    fewest samples so far, so folds are balanced in samples.
    """
    groups = np.asarray(groups)
    uniq, counts = np.unique(groups, return_counts=True)
    if k < 2:
        raise InputError(f"Cross-validation needs at least 2 folds (got {k}).")
    if len(uniq) < k:
        raise InputError(
            f"Only {len(uniq)} {what} for {k} folds: each fold needs at least one. Use fewer "
            "folds, smaller spatial blocks, more dates, or another validation scheme.")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(uniq))
    order = order[np.argsort(-counts[order], kind="stable")]
    load = np.zeros(k)
    fold_of_group = np.empty(len(uniq), int)
    for g in order:
        f = int(np.argmin(load))
        fold_of_group[g] = f
        load[f] += counts[g]
    return fold_of_group[np.searchsorted(uniq, groups)]


def random_split(n, seed, fractions=FRACTIONS):
    """Array of 'train'/'validation'/'test' labels for n samples (70/15/15 by default)."""
    if n < 20:
        raise InputError(f"Only {n} samples: a 70/15/15 split needs at least 20. Use more dates "
                         "or a larger area, or a k-fold scheme.")
    rng = np.random.default_rng(seed)
    perm = rng.permutation(n)
    n_val = int(round(fractions[1] * n))
    n_test = int(round(fractions[2] * n))
    labels = np.full(n, "train", dtype=object)
    labels[perm[:n_test]] = "test"
    labels[perm[n_test:n_test + n_val]] = "validation"
    return labels


def folds(scheme, samples, k=DEFAULT_FOLDS, seed=42, block=DEFAULT_BLOCK):
    """Fold number of every sample of a SampleSet for a k-fold scheme."""
    n = len(samples.y)
    if n < k:
        raise InputError(f"Only {n} samples for {k} folds. Use fewer folds or more samples.")
    groups = groups_for(scheme, n, samples.rows, samples.cols, samples.date_index, block)
    what = {"spatial": f"spatial blocks of {block}×{block} coarse cells",
            "dates": "dates"}.get(scheme, "samples")
    return assign_folds(groups, k, seed, what)

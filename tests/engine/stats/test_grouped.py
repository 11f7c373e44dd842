"""Vectorised group scores equal extended_score of each group's pairs."""
import math

import numpy as np
import pytest

from smdownscale.engine.stats.grouped import (KEYS, GroupScorer, grouped_agreement,
                                              grouped_scores, rows_of)
from smdownscale.engine.stats.scores import extended_score


def _random_groups():
    """Groups of many sizes (0 … 400 pairs), values rounded to 0.01 (ties), some NaNs,
    one constant estimate, one perfect rank order (Kendall's exact p-value), a group
    of 1, 2 and 3 pairs, and pairs left out (code −1)."""
    rng = np.random.default_rng(7)
    sizes = rng.integers(0, 120, 30)
    sizes[[3, 4, 5, 6, 9]] = [1, 2, 3, 20, 400]
    codes = np.repeat(np.arange(30), sizes)
    reference = np.round(rng.random(codes.size) * 0.4, 2)
    estimate = np.round(reference + rng.normal(0, 0.05, codes.size), 2)
    estimate[rng.random(codes.size) < 0.05] = np.nan
    estimate[codes == 7] = reference[codes == 7] + 0.02
    estimate[codes == 8] = 0.3
    codes[rng.random(codes.size) < 0.03] = -1
    order = rng.permutation(codes.size)
    return codes[order], estimate[order], reference[order]


def _same(expected, got, key):
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(got, float) and math.isnan(got)
    tolerance = 1e-9 if key.startswith("ubrmse") else 1e-11
    return got == pytest.approx(expected, rel=1e-9, abs=tolerance)


def test_every_key_of_every_group_equals_extended_score():
    codes, estimate, reference = _random_groups()
    scores = grouped_scores(codes, estimate, reference, 32)
    assert set(scores) == set(KEYS)
    wrong = []
    for g in range(32):
        mine = codes == g
        expected, got = extended_score(estimate[mine], reference[mine]), rows_of(scores, g)
        wrong += [(g, k, expected[k], got[k]) for k in KEYS if not _same(expected[k], got[k], k)]
    assert wrong == []
    assert rows_of(scores, 31)["n"] == 0  # no pair: n 0, the rest NaN
    assert math.isnan(rows_of(scores, 31)["bias"])


def test_one_scorer_serves_several_groupings():
    codes, estimate, reference = _random_groups()
    scorer = GroupScorer(estimate, reference, alpha=0.1)
    whole = scorer.scores(np.zeros(codes.size, int), 1)
    expected = extended_score(estimate, reference, alpha=0.1)
    assert all(_same(expected[k], rows_of(whole, 0)[k], k) for k in KEYS)
    halves = scorer.scores(codes % 2, 2)
    assert halves["n"].sum() == whole["n"][0]


def test_grouped_agreement_is_pearson_r_and_ubrmsd_per_group():
    rng = np.random.default_rng(3)
    codes = np.repeat([0, 1, 2], 200)
    a = rng.normal(0, 0.03, 600)
    b = a + rng.normal(0.01, 0.02, 600)
    b[codes == 2] = 0.1  # constant: R undefined
    got = grouped_agreement(codes, a, b, 4)
    for g in range(2):
        mine = codes == g
        e, r = a[mine], b[mine]
        assert got["r"][g] == pytest.approx(np.corrcoef(e, r)[0, 1], abs=1e-12)
        assert got["ubrmse"][g] == pytest.approx(
            np.sqrt(np.mean(((e - e.mean()) - (r - r.mean())) ** 2)), abs=1e-12)
    assert math.isnan(got["r"][2]) and list(got["n"]) == [200, 200, 200, 0]

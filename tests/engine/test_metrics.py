"""Agreement metrics on cases with known answers."""
import numpy as np
import pytest

from smdownscale.engine.metrics import agreement


def test_constant_offset_is_all_bias():
    ref = np.linspace(0.1, 0.4, 50)
    m = agreement(ref + 0.03, ref)
    assert m["n"] == 50 and m["bias"] == pytest.approx(0.03)
    assert m["rmse"] == pytest.approx(0.03) and m["ubrmse"] == pytest.approx(0.0, abs=1e-7)
    assert m["r"] == pytest.approx(1.0)


def test_ubrmse_identity_and_nan_pairs_dropped():
    rng = np.random.default_rng(3)
    ref = rng.uniform(0.05, 0.45, 1000)
    est = ref - 0.02 + rng.normal(0, 0.04, 1000)
    est[:10] = np.nan
    m = agreement(est, ref)
    assert m["n"] == 990
    assert m["ubrmse"] ** 2 == pytest.approx(m["rmse"] ** 2 - m["bias"] ** 2)
    assert m["bias"] == pytest.approx(-0.02, abs=0.005)
    assert m["ubrmse"] == pytest.approx(0.04, abs=0.004)


def test_empty_gives_nan():
    m = agreement([np.nan], [0.2])
    assert m["n"] == 0 and np.isnan(m["rmse"])

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


# --- the full set on a hand-computed series ----------------------------------------------
# map (estimate) and station (reference), m³/m³; differences −0.02, 0.04, −0.05, 0.05.
MAP = [0.20, 0.30, 0.25, 0.35]
STATION = [0.22, 0.26, 0.30, 0.30]


def test_known_answers_by_hand():
    from smdownscale.engine.metrics import score

    m = score(MAP, STATION)
    assert m["n"] == 4
    assert m["bias"] == pytest.approx(0.02 / 4)                       # mean(map) − mean(station)
    assert m["rmse"] == pytest.approx(np.sqrt(0.007 / 4))              # Σd² = 0.007
    assert m["ubrmse"] == pytest.approx(np.sqrt(0.007 / 4 - 0.005 ** 2))
    assert m["mae"] == pytest.approx(0.16 / 4)
    assert m["nse"] == pytest.approx(1 - 0.007 / 0.0044)               # Σ(station − 0.27)² = 0.0044
    assert m["mape"] == pytest.approx(25 * (0.02 / 0.22 + 0.04 / 0.26 + 0.05 / 0.30 + 0.05 / 0.30))
    assert m["mre"] == pytest.approx(25 * (-0.02 / 0.22 + 0.04 / 0.26 - 0.05 / 0.30 + 0.05 / 0.30))
    p = [s / 1.08 for s in STATION]                                    # Σ station = 1.08
    q = [e / 1.10 for e in MAP]                                        # Σ map = 1.10
    assert m["kl"] == pytest.approx(sum(a * np.log(a / b) for a, b in zip(p, q)))
    dm, ds = np.array(MAP) - 0.275, np.array(STATION) - 0.27
    assert m["r"] == pytest.approx(np.sum(dm * ds) / np.sqrt(np.sum(dm ** 2) * np.sum(ds ** 2)))
    assert m["r2"] == pytest.approx(m["r"] ** 2)


def test_nse_is_nash_sutcliffe_and_r2_is_pearson_r_squared():
    """NSE = 1 − SSE/SST can be negative where R² = r² is high: a biased but correlated map."""
    from scipy.stats import pearsonr

    from smdownscale.engine.metrics import LABELS, score

    station = np.array([0.10, 0.15, 0.22, 0.30, 0.27, 0.18])
    estimate = 0.5 * station + 0.12                                   # correlated, too flat, wet
    m = score(estimate, station)
    sse = np.sum((estimate - station) ** 2)
    sst = np.sum((station - station.mean()) ** 2)
    assert m["nse"] == pytest.approx(1.0 - sse / sst)
    assert m["r2"] == pytest.approx(pearsonr(estimate, station)[0] ** 2) == pytest.approx(1.0)
    assert m["nse"] < 0.9
    perfect = score(station, station)
    assert perfect["nse"] == pytest.approx(1.0) and perfect["r2"] == pytest.approx(1.0)
    flat = score([0.1, 0.2, 0.3], [0.2, 0.2, 0.2])                    # constant station: no NSE
    assert np.isnan(flat["nse"]) and np.isnan(flat["r2"])
    assert (LABELS["nse"], LABELS["r2"]) == ("NSE", "R²")


def test_sign_conventions():
    from smdownscale.engine.metrics import score

    wet = score(np.array(STATION) + 0.05, STATION)
    assert wet["bias"] == pytest.approx(0.05) and wet["mre"] > 0   # map wetter: positive
    dry = score(np.array(STATION) - 0.05, STATION)
    assert dry["bias"] == pytest.approx(-0.05) and dry["mre"] < 0
    assert dry["mape"] == pytest.approx(-dry["mre"])


def test_ubrmse_is_pytesmo_ubrmsd_with_ddof_0():
    from smdownscale.engine.metrics import score

    rng = np.random.default_rng(5)
    ref = rng.uniform(0.1, 0.4, 25)
    est = 0.8 * ref + 0.03 + rng.normal(0, 0.02, 25)
    anomalies = (est - est.mean()) - (ref - ref.mean())
    m = score(est, ref)
    assert m["ubrmse"] == pytest.approx(np.sqrt(np.sum(anomalies ** 2) / 25))       # ddof 0
    assert m["ubrmse"] != pytest.approx(np.sqrt(np.sum(anomalies ** 2) / 24), rel=1e-3)


def test_p_value_matches_scipy_pearsonr():
    from scipy.stats import pearsonr

    from smdownscale.engine.metrics import score

    rng = np.random.default_rng(11)
    for n in (3, 4, 10, 200):
        ref = rng.uniform(0.1, 0.4, n)
        est = ref + rng.normal(0, 0.05, n)
        m = score(est, ref)
        r, p = pearsonr(est, ref)
        assert m["r"] == pytest.approx(r) and m["p_value"] == pytest.approx(p, rel=1e-9)


def test_undefined_metrics_are_nan_not_errors():
    from smdownscale.engine.metrics import score

    constant = score([0.2, 0.2, 0.2], [0.1, 0.2, 0.3])               # constant map: no R
    assert np.isnan(constant["r"]) and np.isnan(constant["p_value"])
    assert constant["rmse"] == pytest.approx(np.sqrt(0.02 / 3))
    two = score([0.1, 0.2], [0.15, 0.3])                              # R but no p with 2 pairs
    assert two["r"] == pytest.approx(1.0) and np.isnan(two["p_value"])
    empty = score([np.nan], [0.2])
    assert empty["n"] == 0 and all(np.isnan(empty[k]) for k in empty if k != "n")


def test_relative_errors_and_kl_skip_non_positive_values():
    from smdownscale.engine.metrics import kl_divergence, score

    m = score([0.1, 0.2, 0.3], [0.0, 0.1, 0.3])
    assert m["mape"] == pytest.approx(50 * (0.1 / 0.1 + 0.0))         # the zero station left out
    assert m["kl"] == pytest.approx(kl_divergence([0.2, 0.3], [0.1, 0.3]))
    assert kl_divergence([0.1, 0.2, 0.4], [0.2, 0.4, 0.8]) == pytest.approx(0.0, abs=1e-12)
    assert kl_divergence([0.3, 0.1], [0.1, 0.3]) > 0


def test_mean_of_scores_sums_n_and_drops_p():
    from smdownscale.engine.metrics import mean_of_scores, score

    a = score([0.1, 0.2, 0.3, 0.4], [0.12, 0.18, 0.33, 0.41])
    b = score([0.2, 0.25, 0.3], [0.1, 0.2, 0.2])
    mean = mean_of_scores([a, b])
    assert mean["n"] == 7 and np.isnan(mean["p_value"])
    assert mean["ubrmse"] == pytest.approx((a["ubrmse"] + b["ubrmse"]) / 2)
    assert mean["bias"] == pytest.approx((a["bias"] + b["bias"]) / 2)

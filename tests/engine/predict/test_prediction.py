"""Prediction (engine/predict/prediction.py): correction, mass, gaps, quality, mask, spread, errors.

Runs the trained LightGBM and random-forest models of the session fixture
``predict_region`` (6 × 6 coarse 36 km cells, 216 × 216 fine 1 km cells in
EPSG:6933, 20 dates from 2019-06-01, clouds in NDVI/LST and gaps in the coarse
product) on a few dates each, and checks the written rasters against the coarse
observations (aggregated back with the engine's own aggregation), the synthetic
truth and predictions computed by hand from the predictor values.
"""
import datetime
import math
import os
import time

import numpy as np
import pytest
import rasterio
from helpers import CancelAfter, Messages

from smdownscale.engine.prepare.aggregation import aggregate_to_grid
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.learn.features import PredictorLayer
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.metrics import agreement
from smdownscale.engine.learn.modelfile import load_model
from smdownscale.engine.predict.prediction import QUALITY_NODATA, PredictOptions, predict_stack
from smdownscale.engine.raster.resampling import resample
from smdownscale.engine.raster.timestack import DEFAULT_NODATA, read_stack, write_stack

# a date with 3 coarse gaps, one with 1, the one with 14 of 36 cells missing, one with 5
# The 0.2.0 defaults, under which most tests below were written: exact mass preservation
# and a variogram per date (the defaults now are noise-aware: no mass preservation, pooled).
EXACT = {"mass_preserving": True, "variogram_scope": "date"}
DATES = ["2019-06-03", "2019-06-10", "2019-06-18", "2019-06-20"]
GAPPY = "2019-06-18"
MASS_TOLERANCE = 1e-3  # m³/m³, the requirement
MASS_TIGHT = 1e-4  # what the engine actually reaches (≈ 1e-6)


# --- helpers ------------------------------------------------------------------------------


def read(path):
    """(float64 array (bands, rows, cols) with NaN for nodata, band descriptions)."""
    with rasterio.open(path) as ds:
        return ds.read(masked=True).astype("float64").filled(np.nan), list(ds.descriptions)


def read_quality(path):
    with rasterio.open(path) as ds:
        assert ds.dtypes[0] == "uint8" and ds.nodata == QUALITY_NODATA
        return ds.read(), list(ds.descriptions)


def bands_of(path, dates):
    """The bands (float64, NaN) of a dated stack for ``dates``, in that order."""
    data, descriptions = read(path)
    return data[[descriptions.index(d) for d in dates]]


def coarse_grid(region):
    return Grid.from_path(region["coarse"])


def aggregated(path, region, n_bands):
    """Area-weighted mean of the written fine values on the coarse grid, per band."""
    return aggregate_to_grid(path, coarse_grid(region), bands=list(range(1, n_bands + 1)),
                             method="mean", min_valid_fraction=0.0)


def mass_errors(path, region, dates):
    """|aggregated output − coarse observation| where both exist, NaN elsewhere."""
    return np.abs(aggregated(path, region, len(dates)) - bands_of(region["coarse"], dates))


def layer_paths(region):
    return {layer.name: layer.path for layer in region["layers"]}


def design_rows(model, region, date, pixels):
    """The model's design matrix for fine ``pixels`` [(row, col)] on ``date``, by hand.

    Predictor values are read straight from the files (static layers: band 1; time
    stacks: the band of the date), land cover as 0/1 class shares and the day of
    year on the annual circle, in the order of ``model.features``.
    """
    paths = layer_paths(region)
    values = {}
    for name, path in paths.items():
        data, descriptions = read(path)
        band = descriptions.index(date) if data.shape[0] > 1 else 0
        values[name] = data[band]
    day = datetime.date.fromisoformat(date).timetuple().tm_yday
    angle = 2.0 * math.pi * (day - 0.5) / 365.25
    X = np.empty((len(pixels), len(model.features)))
    for j, f in enumerate(model.features):
        for i, (r, c) in enumerate(pixels):
            if f["kind"] == "continuous":
                X[i, j] = values[f["source"]][r, c]
            elif f["kind"] in ("date_anomaly", "date_mean"):
                band = values[f["source"]]
                mean = float(np.mean(band[np.isfinite(band)]))  # the band's own valid cells
                X[i, j] = band[r, c] - mean if f["kind"] == "date_anomaly" else mean
            elif f["kind"] == "class_fraction":
                X[i, j] = float(values[f["source"]][r, c] == f["code"])
            elif f["kind"] == "doy_sin":
                X[i, j] = math.sin(angle)
            elif f["kind"] == "doy_cos":
                X[i, j] = math.cos(angle)
            else:
                raise AssertionError(f"feature kind {f['kind']} not expected in this model")
    return X


def missing_split(region, model, date):
    """(hole, gap) on ``date``: cells missing a predictor the gap model needs (no value
    at all), and cells missing only the model's cloud-prone predictors (the gap model's)."""
    paths = layer_paths(region)
    gappy = set(model.gap_model.layers) if model.gap_model is not None else set()
    hole = gap = None
    for name, path in paths.items():
        data, descriptions = read(path)
        band = data[descriptions.index(date)] if data.shape[0] > 1 else data[0]
        missing = ~np.isfinite(band)
        if name in gappy:
            gap = missing if gap is None else gap | missing
        else:
            hole = missing if hole is None else hole | missing
    gap = np.zeros_like(hole) if gap is None else gap
    return hole, gap & ~hole


def pick_pixels(valid, n, seed=0):
    rows, cols = np.nonzero(valid)
    pick = np.random.default_rng(seed).choice(rows.size, n, replace=False)
    return list(zip(rows[pick].tolist(), cols[pick].tolist()))


def leftovers(folder):
    return sorted(f for f in os.listdir(folder) if f.startswith((".scratch_", ".partial_")))


def write_mask(path, region, data, dtype="uint8"):
    grid = Grid.from_path(region["layers"][0].path)
    with rasterio.open(path, "w", driver="GTiff", width=grid.width, height=grid.height,
                       count=1, dtype=dtype, crs=grid.crs, transform=grid.transform) as ds:
        ds.write(np.asarray(data, dtype), 1)
    return str(path)


def timed(label, *args, **kwargs):
    start = time.perf_counter()
    summary = predict_stack(*args, **kwargs)
    print(f"\n[{label}] predict_stack {time.perf_counter() - start:.2f} s")
    return summary


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lightgbm(predict_region):
    return load_model(predict_region["lightgbm"])


@pytest.fixture(scope="module")
def rf(predict_region):
    return load_model(predict_region["rf"])


@pytest.fixture(scope="module")
def default_run(predict_region, lightgbm, tmp_path_factory):
    """LightGBM, default options but mass preserving (simple kriging, gap filling) on DATES.

    Two threads (the default uses every core), so the single-threaded runs below can
    be compared with it.
    """
    folder = tmp_path_factory.mktemp("default_run")
    out, quality = folder / "sm.tif", folder / "quality.tif"
    progress = Messages()
    summary = timed("default, 4 dates", lightgbm, predict_region["layers"], out,
                    predict_region["coarse"],
                    PredictOptions(dates=list(DATES), n_threads=2, **EXACT),
                    quality_path=quality, progress=progress)
    return {"summary": summary, "out": str(out), "quality": str(quality),
            "folder": str(folder), "progress": progress}


@pytest.fixture(scope="module")
def plain_run(predict_region, lightgbm, tmp_path_factory):
    """LightGBM without correction on GAPPY (with the coarse product): the model alone."""
    out = tmp_path_factory.mktemp("plain_run") / "plain.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=[GAPPY], correction="none"))
    return {"summary": summary, "out": str(out), "data": read(out)[0][0]}


@pytest.fixture(scope="module")
def coarse_on_fine(predict_region, tmp_path_factory):
    """The coarse product resampled to the fine grid by nearest: {date: array}."""
    out = tmp_path_factory.mktemp("nearest") / "coarse_1km.tif"
    resample(predict_region["coarse"], predict_region["truth"], out, "nearest")
    data, descriptions = read(out)
    return dict(zip(descriptions, data))


# --- 1. mass preservation -------------------------------------------------------------------


def test_default_output_file(default_run, predict_region):
    with rasterio.open(default_run["out"]) as ds:
        assert ds.count == len(DATES) and ds.dtypes[0] == "float32"
        assert ds.nodata == DEFAULT_NODATA
        assert list(ds.descriptions) == DATES and set(ds.units) == {"m³/m³"}
        assert Grid.of(ds).same_as(Grid.from_path(predict_region["layers"][0].path))
    summary = default_run["summary"]
    assert summary["dates"] == DATES and summary["correction"] == "simple_kriging"
    data, _ = read(default_run["out"])
    assert summary["predicted"] == int(np.isfinite(data).sum()) > 0.7 * data.size
    assert summary["gap_filled"] > 0 and summary["masked"] == 0
    assert np.nanmin(data) >= 0.0 and np.nanmax(data) <= 0.6


def test_mass_preserved_when_asked(default_run, predict_region):
    error = mass_errors(default_run["out"], predict_region, DATES)
    checked = np.isfinite(error)
    worst = float(np.nanmax(error))
    print(f"\nmass error (simple kriging, {int(checked.sum())} coarse cell-dates): "
          f"max {worst:.2e} m³/m³; summary {default_run['summary']['mass_error']:.2e}")
    # every observed coarse cell of every date is checked (all have fine values)
    observed = np.isfinite(bands_of(predict_region["coarse"], DATES))
    assert checked.sum() == observed.sum() > 100
    assert worst <= MASS_TOLERANCE
    assert worst <= MASS_TIGHT
    assert default_run["summary"]["mass_error"] <= 1e-5
    for record, n in zip(default_run["summary"]["records"], observed.sum(axis=(1, 2))):
        assert record.mass_cells == record.coarse_cells == n
        assert record.mass_error <= 1e-5 and record.unconservable == 0


@pytest.mark.parametrize("correction", ["ordinary_kriging", "bilinear"])
def test_mass_preserved_with_other_corrections(correction, predict_region, lightgbm, tmp_path):
    dates = [GAPPY]
    out = tmp_path / "sm.tif"
    summary = timed(correction, lightgbm, predict_region["layers"], out,
                    predict_region["coarse"],
                    PredictOptions(dates=dates, correction=correction, **EXACT))
    error = mass_errors(out, predict_region, dates)
    print(f"mass error ({correction}): max {np.nanmax(error):.2e} m³/m³")
    assert np.isfinite(error).sum() == np.isfinite(bands_of(predict_region["coarse"],
                                                             dates)).sum()
    assert np.nanmax(error) <= MASS_TIGHT
    assert summary["mass_error"] <= 1e-5 and summary["correction"] == correction


def test_without_mass_preservation_the_mean_drifts(predict_region, lightgbm, tmp_path):
    dates = [GAPPY]
    out = tmp_path / "sm.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=dates, mass_preserving=False))
    error = mass_errors(out, predict_region, dates)
    print(f"\nmass error without mass preservation: max {np.nanmax(error):.3f} m³/m³")
    assert np.nanmax(error) > MASS_TOLERANCE
    # the drift is measured and reported: the largest |observation − fine mean|
    assert summary["mass_error"] == pytest.approx(float(np.nanmax(error)), abs=1e-5)
    observed = np.isfinite(bands_of(predict_region["coarse"], dates)).sum()
    assert sum(r.mass_cells for r in summary["records"]) == observed


def test_noise_aware_correction_does_not_reproduce_pure_noise(predict_region, lightgbm,
                                                                tmp_path):
    """A coarse product that is the model's own block mean plus white noise (σ 0.03 m³/m³)
    on every date: its residuals are pure noise. Exact mass preservation puts the noise
    into every fine pixel; the noise-aware correction (kriging on the variogram pooled over
    the dates, no mass preservation) sees a nugget and no spatial structure and adds about
    the mean residual, so the map stays close to the model. Both report the mass error,
    and the estimated coarse noise (√nugget) comes out near σ."""
    grid = coarse_grid(predict_region)
    plain = tmp_path / "plain.tif"
    predict_stack(lightgbm, predict_region["layers"], plain, predict_region["coarse"],
                  PredictOptions(dates=list(DATES), correction="none"))
    model_mean = aggregate_to_grid(str(plain), grid, list(range(1, len(DATES) + 1)), "mean",
                                   0.5)
    observed = np.isfinite(bands_of(predict_region["coarse"], DATES)) & np.isfinite(model_mean)
    noise = np.random.default_rng(7).normal(0.0, 0.03, model_mean.shape)
    noisy = write_stack(tmp_path / "noisy.tif", grid, np.where(observed, model_mean + noise,
                                                               np.nan), descriptions=DATES)
    runs = {}
    for mass in (True, False):
        out = tmp_path / f"sm_{mass}.tif"
        summary = predict_stack(lightgbm, predict_region["layers"], out, noisy,
                                PredictOptions(dates=list(DATES), mass_preserving=mass,
                                               variogram_scope="pooled", clip_min=-1.0,
                                               clip_max=2.0))
        shift = aggregate_to_grid(str(out), grid, list(range(1, len(DATES) + 1)), "mean",
                                  0.5) - model_mean
        runs[mass] = (summary["records"], _cell_by_cell(shift, observed))
    exact, filtered = runs[True][1], runs[False][1]
    added = _cell_by_cell(noise, observed)  # each date's mean removed: the noise's pattern
    assert np.corrcoef(exact, added)[0, 1] > 0.999  # the noise itself, cell by cell
    print(f"\npure noise σ {np.std(added):.4f}: exact mass adds {np.std(exact):.4f}, "
          f"noise-aware {np.std(filtered):.4f} (R {np.corrcoef(filtered, added)[0, 1]:.2f})")
    assert np.std(filtered) < 0.25 * np.std(added), (np.std(filtered), np.std(added))
    for record in runs[False][0]:
        # the mass error is measured without mass preservation too: the noise's size
        assert 0.03 < record.mass_error < 0.15
        assert 0.025 < record.coarse_noise < 0.035, record.coarse_noise
    assert all(record.mass_error <= 1e-5 for record in runs[True][0])


def _cell_by_cell(values, observed):
    """The observed cells' values of every date minus that date's mean, concatenated."""
    return np.concatenate([v[o] - v[o].mean() for v, o in zip(values, observed)])


# --- 2. clipping ------------------------------------------------------------------------------


def test_clipping_keeps_the_mass_where_possible(predict_region, lightgbm, tmp_path):
    dates = ["2019-06-03", "2019-06-20"]
    lo, hi = 0.03, 0.24  # observations reach 0.02–0.214, fine values 0–0.29 by default
    out = tmp_path / "sm.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=dates, clip_min=lo, clip_max=hi, **EXACT))
    data = bands_of(out, dates)
    assert np.nanmin(data) >= np.float32(lo) and np.nanmax(data) <= np.float32(hi)
    assert (data == np.float32(lo)).sum() > 0 and (data == np.float32(hi)).sum() > 0
    assert summary["clipped"] > 0
    assert summary["clipped"] == sum(r.clipped for r in summary["records"])
    obs = bands_of(predict_region["coarse"], dates)
    mean = aggregated(out, predict_region, len(dates))
    inside = np.isfinite(mean) & (obs >= lo) & (obs <= hi)
    outside = np.isfinite(mean) & np.isfinite(obs) & ~((obs >= lo) & (obs <= hi))
    error = np.abs(mean - obs)[inside]
    print(f"\nclipped {summary['clipped']} pixels; mass error inside the limits: max "
          f"{error.max():.2e} m³/m³; {int(outside.sum())} unconservable cells")
    assert inside.sum() > 50 and error.max() <= MASS_TOLERANCE and error.max() <= MASS_TIGHT
    assert summary["mass_error"] <= 1e-5
    assert outside.sum() > 0
    assert [r.unconservable for r in summary["records"]] == \
        outside.sum(axis=(1, 2)).tolist()
    assert summary["unconservable"] == outside.sum()
    assert [r.mass_cells for r in summary["records"]] == inside.sum(axis=(1, 2)).tolist()


# --- 3. accuracy against the truth ----------------------------------------------------------


def test_corrected_output_beats_the_coarse_product(default_run, coarse_on_fine, predict_region):
    out = bands_of(default_run["out"], DATES)
    truth = bands_of(predict_region["truth"], DATES)
    quality, _ = read_quality(default_run["quality"])
    reductions, gap_scores = [], []
    for k, date in enumerate(DATES):
        coarse = coarse_on_fine[date]
        both = np.isfinite(coarse) & np.isfinite(out[k])
        ours = agreement(np.where(both, out[k], np.nan), truth[k])
        near = agreement(np.where(both, coarse, np.nan), truth[k])
        assert ours["n"] == near["n"] > 20000
        reduction = 1.0 - ours["ubrmse"] / near["ubrmse"]
        reductions.append(reduction)
        print(f"\n{date}: n {ours['n']}: output ubRMSE {ours['ubrmse']:.4f} R {ours['r']:.3f} "
              f"bias {ours['bias']:+.4f}; coarse (nearest) ubRMSE {near['ubrmse']:.4f} "
              f"R {near['r']:.3f}; ubRMSE reduction {100 * reduction:.1f} %")
        assert ours["ubrmse"] < near["ubrmse"]
        assert ours["r"] > near["r"]
        filled = quality[k] == 2
        assert np.array_equal(filled, np.isnan(coarse) & np.isfinite(out[k]))
        if filled.sum() >= 300:
            gap = agreement(np.where(filled, out[k], np.nan), truth[k])
            spread = float(np.nanstd(np.where(filled, truth[k], np.nan)))
            gap_scores.append(gap)
            print(f"{date}: {gap['n']} gap-filled pixels: ubRMSE {gap['ubrmse']:.4f} "
                  f"R {gap['r']:.3f} (the date's mean would give ubRMSE {spread:.4f}, R 0)")
            assert gap["r"] > 0.5
            assert gap["ubrmse"] < spread
    print(f"mean ubRMSE reduction {100 * np.mean(reductions):.1f} %")
    assert np.mean(reductions) >= 0.05
    assert len(gap_scores) >= 2  # GAPPY (14 gap cells) and 2019-06-20 (5) at least


# --- 4. gap filling and quality -----------------------------------------------------------


def test_quality_codes_with_gap_filling(default_run, coarse_on_fine, predict_region,
                                        lightgbm):
    quality, descriptions = read_quality(default_run["quality"])
    assert descriptions == DATES
    out = bands_of(default_run["out"], DATES)
    records = default_run["summary"]["records"]
    for k, date in enumerate(DATES):
        q = quality[k]
        covered = np.isfinite(coarse_on_fine[date])
        # under clouds (NDVI/LST missing) the gap model maps the pixel: no hole there
        missing, clouded = missing_split(predict_region, lightgbm, date)
        assert clouded.sum() > 100 and not missing.any()
        assert set(np.unique(q).tolist()) == {1, 2}
        np.testing.assert_array_equal(q == 0, missing)
        np.testing.assert_array_equal(q == 1, covered & ~missing)
        np.testing.assert_array_equal(q == 2, ~covered & ~missing)
        np.testing.assert_array_equal(np.isfinite(out[k]), q > 0)
        assert records[k].observed == (q == 1).sum()
        assert records[k].gap_filled == (q == 2).sum()
        assert records[k].predicted == (q > 0).sum() and records[k].gap_empty == 0
        assert records[k].gap_model == clouded.sum()
        assert records[k].land == q.size and records[k].coverage == pytest.approx(100.0)


def test_gaps_left_empty_without_gap_filling(default_run, coarse_on_fine, predict_region,
                                             lightgbm, tmp_path):
    out, qpath = tmp_path / "sm.tif", tmp_path / "quality.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=[GAPPY], gap_fill=False, **EXACT),
                            quality_path=qpath)
    data = read(out)[0][0]
    q = read_quality(qpath)[0][0]
    covered = np.isfinite(coarse_on_fine[GAPPY])
    missing, _ = missing_split(predict_region, lightgbm, GAPPY)
    assert set(np.unique(q).tolist()) == {1, 3}
    np.testing.assert_array_equal(q == 3, ~covered & ~missing)
    np.testing.assert_array_equal(q == 1, covered & ~missing)
    np.testing.assert_array_equal(np.isnan(data), (q == 3) | (q == 0))
    record = summary["records"][0]
    assert record.gap_empty == (q == 3).sum() > 10000 and record.gap_filled == 0
    # with gap filling the same pixels hold values; under the observations nothing changes
    filled = bands_of(default_run["out"], [GAPPY])[0]
    assert np.isfinite(filled[q == 3]).all()
    np.testing.assert_array_equal(data[q == 1], filled[q == 1])


def test_date_missing_from_the_coarse_stack_is_gap_filled(predict_region, lightgbm, plain_run,
                                                          tmp_path):
    """The coarse stack without GAPPY: that date is the model's prediction, quality 2."""
    coarse, _, dates = read_stack(predict_region["coarse"])
    keep = [i for i, d in enumerate(dates) if d.iso != GAPPY]
    grid = coarse_grid(predict_region)
    shorter = write_stack(tmp_path / "coarse.tif", grid, coarse[keep],
                          dates=[dates[i] for i in keep])
    out, qpath = tmp_path / "sm.tif", tmp_path / "q.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, shorter,
                            PredictOptions(dates=[GAPPY], **EXACT), quality_path=qpath)
    record = summary["records"][0]
    assert "no coarse band" in record.note and record.coarse_cells == 0
    q = read_quality(qpath)[0][0]
    assert set(np.unique(q).tolist()) == {2}  # clouded pixels too: the gap model's
    assert record.gap_filled == (q == 2).sum() == record.predicted
    np.testing.assert_array_equal(read(out)[0][0], plain_run["data"])


# --- 5. mask ----------------------------------------------------------------------------------


def test_mask_stripe(predict_region, lightgbm, default_run, tmp_path):
    stripe = np.zeros((216, 216), "uint8")
    stripe[100:120] = 1
    mask = write_mask(tmp_path / "mask.tif", predict_region, stripe)
    out, qpath = tmp_path / "sm.tif", tmp_path / "q.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=[GAPPY], **EXACT), mask_path=mask,
                            quality_path=qpath)
    data = read(out)[0][0]
    q = read_quality(qpath)[0][0]
    assert np.isnan(data[100:120]).all()
    np.testing.assert_array_equal(q == 4, stripe == 1)
    assert summary["masked"] == summary["records"][0].masked == 20 * 216
    unmasked = np.isfinite(bands_of(default_run["out"], [GAPPY])[0]) & (stripe == 0)
    np.testing.assert_array_equal(np.isfinite(data), unmasked)
    # the rest still averages to the observations (coarse rows 2 and 3 are partly masked)
    error = mass_errors(out, predict_region, [GAPPY])
    assert np.nanmax(error) <= MASS_TIGHT and summary["mass_error"] <= 1e-5


def test_mask_values_select_codes(predict_region, lightgbm, tmp_path):
    landcover = predict_region["categorical"]["landcover"]
    codes = read(landcover)[0][0]
    out, qpath = tmp_path / "sm.tif", tmp_path / "q.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=["2019-06-03"], mask_values=[2]),
                            mask_path=landcover, quality_path=qpath)
    data = read(out)[0][0]
    q = read_quality(qpath)[0][0]
    grass = codes == 2
    assert 1000 < grass.sum() < codes.size - 1000
    assert summary["masked"] == grass.sum()
    np.testing.assert_array_equal(q == 4, grass)
    assert np.isnan(data[grass]).all()
    assert np.isfinite(data[~grass]).sum() == (q[~grass] > 0).sum() > 10000


# --- 6. without a coarse product, and no correction -------------------------------------------


def test_without_coarse_product_the_output_is_the_model(predict_region, lightgbm, plain_run,
                                                        tmp_path):
    progress = Messages()
    out = tmp_path / "model.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, None,
                            PredictOptions(dates=[GAPPY]), progress=progress)
    assert any("No coarse soil-moisture stack" in w and "skipped" in w
               for w in progress.warnings)
    assert summary["correction"] == "none" and math.isnan(summary["mass_error"])
    assert summary["records"][0].residual_cells == 0
    np.testing.assert_array_equal(read(out)[0][0], plain_run["data"])


def test_no_correction_equals_the_model_on_hand_built_rows(predict_region, lightgbm,
                                                           plain_run):
    date = GAPPY
    data = plain_run["data"]
    model = lightgbm
    missing, clouded = missing_split(predict_region, model, date)
    pixels = pick_pixels(np.isfinite(data) & ~clouded, 12, seed=1)
    X = design_rows(lightgbm, predict_region, date, pixels)
    assert np.isfinite(X).all()
    pooled = lightgbm.estimators["all"].predict(X)
    dated = lightgbm.date_models  # the model of this date (a training date), blended
    assert date in dated.estimators and 0.0 < dated.weight < 1.0
    own = dated.estimators[date].predict(X)
    expected = np.clip(dated.weight * own + (1.0 - dated.weight) * pooled, 0.0, 0.6)
    assert np.abs(own - pooled).max() > 1e-3  # the date model does change the map
    got = np.array([data[r, c] for r, c in pixels])
    print(f"\nhand-built rows vs output: max |difference| {np.abs(got - expected).max():.1e}")
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)
    # pixels under a cloud (NDVI/LST missing) are the gap model's prediction on the other
    # features, not the date-blended model's and not nodata
    np.testing.assert_array_equal(np.isnan(data), missing)
    gap = model.gap_model
    assert set(gap.layers) == {"ndvi", "lst"} and len(gap.columns) < len(model.features)
    cloudy = pick_pixels(clouded, 12, seed=3)
    X = design_rows(lightgbm, predict_region, date, cloudy)
    assert np.isnan(X).any(axis=1).all()  # each row misses a cloud-prone feature
    expected = np.clip(gap.estimator.predict(X[:, gap.columns]), 0.0, 0.6)
    got = np.array([data[r, c] for r, c in cloudy])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)


def test_without_coarse_product_no_pixel_claims_an_observation(predict_region, lightgbm,
                                                                tmp_path):
    """Quality 1 means "coarse observation: corrected to it"; without a coarse product
    the algorithm's help says every predicted pixel is 2.

    Fails: _Run._gap returns all False when there is no coarse product (its docstring
    says "all cells"), so _finish_window marks every predicted pixel 1 and counts it
    in record.observed.
    """
    out, qpath = tmp_path / "sm.tif", tmp_path / "q.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, None,
                            PredictOptions(dates=["2019-06-03"]), quality_path=qpath)
    q = read_quality(qpath)[0][0]
    data = read(out)[0][0]
    assert np.isfinite(data).sum() > 0
    assert summary["records"][0].observed == 0
    assert not (q == 1).any()
    np.testing.assert_array_equal(q == 2, np.isfinite(data))


def test_options_are_not_modified(predict_region, lightgbm, tmp_path):
    """predict_stack must not change the caller's options.

    Fails: without a coarse product predict_stack sets ``opts.correction = "none"`` on
    the object it was given, so reusing the options for a run with a coarse product
    silently skips the residual correction.
    """
    options = PredictOptions(dates=["2019-06-03"])
    predict_stack(lightgbm, predict_region["layers"], tmp_path / "a.tif", None, options)
    assert options.correction == "simple_kriging"


# --- 7. uncertainty -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def rf_run(predict_region, rf, tmp_path_factory):
    """Random forest, 2 threads, gap filling off, with the spread and quality outputs."""
    folder = tmp_path_factory.mktemp("rf_run")
    paths = {k: str(folder / f"{k}.tif") for k in ("out", "spread", "quality")}
    summary = timed("rf + spread", rf, predict_region["layers"], paths["out"],
                    predict_region["coarse"],
                    PredictOptions(dates=[GAPPY], gap_fill=False, n_threads=2),
                    uncertainty_path=paths["spread"], quality_path=paths["quality"])
    return dict(paths, summary=summary)


def test_spread_is_the_std_of_the_trees(rf_run, rf, predict_region):
    data = read(rf_run["out"])[0][0]
    spread, descriptions = read(rf_run["spread"])
    spread = spread[0]
    assert descriptions == [GAPPY]
    with rasterio.open(rf_run["spread"]) as ds:
        assert ds.units == ("m³/m³",)
    np.testing.assert_array_equal(np.isnan(spread), np.isnan(data))  # gaps too (gap_fill off)
    assert (spread[np.isfinite(spread)] >= 0).all()
    assert np.nanmax(spread) > 1e-3
    _, clouded = missing_split(predict_region, rf, GAPPY)
    pixels = pick_pixels(np.isfinite(data) & ~clouded, 8, seed=2)
    X = design_rows(rf, predict_region, GAPPY, pixels)
    trees = np.array([t.predict(X.astype("float32")) for t in rf.estimators["all"].estimators_])
    expected = trees.std(axis=0, ddof=0)
    got = np.array([spread[r, c] for r, c in pixels])
    print(f"\nspread at {len(pixels)} pixels: {np.round(got, 4).tolist()}")
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


def test_spread_refused_for_lightgbm(predict_region, lightgbm, tmp_path):
    out = tmp_path / "sm.tif"
    with pytest.raises(InputError, match="random forest") as err:
        predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                      PredictOptions(dates=[GAPPY]), uncertainty_path=tmp_path / "u.tif")
    assert "stacking" in str(err.value) and "LightGBM" in str(err.value)
    assert os.listdir(tmp_path) == []


# --- 8. dates -----------------------------------------------------------------------------


def test_one_date_one_band(predict_region, lightgbm, tmp_path):
    out = tmp_path / "sm.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=["2019-06-03"], correction="none"))
    with rasterio.open(out) as ds:
        assert ds.count == 1 and list(ds.descriptions) == ["2019-06-03"]
    assert summary["dates"] == ["2019-06-03"]


def test_every_shared_date_by_default(predict_region, lightgbm, tmp_path):
    """No dates given: every date of the dynamic stacks (all masked here, to be quick)."""
    mask = write_mask(tmp_path / "all.tif", predict_region, np.ones((216, 216)))
    out = tmp_path / "sm.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(correction="none"), mask_path=mask)
    expected = [f"2019-06-{d:02d}" for d in range(1, 21)]
    assert summary["dates"] == expected and summary["predicted"] == 0
    data, descriptions = read(out)
    assert descriptions == expected and np.isnan(data).all()


@pytest.mark.parametrize("text, message", [
    ("2019-07-15", "The date 2019-07-15 is not in the time stack"),
    ("2019-13-45", "'2019-13-45' is not a date"),
    ("June 3rd", "'June 3rd' is not a date"),
])
def test_bad_dates_are_refused(text, message, predict_region, lightgbm, tmp_path):
    with pytest.raises(InputError, match=message):
        predict_stack(lightgbm, predict_region["layers"], tmp_path / "sm.tif",
                      predict_region["coarse"], PredictOptions(dates=["2019-06-03", text]))
    assert os.listdir(tmp_path) == []


# --- 9. layer matching ----------------------------------------------------------------------


def _swap(layers, name, replacement):
    return [replacement if layer.name == name else layer for layer in layers]


@pytest.mark.parametrize("case, name, message", [
    ("missing", "lst", r"needs predictor layer\(s\) 'lst', which were not given"),
    ("extra", "extra", r"layer\(s\) 'extra' are not features of this model"),
    ("categorical as continuous", "landcover",
     "Layer 'landcover' was a categorical predictor in training"),
    ("continuous as categorical", "soil_sand",
     "Layer 'soil_sand' was a continuous predictor in training"),
    ("stack for a static layer", "dem_ease1km",
     r"Layer 'dem_ease1km' was a static \(single-band\) layer in training"),
    ("static for a stack", "ndvi", r"Layer 'ndvi' was a time stack \(one band per date\)"),
])
def test_layer_mismatch_is_refused(case, name, message, predict_region, lightgbm, tmp_path):
    layers = list(predict_region["layers"])
    paths = layer_paths(predict_region)
    if case == "missing":
        layers = [layer for layer in layers if layer.name != name]
    elif case == "extra":
        layers.append(PredictorLayer("extra", paths["dem_ease1km"]))
    elif case == "categorical as continuous":
        layers = _swap(layers, name, PredictorLayer(name, paths[name]))
    elif case == "continuous as categorical":
        layers = _swap(layers, name, PredictorLayer(name, paths[name], categorical=True))
    elif case == "stack for a static layer":
        layers = _swap(layers, name, PredictorLayer(name, paths["ndvi"]))
    else:
        layers = _swap(layers, name, PredictorLayer(name, paths["dem_ease1km"]))
    with pytest.raises(InputError, match=message):
        predict_stack(lightgbm, layers, tmp_path / "sm.tif", predict_region["coarse"],
                      PredictOptions(dates=["2019-06-03"]))
    assert os.listdir(tmp_path) == []


def test_no_layer_and_bad_options_are_refused(predict_region, lightgbm, tmp_path):
    with pytest.raises(InputError, match="No predictor layer"):
        predict_stack(lightgbm, [], tmp_path / "sm.tif")
    with pytest.raises(InputError, match="lower limit"):
        predict_stack(lightgbm, predict_region["layers"], tmp_path / "sm.tif",
                      options=PredictOptions(clip_min=0.5, clip_max=0.5))
    with pytest.raises(InputError, match="Unknown residual correction 'idw'"):
        predict_stack(lightgbm, predict_region["layers"], tmp_path / "sm.tif",
                      options=PredictOptions(correction="idw"))


# --- 10. reproducibility ----------------------------------------------------------------------


def test_same_inputs_same_output_any_threads(predict_region, lightgbm, default_run, tmp_path):
    """One thread, GAPPY alone == the 2-thread, 4-date default run's band, bit for bit."""
    out = tmp_path / "sm.tif"
    predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                  PredictOptions(dates=[GAPPY], n_threads=1, **EXACT))
    once = read(out)[0][0]
    assert np.array_equal(once, bands_of(default_run["out"], [GAPPY])[0], equal_nan=True)
    predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                  PredictOptions(dates=[GAPPY], n_threads=1, **EXACT))  # again, over the first
    assert np.array_equal(read(out)[0][0], once, equal_nan=True)


def test_random_forest_same_output_with_one_or_two_threads(rf_run, rf, predict_region,
                                                            tmp_path):
    out, spread = tmp_path / "sm.tif", tmp_path / "spread.tif"
    predict_stack(rf, predict_region["layers"], out, predict_region["coarse"],
                  PredictOptions(dates=[GAPPY], gap_fill=False, n_threads=1),
                  uncertainty_path=spread)
    assert np.array_equal(read(out)[0], read(rf_run["out"])[0], equal_nan=True)
    assert np.array_equal(read(spread)[0], read(rf_run["spread"])[0], equal_nan=True)


def test_window_size_does_not_change_the_result(predict_region, lightgbm, default_run,
                                                tmp_path):
    out = tmp_path / "sm.tif"
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=[GAPPY], block=50, **EXACT))  # 25 ragged windows
    data = read(out)[0][0]
    whole = bands_of(default_run["out"], [GAPPY])[0]
    np.testing.assert_array_equal(np.isnan(data), np.isnan(whole))
    np.testing.assert_allclose(data, whole, rtol=0, atol=1e-6)  # sums in another order
    assert summary["mass_error"] <= 1e-5


# --- 11. variogram report -----------------------------------------------------------------


def test_each_date_reports_its_variogram(default_run):
    for record in default_run["summary"]["records"]:
        assert record.residual_cells >= 3
        v = record.variogram
        assert v["model"] == "spherical" and v["source"] == "fitted"
        assert v["nugget"] >= 0 and v["psill"] >= 0 and v["range"] > 0
        assert v["n_data"] == record.residual_cells <= record.coarse_cells
    variograms = [r.variogram for r in default_run["summary"]["records"]]
    assert len({(v["nugget"], v["psill"], v["range"]) for v in variograms}) == len(DATES)
    assert any("variogram spherical" in m for m in default_run["progress"].infos)


def test_pooled_variogram_is_shared(predict_region, lightgbm, tmp_path):
    progress = Messages()
    out = tmp_path / "sm.tif"
    dates = ["2019-06-03", GAPPY]
    summary = predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                            PredictOptions(dates=dates, variogram_scope="pooled",
                                           mass_preserving=True, variogram_model="exponential",
                                           correction="ordinary_kriging"),
                            progress=progress)
    variograms = [r.variogram for r in summary["records"]]
    assert all(v is not None for v in variograms)
    assert all(v == variograms[0] for v in variograms)
    assert variograms[0]["source"] == "pooled" and variograms[0]["model"] == "exponential"
    assert any(m.startswith("Pooled variogram of 2 date(s)") for m in progress.infos)
    assert summary["mass_error"] <= 1e-5
    assert np.nanmax(mass_errors(out, predict_region, dates)) <= MASS_TIGHT
    assert leftovers(tmp_path) == []


def test_bilinear_reports_no_variogram(predict_region, lightgbm, tmp_path):
    summary = predict_stack(lightgbm, predict_region["layers"], tmp_path / "sm.tif",
                            predict_region["coarse"],
                            PredictOptions(dates=["2019-06-03"], correction="bilinear"))
    record = summary["records"][0]
    assert record.variogram is None and record.residual_cells > 20


# --- 12. scratch files and failures -----------------------------------------------------------


def test_no_scratch_left_after_a_run(default_run):
    assert sorted(os.listdir(default_run["folder"])) == ["quality.tif", "sm.tif"]


@pytest.mark.parametrize("checks", [0, 5, 9])  # during passes A, B and C (4 windows each)
def test_cancelled_run_leaves_nothing(checks, predict_region, lightgbm, tmp_path):
    out = tmp_path / "sm.tif"
    out.write_bytes(b"previous result")
    progress = CancelAfter(checks)
    with pytest.raises(Cancelled):
        predict_stack(lightgbm, predict_region["layers"], out, predict_region["coarse"],
                      PredictOptions(dates=[GAPPY], block=108),
                      quality_path=tmp_path / "q.tif", progress=progress)
    assert progress.calls == checks + 1
    assert sorted(os.listdir(tmp_path)) == ["sm.tif"]
    assert out.read_bytes() == b"previous result"


def test_failed_run_writes_no_output(predict_region, lightgbm, tmp_path):
    with pytest.raises(InputError, match="2019-08-01"):
        predict_stack(lightgbm, predict_region["layers"], tmp_path / "sm.tif",
                      predict_region["coarse"], PredictOptions(dates=["2019-08-01"]))
    assert not (tmp_path / "sm.tif").exists() and os.listdir(tmp_path) == []
    with pytest.raises(InputError, match="does not exist"):
        predict_stack(lightgbm, predict_region["layers"], tmp_path / "nowhere" / "sm.tif",
                      predict_region["coarse"], PredictOptions(dates=["2019-06-03"]))
    assert os.listdir(tmp_path) == []

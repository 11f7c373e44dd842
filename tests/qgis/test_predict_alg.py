"""smdownscale:predict through processing.run in a real QGIS: contract, outputs, bad inputs."""
import csv
import os

import numpy as np
import processing
import pytest
import rasterio
from helpers import write_raster
from qgis.core import (QgsPalettedRasterRenderer, QgsProcessingContext, QgsProcessingException,
                       QgsProcessingParameterDefinition,
                       QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer,
                       QgsSingleBandPseudoColorRenderer)

from smdownscale.algorithms import predict as alg
from smdownscale.algorithms.styling import (QUALITY_CLASSES, SOIL_MOISTURE_STOPS,
                                            QualityPaletted, SoilMoisturePseudocolor)
from smdownscale.engine.predict import prediction, residuals

DATES = ["2019-06-02", "2019-06-05"]
NODATA = -9999.0

def params(region, tmp_path, model="lightgbm", **extra):
    """Prediction parameters on the training region: two dates, two threads."""
    base = {"MODEL": region[model], "PREDICTORS": list(region["predictors"].values()),
            "CATEGORICAL": list(region["categorical"].values()), "COARSE_SM": region["coarse"],
            "DATES": ",".join(DATES), "THREADS": 2, "OUTPUT": str(tmp_path / "sm.tif")}
    base.update(extra)
    return base


def leftovers(folder):
    """Files an aborted run must not leave: outputs, partial and scratch files."""
    return sorted(p.name for p in folder.iterdir()
                  if p.suffix in (".tif", ".csv") or p.name.startswith((".partial", ".scratch")))


def test_contract_enums_defaults_and_help(registry):
    a = registry.algorithmById("smdownscale:predict")
    assert a is not None and a.group() == "Downscale" and a.groupId() == "downscale"
    names = [p.name() for p in a.parameterDefinitions()]
    for contract in ("MODEL", "PREDICTORS", "CATEGORICAL", "COARSE_SM", "RESIDUAL_CORRECTION",
                     "GAP_FILL", "CLIP_MIN", "CLIP_MAX", "MASK", "OUTPUT", "UNCERTAINTY",
                     "DATES", "QUALITY", "MASS_PRESERVING", "DATE_REPORT"):
        assert contract in names, contract
    correction = a.parameterDefinition("RESIDUAL_CORRECTION")
    assert correction.options() == ["None", "Bilinear", "Simple kriging", "Ordinary kriging"]
    assert alg.CORRECTION_KEYS == list(residuals.CORRECTIONS)
    assert alg.CORRECTION_KEYS[correction.defaultValue()] == "simple_kriging"
    assert alg.VARIOGRAM_KEYS == list(prediction.VARIOGRAM_MODELS)
    assert alg.SCOPE_KEYS == list(prediction.SCOPES)
    assert len(a.parameterDefinition("VARIOGRAM_MODEL").options()) == len(alg.VARIOGRAM_KEYS)
    assert len(a.parameterDefinition("VARIOGRAM_SCOPE").options()) == len(alg.SCOPE_KEYS)
    defaults = {p.name(): p.defaultValue() for p in a.parameterDefinitions()}
    assert (defaults["CLIP_MIN"], defaults["CLIP_MAX"]) == (0.0, 0.6)
    # noise-aware by default: no exact mass preservation, a variogram pooled over the dates
    assert defaults["MASS_PRESERVING"] is False and defaults["GAP_FILL"] is True
    engine_defaults = prediction.PredictOptions()
    assert alg.SCOPE_KEYS[defaults["VARIOGRAM_SCOPE"]] == engine_defaults.variogram_scope == \
        "pooled"
    assert defaults["MASS_PRESERVING"] == engine_defaults.mass_preserving
    assert defaults["NEIGHBOURS"] == residuals.DEFAULT_NEIGHBOURS
    outputs = [o.name() for o in a.outputDefinitions()]
    for number in ("N_DATES", "PREDICTED_PIXELS", "GAP_FILLED_PIXELS", "CLIPPED_PIXELS",
                   "MASS_ERROR_MAX"):
        assert number in outputs, number
    text = a.shortHelpString()
    assert "<" not in text and "m³/m³" in text
    # a bullet per parameter and output, labelled as in the dialog: tests/qgis/test_help.py


def test_full_run_outputs_and_mass(registry, predict_region, tmp_path, feedback):
    quality, report = str(tmp_path / "quality.tif"), str(tmp_path / "dates.csv")
    result = processing.run("smdownscale:predict", params(
        predict_region, tmp_path, QUALITY=quality, DATE_REPORT=report, MASS_PRESERVING=True),
        feedback=feedback)
    out = str(tmp_path / "sm.tif")
    assert (result["OUTPUT"], result["QUALITY"], result["DATE_REPORT"]) == (out, quality,
                                                                           report)
    assert "UNCERTAINTY" not in result
    with rasterio.open(out) as ds:
        assert ds.dtypes == ("float32", "float32") and ds.nodata == NODATA
        assert ds.count == 2 and ds.descriptions == tuple(DATES)
        assert (ds.width, ds.height) == (216, 216)
        sm = ds.read()
    written = sm != NODATA
    assert written.any() and not np.isnan(sm).any()
    assert sm[written].min() >= 0.0 and sm[written].max() <= 0.6
    assert sm[written].std() > 0.005  # fine detail, not the coarse value repeated
    assert result["N_DATES"] == 2
    assert result["PREDICTED_PIXELS"] == int(written.sum()) > 0
    assert 0.0 <= result["MASS_ERROR_MAX"] <= 1e-3
    with rasterio.open(quality) as ds:
        assert ds.dtypes[0] == "uint8" and ds.nodata == 255 and ds.count == 2
        assert ds.descriptions == tuple(DATES)
        codes = ds.read()
    assert set(np.unique(codes)) <= {0, 1, 2, 3, 4} and (codes == 1).any()
    assert np.array_equal(codes == 0, ~written)  # nothing masked, gap filling on
    # 2019-06-02 has a coarse gap: its pixels are filled by the model (code 2)
    assert result["GAP_FILLED_PIXELS"] == int((codes == 2).sum()) > 0
    # Mass preservation, checked independently: 36 × 36 fine cells per (equal-area) coarse
    # cell; the mean of the corrected fine pixels equals the coarse observation.
    with rasterio.open(predict_region["coarse"]) as ds:
        bands = [ds.descriptions.index(d) + 1 for d in DATES]
        coarse = ds.read(bands, masked=True).filled(np.nan)
    checked = 0
    for k in range(2):
        for r in range(coarse.shape[1]):
            for c in range(coarse.shape[2]):
                block = (slice(36 * r, 36 * r + 36), slice(36 * c, 36 * c + 36))
                under = codes[k][block] == 1
                if np.isfinite(coarse[k, r, c]) and under.any():
                    mean = sm[k][block][under].astype(float).mean()
                    assert abs(mean - coarse[k, r, c]) <= 1e-3, (k, r, c)
                    checked += 1
                else:
                    assert not under.any()
    assert checked >= 40
    with open(report, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["date"] for r in rows] == DATES
    for row in rows:
        assert row["variogram_model"] == "spherical"
        assert float(row["range_km"]) > 0
        assert int(row["predicted"]) > 0 and float(row["mass_error"]) <= 1e-3
    assert sum(int(r["predicted"]) for r in rows) == result["PREDICTED_PIXELS"]
    assert any("variogram spherical" in m for m in feedback.infos)


def test_uncertainty_from_random_forest(registry, predict_region, tmp_path):
    spread = str(tmp_path / "spread.tif")
    result = processing.run("smdownscale:predict", params(
        predict_region, tmp_path, model="rf", DATES=DATES[0], UNCERTAINTY=spread))
    assert result["UNCERTAINTY"] == spread and result["N_DATES"] == 1
    with rasterio.open(result["OUTPUT"]) as ds:
        written = ds.read(1) != NODATA
    with rasterio.open(spread) as ds:
        assert ds.count == 1 and ds.nodata == NODATA and ds.descriptions == (DATES[0],)
        values = ds.read(1)
    has = values != NODATA
    assert np.array_equal(has, written)
    assert values[has].min() >= 0.0 and values[has].max() > 0.0


def test_mask_codes_and_gaps_left_empty(registry, predict_region, tmp_path):
    landcover = predict_region["categorical"]["landcover"]
    quality = str(tmp_path / "quality.tif")
    result = processing.run("smdownscale:predict", params(
        predict_region, tmp_path, DATES=DATES[0], RESIDUAL_CORRECTION=1, GAP_FILL=False,
        MASK=landcover, MASK_VALUES="4, 5", QUALITY=quality, MASS_PRESERVING=True))
    with rasterio.open(landcover) as ds:
        masked = np.isin(ds.read(1), [4, 5])
    with rasterio.open(result["OUTPUT"]) as ds:
        sm = ds.read(1)
    with rasterio.open(quality) as ds:
        codes = ds.read(1)
    assert masked.any() and (codes == 4).any()
    assert np.array_equal(codes == 4, masked)
    assert (sm[masked] == NODATA).all()
    assert (codes == 3).any() and (sm[codes == 3] == NODATA).all()  # the coarse gap: empty
    assert not (codes == 2).any() and result["GAP_FILLED_PIXELS"] == 0
    assert result["PREDICTED_PIXELS"] == int((sm != NODATA).sum()) == int((codes == 1).sum())
    assert result["MASS_ERROR_MAX"] <= 1e-3


def test_uncertainty_refused_for_lightgbm(registry, predict_region, tmp_path):
    with pytest.raises(QgsProcessingException, match="random forest"):
        processing.run("smdownscale:predict", params(
            predict_region, tmp_path, UNCERTAINTY=str(tmp_path / "spread.tif")))
    assert leftovers(tmp_path) == []


def _not_a_model(region, tmp_path):
    path = tmp_path / "x.smdm"
    path.write_text("not a model\n", encoding="utf-8")
    return {"MODEL": str(path)}


def _missing_layer(region, tmp_path):
    return {"PREDICTORS": [p for k, p in region["predictors"].items() if k != "sand"]}


def _extra_layer(region, tmp_path):
    with rasterio.open(region["predictors"]["dem"]) as ds:
        t, crs, shape = ds.transform, ds.crs, ds.shape
    extra = write_raster(tmp_path / "slope.tif", np.ones(shape, "float32"), crs=crs,
                         origin=(t.c, t.f), cell=t.a)
    return {"PREDICTORS": list(region["predictors"].values()) + [extra]}


@pytest.mark.parametrize("bad, message", [
    (_not_a_model, "'x.smdm' is not a soil-moisture downscaling model"),
    (_missing_layer, "needs predictor layer(s) 'soil_sand', which were not given"),
    (_extra_layer, "layer(s) 'slope' are not features of this model"),
    (lambda r, t: {"DATES": "2019-06-02,2019-07-15"}, "The date 2019-07-15 is not in"),
    (lambda r, t: {"DATES": "2019-06-02,June"}, "'June' is not a date"),
    (lambda r, t: {"CLIP_MIN": 0.4, "CLIP_MAX": 0.3}, "lower limit (0.4) must be below"),
    (lambda r, t: {"CLIP_MIN": 0.3, "CLIP_MAX": 0.3}, "lower limit (0.3) must be below"),
    (lambda r, t: {"MASK_VALUES": "abc"}, "Mask value 'abc' is not a number"),
], ids=["not-a-model", "missing-layer", "extra-layer", "date-not-in-stacks", "not-a-date",
        "clip-min-above-max", "clip-min-equals-max", "mask-values-text"])
def test_bad_inputs_refused_without_output(registry, predict_region, tmp_path, bad, message):
    extra = bad(predict_region, tmp_path)
    before = leftovers(tmp_path)
    with pytest.raises(QgsProcessingException) as err:
        processing.run("smdownscale:predict", params(
            predict_region, tmp_path, QUALITY=str(tmp_path / "q.tif"),
            DATE_REPORT=str(tmp_path / "d.csv"), **extra))
    assert message in str(err.value)
    assert leftovers(tmp_path) == before  # no output, quality, report or partial file


def test_report_in_missing_folder_refused_before_predicting(registry, predict_region, tmp_path):
    with pytest.raises(QgsProcessingException, match="folder of the date report does not exist"):
        processing.run("smdownscale:predict", params(
            predict_region, tmp_path, DATE_REPORT=str(tmp_path / "nope" / "d.csv")))
    assert leftovers(tmp_path) == []


def test_outputs_load_with_fixed_ramp_and_quality_classes(registry, predict_region, tmp_path):
    context = QgsProcessingContext()
    project = QgsProject()
    context.setProject(project)
    out, quality = str(tmp_path / "sm.tif"), str(tmp_path / "quality.tif")
    result = processing.run("smdownscale:predict", params(
        predict_region, tmp_path, DATES=DATES[1], RESIDUAL_CORRECTION=1,
        OUTPUT=QgsProcessingOutputLayerDefinition(out, project),
        QUALITY=QgsProcessingOutputLayerDefinition(quality, project)), context=context)
    assert (result["OUTPUT"], result["QUALITY"]) == (out, quality)
    assert context.willLoadLayerOnCompletion(out) and context.willLoadLayerOnCompletion(quality)

    details = context.layerToLoadOnCompletionDetails(out)
    assert details.name == "Downscaled soil moisture"
    assert isinstance(details.postProcessor(), SoilMoisturePseudocolor)
    layer = QgsRasterLayer(out, details.name)
    details.postProcessor().postProcessLayer(layer, context, None)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer) and renderer.band() == 1
    items = renderer.shader().rasterShaderFunction().colorRampItemList()
    assert [i.value for i in items] == [v for v, _ in SOIL_MOISTURE_STOPS]
    assert (items[0].value, items[-1].value) == (0.0, 0.5)
    assert [i.color.name() for i in items] == [c for _, c in SOIL_MOISTURE_STOPS]
    assert (renderer.classificationMin(), renderer.classificationMax()) == (0.0, 0.5)
    assert "m³/m³" in items[0].label

    details = context.layerToLoadOnCompletionDetails(quality)
    assert details.name == "Quality flags"
    assert isinstance(details.postProcessor(), QualityPaletted)
    layer = QgsRasterLayer(quality, details.name)
    details.postProcessor().postProcessLayer(layer, context, None)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    assert [c.value for c in renderer.classes()] == [0, 1, 2, 3, 4]
    assert [c.label for c in renderer.classes()] == [label for _, _, label in QUALITY_CLASSES]


def test_post_processor_styles_any_soil_moisture_layer(registry, tmp_path):
    # Without a project the algorithm loads nothing; the styler itself still works.
    path = write_raster(tmp_path / "sm.tif", np.full((4, 4), 0.25, "float32"))
    layer = QgsRasterLayer(path, "sm")
    SoilMoisturePseudocolor().postProcessLayer(layer, QgsProcessingContext(), None)
    items = layer.renderer().shader().rasterShaderFunction().colorRampItemList()
    assert len(items) == len(SOIL_MOISTURE_STOPS) == 6
    assert (items[0].value, items[-1].value) == (0.0, 0.5)


def test_no_layers_loaded_without_a_project(registry, predict_region, tmp_path):
    context = QgsProcessingContext()
    result = processing.run("smdownscale:predict", params(
        predict_region, tmp_path, DATES=DATES[0], RESIDUAL_CORRECTION=0), context=context)
    assert not context.willLoadLayerOnCompletion(result["OUTPUT"])
    assert os.path.exists(result["OUTPUT"]) and result["MASS_ERROR_MAX"] is None


def test_cluster_gives_the_arrays_of_a_run_in_this_process(registry, predict_region, tmp_path,
                                                           dask_cluster, feedback):
    """CLUSTER = a running scheduler (2 real workers): same output and numbers."""
    (tmp_path / "here").mkdir()
    here = processing.run("smdownscale:predict", params(predict_region, tmp_path / "here"),
                          feedback=feedback)
    there = processing.run("smdownscale:predict", params(
        predict_region, tmp_path, CLUSTER=dask_cluster.address), feedback=feedback)
    with rasterio.open(here["OUTPUT"]) as a, rasterio.open(there["OUTPUT"]) as b:
        assert np.array_equal(a.read(), b.read()) and a.descriptions == b.descriptions
    for number in ("N_DATES", "PREDICTED_PIXELS", "GAP_FILLED_PIXELS", "MASS_ERROR_MAX"):
        assert here[number] == there[number], number
    assert registry.algorithmById("smdownscale:predict").parameterDefinition(
        "CLUSTER").flags() & QgsProcessingParameterDefinition.FlagAdvanced


def test_unreachable_scheduler_is_refused_with_no_output(registry, predict_region, tmp_path):
    with pytest.raises(QgsProcessingException,
                       match=r"Cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9 "):
        processing.run("smdownscale:predict", params(predict_region, tmp_path,
                                                     CLUSTER="tcp://127.0.0.1:9"))
    assert leftovers(tmp_path) == []


def test_malformed_cluster_is_refused(registry, predict_region, tmp_path):
    with pytest.raises(QgsProcessingException, match="give local:N to start N worker"):
        processing.run("smdownscale:predict", params(predict_region, tmp_path,
                                                     CLUSTER="my-cluster"))
    assert leftovers(tmp_path) == []

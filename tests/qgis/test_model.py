"""The shipped Graphical Modeler model: registered, up to date, and it runs end to end."""
import glob
import os

import numpy as np
import processing
import pytest
from qgis.core import QgsProcessingModelAlgorithm

from smdownscale.engine.metrics import agreement
from smdownscale.engine.raster.timestack import read_stack
from smdownscale.processing_provider.provider import MODELS_DIR

MODEL_ID = "smdownscale:downscalingchain"
OUTPUTS = {"train:model": "model.smdm", "train:training_report": "training.html",
           "predict:downscaled": "downscaled.tif", "fuse:fused": "fused.tif",
           "fuse:holdout": "holdout.csv", "validate:station_metrics": "stations.gpkg",
           "validate:summary": "summary.csv", "validate:report": "report.html"}


def model_inputs(folder, out):
    """The model's parameters for a synthetic region in ``folder``, outputs in ``out``."""
    params = {
        "coarse_files": sorted(glob.glob(os.path.join(folder, "smap", "*.tif"))),
        "modis_reflectance_tiles": sorted(glob.glob(os.path.join(folder, "modis",
                                                                 "MOD09GA*.hdf"))),
        "modis_lst_tiles": sorted(glob.glob(os.path.join(folder, "modis", "MOD11A1*.hdf"))),
        "precipitation": os.path.join(folder, "precip_1km.tif"),
        "dem": os.path.join(folder, "dem_ease1km.tif"),
        "static_predictors": [os.path.join(folder, f"soil_{s}.tif") for s in ("sand", "clay")],
        "landcover": os.path.join(folder, "landcover.tif"),
        "stations": os.path.join(folder, "stations.gpkg"), "station_id_field": "station_id",
        "value_field": "sm", "date_field": "date", "group_field": "scale"}
    params.update({k: os.path.join(out, v) for k, v in OUTPUTS.items()})
    return params


def test_registered_with_a_readable_name(registry):
    model = registry.algorithmById(MODEL_ID)
    assert model is not None and model.displayName() == "Soil moisture downscaling chain"
    assert model.group() == "Workflows" and len(model.childAlgorithms()) == 12
    assert model.createInstance().displayName() == "Soil moisture downscaling chain"
    for child_id in model.childAlgorithms():  # no red step when opened in the Modeler
        assert model.validateChildAlgorithm(child_id)[0], child_id
    choices = {p.name() for p in model.parameterDefinitions()}
    assert {"learner", "seasons", "residual_correction", "fusion_method",
            "interpolation"} <= choices


def test_shipped_file_is_what_the_build_script_makes(registry, tmp_path):
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(MODELS_DIR), "scripts"))
    from build_model import build

    fresh = str(tmp_path / "fresh.model3")
    assert build().toFile(fresh)
    shipped, rebuilt = QgsProcessingModelAlgorithm(), QgsProcessingModelAlgorithm()
    assert shipped.fromFile(os.path.join(MODELS_DIR, "soil_moisture_downscaling.model3"))
    assert rebuilt.fromFile(fresh)
    assert shipped.toVariant() == rebuilt.toVariant(), \
        "models/*.model3 is stale: run scripts/build_model.py and commit the file"


def test_runs_end_to_end(validation_region, registry, tmp_path, feedback):
    folder = validation_region["folder"]
    result = processing.run(MODEL_ID, model_inputs(folder, str(tmp_path)), feedback=feedback)
    for key, name in OUTPUTS.items():
        assert result[key] == str(tmp_path / name) and (tmp_path / name).exists(), key
    down, _, dates = read_stack(result["predict:downscaled"])
    truth, _, _ = read_stack(validation_region["truth"])
    assert len(dates) == 20
    m = agreement(down, truth)
    assert m["n"] > 500000 and m["r"] > 0.85 and m["ubrmse"] < 0.04
    fused, _, _ = read_stack(result["fuse:fused"])
    assert np.isfinite(fused).sum() == np.isfinite(down).sum()
    summary = (tmp_path / "summary.csv").read_text(encoding="utf-8")
    assert "downscaled,all,pooled" in summary and "coarse,all,pooled" in summary


@pytest.mark.parametrize("name", ["learner", "residual_correction", "fusion_method"])
def test_choices_mirror_the_algorithms(registry, name):
    model = registry.algorithmById(MODEL_ID)
    child = {"learner": ("smdownscale:train", "MODEL"),
             "residual_correction": ("smdownscale:predict", "RESIDUAL_CORRECTION"),
             "fusion_method": ("smdownscale:fuse", "METHOD")}[name]
    original = registry.algorithmById(child[0]).parameterDefinition(child[1])
    copy = model.parameterDefinition(name)
    assert copy.options() == original.options()
    assert copy.defaultValue() == original.defaultValue()

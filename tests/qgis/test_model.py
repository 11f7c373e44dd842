"""The shipped Graphical Modeler model: registered, up to date, its choices the algorithms'.

It runs end to end through qgis_process (tests/cli/test_model_cli.py, with its accuracy)
and in the demo (tests/cli/test_demo.py).
"""
import os

import pytest
from qgis.core import QgsProcessingModelAlgorithm

from smdownscale.processing_provider.provider import MODELS_DIR

MODEL_ID = "smdownscale:downscalingchain"


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

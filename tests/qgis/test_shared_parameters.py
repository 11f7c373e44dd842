"""The helpers every algorithm shares: numbers, clip limits, output numbers, stations, files."""
import os

import processing
import pytest
from qgis.core import (QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterDefinition, QgsProcessingParameterNumber)

from smdownscale.algorithms.base import SmAlgorithm


class Numbers(SmAlgorithm):
    """A minimal algorithm declaring numbers through the helpers."""

    ALG_ID = "numbers"
    NUMBERS = (("COUNT", "Number of things"), ("SIZE", "Size of a thing (m)"))

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_number("RATIO", "Ratio (0–1)", 0.25, 0.0, 1.0)
        self.add_number("STEPS", "Steps", 3, 1, integer=True, advanced=True)
        self.add_number("OFFSET", "Offset (empty = none)", optional=True)
        self.add_clip_limits()
        self.add_numbers()

    def help_summary(self):
        return "Numbers."

    def help_entries(self):
        return {"RATIO": "a share.", "STEPS": "how many.", "OFFSET": "added.",
                ("CLIP_MIN", "CLIP_MAX"): "limits.", self.number_names(): "results."}


def definition_of(alg, name):
    return alg.parameterDefinition(name)


def test_add_number_sets_type_default_limits_flags_and_help():
    alg = Numbers()
    alg.initAlgorithm()
    ratio, steps, offset = (definition_of(alg, n) for n in ("RATIO", "STEPS", "OFFSET"))
    assert ratio.dataType() == QgsProcessingParameterNumber.Double
    assert (ratio.defaultValue(), ratio.minimum(), ratio.maximum()) == (0.25, 0.0, 1.0)
    assert not ratio.flags() & QgsProcessingParameterDefinition.FlagAdvanced
    assert steps.dataType() == QgsProcessingParameterNumber.Integer
    assert (steps.defaultValue(), steps.minimum()) == (3, 1)
    assert steps.maximum() > 1e300  # left open
    assert steps.flags() & QgsProcessingParameterDefinition.FlagAdvanced
    assert offset.flags() & QgsProcessingParameterDefinition.FlagOptional
    assert offset.defaultValue() is None and offset.minimum() < -1e300
    text = alg.shortHelpString()
    assert "• Ratio (0–1): a share." in text and "• Steps: how many." in text
    assert "• Lower limit (m³/m³) / Upper limit (m³/m³): limits." in text
    assert "• Number of things / Size of a thing (m): results." in text


def test_add_numbers_declares_number_outputs():
    alg = Numbers()
    alg.initAlgorithm()
    outputs = {o.name(): o for o in alg.outputDefinitions()}
    assert list(outputs) == ["COUNT", "SIZE"] == list(alg.number_names())
    assert all(isinstance(o, QgsProcessingOutputNumber) for o in outputs.values())
    assert outputs["SIZE"].description() == "Size of a thing (m)"


def test_number_outputs_of_the_algorithms_come_from_their_numbers(registry):
    for alg_id in ("predict", "fuse", "validate", "train", "gapfill", "buildtimestack",
                   "deriveindices", "importsmap"):
        alg = registry.algorithmById(f"smdownscale:{alg_id}")
        numbers = [o.name() for o in alg.outputDefinitions()
                   if isinstance(o, QgsProcessingOutputNumber)]
        assert numbers == list(alg.number_names()), alg_id


def _describe(definition):
    """What a parameter declaration amounts to, for comparing two algorithms."""
    keys = {"type": definition.type(), "description": definition.description(),
            "flags": int(definition.flags()), "default": definition.defaultValue()}
    for attribute in ("minimum", "maximum", "dataType", "parentLayerParameterName",
                      "dataTypes", "allowMultiple"):
        if hasattr(definition, attribute):
            keys[attribute] = getattr(definition, attribute)()
    return keys


def test_clip_limits_are_declared_alike_in_predict_and_fuse(registry):
    predict, fuse = (registry.algorithmById(f"smdownscale:{a}") for a in ("predict", "fuse"))
    for name in ("CLIP_MIN", "CLIP_MAX"):
        assert _describe(predict.parameterDefinition(name)) == \
            _describe(fuse.parameterDefinition(name))
    assert (predict.parameterDefinition("CLIP_MIN").defaultValue(),
            predict.parameterDefinition("CLIP_MAX").defaultValue()) == (0.0, 0.6)


def test_station_parameters_are_declared_alike_in_fuse_and_validate(registry):
    fuse, validate = (registry.algorithmById(f"smdownscale:{a}") for a in ("fuse", "validate"))
    for name in ("STATIONS", "STATION_ID_FIELD", "VALUE_FIELD", "DATE_FIELD"):
        assert _describe(fuse.parameterDefinition(name)) == \
            _describe(validate.parameterDefinition(name)), name
    assert validate.parameterDefinition("GROUP_FIELD") is not None
    assert fuse.parameterDefinition("GROUP_FIELD") is None
    ids = validate.parameterDefinition("STATION_ID_FIELD")
    assert ids.flags() & QgsProcessingParameterDefinition.FlagOptional


def test_validate_without_station_ids_takes_positions_as_stations(validation_region, registry,
                                                                  tmp_path, feedback):
    params = {"INPUT": validation_region["map"], "STATIONS": validation_region["stations"],
              "VALUE_FIELD": "sm", "DATE_FIELD": "date",
              "OUTPUT_STATIONS": str(tmp_path / "s.gpkg"),
              "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")}
    result = processing.run("smdownscale:validate", params, feedback=feedback)
    assert result["N_STATIONS"] == 16  # the 16 stations have 16 distinct positions


# -- the one folder check of file outputs --------------------------------------------------
def _missing_folder_params(kind, region, tmp_path):
    """(algorithm id, parameters, output) writing ``output`` into a folder that is missing."""
    nowhere = tmp_path / "missing"
    if kind == "predict":
        return "predict", {"MODEL": region["lightgbm"],
                           "PREDICTORS": list(region["predictors"].values()),
                           "CATEGORICAL": list(region["categorical"].values()),
                           "OUTPUT": str(tmp_path / "sm.tif"),
                           "DATE_REPORT": str(nowhere / "dates.csv")}, "DATE_REPORT"
    if kind == "fuse":
        return "fuse", {"INPUT": region["map"], "STATIONS": region["stations"],
                        "VALUE_FIELD": "sm", "DATE_FIELD": "date",
                        "OUTPUT": str(tmp_path / "fused.tif"),
                        "DATE_REPORT": str(nowhere / "dates.csv")}, "DATE_REPORT"
    if kind == "validate":
        return "validate", {"INPUT": region["map"], "STATIONS": region["stations"],
                            "VALUE_FIELD": "sm", "DATE_FIELD": "date",
                            "OUTPUT_STATIONS": str(tmp_path / "s.gpkg"),
                            "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg"),
                            "OUTPUT_REPORT": str(nowhere / "report.html")}, "OUTPUT_REPORT"
    base = {"COARSE_SM": region["coarse"], "PREDICTORS": list(region["predictors"].values()),
            "OUTPUT_MODEL": str(tmp_path / "m.smdm")}
    if kind == "train model":
        return "train", dict(base, OUTPUT_MODEL=str(nowhere / "m.smdm")), "OUTPUT_MODEL"
    return "train", dict(base, OUTPUT_REPORT=str(nowhere / "r.html")), "OUTPUT_REPORT"


@pytest.mark.parametrize("kind, label", [
    ("predict", "date report"), ("fuse", "date report"), ("validate", "validation report"),
    ("train model", "model file"), ("train report", "training report")])
def test_missing_folder_of_a_file_output_is_refused_with_one_wording(
        kind, label, validation_region, registry, tmp_path):
    alg_id, params, output = _missing_folder_params(kind, validation_region, tmp_path)
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(QgsProcessingException) as err:
        processing.run(f"smdownscale:{alg_id}", params)
    folder = str(tmp_path / "missing")
    assert f"The folder of the {label} does not exist. Create it or choose another place: " \
           f"{folder}" in str(err.value)
    assert sorted(os.listdir(tmp_path)) == before  # refused before anything was written
    description = registry.algorithmById(f"smdownscale:{alg_id}").parameterDefinition(output) \
        .description()
    assert description.lower() == label

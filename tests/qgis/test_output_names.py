"""Temporary outputs are named after what they hold, so models can chain algorithms."""
import os

import numpy as np
import processing
from qgis.core import QgsProcessingContext, QgsProcessingUtils

from smdownscale.engine.raster.dates import parse_iso
from smdownscale.engine.raster.timestack import write_stack

from .test_antecedent_alg import GRID


def _rain(tmp_path):
    dates = [parse_iso(f"2020-07-0{d}") for d in (1, 2, 3)]
    return str(write_stack(tmp_path / "rain_1km.tif", GRID,
                           np.ones((3, GRID.height, GRID.width), "float32"), dates))


def test_temporary_outputs_take_a_name(registry, tmp_path, feedback):
    rain = _rain(tmp_path)
    context = QgsProcessingContext()
    api = processing.run("smdownscale:antecedentprecip",
                         {"INPUT": rain, "OUTPUT": "TEMPORARY_OUTPUT"},
                         context=context, feedback=feedback)["OUTPUT"]
    assert os.path.basename(api) == "rain_1km_api.tif" and os.path.exists(api)
    assert api.startswith(QgsProcessingUtils.tempFolder())
    stack = processing.run("smdownscale:buildtimestack",
                           {"INPUT": [rain], "DATES": "2020-07-01", "NAME": "lst sensor",
                            "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)["OUTPUT"]
    assert os.path.basename(stack) == "lst_sensor.tif" and os.path.exists(stack)
    slope = processing.run("smdownscale:terrain", {"DEM": rain, "SLOPE": "TEMPORARY_OUTPUT",
                                                   "ASPECT": "TEMPORARY_OUTPUT"},
                           feedback=feedback)
    assert os.path.basename(slope["SLOPE"]) == "slope.tif"
    assert os.path.basename(slope["ASPECT"]) == "aspect.tif"


def test_chosen_file_keeps_its_name(registry, tmp_path, feedback):
    rain = _rain(tmp_path)
    out = str(tmp_path / "my_api.tif")
    result = processing.run("smdownscale:antecedentprecip", {"INPUT": rain, "OUTPUT": out},
                            feedback=feedback)
    assert result["OUTPUT"] == out and os.path.exists(out)


def test_layer_to_load_follows_the_new_name(registry, tmp_path, feedback):
    """As in the toolbox: a temporary output meant to be loaded into the project."""
    from qgis.core import QgsProcessingOutputLayerDefinition, QgsProject

    from smdownscale.algorithms.antecedent import AntecedentPrecipitation

    alg = AntecedentPrecipitation()
    alg.initAlgorithm()
    context = QgsProcessingContext()
    parameters = {"INPUT": _rain(tmp_path), "OUTPUT": QgsProcessingOutputLayerDefinition(
        "TEMPORARY_OUTPUT", QgsProject.instance())}
    renamed = alg.output_layer(parameters, "OUTPUT", context, "rain_api")
    assert os.path.basename(renamed) == "rain_api.tif"
    assert list(context.layersToLoadOnCompletion()) == [renamed]

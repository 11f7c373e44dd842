"""The three coarse importers (AMSR2, SMOS, ESA CCI) in one Modeler model, run once by
qgis_process: each step's stack has the value written at the known cell."""
import json

import pytest
from helpers import run_qgis_process as qgis_process

import amsr2_files
import cci_files
import smos_files
from smap_granules import value_at

pytestmark = pytest.mark.qgis_process
EXTENT = "110,120,38,45 [EPSG:4326]"
STEPS = {  # child id: (algorithm, model input of its files, output name)
    "amsr2": ("smdownscale:importamsr2", "amsr2_files", "amsr2_sm"),
    "smos": ("smdownscale:importsmos", "smos_files", "smos_sm"),
    "cci": ("smdownscale:importcci", "cci_files", "cci_sm"),
}


def build_model(path):
    """A model: three file inputs and an extent → the three importers → three stacks."""
    from qgis.core import (QgsProcessing, QgsProcessingModelAlgorithm,
                           QgsProcessingModelChildAlgorithm, QgsProcessingModelOutput,
                           QgsProcessingModelParameter, QgsProcessingParameterExtent,
                           QgsProcessingParameterMultipleLayers)
    from qgis.core import QgsProcessingModelChildParameterSource as Source

    model = QgsProcessingModelAlgorithm("coarseimports", "Workflows", "")
    definitions = [QgsProcessingParameterMultipleLayers(name, name, QgsProcessing.TypeFile)
                   for _, name, _ in STEPS.values()]
    definitions.append(QgsProcessingParameterExtent("extent", "extent"))
    for definition in definitions:
        model.addModelParameter(definition, QgsProcessingModelParameter(definition.name()))
    for child_id, (alg_id, files, output_name) in STEPS.items():
        child = QgsProcessingModelChildAlgorithm(alg_id)
        child.setChildId(child_id)
        child.addParameterSources("INPUT", [Source.fromModelParameter(files)])
        child.addParameterSources("EXTENT", [Source.fromModelParameter("extent")])
        output = QgsProcessingModelOutput(output_name, output_name)
        output.setChildId(child_id)
        output.setChildOutputName("OUTPUT")
        output.setMandatory(True)
        child.setModelOutputs({output_name: output})
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    assert model.toFile(str(path))
    return str(path)


def test_three_importers_in_one_model_run(profile_env, tmp_path):
    (lon_a, lat_a), cell_a = amsr2_files.CELL[25]
    amsr2 = amsr2_files.write_amsr2(tmp_path / amsr2_files.name(1, "D", 25), {cell_a: 234},
                                    km=25)
    smos = smos_files.write_smos(tmp_path / smos_files.catds_name(1, "A"),
                                 {(smos_files.ROW, smos_files.COL): 0.31})
    cci = cci_files.write_cci(tmp_path / cci_files.name(1),
                              {(cci_files.ROW, cci_files.COL): 0.27})
    model = build_model(tmp_path / "coarse.model3")
    outputs = {name: tmp_path / f"{name}.tif" for _, _, name in STEPS.values()}
    run = qgis_process(profile_env, "--json", "run", model, "--",
                       f"amsr2_files={amsr2}", f"smos_files={smos}", f"cci_files={cci}",
                       f"extent={EXTENT}",
                       *[f"{child}:{name}={outputs[name]}"
                         for child, (_, _, name) in STEPS.items()])
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["results"]
    assert value_at(outputs["amsr2_sm"], lon_a, lat_a) == (pytest.approx(0.234),
                                                             ("2019-06-01",))
    lon_s, lat_s = smos_files.centre_lonlat(smos_files.ROW, smos_files.COL)
    assert value_at(outputs["smos_sm"], lon_s, lat_s)[0] == pytest.approx(0.31)
    assert value_at(outputs["cci_sm"], cci_files.LON, cci_files.LAT)[0] == \
        pytest.approx(0.27)

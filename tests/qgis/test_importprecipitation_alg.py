"""smdownscale:importprecipitation through processing.run in a real QGIS, alone and in a model."""
import datetime as dt

import processing
import pytest
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingModelAlgorithm,
                       QgsProcessingModelChildParameterSource, QgsProcessingModelParameter,
                       QgsProcessingParameterMultipleLayers)

from smdownscale.algorithms import importprecipitation as alg
from smdownscale.engine.prepare.precipitation import importer
from smdownscale.engine.raster.timestack import read_stack

from precipitation_files import value_at, write_era5land, write_imerg_nc4

from .test_aligndates_alg import _child, _output

BOX = (110.0, 38.0, 120.0, 45.0)
IMERG = "3B-DAY.MS.MRG.3IMERG.2019060{}-S000000-E235959.V06.nc4"


def imerg_files(folder):
    return [write_imerg_nc4(folder / IMERG.format(d), {(116.05, 40.95): 4.0 * d}, box=BOX,
                            day=dt.date(2019, 6, d)) for d in (1, 2)]


def test_enums_match_the_engine():
    assert alg.PRODUCT_KEYS == list(importer.PRODUCTS)
    assert alg.IMERG_VARIABLE_KEYS == list(importer.IMERG_VARIABLES)


def test_import_cut_by_an_extent_in_another_crs(registry, tmp_path, feedback):
    out = str(tmp_path / "rain.tif")
    # 115.02–116.98° E, 40.02–41.98° N in Web Mercator metres → whole cells 115–117, 40–42
    result = processing.run("smdownscale:importprecipitation", {
        "INPUT": imerg_files(tmp_path), "PRODUCT": 1,
        "EXTENT": "12803967.83,13022154.03,4868849.05,5157984.01 [EPSG:3857]",
        "OUTPUT": out}, feedback=feedback)
    assert result["BAND_COUNT"] == 2 and result["PRODUCT_NAME"] == "IMERG"
    assert result["DATE_LIST"] == "2019-06-01,2019-06-02"
    assert value_at(out, 116.05, 40.95, 2) == (8.0, ("2019-06-01", "2019-06-02"))
    import rasterio

    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (20, 20) and ds.units == ("mm/day", "mm/day")
    assert any(m.startswith("Cells per rule: fill value") for m in feedback.infos)


def test_a_file_of_another_product_is_refused(registry, tmp_path, feedback):
    era5 = write_era5land(tmp_path / "era5land.nc", [(dt.datetime(2019, 6, 2), {})])
    with pytest.raises(QgsProcessingException,
                       match="'era5land.nc' holds ERA5-Land data, not CHIRPS"):
        processing.run("smdownscale:importprecipitation",
                       {"INPUT": [era5], "PRODUCT": 2, "OUTPUT": str(tmp_path / "o.tif")},
                       feedback=feedback)
    assert not (tmp_path / "o.tif").exists()


def test_an_undated_file_is_refused(registry, tmp_path, feedback):
    path = write_imerg_nc4(tmp_path / "imerg.nc4", {}, box=BOX, day=None)
    with pytest.raises(QgsProcessingException, match="No date was found in 'imerg.nc4'"):
        processing.run("smdownscale:importprecipitation",
                       {"INPUT": [path], "OUTPUT": str(tmp_path / "o.tif")}, feedback=feedback)
    assert not (tmp_path / "o.tif").exists()


def precipitation_model():
    """files → importprecipitation → antecedentprecip, as built in the Graphical Modeler."""
    model = QgsProcessingModelAlgorithm("Rain memory", "Tests")
    model.addModelParameter(QgsProcessingParameterMultipleLayers(
        "files", "files", QgsProcessing.TypeFile), QgsProcessingModelParameter("files"))
    source = QgsProcessingModelChildParameterSource
    rain = _child("rain", "smdownscale:importprecipitation",
                  {"INPUT": [source.fromModelParameter("files")]})
    api = _child("api", "smdownscale:antecedentprecip",
                 {"INPUT": [source.fromChildOutput("rain", "OUTPUT")],
                  "RETENTION": [source.fromStaticValue(0.5)]})
    _output(api, "api", "OUTPUT")
    for child in (rain, api):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    return model


def test_chains_into_the_antecedent_precipitation_index_in_a_model(registry, tmp_path,
                                                                   feedback):
    model = precipitation_model()
    for child_id in model.childAlgorithms():
        assert model.validateChildAlgorithm(child_id)[0], child_id
    result = processing.run(model, {"files": imerg_files(tmp_path),
                                    "api:api": str(tmp_path / "api.tif")}, feedback=feedback)
    api, grid, dates = read_stack(result["api:api"])
    assert [d.iso for d in dates] == ["2019-06-01", "2019-06-02"]
    col, row = (int(v) for v in ~grid.transform * (116.05, 40.95))
    # Equilibrium start 6 / 0.5 = 12 → 0.5 · 12 + 4 = 10; 0.5 · 10 + 8 = 13 (mm)
    assert api[:, row, col] == pytest.approx([10.0, 13.0])


def test_cluster_gives_the_same_stack(registry, tmp_path, feedback, dask_cluster):
    """CLUSTER = a running scheduler (2 workers): the same stack as in this process."""
    from helpers import assert_same_stack

    files, outputs = imerg_files(tmp_path), {}
    for label, cluster in (("here", ""), ("cluster", dask_cluster.address)):
        outputs[label] = str(tmp_path / f"{label}.tif")
        result = processing.run("smdownscale:importprecipitation", {
            "INPUT": files, "PRODUCT": 1, "CLUSTER": cluster, "OUTPUT": outputs[label]},
            feedback=feedback)
        assert result["DATE_LIST"] == "2019-06-01,2019-06-02"
    assert_same_stack(outputs["here"], outputs["cluster"])
    assert value_at(outputs["cluster"], 116.05, 40.95, 2)[0] == 8.0
    assert any(m.startswith("Running on the Dask scheduler at") for m in feedback.infos)

"""smdownscale:buildtimestack through processing.run in a real QGIS."""
import numpy as np
import processing
import pytest
import rasterio
from helpers import dated_rasters, write_raster
from qgis.core import (QgsProcessingContext, QgsProcessingException,
                       QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer)

NAMES = ["SMAP_L3_SM_P_20190403_R18290_001.tif", "MOD09GA.A2019091.tif", "sm_2019-04-02.tif"]


def test_three_dated_files_make_a_sorted_three_band_stack(registry, tmp_path, feedback):
    paths, arrays = dated_rasters(tmp_path, NAMES)
    out = str(tmp_path / "stack.tif")
    result = processing.run("smdownscale:buildtimestack", {"INPUT": paths, "OUTPUT": out},
                            feedback=feedback)
    assert result["OUTPUT"] == out
    assert result["BAND_COUNT"] == 3
    assert result["DATE_LIST"] == "2019-04-01,2019-04-02,2019-04-03"
    with rasterio.open(out) as ds:
        assert ds.descriptions == ("2019-04-01", "2019-04-02", "2019-04-03")
        np.testing.assert_array_equal(ds.read(1), arrays[1])
        np.testing.assert_array_equal(ds.read(3), arrays[0])
    assert any("Wrote 3 bands" in m for m in feedback.infos)
    layer = QgsRasterLayer(out, "stack")
    assert layer.isValid() and layer.bandCount() == 3
    assert "2019-04-01" in layer.bandName(1)


def test_layers_and_dates_parameter(registry, tmp_path):
    paths, arrays = dated_rasters(tmp_path, ["a.tif", "b.tif"])
    layers = [QgsRasterLayer(p, f"layer{i}") for i, p in enumerate(paths)]
    out = str(tmp_path / "stack.tif")
    processing.run("smdownscale:buildtimestack",
                   {"INPUT": layers, "DATES": "2019-07-02,2019-07-01", "OUTPUT": out})
    with rasterio.open(out) as ds:
        assert ds.descriptions == ("2019-07-01", "2019-07-02")
        np.testing.assert_array_equal(ds.read(1), arrays[1])


@pytest.mark.parametrize("names, dates, message", [
    (["sm_20190401.tif", "landcover.tif"], "", "No date found in the file name 'landcover.tif'"),
    (["a_20190401.tif", "b_20190401.tif"], "", "Date 2019-04-01 occurs twice"),
    (["a.tif"], "2019-13-01", "'2019-13-01' is not a date"),
])
def test_bad_input_raises_clear_exception_and_writes_nothing(registry, tmp_path, names, dates,
                                                             message, feedback):
    paths, _ = dated_rasters(tmp_path, names)
    out = tmp_path / "stack.tif"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("smdownscale:buildtimestack",
                       {"INPUT": paths, "DATES": dates, "OUTPUT": str(out)}, feedback=feedback)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_no_input_is_refused(registry, tmp_path):
    with pytest.raises(QgsProcessingException, match="No input rasters were given"):
        processing.run("smdownscale:buildtimestack",
                       {"INPUT": [], "OUTPUT": str(tmp_path / "x.tif")})
    assert not (tmp_path / "x.tif").exists()


def test_output_loads_styled_on_band_one(registry, tmp_path):
    paths, _ = dated_rasters(tmp_path, NAMES)
    out = str(tmp_path / "stack.tif")
    context = QgsProcessingContext()
    project = QgsProject()
    context.setProject(project)
    # As the toolbox dialog passes it when "Open output file" is ticked.
    destination = QgsProcessingOutputLayerDefinition(out, project)
    result = processing.run("smdownscale:buildtimestack",
                            {"INPUT": paths, "OUTPUT": destination}, context=context)
    assert context.willLoadLayerOnCompletion(result["OUTPUT"])
    details = context.layerToLoadOnCompletionDetails(result["OUTPUT"])
    assert details.name == "Time stack (3 dates)"
    layer = QgsRasterLayer(out, details.name)
    details.postProcessor().postProcessLayer(layer, context, None)
    assert layer.renderer().type() == "singlebandpseudocolor"
    assert layer.renderer().band() == 1


def test_integer_input_with_fill_value(registry, tmp_path):
    data = np.array([[100, -28672], [300, 400]], dtype="int16")
    p = write_raster(tmp_path / "MOD09GA.A2019091.tif", data, nodata=-28672, dtype="int16")
    out = str(tmp_path / "s.tif")
    processing.run("smdownscale:buildtimestack", {"INPUT": [p], "OUTPUT": out})
    with rasterio.open(out) as ds:
        assert ds.nodata == -28672 and ds.dtypes[0] == "float32"
        np.testing.assert_array_equal(ds.read(1), data.astype("float32"))

"""smdownscale:terrain through processing.run in a real QGIS."""
import math

import numpy as np
import processing
import pytest
import rasterio
from helpers import write_raster
from qgis.core import (QgsProcessingContext, QgsProcessingException,
                       QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer)
from rasterio.transform import from_origin


def east_facing_plane(folder, crs="EPSG:32650", cell=30.0, origin=(500000.0, 4650000.0)):
    """A 12×15 DEM falling 0.25 m per m eastward (slope 14.04°, aspect 90°) with one hole."""
    dem = 1000.0 - 0.25 * cell * np.arange(15)[None, :] * np.ones((12, 1))
    dem = dem.astype("float32")
    dem[5, 7] = -9999.0
    return write_raster(folder / "dem.tif", dem, crs=crs, origin=origin, cell=cell)


def test_slope_and_aspect_of_a_plane(registry, tmp_path, feedback):
    dem = east_facing_plane(tmp_path)
    out = {"SLOPE": str(tmp_path / "slope.tif"), "ASPECT": str(tmp_path / "aspect.tif")}
    result = processing.run("smdownscale:terrain", {"DEM": dem, **out}, feedback=feedback)
    assert result == out
    hole = np.zeros((12, 15), bool)
    hole[4:7, 6:9] = True
    for name, value in (("SLOPE", math.degrees(math.atan(0.25))), ("ASPECT", 90.0)):
        with rasterio.open(out[name]) as ds:
            data = ds.read(1)
            assert ds.nodata == -9999.0 and ds.dtypes[0] == "float32"
        np.testing.assert_array_equal(data == -9999.0, hole)
        np.testing.assert_allclose(data[~hole], value, atol=1e-4)
    assert any("cells of 30 × 30 m" in m for m in feedback.infos)
    assert not feedback.warnings


def test_geographic_dem_layer_and_slope_only(registry, tmp_path, feedback):
    """0.001° cells at 60° N: 55.8 m east–west, 111.4 m north–south."""
    lat = 60.0 + 0.001 * (np.arange(10)[::-1, None] + 0.5) * np.ones((1, 10))
    dem = 100.0 + 0.3 * 111412.0 * (lat - 60.0)  # rises 0.3 m per m northward
    path = write_raster(tmp_path / "srtm.tif", dem.astype("float32"), crs="EPSG:4326",
                        origin=(10.0, 60.01), cell=0.001)
    out = str(tmp_path / "slope.tif")
    result = processing.run("smdownscale:terrain",
                            {"DEM": QgsRasterLayer(path, "srtm"), "SLOPE": out},
                            feedback=feedback)
    assert result == {"SLOPE": out}
    with rasterio.open(out) as ds:
        np.testing.assert_allclose(ds.read(1), math.degrees(math.atan(0.3)), atol=0.01)
    assert any("per row on the WGS 84 ellipsoid" in m for m in feedback.infos)
    assert not any("aspect" in p.name for p in tmp_path.iterdir())


def test_help_is_plain_text_with_units_and_defaults(registry):
    alg = registry.algorithmById("smdownscale:terrain")
    text = alg.shortHelpString()
    for fragment in ("Horn", "WGS 84 ellipsoid", "Default 1", "1 (default) for metres",
                     "Flat cells (no gradient at all) get −1", "nodata −9999",
                     "gdaldem -compute_edges"):
        assert fragment in text
    assert "<" not in text
    assert [p.name() for p in alg.parameterDefinitions()] == [
        "DEM", "BAND", "Z_FACTOR", "CLUSTER", "SLOPE", "ASPECT"]


def test_no_output_requested_is_refused(registry, tmp_path):
    dem = east_facing_plane(tmp_path)
    with pytest.raises(QgsProcessingException, match="No output was requested"):
        processing.run("smdownscale:terrain", {"DEM": dem})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dem.tif"]


def test_dem_without_crs_is_refused_and_writes_nothing(registry, tmp_path):
    path = str(tmp_path / "nocrs.tif")
    with rasterio.open(path, "w", driver="GTiff", width=6, height=6, count=1, dtype="float32",
                       transform=from_origin(0, 6, 1, 1)) as ds:
        ds.write(np.ones((1, 6, 6), "float32"))
    out = tmp_path / "slope.tif"
    with pytest.raises(QgsProcessingException, match="The DEM has no coordinate reference"):
        processing.run("smdownscale:terrain", {"DEM": path, "SLOPE": str(out)})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nocrs.tif"]


def test_outputs_load_named_and_styled(registry, tmp_path):
    dem = east_facing_plane(tmp_path)
    context = QgsProcessingContext()
    project = QgsProject()
    context.setProject(project)
    params = {"DEM": dem}
    for name in ("SLOPE", "ASPECT"):
        params[name] = QgsProcessingOutputLayerDefinition(str(tmp_path / f"{name}.tif"),
                                                          project)
    result = processing.run("smdownscale:terrain", params, context=context)
    names = [context.layerToLoadOnCompletionDetails(result[n]).name for n in ("SLOPE", "ASPECT")]
    assert names == ["Slope (°)", "Aspect (°)"]

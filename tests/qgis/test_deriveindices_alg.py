"""smdownscale:deriveindices through processing.run in a real QGIS."""
import numpy as np
import processing
import pytest
import rasterio
from helpers import write_raster
from qgis.core import (QgsProcessingContext, QgsProcessingException,
                       QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer)

ND = -9999.0
FILL = -28672


def modis_file(path, nir=3000):
    """2×2 MOD09GA-like raster: (0,0) ρ red .05, NIR nir·1e-4, blue .03, green .07,
    SWIR1 .2, SWIR2 .1; (0,1) red is fill; the rest as (0,0)."""
    dn = np.zeros((7, 2, 2), "int16")
    dn[:] = np.array([500, nir, 300, 700, 2500, 2000, 1000], "int16")[:, None, None]
    dn[0, 0, 1] = FILL
    return write_raster(path, dn, nodata=FILL, dtype="int16")


def tifs(folder):
    """GeoTIFFs in ``folder`` (QGIS may add .aux.xml statistics beside inputs)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".aux.xml"))


def test_only_requested_index_is_written(registry, tmp_path, feedback):
    src = modis_file(tmp_path / "MOD09GA.A2019152.tif")
    out = str(tmp_path / "ndvi.tif")
    result = processing.run("smdownscale:deriveindices", {"INPUT": [src], "NDVI": out},
                            feedback=feedback)
    assert result["NDVI"] == out
    assert result["BAND_COUNT"] == 1 and result["DATE_LIST"] == "2019-06-01"
    assert tifs(tmp_path) == ["MOD09GA.A2019152.tif", "ndvi.tif"]
    for name in ("EVI", "NDWI", "LSWI", "NSDSI", "WETNESS"):
        assert not result.get(name)
    with rasterio.open(out) as ds:
        assert ds.count == 1 and ds.nodata == ND and ds.descriptions == ("2019-06-01",)
        np.testing.assert_allclose(ds.read(1), [[5 / 7, ND], [5 / 7, 5 / 7]], rtol=1e-6)
    assert any("Wrote NDVI" in m for m in feedback.infos)


def test_all_modis_indices_and_a_dated_stack(registry, tmp_path):
    names = ["MOD09GA.A2019153.tif", "MOD09GA.A2019152.tif"]
    paths = [modis_file(tmp_path / n, nir) for n, nir in zip(names, (4000, 3000))]
    params = {"INPUT": [QgsRasterLayer(p, f"l{i}") for i, p in enumerate(paths)], "SENSOR": 0}
    for name in ("NDVI", "EVI", "NDWI", "LSWI", "NSDSI"):
        params[name] = str(tmp_path / f"{name}.tif")
    result = processing.run("smdownscale:deriveindices", params)
    assert result["DATE_LIST"] == "2019-06-01,2019-06-02"
    expected = {"NDVI": (5 / 7, 7 / 9), "EVI": (5 / 11, 0.875 / 1.475),
                "NDWI": (-23 / 37, -33 / 47), "LSWI": (0.2, 2 / 6), "NSDSI": (0.5, 0.5)}
    for name, (day1, day2) in expected.items():
        with rasterio.open(result[name]) as ds:
            assert ds.descriptions == ("2019-06-01", "2019-06-02")
            np.testing.assert_allclose(ds.read(1)[1, 1], day1, rtol=1e-6, err_msg=name)
            np.testing.assert_allclose(ds.read(2)[1, 1], day2, rtol=1e-6, err_msg=name)


def test_custom_bands_with_scale_and_offset(registry, tmp_path):
    data = np.array([[[40.0]], [[10.0]]], "float32")  # band 1 NIR, band 2 red, in percent
    src = write_raster(tmp_path / "plot_2020-05-01.tif", data, nodata=None)
    out = str(tmp_path / "ndvi.tif")
    processing.run("smdownscale:deriveindices", {
        "INPUT": [src], "SENSOR": 3, "BAND_NIR": 1, "BAND_RED": 2, "SCALE": 0.01,
        "OFFSET": -0.05, "NDVI": out})
    with rasterio.open(out) as ds:  # (0.35 − 0.05)/(0.35 + 0.05)
        np.testing.assert_allclose(ds.read(1), [[0.75]], rtol=1e-6)


def test_landsat_wetness(registry, tmp_path):
    dn = np.array([8000, 10000, 12000, 20000, 16000, 14000], "uint16")[:, None, None]
    src = write_raster(tmp_path / "LC09_L2SP_123032_20230401_20230403_02_T1.tif", dn,
                       nodata=None, dtype="uint16")
    out = str(tmp_path / "wet.tif")
    processing.run("smdownscale:deriveindices", {"INPUT": [src], "SENSOR": 1, "WETNESS": out})
    with rasterio.open(out) as ds:
        np.testing.assert_allclose(ds.read(1), [[-0.075406]], rtol=1e-5)


@pytest.mark.parametrize("params, message", [
    ({"NDVI": "x"}, "has 1 band; deriveindices needs the sensor's reflectance bands"),
    ({}, "No index was requested"),
    ({"WETNESS": "x"}, "wetness is not available for MODIS"),
])
def test_bad_input_raises_clear_exception_and_writes_nothing(registry, tmp_path, params,
                                                             message):
    src = (write_raster(tmp_path / "ndvi_20190601.tif", np.zeros((2, 2), "float32"))
           if "NDVI" in params else modis_file(tmp_path / "MOD09GA.A2019152.tif"))
    before = tifs(tmp_path)
    params = {k: str(tmp_path / "out.tif") for k in params}
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("smdownscale:deriveindices", dict(params, INPUT=[src]))
    assert tifs(tmp_path) == before


def test_output_loads_styled_and_named(registry, tmp_path):
    src = modis_file(tmp_path / "MOD09GA.A2019152.tif")
    out = str(tmp_path / "lswi.tif")
    context = QgsProcessingContext()
    project = QgsProject()
    context.setProject(project)
    result = processing.run("smdownscale:deriveindices", {
        "INPUT": [src], "LSWI": QgsProcessingOutputLayerDefinition(out, project)},
        context=context)
    assert context.willLoadLayerOnCompletion(result["LSWI"])
    assert context.layerToLoadOnCompletionDetails(result["LSWI"]).name == "LSWI"


def test_help_cites_sources_and_lists_every_parameter(registry):
    alg = registry.algorithmById("smdownscale:deriveindices")
    text = alg.shortHelpString()
    for needle in ("Baig et al. 2014", "2150704X.2014.915434", "Nadeem et al. (2023",
                   "fill −28672", "scale 0.0000275, offset −0.2", "(DN − 1000)/10000",
                   "[-0.01, 1.6]", "Scale factor", "Fill value", "Dates"):
        assert needle in text, needle
    assert "<" not in text
    names = {p.name() for p in alg.parameterDefinitions()}
    assert {"INPUT", "SENSOR", "SCALE", "OFFSET", "FILL", "DATES", "BAND_BLUE", "BAND_GREEN",
            "BAND_RED", "BAND_NIR", "BAND_SWIR1", "BAND_SWIR2", "NDVI", "EVI", "NDWI", "LSWI",
            "NSDSI", "WETNESS"} <= names

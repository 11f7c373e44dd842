"""The QML styles in styles/: applied on load, built from the definitions, up to date."""
import os
import sys

import numpy as np
import pytest
from qgis.core import QgsProcessingContext, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtGui import QColor
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.algorithms import styling
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import write_stack

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def raster(tmp_path, bands=3):
    grid = Grid(CRS.from_epsg(6933), from_origin(0, 0, 1000, 1000), 4, 4)
    data = np.linspace(0, 0.5, bands * 16, dtype="float32").reshape(bands, 4, 4)
    layer = QgsRasterLayer(str(write_stack(tmp_path / "sm.tif", grid, data)), "sm")
    assert layer.isValid()
    return layer


def ramp(layer):
    shader = layer.renderer().shader().rasterShaderFunction()
    return [(round(i.value, 6), i.color.name(), i.label) for i in shader.colorRampItemList()]


def rules(layer):
    return [(r.filterExpression(), r.label(), r.symbol().color().name(QColor.HexArgb))
            for r in layer.renderer().rootRule().children()]


def stations():
    return QgsVectorLayer("Point?crs=EPSG:4326&field=ubrmse:double", "s", "memory")


def test_soil_moisture_qml_is_applied_with_the_fixed_ramp(tmp_path):
    layer = raster(tmp_path)
    styling.SoilMoisturePseudocolor().postProcessLayer(layer, QgsProcessingContext(), None)
    assert layer.renderer().type() == "singlebandpseudocolor" and layer.renderer().band() == 1
    assert ramp(layer) == [(v, c, f"{v:.1f} m³/m³") for v, c in styling.SOIL_MOISTURE_STOPS]


def test_station_qml_colours_by_ubrmse(tmp_path):
    layer = stations()
    styling.StationUbrmse().postProcessLayer(layer, QgsProcessingContext(), None)
    got = rules(layer)
    assert len(got) == len(styling.UBRMSE_CLASSES) + 1
    assert got[1][0] == '"ubrmse" >= 0.02 AND "ubrmse" < 0.04'
    assert got[-1][0] == '"ubrmse" IS NULL'


def test_shipped_styles_are_what_the_script_builds(tmp_path):
    sys.path.insert(0, os.path.join(REPO, "scripts"))
    from build_styles import build

    build(str(tmp_path / "fresh"))
    for name in ("soil_moisture.qml", "quality.qml"):
        a, b = raster(tmp_path), raster(tmp_path)
        assert a.loadNamedStyle(os.path.join(styling.STYLES_DIR, name))[1]
        assert b.loadNamedStyle(str(tmp_path / "fresh" / name))[1]
        if name == "soil_moisture.qml":
            assert ramp(a) == ramp(b), "run scripts/build_styles.py"
        else:
            assert [(c.value, c.color.name(), c.label) for c in a.renderer().classes()] == \
                [(c.value, c.color.name(), c.label) for c in b.renderer().classes()]
    a, b = stations(), stations()
    assert a.loadNamedStyle(os.path.join(styling.STYLES_DIR, "station_ubrmse.qml"))[1]
    assert b.loadNamedStyle(str(tmp_path / "fresh" / "station_ubrmse.qml"))[1]
    assert rules(a) == rules(b), "run scripts/build_styles.py"


def test_code_fallback_without_the_files(tmp_path, monkeypatch):
    monkeypatch.setattr(styling, "STYLES_DIR", str(tmp_path / "nowhere"))
    layer = raster(tmp_path)
    styling.SoilMoisturePseudocolor().postProcessLayer(layer, QgsProcessingContext(), None)
    assert ramp(layer)[0] == (0.0, "#8c510a", "0.0 m³/m³")


@pytest.mark.parametrize("name", ["soil_moisture.qml", "quality.qml", "station_ubrmse.qml"])
def test_style_files_exist(name):
    assert os.path.getsize(os.path.join(styling.STYLES_DIR, name)) > 1000

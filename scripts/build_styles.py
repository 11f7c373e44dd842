"""Write the QML styles in styles/ from the definitions in algorithms/styling.py.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/build_styles.py [OUT_DIR]

soil_moisture.qml (fixed 0–0.5 m³/m³ ramp with legend), quality.qml (predict's quality
classes) and station_ubrmse.qml (validate's station metrics by ubRMSE). Outputs load
with them, and users can load them onto their own layers. Rerun after changing a
definition and commit the files; a test fails while they disagree.
"""
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def build(out_dir):
    """Write the three QML files into ``out_dir``; return their paths."""
    import numpy as np
    from qgis.core import QgsMapLayer, QgsRasterLayer, QgsVectorLayer
    from rasterio.crs import CRS
    from rasterio.transform import from_origin

    from smdownscale.algorithms import styling
    from smdownscale.engine.raster.grids import Grid
    from smdownscale.engine.raster.timestack import write_stack

    categories = QgsMapLayer.Symbology | QgsMapLayer.Legend
    os.makedirs(out_dir, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        grid = Grid(CRS.from_epsg(6933), from_origin(0, 0, 1000, 1000), 2, 2)
        raster = QgsRasterLayer(str(write_stack(os.path.join(tmp, "r.tif"), grid,
                                                np.zeros((1, 2, 2), "float32"))), "r")
        for name, build_renderer in (
                ("soil_moisture.qml", styling.soil_moisture_renderer),
                ("quality.qml", styling.quality_renderer)):
            raster.setRenderer(build_renderer(raster.dataProvider()))
            written.append(_save(raster, os.path.join(out_dir, name), categories))
    points = QgsVectorLayer("Point?crs=EPSG:4326&field=ubrmse:double", "stations", "memory")
    points.setRenderer(styling.station_renderer())
    written.append(_save(points, os.path.join(out_dir, "station_ubrmse.qml"), categories))
    return written


def _save(layer, path, categories):
    message, ok = layer.saveNamedStyle(path, categories)
    if not ok:
        raise SystemExit(f"could not write {path}: {message}")
    print(f"wrote {path}")
    return path


def main(out_dir=os.path.join(REPO, "styles")):
    sys.path[:0] = [os.path.join(REPO, "tests", ".pkg"), "/usr/share/qgis/python"]
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    build(out_dir)
    app.exitQgis()


if __name__ == "__main__":
    main(*sys.argv[1:2])

"""Render the README's pictures headless from the current code.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/render_readme_pictures.py \
        DEMO_DIR [OUT_DIR]

DEMO_DIR is the output folder of ``bash scripts/demo.sh`` (its ``region/`` and
``sm_1km_downscaled.tif``); OUT_DIR defaults to docs/images. Writes:

- ``toolbox.png``: the provider's algorithms and model in the Processing Toolbox,
- ``modeler.png``: the shipped model open in the Graphical Modeler,
- ``coarse_vs_downscaled.png``: one date of the coarse product beside the downscaled
  1 km map, both with the plugin's fixed soil-moisture ramp and its legend.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MODEL = os.path.join(REPO, "models", "soil_moisture_downscaling.model3")
MAP_SIZE = 420  # pixels per map panel


def start():
    """A headless QGIS with GUI classes, Processing and this checkout's provider."""
    sys.path[:0] = [os.path.join(REPO, "tests", ".pkg"), "/usr/share/qgis/python/plugins",
                    "/usr/share/qgis/python"]
    from qgis.core import QgsApplication

    app = QgsApplication([], True)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from smdownscale import classFactory

    plugin = classFactory(None)
    plugin.initProcessing()
    return app, plugin


def toolbox(path):
    """The toolbox tree filtered to this provider, expanded."""
    from qgis.core import QgsApplication
    from qgis.gui import QgsProcessingToolboxTreeView
    from qgis.PyQt.QtCore import QSize

    view = QgsProcessingToolboxTreeView(None, QgsApplication.processingRegistry())
    view.resize(QSize(440, 420))
    view.setHeaderHidden(True)
    view.setFilterString("smdownscale")
    view.expandAll()
    view.setCurrentIndex(view.model().index(-1, -1))
    return _save(view.grab(), path)


def modeler(app, path):
    """The shipped model in the Graphical Modeler window."""
    from processing.modeler.ModelerDialog import ModelerDialog
    from qgis.core import QgsProcessingModelAlgorithm

    model = QgsProcessingModelAlgorithm()
    if not model.fromFile(MODEL):
        raise SystemExit(f"cannot read {MODEL}")
    dialog = ModelerDialog.create(model)
    dialog.resize(1500, 1000)
    dialog.show()
    app.processEvents()
    dialog.view().fitInView(dialog.view().scene().itemsBoundingRect(), 1)  # keep aspect
    app.processEvents()
    image = dialog.grab()
    dialog.close()
    return _save(image, path)


def maps(demo_dir, path, band=None):
    """Coarse product and downscaled map of one date, side by side, with a legend."""
    from qgis.core import QgsRasterLayer
    from qgis.PyQt.QtCore import QRectF, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    region = os.path.join(demo_dir, "region")
    with open(os.path.join(region, "region.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    coarse = QgsRasterLayer(os.path.join(region, manifest["files"]["coarse_stack"]), "coarse")
    fine = QgsRasterLayer(os.path.join(demo_dir, "sm_1km_downscaled.tif"), "downscaled")
    for layer in (coarse, fine):
        if not layer.isValid():
            raise SystemExit(f"cannot read {layer.source()}")
    band = band or _clearest_band(coarse)
    import rasterio

    with rasterio.open(fine.source()) as ds:
        date = ds.descriptions[band - 1] or f"band {band}"
    image = QImage(2 * MAP_SIZE + 60, MAP_SIZE + 130, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    font = QFont("DejaVu Sans", 11)
    painter.setFont(font)
    titles = (f"Coarse product, 36 km ({date})", f"Downscaled, 1 km ({date})")
    for i, (layer, title) in enumerate(zip((coarse, fine), titles)):
        x = 20 + i * (MAP_SIZE + 20)
        painter.drawText(QRectF(x, 8, MAP_SIZE, 24), Qt.AlignCenter, title)
        painter.drawImage(x, 36, _render(layer, band, fine.extent()))
    _legend(painter, 20, MAP_SIZE + 50, 2 * MAP_SIZE + 20)
    painter.end()
    return _save(image, path)


def _clearest_band(layer):
    """The band of the coarse stack with the most valid cells (a date with few gaps)."""
    from qgis.core import QgsRasterBandStats

    provider = layer.dataProvider()
    counts = [provider.bandStatistics(b, QgsRasterBandStats.Min).elementCount
              for b in range(1, layer.bandCount() + 1)]
    return counts.index(max(counts)) + 1


def _render(layer, band, extent):
    """``layer``'s ``band`` with the soil-moisture ramp, rendered over ``extent``."""
    from qgis.core import QgsMapRendererCustomPainterJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor, QImage, QPainter

    _style(layer, band)
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(MAP_SIZE, MAP_SIZE))
    settings.setBackgroundColor(QColor("#dddddd"))
    image = QImage(MAP_SIZE, MAP_SIZE, QImage.Format_ARGB32)
    image.fill(QColor("#dddddd"))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()
    painter.end()
    return image


def _style(layer, band):
    """The plugin's own soil-moisture renderer (the one outputs load with), on ``band``."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    from smdownscale.algorithms.styling import SoilMoisturePseudocolor

    SoilMoisturePseudocolor().postProcessLayer(layer, QgsProcessingContext(),
                                               QgsProcessingFeedback())
    layer.renderer().setBand(band)


def _legend(painter, x, y, width):
    """A horizontal colour bar of the fixed soil-moisture ramp with its labels."""
    from qgis.PyQt.QtCore import QPointF, QRectF, Qt
    from qgis.PyQt.QtGui import QColor, QLinearGradient

    from smdownscale.algorithms.styling import SOIL_MOISTURE_STOPS

    low, high = SOIL_MOISTURE_STOPS[0][0], SOIL_MOISTURE_STOPS[-1][0]
    gradient = QLinearGradient(QPointF(x, 0), QPointF(x + width, 0))
    for value, colour in SOIL_MOISTURE_STOPS:
        gradient.setColorAt((value - low) / (high - low), QColor(colour))
    painter.fillRect(QRectF(x, y, width, 18), gradient)
    for value, _ in SOIL_MOISTURE_STOPS:
        px = x + width * (value - low) / (high - low)
        painter.drawText(QRectF(px - 30, y + 20, 60, 20), Qt.AlignCenter, f"{value:.1f}")
    painter.drawText(QRectF(x, y + 42, width, 20), Qt.AlignCenter,
                     "soil moisture (m³/m³); grey: no data")


def _save(image, path):
    if not image.save(path):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path} ({image.width()}×{image.height()})")
    return path


def main(demo_dir, out_dir=os.path.join(REPO, "docs", "images")):
    app, plugin = start()
    os.makedirs(out_dir, exist_ok=True)
    toolbox(os.path.join(out_dir, "toolbox.png"))
    modeler(app, os.path.join(out_dir, "modeler.png"))
    maps(demo_dir, os.path.join(out_dir, "coarse_vs_downscaled.png"))
    plugin.unload()
    app.exitQgis()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(*sys.argv[1:3])

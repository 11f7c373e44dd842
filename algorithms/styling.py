"""Styles applied to output layers when Processing loads them into the project.

The fixed styles (soil moisture in m³/m³, quality classes, station ubRMSE) are QML
files in ``styles/`` — applied on load and usable on any layer (Layer Properties ▸
Style ▸ Load Style). They are written from the definitions here by
``scripts/build_styles.py``; without the files the same renderers are built in code.
"""
import os

from qgis.core import (QgsColorRampShader, QgsProcessingLayerPostProcessorInterface,
                       QgsRasterBandStats, QgsRasterLayer, QgsRasterShader,
                       QgsSingleBandPseudoColorRenderer, QgsStyle)

STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "styles")


class FirstBandPseudocolor(QgsProcessingLayerPostProcessorInterface):
    """Show band 1 of a stack with a Viridis ramp stretched to its min/max.

    A multi-band stack would otherwise open as an RGB composite of three dates.
    """

    _alive = []  # Processing keeps only a raw pointer: hold a Python reference

    @classmethod
    def create(cls):
        """Make a post-processor and keep it alive for the session."""
        styler = cls()
        cls._alive.append(styler)
        return styler

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if not isinstance(layer, QgsRasterLayer) or not layer.isValid():
            return
        provider = layer.dataProvider()
        stats = provider.bandStatistics(1, QgsRasterBandStats.Min | QgsRasterBandStats.Max)
        low, high = stats.minimumValue, stats.maximumValue
        if not high > low:
            return
        ramp = QgsStyle.defaultStyle().colorRamp("Viridis")
        shader_fn = QgsColorRampShader(low, high, ramp)
        shader_fn.classifyColorRamp(5, 1)
        shader = QgsRasterShader()
        shader.setRasterShaderFunction(shader_fn)
        renderer = QgsSingleBandPseudoColorRenderer(provider, 1, shader)
        renderer.setClassificationMin(low)
        renderer.setClassificationMax(high)
        layer.setRenderer(renderer)
        layer.triggerRepaint()


def style_on_load(context, output_path, name):
    """Name the output ``name`` and style it when Processing loads it."""
    _on_load(context, output_path, name, FirstBandPseudocolor)


# Fixed soil-moisture ramp (m³/m³): dry brown → yellow → green → wet blue, so maps of
# different dates and runs compare at a glance.
SOIL_MOISTURE_STOPS = ((0.0, "#8c510a"), (0.1, "#d8b365"), (0.2, "#f6e8c3"), (0.3, "#5ab4ac"),
                       (0.4, "#2c7fb8"), (0.5, "#253494"))
QUALITY_CLASSES = ((0, "#bdbdbd", "no prediction"), (1, "#1a9641", "corrected to the coarse "
                   "observation"), (2, "#fdae61", "gap-filled by the model"),
                   (3, "#d7191c", "gap left empty"), (4, "#2b83ba", "masked"))


class SoilMoisturePseudocolor(FirstBandPseudocolor):
    """Band 1 with the fixed soil-moisture ramp and a legend in m³/m³."""

    qml = "soil_moisture.qml"

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if isinstance(layer, QgsRasterLayer) and layer.isValid():
            _apply(layer, self.qml, lambda: soil_moisture_renderer(layer.dataProvider()))


class QualityPaletted(FirstBandPseudocolor):
    """Band 1 of a quality stack as named classes."""

    qml = "quality.qml"

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if isinstance(layer, QgsRasterLayer) and layer.isValid():
            _apply(layer, self.qml, lambda: quality_renderer(layer.dataProvider()))


def soil_moisture_renderer(provider, band=1):
    """Pseudocolour renderer of ``band`` with the fixed m³/m³ ramp (SOIL_MOISTURE_STOPS)."""
    from qgis.PyQt.QtGui import QColor

    items = [QgsColorRampShader.ColorRampItem(v, QColor(c), f"{v:.1f} m³/m³")
             for v, c in SOIL_MOISTURE_STOPS]
    shader_fn = QgsColorRampShader(SOIL_MOISTURE_STOPS[0][0], SOIL_MOISTURE_STOPS[-1][0])
    shader_fn.setColorRampType(QgsColorRampShader.Interpolated)
    shader_fn.setColorRampItemList(items)
    shader_fn.setClip(False)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(shader_fn)
    renderer = QgsSingleBandPseudoColorRenderer(provider, band, shader)
    renderer.setClassificationMin(SOIL_MOISTURE_STOPS[0][0])
    renderer.setClassificationMax(SOIL_MOISTURE_STOPS[-1][0])
    return renderer


def quality_renderer(provider):
    """Paletted renderer of the QUALITY_CLASSES."""
    from qgis.core import QgsPalettedRasterRenderer
    from qgis.PyQt.QtGui import QColor

    classes = [QgsPalettedRasterRenderer.Class(v, QColor(c), label)
               for v, c, label in QUALITY_CLASSES]
    return QgsPalettedRasterRenderer(provider, 1, classes)


def _apply(layer, qml, build):
    """Load ``styles/<qml>``; build the renderer in code when the file is missing or bad."""
    path = os.path.join(STYLES_DIR, qml)
    ok = False
    if os.path.exists(path):
        _, ok = layer.loadNamedStyle(path)
    if not ok:
        layer.setRenderer(build())
    layer.triggerRepaint()


def style_soil_moisture_on_load(context, output_path, name):
    """Name a soil-moisture output and give it the fixed m³/m³ ramp when loaded."""
    _on_load(context, output_path, name, SoilMoisturePseudocolor)


def style_quality_on_load(context, output_path, name):
    """Name a quality-flag output and show its classes when loaded."""
    _on_load(context, output_path, name, QualityPaletted)


def _on_load(context, output_path, name, styler):
    if context.willLoadLayerOnCompletion(output_path):
        details = context.layerToLoadOnCompletionDetails(output_path)
        details.name = name
        details.setPostProcessor(styler.create())


# Station ubRMSE classes (m³/m³): 0.04 is the SMAP mission's accuracy target.
UBRMSE_CLASSES = ((0.0, 0.02, "#1a9641", "< 0.02"), (0.02, 0.04, "#a6d96a", "0.02–0.04"),
                  (0.04, 0.06, "#fdae61", "0.04–0.06"), (0.06, 0.08, "#f46d43", "0.06–0.08"),
                  (0.08, None, "#d7191c", "≥ 0.08"))


class StationUbrmse(FirstBandPseudocolor):
    """Points coloured by a ubRMSE field in fixed classes; stations without one in grey."""

    qml = "station_ubrmse.qml"

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        from qgis.core import QgsVectorLayer

        if isinstance(layer, QgsVectorLayer) and layer.isValid():
            _apply(layer, self.qml, station_renderer)


def station_renderer(field="ubrmse"):
    """Rule-based renderer: UBRMSE_CLASSES of ``field``, and hollow grey where it is NULL."""
    from qgis.core import QgsMarkerSymbol, QgsRuleBasedRenderer

    root = QgsRuleBasedRenderer.Rule(None)
    for low, high, colour, label in UBRMSE_CLASSES:
        expression = f'"{field}" >= {low}'
        if high is not None:
            expression += f' AND "{field}" < {high}'
        symbol = QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": colour, "size": "3", "outline_color": "#333333"})
        root.appendChild(QgsRuleBasedRenderer.Rule(
            symbol, filterExp=expression, label=f"ubRMSE {label} m³/m³"))
    empty = QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": "255,255,255,0", "size": "3", "outline_color": "#888888"})
    root.appendChild(QgsRuleBasedRenderer.Rule(empty, filterExp=f'"{field}" IS NULL',
                                               label="too few pairs"))
    return QgsRuleBasedRenderer(root)


def style_stations_on_load(context, output_id, name):
    """Name a station-metrics layer and colour it by ubRMSE when loaded."""
    _on_load(context, output_id, name, StationUbrmse)


def name_on_load(context, output_id, name):
    """Only name an output layer when Processing loads it."""
    if context.willLoadLayerOnCompletion(output_id):
        context.layerToLoadOnCompletionDetails(output_id).name = name

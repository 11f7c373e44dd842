"""Styles applied to output layers when Processing loads them into the project."""
from qgis.core import (QgsColorRampShader, QgsProcessingLayerPostProcessorInterface,
                       QgsRasterBandStats, QgsRasterLayer, QgsRasterShader,
                       QgsSingleBandPseudoColorRenderer, QgsStyle)


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
    if context.willLoadLayerOnCompletion(output_path):
        details = context.layerToLoadOnCompletionDetails(output_path)
        details.name = name
        details.setPostProcessor(FirstBandPseudocolor.create())

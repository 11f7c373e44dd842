"""QGIS plugin entry point for smdownscale (soil moisture downscaling).

Nothing here imports qgis or a heavy library at module level, so the engine
(``smdownscale.engine``) can be imported without QGIS.
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Create the plugin object; called by QGIS when the plugin is loaded."""
    from .plugin import SmDownscalePlugin

    return SmDownscalePlugin(iface)

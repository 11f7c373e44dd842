"""What the importers (MODIS, Landsat, Sentinel-2) share at the QGIS side: the target grid
and the results (numbers for the Modeler, stacks loaded and styled on completion)."""
from qgis.core import QgsProcessingContext

from .base import raster_path
from .styling import style_on_load

QUALITY_KEYS = ["standard", "strict", "lenient", "none"]  # = each importer's qa.LEVELS


def target_grid(alg, parameters, context):
    """The Grid of the TARGET layer, or None when no target is given."""
    from ..engine.raster.grids import Grid

    target = alg.parameterAsRasterLayer(parameters, alg.TARGET, context)
    return Grid.from_path(raster_path(target)) if target is not None else None


def kept_percent(kept, removed):
    """% of the screened values kept (0 when there were none)."""
    return 100.0 * kept / (kept + removed) if kept + removed else 0.0


def importer_results(alg, summary, folder, context, prefix, stack_outputs, kept, removed):
    """The outputs dict; every stack of ``summary["outputs"]`` named in ``stack_outputs``
    (variable → output name) is returned, loaded as "<prefix> <variable>" and styled."""
    out = {alg.OUTPUT_FOLDER: folder, "BAND_COUNT": len(summary["dates"]),
           "KEPT_PERCENT": kept_percent(kept, removed),
           "DATE_LIST": ",".join(summary["dates"]),
           alg.REFLECTANCE: summary["outputs"].get("reflectance", [])}
    for key, path in summary["outputs"].items():
        if key in stack_outputs:
            out[stack_outputs[key]] = path
            name = f"{prefix} {key.replace('_', ' ')}"
            context.addLayerToLoadOnCompletion(path, QgsProcessingContext.LayerDetails(
                name, context.project(), stack_outputs[key]))
            style_on_load(context, path, name)
    return out

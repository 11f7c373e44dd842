"""Processing algorithms: thin adapters from QGIS parameters to engine calls."""
import importlib

# module name -> class name, in toolbox order
_ALGORITHMS = (
    ("importsmap", "ImportSmap"),
    ("importamsr2", "ImportAmsr2"),
    ("importsmos", "ImportSmos"),
    ("importcci", "ImportCci"),
    ("matchproducts", "MatchProducts"),
    ("importmodis", "ImportModis"),
    ("importlandsat", "ImportLandsat"),
    ("importsentinel2", "ImportSentinel2"),
    ("importismn", "ImportIsmn"),
    ("sentinel1composite", "Sentinel1Composite"),
    ("importprecipitation", "ImportPrecipitation"),
    ("buildtimestack", "BuildTimeStack"),
    ("deriveindices", "DeriveIndices"),
    ("terrain", "Terrain"),
    ("aggregate", "Aggregate"),
    ("resample", "Resample"),
    ("gapfill", "GapFill"),
    ("aligndates", "AlignDates"),
    ("antecedent", "AntecedentPrecipitation"),
    ("train", "Train"),
    ("predict", "Predict"),
    ("fuse", "Fuse"),
    ("validate", "Validate"),
)


def algorithm_classes():
    """The algorithm classes the provider offers, in toolbox order."""
    return [getattr(importlib.import_module(f".{module}", __name__), cls)
            for module, cls in _ALGORITHMS]

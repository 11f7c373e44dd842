"""Processing algorithms: thin adapters from QGIS parameters to engine calls."""


def algorithm_classes():
    """The algorithm classes the provider offers, in toolbox order."""
    from .buildtimestack import BuildTimeStack

    return [BuildTimeStack]

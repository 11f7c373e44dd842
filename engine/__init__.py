"""The science engine of smdownscale.

Plain numpy / rasterio / scikit-learn code with no ``qgis`` import anywhere, so it can
be used from a notebook or a script and tested without QGIS. The Processing
algorithms in ``algorithms/`` are thin adapters around it.
"""

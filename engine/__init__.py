"""The science engine of smdownscale.

Plain numpy / rasterio / scikit-learn code with no ``qgis`` import anywhere, so it can
be used from a notebook or a script and tested without QGIS. The Processing
algorithms in ``algorithms/`` are thin adapters around it.

Layout (a subpackage imports only from the ones above it and the shared modules):

- ``errors``, ``progress``, ``dependencies``, ``metrics`` — shared by all;
- ``raster`` — grids, time stacks, dates, windows and the block walker, resampling,
  point sampling;
- ``geostat`` — kriging and inverse-distance weighting;
- ``prepare`` — aggregation, indices, terrain, antecedent index, gap filling, building
  time stacks, product importers;
- ``learn`` — features, samples, learners, training, cross-validation, model file;
- ``predict`` — inference, prediction of a stack, residual correction;
- ``stations`` — observations, fusion, hold-out, station validation;
- ``report`` — HTML pages and reports;
- ``synthetic`` — the synthetic region with a known truth (demo and tests).
"""

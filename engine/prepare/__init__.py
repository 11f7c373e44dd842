"""Preparing predictors and products before learning.

Aggregation to the coarse grid, spectral indices, terrain, the antecedent
precipitation index, temporal gap filling, building time stacks from dated files,
and product importers (SMAP; AMSR2, SMOS and ESA CCI in coarse/).
"""

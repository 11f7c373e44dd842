"""Raster grids, time stacks, dates, windows, resampling and point sampling."""

"""MODIS land products as distributed (HDF4-EOS tiles, subsetting-service GeoTIFFs)."""

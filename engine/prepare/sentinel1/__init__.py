"""Sentinel-1 σ⁰ VV/VH GeoTIFFs (terrain-corrected, one file per acquisition) → daily
sliding-window composites (:mod:`.composite`); file names and tags read by :mod:`.names`,
orbit rules in :mod:`.orbits`, dB/linear power in :mod:`.scale`."""

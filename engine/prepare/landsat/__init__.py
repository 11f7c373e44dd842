"""Landsat Collection 2 Level-2 scenes as downloaded (folders or .tar bundles)."""

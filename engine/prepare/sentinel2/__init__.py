"""Sentinel-2 Level-2A products as downloaded (.SAFE folders or .zip)."""

"""Geostatistics: kriging and inverse-distance weighting."""

"""Precipitation products (GPM IMERG, CHIRPS, ERA5-Land) → a dated daily mm/day stack."""

"""Inverse-distance weighting (IDW) of point values onto many points.

z(x) = Σ wⱼ zⱼ / Σ wⱼ with wⱼ = dⱼ^−p over the ``neighbours`` nearest data points
within ``radius``; exact at a data point (d = 0); ``neutral`` where no data point
lies within the radius. Evaluated in chunks with a k-d tree, so memory is
O(chunk × neighbours), never points × data.
"""
import math

import numpy as np
from scipy.spatial import cKDTree

from ..errors import InputError

CHUNK_ROWS = 8192


class InverseDistance:
    """IDW interpolator; coordinates and ``radius`` in the same units (e.g. km)."""

    def __init__(self, xy, values, power=2.0, neighbours=12, radius=None, neutral=0.0):
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        values = np.asarray(values, dtype=float).ravel()
        keep = np.isfinite(values) & np.isfinite(xy).all(axis=1)
        if not keep.any():
            raise InputError("IDW needs at least one point with a finite value.")
        if not (math.isfinite(power) and power > 0):
            raise InputError(f"The IDW power must be a number > 0, not {power}.")
        if int(neighbours) < 1:
            raise InputError(f"IDW needs at least 1 neighbour, not {neighbours}.")
        if radius is not None and not radius > 0:
            raise InputError(f"The IDW search radius must be > 0 (or none), not {radius}.")
        self.xy, self.values = xy[keep], values[keep]
        self.power, self.neutral = float(power), float(neutral)
        self.neighbours = min(int(neighbours), len(self.values))
        self.radius = float(radius) if radius else math.inf
        self._tree = cKDTree(self.xy)

    def predict(self, points):
        """Interpolated values (m,) at ``points`` (m, 2)."""
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        out = np.empty(len(pts))
        for i in range(0, len(pts), CHUNK_ROWS):
            out[i:i + CHUNK_ROWS] = self._chunk(pts[i:i + CHUNK_ROWS])
        return out

    def _chunk(self, pts):
        d, idx = self._tree.query(pts, k=self.neighbours, distance_upper_bound=self.radius,
                                  workers=-1)
        d, idx = d.reshape(len(pts), -1), idx.reshape(len(pts), -1)
        found = np.isfinite(d)
        z = self.values[np.where(found, idx, 0)]
        exact = found & (d == 0)
        with np.errstate(divide="ignore"):
            w = np.where(found & ~exact, np.power(np.where(found, d, 1.0), -self.power), 0.0)
        total = w.sum(axis=1)
        out = np.where(total > 0, (w * z).sum(axis=1) / np.where(total > 0, total, 1.0),
                       self.neutral)
        hit = exact.any(axis=1)
        if hit.any():
            first = np.argmax(exact[hit], axis=1)
            out[hit] = z[hit, first]
        return out

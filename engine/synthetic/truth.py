"""The known 1 km truth: surface soil moisture (m³/m³) from an antecedent precipitation index."""
import numpy as np

from .landcover import WATER

SM_MIN, SM_MAX = 0.02, 0.55  # m³/m³, physical bounds of the truth
_NAN = np.nan
# Per land-cover code (index 0 = nodata, 1 cropland, 2 grassland, 3 forest, 4 urban, 5 water):
RETENTION = np.array([_NAN, 0.86, 0.85, 0.90, 0.75, _NAN])  # daily API retention k
THROUGHFALL = np.array([0.0, 0.95, 0.95, 0.80, 0.60, 0.0])  # rain share reaching the soil
COVER_WETNESS = np.array([_NAN, 1.10, 1.00, 1.05, 0.70, _NAN])  # irrigation, shade, sealing


def retention(landcover, field_capacity, doy):
    """Daily API retention k (0–1): by land cover, lower in mid-summer (more evaporation),
    higher on finer soils (field capacity in m³/m³)."""
    season = -0.04 * np.cos(2.0 * np.pi * (doy - 196.0) / 365.0)
    k = RETENTION[landcover] + season + 0.3 * (field_capacity - 0.25)
    return np.clip(k, 0.6, 0.97)


class MoistureModel:
    """API bucket per fine cell: API_t = k·API_{t−1} + throughfall·P_t (mm).

    SM = residual + (porosity − residual)·(1 − exp(−API/scale))·wetness·cover,
    plus a static small-scale heterogeneity, clipped to [0.02, 0.55]; NaN on water.
    """

    def __init__(self, landcover, soil, wetness, micro, api_scale=25.0, api_start=15.0):
        self.landcover = landcover
        self.land = (landcover != WATER) & (landcover != 0)
        self.soil = soil
        self.gain = wetness * COVER_WETNESS[landcover]
        self.micro = micro
        self.api_scale = api_scale
        self.api = np.where(self.land, api_start, np.nan)
        self.slow = None

    def step(self, rain, doy):
        """Advance one day with rain (mm); return soil moisture (m³/m³, NaN on water)."""
        k = retention(self.landcover, self.soil["field_capacity"], doy)
        self.api = k * self.api + THROUGHFALL[self.landcover] * rain
        wet = np.clip((1.0 - np.exp(-self.api / self.api_scale)) * self.gain, 0.0, 1.0)
        res, por = self.soil["residual"], self.soil["porosity"]
        theta = np.clip(res + (por - res) * wet + self.micro, SM_MIN, SM_MAX)
        theta = np.where(self.land, theta, np.nan)
        self._update_slow(self.saturation(theta))
        return theta.astype("float32")

    def saturation(self, theta):
        """Relative saturation (θ − residual)/(porosity − residual), 0–1; NaN on water."""
        res, por = self.soil["residual"], self.soil["porosity"]
        return np.clip((theta - res) / (por - res), 0.0, 1.0)

    def _update_slow(self, saturation, days=20.0):
        """20-day exponential mean of relative saturation, which vegetation follows."""
        if self.slow is None:
            self.slow = saturation
        else:
            self.slow = self.slow + (saturation - self.slow) / days

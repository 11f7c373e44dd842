"""Weather: wet/dry day sequence, moving storm cells, orographic rain, air temperature."""
import numpy as np

STORM_MARGIN_KM = 30.0  # storms may start this far outside the region


def wet_days(rng, n, p_wet=0.45, persistence=0.3):
    """Boolean wet-day sequence: a two-state Markov chain whose mean wet share is ``p_wet``."""
    p11 = p_wet + persistence * (1.0 - p_wet)
    p01 = p_wet * (1.0 - p11) / max(1.0 - p_wet, 1e-9)
    wet = np.zeros(n, dtype=bool)
    wet[0] = rng.random() < p_wet
    for i in range(1, n):
        wet[i] = rng.random() < (p11 if wet[i - 1] else p01)
    return wet


def storm_tracks(rng, wet, extent_km, mean_depth=25.0, density=0.7):
    """Storm parameters per day: arrays of rows (x0, y0, radius, depth, dx, dy) in km / mm.

    ``extent_km``: (xmin, xmax, ymin, ymax) of the region. A wet day has at least
    one storm and on average ``density`` per 10 000 km² of the region plus margin;
    storms travel mostly eastward (westerlies) 15–60 km during the day.
    """
    xmin, xmax, ymin, ymax = extent_km
    area = (xmax - xmin + 2 * STORM_MARGIN_KM) * (ymax - ymin + 2 * STORM_MARGIN_KM)
    days = []
    for is_wet in wet:
        n = max(1, rng.poisson(density * area / 1e4)) if is_wet else 0
        heading = np.radians(rng.normal(90.0, 40.0, n))
        speed = rng.uniform(15.0, 60.0, n)
        days.append(np.column_stack([
            rng.uniform(xmin - STORM_MARGIN_KM, xmax + STORM_MARGIN_KM, n),
            rng.uniform(ymin - STORM_MARGIN_KM, ymax + STORM_MARGIN_KM, n),
            rng.uniform(8.0, 30.0, n), rng.exponential(mean_depth, n),
            speed * np.sin(heading), speed * np.cos(heading)]))
    return days


def storm_rain(storms, x_km, y_km, substeps=6):
    """Daily precipitation (mm) from storm tracks; Gaussian cells swept along their path.

    ``x_km`` (columns, eastward) and ``y_km`` (rows, northward) are 1-D coordinates.
    """
    rain = np.zeros((y_km.size, x_km.size))
    for x0, y0, radius, depth, dx, dy in storms:
        for s in np.linspace(-0.5, 0.5, substeps):
            gx = np.exp(-0.5 * ((x_km - x0 - s * dx) / radius) ** 2)
            gy = np.exp(-0.5 * ((y_km - y0 - s * dy) / radius) ** 2)
            rain += (depth / substeps) * np.outer(gy, gx)
    return rain


def orographic_factor(dem, strength=0.8):
    """Rain multiplier rising with elevation: 1 ± strength/2 across the DEM's range."""
    span = max(float(dem.max() - dem.min()), 1.0)
    return np.clip(1.0 + strength * (dem - dem.mean()) / span, 0.3, 2.0)


def air_temperature(rng, doys, wet):
    """Daytime air temperature (K) at 1000 m: seasonal cycle, AR(1) weather, cooler when wet."""
    anomaly = np.zeros(len(doys))
    for i in range(1, len(doys)):
        anomaly[i] = 0.7 * anomaly[i - 1] + rng.normal(0.0, 1.5)
    season = 6.0 * np.cos(2.0 * np.pi * (np.asarray(doys) - 200.0) / 365.0)
    return 293.0 + season + anomaly - 2.5 * np.asarray(wet, dtype=float)



class Weather:
    """Daily rain (mm) and air temperature (K) for a run of days on one grid.

    Storm tracks are drawn up front, so any day's rain field can be computed on
    demand and the result does not depend on the order of the calls.
    """

    def __init__(self, rng, dem, cell_km, doys, p_wet=0.45, mean_depth=25.0):
        rows, cols = dem.shape
        self.x_km = (np.arange(cols) + 0.5) * cell_km
        self.y_km = -(np.arange(rows) + 0.5) * cell_km
        extent = (self.x_km[0], self.x_km[-1], self.y_km[-1], self.y_km[0])
        self.wet = wet_days(rng, len(doys), p_wet)
        self.tracks = storm_tracks(rng, self.wet, extent, mean_depth)
        self.t_air = air_temperature(rng, doys, self.wet)
        self.orography = orographic_factor(dem)

    def rain(self, day):
        """Precipitation (mm/day) of day index ``day``; drizzle below 0.1 mm set to 0."""
        rain = storm_rain(self.tracks[day], self.x_km, self.y_km) * self.orography
        return np.where(rain < 0.1, 0.0, rain).astype("float32")

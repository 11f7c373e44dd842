"""RegionSpec: what the synthetic-region generator makes (sizes, dates, error levels)."""
import datetime as _dt
from dataclasses import dataclass, replace

from ..errors import InputError
from ..raster.dates import BandDate, parse_iso


@dataclass(frozen=True)
class RegionSpec:
    """What to generate. Sizes in EASE-Grid 2.0 36 km cells; moisture in m³/m³.

    Frozen: change a copy with ``dataclasses.replace``.
    """

    seed: int = 42
    coarse_cols: int = 3
    coarse_rows: int = 3
    n_days: int = 24
    start: str = "2019-06-01"
    n_stations: int = 16
    centre_lon: float = 116.0  # degrees; ShanDian river basin (paper 000)
    centre_lat: float = 42.0
    coarse_bias: float = -0.03  # dry bias of the coarse product
    coarse_noise: float = 0.02  # sd of the coarse product's random error
    gap_fraction: float = 0.15  # share of coarse cell-dates missing
    cloud_fraction: float = 0.2  # mean share of fine cells under cloud per date
    elevation_min: float = 600.0  # m
    elevation_max: float = 1800.0  # m
    wet_day_probability: float = 0.45
    mean_storm_depth: float = 25.0  # mm, mean peak daily depth of a storm cell
    spinup_days: int = 30  # days simulated before ``start`` to settle the moisture
    api_scale: float = 25.0  # mm of antecedent rain that wets the soil to 63 %
    station_offset_sd: float = 0.02  # per-station representativeness offset
    station_noise_sd: float = 0.01  # point noise per observation
    station_missing_fraction: float = 0.05
    modis_tiles: bool = False  # also write MOD09GA/MOD11A1 HDF4-EOS tiles (needs pyhdf)
    hourly_stations: bool = False  # also write stations_hourly.gpkg (UTC times, as ISMN)

    def validated(self):
        """A checked copy; raises :class:`InputError` for sizes or fractions it cannot make."""
        for name in ("coarse_cols", "coarse_rows", "n_days", "n_stations"):
            if int(getattr(self, name)) < 1:
                raise InputError(f"RegionSpec.{name} must be at least 1.")
        for name in ("gap_fraction", "cloud_fraction", "station_missing_fraction"):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise InputError(f"RegionSpec.{name} must be in [0, 1).")
        if self.spinup_days < 0:
            raise InputError("RegionSpec.spinup_days cannot be negative.")
        if parse_iso(self.start) is None:
            raise InputError(f"RegionSpec.start {self.start!r} is not a date (YYYY-MM-DD).")
        return replace(self)

    def dates(self):
        """The BandDates of the generated days."""
        first = parse_iso(self.start).when
        return [BandDate(first + _dt.timedelta(days=i)) for i in range(self.n_days)]

    def doys(self):
        """Day of year of each simulated day, spin-up first."""
        first = parse_iso(self.start).when
        return [(first + _dt.timedelta(days=i)).timetuple().tm_yday
                for i in range(-self.spinup_days, self.n_days)]

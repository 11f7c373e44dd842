"""The daily run: rain → truth → MODIS-like and SMAP-like observations, date by date."""
import contextlib
import os

import numpy as np

from ..raster.timestack import DEFAULT_NODATA, StackWriter, write_stack
from . import coarse as coarse_mod
from . import modis_tiles, sensors
from .fields import child_rng
from .geometry import regrid_average
from .static import crop
from .truth import MoistureModel
from .weather import Weather

SM_UNITS, RAIN_UNITS = "m³/m³", "mm/day"
STACKS = {"truth": "truth_sm_1km.tif", "precipitation": "precip_imerg_0p1deg.tif",
          "precipitation_fine": "precip_1km.tif", "coarse_stack": "smap_36km_stack.tif"}


def modis_names(date):
    """Relative paths of the MOD09GA-like reflectance and MOD11A1-like LST of a date."""
    tag = f"A{date.when.year}{date.day_of_year:03d}"
    return f"modis/MOD09GA.{tag}.refl.tif", f"modis/MOD11A1.{tag}.LST_Day_1km.tif"


def smap_name(date):
    """Relative path of a SMAP-L3-like granule (GeoTIFF) of a date."""
    return f"smap/SMAP_L3_SM_P_{date.when:%Y%m%d}_R18290_001.tif"


class DailyRun:
    """State of one simulation: weather, moisture model, cloud and gap plans, streams."""

    def __init__(self, spec, grids, static, out):
        self.spec, self.grids, self.static, self.out = spec, grids, static, out
        seed = spec.seed
        self.weather = Weather(child_rng(seed, "weather"), static["dem_padded"],
                               grids["padded"].res[0] / 1000.0, spec.doys(),
                               spec.wet_day_probability, spec.mean_storm_depth)
        self.model = MoistureModel(static["landcover"], static["soil"], static["wetness"],
                                   static["micro"], spec.api_scale)
        self.clouds = sensors.cloud_fractions(child_rng(seed, "clouds"), self.wet_days(),
                                              spec.cloud_fraction)
        self.gaps = coarse_mod.gap_masks(child_rng(seed, "gaps"), spec.n_days,
                                         grids["coarse"].shape, spec.gap_fraction)
        self.rng = {name: child_rng(seed, name) for name in ("sensors", "coarse", "cloud_mask")}
        self.tiles = modis_tiles.tile_windows(grids["fine"]) if spec.modis_tiles else None
        self.tile_files = {"modis_reflectance_tiles": [], "modis_lst_tiles": []}

    def wet_days(self):
        """Wet-day flags of the generated dates (spin-up excluded)."""
        return self.weather.wet[self.spec.spinup_days:]

    def spin_up(self):
        """Run the moisture model over the spin-up days (no output)."""
        doys = self.spec.doys()
        for i in range(self.spec.spinup_days):
            self.model.step(crop(self.weather.rain(i)), doys[i])

    def step(self, i, date):
        """Simulate date ``i``; write its MODIS and SMAP files; return its fields."""
        day = self.spec.spinup_days + i
        rain_padded = self.weather.rain(day)
        rain = crop(rain_padded)
        truth = self.model.step(rain, date.day_of_year)
        cloud = sensors.cloud_mask(self.rng["cloud_mask"], rain.shape, self.clouds[i], rain)
        self._write_modis(date, truth, cloud, self.weather.t_air[day])
        obs = coarse_mod.coarse_observation(self.rng["coarse"], truth, self.gaps[i],
                                            self.spec.coarse_bias, self.spec.coarse_noise)
        write_stack(self.out / smap_name(date), self.grids["coarse"], obs, dates=[date],
                    units=SM_UNITS)
        return {"rain_padded": rain_padded, "rain": rain, "truth": truth, "coarse": obs,
                "cloud": cloud}

    def _write_modis(self, date, truth, cloud, t_air):
        """Write the date's MOD09GA-like reflectance and MOD11A1-like LST files."""
        s, rng, model = self.static, self.rng["sensors"], self.model
        green = sensors.green_cover(s["landcover"], model.slow, date.day_of_year,
                                    s["patchiness"])
        refl = sensors.reflectance(rng, s["landcover"], green, truth, model.slow,
                                   s["brightness"])
        lst = sensors.land_surface_temperature(rng, t_air, s["dem"], s["landcover"], green,
                                               model.saturation(truth), s["solar"])
        refl_name, lst_name = modis_names(date)
        write_stack(self.out / refl_name, self.grids["fine"],
                    sensors.encode_reflectance(refl, cloud), nodata=sensors.REFL_FILL,
                    dtype="int16", descriptions=list(sensors.REFL_BANDS),
                    units=sensors.REFL_UNITS)
        write_stack(self.out / lst_name, self.grids["fine"], sensors.encode_lst(lst, cloud),
                    nodata=sensors.LST_FILL, dtype="uint16", dates=[date],
                    units=sensors.LST_UNITS)
        if self.tiles:
            refl_tiles, lst_tiles = modis_tiles.write_tiles(self.out / "modis", self.tiles,
                                                            date.day, refl, lst, cloud)
            for role, paths in (("modis_reflectance_tiles", refl_tiles),
                                ("modis_lst_tiles", lst_tiles)):
                self.tile_files[role] += [f"modis/{os.path.basename(p)}" for p in paths]


class _Record:
    """What the run keeps in memory: coarse stack, truth at stations, daily statistics."""

    def __init__(self, n_days, coarse_shape, network):
        self.coarse = np.full((n_days,) + tuple(coarse_shape), np.nan, dtype="float32")
        self.at_stations = np.zeros((n_days, len(network)))
        self.cells = ([s.row for s in network], [s.col for s in network])
        self.rain, self.cloud, self.truth = [], [], []

    def add(self, i, day):
        """Keep what is needed of date ``i``."""
        self.coarse[i] = day["coarse"]
        self.at_stations[i] = day["truth"][self.cells]
        self.rain.append(float(day["rain"].mean()))
        self.cloud.append(float(day["cloud"].mean()))
        self.truth.append(float(np.nanmean(day["truth"])))

    def summary(self, wet):
        """Region-wide means for the manifest (m³/m³, mm/day, fractions)."""
        return {"mean_truth": float(np.mean(self.truth)),
                "mean_precipitation_mm_per_day": float(np.mean(self.rain)),
                "wet_days": int(np.sum(wet)), "cloud_fraction": float(np.mean(self.cloud)),
                "gap_fraction": float(np.isnan(self.coarse).mean())}


@contextlib.contextmanager
def _stack_writers(out, grids, dates):
    """Open the daily stacks (truth, 1 km rain, IMERG-like rain) for band-by-band writing."""
    with contextlib.ExitStack() as stack:
        yield {role: stack.enter_context(StackWriter(out / STACKS[role], grids[grid], dates,
                                                     units=units))
               for role, grid, units in (("truth", "fine", SM_UNITS),
                                         ("precipitation_fine", "fine", RAIN_UNITS),
                                         ("precipitation", "imerg", RAIN_UNITS))}


def _nodata(array):
    """NaN → the float nodata value, for band-by-band writing."""
    return np.where(np.isnan(array), DEFAULT_NODATA, array)


def simulate(spec, grids, static, out, network, progress):
    """Run all dates; write daily files and stacks; return (files, summary, station truth)."""
    dates = spec.dates()
    run = DailyRun(spec, grids, static, out)
    run.spin_up()
    record = _Record(len(dates), grids["coarse"].shape, network)
    with _stack_writers(out, grids, dates) as stacks:
        for i, date in enumerate(dates):
            progress.check_cancelled()
            day = run.step(i, date)
            stacks["truth"].write(i + 1, _nodata(day["truth"]))
            stacks["precipitation_fine"].write(i + 1, day["rain"])
            stacks["precipitation"].write(i + 1, _nodata(regrid_average(
                day["rain_padded"], grids["padded"], grids["imerg"])))
            record.add(i, day)
            progress.set_progress(10.0 + 80.0 * (i + 1) / len(dates))
    write_stack(out / STACKS["coarse_stack"], grids["coarse"], record.coarse, dates=dates,
                units=SM_UNITS)
    files = dict(STACKS, coarse_files=[smap_name(d) for d in dates],
                 reflectance_files=[modis_names(d)[0] for d in dates],
                 lst_files=[modis_names(d)[1] for d in dates])
    if run.tiles:
        files.update(run.tile_files)
    return files, record.summary(run.wet_days()), record.at_stations

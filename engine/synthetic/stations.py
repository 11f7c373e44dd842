"""In-situ network: station placement by scale class, observations, GeoPackage and CSV."""
import csv
import os
from dataclasses import dataclass

import numpy as np
from rasterio.crs import CRS
from rasterio.warp import transform as warp_transform

from ..errors import InputError
from .landcover import CLASS_NAMES, CROPLAND, FOREST, GRASSLAND, URBAN

# Network scale classes of the SMN-SDR network (paper 000): share of stations, box size (km).
SCALES = (("S", 8 / 34, 10.0), ("M", 12 / 34, 50.0), ("L", 14 / 34, None))
SITE_WEIGHT = {CROPLAND: 0.8, GRASSLAND: 1.0, FOREST: 0.5, URBAN: 0.1}  # where networks build
OBS_MIN, OBS_MAX = 0.01, 0.6  # m³/m³, sensor range


@dataclass
class Station:
    """One station: id, fine-grid cell, scale class, land cover name, position (degrees)."""

    station_id: str
    row: int
    col: int
    scale: str
    landcover: str
    lon: float = 0.0
    lat: float = 0.0


def scale_counts(n):
    """Stations per scale class (S, M, L) for a network of ``n``."""
    s = int(round(n * SCALES[0][1]))
    m = int(round(n * SCALES[1][1]))
    return [s, m, max(0, n - s - m)]


def place_stations(rng, landcover, n, cell_km):
    """Stations on distinct land cells: S clustered in 10 km, M in 50 km, L anywhere."""
    weight = np.zeros(landcover.shape)
    for code, w in SITE_WEIGHT.items():
        weight[landcover == code] = w
    stations = []
    width = max(2, len(str(n)))
    for (scale, _, box_km), count in zip(SCALES, scale_counts(n)):
        area = _box(rng, weight > 0, box_km, cell_km)
        for row, col in _pick(rng, weight * area, weight, count):
            weight[row, col] = 0.0
            sid = f"S{len(stations) + 1:0{width}d}"
            stations.append(Station(sid, int(row), int(col), scale,
                                    CLASS_NAMES[int(landcover[row, col])]))
    return stations


def _box(rng, land, box_km, cell_km):
    """1/0 mask of a square of ``box_km`` around a random land cell (all when None)."""
    if box_km is None or not land.any():
        return np.ones(land.shape)
    rows, cols = np.nonzero(land)
    i = rng.integers(rows.size)
    half = int(round(box_km / cell_km / 2.0))
    area = np.zeros(land.shape)
    area[max(0, rows[i] - half):rows[i] + half, max(0, cols[i] - half):cols[i] + half] = 1.0
    return area


def _pick(rng, preferred, fallback, count):
    """``count`` distinct (row, col) drawn with weights; fall back when too few cells."""
    weights = preferred if np.count_nonzero(preferred) >= count else fallback
    flat = weights.ravel()
    if np.count_nonzero(flat) < count:
        raise InputError(f"The region has too few land cells for {count} more stations; "
                         "ask for fewer stations or a larger region.")
    idx = rng.choice(flat.size, size=count, replace=False, p=flat / flat.sum())
    return [divmod(int(i), weights.shape[1]) for i in idx]


def locate(rng, stations, grid):
    """Set each station's lon/lat (degrees) to a random point inside its cell."""
    t = grid.transform
    cols = np.array([s.col for s in stations]) + rng.uniform(0.1, 0.9, len(stations))
    rows = np.array([s.row for s in stations]) + rng.uniform(0.1, 0.9, len(stations))
    xs, ys = t.c + cols * t.a, t.f + rows * t.e
    lons, lats = warp_transform(grid.crs, CRS.from_epsg(4326), list(xs), list(ys))
    for s, lon, lat in zip(stations, lons, lats):
        s.lon, s.lat = round(float(lon), 6), round(float(lat), 6)


def observe(rng, truth, offset_sd=0.02, noise_sd=0.01, missing=0.05):
    """Station values (days, stations), m³/m³, NaN where missing.

    Truth at the cell + per-station offset N(0, offset_sd) + point noise
    N(0, noise_sd), clipped to the sensor range; a random ``missing`` share
    lost, plus one outage of 2–5 days at about a third of the stations.
    """
    days, n = truth.shape
    values = truth + rng.normal(0.0, offset_sd, n) + rng.normal(0.0, noise_sd, truth.shape)
    values = np.clip(values, OBS_MIN, OBS_MAX)
    lost = rng.random(truth.shape) < missing
    for j in np.flatnonzero(rng.random(n) < 1.0 / 3.0):
        length = int(rng.integers(2, 6))
        start = int(rng.integers(0, max(1, days - length)))
        lost[start:start + length, j] = True
    return np.where(lost, np.nan, values)


def observation_rows(stations, dates, values):
    """One dict per non-missing observation, ordered by station then date."""
    rows = []
    for j, s in enumerate(stations):
        for i, date in enumerate(dates):
            if np.isfinite(values[i, j]):
                rows.append({"station_id": s.station_id, "date": date.iso,
                             "sm": round(float(values[i, j]), 4), "scale": s.scale,
                             "landcover": s.landcover, "lon": s.lon, "lat": s.lat})
    return rows


def hourly_rows(rng, rows, diurnal_sd=0.003):
    """Each daily observation as 24 hourly readings, as an ISMN station records them.

    The day of a row is a local solar day: reading h (0–23) is taken at local solar time
    h:00, written as its UTC time (local solar − longitude / 15 h; ISMN times are UTC),
    with the day's value + N(0, ``diurnal_sd``) m³/m³ (clipped to the sensor range).
    """
    import datetime as dt

    out = []
    for row in rows:
        day = dt.datetime.fromisoformat(row["date"])
        shift = dt.timedelta(hours=row["lon"] / 15.0)
        noise = rng.normal(0.0, diurnal_sd, 24)
        for hour in range(24):
            utc = day + dt.timedelta(hours=hour) - shift
            value = float(np.clip(row["sm"] + noise[hour], OBS_MIN, OBS_MAX))
            out.append(dict(row, time=utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
                            sm=round(value, 4)))
    return out


DAILY_FIELDS = ("station_id", "date", "sm", "scale", "landcover")
HOURLY_FIELDS = ("station_id", "time", "sm", "scale", "landcover")


def write_geopackage(path, rows, layer_name="observations", fields=DAILY_FIELDS):
    """Write observations as EPSG:4326 points, one feature per observation (osgeo.ogr);
    ``date`` is a date field, ``time`` a UTC date-time field."""
    from osgeo import ogr, osr

    previous = ogr.GetUseExceptions()
    ogr.UseExceptions()
    try:
        if os.path.exists(path):
            ogr.GetDriverByName("GPKG").DeleteDataSource(str(path))
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        layer = ds.CreateLayer(layer_name, srs, ogr.wkbPoint)
        kinds = {"date": ogr.OFTDate, "time": ogr.OFTDateTime, "sm": ogr.OFTReal}
        for name in fields:
            layer.CreateField(ogr.FieldDefn(name, kinds.get(name, ogr.OFTString)))
        _add_features(layer, rows, fields)
        ds = None
    finally:
        if not previous:
            ogr.DontUseExceptions()
    return path


def _add_features(layer, rows, fields):
    from osgeo import ogr

    layer.StartTransaction()
    for row in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for name in fields:
            feature.SetField(name, row[name])
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(row["lon"], row["lat"])
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    layer.CommitTransaction()


def write_csv(path, rows):
    """Write observations as CSV: station_id, date, sm, scale, landcover, lon, lat."""
    fields = ["station_id", "date", "sm", "scale", "landcover", "lon", "lat"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path

"""Sentinel-1 composites and an IMERG precipitation stack as predictors of train and predict.

The chain a user of paper 004 (VV, VH) and paper 002 (precipitation) builds in the
Modeler, through processing.run: HyP3 RTC σ⁰ files (linear power, 0.0125° cells) →
sentinel1composite on the coarse product's dates onto the 0.025° study grid; GES DISC
IMERG daily NetCDF4 files → importprecipitation (cut to the area) → resample onto the
study grid; both, with NDVI, → train → predict. The test checks the hand-over (dates,
grids, the composite's value from its definition, the predictors in the model).
"""
import datetime as dt

import numpy as np
import processing
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin

from precipitation_files import write_imerg_nc4
from sentinel1_files import at, hyp3_name, write_sigma0
from smdownscale.engine.learn.modelfile import load_model
from smdownscale.engine.raster.dates import parse_iso
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import write_stack

WEST, NORTH, FINE, N_FINE = 116.0, 42.0, 0.025, 40   # 1° × 1°, 4 × 4 cells of 0.25°
DAYS = (1, 2, 3, 4)                                    # June 2019
PASSES = (1, 5, 9)                                     # ascending S1A passes, June 2019
RADAR_CELL, N_RADAR = 0.0125, 80


def radar_linear(k):
    """VV linear power of pass k: 0.02–0.07 from west to east, rising by 10 % a pass."""
    cols = np.arange(N_RADAR) / N_RADAR
    return np.tile((0.02 + 0.05 * cols) * (1 + 0.1 * k), (N_RADAR, 1)).astype("float32")


def write_radar(folder):
    files = []
    for k, day in enumerate(PASSES):
        start = at(dt.date(2019, 6, day))
        for pol, factor in (("VV", 1.0), ("VH", 0.2)):
            files.append(write_sigma0(folder / hyp3_name(start, pol), radar_linear(k) * factor,
                                      origin=(WEST, NORTH), cell=RADAR_CELL, epsg=4326))
    return files


def write_rain(folder):
    """One IMERG file a day over the area: 2 + column + day mm in each 0.1° cell."""
    files = []
    for day in DAYS:
        values = {(WEST + 0.05 + 0.1 * i, NORTH - 0.95 + 0.1 * j): 2.0 + i + day
                  for i in range(10) for j in range(10)}
        name = f"3B-DAY.MS.MRG.3IMERG.2019060{day}-S000000-E235959.V06.nc4"
        files.append(write_imerg_nc4(folder / name, values, box=(WEST, NORTH - 1, WEST + 1,
                                                                 NORTH), day=dt.date(2019, 6, day)))
    return files


def write_fine_and_coarse(folder):
    grid = Grid(CRS.from_epsg(4326), from_origin(WEST, NORTH, FINE, FINE), N_FINE, N_FINE)
    rows, cols = np.mgrid[0:N_FINE, 0:N_FINE]
    ndvi = (0.2 + 0.6 * rows / N_FINE + 0.05 * np.sin(cols / 3.0)).astype("float32")
    ndvi_path = str(write_stack(folder / "ndvi.tif", grid, ndvi))
    coarse_grid = Grid(CRS.from_epsg(4326), from_origin(WEST, NORTH, 0.25, 0.25), 4, 4)
    block = ndvi.reshape(4, 10, 4, 10).mean(axis=(1, 3))
    east = np.arange(4)[np.newaxis, :] / 4.0
    sm = np.stack([0.1 + 0.3 * block + 0.05 * east + 0.01 * d for d in DAYS]).astype("float32")
    dates = [parse_iso(f"2019-06-0{d}") for d in DAYS]
    return ndvi_path, str(write_stack(folder / "coarse.tif", coarse_grid, sm, dates))


def test_sentinel1_and_imerg_feed_train_and_predict(registry, tmp_path, feedback):
    ndvi, coarse = write_fine_and_coarse(tmp_path)
    radar = processing.run("smdownscale:sentinel1composite", {
        "INPUT": write_radar(tmp_path), "DATES_FROM": coarse, "TARGET": ndvi,
        "VV": str(tmp_path / "vv.tif"), "VH": str(tmp_path / "vh.tif")}, feedback=feedback)
    with rasterio.open(radar["VV"]) as ds:
        assert ds.descriptions == ("2019-06-01", "2019-06-02", "2019-06-03", "2019-06-04")
        vv = ds.read(1)
    # 1 June (±6 days): the passes of 1 and 5 June; fine column 0 = radar columns 0 and 1
    expected = 10 * np.log10(np.mean([radar_linear(k)[0, :2].mean() for k in (0, 1)]))
    assert vv[0, 0] == pytest.approx(expected, abs=1e-4)
    rain = processing.run("smdownscale:importprecipitation", {
        "INPUT": write_rain(tmp_path), "EXTENT": f"{WEST},{WEST + 1},{NORTH - 1},{NORTH} "
        "[EPSG:4326]", "OUTPUT": str(tmp_path / "imerg.tif")}, feedback=feedback)["OUTPUT"]
    with rasterio.open(rain) as ds:
        assert (ds.width, ds.height, ds.count) == (10, 10, 4)
        assert ds.read(2)[0, 3] == pytest.approx(2.0 + 3 + 2)   # column 3 on 2 June, mm/day
    rain_fine = processing.run("smdownscale:resample", {
        "INPUT": rain, "REFERENCE": ndvi, "OUTPUT": str(tmp_path / "rain_fine.tif")},
        feedback=feedback)["OUTPUT"]
    predictors = [ndvi, radar["VV"], radar["VH"], rain_fine]
    model = processing.run("smdownscale:train", {
        "COARSE_SM": coarse, "PREDICTORS": predictors, "MODEL": 0, "MIN_COVERAGE": 0.5,
        "THREADS": 1, "IMPORTANCE_REPEATS": 1, "OUTPUT_MODEL": str(tmp_path / "m.smdm"),
        "OUTPUT_REPORT": str(tmp_path / "train.html")}, feedback=feedback)["OUTPUT_MODEL"]
    sources = {f.get("source") for f in load_model(model).features}
    assert {"ndvi", "vv", "vh", "rain_fine"} <= sources, sources
    out = processing.run("smdownscale:predict", {
        "MODEL": model, "PREDICTORS": predictors, "COARSE_SM": coarse, "THREADS": 1,
        "OUTPUT": str(tmp_path / "fine.tif")}, feedback=feedback)["OUTPUT"]
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height, ds.count) == (N_FINE, N_FINE, 4)
        assert ds.descriptions[0] == "2019-06-01"
        data = ds.read(masked=True)
    assert data.count() == data.size and 0.1 < float(data.mean()) < 0.5

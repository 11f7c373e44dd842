"""smdownscale:antecedentprecip through processing.run in a real QGIS."""
import datetime as dt

import numpy as np
import processing
import pytest
from qgis.core import QgsProcessingException
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.algorithms import antecedent as alg
from smdownscale.engine.prepare import antecedent as engine
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack

GRID = Grid(CRS.from_epsg(6933), from_origin(1e7, 5e6, 1000, 1000), 4, 3)


def test_default_matches_the_engine():
    assert alg.DEFAULT_RETENTION == engine.DEFAULT_RETENTION


def test_writes_the_index_with_the_input_dates(registry, tmp_path, feedback):
    rain = np.zeros((3, GRID.height, GRID.width), "float32")
    rain[0] = 10.0
    dates = [BandDate(dt.datetime(2020, 7, 1) + dt.timedelta(days=d)) for d in range(3)]
    src = str(write_stack(tmp_path / "rain.tif", GRID, rain, dates))
    out = str(tmp_path / "api.tif")
    result = processing.run("smdownscale:antecedentprecip",
                            {"INPUT": src, "RETENTION": 0.5, "OUTPUT": out}, feedback=feedback)
    api, _, out_dates = read_stack(result["OUTPUT"])
    assert [d.iso for d in out_dates] == ["2020-07-01", "2020-07-02", "2020-07-03"]
    start = 10.0 / 3 / 0.5  # equilibrium of the mean daily rain
    assert api[:, 0, 0] == pytest.approx([0.5 * start + 10, 0.25 * start + 5,
                                          0.125 * start + 2.5], rel=1e-5)


def test_undated_input_is_refused(registry, tmp_path, feedback):
    src = str(write_stack(tmp_path / "rain.tif", GRID, np.ones((2, GRID.height, GRID.width))))
    with pytest.raises(QgsProcessingException, match="ISO date"):
        processing.run("smdownscale:antecedentprecip",
                       {"INPUT": src, "OUTPUT": str(tmp_path / "api.tif")}, feedback=feedback)
    assert not (tmp_path / "api.tif").exists()

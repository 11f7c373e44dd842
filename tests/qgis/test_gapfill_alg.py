"""smdownscale:gapfill through processing.run in a real QGIS."""
import datetime as dt

import numpy as np
import processing
import pytest
import rasterio
from helpers import assert_same_stack, write_raster
from qgis.core import (QgsApplication, QgsProcessingContext, QgsProcessingException,
                       QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer)
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.prepare import gapfill as engine
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack

GRID = Grid(CRS.from_epsg(6933), from_origin(1e7, 5e6, 36000, 36000), 4, 3)
DAYS = [0, 2, 3, 8, 9, 11, 12, 14, 17, 18, 19, 22]


def dated_stack(path, seed=0):
    """A 12-date stack on uneven dates; pixel (0, 0) has a known gap (days 0 → 8)."""
    rng = np.random.default_rng(seed)
    data = rng.uniform(0.1, 0.4, (len(DAYS), GRID.height, GRID.width)).astype("float32")
    data[rng.random(data.shape) < 0.25] = np.nan
    data[:4, 0, 0] = [0.10, np.nan, np.nan, 0.30]
    dates = [BandDate(dt.datetime(2019, 4, 1) + dt.timedelta(days=d)) for d in DAYS]
    return str(write_stack(path, GRID, data, dates=dates)), data


def test_fills_on_real_dates_and_keeps_dates(registry, tmp_path, feedback):
    path, data = dated_stack(tmp_path / "stack.tif")
    out = str(tmp_path / "filled.tif")
    result = processing.run("smdownscale:gapfill", {
        "INPUT": path, "MAX_GAP_DAYS": 8, "SG_HALF_WINDOW": 0, "OUTPUT": out},
        feedback=feedback)
    assert result["OUTPUT"] == out
    with rasterio.open(out) as ds:
        assert ds.descriptions[:2] == ("2019-04-01", "2019-04-03") and ds.count == len(DAYS)
        assert ds.nodata == -9999.0
        # 0.10 + 0.20 · 2/8 and 0.10 + 0.20 · 3/8 (day 0 → day 8)
        np.testing.assert_allclose(ds.read(2)[0, 0], 0.15, rtol=1e-6)
        np.testing.assert_allclose(ds.read(3)[0, 0], 0.175, rtol=1e-6)
    assert result["FILLED_COUNT"] >= 2
    assert any("Filled" in m and "8 days" in m for m in feedback.infos)


def test_cluster_gives_the_same_stack_and_counts(registry, tmp_path, feedback, dask_cluster,
                                                 monkeypatch):
    monkeypatch.setattr(engine, "block_size", lambda count: 2)  # 2×2 windows: 4 units
    path, _ = dated_stack(tmp_path / "stack.tif", seed=3)
    runs = {}
    for name, cluster in (("here", ""), ("there", dask_cluster.address)):
        runs[name] = processing.run("smdownscale:gapfill", {
            "INPUT": path, "MAX_GAP_DAYS": 8, "SG_HALF_WINDOW": 2, "SG_ORDER": 2,
            "CLUSTER": cluster, "OUTPUT": str(tmp_path / f"{name}.tif")}, feedback=feedback)
    assert_same_stack(runs["here"]["OUTPUT"], runs["there"]["OUTPUT"])
    for key in ("FILLED_COUNT", "MISSING_COUNT"):
        assert runs["there"][key] == runs["here"][key]
    assert runs["here"]["FILLED_COUNT"] > 0
    assert any(m.startswith(f"Running on the Dask scheduler at {dask_cluster.address}")
               for m in feedback.infos)


def test_defaults_match_the_engine(registry, tmp_path):
    path, data = dated_stack(tmp_path / "stack.tif", seed=1)
    out = str(tmp_path / "filled.tif")
    result = processing.run("smdownscale:gapfill", {"INPUT": QgsRasterLayer(path, "s"),
                                                    "OUTPUT": out})
    want, stats = engine.fill_and_smooth(data.astype(float), np.array(DAYS, float))
    got, grid, _ = read_stack(out)
    assert grid.same_as(GRID)
    np.testing.assert_allclose(got, want, rtol=1e-6, equal_nan=True)
    assert (result["FILLED_COUNT"], result["MISSING_COUNT"]) == (stats["filled"],
                                                                 stats["missing"])
    alg = QgsApplication.processingRegistry().algorithmById("smdownscale:gapfill")
    defaults = {p.name(): p.defaultValue() for p in alg.parameterDefinitions()}
    assert defaults["MAX_GAP_DAYS"] == engine.DEFAULT_MAX_GAP_DAYS
    assert defaults["SG_HALF_WINDOW"] == engine.DEFAULT_SG_HALF_WINDOW
    assert defaults["SG_ORDER"] == engine.DEFAULT_SG_ORDER
    assert defaults["MIN_OBSERVATIONS"] == engine.DEFAULT_MIN_OBSERVATIONS


def test_help_is_plain_text_and_cites_the_paper(registry):
    text = QgsApplication.processingRegistry().algorithmById("smdownscale:gapfill") \
        .shortHelpString()
    assert "<" not in text
    for part in ("Xu et al. (2024)", "Default 10 days", "Default 5", "Default 4",
                 "−9999", "2 × half-window + 1"):
        assert part in text


def _bad_stack(tmp_path, descriptions):
    data = np.arange(9 * len(descriptions), dtype="float32").reshape(-1, 3, 3)
    path = write_raster(tmp_path / "bad.tif", data)
    with rasterio.open(path, "r+") as ds:
        for i, text in enumerate(descriptions, start=1):
            ds.set_band_description(i, text)
    return path


@pytest.mark.parametrize("descriptions, params, message", [
    (["2019-04-01", "2019-04-02"], {"SG_HALF_WINDOW": 2, "SG_ORDER": 5},
     r"order \(5\) must be smaller than the window of 2 × half-window \+ 1 = 5 bands"),
    (["", ""], {}, "Band 1 of 'bad.tif' has no ISO date"),
    (["2019-04-01"], {}, r"'bad.tif' has 1 band\(s\). Gap filling needs a time stack of at "
                         "least 2 dates"),
    (["2019-04-01", "2019-04-02"], {"MAX_GAP_DAYS": -1},
     "Incorrect parameter value for MAX_GAP_DAYS"),
])
def test_bad_input_raises_clear_exception_and_writes_nothing(registry, tmp_path, descriptions,
                                                             params, message):
    path = _bad_stack(tmp_path, descriptions)
    out = tmp_path / "out.tif"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("smdownscale:gapfill", dict(params, INPUT=path, OUTPUT=str(out)))
    # Only the input is left (and the .aux.xml statistics sidecar QGIS may give it).
    assert {p.name for p in tmp_path.iterdir()} - {"bad.tif.aux.xml"} == {"bad.tif"}


def test_output_loads_styled(registry, tmp_path):
    path, _ = dated_stack(tmp_path / "stack.tif")
    out = str(tmp_path / "filled.tif")
    context = QgsProcessingContext()
    project = QgsProject()
    context.setProject(project)
    destination = QgsProcessingOutputLayerDefinition(out, project)
    result = processing.run("smdownscale:gapfill", {"INPUT": path, "OUTPUT": destination},
                            context=context)
    details = context.layerToLoadOnCompletionDetails(result["OUTPUT"])
    assert details.name == "Gap-filled stack (12 dates)"

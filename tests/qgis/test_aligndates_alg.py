"""smdownscale:aligndates through processing.run in a real QGIS, alone and in a model."""
import datetime as dt

import numpy as np
import processing
import pytest
import rasterio
from helpers import write_raster
from qgis.core import (QgsApplication, QgsProcessingContext, QgsProcessingException,
                       QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm,
                       QgsProcessingModelChildParameterSource, QgsProcessingModelOutput,
                       QgsProcessingModelParameter, QgsProcessingOutputLayerDefinition,
                       QgsProcessingParameterRasterLayer, QgsProject)
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.prepare import date_alignment as engine
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack

FINE = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 3, 2)
COARSE = Grid(CRS.from_epsg(6933), from_origin(1e7, 5e6, 36000, 36000), 2, 2)
START = dt.datetime(2019, 4, 1)


def day(k):
    return BandDate(START + dt.timedelta(days=k))


def eight_day_stack(path):
    """Composites on 04-01, 04-09, 04-17: 0.2, 0.6, 0.4 plus 0.01 per cell; cell (1, 2)
    misses the middle one."""
    data = np.array([0.2, 0.6, 0.4], "float32")[:, None, None] + \
        0.01 * np.arange(6, dtype="float32").reshape(1, 2, 3)
    data[1, 1, 2] = np.nan
    return str(write_stack(path, FINE, data, dates=[day(0), day(8), day(16)],
                           units="unitless")), data


def daily_target(path, n=19, first=-1):
    """A daily 'coarse soil moisture' stack from 03-31 on another grid: only its dates count."""
    dates = [day(first + k) for k in range(n)]
    data = np.full((n, COARSE.height, COARSE.width), 0.25, "float32")
    return str(write_stack(path, COARSE, data, dates=dates)), dates


def expected(data, k):
    """Hand interpolation on day k (0 = 04-01) of every cell; NaN outside 0–16."""
    v0, v1, v2 = data.astype(float)
    if k < 0 or k > 16:
        return np.full(v0.shape, np.nan)
    want = v0 + (v1 - v0) * k / 8 if k <= 8 else v1 + (v2 - v1) * (k - 8) / 8
    want[1, 2] = v0[1, 2] + (v2[1, 2] - v0[1, 2]) * k / 16  # across the 16-day gap
    return want


def test_eight_day_stack_onto_daily_target(registry, tmp_path, feedback):
    source, data = eight_day_stack(tmp_path / "ndvi.tif")
    target, dates = daily_target(tmp_path / "smap.tif")
    out = str(tmp_path / "ndvi_daily.tif")
    result = processing.run("smdownscale:aligndates", {
        "INPUT": source, "TARGET": target, "OUTPUT": out}, feedback=feedback)
    assert result["OUTPUT"] == out
    assert result["DATE_LIST"] == ",".join(d.iso for d in dates)
    assert result["BAND_COUNT"] == 19
    got, grid, got_dates = read_stack(out)
    assert grid.same_as(FINE) and [d.iso for d in got_dates] == [d.iso for d in dates]
    for band, date in enumerate(dates):
        k = (date.when - START).days
        np.testing.assert_allclose(got[band], expected(data, k), rtol=1e-6, equal_nan=True)
    # 03-31 and 04-18 are outside the series: 17 of 19 dates have a value in every cell.
    assert result["FILLED_PERCENT"] == pytest.approx(100 * 17 / 19)
    with rasterio.open(out) as ds:
        assert ds.nodata == -9999.0 and ds.units[0] == "unitless" and ds.dtypes[0] == "float32"
    assert any(m.startswith("Target cells: ") and "at most 16 days apart" in m
               and "17 copied" in m for m in feedback.infos)


def test_dates_text_gives_the_same_as_a_target_stack(registry, tmp_path):
    source, data = eight_day_stack(tmp_path / "ndvi.tif")
    out = str(tmp_path / "aligned.tif")
    result = processing.run("smdownscale:aligndates", {
        "INPUT": source, "DATES": "2019-04-03/2019-04-05, 2019-04-12", "MAX_GAP_DAYS": 8,
        "EXTEND_DAYS": 0, "OUTPUT": out})
    assert result["DATE_LIST"] == "2019-04-03,2019-04-04,2019-04-05,2019-04-12"
    got, _, _ = read_stack(out)
    for band, k in enumerate([2, 3, 4, 11]):
        want = expected(data, k)
        want[1, 2] = np.nan  # 16 days > MAX_GAP_DAYS 8
        np.testing.assert_allclose(got[band], want, rtol=1e-6, equal_nan=True)


def test_observation_days_and_smoothing_reach_the_engine(registry, tmp_path):
    source, data = eight_day_stack(tmp_path / "ndvi.tif")
    doy = np.full((3, 2, 3), -1, "int16")
    doy[0, 0, 0] = 95  # 2019-04-05 instead of 04-01 (DOY 91)
    days = write_raster(tmp_path / "doy.tif", doy, origin=(500000, 4600000), nodata=-1)
    out = str(tmp_path / "aligned.tif")
    processing.run("smdownscale:aligndates", {
        "INPUT": source, "DATES": "2019-04-03,2019-04-07", "OBSERVATION_DAYS": days,
        "OUTPUT": out})
    got, _, _ = read_stack(out)
    assert np.isnan(got[0, 0, 0])  # before the cell's first observation (04-05)
    assert got[1, 0, 0] == pytest.approx(0.2 + 0.4 * 2 / 4, rel=1e-6)  # 04-05 → 04-09
    assert got[1, 0, 1] == pytest.approx(0.21 + 0.4 * 6 / 8, rel=1e-6)  # band dates
    processing.run("smdownscale:aligndates", {
        "INPUT": source, "DATES": "2019-04-01,2019-04-09,2019-04-17", "SG_HALF_WINDOW": 1,
        "SG_ORDER": 1, "OUTPUT": out})
    smoothed, _ = engine.fill_and_smooth(data.astype(float), np.array([0.0, 8, 16]), 16, 1, 1,
                                         min_observations=1)
    got, _, _ = read_stack(out)
    observed = np.isfinite(data)
    np.testing.assert_allclose(got[observed], smoothed[observed], rtol=1e-5)


def test_defaults_match_the_engine_and_help_is_plain_text(registry):
    alg = QgsApplication.processingRegistry().algorithmById("smdownscale:aligndates")
    assert alg.displayName() == "Align stack to dates" and alg.group() == "Prepare predictors"
    defaults = {p.name(): p.defaultValue() for p in alg.parameterDefinitions()}
    assert defaults["MAX_GAP_DAYS"] == engine.DEFAULT_MAX_GAP_DAYS
    assert defaults["EXTEND_DAYS"] == engine.DEFAULT_EXTEND_DAYS
    assert defaults["SG_HALF_WINDOW"] == engine.DEFAULT_SG_HALF_WINDOW
    assert defaults["SG_ORDER"] == engine.DEFAULT_SG_ORDER
    text = alg.shortHelpString()
    assert "<" not in text
    for part in ("Xu et al. (2024)", "Default 16 days", "Default 0: no extension",
                 "Default 0: no smoothing", "−9999", "2019-04-01/2019-06-30",
                 "composite day of the year", "183 days"):
        assert part in text, part


def _described(tmp_path, descriptions, name="bad.tif"):
    data = np.arange(6 * len(descriptions), dtype="float32").reshape(-1, 2, 3)
    path = write_raster(tmp_path / name, data, origin=(500000, 4600000))
    with rasterio.open(path, "r+") as ds:
        for i, text in enumerate(descriptions, start=1):
            ds.set_band_description(i, text)
    return path


DATED = ["2019-04-01", "2019-04-09"]


@pytest.mark.parametrize("descriptions, params, message", [
    (DATED, {}, "No target dates were given. Choose a target stack"),
    (DATED, {"DATES": "2019-04-01", "TARGET": "target"},
     "Both a target stack and target dates were given"),
    (["", ""], {"DATES": "2019-04-02"}, "Band 1 of 'bad.tif' has no ISO date"),
    (["2019-04-01"], {"DATES": "2019-04-02"},
     r"'bad.tif' has 1 band\(s\). Aligning to other dates needs a time stack of at least 2"),
    (DATED, {"DATES": "2020-01-01/2020-01-31"},
     r"Every target date \(2020-01-01 to 2020-01-31\) lies outside the period of 'bad.tif' "
     r"\(2019-04-01 to 2019-04-09\)"),
    (DATED, {"DATES": "2019-04-01, 1 April"}, "'1' is not a date. Give target dates as"),
    (DATED, {"DATES": "2019-04-02", "OBSERVATION_DAYS": "doy"},
     r"The observation-day stack 'doy.tif' has 3 band\(s\) but 'bad.tif' has 2"),
    (DATED, {"DATES": "2019-04-02", "MAX_GAP_DAYS": -1},
     "Incorrect parameter value for MAX_GAP_DAYS"),
])
def test_bad_input_raises_clear_exception_and_writes_nothing(registry, tmp_path, descriptions,
                                                             params, message):
    path = _described(tmp_path, descriptions)
    made = {"bad.tif"}
    if params.get("TARGET") == "target":
        params = dict(params, TARGET=daily_target(tmp_path / "target.tif")[0])
        made.add("target.tif")
    if params.get("OBSERVATION_DAYS") == "doy":
        params = dict(params, OBSERVATION_DAYS=write_raster(
            tmp_path / "doy.tif", np.ones((3, 2, 3), "int16"), origin=(500000, 4600000)))
        made.add("doy.tif")
    out = tmp_path / "out.tif"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("smdownscale:aligndates", dict(params, INPUT=path, OUTPUT=str(out)))
    # Only the inputs are left (and the .aux.xml statistics sidecars QGIS may give them).
    assert {p.name for p in tmp_path.iterdir() if not p.name.endswith(".aux.xml")} == made


def test_output_loads_styled(registry, tmp_path):
    source, _ = eight_day_stack(tmp_path / "ndvi.tif")
    context = QgsProcessingContext()
    project = QgsProject()
    context.setProject(project)
    destination = QgsProcessingOutputLayerDefinition(str(tmp_path / "aligned.tif"), project)
    result = processing.run("smdownscale:aligndates", {
        "INPUT": source, "DATES": "2019-04-01/2019-04-10", "OUTPUT": destination},
        context=context)
    details = context.layerToLoadOnCompletionDetails(result["OUTPUT"])
    assert details.name == "Aligned stack (10 dates)"


def test_temporary_output_is_named_after_the_input(registry, tmp_path):
    source, _ = eight_day_stack(tmp_path / "ndvi.tif")
    result = processing.run("smdownscale:aligndates", {
        "INPUT": source, "DATES": "2019-04-02", "OUTPUT": "TEMPORARY_OUTPUT"})
    assert result["OUTPUT"].endswith("ndvi_aligned.tif")


# -- in the Graphical Modeler ------------------------------------------------------------------

def _child(child_id, alg_id, sources):
    """A model step with ``sources`` and every other input at its default (as the Modeler)."""
    child = QgsProcessingModelChildAlgorithm(alg_id)
    child.setChildId(child_id)
    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    for definition in alg.parameterDefinitions():
        name = definition.name()
        if name in sources:
            child.addParameterSources(name, sources[name])
        elif not definition.isDestination() and definition.defaultValue() is not None:
            child.addParameterSources(name, [QgsProcessingModelChildParameterSource
                                             .fromStaticValue(definition.defaultValue())])
    return child


def _output(child, name, child_output):
    output = QgsProcessingModelOutput(name, name)
    output.setChildId(child.childId())
    output.setChildOutputName(child_output)
    child.setModelOutputs({name: output})


def chain_model():
    """stack → aligndates (onto the target's dates) → gapfill; a second stack → aligndates
    onto the first step's DATE_LIST."""
    model = QgsProcessingModelAlgorithm("Align and fill", "Tests")
    for name in ("stack", "target", "other"):
        model.addModelParameter(QgsProcessingParameterRasterLayer(name, name),
                                QgsProcessingModelParameter(name))
    param = QgsProcessingModelChildParameterSource.fromModelParameter
    out = QgsProcessingModelChildParameterSource.fromChildOutput
    value = QgsProcessingModelChildParameterSource.fromStaticValue
    align = _child("align", "smdownscale:aligndates",
                   {"INPUT": [param("stack")], "TARGET": [param("target")]})
    fill = _child("fill", "smdownscale:gapfill",
                  {"INPUT": [out("align", "OUTPUT")], "MAX_GAP_DAYS": [value(3)],
                   "SG_HALF_WINDOW": [value(0)], "MIN_OBSERVATIONS": [value(1)]})
    again = _child("again", "smdownscale:aligndates",
                   {"INPUT": [param("other")], "DATES": [out("align", "DATE_LIST")]})
    _output(fill, "filled", "OUTPUT")
    _output(again, "other_aligned", "OUTPUT")
    for child in (align, fill, again):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    return model


def test_chains_in_a_model(registry, tmp_path, feedback):
    source, data = eight_day_stack(tmp_path / "ndvi.tif")
    other, _ = eight_day_stack(tmp_path / "evi.tif")
    target, dates = daily_target(tmp_path / "smap.tif", n=5, first=2)  # 04-03 … 04-07
    model = chain_model()
    for child_id in model.childAlgorithms():
        assert model.validateChildAlgorithm(child_id)[0], child_id
    result = processing.run(model, {
        "stack": source, "target": target, "other": other,
        "fill:filled": str(tmp_path / "filled.tif"),
        "again:other_aligned": str(tmp_path / "other.tif")}, feedback=feedback)
    filled, _, filled_dates = read_stack(result["fill:filled"])
    assert [d.iso for d in filled_dates] == [d.iso for d in dates]
    for band, k in enumerate(range(2, 7)):  # complete after aligning: gap fill keeps it
        np.testing.assert_allclose(filled[band], expected(data, k), rtol=1e-6)
    again, _, again_dates = read_stack(result["again:other_aligned"])
    assert [d.iso for d in again_dates] == [d.iso for d in dates]
    np.testing.assert_allclose(again, filled, rtol=1e-6)

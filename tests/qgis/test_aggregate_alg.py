"""smdownscale:aggregate and smdownscale:resample through processing.run in a real QGIS."""
import numpy as np
import processing
import pytest
import rasterio
from helpers import write_raster
from qgis.core import (QgsProcessingContext, QgsProcessingException,
                       QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer)

from smdownscale.engine.synthetic.coarse import block_mean

ND = -9999.0


def read(path):
    with rasterio.open(path) as ds:
        return ds.read(), ds.descriptions


def test_truth_stack_mean_and_fraction(registry, region, tmp_path, feedback):
    out, frac = str(tmp_path / "truth36.tif"), str(tmp_path / "frac.tif")
    result = processing.run("smdownscale:aggregate", {
        "INPUT": region["truth"], "REFERENCE": QgsRasterLayer(region["coarse_stack"], "smap"),
        "METHOD": 0, "MIN_VALID_FRACTION": 0.0, "OUTPUT": out, "FRACTION": frac},
        feedback=feedback)
    assert result == {"OUTPUT": out, "FRACTION": frac}
    truth, dates = read(region["truth"])
    data, out_dates = read(out)
    assert out_dates == dates == ("2019-06-01", "2019-06-02", "2019-06-03")
    for band in range(3):
        expected = block_mean(np.where(truth[band] == ND, np.nan, truth[band]).astype("float64"))
        np.testing.assert_allclose(data[band], expected, rtol=1e-6)
    share = read(frac)[0]
    land = (truth != ND).reshape(3, 3, 36, 3, 36).mean(axis=(2, 4))
    np.testing.assert_allclose(share, land, rtol=1e-6)
    assert any("nested" in m for m in feedback.infos)


def test_cluster_gives_the_same_output(registry, region, tmp_path, dask_cluster):
    """CLUSTER = a running scheduler (2 workers): the same arrays as in this process."""
    outputs = []
    for label, cluster in (("here", ""), ("cluster", dask_cluster.address)):
        out, frac = str(tmp_path / f"{label}.tif"), str(tmp_path / f"{label}_frac.tif")
        processing.run("smdownscale:aggregate", {
            "INPUT": region["truth"], "REFERENCE": region["coarse_stack"], "METHOD": 1,
            "MIN_VALID_FRACTION": 0.3, "CLUSTER": cluster, "OUTPUT": out, "FRACTION": frac})
        outputs.append((read(out), read(frac)))
    for (a, dates_a), (b, dates_b) in zip(*outputs):
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
        assert dates_a == dates_b == ("2019-06-01", "2019-06-02", "2019-06-03")
    assert (outputs[0][0][0] != ND).any()


def test_landcover_mode_and_default_threshold(registry, region, tmp_path):
    out = str(tmp_path / "lc36.tif")
    processing.run("smdownscale:aggregate", {
        "INPUT": region["landcover"], "REFERENCE": region["coarse_stack"], "METHOD": 2,
        "OUTPUT": out})
    data = read(out)[0][0]
    assert data.shape == (3, 3) and set(np.unique(data)) <= {1.0, 2.0, 3.0, 4.0, 5.0}


def test_resample_nearest_reproduces_coarse_blocks(registry, region, tmp_path):
    out = str(tmp_path / "sm1km.tif")
    result = processing.run("smdownscale:resample", {
        "INPUT": region["coarse_stack"], "REFERENCE": region["truth"], "METHOD": 0,
        "OUTPUT": out})
    assert result == {"OUTPUT": out}
    coarse, dates = read(region["coarse_stack"])
    data, out_dates = read(out)
    assert out_dates == dates
    np.testing.assert_array_equal(data, np.repeat(np.repeat(coarse, 36, axis=1), 36, axis=2))


def test_resample_bilinear_keeps_gaps(registry, region, tmp_path):
    out = str(tmp_path / "bil.tif")
    processing.run("smdownscale:resample", {
        "INPUT": region["coarse_stack"], "REFERENCE": region["dem_wgs84"], "METHOD": 1,
        "OUTPUT": out})
    data = read(out)[0]
    valid = data[data != ND]
    assert valid.size and valid.min() >= 0.0 and valid.max() <= 1.0  # no −9999 blended in


@pytest.fixture
def no_overlap(tmp_path):
    fine = write_raster(tmp_path / "fine.tif", np.ones((4, 4), "float32"))
    far = write_raster(tmp_path / "far.tif", np.zeros((2, 2), "float32"), cell=2000.0,
                       origin=(800000.0, 4600000.0))
    return fine, far


@pytest.mark.parametrize("alg", ["aggregate", "resample"])
def test_no_overlap_raises_and_writes_nothing(registry, no_overlap, tmp_path, alg):
    fine, far = no_overlap
    out = tmp_path / "out.tif"
    params = ({"INPUT": fine, "REFERENCE": far} if alg == "aggregate"
              else {"INPUT": far, "REFERENCE": fine})
    with pytest.raises(QgsProcessingException, match="do not overlap"):
        processing.run(f"smdownscale:{alg}", dict(params, OUTPUT=str(out)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["far.tif", "fine.tif"]


def test_reference_without_crs_raises(registry, tmp_path):
    fine = write_raster(tmp_path / "fine.tif", np.ones((4, 4), "float32"))
    bare = tmp_path / "bare.tif"
    with rasterio.open(bare, "w", driver="GTiff", width=2, height=2, count=1, dtype="float32",
                       transform=rasterio.transform.from_origin(5e5, 4.6e6, 2e3, 2e3)) as ds:
        ds.write(np.zeros((1, 2, 2), "float32"))
    out = tmp_path / "out.tif"
    with pytest.raises(QgsProcessingException, match="'bare.tif' has no coordinate reference"):
        processing.run("smdownscale:aggregate",
                       {"INPUT": fine, "REFERENCE": str(bare), "OUTPUT": str(out)})
    assert not out.exists()


def test_min_valid_fraction_outside_range_is_refused(registry, no_overlap, tmp_path):
    fine, _ = no_overlap
    coarse = write_raster(tmp_path / "c.tif", np.zeros((2, 2), "float32"), cell=2000.0)
    with pytest.raises(QgsProcessingException, match="MIN_VALID_FRACTION"):
        processing.run("smdownscale:aggregate", {
            "INPUT": fine, "REFERENCE": coarse, "MIN_VALID_FRACTION": 1.5,
            "OUTPUT": str(tmp_path / "o.tif")})
    assert not (tmp_path / "o.tif").exists()


def test_mode_on_continuous_layer_is_refused(registry, tmp_path):
    fine = write_raster(tmp_path / "f.tif", np.full((4, 4), 0.3, "float32"))
    coarse = write_raster(tmp_path / "c.tif", np.zeros((2, 2), "float32"), cell=2000.0)
    with pytest.raises(QgsProcessingException, match="integer class codes"):
        processing.run("smdownscale:aggregate", {
            "INPUT": fine, "REFERENCE": coarse, "METHOD": 2, "OUTPUT": str(tmp_path / "o.tif")})
    assert not (tmp_path / "o.tif").exists()


def test_outputs_load_styled(registry, region, tmp_path):
    context = QgsProcessingContext()
    project = QgsProject()
    context.setProject(project)
    out = str(tmp_path / "agg.tif")
    result = processing.run("smdownscale:aggregate", {
        "INPUT": region["truth"], "REFERENCE": region["coarse_stack"],
        "OUTPUT": QgsProcessingOutputLayerDefinition(out, project)}, context=context)
    details = context.layerToLoadOnCompletionDetails(result["OUTPUT"])
    assert details.name.endswith("(mean, 3 band(s))")
    layer = QgsRasterLayer(out, details.name)
    details.postProcessor().postProcessLayer(layer, context, None)
    assert layer.renderer().type() == "singlebandpseudocolor"


def test_enum_keys_match_the_engine(registry):
    from smdownscale.algorithms.aggregate import METHOD_KEYS as AGG
    from smdownscale.algorithms.resample import METHOD_KEYS as RES
    from smdownscale.engine.prepare.aggregation import METHODS as ENGINE_AGG
    from smdownscale.engine.raster.resampling import METHODS as ENGINE_RES

    assert tuple(AGG) == ENGINE_AGG and tuple(RES) == ENGINE_RES
    alg = registry.algorithmById("smdownscale:aggregate")
    assert alg.parameterDefinition("MIN_VALID_FRACTION").defaultValue() == 0.5


@pytest.mark.parametrize("alg, names", [
    ("aggregate", ["Input", "Reference", "Method", "Minimum valid fraction", "Valid fraction",
                   "half an input cell", "cos(latitude)", "default 0.5"]),
    ("resample", ["Input", "Reference", "Method", "renormalises", "nearest neighbour"]),
])
def test_help_is_plain_text_and_complete(registry, alg, names):
    text = registry.algorithmById(f"smdownscale:{alg}").shortHelpString()
    assert "<" not in text
    for name in names:
        assert name in text

"""Test set-up: import the checkout as package ``smdownscale`` and find QGIS's Processing.

pytest-qgis starts one real headless QgsApplication (QT_QPA_PLATFORM=offscreen) for
the session; engine tests simply do not use it.
"""
import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG_DIR = os.path.join(REPO, "tests", ".pkg")


def _link_package():
    """Expose the checkout (whatever its folder name) as package 'smdownscale'."""
    os.makedirs(PKG_DIR, exist_ok=True)
    link = os.path.join(PKG_DIR, "smdownscale")
    if not (os.path.islink(link) and os.path.realpath(link) == os.path.realpath(REPO)):
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(REPO, link)
    if PKG_DIR not in sys.path:
        sys.path.insert(0, PKG_DIR)


_link_package()
sys.path.insert(0, os.path.join(REPO, "tests"))  # for tests/helpers.py
for path in ("/usr/share/qgis/python/plugins", "/usr/share/qgis/python"):
    if os.path.isdir(path) and path not in sys.path:
        sys.path.append(path)


@pytest.fixture(scope="session")
def region(tmp_path_factory):
    """A small synthetic region (3 × 3 coarse cells, 3 days), generated once per session.

    Maps each manifest role that names one file (truth, coarse_stack, dem_wgs84,
    landcover, …) to its path. tests/engine/test_synthetic.py has its own fixture.
    """
    from smdownscale.engine.synthetic import RegionSpec, generate_region

    folder = tmp_path_factory.mktemp("region")
    manifest = generate_region(folder, RegionSpec(n_days=3))
    return {role: str(folder / name) for role, name in manifest["files"].items()
            if isinstance(name, str)}


@pytest.fixture(scope="session")
def training_region(tmp_path_factory):
    """A synthetic region for training (6 × 6 coarse cells, 20 days, few coarse gaps).

    Returns dict: ``coarse`` (36 km stack), ``truth``, ``predictors`` (name → path of
    ndvi, lst, dem, sand, clay, precip) and ``categorical`` (landcover).
    """
    from smdownscale.engine.synthetic import RegionSpec, generate_region
    from smdownscale.engine.synthetic.predictors import CATEGORICAL, prepare_predictors

    folder = tmp_path_factory.mktemp("training_region")
    spec = RegionSpec(coarse_cols=6, coarse_rows=6, n_days=20, gap_fraction=0.05,
                      modis_tiles=True)  # MOD09GA/MOD11A1 HDF4-EOS tiles for the model
    manifest = generate_region(folder, spec)
    paths = prepare_predictors(folder, manifest)
    return {"coarse": str(folder / manifest["files"]["coarse_stack"]),
            "truth": str(folder / manifest["files"]["truth"]),
            "predictors": {k: v for k, v in paths.items() if k not in CATEGORICAL},
            "categorical": {k: paths[k] for k in CATEGORICAL},
            "folder": str(folder)}


@pytest.fixture(scope="session")
def predict_region(training_region, tmp_path_factory):
    """Models trained on ``training_region`` for the predict tests.

    Layers are named by their file names (as QGIS names layers loaded from files),
    so the same models serve the engine, ``processing.run`` and ``qgis_process``
    tests. Adds ``layers`` (PredictorLayer list, continuous then categorical) and
    ``lightgbm``/``rf`` (.smdm paths) to the training_region dict.
    """
    from smdownscale.engine.learn.features import PredictorLayer
    from smdownscale.engine.learn.modelfile import save_model
    from smdownscale.engine.learn.samples import SampleOptions, build_samples
    from smdownscale.engine.learn.training import TrainConfig, train

    folder = tmp_path_factory.mktemp("predict_models")
    stem = lambda p: os.path.splitext(os.path.basename(p))[0]  # noqa: E731
    layers = [PredictorLayer(stem(p), p) for p in training_region["predictors"].values()]
    layers += [PredictorLayer(stem(p), p, categorical=True)
               for p in training_region["categorical"].values()]
    samples = build_samples(training_region["coarse"], layers,
                            options=SampleOptions(min_coverage=0.5))
    out = dict(training_region, layers=layers, folder_models=str(folder))
    for learner in ("lightgbm", "rf"):
        model = train(samples, TrainConfig(learner=learner, seed=7, importance_repeats=1))
        out[learner] = str(folder / f"{learner}.smdm")
        save_model(model, out[learner])
    return out


@pytest.fixture(scope="session")
def validation_region(predict_region, tmp_path_factory):
    """A downscaled map of ``predict_region`` (LightGBM, default predict) and its stations.

    Adds ``map`` (stack path), ``stations`` (GeoPackage of observations: station_id,
    date, sm, scale, landcover) and ``observations`` (engine Observations, EPSG:4326,
    grouped by scale) to the predict_region dict.
    """
    import csv

    from smdownscale.engine.raster.dates import parse_iso
    from smdownscale.engine.learn.modelfile import load_model
    from smdownscale.engine.stations.observations import Observations
    from smdownscale.engine.predict.prediction import PredictOptions, predict_stack

    folder = tmp_path_factory.mktemp("validation")
    out = str(folder / "downscaled.tif")
    predict_stack(load_model(predict_region["lightgbm"]), predict_region["layers"], out,
                  coarse_path=predict_region["coarse"],
                  options=PredictOptions(mass_preserving=True))  # consistent with the coarse
    base = predict_region["folder"]
    with open(os.path.join(base, "stations.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    observations = Observations.build(
        [r["station_id"] for r in rows], [float(r["lon"]) for r in rows],
        [float(r["lat"]) for r in rows], [float(r["sm"]) for r in rows],
        [parse_iso(r["date"]) for r in rows], [r["scale"] for r in rows], "EPSG:4326")
    return dict(predict_region, map=out, stations=os.path.join(base, "stations.gpkg"),
                observations=observations)


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory):
    """A real Dask scheduler with 2 real worker processes (one thread each), for the session.

    An :class:`cluster_helpers.ExternalCluster`: ``.address`` is its tcp:// address.
    Tests that add, kill or starve workers start a cluster of their own.
    """
    pytest.importorskip("distributed")
    from cluster_helpers import ExternalCluster

    cluster = ExternalCluster(tmp_path_factory.mktemp("dask_cluster")).start()
    try:
        cluster.add_workers(2)
        yield cluster
    finally:
        cluster.stop()

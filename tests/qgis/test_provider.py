"""The plugin and its provider inside a real QGIS."""
import configparser
import os
import re
import subprocess
import textwrap

import pytest
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException

from smdownscale.algorithms import algorithm_classes

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPECTED_GROUPS = {"prepare": "Prepare predictors", "downscale": "Downscale",
                   "fusevalidate": "Fuse and validate"}


def test_provider_registered_with_algorithms(registry):
    provider = registry.providerById("smdownscale")
    assert provider is not None
    assert provider.name() == "Soil moisture downscaling"
    ids = {alg.id() for alg in provider.algorithms()}
    assert "smdownscale:buildtimestack" in ids
    assert registry.algorithmById("smdownscale:buildtimestack").displayName() == "Build time stack"


def test_every_algorithm_has_group_help_and_fresh_instances(registry):
    from qgis.core import QgsProcessingModelAlgorithm

    for alg in registry.providerById("smdownscale").algorithms():
        if isinstance(alg, QgsProcessingModelAlgorithm):
            continue  # the shipped model: tests/qgis/test_model.py
        assert alg.groupId() in EXPECTED_GROUPS
        assert alg.group() == EXPECTED_GROUPS[alg.groupId()]
        assert len(alg.shortHelpString()) > 200, alg.id()
        assert "PARAMETERS" in alg.shortHelpString() and "<" not in alg.shortHelpString()
        a, b = alg.createInstance(), alg.createInstance()
        assert a is not b and type(a) is type(alg)


def test_unload_removes_and_init_restores_provider(plugin):
    registry = QgsApplication.processingRegistry()
    plugin.unload()
    assert registry.providerById("smdownscale") is None
    assert registry.algorithmById("smdownscale:buildtimestack") is None
    plugin.initProcessing()
    plugin.initProcessing()  # idempotent: still one provider
    assert [p.id() for p in registry.providers()].count("smdownscale") == 1
    assert registry.algorithmById("smdownscale:buildtimestack") is not None


def test_metadata_is_complete():
    meta = configparser.ConfigParser()
    meta.read(os.path.join(REPO, "metadata.txt"), encoding="utf-8")
    general = meta["general"]
    for key in ("name", "description", "about", "version", "qgisMinimumVersion", "author",
                "email", "repository", "tags", "category", "icon", "hasProcessingProvider"):
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    assert os.path.exists(os.path.join(REPO, general["icon"]))


def test_changelog_and_description_are_true():
    meta = configparser.ConfigParser()
    meta.read(os.path.join(REPO, "metadata.txt"), encoding="utf-8")
    general = meta["general"]
    lines = [line.strip() for line in general["changelog"].strip().splitlines()]
    assert lines[0] == general["version"]  # the newest version first
    versions = [line for line in lines if re.fullmatch(r"\d+\.\d+\.\d+", line)]
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))),
                              reverse=True)  # one section per version, newest first
    entries = [line for line in lines[:lines.index("0.1.0")] if line not in versions]
    assert len(entries) >= 10 and all(e.startswith("- ") for e in entries)
    assert lines[1].startswith("- ")  # the newest version says what it changed
    for feature in ("Import SMAP", "Train", "Predict", "Fuse", "Validate", "Modeler"):
        assert any(feature in e for e in entries), feature
    assert "planned" not in general["about"]
    ids = {cls.ALG_ID for cls in algorithm_classes()}
    for product, alg_id in (("AMSR2", "importamsr2"), ("SMOS", "importsmos"),
                            ("ESA CCI", "importcci"), ("Sentinel-1", "sentinel1composite"),
                            ("IMERG", "importprecipitation")):  # what is advertised is read
        assert product in general["about"] and alg_id in ids, product


def test_missing_package_gives_clear_error(plugin):
    from smdownscale.algorithms.buildtimestack import BuildTimeStack

    class NeedsMissing(BuildTimeStack):
        REQUIRES = ("numpy", "surely_missing_pkg_xyz")

    alg = NeedsMissing()
    alg.initAlgorithm()
    ok, message = alg.canExecute()
    assert not ok and "surely_missing_pkg_xyz: python3 -m pip install" in message
    with pytest.raises(QgsProcessingException, match="surely_missing_pkg_xyz"):
        alg.processAlgorithm({}, QgsProcessingContext(), None)


def test_plugin_loads_without_optional_packages(tmp_path):
    """With lightgbm, xgboost, pykrige, sklearn and rasterio unimportable, loading works."""
    script = textwrap.dedent(f"""
        import sys, importlib.abc
        BLOCKED = {{"lightgbm", "xgboost", "pykrige", "sklearn", "catboost", "rasterio"}}
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError("blocked for test: " + name)
        sys.meta_path.insert(0, Block())
        import importlib.util
        importlib.util.find_spec = (lambda orig: lambda name, *a: None
                                    if name.split(".")[0] in BLOCKED else orig(name, *a))(
                                    importlib.util.find_spec)
        sys.path.insert(0, {os.path.join(REPO, "tests", ".pkg")!r})
        from qgis.core import QgsApplication
        app = QgsApplication([], False); app.initQgis()
        from smdownscale import classFactory
        p = classFactory(None); p.initProcessing()
        prov = QgsApplication.processingRegistry().providerById("smdownscale")
        alg = prov.algorithm("buildtimestack")
        ok, msg = alg.canExecute()
        print("LOADED", len(prov.algorithms()), ok)
        print(msg)
        assert not any(m.split(".")[0] in BLOCKED for m in sys.modules)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(["/usr/bin/python3", "-c", script], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "LOADED" in run.stdout and " False" in run.stdout
    assert "rasterio: sudo apt-get install python3-rasterio" in run.stdout

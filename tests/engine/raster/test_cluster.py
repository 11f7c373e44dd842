"""The cluster mode (engine/raster/executors.py, dask_cluster.py) with a real Dask cluster.

A real scheduler and real worker processes run on this machine
(tests/cluster_helpers.py; Debian's python3-distributed). Predict on the
``predict_region`` models is the work: with the residual correction, mass
preservation, the quality output and windows of 64 cells, so every date is split
into 16 tiles computed on different workers. The reference is the same run in
this process; the cluster's output must be byte-identical in its arrays.
"""
import os
import signal
import time

import numpy as np
import pytest
import rasterio
from cluster_helpers import ExternalCluster, HttpFolder, free_port

from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.learn.features import PredictorLayer
from smdownscale.engine.learn.modelfile import load_model
from smdownscale.engine.predict.prediction import PredictOptions, predict_stack
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.raster.executors import ClusterSpec, cluster_session, current_executor

pytest.importorskip("distributed")

DATES = ("2019-06-03", "2019-06-10", "2019-06-18")
OPTIONS = PredictOptions(correction="simple_kriging", mass_preserving=True,
                         variogram_scope="date", dates=DATES, block=64)


def arrays(path):
    with rasterio.open(path) as ds:
        return ds.read(), list(ds.descriptions)


def run_predict(region, out, progress=None, layers=None):
    quality = str(out).replace(".tif", "_quality.tif")
    summary = predict_stack(load_model(region["lightgbm"]), layers or region["layers"],
                            str(out), coarse_path=region["coarse"], options=OPTIONS,
                            quality_path=quality, progress=progress)
    return summary, quality


@pytest.fixture(scope="module")
def reference(predict_region, tmp_path_factory):
    """The in-process run: (values, descriptions), quality, summary."""
    out = tmp_path_factory.mktemp("in_process") / "sm.tif"
    summary, quality = run_predict(predict_region, out)
    return arrays(out), arrays(quality)[0], summary


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    started = ExternalCluster(tmp_path_factory.mktemp("cluster")).start()
    yield started
    started.stop()


def assert_same(reference, out, quality, summary):
    (values, descriptions), ref_quality, ref_summary = reference
    got, got_descriptions = arrays(out)
    assert got_descriptions == descriptions
    assert got.dtype == values.dtype and np.array_equal(got, values, equal_nan=True)
    assert np.array_equal(arrays(quality)[0], ref_quality)
    assert [r.__dict__ for r in summary["records"]] == [r.__dict__ for r in ref_summary["records"]]


# --- the cluster text ------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, workers, address", [
    ("", "in_process", 0, ""), ("  ", "in_process", 0, ""), ("local:3", "local", 3, ""),
    ("LOCAL:1", "local", 1, ""), ("tcp://10.0.0.5:8786", "scheduler", 0, "tcp://10.0.0.5:8786"),
    ("tcp://node-1.example.org:8786", "scheduler", 0, "tcp://node-1.example.org:8786")])
def test_cluster_text_is_parsed(text, kind, workers, address):
    assert ClusterSpec.parse(text) == ClusterSpec(kind, workers, address)


@pytest.mark.parametrize("text, words", [
    ("local:0", "local:N with N between 1 and 256"), ("local:x", "local:N"),
    ("local:1000", "between 1 and 256"), ("10.0.0.5:8786", "tcp://host:port"),
    ("tcp://10.0.0.5", "tcp://host:port"), ("http://h:1", "not understood")])
def test_malformed_cluster_text_is_refused(text, words):
    with pytest.raises(InputError, match=words):
        ClusterSpec.parse(text)


# --- same bytes ------------------------------------------------------------------------------

def test_same_arrays_on_1_and_2_workers_with_dates_split_in_tiles(reference, cluster,
                                                                  predict_region, tmp_path):
    for total in (1, 2):  # the second worker joins the running scheduler
        cluster.add_workers(total - len(cluster.workers))
        out = tmp_path / f"sm_{total}.tif"
        with cluster_session(cluster.address) as executor:
            assert current_executor() is executor and executor.workers == total
            summary, quality = run_predict(predict_region, out)
        assert_same(reference, out, quality, summary)
        with rasterio.open(out) as ds:  # the same tiled, compressed stack as in-process
            assert ds.profile["tiled"] and ds.profile["compress"] == "deflate"
    assert current_executor().distributed is False  # the session ended


def test_same_arrays_when_kriging_is_sensitive_to_the_last_bits(reference, cluster,
                                                               predict_region, tmp_path):
    """A model whose residual field has near-singular kriging systems (LightGBM cut to 20
    rounds, pooled variogram): a last-bit difference in a prediction (rows chunked, BLAS
    threads) would change whole coarse cells by 1e-3 m³/m³. Worker and client agree."""
    import lightgbm as lgb

    cluster.add_workers(max(0, 2 - len(cluster.workers)))
    model = load_model(predict_region["lightgbm"])
    model.estimators = {k: lgb.Booster(model_str=e.booster_.model_to_string(num_iteration=20))
                        for k, e in model.estimators.items()}
    options = PredictOptions(dates=("2019-06-10",), block=64)  # pooled, no mass
    maps = []
    for where in ("", cluster.address):
        out = tmp_path / f"sm_{bool(where)}.tif"
        with cluster_session(where):
            predict_stack(model, predict_region["layers"], str(out),
                          coarse_path=predict_region["coarse"], options=options)
        maps.append(arrays(out)[0])
    assert np.array_equal(maps[0], maps[1])


class KillAt(SilentProgress):
    """Kills a worker process (SIGKILL) once progress passes ``percent``."""

    def __init__(self, pid, percent):
        self.pid, self.percent, self.killed = pid, percent, False

    def set_progress(self, percent):
        if not self.killed and percent >= self.percent:
            os.kill(self.pid, signal.SIGKILL)
            self.killed = True


def test_worker_killed_mid_run_still_gives_the_same_arrays(reference, cluster, predict_region,
                                                          tmp_path):
    cluster.add_workers(max(0, 2 - len(cluster.workers)))
    victim = sorted(cluster.worker_pids().values())[0]
    progress = KillAt(victim, 10.0)
    out = tmp_path / "sm.tif"
    with cluster_session(cluster.address):
        summary, quality = run_predict(predict_region, out, progress)
    assert progress.killed
    with pytest.raises(ProcessLookupError):  # the worker process really died
        os.kill(victim, 0)
    assert_same(reference, out, quality, summary)


class CancelAt(SilentProgress):
    def __init__(self, percent):
        self.percent, self.cancelled = percent, False

    def set_progress(self, percent):
        self.cancelled = self.cancelled or percent >= self.percent

    def is_cancelled(self):
        return self.cancelled


def test_cancel_leaves_no_output_and_no_task_behind(cluster, predict_region, tmp_path):
    out = tmp_path / "sm.tif"
    with cluster_session(cluster.address) as executor:
        with pytest.raises(Cancelled):
            run_predict(predict_region, out, CancelAt(5.0))
        deadline = time.monotonic() + 10
        while executor.client.processing() and any(executor.client.processing().values()) \
                and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(executor.client.processing().values())
    assert os.listdir(tmp_path) == []


def test_workers_read_inputs_over_http_without_a_shared_disk(reference, cluster, predict_region,
                                                            tmp_path):
    """Predictors given as /vsicurl/ URLs (a local web server with byte ranges)."""
    cluster.add_workers(max(0, 2 - len(cluster.workers)))
    root = predict_region["folder"]
    out = tmp_path / "sm.tif"
    with HttpFolder(root) as web:
        layers = [PredictorLayer(layer.name, web.url(os.path.relpath(layer.path, root)),
                                 layer.categorical) for layer in predict_region["layers"]]
        assert layers[0].path.startswith("/vsicurl/http://127.0.0.1:")
        with cluster_session(cluster.address):
            summary, quality = run_predict(predict_region, out, layers=layers)
    assert_same(reference, out, quality, summary)


class Warnings(SilentProgress):
    def __init__(self):
        self.warnings = []

    def warning(self, message):
        self.warnings.append(message)


GSL_CBLAS = "/usr/lib/x86_64-linux-gnu/libgslcblas.so.0"


@pytest.mark.skipif(not os.path.exists(GSL_CBLAS), reason="GSL's CBLAS (a QGIS dependency)")
def test_a_worker_with_another_blas_is_named_in_a_warning(cluster):
    """QGIS computes with GSL's CBLAS; a worker given it while this process is not."""
    before = set(cluster.worker_pids())
    cluster.add_workers(1, env={"LD_PRELOAD": GSL_CBLAS})
    odd = set(cluster.worker_pids()) - before
    progress = Warnings()
    with cluster_session(cluster.address, progress):
        pass
    assert len(odd) == 1 and len(progress.warnings) == 1, progress.warnings
    text = progress.warnings[0]
    assert text.startswith(f"Worker(s) {odd.pop()} multiply matrices with another BLAS")
    assert text.endswith("for identical output start them with the same Python, numpy and "
                         "BLAS as this process.")


# --- faults ----------------------------------------------------------------------------------

def test_unreachable_scheduler_is_refused_before_anything_is_written(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(InputError, match=f"Cannot reach the Dask scheduler at {address}"):
        with cluster_session(address, connect_timeout=2):
            (tmp_path / "written.tif").write_text("never")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="starts a worker as user 'nobody'")
def test_worker_that_cannot_read_an_input_is_named_with_the_path(predict_region, tmp_path,
                                                                tmp_path_factory):
    """The client can read the predictors; the only worker (user nobody) cannot."""
    private = tmp_path / "private"
    private.mkdir()
    layers = []
    for layer in predict_region["layers"]:
        path = private / os.path.basename(layer.path)
        path.write_bytes(open(layer.path, "rb").read())
        layers.append(PredictorLayer(layer.name, str(path), layer.categorical))
    os.chmod(private, 0o700)
    alone = ExternalCluster(tmp_path_factory.mktemp("nobody_cluster")).start()
    try:
        alone.add_workers(1, user="nobody")
        address = next(iter(alone.worker_pids()))
        out = tmp_path / "sm.tif"
        with cluster_session(alone.address):
            with pytest.raises(InputError) as err:
                run_predict(predict_region, out, layers=layers)
        assert f"Cannot read '{private}" in str(err.value)
        assert f"on worker {address}" in str(err.value)
        assert not out.exists() and not [p for p in os.listdir(tmp_path) if p.endswith(".tif")]
    finally:
        alone.stop()


# --- a local cluster ---------------------------------------------------------------------------

def test_local_cluster_runs_in_python_processes_of_its_own(reference, predict_region, tmp_path):
    out = tmp_path / "sm.tif"
    with cluster_session("local:2") as executor:
        pids = executor.client.run(os.getpid)
        commands = {p: open(f"/proc/{p}/cmdline", "rb").read().split(b"\0") for p in
                    pids.values()}
        summary, quality = run_predict(predict_region, out)
    assert len(pids) == 2 and os.getpid() not in pids.values()
    for command in commands.values():  # a Python interpreter started afresh, not a fork
        assert os.path.basename(command[0].decode()).startswith("python")
    assert_same(reference, out, quality, summary)
    time.sleep(0.5)
    for pid in pids.values():  # stopped with the session
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)

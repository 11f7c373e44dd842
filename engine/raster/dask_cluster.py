"""Units of work on a Dask cluster: connect or start it, send units, take results in order.

:meth:`DaskExecutor.start` connects to a running scheduler (``tcp://host:port``)
or starts a local one with N worker processes (``local:N``,
:class:`LocalProcesses`), checks that it has workers and that every worker can
import this plugin's engine, and yields the executor. Each walk then:

1. sends its :class:`~.executors.UnitTask` once (a task of its own, so a worker
   that dies and is replaced gets it again from the scheduler);
2. keeps at most ``in_flight`` units submitted (about four per worker thread), so
   memory on the client stays flat however many units the walk has;
3. yields the results in unit order; the caller writes them exactly as in-process,
   so the output's bytes do not depend on the executor (results travel back to the
   client through the scheduler's network, ≈ 8 bytes per cell and array).

A worker that dies is replaced by its nanny and its units are computed again
elsewhere by the scheduler (``distributed.scheduler.allowed-failures`` times). An
error raised by a unit (an unreadable input, say) is raised here with the
worker's address. Cancel cancels the outstanding futures. Local clusters run in
their own Python processes (``python3 -m distributed.cli.dask_worker``), never
forked from the calling process, so they are safe inside the QGIS desktop.
"""
import collections
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings

from ..errors import InputError
from ..progress import ensure_progress
from .blas_identity import blas_fingerprint, cblas_library

CONNECT_TIMEOUT = 10.0  # s to reach a scheduler
WORKER_TIMEOUT = 60.0  # s for the first worker (local: all workers) to join
IN_FLIGHT_PER_THREAD = 4
RESULT_POLL = 0.5  # s between cancel checks while waiting for a result
PYTHON_ENV = "SMDOWNSCALE_WORKER_PYTHON"  # Python that runs local workers (default: python3)
_PACKAGE = __name__.split(".")[0]  # the plugin's top-level package ('smdownscale')


def import_distributed():
    """The ``distributed`` module, or InputError saying how to install it."""
    try:
        import distributed
    except ImportError as err:
        raise InputError(
            "The cluster mode needs Dask's distributed scheduler, which is not installed: "
            "run 'sudo apt-get install python3-distributed' (Debian/Ubuntu), or leave "
            "Cluster empty to run in this process.") from err
    return distributed


def package_parent():
    """The folder holding this plugin's package: what workers need on PYTHONPATH."""
    package = sys.modules[_PACKAGE]
    return os.path.dirname(os.path.abspath(list(package.__path__)[0]))


def worker_python():
    """The Python that runs local workers: the interpreter this code runs in.

    $SMDOWNSCALE_WORKER_PYTHON if set; in a virtual environment, its Python; else
    the interpreter of this process's installation (``/usr/bin/python3.11`` for
    Debian 12's QGIS). Inside QGIS (desktop or ``qgis_process``) ``sys.executable``
    is QGIS, or whatever ``python3`` comes first on PATH (a pyenv shim, say), so it
    is not trusted: the installation's prefix gives the same version and packages.
    """
    chosen = os.environ.get(PYTHON_ENV)
    if chosen:
        return chosen
    is_python = os.path.basename(sys.executable or "").startswith("python")
    if sys.prefix != sys.base_prefix and is_python:
        return sys.executable
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    path = os.path.join(sys.base_exec_prefix, "bin", version)
    if os.access(path, os.X_OK):
        return path
    return sys.executable if is_python else shutil.which(version) or "python3"


class LocalProcesses:
    """A scheduler and ``workers`` worker processes on this machine, for one run.

    Each worker has one thread and a nanny that restarts it if it dies. Everything
    runs in a new session (process group) of its own and is stopped on :meth:`close`.
    """

    def __init__(self, workers, python=None):
        self.workers = workers
        self.python = python or worker_python()
        self.folder = tempfile.mkdtemp(prefix="smdownscale_cluster_")
        self.processes = []
        self.address = None

    def _spawn(self, name, *args):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_parent(), env.get("PYTHONPATH")) if p)
        # The environment (BLAS threads too: OpenBLAS's sums differ with 1 and 2 threads)
        # and the CBLAS are this process's (QGIS: GSL's), so results are equal.
        cblas = cblas_library()
        if cblas:
            env["LD_PRELOAD"] = " ".join(p for p in (cblas, env.get("LD_PRELOAD")) if p)
        log = open(os.path.join(self.folder, f"{name}.log"), "wb")
        with log:
            proc = subprocess.Popen([self.python, "-m", *args], env=env, stdout=log,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=self.folder, start_new_session=True)
        self.processes.append(proc)
        return proc

    def start(self, timeout=WORKER_TIMEOUT):
        """Start the scheduler, wait for its address, start the workers; return the address."""
        scheduler_file = os.path.join(self.folder, "scheduler.json")
        scheduler = self._spawn("scheduler", "distributed.cli.dask_scheduler",
                                "--host", "127.0.0.1", "--port", "0", "--dashboard-address",
                                ":0", "--scheduler-file", scheduler_file)
        deadline = time.monotonic() + timeout
        while not os.path.exists(scheduler_file):
            if scheduler.poll() is not None or time.monotonic() > deadline:
                raise InputError("The local Dask scheduler did not start with "
                                 f"'{self.python}': {self.log_tail('scheduler')}")
            time.sleep(0.1)
        time.sleep(0.1)  # the file is written in one go; let it be closed
        import json

        with open(scheduler_file) as f:
            self.address = json.load(f)["address"]
        for i in range(self.workers):
            self._spawn(f"worker-{i}", "distributed.cli.dask_worker", self.address,
                        "--nthreads", "1", "--name", f"local-{i}", "--dashboard-address",
                        ":0", "--local-directory", self.folder)
        return self.address

    def log_tail(self, name, lines=5):
        """The last lines of a process's log (for error messages)."""
        try:
            with open(os.path.join(self.folder, f"{name}.log"), errors="replace") as f:
                return " | ".join(f.read().strip().splitlines()[-lines:]) or "(no output)"
        except OSError:
            return "(no log)"

    def close(self):
        """Stop the workers and the scheduler (their whole process groups); remove the folder."""
        for proc in reversed(self.processes):
            _signal_group(proc, signal.SIGTERM)
        for proc in reversed(self.processes):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _signal_group(proc, sig):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


class DaskExecutor:
    """Sends the units of a walk to a Dask cluster; see the module docstring."""

    distributed = True

    def __init__(self, client, spec, progress=None):
        self.client, self.spec = client, spec
        self.progress = ensure_progress(progress)
        self.workers = max(1, sum(client.nthreads().values()))
        self.in_flight = IN_FLIGHT_PER_THREAD * self.workers

    @classmethod
    @contextlib.contextmanager
    def start(cls, spec, progress=None, connect_timeout=CONNECT_TIMEOUT,
              worker_timeout=WORKER_TIMEOUT, python=None):
        """Connect to (or start) the cluster of ``spec``; yield the executor; shut down."""
        distributed = import_distributed()
        progress = ensure_progress(progress)
        with contextlib.ExitStack() as stack:
            address = spec.address
            if spec.kind == "local":
                local = LocalProcesses(spec.workers, python)
                stack.callback(local.close)
                address = local.start(worker_timeout)
            client = _connect(distributed, address, connect_timeout)
            stack.callback(client.close)
            wanted = spec.workers if spec.kind == "local" else 1
            try:
                client.wait_for_workers(wanted, timeout=worker_timeout)
            except Exception as err:
                raise InputError(
                    f"{spec.describe().capitalize()} has no worker ready after "
                    f"{worker_timeout:g} s. Start workers with 'dask-worker {address}' "
                    "(with this plugin's folder on PYTHONPATH), or leave Cluster empty "
                    "to run in this process.") from err
            _check_workers(client)
            _check_blas(client, progress)
            executor = cls(client, spec, progress)
            progress.info(f"Running on {spec.describe()}: {len(client.nthreads())} "
                          f"worker(s), {executor.workers} thread(s), scheduler {address}")
            yield executor

    def describe(self):
        return self.spec.describe()

    def map(self, task, units, check_cancelled=None):
        """Yield ``task(unit)`` for each unit, in unit order, computed on the workers."""
        client = self.client
        with warnings.catch_warnings():  # kept in the graph on purpose: see the module doc
            warnings.filterwarnings("ignore", "Large object", UserWarning)
            sent = client.submit(_identity, task, pure=False)
        pending = collections.deque()
        todo = iter(units)
        try:
            for unit in todo:
                pending.append(client.submit(_run_unit, sent, unit, pure=False))
                if len(pending) >= self.in_flight:
                    break
            while pending:
                result = _wait(pending.popleft(), check_cancelled)
                unit = next(todo, None)
                if unit is not None:
                    pending.append(client.submit(_run_unit, sent, unit, pure=False))
                yield result
        finally:
            client.cancel(list(pending) + [sent])


def _connect(distributed, address, timeout):
    """A client of the scheduler at ``address``; InputError when it cannot be reached.

    A plain TCP connection is tried first, so a refused port fails at once instead
    of after Dask's retries.
    """
    try:
        host, port = address.split("://", 1)[1].rsplit(":", 1)
        socket.create_connection((host, int(port)), timeout=timeout).close()
        return distributed.Client(address, timeout=timeout, set_as_default=False)
    except Exception as err:  # OSError, TimeoutError, CommClosedError …
        raise InputError(
            f"Cannot reach the Dask scheduler at {address} ({type(err).__name__}: {err}). "
            "Check that it is running ('dask-scheduler') and that this machine can reach "
            "its host and port, or leave Cluster empty to run in this process.") from err


def _check_workers(client):
    """Every worker must import this plugin's engine; InputError naming those that cannot."""
    module = f"{_PACKAGE}.engine.raster.dask_cluster"
    answers = client.run(exec, f"import {module}", on_error="return")
    failed = {w: a for w, a in answers.items() if isinstance(a, BaseException)}
    if failed:
        names = ", ".join(f"{w} ({type(a).__name__}: {a})" for w, a in sorted(failed.items()))
        raise InputError(
            f"Worker(s) {names} cannot import this plugin's engine '{_PACKAGE}'. Start the "
            f"workers with PYTHONPATH={package_parent()} (the folder holding the plugin) "
            "and Python with numpy, rasterio and the learners installed.")


def _check_blas(client, progress):
    """Warn when workers multiply matrices with another BLAS than this process.

    Their results would then differ from a run here in the last bits (see
    :mod:`.blas_identity`); the warning says how to start them alike.
    """
    here = blas_fingerprint()
    answers = client.run(blas_fingerprint, on_error="return")
    other = sorted(w for w, a in answers.items() if a != here)
    if other:
        cblas = cblas_library()
        fix = (f"start them with LD_PRELOAD={cblas} (the CBLAS this process uses)"
               if cblas else "start them with the same Python, numpy and BLAS as this process")
        progress.warning(
            f"Worker(s) {', '.join(other)} multiply matrices with another BLAS than this "
            "process, so values may differ from a run here in the last digits; for "
            f"identical output {fix}.")


def _wait(future, check_cancelled):
    """The future's result, checking cancel every :data:`RESULT_POLL` seconds."""
    finished = threading.Event()
    future.add_done_callback(lambda _: finished.set())
    while True:
        if check_cancelled is not None:
            check_cancelled()
        if finished.wait(RESULT_POLL):
            return future.result()


def _identity(value):
    """The task object itself: stored on a worker, rebuilt by the scheduler if lost."""
    return value


def _run_unit(task, unit):
    """Worker side: ``task(unit)``; an error names this worker (and the unit)."""
    try:
        return task(unit)
    except InputError as err:
        raise InputError(f"{err} (on worker {_worker_address()})") from err
    except Exception as err:
        raise InputError(
            f"Worker {_worker_address()} failed on window {_describe(unit)}: "
            f"{type(err).__name__}: {err}") from err


def _worker_address():
    from distributed import get_worker

    try:
        return get_worker().address
    except ValueError:
        return "(not a worker)"


def _describe(unit):
    w = unit.window
    text = f"rows {w.row_off}–{w.row_off + w.height - 1}, cols {w.col_off}–{w.col_off + w.width - 1}"
    return text + (f" of band {unit.band}" if unit.band else "")

"""Where a walk's units of work run: in this process (the default) or on a Dask cluster.

A :class:`~.windows.BlockWalker` hands the units of a walk to the *current
executor* (:func:`current_executor`): :data:`IN_PROCESS` computes them one after
the other here; a :class:`~.dask_cluster.DaskExecutor` sends them to the workers
of a Dask scheduler and gives the results back in unit order, so the caller writes
exactly what it would have written in-process.

Only :class:`UnitTask` objects travel: a picklable callable ``task(unit) → result``
that holds paths and settings, opens its inputs itself on first use
(:class:`~.lazy_raster.LazyRaster`) and changes nothing outside itself (counts
travel back in the result). Any other callable runs in this process.

The cluster is chosen by a text (the algorithms' ``CLUSTER`` parameter,
:class:`ClusterSpec`): empty = in-process; ``local:N`` = N worker processes
started on this machine for the run; ``tcp://host:port`` = an existing scheduler.
:func:`cluster_session` connects (or starts) it before anything is written, makes
it current for the ``with`` block and shuts down what it started.
"""
import contextlib
import contextvars
import re
from dataclasses import dataclass

from ..errors import InputError
from .thread_state import ThreadState

LOCAL_PREFIX = "local:"
MAX_LOCAL_WORKERS = 256
_ADDRESS = re.compile(r"^(tcp|tls)://[^\s/:]+:\d{1,5}$")


class UnitTask(ThreadState):
    """Base of the callables a walk may send to other processes.

    A subclass is picklable (no open file, no progress object, no reference to the
    caller's writers), computes ``__call__(unit)`` from the unit and its own
    settings only, and returns everything the caller needs (values, counts). Open
    files and caches go in ``self.local`` (:class:`~.thread_state.ThreadState`):
    one per thread, never pickled.
    """

    def __call__(self, unit):
        raise NotImplementedError


@dataclass(frozen=True)
class ClusterSpec:
    """Parsed ``CLUSTER`` text: ``kind`` is "in_process", "local" or "scheduler"."""

    kind: str = "in_process"
    workers: int = 0  # local: worker processes to start
    address: str = ""  # scheduler: tcp://host:port

    @classmethod
    def parse(cls, text):
        """The spec of ``text`` ('' / 'local:N' / 'tcp://host:port'); InputError if malformed."""
        text = (text or "").strip()
        if not text:
            return cls()
        if text.lower().startswith(LOCAL_PREFIX):
            count = text[len(LOCAL_PREFIX):].strip()
            if not count.isdigit() or not 1 <= int(count) <= MAX_LOCAL_WORKERS:
                raise InputError(
                    f"Cluster '{text}': give the number of local worker processes as "
                    f"local:N with N between 1 and {MAX_LOCAL_WORKERS} (e.g. local:4).")
            return cls("local", workers=int(count))
        if _ADDRESS.match(text):
            return cls("scheduler", address=text)
        raise InputError(
            f"Cluster '{text}' is not understood. Leave it empty to run in this process, "
            "give local:N to start N worker processes on this machine, or the address of "
            "a running Dask scheduler as tcp://host:port.")

    @property
    def in_process(self):
        return self.kind == "in_process"

    def describe(self):
        if self.kind == "local":
            return f"a local Dask cluster of {self.workers} worker process(es)"
        if self.kind == "scheduler":
            return f"the Dask scheduler at {self.address}"
        return "this process"


class InProcess:
    """Computes units here, one after the other (checking cancel before each)."""

    distributed = False
    workers = 1

    def map(self, task, units, check_cancelled=None):
        """Yield ``task(unit)`` for each unit in order."""
        for unit in units:
            if check_cancelled is not None:
                check_cancelled()
            yield task(unit)

    def describe(self):
        return "this process"


IN_PROCESS = InProcess()
_CURRENT = contextvars.ContextVar("smdownscale_executor", default=IN_PROCESS)


def current_executor():
    """The executor walks use now (:data:`IN_PROCESS` outside a :func:`cluster_session`)."""
    return _CURRENT.get()


@contextlib.contextmanager
def using(executor):
    """Make ``executor`` current for the ``with`` block."""
    token = _CURRENT.set(executor)
    try:
        yield executor
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def cluster_session(text, progress=None, **options):
    """Connect to (or start) the cluster ``text`` names, current for the ``with`` block.

    Raises :class:`InputError` before yielding when the text is malformed, Dask is
    not installed, the scheduler cannot be reached or has no usable worker, so a
    failing cluster leaves no output behind. ``options`` go to
    :meth:`~.dask_cluster.DaskExecutor.start` (timeouts, the workers' Python).
    """
    spec = ClusterSpec.parse(text)
    if spec.in_process:
        with using(IN_PROCESS) as executor:
            yield executor
        return
    from .dask_cluster import DaskExecutor

    with DaskExecutor.start(spec, progress, **options) as executor, using(executor):
        yield executor

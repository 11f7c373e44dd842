"""Compiled LightGBM inference: the same trees as machine code, built once and cached.

`lleaves <https://github.com/siboehm/lleaves>`_ (1.3, on LLVM through llvmlite)
turns a LightGBM model text into native code that predicts the same values as
``Booster.predict`` (double precision, same split rules, NaN routing included),
measured ~10× faster on 500 rounds × 63 leaves (issue 21). **Bit for bit**: lleaves
adds the trees in blocks by default (34 trees summed, then added), which changes the
last bits of 9 in 10 predictions (up to 2e-14); compiled with one tree per block
(:data:`TREE_BLOCK`) it adds them one at a time in LightGBM's order and gives the
same bytes (measured 35 % slower than blocks of 34, still 4–10× faster than
LightGBM). So whether a run predicts compiled or not — which depends on the rows and
on the cache — never changes its output, and the agreement check demands equality. Compiling takes seconds
to minutes, so the object code is cached in a folder (:mod:`.compile_cache`:
checksummed, size-limited), under a name made of the SHA-256 of the model text,
the lleaves and llvmlite versions and the CPU (machine, LLVM's CPU name and
features): a second run on the same model loads it and compiles nothing.

**Only when it pays.** Without a cached library, a model is compiled only when the
rows still to predict would cost the learner more time than compiling takes:
the learner's time per row is measured on :data:`TIMING_ROWS` check rows (one
thread) and shared among the ``threads`` that will predict them (compiling uses
one), the compile is estimated at :data:`COMPILE_SECONDS_PER_LEAF` per leaf
(measured here: 0.9 ms per leaf for 20 × 15 leaves, 1.2 ms for 100 × 31, 1.7 ms
for 200 × 63, 2.5 ms for 500 × 63), and the compiled code is taken to save
:data:`EXPECTED_SAVING` of the learner's time (it ran 4–10× faster). A cached
library is always used; ``rows`` = 0 (train's compile-at-the-end) always compiles.

Bare inference is kept, and the reason given, when:

- compiled inference is turned off (:class:`CompileOptions` ``enabled=False``);
- compiling would cost more than it saves (above);
- lleaves or llvmlite cannot be imported;
- the model is not LightGBM, or uses what lleaves ignores: linear trees
  (``linear_tree``: lleaves reads only the constant leaf values) — categorical
  splits are compiled (lleaves implements LightGBM's category bitsets);
- compiling or loading fails, or the compiled code disagrees with the learner on a
  check set built from the model's own split thresholds (values at, just below and
  just above every threshold, and NaN).
"""
import hashlib
import os
import platform
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, replace

import numpy as np

from ..dependencies import missing
from . import compile_cache

CHECK_ROWS = 512  # rows of the agreement check after every compile or cache load
CHECK_TOLERANCE = 0.0  # largest |compiled − learner| accepted on the check rows, m³/m³
TREE_BLOCK = 1  # lleaves' fblocksize: trees added one at a time, in LightGBM's order
CACHE_SUFFIX = ".lleaves.o"
TIMING_ROWS = 2048  # rows the learner predicts to measure its time per row
COMPILE_SECONDS_PER_LEAF = 2.5e-3  # estimated compile time (one core), s per leaf
EXPECTED_SAVING = 0.75  # share of the learner's predict time the compiled code saves
# LightGBM's kZeroThreshold, the float 1e-35f (1.0000000180025095e-35 as a double): a value
# whose magnitude is at or below it counts as 0
ZERO_THRESHOLD = float(np.float32(1e-35))
NOT_WORTH_IT = "compiling would take longer than it saves"


@dataclass(frozen=True)
class CompileOptions:
    """Compiled inference choices (frozen: change a copy with ``dataclasses.replace``).

    ``enabled``: False forces the bare learner; ``cache_dir``: folder of the compiled
    libraries ('' = :func:`default_cache_dir`); ``rows``: rows the model will predict
    (0 = unknown: compile whatever it costs); ``threads``: threads that will predict
    them (1 on a cluster, where CPU time is what counts); ``cache_limit_mb``: size the
    cache folder is kept under, MB.
    """

    enabled: bool = True
    cache_dir: str = ""
    rows: int = 0
    threads: int = 1
    cache_limit_mb: float = compile_cache.DEFAULT_LIMIT_BYTES / 1024 ** 2

    def validated(self):
        """A checked copy with the cache folder resolved to an absolute path."""
        from ..errors import InputError

        if not self.rows >= 0 or not self.threads >= 1 or not self.cache_limit_mb > 0:
            raise InputError("Rows to predict must be ≥ 0, threads ≥ 1 and the "
                             "compiled-model cache limit > 0 MB.")
        folder = os.path.abspath(os.path.expanduser(self.cache_dir or default_cache_dir()))
        return replace(self, enabled=bool(self.enabled), cache_dir=folder, rows=int(self.rows),
                       threads=int(self.threads))


def default_cache_dir():
    """``$XDG_CACHE_HOME/smdownscale/compiled`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "smdownscale", "compiled")


@dataclass
class Compiled:
    """What :func:`compile_estimator` gave.

    ``predictor``: has ``predict(X)`` (the compiled model, or the estimator itself);
    ``compiled``: True when ``predictor`` is compiled code; ``reason``: why not ('' when
    compiled); ``cache_hit``: the library was loaded from the cache; ``seconds``: time
    spent compiling or loading, s; ``library``: path of the cached library ('' if none);
    ``skipped``: True when not compiling was a choice (turned off, not worth it, not
    LightGBM) rather than a failure; ``estimate``: (compile s, saving s) when not worth it.
    """

    predictor: object
    compiled: bool
    reason: str = ""
    cache_hit: bool = False
    seconds: float = 0.0
    library: str = ""
    skipped: bool = False
    estimate: tuple = ()


class CompiledLightGBM:
    """``predict(X)`` of a compiled LightGBM model, float64, one thread per call.

    Threads come from the caller (:func:`~..learn.learners.map_rows` runs one call
    per core on row chunks); the compiled code releases Python's lock. Pickled (to
    a cluster worker) as the model text and the cached library's path: the worker
    loads the library where it can read it, else compiles it again, on first use.
    """

    def __init__(self, model, model_text, library):
        self.model, self.model_text, self.library = model, model_text, library
        self._lock = threading.Lock()

    def __getstate__(self):
        return {"model_text": self.model_text, "library": self.library}

    def __setstate__(self, state):
        self.__init__(None, state["model_text"], state["library"])

    def loaded(self):
        """The lleaves model, loaded (or compiled) once per process."""
        if self.model is None:
            with self._lock:
                if self.model is None:
                    self.model = load_or_compile(self.model_text, self.library)[0]
        return self.model

    def predict(self, X):
        """Predictions (float64) of rows ``X``, as LightGBM gives them.

        LightGBM reads a value with |v| ≤ 1e-35 (its ``kZeroThreshold``) as 0 before
        comparing it with a split's threshold (its zero-split thresholds are ±1e-35
        themselves); lleaves compares the value as it is, so such values are set to 0
        here first. Every other value, NaN included, goes in unchanged.
        """
        rows = np.array(X, dtype=np.float64, order="C")
        rows[np.abs(rows) <= ZERO_THRESHOLD] = 0.0
        return self.loaded().predict(rows, n_jobs=1)


def booster_of(estimator):
    """The LightGBM Booster of an estimator (LGBMRegressor or Booster), else None."""
    if type(estimator).__module__.startswith("lightgbm"):
        booster = getattr(estimator, "booster_", estimator)
        if hasattr(booster, "model_to_string"):
            return booster
    return None


def unsupported_reason(model_text):
    """Why lleaves cannot compile this LightGBM model text exactly, or ''."""
    for line in model_text.splitlines():
        if line.strip() == "is_linear=1":
            return ("the model has linear trees (linear_tree), whose leaf equations "
                    "lleaves does not compile")
    return ""


def _quiet_import(name):
    """Import ``name`` without the DeprecationWarning llvmlite 0.39 prints when it loads
    its library (importlib.resources.path), which qgis_process would show every run."""
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module(name)


def cache_key(model_text):
    """SHA-256 naming a compiled library: model text, lleaves/llvmlite versions, CPU."""
    from importlib.metadata import version

    llvmlite = _quiet_import("llvmlite")
    llvm = _quiet_import("llvmlite.binding")

    llvm.initialize()
    llvm.initialize_native_target()
    try:
        features = llvm.get_host_cpu_features().flatten()
    except RuntimeError:
        features = ""
    parts = [model_text, "lleaves " + version("lleaves"), "llvmlite " + llvmlite.__version__,
             platform.machine(), llvm.get_host_cpu_name(), features, "fp64",
             f"fblocksize={TREE_BLOCK}"]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def compile_estimator(estimator, options=None, model_text=None):
    """A :class:`Compiled` for ``estimator``: its compiled form, or itself with the reason.

    ``model_text``: the booster's ``model_to_string()`` when the caller has it already.
    """
    opts = (options or CompileOptions()).validated()
    booster = booster_of(estimator)
    if booster is None:
        return Compiled(estimator, False, "only LightGBM models are compiled", skipped=True)
    if not opts.enabled:
        return Compiled(estimator, False, "compiled inference is turned off", skipped=True)
    absent = missing(["llvmlite", "lleaves"])
    if absent:
        return Compiled(estimator, False, f"{' and '.join(absent)} not installed (the "
                        f"plugin's scripts/setup.sh installs {'them' if absent[1:] else 'it'})")
    text = model_text or booster.model_to_string()
    reason = unsupported_reason(text)
    if reason:
        return Compiled(estimator, False, reason)
    try:
        library = os.path.join(opts.cache_dir, cache_key(text) + CACHE_SUFFIX)
        if opts.rows and not compile_cache.is_intact(library):
            compile_s, saving = costs(booster, text, opts.rows, opts.threads)
            if saving < compile_s:
                return Compiled(estimator, False, NOT_WORTH_IT, skipped=True,
                                estimate=(compile_s, saving))
        return _compile(estimator, booster, text, library, opts)
    except OSError as err:  # the cache folder cannot be made or written
        if not str(getattr(err, "filename", "") or "").startswith(str(opts.cache_dir)):
            return Compiled(estimator, False, f"compiling failed ({type(err).__name__}: {err})")
        return Compiled(estimator, False, f"the compiled-model cache folder "
                        f"'{opts.cache_dir}' cannot be used ({err.strerror}); choose another "
                        "folder for COMPILE_CACHE")
    except Exception as err:  # noqa: BLE001 — any failure falls back to the learner
        return Compiled(estimator, False, f"compiling failed ({type(err).__name__}: {err})")


def leaf_count(model_text):
    """Leaves of all trees of a LightGBM model text."""
    return sum(int(line[len("num_leaves="):]) for line in model_text.splitlines()
               if line.startswith("num_leaves="))


def costs(booster, text, rows, threads=1):
    """(estimated compile s, estimated s saved on ``rows`` rows predicted by ``threads``
    threads) of a model."""
    compile_s = leaf_count(text) * COMPILE_SECONDS_PER_LEAF
    X = check_rows(text, booster.num_feature(), n=TIMING_ROWS)
    start = time.process_time()
    booster.predict(X, num_threads=1)
    per_row = (time.process_time() - start) / TIMING_ROWS
    return compile_s, rows * per_row * EXPECTED_SAVING / threads


def _compile(estimator, booster, text, library, opts):
    """Compile (or load ``library``) and check against the learner."""
    os.makedirs(opts.cache_dir, exist_ok=True)
    start = time.perf_counter()
    model, hit = load_or_compile(text, library)
    seconds = time.perf_counter() - start
    if not hit and os.path.isfile(library):
        compile_cache.prune(opts.cache_dir, CACHE_SUFFIX, library,
                            opts.cache_limit_mb * 1024 ** 2)
    predictor = CompiledLightGBM(model, text, library)
    gap = _disagreement(predictor, booster, text)
    if not gap <= CHECK_TOLERANCE:
        return Compiled(estimator, False, f"the compiled model differs from the learner by "
                        f"{gap:.3g} on the check rows", library=library)
    return Compiled(predictor, True, cache_hit=hit, seconds=seconds, library=library)


def load_or_compile(text, library):
    """(lleaves model of model ``text``, True when loaded from ``library``).

    Loads ``library`` only when its checksum matches (:mod:`.compile_cache`; a damaged
    one is removed). Compiles into a temporary file moved onto ``library`` (whole file
    or nothing: runs may share the cache); where the folder cannot be written (a
    worker's read-only view of it), the compiled library stays in a temporary folder.
    """
    lleaves = _quiet_import("lleaves")
    folder = os.path.dirname(library)
    writable = os.path.isdir(folder) and os.access(folder, os.W_OK)
    hit = compile_cache.is_intact(library)
    if not hit and writable:
        compile_cache.discard(library)
    scratch = folder if writable else None
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        model_file = os.path.join(tmp, "model.txt")
        with open(model_file, "w", encoding="utf-8") as f:
            f.write(text)
        model = lleaves.Model(model_file=model_file)
        target = library if hit else os.path.join(tmp, f"{uuid.uuid4().hex}{CACHE_SUFFIX}")
        model.compile(cache=target, fblocksize=TREE_BLOCK)
        if hit:
            compile_cache.touch(library)
        elif scratch is not None:
            compile_cache.store(target, library)
    return model, hit


def _disagreement(predictor, booster, text):
    """Largest |compiled − learner| on :func:`check_rows`."""
    X = check_rows(text, booster.num_feature())
    return float(np.max(np.abs(predictor.predict(X) - booster.predict(X))))


def check_rows(model_text, n_features, n=CHECK_ROWS, seed=0):
    """Rows that reach many leaves: each value at, just below or just above one of the
    feature's split thresholds, some NaN (missing-value routing)."""
    rng = np.random.default_rng(seed)
    thresholds = _thresholds(model_text, n_features)
    X = np.empty((n, n_features))
    for j, values in enumerate(thresholds):
        if values.size == 0:
            values = np.array([0.0])
        pick = values[rng.integers(values.size, size=n)]
        X[:, j] = pick * (1 + rng.choice([-1e-12, 0.0, 1e-12], size=n)) \
            + rng.choice([-1e-9, 0.0, 1e-9], size=n)
    X[rng.random(X.shape) < 0.05] = np.nan
    return X


def _thresholds(model_text, n_features):
    """Per feature, the numerical split thresholds of every tree (float64 arrays), read
    from the model text's ``split_feature``/``threshold``/``decision_type`` lines (bit 0
    of the decision type marks a categorical split, whose threshold is a bitset index)."""
    found = [[] for _ in range(n_features)]
    tree = {}
    for line in model_text.splitlines():
        key, _, value = line.partition("=")
        if key in ("split_feature", "threshold", "decision_type"):
            tree[key] = value.split()
        if len(tree) == 3:
            for j, t, kind in zip(tree["split_feature"], tree["threshold"],
                                  tree["decision_type"]):
                if not int(kind) & 1:
                    found[int(j)].append(float(t))
            tree = {}
    return [np.unique(np.array(v, dtype=float)) for v in found]


def report(results, progress):
    """Log what :func:`compile_estimator` gave for a model's estimators, each reason once."""
    compiled = [r for r in results if r.compiled]
    if compiled:
        hits = sum(r.cache_hit for r in compiled)
        progress.info(f"Compiled inference for {len(compiled)} LightGBM model(s): "
                      f"{hits} loaded from the cache, {len(compiled) - hits} compiled in "
                      f"{sum(r.seconds for r in compiled if not r.cache_hit):.1f} s.")
    costly = [r.estimate for r in results if r.estimate]
    if costly:
        progress.info(f"LightGBM predicts with its own code for {len(costly)} model(s): "
                      f"{NOT_WORTH_IT} (compiling ≈ {sum(c for c, _ in costly):.0f} s, saving "
                      f"≈ {sum(s for _, s in costly):.0f} s on these rows; train's Compile "
                      f"option compiles ahead, and predict then loads the cached code).")
    reasons = sorted({r.reason for r in results if not r.compiled and not r.skipped})
    for reason in reasons:
        progress.info(f"LightGBM predicts with its own code: {reason}.")
    if any(r.reason == "compiled inference is turned off" for r in results):
        progress.info("LightGBM predicts with its own code: compiled inference is turned off.")

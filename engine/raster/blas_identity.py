"""Which BLAS this process computes with, so workers can compute with the same one.

Matrix products (``@``, ``np.dot``, the learners' linear algebra) go through the
CBLAS functions the process resolved first. A plain Python process gets
OpenBLAS's; QGIS loads GSL's reference CBLAS (``libgslcblas``) before numpy, so in
QGIS numpy's products are GSL's, whose sums end in different last bits. A result
computed on a cluster worker equals the client's only when both use the same
CBLAS: :func:`cblas_library` names the client's (for ``LD_PRELOAD`` of local
workers) and :func:`blas_fingerprint` compares the two sides.
"""
import ctypes
import ctypes.util
import hashlib
import threading

import numpy as np


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]


def cblas_library():
    """Path of the library whose ``cblas_dgemm`` this process's global scope resolves, or None.

    None when no CBLAS is global (a plain Python: numpy's BLAS is loaded locally)
    or the lookup is not possible here.
    """
    try:
        address = ctypes.cast(ctypes.CDLL(None).cblas_dgemm, ctypes.c_void_p)
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        info = _DlInfo()
        if not libc.dladdr(address, ctypes.byref(info)) or not info.dli_fname:
            return None
        return info.dli_fname.decode()
    except (AttributeError, OSError):
        return None


def blas_fingerprint():
    """A short hash of fixed matrix products: equal only where the same BLAS sums them.

    Computed with one BLAS thread, so it tells the implementation (GSL's CBLAS or
    OpenBLAS), not the thread count a process happens to have set.
    """
    rng = np.random.default_rng(20)
    a, b = rng.standard_normal((67, 131)), rng.standard_normal((131, 59))
    with one_blas_thread():
        products = (a @ b).tobytes() + np.dot(a[0], b[:, 0]).tobytes()
    return hashlib.sha1(products).hexdigest()[:12]


class _OneBlasThread:
    """BLAS limited to one thread while any thread of the process is inside (refcounted).

    threadpoolctl's limit is process-wide: with two threads inside, the first to leave
    would otherwise give BLAS its threads back under the other.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._inside = 0
        self._limit = None
        self._controller = None  # found once: looking for the libraries costs ms

    def __enter__(self):
        with self._lock:
            if self._inside == 0:
                if self._controller is None:
                    from threadpoolctl import ThreadpoolController

                    self._controller = ThreadpoolController()
                self._limit = self._controller.limit(limits=1, user_api="blas")
            self._inside += 1
        return self

    def __exit__(self, *exc):
        with self._lock:
            self._inside -= 1
            if self._inside == 0:
                self._limit.restore_original_limits()
                self._limit = None
        return False


_ONE_BLAS_THREAD = _OneBlasThread()


def one_blas_thread():
    """Context manager: BLAS runs on one thread inside (any thread of the process).

    Matrix products then end in the same bits whatever BLAS's own thread count, and
    small ones do not pay for waking threads.
    """
    return _ONE_BLAS_THREAD

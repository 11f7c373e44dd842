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
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(20)
    a, b = rng.standard_normal((67, 131)), rng.standard_normal((131, 59))
    with threadpool_limits(limits=1, user_api="blas"):
        products = (a @ b).tobytes() + np.dot(a[0], b[:, 0]).tobytes()
    return hashlib.sha1(products).hexdigest()[:12]

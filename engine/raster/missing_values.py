"""NaN and ±inf in a raster that declares no nodata value: counted and told once.

Every reader treats a non-finite cell as missing. A file that declares a nodata
value says which cells are missing; a file that declares none but holds NaN or
±inf (a float GeoTIFF written by a script, a division by zero) is usually a file
whose missing cells were never declared, or a computation gone wrong: the cells
are still treated as missing, but the user is told how many there were.
"""
import os

import numpy as np


def undeclared_nonfinite(data, nodata):
    """Cells (positions of the last two axes) holding NaN/inf in any band of ``data``
    (bands, rows, cols) or (rows, cols), when the raster declares no ``nodata``; 0
    when it declares one or holds integers."""
    data = np.asarray(data)
    if nodata is not None or not np.issubdtype(data.dtype, np.floating):
        return 0
    bad = ~np.isfinite(data)
    if bad.ndim == 3:
        bad = bad.any(axis=0)
    return int(np.count_nonzero(bad))


def nonfinite_warning(path, count):
    """The warning for ``count`` undeclared NaN/inf cells of ``path`` ('' when none)."""
    if not count:
        return ""
    return (f"'{os.path.basename(str(path))}' has no nodata value but holds {count:,} "
            "NaN/inf cell(s); they are treated as missing. Set the file's nodata value if "
            "they are meant to be missing, or check how it was computed.")

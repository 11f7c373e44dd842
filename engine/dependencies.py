"""Optional Python packages: find which are missing and say how to install them.

Learners and kriging live in optional packages; the plugin loads without them and
the algorithm that needs one names it and the install command (DESIGN §2).
"""
import importlib.util

# import name -> (Debian package or None, PyPI name)
PACKAGES = {
    "rasterio": ("python3-rasterio", None),  # never from pip: must share QGIS's GDAL
    "numpy": ("python3-numpy", "numpy"),
    "scipy": ("python3-scipy", "scipy"),
    "sklearn": ("python3-sklearn", "scikit-learn"),
    "xgboost": ("python3-xgboost", "xgboost"),
    "matplotlib": ("python3-matplotlib", "matplotlib"),
    "lightgbm": (None, "lightgbm"),
    "pykrige": (None, "pykrige"),
    "catboost": (None, "catboost"),
    "h5py": ("python3-h5py", "h5py"),
    "netCDF4": ("python3-netcdf4", "netCDF4"),
    "distributed": ("python3-distributed", "distributed"),  # the cluster mode (Dask)
    "llvmlite": ("python3-llvmlite", "llvmlite"),
    # compiled LightGBM inference; --no-deps keeps Debian's llvmlite and numpy
    "lleaves": (None, "--no-deps lleaves==1.3.0"),
}


def missing(modules):
    """The import names among ``modules`` that cannot be imported here."""
    return [m for m in modules if importlib.util.find_spec(m) is None]


def install_hint(module):
    """The command that installs ``module`` into the Python that QGIS runs."""
    debian, pypi = PACKAGES.get(module, (None, module))
    if debian:
        return f"sudo apt-get install {debian}"
    return f"python3 -m pip install --break-system-packages {pypi}"


def missing_message(modules):
    """A user message naming the missing packages and how to install them, or ''."""
    absent = missing(modules)
    if not absent:
        return ""
    lines = [f"  {m}: {install_hint(m)}" for m in absent]
    return ("This algorithm needs Python packages that are not installed in the Python "
            "QGIS runs:\n" + "\n".join(lines) +
            "\nInstall them (or run the plugin's scripts/setup.sh) and restart QGIS.")

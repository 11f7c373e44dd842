"""AMSR2 Level 3 soil-moisture files written with h5py in JAXA's published layout.

Follows "GCOM-W1 AMSR2 Level 3 product format" (JAXA; standard product SMC, file names
``GW1AM2_YYYYMMDD_01D_EQMA|EQMD_L3SGSMC{H|L}F3300300.h5``): the root dataset
``Geophysical Data`` (int16, rows × cols × 1) with the attribute ``SCALE FACTOR`` = 0.1
(stored integer × 0.1 = volumetric %), the file attribute ``GeophysicalName`` = "Soil
Moisture Content", fill −32768 (missing) / −32767 (no retrieval), and the global
equirectangular grid with row 0 at 90° N and column 0 at 180° W: 0.1° (1800 × 3600)
or 0.25° (720 × 1440). Only what the importer needs is written (no ``Time
Information``).
"""
import numpy as np

SHAPES = {10: (1800, 3600), 25: (720, 1440)}
MISSING, NO_RETRIEVAL = -32768, -32767
# The cell centred at 116.05° E, 41.45° N on the 0.1° grid: row (90 − 41.45)/0.1 − 0.5,
# col (116.05 + 180)/0.1 − 0.5; on the 0.25° grid the cell centred at 116.125° E,
# 41.375° N: row (90 − 41.375)/0.25 − 0.5, col (116.125 + 180)/0.25 − 0.5.
CELL = {10: ((116.05, 41.45), (485, 2960)), 25: ((116.125, 41.375), (194, 1184))}


def name(day=1, overpass="D", km=10, month=6):
    res = "H" if km == 10 else "L"
    return f"GW1AM2_2019{month:02d}{day:02d}_01D_EQM{overpass}_L3SGSMC{res}F3300300.h5"


def write_amsr2(path, values, km=10, geophysical_name="Soil Moisture Content",
                scale=0.1, shape=None, dataset="Geophysical Data"):
    """A file of stored int16 ``values`` {(row, col): integer}; −32768 elsewhere."""
    import h5py

    data = np.full(shape or SHAPES[km], MISSING, "int16")
    for (r, c), v in values.items():
        data[r, c] = v
    with h5py.File(path, "w") as f:
        ds = f.create_dataset(dataset, data=data[..., np.newaxis], compression="gzip",
                              chunks=(100, 360, 1) if shape is None else None)
        if scale is not None:
            ds.attrs["SCALE FACTOR"] = np.array([scale], "float32")
        ds.attrs["UNIT"] = np.bytes_("%")
        if geophysical_name:
            f.attrs["GeophysicalName"] = np.bytes_(geophysical_name)
        f.attrs["PlatformShortName"] = np.bytes_("GCOM-W1")
        f.attrs["SensorShortName"] = np.bytes_("AMSR2")
    return str(path)

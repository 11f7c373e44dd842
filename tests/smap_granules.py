"""SMAP granules written with h5py following the products' published HDF5 layouts."""
import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.warp import transform as warp_transform

from smdownscale.engine.raster.grids import EASE2_CELL_SIZE

LON, LAT = 116.0, 41.5  # the test point, in the SMN-SDR region of papers 000/003
FLAG_FILL = 65534


def write_l3(path, km=36, am=None, pm=None, qual_am=None, surf_am=None, qual_pm=None,
             surf_pm=None):
    """An SPL3SMP(_E)-layout granule: global arrays, fill everywhere but the given cells.

    ``am``/``pm`` etc.: {(row, col): value}. Unset quality/surface flags are 0 where a
    value is given (recommended, no surface condition), 65534 elsewhere.
    """
    import h5py

    _, cols, rows = EASE2_CELL_SIZE[km]
    with h5py.File(path, "w") as f:
        for group, suffix, values, qual, surf in (
                ("Soil_Moisture_Retrieval_Data_AM", "", am, qual_am, surf_am),
                ("Soil_Moisture_Retrieval_Data_PM", "_pm", pm, qual_pm, surf_pm)):
            g = f.create_group(group)
            sm = np.full((rows, cols), -9999.0, "float32")
            q = np.full((rows, cols), FLAG_FILL, "uint16")
            s = np.full((rows, cols), FLAG_FILL, "uint16")
            for (r, c), v in (values or {}).items():
                sm[r, c], q[r, c], s[r, c] = v, 0, 0
            for (r, c), v in (qual or {}).items():
                q[r, c] = v
            for (r, c), v in (surf or {}).items():
                s[r, c] = v
            for name, data in (("soil_moisture", sm), ("retrieval_qual_flag", q),
                               ("surface_flag", s)):
                ds = g.create_dataset(name + suffix, data=data, compression="gzip")
                ds.attrs["_FillValue"] = data.dtype.type(-9999 if data.dtype.kind == "f"
                                                         else FLAG_FILL)
            g["soil_moisture" + suffix].attrs["units"] = "cm**3/cm**3"
    return str(path)


def write_l4(path, values):
    """An SPL4SMGP-layout granule (9 km) with Geophysical_Data/sm_surface."""
    import h5py

    _, cols, rows = EASE2_CELL_SIZE[9]
    sm = np.full((rows, cols), -9999.0, "float32")
    for (r, c), v in values.items():
        sm[r, c] = v
    with h5py.File(path, "w") as f:
        f.create_group("Geophysical_Data").create_dataset("sm_surface", data=sm,
                                                          compression="gzip")
    return str(path)


def value_at(path, lon, lat, band=1):
    """The output value of the cell containing (lon, lat)."""
    with rasterio.open(path) as ds:
        xs, ys = warp_transform(CRS.from_epsg(4326), ds.crs, [lon], [lat])
        row, col = ds.index(xs[0], ys[0])
        return float(ds.read(band)[row, col]), ds.descriptions

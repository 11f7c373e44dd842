"""Write HDF4-EOS grid files (the layout of MODIS land tiles) with pyhdf.

The HDF-EOS 2 grid layout (HDF-EOS Library User's Guide, vol. 1 §6; the layout
LP DAAC's MODIS tiles use): every grid is a Vgroup of class "GRID" named after the grid,
holding a Vgroup "Data Fields" (class "GRID Vgroup") with the grid's SDSs and a Vgroup
"Grid Attributes"; the global attribute ``StructMetadata.0`` describes each grid in
ODL (name, XDim/YDim, corner coordinates in metres, projection GCTP_SNSOID on the
6 371 007.181 m sphere, origin HDFE_GD_UL) and its data fields (name, HDF number type,
dimension list); ``HDFEOSVersion`` marks the file as HDF-EOS. GDAL's HDF4 driver reads
such files as ``HDF4_EOS:EOS_GRID:"file":grid:field`` subdatasets.

Used by the synthetic region and the tests to produce files shaped like downloads;
pyhdf (Debian: python3-hdf4) is needed only here.
"""
from dataclasses import dataclass, field

import numpy as np

SPHERE_RADIUS = 6371007.181  # m, the MODIS sinusoidal sphere
_NT = {np.dtype("int8"): "DFNT_INT8", np.dtype("uint8"): "DFNT_UINT8",
       np.dtype("int16"): "DFNT_INT16", np.dtype("uint16"): "DFNT_UINT16",
       np.dtype("int32"): "DFNT_INT32", np.dtype("uint32"): "DFNT_UINT32",
       np.dtype("float32"): "DFNT_FLOAT32"}


@dataclass
class Field:
    """One data field: its name, 2-D array (its dtype is the stored type), SDS attributes."""

    name: str
    data: np.ndarray
    attrs: dict = field(default_factory=dict)


@dataclass
class GridSpec:
    """One HDF-EOS grid: name, upper-left corner (x, y, m), cell size (m), fields."""

    name: str
    upper_left: tuple
    cell: float
    fields: list = field(default_factory=list)

    @property
    def shape(self):
        return self.fields[0].data.shape


def struct_metadata(grids):
    """The ``StructMetadata.0`` ODL text describing ``grids``."""
    lines = ["GROUP=SwathStructure", "END_GROUP=SwathStructure", "GROUP=GridStructure"]
    for i, g in enumerate(grids, 1):
        rows, cols = g.shape
        x0, y0 = g.upper_left
        lines += [f"\tGROUP=GRID_{i}", f'\t\tGridName="{g.name}"', f"\t\tXDim={cols}",
                  f"\t\tYDim={rows}", f"\t\tUpperLeftPointMtrs=({x0:.6f},{y0:.6f})",
                  f"\t\tLowerRightMtrs=({x0 + cols * g.cell:.6f},{y0 - rows * g.cell:.6f})",
                  "\t\tProjection=GCTP_SNSOID",
                  f"\t\tProjParams=({SPHERE_RADIUS:.6f},0,0,0,0,0,0,0,0,0,0,0,0)",
                  "\t\tSphereCode=-1", "\t\tGridOrigin=HDFE_GD_UL",
                  "\t\tGROUP=Dimension", "\t\tEND_GROUP=Dimension", "\t\tGROUP=DataField"]
        for j, f in enumerate(g.fields, 1):
            lines += [f"\t\t\tOBJECT=DataField_{j}", f'\t\t\t\tDataFieldName="{f.name}"',
                      f"\t\t\t\tDataType={_NT[f.data.dtype]}",
                      '\t\t\t\tDimList=("YDim","XDim")', f"\t\t\tEND_OBJECT=DataField_{j}"]
        lines += ["\t\tEND_GROUP=DataField", "\t\tGROUP=MergedFields",
                  "\t\tEND_GROUP=MergedFields", f"\tEND_GROUP=GRID_{i}"]
    lines += ["END_GROUP=GridStructure", "GROUP=PointStructure", "END_GROUP=PointStructure",
              "END", ""]
    return "\n".join(lines)


def write_hdfeos(path, grids, global_attrs=None):
    """Write an HDF-EOS 2 file with ``grids`` (list of :class:`GridSpec`) at ``path``."""
    import pyhdf.V  # noqa: F401 (HDF.vgstart needs it imported)
    from pyhdf.HDF import HC, HDF
    from pyhdf.SD import SD, SDC

    sd = SD(str(path), SDC.WRITE | SDC.CREATE | SDC.TRUNC)
    refs = {}
    for g in grids:
        refs[g.name] = []
        for f in g.fields:
            sds = sd.create(f.name, _sdc_type(SDC, f.data.dtype), f.data.shape)
            sds.dim(0).setname(f"YDim:{g.name}")
            sds.dim(1).setname(f"XDim:{g.name}")
            sds.setcompress(SDC.COMP_DEFLATE, 1)  # fast; LP DAAC uses deflate too
            sds[:] = f.data
            for key, value in f.attrs.items():
                _set_attr(sds.attr(key), SDC, value, f.data.dtype)
            refs[g.name].append(sds.ref())
            sds.endaccess()
    for key, value in {"HDFEOSVersion": "HDFEOS_V2.19",
                       "StructMetadata.0": struct_metadata(grids),
                       **(global_attrs or {})}.items():
        sd.attr(key).set(SDC.CHAR8, value)
    sd.end()
    hdf = HDF(str(path), HC.WRITE)
    v = hdf.vgstart()
    for g in grids:
        grid = v.create(g.name)
        grid._class = "GRID"
        data = v.create("Data Fields")
        data._class = "GRID Vgroup"
        for ref in refs[g.name]:
            data.add(HC.DFTAG_NDG, ref)
        attrs = v.create("Grid Attributes")
        attrs._class = "GRID Vgroup"
        grid.insert(data)
        grid.insert(attrs)
        for vg in (data, attrs, grid):
            vg.detach()
    v.end()
    hdf.close()
    return path


def _sdc_type(SDC, dtype):  # noqa: N803 (pyhdf's module name)
    return {"int8": SDC.INT8, "uint8": SDC.UINT8, "int16": SDC.INT16, "uint16": SDC.UINT16,
            "int32": SDC.INT32, "uint32": SDC.UINT32, "float32": SDC.FLOAT32}[str(dtype)]


def _set_attr(attr, SDC, value, dtype):  # noqa: N803
    """Text as CHAR8, floats as FLOAT64, integers (and tuples) in the field's type."""
    if isinstance(value, str):
        attr.set(SDC.CHAR8, value)
    elif isinstance(value, float):
        attr.set(SDC.FLOAT64, value)
    else:
        values = list(value) if isinstance(value, (tuple, list)) else [value]
        typed = [np.dtype(dtype).type(x).item() for x in values]
        attr.set(_sdc_type(SDC, dtype), typed if len(typed) > 1 else typed[0])

"""MODIS land tiles in their distributed layouts, for the synthetic region and tests.

Each writer follows the product's Collection 6.1 user guide (grid names, data-field
names, stored types, fill values and scale attributes as the files carry them) and
LP DAAC's naming ``<PRODUCT>.A<YYYYDDD>.h<HH>v<VV>.061.<production>.hdf``; tiles sit on
the MODIS sinusoidal tile grid (tile edge 1 111 950.519 667 m; 2400 cells of
463.312 716 528 m at 500 m, 1200 of 926.625 433 056 m at 1 km). A writer takes the
arrays of a window of a tile (``row0``, ``col0`` in the tile's cells at the data's
resolution), so small test files keep the real cell size and position.

These constants are written from the user guides, not taken from the importer
(engine/prepare/modis), so that tests compare the two.
"""
import datetime as dt
import os

import numpy as np

from .hdfeos import Field, GridSpec, write_hdfeos

TILE = 1111950.519667  # m, edge of a MODIS sinusoidal tile
X_ORIGIN, Y_ORIGIN = -20015109.354, 10007554.677  # m, upper-left of tile h00v00
CELL = {500: TILE / 2400, 1000: TILE / 1200}


def tile_corner(h, v, row0=0, col0=0, res=500):
    """Upper-left (x, y) in metres of a window starting at (row0, col0) of tile hHHvVV."""
    return (X_ORIGIN + h * TILE + col0 * CELL[res], Y_ORIGIN - v * TILE - row0 * CELL[res])


def file_name(product, day, h, v):
    """LP DAAC's name for the tile of ``day`` (a date: its first day for composites)."""
    doy = day.timetuple().tm_yday
    return f"{product}.A{day.year}{doy:03d}.h{h:02d}v{v:02d}.061.2020001000000.hdf"


def _grid(name, h, v, row0, col0, res, fields):
    return GridSpec(name, tile_corner(h, v, row0, col0, res), CELL[res], fields)


def _meta(day, product):
    """A minimal ECS inventory metadata text (ODL), as the tiles' CoreMetadata.0."""
    return {"CoreMetadata.0": f"GROUP=INVENTORYMETADATA\n  SHORTNAME={product}\n"
                              f"  RANGEBEGINNINGDATE={day.isoformat()}\n"
                              "END_GROUP=INVENTORYMETADATA\nEND\n"}


def _refl_attrs(b):
    return {"long_name": f"500m Surface Reflectance Band {b}", "units": "reflectance",
            "valid_range": (-100, 16000), "_FillValue": -28672, "scale_factor": 0.0001,
            "add_offset": 0.0}


def write_mod09ga(folder, day, h, v, reflectance, qc, state, row0=0, col0=0, aqua=False):
    """MOD09GA (MYD09GA): ``reflectance`` (7, rows, cols) int16 DN at 500 m, ``qc``
    (rows, cols) uint32 QC_500m at 500 m, ``state`` (rows/2, cols/2) uint16 state_1km."""
    product = "MYD09GA" if aqua else "MOD09GA"
    fine = [Field(f"sur_refl_b0{b}_1", np.asarray(reflectance[b - 1], np.int16),
                  _refl_attrs(b)) for b in range(1, 8)]
    fine.append(Field("QC_500m_1", np.asarray(qc, np.uint32),
                      {"long_name": "500m Reflectance Band Quality", "_FillValue": 787410671}))
    coarse = [Field("state_1km_1", np.asarray(state, np.uint16),
                    {"long_name": "1km Reflectance Data State QA", "_FillValue": 0})]
    grids = [_grid("MODIS_Grid_500m_2D", h, v, row0, col0, 500, fine),
             _grid("MODIS_Grid_1km_2D", h, v, row0 // 2, col0 // 2, 1000, coarse)]
    return _write(folder, product, day, h, v, grids)


def write_mod09a1(folder, day, h, v, reflectance, qc, state, day_of_year, row0=0, col0=0):
    """MOD09A1: 8-day reflectance (7, rows, cols) int16, sur_refl_qc_500m uint32,
    sur_refl_state_500m uint16 and sur_refl_day_of_year uint16, all at 500 m."""
    fields = [Field(f"sur_refl_b0{b}", np.asarray(reflectance[b - 1], np.int16),
                    _refl_attrs(b)) for b in range(1, 8)]
    fields += [Field("sur_refl_qc_500m", np.asarray(qc, np.uint32), {"_FillValue": 4294967295}),
               Field("sur_refl_state_500m", np.asarray(state, np.uint16), {"_FillValue": 65535}),
               Field("sur_refl_day_of_year", np.asarray(day_of_year, np.uint16),
                     {"_FillValue": 65535, "valid_range": (1, 366)})]
    grids = [_grid("MOD_Grid_500m_Surface_Reflectance", h, v, row0, col0, 500, fields)]
    return _write(folder, "MOD09A1", day, h, v, grids)


def write_mod11(folder, day, h, v, lst_day, qc_day, lst_night=None, qc_night=None,
                row0=0, col0=0, eight_day=False, omit=()):
    """MOD11A1 (or MOD11A2 with ``eight_day``): uint16 LST DN (K = DN × 0.02, fill 0) and
    uint8 QC at 1 km. ``omit``: field names left out (to make an incomplete file)."""
    shape = np.shape(lst_day)
    lst_night = np.zeros(shape, np.uint16) if lst_night is None else lst_night
    qc_night = np.full(shape, 2, np.uint8) if qc_night is None else qc_night
    lst = {"units": "K", "valid_range": (7500, 65535), "_FillValue": 0, "scale_factor": 0.02,
           "add_offset": 0.0}
    fields = [Field("LST_Day_1km", np.asarray(lst_day, np.uint16), dict(lst)),
              Field("QC_Day", np.asarray(qc_day, np.uint8), {"long_name": "Quality control "
                                                                "for daytime LST and emissivity"}),
              Field("LST_Night_1km", np.asarray(lst_night, np.uint16), dict(lst)),
              Field("QC_Night", np.asarray(qc_night, np.uint8), {})]
    fields = [f for f in fields if f.name not in omit]
    name = "MODIS_Grid_8Day_1km_LST" if eight_day else "MODIS_Grid_Daily_1km_LST"
    product = "MOD11A2" if eight_day else "MOD11A1"
    return _write(folder, product, day, h, v, [_grid(name, h, v, row0, col0, 1000, fields)])


def write_mod13a2(folder, day, h, v, ndvi, evi, quality, reliability, composite_doy,
                  row0=0, col0=0):
    """MOD13A2: int16 NDVI/EVI DN (value = DN / 10000, fill −3000), uint16 VI Quality,
    int8 pixel reliability, int16 composite day of the year, at 1 km."""
    pre = "1 km 16 days "
    vi = {"units": "NDVI", "valid_range": (-2000, 10000), "_FillValue": -3000,
          "scale_factor": 10000.0, "add_offset": 0.0}
    fields = [Field(pre + "NDVI", np.asarray(ndvi, np.int16), dict(vi)),
              Field(pre + "EVI", np.asarray(evi, np.int16), dict(vi, units="EVI")),
              Field(pre + "VI Quality", np.asarray(quality, np.uint16), {"_FillValue": 65535}),
              Field(pre + "pixel reliability", np.asarray(reliability, np.int8),
                    {"_FillValue": -1, "valid_range": (0, 3)}),
              Field(pre + "composite day of the year", np.asarray(composite_doy, np.int16),
                    {"_FillValue": -1, "valid_range": (1, 366)})]
    grids = [_grid("MODIS_Grid_16DAY_1km_VI", h, v, row0, col0, 1000, fields)]
    return _write(folder, "MOD13A2", day, h, v, grids)


def write_mcd12q1(folder, year, h, v, lc_type1, row0=0, col0=0):
    """MCD12Q1: uint8 LC_Type1 (IGBP classes 1–17, fill 255) at 500 m, dated 1 January."""
    fields = [Field("LC_Type1", np.asarray(lc_type1, np.uint8),
                    {"valid_range": (1, 17), "_FillValue": 255})]
    day = dt.date(year, 1, 1)
    return _write(folder, "MCD12Q1", day, h, v, [_grid("MCD12Q1", h, v, row0, col0, 500, fields)])


def _write(folder, product, day, h, v, grids):
    path = os.path.join(str(folder), file_name(product, day, h, v))
    write_hdfeos(path, grids, _meta(day, product))
    return path

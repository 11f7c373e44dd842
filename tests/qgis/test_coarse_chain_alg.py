"""An imported AMSR2 stack is the coarse soil moisture of train and predict (processing.run).

Four 0.25° AMSR2 cells × 4 cells, four days; fine predictors on a 0.025° lat/lon grid
over the same square. The coarse values follow the predictors, so the chain must learn
and downscale them: the test checks the hand-over (dates, grid, units), not skill.
"""
import numpy as np
import processing
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin

from amsr2_files import name, write_amsr2
from smdownscale.engine.raster.dates import parse_iso
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import write_stack

WEST, NORTH, FINE, N_FINE = 116.0, 42.0, 0.025, 40   # 1° × 1° = 4 × 4 AMSR2 cells
ROW0, COL0 = 192, 1184                                 # (90 − 42)/0.25, (116 + 180)/0.25
DAYS = (1, 2, 3, 4)


def fine_predictors(folder):
    """A static 'ndvi' and a dated 'lst' stack on the fine grid; their coarse means."""
    grid = Grid(CRS.from_epsg(4326), from_origin(WEST, NORTH, FINE, FINE), N_FINE, N_FINE)
    rows, cols = np.mgrid[0:N_FINE, 0:N_FINE]
    ndvi = (0.2 + 0.6 * cols / N_FINE + 0.05 * np.sin(rows / 3.0)).astype("float32")
    lst = np.stack([295 + 10 * rows / N_FINE + d for d in DAYS]).astype("float32")
    dates = [parse_iso(f"2019-06-0{d}") for d in DAYS]
    paths = [str(write_stack(folder / "ndvi.tif", grid, ndvi)),
             str(write_stack(folder / "lst.tif", grid, lst, dates))]
    coarse = lambda a: a.reshape(4, 10, 4, 10).mean(axis=(1, 3))  # noqa: E731
    return paths, coarse(ndvi), [coarse(band) for band in lst]


def test_amsr2_stack_feeds_train_and_predict(registry, tmp_path, feedback):
    predictors, ndvi, lst = fine_predictors(tmp_path)
    files = []
    for i, day in enumerate(DAYS):
        sm = 0.1 + 0.3 * ndvi - 0.004 * (lst[i] - 295)            # m³/m³
        stored = {(ROW0 + r, COL0 + c): int(round(sm[r, c] * 1000))  # × 0.1 % ÷ 100
                  for r in range(4) for c in range(4)}
        files.append(write_amsr2(tmp_path / name(day, "D", 25), stored, km=25))
    coarse = processing.run("smdownscale:importamsr2", {
        "INPUT": files, "EXTENT": f"{WEST},{WEST + 1},{NORTH - 1},{NORTH} [EPSG:4326]",
        "OUTPUT": str(tmp_path / "amsr2.tif")}, feedback=feedback)["OUTPUT"]
    with rasterio.open(coarse) as ds:
        assert (ds.width, ds.height) == (4, 4) and ds.count == 4
    model = processing.run("smdownscale:train", {
        "COARSE_SM": coarse, "PREDICTORS": predictors, "MODEL": 0, "MIN_COVERAGE": 0.5,
        "THREADS": 1, "IMPORTANCE_REPEATS": 1, "OUTPUT_MODEL": str(tmp_path / "m.smdm"),
        "OUTPUT_REPORT": str(tmp_path / "train.html")}, feedback=feedback)["OUTPUT_MODEL"]
    out = processing.run("smdownscale:predict", {
        "MODEL": model, "PREDICTORS": predictors, "COARSE_SM": coarse, "THREADS": 1,
        "OUTPUT": str(tmp_path / "fine.tif")}, feedback=feedback)["OUTPUT"]
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height, ds.count) == (N_FINE, N_FINE, 4)
        assert ds.descriptions == ("2019-06-01", "2019-06-02", "2019-06-03", "2019-06-04")
        data = ds.read(masked=True)
    assert data.count() > 0.9 * data.size
    assert 0.05 < float(data.mean()) < 0.5

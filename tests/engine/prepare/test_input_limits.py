"""Huge declared inputs and silent acceptances (issue 22): aggregate and deriveindices.

The huge raster is a sparse 100,000 × 100,000 GeoTIFF (tests/huge_rasters.py): 10¹⁰
declared cells, a few hundred KB on disk. Aggregate must refuse it at once when it
cannot be done in bounded memory and time, and stream it (memory bounded) when the
reference covers only a part of it; the aggregation runs in a subprocess whose
address space is limited to 2 GiB.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import rasterio
from helpers import PKG_DIR, write_raster
from huge_rasters import SIZE, write_huge, write_reference

from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.prepare.indices import derive_indices, sensor_for
from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.raster import output_guard

ADDRESS_LIMIT = 2 << 30  # bytes of address space the aggregation may use
OUTPUT_NODATA = -9999.0  # the nodata of every output (engine.raster.timestack)
WRITTEN = (2000, 2000)   # cells holding 0.25 in the huge raster's upper-left corner
TESTS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Runs aggregate on each (reference, output) of argv[1] (JSON) under RLIMIT_AS and
# prints one JSON line per run: the error's type and text, seconds, peak RSS.
_RUNNER = """
import json, resource, sys, time
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from smdownscale.engine.prepare.aggregation import aggregate
for huge, ref, out in json.loads(sys.argv[1]):
    start, error = time.monotonic(), None
    try:
        aggregate(huge, ref, out)
    except Exception as err:
        error = [type(err).__name__, str(err)]
    print(json.dumps({"error": error, "seconds": time.monotonic() - start,
                      "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@pytest.fixture(scope="module")
def huge(tmp_path_factory):
    folder = tmp_path_factory.mktemp("huge")
    return str(write_huge(folder / "huge.tif", written=WRITTEN))


def run_limited(cases):
    """Aggregate each (huge, reference, output) in one subprocess limited to 2 GiB."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PKG_DIR, TESTS]))
    done = subprocess.run([sys.executable, "-c", _RUNNER, json.dumps(cases),
                           str(ADDRESS_LIMIT)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_aggregate_refuses_a_huge_raster_at_once_and_streams_a_part_of_it(huge, tmp_path):
    cases = [
        # 36 km cells over the whole raster: 10¹⁰ input cells to read per band
        (huge, write_reference(tmp_path / "smap36.tif", 28, 36_000.0), str(tmp_path / "a.tif")),
        # one 1,000 km cell: all 10¹⁰ input cells in one reference cell
        (huge, write_reference(tmp_path / "one.tif", 1, 1_000_000.0), str(tmp_path / "b.tif")),
        # 10 km cells over the written 20 km × 20 km corner and a bit beyond: streamed
        (huge, write_reference(tmp_path / "corner.tif", 3, 10_000.0), str(tmp_path / "c.tif")),
    ]
    many, one_cell, corner = run_limited(cases)

    kind, text = many["error"]
    assert kind == "InputError" and many["seconds"] < 5
    assert "'huge.tif' has about 10,000,000,000 cells per band" in text
    assert "28×28 cells of 36000×36000 in EPSG:32633: 784 cells" in text
    assert "Clip Raster by Extent" in text

    kind, text = one_cell["error"]
    assert kind == "InputError" and one_cell["seconds"] < 5
    assert "holds about 10,000,000,000 cells of 'huge.tif'" in text
    assert "intermediate grid" in text and "GiB of memory" in text

    assert corner["error"] is None, corner["error"]
    # 10 km = 1000 input cells per side: the written 2000 × 2000 corner fills 2 × 2 cells
    with rasterio.open(cases[2][2]) as ds:
        values = ds.read(1)
    np.testing.assert_allclose(values[:2, :2], 0.25)
    assert (values[2, :] == ds.nodata).all() and (values[:, 2] == ds.nodata).all()
    assert corner["rss_kib"] < (1 << 30) // 1024  # well under 1 GiB resident
    assert sorted(os.listdir(tmp_path)) == ["c.tif", "corner.tif", "one.tif", "smap36.tif"]


def test_a_36_km_cell_over_10_m_input_is_not_refused():
    """SMAP 36 km over Sentinel-2 10 m: 12.96 million input cells per reference cell."""
    from rasterio.crs import CRS
    from rasterio.transform import from_origin

    from smdownscale.engine.prepare.aggregation import check_size, plan_blocks
    from smdownscale.engine.raster.grids import Grid

    utm = CRS.from_epsg(32633)
    fine = Grid(utm, from_origin(300000, 5500000, 10, 10), 7200, 7200)
    ref = Grid(utm, from_origin(300000, 5500000, 36000, 36000), 2, 2)
    plan = plan_blocks(fine, ref)
    assert math.isclose(plan.fine_per_coarse, 3600 ** 2)
    check_size(plan, "s2.tif")  # no error
    with pytest.raises(InputError, match="holds about 12,960,000 cells of 's2.tif'"):
        check_size(plan, "s2.tif", max_per_coarse=10_000_000)


# --- deriveindices ------------------------------------------------------------------------
class Recorder(SilentProgress):
    """Engine progress keeping the order of warnings and progress steps."""

    def __init__(self, cancel=False):
        super().__init__()
        self.events, self.cancel = [], cancel

    def warning(self, message):
        self.events.append(("warning", message))

    def set_progress(self, value):
        self.events.append(("progress", value))

    def is_cancelled(self):
        return self.cancel

    def warnings(self):
        return [m for kind, m in self.events if kind == "warning"]


RED_NIR = sensor_for("custom", scale=1.0, offset=0.0, bands={"red": 1, "nir": 2})


def two_bands(red=0.1, nir=0.5, shape=(4, 5)):
    return np.stack([np.full(shape, red, "float32"), np.full(shape, nir, "float32")])


def test_deriveindices_announces_a_huge_output_before_writing(tmp_path):
    huge = write_huge(tmp_path / "huge_20190601.tif", bands=2)
    progress = Recorder(cancel=True)  # cancel at the first window: the size is told before
    with pytest.raises(Cancelled):
        derive_indices([huge], {"NDVI": str(tmp_path / "ndvi.tif")}, RED_NIR,
                       progress=progress)
    kind, text = progress.events[0]
    assert kind == "warning" and text.startswith("Large output: ndvi.tif will hold up to ")
    cells = SIZE * SIZE
    assert f"37.3 GiB: {cells:,} cells × 1 band(s) × 4 byte(s), uncompressed" in text
    assert sorted(os.listdir(tmp_path)) == ["huge_20190601.tif"]


def test_deriveindices_output_warning_threshold(tmp_path, monkeypatch):
    monkeypatch.setattr(output_guard, "LARGE_OUTPUT_BYTES", 79)  # 4 × 5 cells × 4 B = 80
    path = write_raster(tmp_path / "r_20190601.tif", two_bands(), nodata=None, dtype="float32")
    progress = Recorder()
    derive_indices([path], {"NDVI": str(tmp_path / "ndvi.tif")}, RED_NIR, progress=progress)
    assert progress.warnings()[0].startswith("Large output: ndvi.tif will hold up to 80 B")
    monkeypatch.setattr(output_guard, "LARGE_OUTPUT_BYTES", 80)
    progress = Recorder()
    derive_indices([path], {"NDVI": str(tmp_path / "ndvi2.tif")}, RED_NIR, progress=progress)
    assert progress.warnings() == []


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
def test_deriveindices_refuses_an_input_without_crs_as_buildtimestack(tmp_path):
    from smdownscale.engine.prepare.timestack_builder import build_time_stack

    path = str(tmp_path / "nocrs_20190601.tif")
    with rasterio.open(path, "w", driver="GTiff", width=5, height=4, count=2,
                       dtype="float32") as ds:
        ds.write(two_bands())
    messages = []
    for call in (lambda: derive_indices([path], {"NDVI": str(tmp_path / "ndvi.tif")},
                                        RED_NIR),
                 lambda: build_time_stack([path], str(tmp_path / "stack.tif"))):
        with pytest.raises(InputError) as err:
            call()
        messages.append(str(err.value))
    assert messages[0] == messages[1] == ("'nocrs_20190601.tif' has no coordinate reference "
                                          "system. Assign its CRS and run again.")
    assert os.listdir(tmp_path) == ["nocrs_20190601.tif"]


def test_deriveindices_counts_nan_and_inf_of_an_input_without_nodata(tmp_path):
    data = two_bands()
    data[0, 0, 0] = np.nan        # red NaN
    data[1, 0, 0] = np.inf        # and NIR inf: still one cell
    data[1, 3, 4] = -np.inf       # NIR −inf
    data[0, 2, 1] = np.nan
    first = write_raster(tmp_path / "a_20190601.tif", data, nodata=None, dtype="float32")
    second = write_raster(tmp_path / "b_20190602.tif", two_bands(), nodata=None,
                          dtype="float32")
    declared = write_raster(tmp_path / "c_20190603.tif", data, nodata=-9999.0,
                            dtype="float32")  # a nodata value is declared: no warning
    progress = Recorder()
    out = str(tmp_path / "ndvi.tif")
    derive_indices([first, second, declared], {"NDVI": out}, RED_NIR, block=2,
                   progress=progress)
    nan_warnings = [w for w in progress.warnings() if "NaN/inf" in w]
    assert nan_warnings == ["'a_20190601.tif' has no nodata value but holds 3 NaN/inf "
                            "cell(s); they are treated as missing. Set the file's nodata "
                            "value if they are meant to be missing, or check how it was "
                            "computed."]
    with rasterio.open(out) as ds:
        ndvi = ds.read(1)
    assert ndvi[0, 0] == ndvi[3, 4] == ndvi[2, 1] == OUTPUT_NODATA
    assert ndvi[1, 1] == pytest.approx((0.5 - 0.1) / (0.5 + 0.1))


def test_deriveindices_refuses_all_fill_reflectance(tmp_path):
    fill = np.full((7, 4, 5), -28672, "int16")  # MOD09 fill in every band and cell
    path = write_raster(tmp_path / "mod_20190601.tif", fill, nodata=None, dtype="int16")
    with pytest.raises(InputError) as err:
        derive_indices([path], {"NDVI": str(tmp_path / "ndvi.tif"),
                                "EVI": str(tmp_path / "evi.tif")}, sensor_for("modis"))
    text = str(err.value)
    assert text.startswith("No cell of 'mod_20190601.tif' holds valid reflectance")
    assert "-0.01…1.6" in text and "scale 0.0001" in text and "nothing was written" in text
    assert os.listdir(tmp_path) == ["mod_20190601.tif"]


def test_deriveindices_names_a_date_that_is_all_fill(tmp_path):
    good = two_bands()
    empty = np.full_like(good, -9999.0)
    paths = [write_raster(tmp_path / "a_20190601.tif", good, dtype="float32"),
             write_raster(tmp_path / "b_20190602.tif", empty, dtype="float32")]
    progress = Recorder()
    out = str(tmp_path / "ndvi.tif")
    derive_indices(paths, {"NDVI": out}, RED_NIR, progress=progress)
    assert ("'b_20190602.tif' holds no valid reflectance (fill, nodata or out of range "
            "everywhere): its date is empty in every index.") in progress.warnings()
    with rasterio.open(out) as ds:
        assert (ds.read(2) == OUTPUT_NODATA).all() and (ds.read(1) != OUTPUT_NODATA).all()


def test_aggregate_counts_nan_and_inf_of_an_input_without_nodata(tmp_path):
    from smdownscale.engine.prepare.aggregation import aggregate

    data = np.full((2, 6, 6), 0.2, "float32")  # 1 km cells; the reference has 3 km cells
    data[0, 0, 0] = np.nan
    data[0, 4, 5] = np.inf
    data[1, 2, 2] = -np.inf                    # 3 band-cells in all
    path = write_raster(tmp_path / "nan.tif", data, nodata=None, dtype="float32")
    # 3 × 3 reference cells of 3 km: the input covers the upper-left 2 × 2, the rest is
    # outside it (missing, but not the file's NaN)
    ref = write_raster(tmp_path / "ref.tif", np.zeros((3, 3), "float32"), cell=3000.0)
    progress = Recorder()
    aggregate(path, ref, str(tmp_path / "out.tif"), min_valid_fraction=0.0,
              block_cells=20, progress=progress)
    assert [w for w in progress.warnings() if "NaN/inf" in w] == [
        "'nan.tif' has no nodata value but holds 3 NaN/inf cell(s); they are treated as "
        "missing. Set the file's nodata value if they are meant to be missing, or check how "
        "it was computed."]
    with rasterio.open(tmp_path / "out.tif") as ds:
        out = ds.read()
    np.testing.assert_allclose(out[:, :2, :2], 0.2, rtol=1e-6)  # NaN/inf cells left out
    progress = Recorder()
    declared = write_raster(tmp_path / "declared.tif", data, nodata=-9999.0, dtype="float32")
    aggregate(declared, ref, str(tmp_path / "out2.tif"), progress=progress)
    assert not [w for w in progress.warnings() if "NaN/inf" in w]

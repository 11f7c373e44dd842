"""Station fusion (GDA/GRA with kriging or IDW) in the engine."""
import datetime as dt
import os

import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin

from helpers import CancelAfter, assert_same_stack
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.raster.executors import cluster_session
from smdownscale.engine.stations.fusion import FuseOptions, fuse_stack
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.stations.holdout import choose_holdout
from smdownscale.engine.geostat.idw import InverseDistance
from smdownscale.engine.stations.observations import Observations
from smdownscale.engine.stations.validation import ValidateOptions, validate
from smdownscale.engine.raster.timestack import read_stack, write_stack

UTM = CRS.from_epsg(32650)
GRID = Grid(UTM, from_origin(500000, 4600000, 1000, 1000), 21, 21)
DAYS = [BandDate(dt.datetime(2020, 6, 1) + dt.timedelta(days=d)) for d in range(2)]


def centre(row, col):
    t = GRID.transform
    return t.c + (col + 0.5) * t.a, t.f + (row + 0.5) * t.e


def background(seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(0.15, 0.3, (len(DAYS), GRID.height, GRID.width)).astype("float32")


def obs(rows):
    """Observations from (station, row, col, day index, value) tuples (UTM positions)."""
    xs, ys = zip(*(centre(r, c) for _, r, c, _, _ in rows)) if rows else ((), ())
    return Observations.build([r[0] for r in rows], xs, ys, [r[4] for r in rows],
                              [DAYS[r[3]] for r in rows], None, UTM)


@pytest.fixture
def stack(tmp_path):
    data = background()
    return str(write_stack(tmp_path / "map.tif", GRID, data, DAYS)), data


def run(path, rows, tmp_path, **options):
    options.setdefault("holdout_fraction", 0.0)
    out = str(tmp_path / "fused.tif")
    summary = fuse_stack(path, obs(rows), out, FuseOptions(**options))
    fused, grid, dates = read_stack(out)
    return fused, summary


# --- known answers --------------------------------------------------------------------------
def test_idw_one_station_shifts_the_map_within_the_radius(stack, tmp_path):
    path, data = stack
    rows = [("A", 10, 10, 0, float(data[0, 10, 10]) + 0.05)]
    fused, summary = run(path, rows, tmp_path, interpolation="idw", search_radius_km=5.0)
    rr, cc = np.mgrid[0:GRID.height, 0:GRID.width]
    near = np.hypot(rr - 10, cc - 10) <= 5.0
    np.testing.assert_allclose(fused[0][near], data[0][near] + 0.05, atol=1e-6)
    np.testing.assert_array_equal(fused[0][~near], data[0][~near])   # beyond: unchanged
    np.testing.assert_array_equal(fused[1], data[1])                 # no station on day 2
    assert summary["records"][1].status == "unchanged: no station"


@pytest.mark.parametrize("interpolation", ["ordinary_kriging", "simple_kriging"])
def test_kriging_with_zero_nugget_reproduces_the_stations(stack, tmp_path, interpolation):
    path, data = stack
    cells = [(2, 3), (15, 4), (9, 17), (18, 18), (5, 12)]
    rows = [(f"S{i}", r, c, 0, 0.1 + 0.04 * i) for i, (r, c) in enumerate(cells)]
    fused, summary = run(path, rows, tmp_path, interpolation=interpolation, sill=0.002,
                         range_km=12.0, nugget=0.0)
    for _, r, c, _, value in rows:
        assert fused[0, r, c] == pytest.approx(value, abs=1e-6)
    record = summary["records"][0]
    assert record.variogram["source"] == "fixed" and record.variogram["nugget"] == 0.0
    assert record.station_cells == 5


def test_gda_and_gra_formulas_with_a_constant_field(tmp_path):
    data = np.full((1, GRID.height, GRID.width), 0.2, "float32")
    path = str(write_stack(tmp_path / "flat.tif", GRID, data, DAYS[:1]))
    rows = [("A", 3, 3, 0, 0.25), ("B", 17, 17, 0, 0.25), ("C", 3, 17, 0, 0.25)]
    gda, _ = run(path, rows, tmp_path, interpolation="idw")
    np.testing.assert_allclose(gda[0], 0.25, atol=1e-6)          # + mean difference 0.05
    gra, _ = run(path, rows, tmp_path, method="gra", interpolation="idw")
    np.testing.assert_allclose(gra[0], 0.25, atol=1e-6)          # × ratio 1.25


def test_gra_survives_a_zero_background(tmp_path):
    data = background()[:1]
    data[0, 5, 5] = 0.0
    path = str(write_stack(tmp_path / "map.tif", GRID, data, DAYS[:1]))
    rows = [("A", 5, 5, 0, 0.2), ("B", 15, 15, 0, 0.25), ("C", 5, 15, 0, 0.22),
            ("D", 15, 5, 0, 0.21)]
    for interpolation in ("ordinary_kriging", "idw"):
        fused, summary = run(path, rows, tmp_path, method="gra", interpolation=interpolation)
        assert np.isfinite(fused).all()
        assert fused.min() >= 0.0 and fused.max() <= np.float32(0.6)
        record = summary["records"][0]
        assert record.below_floor == 1 and record.station_cells == 3   # A left out
        ratios = [v / data[0, r, c] for _, r, c, _, v in rows[1:]]
        assert min(ratios) - 1e-6 <= fused[0, 10, 10] / data[0, 10, 10] <= max(ratios) + 1e-6
        assert fused[0, 5, 5] == 0.0                                   # 0 × a finite ratio
    one_left, summary = run(path, rows[:3], tmp_path, method="gra")   # 2 usable < 3
    np.testing.assert_array_equal(one_left, data)
    assert "needs at least 3" in summary["records"][0].status


def test_observations_in_one_cell_are_averaged(stack, tmp_path):
    path, data = stack
    base = float(data[0, 10, 10])
    rows = [("A", 10, 10, 0, base + 0.02), ("B", 10, 10, 0, base + 0.06)]
    fused, summary = run(path, rows, tmp_path, interpolation="idw")
    assert summary["records"][0].station_cells == 1 and summary["records"][0].observations == 2
    np.testing.assert_allclose(fused[0], data[0] + 0.04, atol=1e-6)


def test_too_few_stations_pass_through_unchanged(stack, tmp_path):
    path, data = stack
    rows = [("A", 2, 2, 0, 0.3), ("B", 9, 9, 0, 0.3)]
    fused, summary = run(path, rows, tmp_path)                   # ordinary kriging needs 3
    np.testing.assert_array_equal(fused, data)
    assert "needs at least 3" in summary["records"][0].status


def test_stations_outside_or_on_nodata_are_skipped(tmp_path):
    data = background()
    data[0, 4, 4] = -9999.0
    path = str(write_stack(tmp_path / "map.tif", GRID, data, DAYS))
    x, y = centre(1, 1)
    rows = [("A", 4, 4, 0, 0.3), ("B", 10, 10, 0, float(data[0, 10, 10]) + 0.01)]
    observations = obs(rows)
    far = Observations.build(list(observations.station_ids) + ["Z"],
                             list(observations.x) + [x - 1e6], list(observations.y) + [y],
                             list(observations.values) + [0.2],
                             list(observations.dates) + [DAYS[0]], None, UTM)
    summary = fuse_stack(path, far, str(tmp_path / "f.tif"),
                         FuseOptions(interpolation="idw", holdout_fraction=0.0))
    record = summary["records"][0]
    assert record.on_nodata == 1 and record.station_cells == 1
    assert summary["counts"]["outside"] == 1
    fused, _, _ = read_stack(str(tmp_path / "f.tif"))
    assert np.isnan(fused[0, 4, 4])                              # nodata stays nodata
    np.testing.assert_allclose(fused[0][np.isfinite(fused[0])],
                               data[0][data[0] > -9999] + 0.01, atol=1e-6)


def test_output_keeps_grid_nodata_and_dates(stack, tmp_path):
    path, _ = stack
    run(path, [("A", 2, 2, 0, 0.3)], tmp_path, interpolation="idw")
    with rasterio.open(path) as a, rasterio.open(tmp_path / "fused.tif") as b:
        assert b.descriptions == a.descriptions and b.nodata == a.nodata
        assert b.transform == a.transform and b.crs == a.crs and b.dtypes[0] == "float32"
        assert set(b.units) == {"m³/m³"}


# --- held-out stations ----------------------------------------------------------------------
def test_holdout_draws_whole_stations_reproducibly():
    ids = [f"S{i:02d}" for i in range(10)] * 3
    first = choose_holdout(ids, 0.3, seed=1)
    assert len(first) == 3 and first == choose_holdout(ids, 0.3, seed=1)
    assert first != choose_holdout(ids, 0.3, seed=2)
    assert choose_holdout(ids, 0.0, seed=1) == []
    with pytest.raises(InputError, match="leaves none"):
        choose_holdout(["A"], 0.5, seed=1)


def test_held_out_stations_are_not_fused_but_scored(stack, tmp_path):
    path, data = stack
    cells = [(2, 2), (2, 18), (18, 2), (18, 18), (10, 10), (6, 14)]
    rows = [(f"S{i}", r, c, d, float(data[d, r, c]) + 0.03) for i, (r, c) in enumerate(cells)
            for d in range(2)]
    fused, summary = run(path, rows, tmp_path, interpolation="idw", holdout_fraction=0.34,
                         seed=3)
    held = summary["held_out"]
    assert len(held) == 2
    for sid in held:
        r, c = cells[int(sid[1:])]
        assert fused[0, r, c] == pytest.approx(data[0, r, c] + 0.03, abs=1e-6)  # a flat shift
    overall = summary["holdout_overall"]
    assert overall["before"]["n"] == 4                          # 2 stations × 2 dates
    assert overall["before"]["rmse"] == pytest.approx(0.03, abs=1e-6)
    assert overall["after"]["rmse"] == pytest.approx(0.0, abs=1e-6)
    assert [row["station_id"] for row in summary["holdout"]] == held


# --- refused input and cancel ---------------------------------------------------------------
def test_no_station_inside_the_raster(stack, tmp_path):
    path, _ = stack
    far = Observations.build(["A"], [0.0], [0.0], [0.2], [DAYS[0]], None, UTM)
    with pytest.raises(InputError, match="No station lies inside the raster"):
        fuse_stack(path, far, str(tmp_path / "f.tif"))
    assert not (tmp_path / "f.tif").exists()


def test_bad_settings_are_named(stack, tmp_path):
    path, _ = stack
    rows = [("A", 2, 2, 0, 0.3)]
    for options, message in ((dict(method="sum"), "Unknown fusion method"),
                             (dict(sill=0.001), "both its sill and its range"),
                             (dict(sill=0.001, range_km=5, nugget=0.01), "at least its nugget"),
                             (dict(clip_min=0.5, clip_max=0.4), "below the upper")):
        with pytest.raises(InputError, match=message):
            fuse_stack(path, obs(rows * 3), str(tmp_path / "f.tif"),
                       FuseOptions(holdout_fraction=0.0, **options))


def test_cancel_leaves_no_output(stack, tmp_path):
    path, _ = stack
    out = tmp_path / "f.tif"
    with pytest.raises(Cancelled):
        fuse_stack(path, obs([("A", 2, 2, 0, 0.3)]), str(out),
                   FuseOptions(interpolation="idw", holdout_fraction=0.0), CancelAfter(1))
    assert not out.exists() and not list(tmp_path.glob(".partial_*"))


def test_same_stack_and_counts_on_a_dask_cluster(stack, tmp_path, dask_cluster):
    # Local kriging (4 of 14 stations per tile, variogram fitted per date) on 7×7 windows:
    # 9 units per date, each worker solving and caching its own tiles.
    path, data = stack
    rng = np.random.default_rng(6)
    cells = rng.choice(GRID.height * GRID.width, 14, replace=False)
    rows = [(f"S{i}", int(k) // GRID.width, int(k) % GRID.width, day,
             float(data[day].flat[k]) + rng.uniform(-0.08, 0.08))
            for i, k in enumerate(cells) for day in (0, 1)]
    options = FuseOptions(neighbours=4, holdout_fraction=0.2, clip_max=0.3, block=7)
    here = fuse_stack(path, obs(rows), str(tmp_path / "here.tif"), options)
    with cluster_session(dask_cluster.address):
        there = fuse_stack(path, obs(rows), str(tmp_path / "there.tif"), options)
    assert_same_stack(tmp_path / "here.tif", tmp_path / "there.tif")
    assert there["records"] == here["records"] and there["holdout"] == here["holdout"]
    assert all(r.status == "fused" and r.clipped > 0 and r.changed > 0
               for r in here["records"])


def test_idw_weights():
    idw = InverseDistance([[0, 0], [2, 0]], [1.0, 3.0], power=2, neighbours=2)
    assert idw.predict([[1, 0]])[0] == pytest.approx(2.0)         # equidistant: the mean
    # d = 1 and 3: weights 1 and 1/9
    assert idw.predict([[-1, 0]])[0] == pytest.approx((1 + 3 / 9) / (1 + 1 / 9))
    assert idw.predict([[2, 0]])[0] == 3.0                         # exact at a point
    far = InverseDistance([[0, 0]], [5.0], radius=1.0, neutral=-1.0)
    assert far.predict([[3, 0]])[0] == -1.0


# --- the synthetic region: GDA with ordinary kriging improves the held-out stations ---------
def test_gda_kriging_lowers_held_out_rmse_on_the_synthetic_region(validation_region, tmp_path):
    out = str(tmp_path / "fused.tif")
    summary = fuse_stack(validation_region["map"], validation_region["observations"], out,
                         FuseOptions(method="gda", interpolation="ordinary_kriging", seed=42))
    overall = summary["holdout_overall"]
    assert len(summary["held_out"]) == 5 and overall["before"]["n"] > 40
    assert overall["after"]["rmse"] < 0.8 * overall["before"]["rmse"]
    assert overall["after"]["mae"] < overall["before"]["mae"]
    with rasterio.open(out) as ds, rasterio.open(validation_region["map"]) as src:
        assert ds.descriptions == src.descriptions and ds.count == src.count
    # validate agrees on the held-out stations
    held = set(summary["held_out"])
    o = validation_region["observations"]
    keep = np.isin(o.station_ids, list(held))
    sub = Observations.build(o.station_ids[keep], o.x[keep], o.y[keep], o.values[keep],
                             [d for d, k in zip(o.dates, keep) if k], None, o.crs)
    before = validate(validation_region["map"], sub, options=ValidateOptions(min_pairs=2))
    after = validate(out, sub, options=ValidateOptions(min_pairs=2))
    assert after.overall()["rmse"] == pytest.approx(overall["after"]["rmse"], rel=1e-6)
    assert before.overall()["rmse"] == pytest.approx(overall["before"]["rmse"], rel=1e-6)


def test_all_nodata_map_is_copied_with_a_warning(tmp_path):
    from smdownscale.engine.progress import SilentProgress

    class Recorder(SilentProgress):
        warnings = []

        def warning(self, message):
            self.warnings.append(message)

    data = np.full((1, GRID.height, GRID.width), -9999.0, "float32")
    path = str(write_stack(tmp_path / "empty.tif", GRID, data, DAYS[:1]))
    progress = Recorder()
    summary = fuse_stack(path, obs([("A", 2, 2, 0, 0.3), ("B", 9, 9, 0, 0.2)]),
                         str(tmp_path / "f.tif"),
                         FuseOptions(interpolation="idw", holdout_fraction=0.0), progress)
    assert summary["records"][0].status == "unchanged: every station on nodata"
    assert any("every station on nodata" in w for w in progress.warnings)
    fused, _, _ = read_stack(str(tmp_path / "f.tif"))
    assert np.isnan(fused).all()


def test_interrupted_fusion_resumes_to_the_same_stack_records_and_scores(tmp_path):
    # 4 dates of kriging, each with its own variogram; cancelled once 2 are checkpointed
    from helpers import CancelWhenCheckpointed, Messages, checkpointed, resumed_line

    from smdownscale.engine.raster.resume import checkpoint_folder

    days = [BandDate(dt.datetime(2020, 6, 1) + dt.timedelta(days=d)) for d in range(4)]
    data = np.random.default_rng(3).uniform(0.15, 0.3, (4, GRID.height, GRID.width))
    path = str(write_stack(tmp_path / "map.tif", GRID, data.astype("float32"), days))
    rng = np.random.default_rng(8)
    cells = rng.choice(GRID.height * GRID.width, 12, replace=False)
    rows = [(f"S{i}", int(k) // GRID.width, int(k) % GRID.width, day,
             float(data[day].flat[k]) + rng.uniform(-0.05, 0.05))
            for i, k in enumerate(cells) for day in range(4)]
    stations = Observations.build([r[0] for r in rows], *zip(*(centre(r, c)
                                                                for _, r, c, _, _ in rows)),
                                  [r[4] for r in rows], [days[r[3]] for r in rows], None, UTM)
    options = FuseOptions(holdout_fraction=0.25, block=7)
    reference = fuse_stack(path, stations, str(tmp_path / "reference.tif"),
                           FuseOptions(holdout_fraction=0.25, block=7, resume=False))
    out = str(tmp_path / "fused.tif")
    with pytest.raises(Cancelled):
        fuse_stack(path, stations, out, options, CancelWhenCheckpointed(out, 2))
    assert checkpointed(out) == [1, 2] and not os.path.exists(out)
    progress = Messages()
    resumed = fuse_stack(path, stations, out, options, progress)
    assert resumed_line(progress) == (f"Resumed: 2 of 4 date(s) reused from an interrupted "
                                      f"run ({checkpoint_folder(out)})")
    assert_same_stack(out, tmp_path / "reference.tif")
    assert resumed["records"] == reference["records"]
    assert resumed["holdout"] == reference["holdout"] and resumed["held_out"]
    assert sorted(os.listdir(tmp_path)) == ["fused.tif", "map.tif", "reference.tif"]
    # other observations: the checkpoint of an interrupted run is not used, and says why
    with pytest.raises(Cancelled):
        fuse_stack(path, stations, out, options, CancelWhenCheckpointed(out, 1))
    fewer = Observations.build(stations.station_ids[:-4], stations.x[:-4], stations.y[:-4],
                               stations.values[:-4], stations.dates[:-4], None, UTM)
    progress = Messages()
    fuse_stack(path, fewer, out, options, progress)
    assert resumed_line(progress) is None
    assert (f"The checkpoint in {checkpoint_folder(out)} belongs to another run "
            "(observations changed); starting over.") in progress.infos

"""Station fusion on maps GRA cannot correct, and values outside the physical limits
(issue 22): dates skipped or told, every clipped cell counted and warned about."""
import datetime as dt

import numpy as np
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.progress import SilentProgress
from smdownscale.engine.raster.dates import BandDate
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.timestack import read_stack, write_stack
from smdownscale.engine.stations.fusion import FuseOptions, fuse_stack
from smdownscale.engine.stations.holdout import choose_holdout
from smdownscale.engine.stations.observations import Observations

UTM = CRS.from_epsg(32650)
GRID = Grid(UTM, from_origin(500000, 4600000, 1000, 1000), 12, 10)
DAYS = [BandDate(dt.datetime(2020, 6, 1) + dt.timedelta(days=d)) for d in range(2)]
STATIONS = [("A", 2, 2), ("B", 7, 8), ("C", 2, 8), ("D", 7, 2)]  # (id, row, col)


class Recorder(SilentProgress):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def warning(self, message):
        self.warnings.append(message)


def observations(values_by_day, stations=STATIONS):
    """One observation per station and day: ``values_by_day[d][k]`` for station k."""
    ids, xs, ys, values, dates = [], [], [], [], []
    t = GRID.transform
    for d, values_of_day in enumerate(values_by_day):
        for (sid, row, col), value in zip(stations, values_of_day):
            ids.append(sid)
            xs.append(t.c + (col + 0.5) * t.a)
            ys.append(t.f + (row + 0.5) * t.e)
            values.append(value)
            dates.append(DAYS[d])
    return Observations.build(ids, xs, ys, values, dates, None, UTM)


def fuse(tmp_path, data, obs, **options):
    path = str(write_stack(tmp_path / "map.tif", GRID, data, DAYS[:len(data)]))
    options.setdefault("holdout_fraction", 0.0)
    progress = Recorder()
    out = str(tmp_path / "fused.tif")
    summary = fuse_stack(path, obs, out, FuseOptions(interpolation="idw", **options), progress)
    return read_stack(out)[0], summary, progress.warnings


def test_gra_skips_a_date_with_negative_values_and_clips_them(tmp_path):
    data = np.full((2, GRID.height, GRID.width), 0.2, "float32")
    data[0, 5, 0:4] = -0.05          # day 1: 4 negative cells
    data[0, 9, 11] = 0.0             # and one zero: 5 cells ≤ 0
    obs = observations([[0.25] * 4, [0.25] * 4])
    fused, summary, warnings = fuse(tmp_path, data, obs, method="gra")
    first, second = summary["records"]
    assert first.status == "unchanged: 5 non-positive cell(s) in the map (4 negative)"
    assert first.non_positive == 5 and first.clipped == 4
    assert ("2020-06-01: not fused — the map holds 5 cell(s) ≤ 0 m³/m³ (4 negative), where "
            "a ratio (GRA) cannot correct it; the band is copied (clipped to the physical "
            "limits). Use GDA (difference), or fix the map's negative values.") in warnings
    expected = data[0].copy()
    expected[5, 0:4] = 0.0           # clipped to clip_min, not left at −0.05
    np.testing.assert_array_equal(fused[0], expected)
    assert second.status == "fused"   # day 2 is positive: × ratio 0.25 / 0.2
    np.testing.assert_allclose(fused[1], 0.25, atol=1e-6)
    assert ("Clipped to the physical limits 0–0.6 m³/m³: 4 cell(s) in 1 date(s) "
            "(2020-06-01: 4). Values outside the limits are never written.") in warnings


def test_gra_fuses_a_map_with_zeros_and_tells_how_many_stay_zero(tmp_path):
    data = np.full((1, GRID.height, GRID.width), 0.2, "float32")
    data[0, 0, 5:8] = 0.0
    fused, summary, warnings = fuse(tmp_path, data, observations([[0.3] * 4]), method="gra")
    record = summary["records"][0]
    assert record.status == "fused" and record.non_positive == 3
    assert ("2020-06-01: the map is 0 m³/m³ in 3 cell(s); a ratio (GRA) cannot change them, "
            "so they stay 0. GDA (difference) corrects them.") in warnings
    assert (fused[0, 0, 5:8] == 0).all()
    np.testing.assert_allclose(fused[0, 1], 0.3, atol=1e-6)   # 0.2 × 1.5


def test_a_copied_date_is_clipped_to_the_limits_with_a_warning(tmp_path):
    data = np.full((1, GRID.height, GRID.width), 0.3, "float32")
    data[0, 4, 4] = 0.75              # above clip_max 0.6
    data[0, 4, 5] = -0.02             # below clip_min 0
    obs = observations([[], [0.3] * 4])  # stations only on another day: the date is copied
    fused, summary, warnings = fuse(tmp_path, data, obs)
    record = summary["records"][0]
    assert record.status == "unchanged: no station" and record.clipped == 2
    assert fused[0, 4, 4] == np.float32(0.6) and fused[0, 4, 5] == 0.0
    assert fused.min() >= 0.0 and fused.max() <= np.float32(0.6)
    assert any(w.startswith("Clipped to the physical limits 0–0.6 m³/m³: 2 cell(s) in 1 "
                            "date(s) (2020-06-01: 2)") for w in warnings)


def test_a_fusion_that_worsens_the_held_out_stations_is_told(tmp_path):
    data = np.full((1, GRID.height, GRID.width), 0.2, "float32")
    ids = ["A", "B"]
    held = choose_holdout(ids, 0.5, 42)
    assert len(held) == 1
    stations = [s for s in STATIONS if s[0] in ids]
    # the held-out station agrees with the map; the fused one says 0.1 more: IDW over the
    # whole grid moves the held-out station's cell by 0.1 too → RMSE 0 → 0.1
    values = [0.2 if sid in held else 0.3 for sid, _, _ in stations]
    fused, summary, warnings = fuse(tmp_path, data, observations([values], stations),
                                    holdout_fraction=0.5, seed=42)
    overall = summary["holdout_overall"]
    assert overall["before"]["rmse"] < 1e-6
    assert abs(overall["after"]["rmse"] - 0.1) < 1e-6
    assert any(w.startswith("Held-out stations fit worse after the fusion: RMSE 0.0000 → "
                            "0.1000 m³/m³.") for w in warnings)

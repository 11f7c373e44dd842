"""Sentinel-1 sliding-window composites (engine level).

Expected values from the definition (Xu et al. 2024, §2.2.4: each day the mean of all
images within 6 days before and after it, averaged here in linear power): three
ascending acquisitions on 1, 5 and 11 April 2019 with linear σ⁰ 0.01, 0.02 and 0.06
give on 6 April (all within 5 days) 10·log10(0.03) dB, on 4 April 10·log10(0.015)
(11 April is 7 days away), on 12 April 10·log10(0.06) (5 April is 7 days away), and
nothing on 20 March. Files: tests/sentinel1_files.py (ESA/SNAP names, UTM 50N, 20 m).
"""
import os

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

import sentinel1_files as sf
from helpers import CancelAfter
from smdownscale.engine.errors import Cancelled, InputError
from smdownscale.engine.prepare.sentinel1.composite import (Sentinel1Options, choose_dates,
                                                            composite_sentinel1)
from smdownscale.engine.raster.dates import parse_iso
from smdownscale.engine.raster.grids import Grid

SHAPE = (10, 10)
DAYS = {"2019-04-01": 0.01, "2019-04-05": 0.02, "2019-04-11": 0.06}
DATES = [parse_iso(d) for d in ("2019-03-20", "2019-04-04", "2019-04-06", "2019-04-12")]
EXPECTED_DB = [np.nan, 10 * np.log10(0.015), 10 * np.log10(0.03), 10 * np.log10(0.06)]


def acquisitions(folder, scale="linear", days=DAYS, pols=("VV", "VH"), orbit=9258):
    """One file per day and polarisation (VH = VV / 4), in linear power or dB."""
    paths = []
    for day, value in days.items():
        for pol in pols:
            v = np.full(SHAPE, value / (4 if pol == "VH" else 1))
            suffix = f"_Orb_Cal_TC_Sigma0_{pol}" + ("_db" if scale == "db" else "")
            paths.append(sf.write_sigma0(folder / sf.esa_name(sf.at(day), pol, orbit=orbit,
                                                              suffix=suffix),
                                         sf.db(v) if scale == "db" else v))
    return paths


def read(path):
    with rasterio.open(path) as ds:
        data = ds.read(masked=True).astype(float).filled(np.nan)
        return data, ds.descriptions, ds.units, [ds.tags(b) for b in range(1, ds.count + 1)]


def run(tmp_path, paths, dates=DATES, count=True, **options):
    outputs = {"VV": str(tmp_path / "vv.tif"), "VH": str(tmp_path / "vh.tif")}
    counts = str(tmp_path / "n.tif") if count else None
    summary = composite_sentinel1(paths, outputs, dates, Sentinel1Options(**options),
                                  count=counts)
    return summary, outputs, counts


def test_sliding_window_mean_in_linear_power(tmp_path):
    paths = acquisitions(tmp_path)
    # a descending pass (22:30 UTC, 06:13 local) on 6 April: left out by default
    paths.append(sf.write_sigma0(tmp_path / sf.esa_name(sf.at("2019-04-06", sf.DESCENDING_UTC)),
                                 np.ones(SHAPE)))
    summary, outputs, counts = run(tmp_path, paths)
    vv, descriptions, units, tags = read(outputs["VV"])
    assert descriptions == tuple(d.iso for d in DATES) and units == ("dB",) * 4
    for band, expected in enumerate(EXPECTED_DB):
        np.testing.assert_allclose(vv[band], np.full(SHAPE, expected), rtol=1e-5)
    vh = read(outputs["VH"])[0]
    np.testing.assert_allclose(vh[2], np.full(SHAPE, 10 * np.log10(0.03 / 4)), rtol=1e-5)
    n = read(counts)[0]
    assert [int(n[b, 0, 0]) for b in range(4)] == [0, 2, 3, 1]
    assert [t["acquisition_count"] for t in tags] == ["0", "2", "3", "1"]
    assert summary["acquisitions"] == 3 and summary["empty_dates"] == ["2019-03-20"]


def test_db_input_gives_the_same_composite_and_linear_output(tmp_path):
    (tmp_path / "lin").mkdir()
    (tmp_path / "db").mkdir()
    linear = run(tmp_path / "lin", acquisitions(tmp_path / "lin"), output_scale="linear")[1]
    decibel = run(tmp_path / "db", acquisitions(tmp_path / "db", "db"),
                  output_scale="linear")[1]
    a, b = read(linear["VV"]), read(decibel["VV"])
    np.testing.assert_allclose(a[0], b[0], rtol=1e-5)
    np.testing.assert_allclose(a[0][2], np.full(SHAPE, 0.03), rtol=1e-5)
    assert a[2] == ("linear power",) * 4


def test_both_directions_and_relative_orbits(tmp_path):
    paths = acquisitions(tmp_path, pols=("VV",))
    paths.append(sf.write_sigma0(tmp_path / sf.esa_name(sf.at("2019-04-06", sf.DESCENDING_UTC)),
                                 np.full(SHAPE, 0.5)))
    outputs = {"VV": str(tmp_path / "vv.tif")}
    composite_sentinel1(paths, outputs, DATES[2:3], Sentinel1Options(direction="both"))
    np.testing.assert_allclose(read(outputs["VV"])[0][0], 10 * np.log10(0.59 / 4), rtol=1e-5)
    # relative orbit 86 (absolute 9258) kept, absolute orbit 9259 (relative 87) removed
    paths.append(sf.write_sigma0(tmp_path / sf.esa_name(sf.at("2019-04-06"), orbit=9259),
                                 np.full(SHAPE, 0.5)))
    composite_sentinel1(paths, outputs, DATES[2:3], Sentinel1Options(relative_orbits=(86,)))
    np.testing.assert_allclose(read(outputs["VV"])[0][0], 10 * np.log10(0.03), rtol=1e-5)


def test_exact_aggregation_onto_a_target_grid(tmp_path):
    values = np.full(SHAPE, 0.01)
    values[:5, :5] = np.arange(25).reshape(5, 5) * 0.001 + 0.001  # upper-left 100 m cell
    values[0, 0] = 0.0  # no data (0 in linear power)
    path = sf.write_sigma0(tmp_path / sf.esa_name(sf.at("2019-04-01")), values)
    target = Grid(rasterio.crs.CRS.from_epsg(sf.EPSG), from_origin(*sf.ORIGIN, 100, 100), 2, 2)
    outputs = {"VV": str(tmp_path / "vv.tif")}
    summary = composite_sentinel1([path], outputs, DATES[1:2],
                                  Sentinel1Options(output_scale="linear"), target)
    out = read(outputs["VV"])[0][0]
    expected = np.mean(np.arange(1, 25) * 0.001 + 0.001)  # the 24 cells with data
    np.testing.assert_allclose(out, [[expected, 0.01], [0.01, 0.01]], rtol=1e-5)
    assert summary["grid"] == target


def test_default_dates_are_every_day_of_the_span(tmp_path):
    summary = composite_sentinel1(acquisitions(tmp_path, pols=("VV",)),
                                  {"VV": str(tmp_path / "vv.tif")}, None,
                                  Sentinel1Options(half_window_days=0))
    assert summary["dates"][0] == "2019-04-01" and len(summary["dates"]) == 11
    assert len(summary["empty_dates"]) == 8  # 0-day windows: only the acquisition days


def test_choose_dates(tmp_path):
    assert [d.iso for d in choose_dates(None, "2019-04-01/2019-04-03")] == \
        ["2019-04-01", "2019-04-02", "2019-04-03"]
    assert choose_dates(None, "") is None
    with pytest.raises(InputError, match="Both a stack to take the dates from and dates"):
        choose_dates("smap.tif", "2019-04-01")


def test_bad_inputs_leave_no_output(tmp_path):
    paths = acquisitions(tmp_path, pols=("VV",))
    outputs = {"VV": str(tmp_path / "vv.tif")}
    with pytest.raises(InputError, match=r"No acquisition is left after filtering the 3 σ⁰ "
                                         r"band\(s\) \(removed: ascending 3\)"):
        composite_sentinel1(paths, outputs, DATES, Sentinel1Options(direction="descending"))
    descending_vh = sf.write_sigma0(
        tmp_path / sf.esa_name(sf.at("2019-04-02", sf.DESCENDING_UTC), "VH"), np.full(SHAPE, 0.1))
    with pytest.raises(InputError, match=r"No VH acquisition is left after filtering \(removed: "
                                         r"descending 1\)"):
        composite_sentinel1(paths + [descending_vh],
                            {"VV": outputs["VV"], "VH": str(tmp_path / "vh.tif")}, DATES)
    with pytest.raises(InputError, match="No VH file is among the inputs"):
        composite_sentinel1(paths, {"VV": outputs["VV"], "VH": str(tmp_path / "vh.tif")}, DATES)
    with pytest.raises(InputError, match=r"No acquisition lies within ±6 days of any date"):
        composite_sentinel1(paths, outputs, [parse_iso("2019-06-01")])
    other = sf.write_sigma0(tmp_path / sf.esa_name(sf.at("2019-04-02")), np.ones((3, 3)) * 0.1,
                            origin=(sf.ORIGIN[0] + 1000, sf.ORIGIN[1]))
    with pytest.raises(InputError, match="are on different grids. Choose a target grid"):
        composite_sentinel1(paths + [other], outputs, DATES)
    bad = sf.write_sigma0(tmp_path / "S1_VV_export.tif", np.ones(SHAPE) * 0.1)
    with pytest.raises(InputError, match="No acquisition date was found for S1_VV_export.tif"):
        composite_sentinel1(paths + [bad], outputs, DATES)
    assert [f for f in os.listdir(tmp_path) if not f.startswith("S1")] == []


def test_cancel_in_a_later_window_leaves_no_output(tmp_path):
    outputs = {"VV": str(tmp_path / "vv.tif"), "VH": str(tmp_path / "vh.tif")}
    with pytest.raises(Cancelled):
        composite_sentinel1(acquisitions(tmp_path), outputs, DATES,
                            Sentinel1Options(block=5), count=str(tmp_path / "n.tif"),
                            progress=CancelAfter(2))  # 4 windows of 5 × 5 cells
    assert [f for f in os.listdir(tmp_path) if not f.startswith("S1")] == []


def test_options_are_checked():
    with pytest.raises(InputError, match="Unknown orbit direction 'north'"):
        Sentinel1Options(direction="north").validated()
    with pytest.raises(InputError, match="Relative orbit 176 does not exist"):
        Sentinel1Options(relative_orbits=[176]).validated()
    with pytest.raises(InputError, match="half-window of -1 days"):
        Sentinel1Options(half_window_days=-1).validated()



def test_windows_composed_on_the_cluster_give_the_same_stacks(tmp_path, monkeypatch,
                                                               dask_cluster):
    """Four 5 × 5 windows, each in runs of 3 dates then 2: composed on two Dask workers =
    composed here = composed here in one run of every date (VV, VH and the counts)."""
    from helpers import assert_same_stack
    from smdownscale.engine.prepare.sentinel1 import composite
    from smdownscale.engine.raster.executors import cluster_session

    paths = acquisitions(tmp_path)
    dates = DATES[:3] + [parse_iso("2019-04-08")] + DATES[3:]
    runs = {}
    for label in ("whole", "here", "there"):
        if label == "here":  # bytes of 3 dates of a 5 × 5 window: VV, VH (float32), count
            monkeypatch.setattr(composite, "UNIT_BYTES", 3 * 5 * 5 * (4 * 2 + 2))
        (tmp_path / label).mkdir()
        with cluster_session(dask_cluster.address if label == "there" else ""):
            runs[label] = run(tmp_path / label, paths, dates, block=5)
    (s_whole, out_whole, n_whole) = runs["whole"]
    for summary, outputs, counts in (runs["here"], runs["there"]):
        for pol in ("VV", "VH"):
            assert_same_stack(out_whole[pol], outputs[pol])
        assert_same_stack(n_whole, counts)
        assert summary["per_date"] == s_whole["per_date"]
    vv, _, _, _ = read(runs["there"][1]["VV"])
    assert np.allclose(vv[2], 10 * np.log10(0.03)) and np.isnan(vv[0]).all()
    assert np.allclose(vv[3], 10 * np.log10(0.04))  # 8 April: 5 and 11 April

"""Resuming an interrupted import (engine/raster/resume.py through each importer's loop).

An import cancelled once its checkpoint holds some bands leaves only that checkpoint
(``.resume_<key>/`` beside the output, no output and no partial file); a rerun of
the same files and settings logs "Resumed: k of n …", reads only the rest, and writes
the same stack (arrays, band dates, units) and the same counts per rule as an
uninterrupted run without checkpoints; the checkpoint is then removed. Files are
written in the products' published layouts by the writers under tests/ (SMAP L3
HDF5: smap_granules.py; AMSR2 L3 HDF5: amsr2_files.py; ERA5-Land NetCDF4:
precipitation_files.py; MODIS HDF4-EOS: engine/synthetic/modis_files.py).
"""
import datetime as dt
import os

import numpy as np
import pytest
from helpers import (CancelWhenCheckpointed, Messages, assert_same_stack, checkpointed,
                     resumed_line)
from rasterio.crs import CRS
from rasterio.warp import transform as warp_transform

from smdownscale.engine.errors import Cancelled
from smdownscale.engine.raster.resume import checkpoint_folder


def interrupt_and_resume(run, folder, name, after, total, what):
    """Run ``run(output, resume, progress)`` → summary three ways: without checkpoints,
    cancelled after ``after`` checkpointed bands, and resumed; check the resumed run
    against the first; return the two summaries and the resumed run's log."""
    reference = os.path.join(folder, "reference", name)
    output = os.path.join(folder, "resumed", name)
    os.makedirs(os.path.dirname(reference))
    os.makedirs(os.path.dirname(output))
    expected = run(reference, False, Messages())
    assert os.listdir(os.path.dirname(reference)) == [name]  # resume off: no checkpoint
    with pytest.raises(Cancelled):
        run(output, True, CancelWhenCheckpointed(output, after))
    assert checkpointed(output) == list(range(1, after + 1))
    assert os.listdir(os.path.dirname(output)) == [os.path.basename(checkpoint_folder(output))]
    progress = Messages()
    summary = run(output, True, progress)
    assert resumed_line(progress) == (f"Resumed: {after} of {total} {what} reused from an "
                                      f"interrupted run ({checkpoint_folder(output)})")
    assert_same_stack(output, reference)
    assert os.listdir(os.path.dirname(output)) == [name]  # the checkpoint is gone
    return expected, summary, progress


def test_smap_two_bands_per_granule_resume_after_the_first_granule(tmp_path, monkeypatch):
    from smap_granules import write_l3

    from smdownscale.engine.prepare.coarse import common
    from smdownscale.engine.prepare.smap import ImportOptions, import_smap
    from smdownscale.engine.raster.grids import ease2_row_col

    monkeypatch.setattr(common, "STRIP_ROWS", 8)  # several strips per band
    cell = ease2_row_col(36, 116.0, 41.5)
    south = (cell[0] + 9, cell[1])
    granules = [write_l3(tmp_path / f"SMAP_L3_SM_P_2019060{d}_R18290_001.h5",
                         am={cell: 0.1 + d / 100, south: 0.7}, pm={south: 0.2 + d / 100})
                for d in (1, 2, 3)]
    xs, ys = warp_transform(CRS.from_epsg(4326), CRS.from_epsg(6933), [110, 120], [38, 45])
    bounds = (xs[0], ys[0], xs[1], ys[1])

    def run(output, resume, progress):
        return import_smap(granules, output, ImportOptions(passes="am_pm"), bounds, progress,
                           resume=resume)

    # AM and PM bands of each granule: the first granule's 2 bands are kept before the cancel
    expected, summary, _ = interrupt_and_resume(run, str(tmp_path), "sm.tif", 2, 6, "band(s)")
    assert summary["counts"] == expected["counts"] and summary["counts"]["range"] == 3


def test_amsr2_resume_and_a_changed_file_starts_over(tmp_path, monkeypatch):
    from amsr2_files import CELL, name, write_amsr2

    from smdownscale.engine.prepare.coarse import amsr2, common

    monkeypatch.setattr(common, "STRIP_ROWS", 8)
    (_, _), (row, col) = CELL[25]
    files = [write_amsr2(tmp_path / name(day=d, km=25), {(row, col): 200 + d, (row + 9, col): 999},
                         km=25) for d in (1, 2, 3)]

    def run(output, resume, progress, bounds=(110.0, 38.0, 120.0, 45.0)):
        return amsr2.import_amsr2(files, output, bounds=bounds, progress=progress,
                                  resume=resume)

    expected, summary, _ = interrupt_and_resume(run, str(tmp_path), "sm.tif", 1, 3, "band(s)")
    assert summary["counts"] == expected["counts"] and summary["counts"]["range"] == 3
    # an extent of the same size one cell east: another grid, so the checkpoint is not used
    output = str(tmp_path / "resumed" / "moved.tif")
    with pytest.raises(Cancelled):
        run(output, True, CancelWhenCheckpointed(output, 1))
    progress = Messages()
    run(output, True, progress, bounds=(110.25, 38.0, 120.25, 45.0))
    assert (f"The checkpoint in {checkpoint_folder(output)} belongs to another run (grid "
            "changed); starting over.") in progress.infos
    # a file rewritten after the interruption: the checkpoint is not used, and says why
    output = str(tmp_path / "resumed" / "again.tif")
    with pytest.raises(Cancelled):
        run(output, True, CancelWhenCheckpointed(output, 1))
    write_amsr2(files[0], {(row, col): 250}, km=25)
    progress = Messages()
    run(output, True, progress)
    assert resumed_line(progress) is None
    assert (f"The checkpoint in {checkpoint_folder(output)} belongs to another run (product "
            f"file {os.path.basename(files[0])} changed); starting over.") in progress.infos


def test_precipitation_resume_keeps_the_counts_per_rule(tmp_path, monkeypatch):
    from precipitation_files import write_era5land

    from smdownscale.engine.prepare.precipitation import importer

    monkeypatch.setattr(importer, "STRIP_ROWS", 16)  # 71 rows: 5 strips per day
    path = write_era5land(tmp_path / "era5land.nc", [
        (dt.datetime(2019, 6, 2), {(116.0, 41.0): 0.004, (111.0, 44.0): -0.000001}),
        (dt.datetime(2019, 6, 3), {(116.0, 41.0): 0.0005, (119.0, 39.0): -0.002}),
        (dt.datetime(2019, 6, 4), {(112.0, 40.0): 0.01, (119.0, 39.0): -0.002})])

    def run(output, resume, progress):
        return importer.import_precipitation([path], output, progress=progress, resume=resume)

    expected, summary, _ = interrupt_and_resume(run, str(tmp_path), "rain.tif", 2, 3, "day(s)")
    assert summary["counts"] == expected["counts"]
    assert summary["counts"]["negative_removed"] == 2  # one on the reused 2nd day, one after


def folder_interrupt_and_resume(tmp_path, run, paths, prefix, after):
    """Import ``paths`` with ``run(paths, folder, progress, resume)`` into tmp_path/resumed,
    cancelled once ``after`` dates are kept, then again; and into tmp_path/reference
    without checkpoints. The checkpoint of a folder import is named by
    "<prefix>_import" in that folder. Returns (folder, the checkpoint's file names after
    the cancel, resumed summary, reference summary)."""
    folder, other = tmp_path / "resumed", tmp_path / "reference"
    folder.mkdir()
    other.mkdir()
    kept = checkpoint_folder(str(folder / f"{prefix}_import"))
    with pytest.raises(Cancelled):
        run(paths, str(folder), CancelWhenCheckpointed(folder / f"{prefix}_import", after),
            True)
    assert sorted(os.listdir(folder)) == [os.path.basename(kept)]
    names = sorted(os.listdir(kept))
    progress = Messages()
    summary = run(paths, str(folder), progress, True)
    reference = run(paths, str(other), Messages(), False)
    assert resumed_line(progress) == (f"Resumed: {after} of {len(summary['dates'])} date(s) "
                                      f"reused from an interrupted run ({kept})")
    assert summary["counts"] == reference["counts"] and summary["kept"] == reference["kept"]
    for key, path in summary["outputs"].items():
        for mine, theirs in zip(*(p if isinstance(p, list) else [p]
                                  for p in (path, reference["outputs"][key]))):
            assert_same_stack(mine, theirs)
    assert sorted(os.listdir(folder)) == sorted(os.path.basename(p) for p in _files(summary))
    return names, summary


def _files(summary):
    """Every output file of a folder import's summary."""
    for path in summary["outputs"].values():
        yield from (path if isinstance(path, list) else [path])


def modis_interrupt_and_resume(tmp_path, paths, product, after):
    from smdownscale.engine.prepare.modis.importer import import_modis

    def run(paths, folder, progress, resume):
        return import_modis(paths, folder, progress=progress, resume=resume)

    return folder_interrupt_and_resume(tmp_path, run, paths, product, after)


def test_modis_stacks_and_per_date_reflectance_files_resume(tmp_path):
    from smdownscale.engine.synthetic import modis_files as mf

    day = dt.date(2019, 4, 1)
    state = np.array([[0b01, 0], [0, 0]], np.uint16)  # one cloudy 1 km cell
    paths = [mf.write_mod09ga(tmp_path, day + dt.timedelta(days=d), 26, 4,
                              np.stack([np.full((4, 4), 100 * b + d, np.int16)
                                        for b in range(1, 8)]),
                              np.zeros((4, 4), np.uint32), state, row0=200, col0=400)
             for d in range(3)]
    names, summary = modis_interrupt_and_resume(tmp_path, paths, "MOD09GA", 2)
    assert [n for n in names if n.startswith("file_")] == [
        "file_00001_MOD09GA_reflectance_2019-04-01.tif",
        "file_00002_MOD09GA_reflectance_2019-04-02.tif"]
    assert [os.path.basename(p) for p in summary["outputs"]["reflectance"]] == [
        f"MOD09GA_reflectance_2019-04-0{d}.tif" for d in (1, 2, 3)]


def test_modis_lst_stacks_resume_with_their_counts(tmp_path):
    from smdownscale.engine.synthetic import modis_files as mf

    day = dt.date(2019, 4, 1)
    qc = np.array([[0, 0], [0b11, 0]], np.uint8)  # one LST not produced (QC bits 0-1 = 11)
    paths = [mf.write_mod11(tmp_path, day + dt.timedelta(days=d), 26, 4,
                            np.full((2, 2), 15000 + d, np.uint16), qc) for d in range(3)]
    names, summary = modis_interrupt_and_resume(tmp_path, paths, "MOD11A1", 1)
    assert sorted(n for n in names if n.endswith(".tif")) == [
        f"{key}_00001.tif" for key in sorted(summary["outputs"])]


def test_landsat_scenes_of_three_days_resume(tmp_path):
    from smdownscale.engine.prepare.landsat.importer import import_landsat
    from smdownscale.engine.synthetic import landsat_files as lf

    qa_pixel = np.full((30, 30), 21824)  # clear land (QA_PIXEL bits 6 clear, 8-9 low cloud)
    qa_pixel[:5] = 22280  # cloud (bit 3), medium confidence
    scenes = [lf.write_scene(tmp_path / f"in{d}", sr={4: np.full((30, 30), 11000 + d)},
                             qa_pixel=qa_pixel, acquired=dt.date(2019, 4, 1 + 8 * d))
              for d in range(3)]

    def run(paths, folder, progress, resume):
        return import_landsat(paths, folder, progress=progress, resume=resume)

    names, summary = folder_interrupt_and_resume(tmp_path, run, scenes, "Landsat", 1)
    assert "file_00001_Landsat_reflectance_2019-04-01.tif" in names
    assert summary["scenes"]["2019-04-01"] and summary["dates"][2] == "2019-04-17"

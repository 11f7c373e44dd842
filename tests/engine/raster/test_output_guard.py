"""Outputs never corrupt: stale unfinished files swept, one writer per output, a full
disk and a folder one may not write in refused with a clear message, the old output kept."""
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import pytest
from rasterio.crs import CRS
from rasterio.transform import from_origin

from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.grids import Grid
from smdownscale.engine.raster.output_guard import HOST, OutputLock
from smdownscale.engine.raster.scratch import Scratch
from smdownscale.engine.raster.staging import Staging
from smdownscale.engine.raster.timestack import StackWriter, write_stack

GRID = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 40, 30)
BIG = Grid(CRS.from_epsg(32650), from_origin(500000, 4600000, 1000, 1000), 512, 512)
PKG = os.path.join(os.path.dirname(__file__), "..", "..", ".pkg")
UUID = "0123456789abcdef0123456789abcdef"


class Recorded:
    """Engine progress that keeps the info lines."""

    def __init__(self):
        self.lines = []

    def info(self, message):
        self.lines.append(message)


def dead_pid():
    """The id of a process that has exited (and been reaped)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def noise(bands, grid=BIG):
    """Incompressible float32 values (bands, rows, cols)."""
    return np.random.default_rng(3).random((bands, grid.height, grid.width), dtype="float32")


# --- kill -9: unfinished files of dead processes go --------------------------------------------

def test_unfinished_files_of_dead_processes_are_swept_when_a_writer_opens(tmp_path):
    dead, alive = dead_pid(), os.getpid()
    stale = [f".partial_{HOST}_{dead}_{UUID}.tif", f".scratch_{HOST}_{dead}_{UUID}.tif"]
    kept = [f".partial_{HOST}_{alive}_{UUID}.tif",  # a run still going
            f".partial_89abcdef_{dead}_{UUID}.tif" if HOST != "89abcdef" else "x",  # elsewhere
            "other.tif"]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"half")
    (tmp_path / f".partial_{HOST}_{dead}_{UUID}").mkdir()  # a Staging folder
    (tmp_path / f".partial_{HOST}_{dead}_{UUID}" / "a.tif").write_bytes(b"half")
    progress = Recorded()
    with StackWriter(tmp_path / "out.tif", GRID, progress=progress) as out:
        assert out.swept == 3
        out.write(1, np.ones((30, 40)))
    assert progress.lines == [f"Removed 3 unfinished file(s) of an interrupted run in {tmp_path}"]
    assert sorted(os.listdir(tmp_path)) == sorted(kept + ["out.tif"])


def test_scratch_and_staging_sweep_too_and_name_their_process(tmp_path):
    (tmp_path / f".scratch_{HOST}_{dead_pid()}_{UUID}.tif").write_bytes(b"half")
    with Scratch(str(tmp_path), GRID, 2) as scratch:
        assert scratch.swept == 1
        assert os.path.basename(scratch.path).startswith(f".scratch_{HOST}_{os.getpid()}_")
    (tmp_path / f".partial_{HOST}_{dead_pid()}_{UUID}").mkdir()
    with Staging(str(tmp_path)) as staging:
        assert os.path.basename(staging.path).startswith(f".partial_{HOST}_{os.getpid()}_")
        write_stack(staging.file("a.tif"), GRID, np.zeros((30, 40)))
    assert os.listdir(tmp_path) == ["a.tif"]


# --- a full disk --------------------------------------------------------------------------------

@pytest.fixture
def small_disk():
    """A 2 MiB tmpfs file system (needs root: skipped otherwise)."""
    folder = tempfile.mkdtemp(prefix="small_disk_")
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", folder],
                           capture_output=True, text=True)
    if mount.returncode != 0:
        os.rmdir(folder)
        pytest.skip(f"cannot mount a 2 MiB tmpfs (needs root): {mount.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", folder], check=True)
        os.rmdir(folder)


def test_full_disk_is_named_with_the_space_needed_and_the_old_output_kept(small_disk):
    out = os.path.join(small_disk, "sm.tif")
    write_stack(out, BIG, np.zeros((1, 512, 512)))
    before = open(out, "rb").read()
    with pytest.raises(InputError) as err:
        write_stack(out, BIG, noise(4))  # 4 MiB of noise in 2 MiB
    message = str(err.value)
    assert message.startswith(f"Not enough disk space in {small_disk} (")
    assert " MiB free); the output needs at most 4.0 MiB: 262,144 cells × 4 band(s) × " \
           "4 byte(s), uncompressed. Free some space or choose an output folder on " \
           "another disk." in message
    assert os.listdir(small_disk) == ["sm.tif"]
    assert open(out, "rb").read() == before


def test_full_disk_is_refused_up_front_when_almost_nothing_is_free(small_disk):
    with open(os.path.join(small_disk, "filler"), "wb") as f:
        f.write(b"\0" * (1536 << 10))  # 1.5 MiB of 2 MiB
    with pytest.raises(InputError, match=r"Not enough disk space in .* \(\d+\.\d KiB free\); "
                       "the output needs at most 1.0 MiB: 262,144 cells × 1 band"):
        write_stack(os.path.join(small_disk, "sm.tif"), BIG, np.zeros((1, 512, 512)))
    with pytest.raises(InputError, match="needs at most 2.0 MiB: 262,144 cells × 2 band"):
        Scratch(small_disk, BIG, 2).__enter__()  # scratch needs its whole size free
    assert os.listdir(small_disk) == ["filler"]
    write_stack(os.path.join(small_disk, "small.tif"), GRID, np.zeros((30, 40)))  # 4.7 KiB


# --- a folder one may not write in ---------------------------------------------------------------

NOBODY_WRITES = """
import sys
sys.path.insert(0, {pkg!r})
import numpy as np
from smdownscale.engine.errors import InputError
from smdownscale.engine.raster.scratch import Scratch
from smdownscale.engine.raster.timestack import write_stack
from test_output_guard import GRID
for write in (lambda: write_stack({folder!r} + "/sm.tif", GRID, np.zeros((30, 40))),
              lambda: Scratch({folder!r}, GRID, 1).__enter__()):
    try:
        write()
        print("written")
    except InputError as err:
        print(err)
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="writes as user 'nobody' (root ignores modes)")
def test_read_only_folder_is_named_with_what_to_do():
    folder = tempfile.mkdtemp(prefix="read_only_")
    try:
        (open(os.path.join(folder, "sm.tif"), "wb")).write(b"old")
        os.chmod(folder, 0o555)
        script = NOBODY_WRITES.format(pkg=os.path.abspath(PKG), folder=folder)
        run = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                              sys.executable, "-c", script], capture_output=True, text=True,
                             cwd=os.path.dirname(__file__), timeout=60)
        expected = (f"Cannot write in {folder}: permission denied. Choose an output folder "
                    "you can write to.")
        assert run.stdout.splitlines() == [expected, expected], run.stdout + run.stderr
        assert os.listdir(folder) == ["sm.tif"] and open(f"{folder}/sm.tif", "rb").read() == b"old"
    finally:
        os.chmod(folder, 0o755)
        subprocess.run(["rm", "-r", folder], check=True)


# --- two runs writing the same output --------------------------------------------------------------

HOLD_WRITER = """
import sys
sys.path.insert(0, {pkg!r})
import numpy as np
from smdownscale.engine.raster.timestack import StackWriter
from test_output_guard import GRID
with StackWriter({path!r}, GRID) as out:
    out.write(1, np.full((30, 40), 7.0))
    print("writing", flush=True)
    sys.stdin.readline()
"""


def test_a_second_writer_of_the_same_output_is_refused_and_others_proceed(tmp_path):
    out = tmp_path / "sm.tif"
    script = HOLD_WRITER.format(pkg=os.path.abspath(PKG), path=str(out))
    first = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, cwd=os.path.dirname(__file__))
    try:
        assert first.stdout.readline() == "writing\n"
        with pytest.raises(InputError) as err:
            write_stack(out, GRID, np.zeros((30, 40)))
        assert str(err.value) == (f"Another run is writing {out} (process {first.pid}); wait "
                                  "for it to finish or choose another output.")
        write_stack(tmp_path / "other.tif", GRID, np.zeros((30, 40)))  # same folder: fine
    finally:
        first.communicate("go\n", timeout=60)
    assert first.returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["other.tif", "sm.tif"]  # no lock file left
    with StackWriter(out, GRID) as again:  # the lock is free once the first has finished
        again.write(1, np.ones((30, 40)))


def test_a_lock_file_left_by_a_killed_run_does_not_block(tmp_path):
    out = tmp_path / "sm.tif"
    lock = OutputLock(out)
    with open(lock.lock_path, "w") as f:
        f.write(f"smdownscale-output-lock {dead_pid()} {HOST}\n")  # flock died with it
    write_stack(out, GRID, np.zeros((30, 40)))
    assert os.listdir(tmp_path) == ["sm.tif"]


def test_one_file_given_for_two_outputs_of_a_run_is_named(tmp_path):
    out = tmp_path / "sm.tif"
    with StackWriter(out, GRID):
        with pytest.raises(InputError, match=f"^{re.escape(str(out))} is given for two outputs of this run; "
                           "choose a different file for each.$"):
            StackWriter(out, GRID).__enter__()
    assert os.listdir(tmp_path) == ["sm.tif"]

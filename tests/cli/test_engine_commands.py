"""The README's engine commands work from any folder, without PYTHONPATH or QGIS."""
import json
import os
import re
import subprocess

import rasterio
from helpers import REPO

SCRIPTS = os.path.join(REPO, "scripts")


def _run(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_synthetic_region_command_from_another_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = _run([os.path.join(SCRIPTS, "synthetic_region"), "region", "--seed", "3",
                "--coarse-cols", "2", "--coarse-rows", "3", "--days", "4",
                "--start", "2019-07-30"], cwd=elsewhere)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "72×108 fine cells, 4 days" in run.stdout
    manifest = json.loads((elsewhere / "region" / "region.json").read_text(encoding="utf-8"))
    assert manifest["spec"]["seed"] == 3
    dates = ["2019-07-30", "2019-07-31", "2019-08-01", "2019-08-02"]
    assert manifest["dates"] == dates
    with rasterio.open(elsewhere / "region" / manifest["files"]["coarse_stack"]) as ds:
        assert (ds.count, ds.width, ds.height) == (4, 2, 3)
        assert list(ds.descriptions) == dates and ds.crs.to_epsg() == 6933
    assert len(manifest["files"]["coarse_files"]) == 4


def test_readme_python_example_runs_from_another_folder(tmp_path):
    readme = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## The engine, without QGIS"):]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    run = _run([os.path.join(SCRIPTS, "engine_python"), "-c",
                code + "print(manifest['grids']['fine']['width'], len(manifest['dates']))"],
               cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.split() == ["144", "20"]
    assert (tmp_path / "region" / "region.json").exists()
    one_liner = re.search(r"engine_python -c '([^']*)'", section).group(1)
    run = _run([os.path.join(SCRIPTS, "engine_python"), "-c", one_liner], cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith("RegionSpec("), run.stderr

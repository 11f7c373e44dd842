"""The README's pictures come from scripts/render_readme_pictures.py and the current code."""
import os
import re
import subprocess

from helpers import REPO

SCRIPT = os.path.join(REPO, "scripts", "render_readme_pictures.py")
NAMES = ("toolbox.png", "modeler.png", "coarse_vs_downscaled.png")


def test_readme_shows_the_rendered_pictures():
    readme = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    shown = set(re.findall(r"!\[[^\]]*\]\(docs/images/([^)]+)\)", readme))
    assert shown == set(NAMES)
    for name in NAMES:
        assert os.path.getsize(os.path.join(REPO, "docs", "images", name)) > 20000


def test_script_renders_every_picture(validation_region, tmp_path):
    demo = tmp_path / "demo"
    (demo).mkdir()
    os.symlink(validation_region["folder"], demo / "region")
    os.symlink(validation_region["map"], demo / "sm_1km_downscaled.tif")
    out = tmp_path / "images"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(["/usr/bin/python3", SCRIPT, str(demo), str(out)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    from qgis.PyQt.QtGui import QImage

    for name in NAMES:
        image = QImage(str(out / name))
        assert not image.isNull() and image.width() >= 400, name
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert len(colours) > 20, name  # a picture, not a blank canvas

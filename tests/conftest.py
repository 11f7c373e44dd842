"""Test set-up: import the checkout as package ``smdownscale`` and find QGIS's Processing.

pytest-qgis starts one real headless QgsApplication (QT_QPA_PLATFORM=offscreen) for
the session; engine tests simply do not use it.
"""
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG_DIR = os.path.join(REPO, "tests", ".pkg")


def _link_package():
    """Expose the checkout (whatever its folder name) as package 'smdownscale'."""
    os.makedirs(PKG_DIR, exist_ok=True)
    link = os.path.join(PKG_DIR, "smdownscale")
    if not (os.path.islink(link) and os.path.realpath(link) == os.path.realpath(REPO)):
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(REPO, link)
    if PKG_DIR not in sys.path:
        sys.path.insert(0, PKG_DIR)


_link_package()
sys.path.insert(0, os.path.join(REPO, "tests"))  # for tests/helpers.py
for path in ("/usr/share/qgis/python/plugins", "/usr/share/qgis/python"):
    if os.path.isdir(path) and path not in sys.path:
        sys.path.append(path)

"""A throwaway QGIS profile for the qgis_process tests.

QGIS_CUSTOM_CONFIG_PATH points qgis_process at a fresh profile whose plugins folder
links this checkout as 'smdownscale', enabled with ``qgis_process plugins enable``, so
the tests exercise this checkout whatever is installed in the user's own profile.
"""
import os
import subprocess

import pytest
from helpers import QGIS_PROCESS, REPO


@pytest.fixture(scope="session")
def profile_env(tmp_path_factory):
    """Environment for qgis_process with the checkout enabled as plugin 'smdownscale'."""
    config = tmp_path_factory.mktemp("qgis_config")
    plugins = config / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "smdownscale").symlink_to(REPO)
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(config))
    enable = subprocess.run([QGIS_PROCESS, "plugins", "enable", "smdownscale"], env=env,
                            capture_output=True, text=True, timeout=180)
    assert enable.returncode == 0, enable.stdout + enable.stderr
    return env

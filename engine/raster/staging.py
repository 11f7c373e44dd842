"""All-or-nothing output of several files: write into a hidden folder, move at the end.

The folder is named by its process (:func:`.output_guard.temp_path`), so the next run
in the same place removes it if this one was killed.
"""
import os
import shutil

from .output_guard import guarded, sweep_stale, temp_path


class Staging:
    """A hidden folder beside the outputs; its files move into place on success only."""

    def __init__(self, folder):
        """``folder``: where the files go; it must exist."""
        self.folder = folder
        self.path = temp_path(folder, "partial")
        self.names = []

    def __enter__(self):
        sweep_stale(self.folder)  # the staging folders of killed runs
        with guarded(self.folder):
            os.makedirs(self.path)
        return self

    def file(self, name):
        self.names.append(name)
        return self.path_of(name)

    def path_of(self, name):
        """Where file ``name`` (given to :meth:`file`) is while the run lasts."""
        return os.path.join(self.path, name)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            for name in self.names:
                os.replace(os.path.join(self.path, name), os.path.join(self.folder, name))
        shutil.rmtree(self.path, ignore_errors=True)
        return False

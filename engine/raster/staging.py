"""All-or-nothing output of several files: write into a hidden folder, move at the end."""
import os
import shutil
import uuid


class Staging:
    """A hidden folder beside the outputs; its files move into place on success only."""

    def __init__(self, folder):
        """``folder``: where the files go; it must exist."""
        self.folder = folder
        self.path = os.path.join(folder, f".partial_{uuid.uuid4().hex}")
        self.names = []

    def __enter__(self):
        os.makedirs(self.path)
        return self

    def file(self, name):
        self.names.append(name)
        return os.path.join(self.path, name)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            for name in self.names:
                os.replace(os.path.join(self.path, name), os.path.join(self.folder, name))
        shutil.rmtree(self.path, ignore_errors=True)
        return False

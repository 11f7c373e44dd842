"""The ISMN files inside what the user gives: folders, zip archives and single files.

An ISMN download is a zip (``Data_separate_files_…zip``) holding ``<network>/<station>/``
folders with the ``.stm`` data files and the station's ``*_static_variables.csv``, next
to ``Metadata.xml`` and read-me texts. Zips are read member by member without unpacking
them; folders are searched recursively (zips inside them are read too). Other files
(metadata, read-me, python_metadata) are passed over and only counted.
"""
import os
import zipfile
from contextlib import contextmanager, ExitStack
from dataclasses import dataclass, field

from ...errors import InputError
from .names import STATIC_SUFFIX, base_name


@dataclass
class IsmnFile:
    """One data or static-variables file; ``label`` names it in messages."""

    label: str
    member: str
    reader: object  # a ZipFile, or None for a file on disk

    @property
    def name(self):
        return base_name(self.member)

    def read(self):
        """The file's bytes."""
        if self.reader is None:
            with open(self.member, "rb") as f:
                return f.read()
        return self.reader.read(self.member)


@dataclass
class Collection:
    """The data (``.stm``) and static-variables files found, and the names passed over."""

    data: list = field(default_factory=list)
    static: list = field(default_factory=list)
    other: list = field(default_factory=list)
    sources: int = 0

    def add(self, label, member, reader=None):
        lower = base_name(member).lower()
        if lower.endswith(".stm"):
            self.data.append(IsmnFile(label, member, reader))
        elif lower.endswith(STATIC_SUFFIX):
            self.static.append(IsmnFile(label, member, reader))
        else:
            self.other.append(label)


@contextmanager
def open_collection(paths):
    """A :class:`Collection` of everything under ``paths``; zips stay open inside the block.

    Raises :class:`InputError` for a path that does not exist or a zip that cannot be read.
    """
    with ExitStack() as stack:
        found = Collection()
        for path in paths:
            _add_path(found, str(path), stack)
        yield found


def _add_path(found, path, stack):
    if not os.path.exists(path):
        raise InputError(f"'{path}' does not exist. Give ISMN downloads: the zip as "
                         "downloaded, its unpacked folder, or .stm files.")
    found.sources += 1
    if os.path.isdir(path):
        for folder, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                _add_file(found, os.path.join(folder, name), stack)
    else:
        _add_file(found, path, stack)


def _add_file(found, path, stack):
    if path.lower().endswith(".zip"):
        _add_zip(found, path, stack)
    else:
        found.add(path, path)


def _add_zip(found, path, stack):
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(f"'{path}' cannot be read as a zip archive ({err}). Download it "
                         "again from the ISMN, or give its unpacked folder.") from None
    for member in sorted(archive.namelist()):
        if not member.endswith("/"):
            found.add(f"{os.path.basename(path)}: {member}", member, archive)

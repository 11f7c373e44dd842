"""The folder of compiled model libraries: checked on load, kept under a size limit.

A compiled library (:mod:`.compiled`) is object code loaded into the process, so a
damaged file must never be loaded: beside every library ``<key>.lleaves.o`` lies
``<key>.lleaves.o.sha256``, the SHA-256 of its bytes, written after the library
(both whole files or nothing: written to a temporary name and renamed). A library
whose checksum is missing or differs is removed and compiled again.

The folder is kept under ``limit_bytes`` (default 2 GiB; a 500-round × 63-leaf
model compiles to ~5 MB): after a library is added, the least recently used ones
(file modification time, refreshed on every load) are removed until the folder
fits. The library just added is never removed.
"""
import hashlib
import os
import uuid

DEFAULT_LIMIT_BYTES = 2 * 1024 ** 3
CHECKSUM_SUFFIX = ".sha256"


def checksum_path(library):
    """Path of the checksum file of ``library``."""
    return library + CHECKSUM_SUFFIX


def file_sha256(path):
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_intact(library):
    """True when ``library`` exists and its bytes match its checksum file."""
    try:
        with open(checksum_path(library), encoding="ascii") as f:
            expected = f.read().strip()
        return expected == file_sha256(library)
    except OSError:
        return False


def discard(library):
    """Remove a library and its checksum (missing files are fine)."""
    for path in (library, checksum_path(library)):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def store(built, library):
    """Move the freshly built file ``built`` onto ``library`` and write its checksum."""
    digest = file_sha256(built)
    os.replace(built, library)
    scratch = f"{checksum_path(library)}.{uuid.uuid4().hex}.tmp"
    with open(scratch, "w", encoding="ascii") as f:
        f.write(digest + "\n")
    os.replace(scratch, checksum_path(library))


def touch(library):
    """Mark ``library`` as just used (its modification time), where the folder allows."""
    try:
        os.utime(library)
    except OSError:
        pass


def prune(folder, suffix, keep, limit_bytes=DEFAULT_LIMIT_BYTES):
    """Remove the least recently used libraries (``*suffix``) of ``folder`` until their
    total size is at most ``limit_bytes``; never ``keep``. Returns the removed paths."""
    entries = []
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.endswith(suffix) and os.path.isfile(path):
            stat = os.stat(path)
            entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    removed = []
    for _, size, path in sorted(entries):
        if total <= limit_bytes:
            break
        if os.path.abspath(path) != os.path.abspath(keep):
            discard(path)
            total -= size
            removed.append(path)
    return removed

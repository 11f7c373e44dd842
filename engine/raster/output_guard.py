"""Guards around writing an output: no corrupt file, no clash, clear errors.

- Unfinished files are named by their writer, ``.partial_<host>_<pid>_<uuid>.tif`` and
  ``.scratch_<host>_<pid>_<uuid>.tif`` (host: 8 hex digits of the computer's name), so
  a writer opening a folder removes those whose process no longer runs on this
  computer (:func:`sweep_stale`): a run killed with ``kill -9`` leaves nothing behind
  once the next run starts.
- One writer per output: :class:`OutputLock` holds an exclusive ``flock`` on a hidden
  ``.<name>.lock`` beside the output while it is written; a second writer of the same
  path is refused with the process id of the first.
- A full disk, a folder one may not write in or a read-only file system become an
  :class:`~..errors.InputError` saying so (:func:`guarded`). GDAL reports a failed tile
  write (``No space left on device``) only through its error handler and then closes
  the file as if all were well; :func:`guarded` collects those errors so a truncated
  file is never moved into place.
"""
import contextlib
import errno
import hashlib
import os
import re
import shutil
import socket
import uuid

from ..errors import InputError

try:  # POSIX; on Windows outputs are not locked and nothing is swept
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

MIN_FREE_BYTES = 1 << 20  # refuse to start writing with less than 1 MiB free
LARGE_OUTPUT_BYTES = 10 << 30  # warn before writing an output larger uncompressed
HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]
_TEMP = re.compile(r"^\.(partial|scratch)_([0-9a-f]{8})_(\d+)_[0-9a-f]{32}")
_LOCK_SIGNATURE = "smdownscale-output-lock"
_SPACE_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_SPACE_TEXTS = ("No space left on device", "Disk quota exceeded")


# --- unfinished files -------------------------------------------------------------------
def temp_path(folder, kind, suffix=""):
    """A new hidden unfinished file (or folder) in ``folder``: ``kind`` is "partial" or
    "scratch"; the name carries this computer and process so a later run can sweep it."""
    return os.path.join(folder, f".{kind}_{HOST}_{os.getpid()}_{uuid.uuid4().hex}{suffix}")


def process_alive(pid):
    """True when process ``pid`` runs on this computer (or cannot be checked)."""
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, owned by another user
        return True
    return True


def sweep_stale(folder):
    """Remove unfinished files and folders in ``folder`` left by dead processes of this
    computer, and output locks nobody holds; return how many unfinished ones went."""
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    removed = 0
    for name in names:
        match = _TEMP.match(name)
        path = os.path.join(folder, name)
        if match and match.group(2) == HOST and not process_alive(int(match.group(3))):
            removed += _remove_tree_or_file(path)
        elif name.startswith(".") and name.endswith(".lock"):
            _remove_unheld_lock(path)
    return removed


def _remove_tree_or_file(path):
    """Remove ``path`` (a file or a folder); 1 when it went, 0 when it could not."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    except OSError:
        return 0
    return 1


def _remove_unheld_lock(path):
    """Remove one of our lock files when no process holds it."""
    if fcntl is None:
        return
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return
    try:
        if not os.read(fd, len(_LOCK_SIGNATURE)).decode("ascii", "replace") == _LOCK_SIGNATURE:
            return
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.remove(path)  # while holding it: a writer that opened it re-checks and retries
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_quietly(*paths):
    """Remove files that may not exist."""
    for path in paths:
        with contextlib.suppress(OSError):
            os.remove(path)


# --- one writer per output ---------------------------------------------------------------
class OutputLock:
    """An exclusive lock on writing ``path``, held from :meth:`acquire` to :meth:`release`.

    The lock is a ``flock`` on ``.<name>.lock`` beside the output, which records the
    holder's process id and is removed on release; the kernel drops the lock of a killed
    process, so a stale file never blocks a later run.
    """

    def __init__(self, path):
        folder, name = os.path.split(os.path.abspath(path))
        self.path = str(path)
        self.lock_path = os.path.join(folder, f".{name}.lock")
        self._fd = None

    def acquire(self):
        """Take the lock or raise :class:`InputError` naming the process holding it."""
        if fcntl is None:
            return self
        while self._fd is None:
            fd = guarded_open(self.lock_path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                os.close(fd)
                if holder == f" (process {os.getpid()})":
                    raise InputError(f"{self.path} is given for two outputs of this run; "
                                     "choose a different file for each.") from None
                raise InputError(f"Another run is writing {self.path}{holder}; wait for it "
                                 "to finish or choose another output.") from None
            except OSError:  # a file system without locks: write unlocked
                os.close(fd)
                return self
            if _same_file(fd, self.lock_path):
                self._fd = fd
                try:
                    with guarded(os.path.dirname(self.lock_path)):
                        os.ftruncate(fd, 0)
                        os.write(fd, f"{_LOCK_SIGNATURE} {os.getpid()} {HOST}\n".encode())
                except BaseException:
                    self.release()
                    raise
            else:  # removed by its last holder between our open and flock: try again
                os.close(fd)
        return self

    @contextlib.contextmanager
    def acquire_context(self):
        """Hold the lock for a ``with`` block."""
        self.acquire()
        try:
            yield self
        finally:
            self.release()

    def release(self):
        """Remove the lock file and drop the lock."""
        if self._fd is not None:
            remove_quietly(self.lock_path)
            os.close(self._fd)
            self._fd = None


def guarded_open(path):
    """``os.open`` of a lock file (created if missing), with a clear permission error."""
    folder = os.path.dirname(path)
    with guarded(folder):
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


def _same_file(fd, path):
    try:
        held, named = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _holder(fd):
    """" (process 1234)" from a held lock file ("" when it does not say yet)."""
    try:
        words = os.pread(fd, 200, 0).decode("ascii", "replace").split()
    except OSError:
        return ""
    if len(words) < 3 or words[0] != _LOCK_SIGNATURE or not words[1].isdigit():
        return ""
    where = "" if words[2] == HOST else " on another computer"
    return f" (process {words[1]}{where})"


# --- space and permission ----------------------------------------------------------------
class OutputSize:
    """The uncompressed size of an output: ``cells`` × ``bands`` × ``item_bytes``; the
    most a (compressed) GeoTIFF of it needs, give or take its headers."""

    def __init__(self, cells, bands, item_bytes):
        self.cells, self.bands, self.item_bytes = cells, bands, item_bytes

    @property
    def bytes(self):
        return self.cells * self.bands * self.item_bytes

    def describe(self):
        return (f"{human_bytes(self.bytes)}: {self.cells:,} cells × {self.bands} band(s) × "
                f"{self.item_bytes} byte(s), uncompressed")


def human_bytes(count):
    """``count`` bytes as "12.3 MiB"."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if count < 1024 or unit == "TiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024.0


def free_bytes(folder):
    """Bytes free for this user in ``folder`` (None when it cannot be told)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def space_error(folder, size=None):
    """The :class:`InputError` of a full disk in ``folder`` (``size``: an OutputSize)."""
    free = free_bytes(folder)
    has = "" if free is None else f" ({human_bytes(free)} free)"
    needs = "" if size is None else f"; the output needs at most {size.describe()}"
    return InputError(f"Not enough disk space in {folder}{has}{needs}. Free some space or "
                      "choose an output folder on another disk.")


def check_free_space(folder, size=None, minimum=MIN_FREE_BYTES):
    """Refuse before writing when ``folder`` has less than ``minimum`` bytes free (and
    less than the uncompressed ``size``, which is all a small output can need)."""
    free = free_bytes(folder)
    if size is not None:
        minimum = min(minimum, size.bytes)
    if free is not None and free < minimum:
        raise space_error(folder, size)


def large_output_warning(path, size, threshold=None):
    """The warning to give before writing ``path`` of ``size`` (an OutputSize) when it
    exceeds ``threshold`` bytes or the free space of its folder uncompressed ('' when
    neither): compression may shrink it (a mostly empty raster a lot), so it is told,
    not refused; a disk that fills up is refused while writing."""
    threshold = LARGE_OUTPUT_BYTES if threshold is None else threshold
    folder = os.path.dirname(os.path.abspath(str(path)))
    free = free_bytes(folder)
    beyond_free = free is not None and size.bytes > free
    if size.bytes <= threshold and not beyond_free:
        return ""
    room = "" if free is None else f"; {human_bytes(free)} free in {folder}"
    advice = ("it may not fit unless it compresses well; " if beyond_free else "")
    return (f"Large output: {os.path.basename(str(path))} will hold up to {size.describe()}"
            f"{room}. Writing it takes a while; {advice}check that the input covers the "
            "region you meant (clip it first if not).")


def permission_error(folder):
    return InputError(f"Cannot write in {folder}: permission denied. Choose an output "
                      "folder you can write to.")


def fault_of(err):
    """"space", "permission", "read-only" or None: what an OSError or GDAL error means."""
    code, text = getattr(err, "errno", None), str(err)
    if code in _SPACE_ERRNOS or any(t in text for t in _SPACE_TEXTS):
        return "space"
    if code in (errno.EACCES, errno.EPERM) or "Permission denied" in text:
        return "permission"
    if code == errno.EROFS or "Read-only file system" in text:
        return "read-only"
    return None


class WriteFailed(OSError):
    """GDAL reported a failure while writing (collected by :func:`guarded`)."""


@contextlib.contextmanager
def guarded(folder, size=None, name=None, cleanup=None):
    """Turn a full disk, a refused permission or a read-only file system met by the
    writes inside into an :class:`InputError` about ``folder``; GDAL's write failures
    (which it only reports to its error handler) raise too. ``name``: the file written,
    named in other write failures; ``size``: an OutputSize, for the space needed;
    ``cleanup``: called on any error first (so the free space told is after it)."""
    failures = []
    try:
        with gdal_failures(failures):
            yield
        if failures:
            raise WriteFailed(failures[0])
    except Exception as err:  # OSError, rasterio's and GDAL's errors, InputError
        if cleanup is not None:
            cleanup()
        clear = err if isinstance(err, InputError) else _translated(err, folder, size, name)
        if clear is err:
            raise
        raise clear from err


def _translated(err, folder, size, name):
    fault = fault_of(err)
    if fault == "space":
        return space_error(folder, size)
    if fault == "permission":
        return permission_error(folder)
    if fault == "read-only":
        return InputError(f"Cannot write in {folder}: the file system is read-only. "
                          "Choose an output folder you can write to.")
    if isinstance(err, WriteFailed):
        return InputError(f"Writing {name or 'the output'} in {folder} failed: {err}. Check "
                          "the disk, or choose another output folder.")
    return err


@contextlib.contextmanager
def gdal_failures(failures):
    """Collect GDAL's failure messages (CE_Failure, CE_Fatal) raised in this thread."""
    try:
        from osgeo import gdal
    except ImportError:  # pragma: no cover - rasterio's own errors are still translated
        yield
        return

    def collect(level, number, message):
        if level >= gdal.CE_Failure:
            failures.append(message)

    gdal.PushErrorHandler(collect)
    try:
        yield
    finally:
        gdal.PopErrorHandler()

"""Checkpoints of a long run: its finished dates kept so a rerun continues from there.

A run writing a time stack date by date (predict, fuse, the importers) keeps every
finished date in a hidden folder beside its output,
``.resume_<16 hex digits of the SHA-256 of the output's absolute path>/``:

- ``manifest.json``: the run's *identity* — output path, every input's path, size
  and modification time, the model's fingerprint, the options, the plugin version,
  the dates — and what is finished: ``finished`` (1-based bands), ``records`` (what
  the run logged per date) and ``state`` (values the whole run shares, e.g. predict's
  pooled variogram, stored with the first finished date);
- ``<kind>_<band>.tif``: each finished band of each output ("values", "quality", …),
  exactly as the output holds it (compressed GeoTIFF, one band);
- ``file_<band>_<name>``: finished files that belong to a band and are kept whole
  (e.g. a MODIS date's own reflectance file), hard-linked where the disk allows.

Every file is written to a temporary file, flushed to disk and renamed, the band files
before the manifest that claims them: a run killed (or a computer that loses power)
during a checkpoint write never leaves a manifest naming a band it does not hold. A
rerun whose identity equals the manifest's reuses the finished bands; any difference
discards the checkpoint, saying what changed. The folder is created with the first
finished date (a run stopped before that leaves nothing); its name does not match
:func:`.output_guard.sweep_stale`'s pattern, so it survives its dead process; it is
removed when the run succeeds.

A run opens its checkpoint with :func:`open_checkpoint` (a :class:`NoCheckpoint` when
resume is off, so the run's code is the same either way) under its output's lock,
copies the finished bands into its writers (:meth:`RunCheckpoint.restore`), skips
them, and saves each band once written (:meth:`RunCheckpoint.save_band`;
:class:`BandsWritten` tells when the last window of a band is in). Its identity comes
from :func:`run_identity`.
"""
import contextlib
import hashlib
import json
import os
import shutil
from collections import Counter
from dataclasses import asdict

import numpy as np
import rasterio

from .output_guard import guarded, remove_quietly, sweep_stale, temp_path
from .plugin_version import plugin_version
from .timestack import geotiff_profile

MANIFEST = "manifest.json"
# the band files are read once, by a rerun: fast Zstandard (level 1, no predictor) instead
# of the outputs' DEFLATE with predictor, which cost about as much as the import itself
CHECKPOINT_CODEC = {"compress": "zstd", "zstd_level": 1, "predictor": 1}
FORMAT = "smdownscale-resume"
FORMAT_VERSION = 1


def checkpoint_folder(output):
    """The checkpoint folder of ``output``: hidden, beside it, named by its absolute path."""
    path = os.path.abspath(str(output))
    key = hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]
    return os.path.join(os.path.dirname(path), f".resume_{key}")


def file_identity(kind, path, name=None):
    """What proves an input unchanged: its role (``kind``, e.g. "predictor", "mask", with
    ``name`` when several share it), absolute path, size and modification time (ns).

    A path that is not a local file (GDAL's /vsicurl/…) is identified by its text alone.
    """
    path = str(path)
    size = mtime = None
    if not path.startswith("/vsi"):
        path = os.path.abspath(path)
        with contextlib.suppress(OSError):
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime_ns
    return {"role": f"{kind} {name}" if name else kind, "kind": kind, "path": path,
            "size": size, "mtime_ns": mtime}


def run_identity(output, inputs, options, **more):
    """The JSON-able identity of a run writing ``output``.

    ``inputs``: (kind, path) or (kind, path, name) per input file (see
    :func:`file_identity`); ``options``: a dict of the settings that change the result
    (:func:`options_of`); ``more``: anything else that does (the dates, the other
    outputs, …). The plugin's version is added.
    """
    return dict({"output": os.path.abspath(str(output)), "inputs": _identities(inputs),
                 "options": dict(options), "plugin_version": plugin_version()}, **more)


def _identities(inputs):
    """:func:`file_identity` of each (kind, path[, name]); an input without a name is
    named by its file name (and its position among inputs of the same kind and file
    name), so that every role is unique and a difference names the right file."""
    out, seen = [], {}
    for kind, path, *name in inputs:
        label = name[0] if name else os.path.basename(str(path).rstrip("/"))
        seen[(kind, label)] = seen.get((kind, label), 0) + 1
        if seen[(kind, label)] > 1:
            label = f"{label} ({seen[(kind, label)]})"
        out.append(file_identity(kind, path, label))
    return out


def grid_identity(grid):
    """What tells output grids apart: CRS, the 6 transform coefficients and the size."""
    return [str(grid.crs), list(grid.transform)[:6], grid.width, grid.height]


def options_of(options, ignored=("block", "resume")):
    """The fields of an options dataclass as a dict, without ``ignored`` ones (settings
    that cannot change the result, such as the window size)."""
    return {k: v for k, v in asdict(options).items() if k not in ignored}


def difference(old, new):
    """Why identity ``old`` (from a manifest) is not ``new``: a short text, or None."""
    if old == new:
        return None
    if old.get("output") != new.get("output"):
        return "the output path differs"
    files_old = {f["role"]: f for f in old.get("inputs", [])}
    for f in new.get("inputs", []):
        before = files_old.pop(f["role"], None)
        name = f"{f['kind']} {os.path.basename(f['path'])}"
        if before is None:
            return f"{name} was not an input"
        if before != f:
            return f"{name} changed"
    if files_old:
        gone = next(iter(files_old.values()))
        return f"{gone['kind']} {os.path.basename(gone['path'])} is no longer an input"
    for key in sorted(set(old.get("options", {})) | set(new.get("options", {}))):
        a, b = old.get("options", {}).get(key), new.get("options", {}).get(key)
        if a != b:
            return f"option {key} changed ({a!r} → {b!r})"
    labels = {"inputs": "the order of the inputs changed", "model": "the model changed",
              "plugin_version": "the plugin was updated",
              "dates": "the dates to write changed", "outputs": "the outputs asked for changed"}
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            return labels.get(key, f"{key} changed")
    return None


def _jsonable(value):
    """numpy scalars and arrays as Python numbers and lists, anything else as its text
    (for json.dumps)."""
    if isinstance(value, (np.generic, np.ndarray)):
        return value.tolist()
    return str(value)


def _fsync(path):
    """Flush a file's data (or a folder's entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_checkpoint(enabled, output, identity, grid, progress):
    """The opened checkpoint of a run (:class:`RunCheckpoint`), or a :class:`NoCheckpoint`
    when resume is off (``enabled`` false). Call it holding the output's lock (inside
    its :class:`~.timestack.StackWriter`, opened with ``readable=enabled``)."""
    if not enabled:
        return NoCheckpoint()
    return RunCheckpoint(output, identity, grid, progress).open()


class BandsWritten:
    """Counts the windows written per band: :meth:`add` says when a band is complete."""

    def __init__(self, windows):
        self.windows = len(windows)
        self.seen = Counter()

    def add(self, band):
        """One more window of ``band`` written; True when that was its last."""
        self.seen[band] += 1
        return self.seen[band] == self.windows


class NoCheckpoint:
    """Resume turned off: nothing is reused, saved or removed."""

    folder = None
    finished, records, state, files = (), {}, {}, {}

    def restore(self, writers, windows, total, what="date(s)"):
        return set()

    def save_band(self, band, sources, windows, record=None, files=None):
        pass

    def save_state(self, **values):
        pass

    def discard(self):
        pass


class RunCheckpoint:
    """The checkpoint of one run writing ``output`` with ``identity`` (a JSON-able dict).

    :meth:`open` reads a matching checkpoint (or discards another run's, logging why to
    ``progress``); :attr:`finished` then holds the reusable bands, :attr:`records` and
    :attr:`state` what was stored with them.
    """

    def __init__(self, output, identity, grid, progress):
        self.folder = checkpoint_folder(output)
        # as the manifest will hold it (tuples → lists), so an unchanged run compares equal
        self.identity = json.loads(json.dumps(
            dict(identity, format=FORMAT, format_version=FORMAT_VERSION), default=_jsonable))
        self.grid, self.progress = grid, progress
        self.finished, self.records, self.state, self.kinds = [], {}, {}, []
        self.files = {}  # band → names of the files kept whole with it

    # --- opening -------------------------------------------------------------------------
    def open(self):
        """Load a checkpoint of the same run, or discard another's; return self."""
        with guarded(os.path.dirname(self.folder), name="the resume checkpoint"):
            stored = self._read_manifest()
            if stored and "identity" in stored:  # (none: killed before its first manifest)
                reason = difference(stored.get("identity", {}), self.identity)
                if reason is None and self._complete(stored):
                    self.finished = sorted(int(b) for b in stored["finished"])
                    self.records = {int(k): v for k, v in stored.get("records", {}).items()}
                    self.state = dict(stored.get("state", {}))
                    self.kinds = list(stored.get("kinds", []))
                    self.files = {int(k): v for k, v in stored.get("files", {}).items()}
                    sweep_stale(self.folder)
                    return self
                why = (f"belongs to another run ({reason})" if reason else
                       "is incomplete (a finished date's file is missing)")
                self.progress.info(f"The checkpoint in {self.folder} {why}; starting over.")
            self.discard()
        return self

    def _read_manifest(self):
        """The stored manifest dict; {} when there is none (or it cannot be read)."""
        path = os.path.join(self.folder, MANIFEST)
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def _complete(self, stored):
        """True when every band file (and kept file) the manifest claims is there."""
        kinds = stored.get("kinds", [])
        files = stored.get("files", {})
        return all(os.path.isfile(self.band_path(kind, int(b)))
                   for b in stored.get("finished", []) for kind in kinds) and \
            all(os.path.isfile(self.file_path(int(b), name))
                for b, names in files.items() for name in names)

    # --- writing ---------------------------------------------------------------------------
    def band_path(self, kind, band):
        return os.path.join(self.folder, f"{kind}_{band:05d}.tif")

    def save_band(self, band, sources, windows, record=None, files=None):
        """Keep 1-based ``band`` of each output and mark it finished.

        ``sources``: kind → an open readable writer (``read(band, window)``,
        ``dtype``, ``nodata``), copied window by window over ``windows``; ``record``:
        a JSON-able dict stored with the band; ``files``: name → path of finished files
        that belong to the band (e.g. a date's own reflectance file), kept whole
        (:meth:`file_path`).
        """
        with guarded(os.path.dirname(self.folder), name="the resume checkpoint"):
            os.makedirs(self.folder, exist_ok=True)
            for kind, source in sources.items():
                self._copy_band(kind, band, source, windows)
            for name, path in (files or {}).items():
                self._copy_file(path, self.file_path(band, name))
            self.finished = sorted(set(self.finished) | {band})
            if record is not None:
                self.records[band] = record
            if files:
                self.files[band] = sorted(files)
            self.kinds = sorted(sources) or self.kinds
            _fsync(self.folder)  # the band files' names on disk before the manifest claims them
            self._write_manifest()

    def _copy_band(self, kind, band, source, windows):
        tmp = temp_path(self.folder, "partial", ".tif")
        try:
            profile = dict(geotiff_profile(self.grid, 1, source.dtype, source.nodata),
                           **CHECKPOINT_CODEC)
            with rasterio.open(tmp, "w", **profile) as out:
                for window in windows:
                    out.write(source.read(band, window), 1, window=window)
            _fsync(tmp)
            os.replace(tmp, self.band_path(kind, band))
        finally:
            remove_quietly(tmp, tmp + ".aux.xml")

    def file_path(self, band, name):
        """Where file ``name`` of 1-based ``band`` is kept."""
        return os.path.join(self.folder, f"file_{band:05d}_{name}")

    def _copy_file(self, path, kept):
        """``path`` as ``kept``: a hard link when the file system allows, else a copy."""
        tmp = temp_path(self.folder, "partial", os.path.splitext(path)[1])
        try:
            try:
                os.link(path, tmp)
            except OSError:
                shutil.copyfile(path, tmp)
                _fsync(tmp)
            os.replace(tmp, kept)
        finally:
            remove_quietly(tmp)

    def save_state(self, **values):
        """Keep JSON-able values shared by the whole run (e.g. a pooled variogram); they
        are written with the next finished band."""
        self.state.update(values)

    def _write_manifest(self):
        manifest = {"identity": self.identity, "kinds": self.kinds,
                    "finished": self.finished,
                    "files": {str(k): v for k, v in self.files.items()},
                    "records": {str(k): v for k, v in self.records.items()},
                    "state": self.state}
        tmp = temp_path(self.folder, "partial", ".json")
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(manifest, f, indent=1, default=_jsonable)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, os.path.join(self.folder, MANIFEST))
            _fsync(self.folder)
        finally:
            remove_quietly(tmp)

    # --- reading and ending ------------------------------------------------------------------
    def restore(self, writers, windows, total, what="date(s)"):
        """Copy every finished band into ``writers`` (kind → open writer) over ``windows``;
        log how many of ``total`` ``what`` were reused; return their 1-based bands."""
        bands = [b for b in self.finished if 1 <= b <= total]
        for band in bands:
            self.progress.check_cancelled()
            for window in windows:
                for kind, writer in writers.items():
                    writer.write(band, self.read(kind, band, window), window)
        if bands:
            self.progress.info(f"Resumed: {len(bands)} of {total} {what} reused from an "
                               f"interrupted run ({self.folder})")
        return set(bands)

    def read(self, kind, band, window):
        """The stored values of ``kind`` for 1-based ``band`` on ``window``."""
        with rasterio.open(self.band_path(kind, band)) as src:
            return src.read(1, window=window)

    def discard(self):
        """Remove the checkpoint folder (a finished run no longer needs it)."""
        if os.path.isdir(self.folder):
            shutil.rmtree(self.folder, ignore_errors=True)

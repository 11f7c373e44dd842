"""Checkpoints of a long run: its finished dates kept so a rerun continues from there.

A run writing a time stack date by date (predict; fuse and the importers could use
the same) keeps every finished date in a hidden folder beside its output,
``.resume_<16 hex digits of the SHA-256 of the output's absolute path>/``:

- ``manifest.json``: the run's *identity* — output path, every input's path, size
  and modification time, the model's fingerprint, the options, the plugin version,
  the dates — and what is finished: ``finished`` (1-based bands), ``records`` (what
  the run logged per date) and ``state`` (values the whole run shares, e.g. predict's
  pooled variogram, stored with the first finished date);
- ``<kind>_<band>.tif``: each finished band of each output ("values", "quality", …),
  exactly as the output holds it (compressed GeoTIFF, one band).

Every file is written to a temporary file, flushed to disk and renamed, the band files
before the manifest that claims them: a run killed (or a computer that loses power)
during a checkpoint write never leaves a manifest naming a band it does not hold. A
rerun whose identity equals the manifest's reuses the finished bands; any difference
discards the checkpoint, saying what changed. The folder is created with the first
finished date (a run stopped before that leaves nothing); its name does not match
:func:`.output_guard.sweep_stale`'s pattern, so it survives its dead process; it is
removed when the run succeeds.
"""
import contextlib
import hashlib
import json
import os
import shutil

import numpy as np
import rasterio

from .output_guard import guarded, remove_quietly, sweep_stale, temp_path
from .timestack import geotiff_profile

MANIFEST = "manifest.json"
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
    """numpy scalars as Python numbers (for json.dumps)."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _fsync(path):
    """Flush a file's data (or a folder's entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
        """True when every band file the manifest claims is there."""
        kinds = stored.get("kinds", [])
        return all(os.path.isfile(self.band_path(kind, int(b)))
                   for b in stored.get("finished", []) for kind in kinds)

    # --- writing ---------------------------------------------------------------------------
    def band_path(self, kind, band):
        return os.path.join(self.folder, f"{kind}_{band:05d}.tif")

    def save_band(self, band, sources, windows, record=None):
        """Keep 1-based ``band`` of each output and mark it finished.

        ``sources``: kind → an open readable writer (``read(band, window)``,
        ``dtype``, ``nodata``), copied window by window over ``windows``; ``record``:
        a JSON-able dict stored with the band.
        """
        with guarded(os.path.dirname(self.folder), name="the resume checkpoint"):
            os.makedirs(self.folder, exist_ok=True)
            for kind, source in sources.items():
                self._copy_band(kind, band, source, windows)
            self.finished = sorted(set(self.finished) | {band})
            if record is not None:
                self.records[band] = record
            self.kinds = sorted(sources)
            _fsync(self.folder)  # the band files' names on disk before the manifest claims them
            self._write_manifest()

    def _copy_band(self, kind, band, source, windows):
        tmp = temp_path(self.folder, "partial", ".tif")
        try:
            profile = geotiff_profile(self.grid, 1, source.dtype, source.nodata)
            with rasterio.open(tmp, "w", **profile) as out:
                for window in windows:
                    out.write(source.read(band, window), 1, window=window)
            _fsync(tmp)
            os.replace(tmp, self.band_path(kind, band))
        finally:
            remove_quietly(tmp, tmp + ".aux.xml")

    def save_state(self, **values):
        """Keep JSON-able values shared by the whole run (e.g. a pooled variogram); they
        are written with the next finished band."""
        self.state.update(values)

    def _write_manifest(self):
        manifest = {"identity": self.identity, "kinds": self.kinds,
                    "finished": self.finished,
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
    def read(self, kind, band, window):
        """The stored values of ``kind`` for 1-based ``band`` on ``window``."""
        with rasterio.open(self.band_path(kind, band)) as src:
            return src.read(1, window=window)

    def discard(self):
        """Remove the checkpoint folder (a finished run no longer needs it)."""
        if os.path.isdir(self.folder):
            shutil.rmtree(self.folder, ignore_errors=True)

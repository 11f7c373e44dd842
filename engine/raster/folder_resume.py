"""Resume of an import that writes a folder: dated stacks plus files of their own per date.

The MODIS, Landsat and Sentinel-2 importers write, through a :class:`~.staging.Staging`
folder, stacks with one band per date (LST, valid fraction, …) and one reflectance file
per date. :class:`FolderResume` keeps each finished date — its band of every stack
(:class:`~.resume.RunCheckpoint`), its own files (hard-linked) and its entries of the
run's summary (counts, cells kept, scenes) — in a checkpoint named
``<folder>/<product>_import``, and a rerun of the same inputs, options, grid and dates
copies them back. One import of a product runs in a folder at a time (a lock on that
name), so two runs never share a checkpoint.
"""
import contextlib
import os
import shutil

from .output_guard import OutputLock
from .resume import grid_identity, open_checkpoint, run_identity

PER_DATE = ("counts", "kept", "scenes")  # the summary's entries keyed by date


class FolderResume:
    """The checkpoint of one import of ``name`` (a product) into ``folder``.

    ``inputs``: (kind, path) of every input file (or folder); ``options``: a dict of
    the settings that change the output; ``grid``: the output grid; ``dates``: the
    BandDate of each band; ``enabled``: False = resume off (nothing kept or read).
    """

    def __init__(self, folder, name, inputs, options, grid, dates, progress, enabled=True):
        self.run = os.path.join(folder, f"{name}_import")
        self.identity = run_identity(self.run, inputs, options, grid=grid_identity(grid),
                                     dates=[d.iso for d in dates])
        self.grid, self.dates, self.progress, self.enabled = grid, dates, progress, enabled
        self.checkpoint = None

    @contextlib.contextmanager
    def locked(self):
        """Hold the lock of this import in its folder for a ``with`` block."""
        with OutputLock(self.run).acquire_context():
            yield self

    def reuse(self, stacks, walker, staging, summary):
        """Open the checkpoint; copy the dates it holds into ``stacks`` (key → open
        readable writer), the staging folder (their own files) and ``summary``; return
        their 1-based bands (and leave the walker's progress to the rest)."""
        self.checkpoint = open_checkpoint(self.enabled, self.run, self.identity, self.grid,
                                          self.progress)
        reused = self.checkpoint.restore(stacks, walker.windows, len(self.dates))
        walker.drop_passes(len(reused))
        for band in sorted(reused):
            record, iso = self.checkpoint.records[band], self.dates[band - 1].iso
            for key in PER_DATE:
                if key in record:
                    summary[key][iso] = record[key]
            for output, name in record["files"]:
                shutil.copyfile(self.checkpoint.file_path(band, name), staging.file(name))
                summary["outputs"][output].append(name)
        return reused

    def keep(self, band, stacks, walker, staging, summary, files):
        """Checkpoint 1-based ``band``, written in full: its band of ``stacks``, its own
        ``files`` (name → output key, finished in the staging folder) and its summary
        entries."""
        iso = self.dates[band - 1].iso
        record = {key: summary[key][iso] for key in PER_DATE if iso in summary.get(key, {})}
        record["files"] = [[output, name] for name, output in files.items()]
        self.checkpoint.save_band(band, stacks, walker.windows, record,
                                  {name: staging.path_of(name) for name in files})

    def discard(self):
        """Remove the checkpoint (the import's outputs are in place)."""
        if self.checkpoint is not None:
            self.checkpoint.discard()

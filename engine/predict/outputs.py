"""The stacks a prediction writes: soil moisture, its uncertainty and quality flags.

Every stack has one band per predicted date on the output grid. Soil moisture
(m³/m³) and uncertainty (m³/m³, :mod:`..learn.uncertainty`) are float32 with
nodata −9999; quality flags are uint8 codes (:data:`QUALITY`) with nodata 255.
Each file is written to a temporary file and moved into place only when the whole
prediction succeeds.
"""
import contextlib

import numpy as np

from ..raster.timestack import DEFAULT_NODATA, SOIL_MOISTURE_UNITS, StackWriter

QUALITY = {0: "no prediction (a predictor is missing)",
           1: "coarse observation: corrected to it",
           2: "no coarse observation: gap-filled by the model",
           3: "no coarse observation: left empty (gap filling off)",
           4: "masked"}
QUALITY_NODATA = 255


def quality_flags(valid, gap, written, masked):
    """uint8 :data:`QUALITY` code of every cell from boolean arrays of one shape.

    ``valid``: predicted; ``gap``: no coarse observation; ``written``: given a value;
    ``masked``: excluded by the mask (wins over the rest).
    """
    quality = np.zeros(valid.shape, "uint8")
    quality[valid & ~gap] = 1
    quality[valid & gap & written] = 2
    quality[valid & gap & ~written] = 3
    quality[masked] = 4
    return quality


class PredictionOutputs:
    """Writers of the prediction's stacks; a context manager that commits them together.

    ``dates``: BandDate (or None) per band; ``uncertainty`` and ``quality``: optional
    paths (None: not written); ``progress``: told about unfinished files of killed runs
    removed from the folder; ``readable``: written bands can be read back (for a
    resume checkpoint, :meth:`writers`).
    """

    def __init__(self, grid, dates, output, uncertainty=None, quality=None, progress=None,
                 readable=False):
        self.grid = grid
        self.progress = progress
        self.readable = readable
        self.descriptions = [d.iso if d else "" for d in dates]
        self.paths = (output, uncertainty, quality)
        self.values = self.spread = self.quality = None
        self._stack = None

    def __enter__(self):
        output, uncertainty, quality = self.paths
        with contextlib.ExitStack() as stack:
            self.values = stack.enter_context(self._writer(output, units=SOIL_MOISTURE_UNITS))
            if uncertainty:
                self.spread = stack.enter_context(self._writer(uncertainty,
                                                               units=SOIL_MOISTURE_UNITS))
            if quality:
                self.quality = stack.enter_context(self._writer(
                    quality, dtype="uint8", nodata=QUALITY_NODATA))
            self._stack = stack.pop_all()
        return self

    def _writer(self, path, **kwargs):
        return StackWriter(path, self.grid, count=len(self.descriptions),
                           descriptions=self.descriptions, progress=self.progress,
                           readable=self.readable, **kwargs)

    def writers(self):
        """kind ("values", "spread", "quality") → the open writer of each output written."""
        pairs = (("values", self.values), ("spread", self.spread), ("quality", self.quality))
        return {kind: writer for kind, writer in pairs if writer is not None}

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)

    def write_values(self, band, values, window):
        """Write soil moisture (m³/m³, NaN = none) to ``band``; return the float32 written."""
        out32 = np.where(np.isfinite(values), values, DEFAULT_NODATA).astype("float32")
        self.values.write(band, out32, window)
        return out32

    def write_spread(self, band, spread, written, window):
        """Write the uncertainty (m³/m³) of the ``written`` cells, nodata elsewhere."""
        out = np.full(written.shape, DEFAULT_NODATA, "float32")
        out[written] = spread[written]
        self.spread.write(band, out, window)

    def write_quality(self, band, quality, window):
        """Write :data:`QUALITY` codes (uint8) to ``band``."""
        self.quality.write(band, quality, window)

"""Progress reporting and cancellation, independent of QGIS.

Engine functions take a ``progress`` object with the :class:`Progress` interface.
The algorithm layer passes an adapter around ``QgsProcessingFeedback``; scripts can
pass :class:`ConsoleProgress` or nothing (``None`` means :class:`SilentProgress`).
"""
import sys

from .errors import Cancelled


class SilentProgress:
    """Reports nothing and never cancels."""

    def set_progress(self, percent):
        """Set overall progress, 0–100 %."""

    def info(self, message):
        """Log an informational message."""

    def warning(self, message):
        """Log a warning the user should read."""

    def is_cancelled(self):
        """Return True when the user asked to stop."""
        return False

    def check_cancelled(self):
        """Raise :class:`Cancelled` if the user asked to stop."""
        if self.is_cancelled():
            raise Cancelled("Cancelled by the user.")


class ConsoleProgress(SilentProgress):
    """Prints messages to stderr; for scripts and benchmarks."""

    def info(self, message):
        print(message, file=sys.stderr)

    def warning(self, message):
        print("WARNING: " + message, file=sys.stderr)


def ensure_progress(progress):
    """Return ``progress`` or a :class:`SilentProgress` when it is None."""
    return progress if progress is not None else SilentProgress()

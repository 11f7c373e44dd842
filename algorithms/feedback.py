"""Adapters around ``QgsProcessingFeedback``: the engine's progress interface, and
messages that start on their own line under ``qgis_process``."""
import time

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication

from ..engine.errors import Cancelled

TICKS = 40  # qgis_process draws 0...10...20 … 100: 40 ticks of 2.5 % each
EVENTS_INTERVAL = 2.0  # s; qgis_process handles Ctrl+C this often while it draws progress


class FeedbackProgress:
    """Engine progress object that reports through a QgsProcessingFeedback."""

    def __init__(self, feedback):
        self.feedback = feedback

    def set_progress(self, percent):
        if self.feedback is not None:
            self.feedback.setProgress(percent)

    def info(self, message):
        if self.feedback is not None:
            self.feedback.pushInfo(message)

    def warning(self, message):
        if self.feedback is not None:
            self.feedback.pushWarning(message)

    def is_cancelled(self):
        return self.feedback is not None and self.feedback.isCanceled()

    def check_cancelled(self):
        if self.is_cancelled():
            raise Cancelled("Cancelled by the user.")


def line_feedback(feedback):
    """``feedback``, wrapped in :class:`ConsoleLines` when qgis_process draws progress ticks.

    The toolbox, the Modeler, ``processing.run`` and ``qgis_process --json`` get
    ``feedback`` itself: their logs keep messages and progress apart already.
    """
    if feedback is None or not draws_ticks():
        return feedback
    return ConsoleLines(feedback)


def draws_ticks():
    """True inside qgis_process with text output (progress drawn as 0...10...20)."""
    return (QgsApplication.platform() == "qgis_process"
            and "--json" not in QCoreApplication.arguments())


class ConsoleLines:
    """A feedback whose messages never run on from qgis_process's progress ticks.

    qgis_process (3.22) prints progress as ticks without a newline ("0...10...20") and
    ends the line only at 100 %, so a message in between was glued to them
    ("702019-06-09: …" in a log). Before a message, this wrapper ends the tick line
    (with an empty message) when ticks were drawn since the last line:

    - an algorithm run on its own reports its progress as usual, and the ticks are
      counted as qgis_process counts them (a tick per 2.5 %, drawn when the progress
      changes by 0.1 % or more);
    - in a model, qgis_process draws the model's overall progress, which a step cannot
      see: the step's own progress is not passed on (the ticks advance as steps start),
      its first message starts a new line, and events are still processed every 2 s so
      that Ctrl+C stops the step, as qgis_process does while drawing progress.

    Only the methods the algorithms use are wrapped; the rest go to the feedback.
    Pass the feedback itself, not this wrapper, to QGIS functions.
    """

    def __init__(self, feedback):
        self._feedback = feedback
        self._alone = feedback.metaObject().className() == "ConsoleFeedback"
        self._tick = -1            # the last tick qgis_process drew (alone)
        self._open = not self._alone  # a tick line waits for its newline
        self._events_at = time.monotonic()

    def __getattr__(self, name):
        return getattr(self._feedback, name)

    def setProgress(self, percent):  # noqa: N802 (QGIS API name)
        if not self._alone:
            self._process_events()
            return
        if int(self._feedback.progress() * 10) != int(percent * 10):  # QgsFeedback emits
            tick = min(TICKS, max(0, int(percent * TICKS / 100)))
            if tick > self._tick:
                self._tick = tick
                self._open = tick < TICKS  # at 100 % qgis_process ends the line itself
        self._feedback.setProgress(percent)

    def pushInfo(self, text):  # noqa: N802 (QGIS API name)
        self._new_line()
        self._feedback.pushInfo(text)

    def pushWarning(self, text):  # noqa: N802 (QGIS API name)
        self._new_line()
        self._feedback.pushWarning(text)

    def pushDebugInfo(self, text):  # noqa: N802 (QGIS API name)
        self._new_line()
        self._feedback.pushDebugInfo(text)

    def pushConsoleInfo(self, text):  # noqa: N802 (QGIS API name)
        self._new_line()
        self._feedback.pushConsoleInfo(text)

    def setProgressText(self, text):  # noqa: N802 (QGIS API name)
        self._new_line()
        self._feedback.setProgressText(text)

    def _new_line(self):
        """End a line of progress ticks before the next message."""
        if self._open:
            self._feedback.pushInfo("")
            self._open = False

    def _process_events(self):
        """Let qgis_process notice Ctrl+C (it does so while drawing progress)."""
        now = time.monotonic()
        if now - self._events_at > EVENTS_INTERVAL:
            self._events_at = now
            QCoreApplication.processEvents()

"""Adapter from the engine's progress interface to ``QgsProcessingFeedback``."""
from ..engine.errors import Cancelled


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

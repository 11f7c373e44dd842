"""Errors the engine raises for bad input.

The algorithm layer turns :class:`InputError` into ``QgsProcessingException`` with
the same message, so every message must say what is wrong and what to do.
"""


class InputError(ValueError):
    """The user's input cannot be processed; the message says why and what to do."""


class Cancelled(RuntimeError):
    """The user cancelled a long-running step."""

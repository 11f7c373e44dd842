"""Errors the engine raises for bad input, and the one check of a named choice.

The algorithm layer turns :class:`InputError` into ``QgsProcessingException`` with
the same message, so every message must say what is wrong and what to do.
"""


class InputError(ValueError):
    """The user's input cannot be processed; the message says why and what to do."""


class Cancelled(RuntimeError):
    """The user cancelled a long-running step."""


def check_choice(value, choices, what, hint=""):
    """Return ``value`` when it is one of ``choices``; otherwise raise :class:`InputError`.

    ``what`` names the setting in the message ("Unknown {what} '{value}'; use one of
    …."); ``hint`` is advice appended after the list of choices (may be empty).
    """
    try:
        known = value in choices
    except TypeError:  # an unhashable value looked up in a dict or set
        known = False
    if known:
        return value
    message = f"Unknown {what} '{value}'; use one of {', '.join(str(c) for c in choices)}."
    raise InputError(f"{message} {hint}" if hint else message)

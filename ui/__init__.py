"""Desktop user-interface pieces. Every capability is a Processing algorithm, so the
plugin adds no dialogs of its own; styles for output layers live in ``algorithms/styling``."""

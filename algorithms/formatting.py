"""Numbers as algorithm outputs, attributes and log text (NaN and None handled alike).

CSV cells of the date reports are the engine's (engine.report.date_table.csv_cell).
"""
import math


def finite_or_none(value):
    """``value`` as float, or None when it is None or not finite (numeric outputs, fields)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def log_number(value, digits=4):
    """Fixed decimals for a log line; '—' when missing."""
    value = finite_or_none(value)
    return "—" if value is None else f"{value:.{digits}f}"

"""Numbers as algorithm outputs, CSV cells and log text (NaN and None handled alike)."""
import math


def finite_or_none(value):
    """``value`` as float, or None when it is None or not finite (numeric outputs, fields)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def csv_number(value):
    """Six significant digits for a CSV cell; empty when missing."""
    value = finite_or_none(value)
    return "" if value is None else f"{value:.6g}"


def log_number(value, digits=4):
    """Fixed decimals for a log line; '—' when missing."""
    value = finite_or_none(value)
    return "—" if value is None else f"{value:.{digits}f}"

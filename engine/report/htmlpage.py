"""Building blocks of the self-contained HTML reports.

Escaped text, number formatting, tables and paragraphs, the page around them, and
figures drawn on a matplotlib Agg canvas (no pyplot, no GUI) that are embedded as
base64 PNG, so a report can be mailed or archived as one file.
"""
import base64
import datetime
import html
import io
import math
import os
import uuid

import numpy as np

from ..raster.output_guard import guarded

DPI = 100
DASH = "—"
STYLE = """
body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
h3{font-size:1em}table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f2f2}
img{max-width:100%;height:auto;display:block;margin:.5em 0}
.note{color:#555;font-size:.9em}.dates{font-size:.85em;line-height:1.4}
"""


def page(title, sections):
    """The complete HTML document: ``title``, the ``sections`` (HTML text) and a footer."""
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(sections)
            + f"\n<p class=\"note\">Written by smdownscale on {e(stamp)}.</p>\n</body>\n</html>\n")


def write_atomic(path, text):
    """Write ``text`` to a temporary file next to ``path``, then move it into place."""
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with guarded(folder or ".", name=os.path.basename(path)):  # full disk, no permission
            os.makedirs(folder, exist_ok=True)
            with open(tmp, "x", encoding="utf-8", newline="\n") as f:
                f.write(text)
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


# -- text -----------------------------------------------------------------------------------
def e(value):
    """HTML-escaped text of any value."""
    return html.escape(str(value), quote=True)


def is_missing(value):
    """True for None and non-finite numbers."""
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def num(value, digits=4):
    """A number with ``digits`` decimals, integers as such, '—' when missing."""
    if is_missing(value):
        return DASH
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    text = f"{float(value):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def table(header, rows, numeric=()):
    """An HTML table; ``rows`` hold already-formatted text; ``numeric``: right-aligned columns."""
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(f"<td class=\"num\">{e(c)}</td>" if i in numeric else f"<td>{e(c)}</td>"
                        for i, c in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table>\n<tr>{head}</tr>\n" + "\n".join(body) + "\n</table>"


def para(text, css=None):
    """An escaped paragraph, optionally with a class."""
    attr = f" class=\"{css}\"" if css else ""
    return f"<p{attr}>{e(text)}</p>"


# -- figures --------------------------------------------------------------------------------
def figure(width, height, constrained=True):
    """A new matplotlib Figure on an Agg canvas (no pyplot state).

    ``constrained``: lay it out with constrained layout (slow for dozens of panels;
    without it, place the axes with ``fig.subplots_adjust``).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI, constrained_layout=constrained)
    FigureCanvasAgg(fig)
    return fig


def plot_text(value):
    """Text for a matplotlib title, label or legend: '$' escaped, so never read as mathtext."""
    return str(value).replace("$", r"\$")


def img(fig, alt):
    """An <img> tag embedding ``fig`` as base64 PNG (the figure is not kept: the caller
    drops it and the garbage collector frees it; clearing it first costs ~0.1 s a panel)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"<img src=\"data:image/png;base64,{data}\" alt=\"{e(alt)}\">"


def axis_limits(arrays):
    """Common (low, high) axis limits of the finite values of ``arrays``."""
    values = np.concatenate([np.asarray(a, float).ravel() for a in arrays] + [np.empty(0)])
    values = values[np.isfinite(values)]
    if not values.size:
        return 0.0, 0.5
    low, high = float(values.min()), float(values.max())
    pad = max(0.05 * (high - low), 0.005)
    return low - pad, high + pad
